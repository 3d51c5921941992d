//! Block structure: headings, list items, table rows, footnote definitions, paragraphs, and
//! the section tree.
//!
//! The layout stage guarantees one logical block per line. Each line is classified on its
//! own (with a little state: title lines after the document type, recipient lines after
//! `Nơi nhận:`, the signature block), then the section tree is built from the headings.
//!
//! Decisions (see the module tests and `tests/parser.rs`):
//! - A number at the start of a line is a heading number only when it is followed by a
//!   space and a letter-like character, each component has at most two digits, and the next
//!   word is not a unit or scale word: `2.000 lượt`, `1.113,6 ha`, `16/6/2025`, `1.5 triệu`
//!   stay paragraphs.
//! - `(1) …` / `(1). …` lines are list items (numbered indicators in plans), never headings.
//! - `a)` / `a.` / `1)` lines are headings, except inside a paragraph sequence: right after a
//!   paragraph ending with `:` or after a list item of the same marker kind they are list
//!   items.
//! - Letter and `1)` headings nest under whatever heading precedes them: their rank is one
//!   more than the open heading's when that is not already lower.
//! - Sections close at the closing administrative lines (`Nơi nhận:`, signature), so the
//!   appendix after the signature belongs to no section.

use std::sync::OnceLock;

use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::char as nchar;
use nom::combinator::opt;
use nom::multi::many_m_n;
use nom::sequence::preceded;
use nom::{IResult, Parser};
use serde::Deserialize;

use crate::ast::{
    Block, BlockKind, Document, FootnoteDef, FootnoteRef, FootnoteStyle, Heading, HeadingStyle,
    Section, Token, TokenKind, TokenKinds,
};
use crate::lexicon::Lexicon;
use crate::span::Span;

const STRUCTURE_TOML: &str = include_str!("../../rules/structure.toml");

/// Structure words from `rules/structure.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureWords {
    pub part_word: String,
    pub ordinal_intro: String,
    pub ordinal_words: Vec<(String, u32)>,
    pub doc_types: Vec<String>,
    pub meta_prefixes: Vec<String>,
    pub meta_upper_prefixes: Vec<String>,
    pub recipients: Vec<String>,
    pub recipients_last: Vec<String>,
    pub signature_prefixes: Vec<String>,
    pub date_line_words: Vec<String>,
    pub not_heading_after: Vec<String>,
    pub superscript_unit_stems: Vec<String>,
}

/// Parses the embedded structure data (checked by a unit test).
pub fn structure_words_from_toml(src: &str) -> Result<StructureWords, toml::de::Error> {
    toml::from_str(src)
}

fn words() -> &'static StructureWords {
    static W: OnceLock<StructureWords> = OnceLock::new();
    // An error here is a build bug caught by the unit test; an empty list only loses recall.
    W.get_or_init(|| structure_words_from_toml(STRUCTURE_TOML).unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// Line classification
// ---------------------------------------------------------------------------------------------

/// Leading white space: byte length and visual columns (tab = 4).
fn indentation(line: &str) -> (usize, u32) {
    let mut bytes = 0;
    let mut cols = 0u32;
    for c in line.chars() {
        match c {
            ' ' | '\u{a0}' => cols = cols.saturating_add(1),
            '\t' => cols = cols.saturating_add(4),
            _ => break,
        }
        bytes += c.len_utf8();
    }
    (bytes, cols)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Strips a leading `**` (bold) and, when present, the matching trailing `**`.
/// Returns (offset of the inner text, inner text, bold opened, bold closed).
fn strip_bold(s: &str) -> (usize, &str, bool, bool) {
    let Some(inner) = s.strip_prefix("**") else {
        return (0, s, false, false);
    };
    let trimmed = inner.trim_end();
    match trimmed.strip_suffix("**") {
        Some(x) => (2, x, true, true),
        None => (2, inner, true, false),
    }
}

/// A heading marker recognised at the start of a string.
#[derive(Debug, Clone, PartialEq)]
struct Marker {
    style: HeadingStyle,
    number_text: String,
    number: Vec<u32>,
    /// Byte length of the marker (number and its `.`/`)`), from the start of the string.
    len: usize,
    /// Byte offset where the content begins (after spaces and a separator).
    content: usize,
}

fn digits_1_2(i: &str) -> IResult<&str, &str> {
    take_while_m_n(1, 2, |c: char| c.is_ascii_digit()).parse(i)
}

/// `1`, `1.2`, `1.2.3` (components of one or two digits).
fn dotted(i: &str) -> IResult<&str, Vec<&str>> {
    let (i, first) = digits_1_2(i)?;
    // At most eight components: deeper numbers are not headings, and a bound keeps ranks
    // (and so the section stack) small on hostile input.
    let (i, rest) = many_m_n(0, 7, preceded(nchar('.'), digits_1_2)).parse(i)?;
    let mut v = Vec::with_capacity(rest.len() + 1);
    v.push(first);
    v.extend(rest);
    Ok((i, v))
}

/// A Roman heading number (`IV`): canonical, at most seven letters, at most 100 — a
/// report's parts and sections never run further, and `D.`/`M.` are not headings.
fn roman_value(s: &str) -> Option<u32> {
    if s.len() > 7 {
        return None;
    }
    super::number::roman_value(s).filter(|&v| v <= 100)
}

/// Vietnamese alphabet order for lettered items (`đ` after `d`, no `f j w z`).
const LETTERS: &str = "abcdđeghiklmnopqrstuvxy";

fn letter_value(c: char) -> Option<u32> {
    LETTERS
        .chars()
        .position(|l| l == c)
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// After a marker: white space then content, or the end of the string. Returns the offset of
/// the content relative to `rest`.
fn after_marker(rest: &str) -> Option<usize> {
    if rest.trim().is_empty() {
        return Some(rest.len());
    }
    let (r, sp) = take_while::<_, &str, nom::error::Error<&str>>(is_space)
        .parse(rest)
        .ok()?;
    if sp.is_empty() {
        return None;
    }
    Some(rest.len() - r.len())
}

/// PDF extraction loses the space after a marker (`3.1.Công tác`, `II.LĨNH VỰC`): content
/// glued to a marker that ends with `.` counts when it starts with a capital letter.
fn glued_upper(rest: &str) -> Option<usize> {
    rest.chars().next().filter(|c| c.is_uppercase()).map(|_| 0)
}

/// The content must start like text, not like a number or a unit.
fn content_looks_textual(content: &str, lex: &Lexicon) -> bool {
    let Some(c) = content.chars().next() else {
        return true;
    };
    if !(crate::chars::is_alphabetic(c) || matches!(c, '*' | '"' | '“' | '(' | '[' | '‘' | '\''))
    {
        return false;
    }
    let word: String = content
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '²' || *c == '³')
        .collect::<String>();
    let word = crate::chars::to_lowercase(&word);
    if word.is_empty() {
        return true;
    }
    let w = words();
    !(w.not_heading_after.contains(&word)
        || lex.scales.iter().any(|(s, _)| *s == word)
        || lex.units.iter().any(|u| u.alias == word))
}

/// Numbered heading markers: `I.`, `1.`, `1)`, `1.1.`, `1.1`, `a)`, `a.`, `Phần …`.
fn heading_marker(s: &str, lex: &Lexicon) -> Option<Marker> {
    if !may_start_marker(s) {
        return None;
    }
    heading_marker_full(s, lex)
}

/// False when the first char rules out each of the four markers, so the usual line (a
/// sentence starting with a capital) is not parsed four times: [`part_marker`] needs a
/// first char lowercasing (first) to the part word's first char, [`roman_marker`] one of
/// `I V X L C`, [`number_marker`] an ASCII digit (`dotted`), [`letter_marker`] a letter of
/// [`LETTERS`].
fn may_start_marker(s: &str) -> bool {
    let Some(c) = s.chars().next() else {
        return false;
    };
    c.is_ascii_digit()
        || matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')
        || letter_value(c).is_some()
        || c.to_lowercase().next() == words().part_word.chars().next()
}

/// [`heading_marker`] without the quick rejection.
fn heading_marker_full(s: &str, lex: &Lexicon) -> Option<Marker> {
    part_marker(s)
        .or_else(|| roman_marker(s))
        .or_else(|| number_marker(s, lex))
        .or_else(|| letter_marker(s))
}

fn part_marker(s: &str) -> Option<Marker> {
    let w = words();
    let (rest, word) =
        take_while1::<_, &str, nom::error::Error<&str>>(|c: char| crate::chars::is_alphabetic(c))
            .parse(s)
            .ok()?;
    // Most lines start with another letter: answered without lowercasing the word (a word's
    // lowercase starts with its first char's, `Σ` included: no letter precedes it).
    let first_lower = word.chars().next().and_then(|c| c.to_lowercase().next());
    if first_lower != w.part_word.chars().next() || word.to_lowercase() != w.part_word {
        return None;
    }
    let (rest, _) = take_while1::<_, &str, nom::error::Error<&str>>(is_space)
        .parse(rest)
        .ok()?;
    let (after, num_word) =
        take_while1::<_, &str, nom::error::Error<&str>>(|c: char| c.is_alphanumeric())
            .parse(rest)
            .ok()?;
    let number_start = s.len() - rest.len();
    let (style, number_text, value, end_rest) = if num_word.to_lowercase() == w.ordinal_intro {
        let (r2, _) = take_while1::<_, &str, nom::error::Error<&str>>(is_space)
            .parse(after)
            .ok()?;
        let (r3, ord) = take_while1::<_, &str, nom::error::Error<&str>>(|c: char| {
            crate::chars::is_alphabetic(c)
        })
        .parse(r2)
        .ok()?;
        let lower = ord.to_lowercase();
        let v = w.ordinal_words.iter().find(|(k, _)| *k == lower)?.1;
        let text = s.get(number_start..s.len() - r3.len())?.to_string();
        (HeadingStyle::PartOrdinalWord, text, v, r3)
    } else if let Some(v) = roman_value(num_word) {
        (HeadingStyle::PartRoman, num_word.to_string(), v, after)
    } else {
        return None;
    };
    // After the number: end, white space, or a separator (`:`, `.`, `-`).
    let marker_end = s.len() - end_rest.len();
    let sep = end_rest
        .trim_start()
        .strip_prefix([':', '.', '-', '–'])
        .map(|x| x.len());
    let content_rest = match sep {
        Some(len) => end_rest.get(end_rest.len() - len..)?,
        None => {
            if !end_rest.is_empty() && !end_rest.starts_with(is_space) {
                return None;
            }
            end_rest
        }
    };
    let lead = content_rest.len() - content_rest.trim_start().len();
    Some(Marker {
        style,
        number_text,
        number: vec![value],
        len: marker_end,
        content: s.len() - content_rest.len() + lead,
    })
}

fn roman_marker(s: &str) -> Option<Marker> {
    let (rest, r) = take_while1::<_, &str, nom::error::Error<&str>>(|c: char| {
        matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')
    })
    .parse(s)
    .ok()?;
    let v = roman_value(r)?;
    let (rest, _) = nchar::<_, nom::error::Error<&str>>('.').parse(rest).ok()?;
    let len = s.len() - rest.len();
    let c = after_marker(rest).or_else(|| glued_upper(rest))?;
    Some(Marker {
        style: HeadingStyle::Roman,
        number_text: r.to_string(),
        number: vec![v],
        len,
        content: len + c,
    })
}

fn number_marker(s: &str, lex: &Lexicon) -> Option<Marker> {
    let (rest, comps) = dotted(s).ok()?;
    let (rest, term) = opt(nom::branch::alt((
        tag::<_, &str, nom::error::Error<&str>>("."),
        tag(")"),
    )))
    .parse(rest)
    .ok()?;
    let style = match (comps.len(), term) {
        (1, Some(".")) => HeadingStyle::Arabic,
        (1, Some(")")) => HeadingStyle::ArabicParen,
        (1, _) => return None,
        (_, Some(")")) => return None,
        _ => HeadingStyle::Decimal,
    };
    let len = s.len() - rest.len();
    let c = after_marker(rest).or_else(|| glued_upper(rest).filter(|_| term == Some(".")))?;
    let content = rest.get(c..).unwrap_or("");
    if content.is_empty() || !content_looks_textual(content, lex) {
        return None;
    }
    let number: Vec<u32> = comps.iter().filter_map(|d| d.parse().ok()).collect();
    if number.first() == Some(&0) {
        return None;
    }
    Some(Marker {
        style,
        number_text: s.get(..len)?.to_string(),
        number,
        len,
        content: len + c,
    })
}

fn letter_marker(s: &str) -> Option<Marker> {
    let mut it = s.chars();
    let l = it.next()?;
    let v = letter_value(l)?;
    let term = it.next()?;
    let style = match term {
        ')' => HeadingStyle::LetterParen,
        '.' => HeadingStyle::LetterDot,
        _ => return None,
    };
    let len = l.len_utf8() + 1;
    let rest = s.get(len..)?;
    let c = after_marker(rest)?;
    let content = rest.get(c..).unwrap_or("");
    // `a.` must be followed by text starting with a letter (not `v.v.`, not a number);
    // `a) 04 trường hợp` is fine (a list item in a paragraph sequence).
    let first = content.chars().next();
    let ok = match style {
        HeadingStyle::LetterDot => {
            first.is_some_and(|c| crate::chars::is_alphabetic(c) || c == '*')
        }
        _ => first.is_some(),
    };
    if !ok {
        return None;
    }
    Some(Marker {
        style,
        number_text: l.to_string(),
        number: vec![v],
        len,
        content: len + c,
    })
}

fn base_rank(style: HeadingStyle, number: &[u32]) -> u32 {
    match style {
        HeadingStyle::PartOrdinalWord | HeadingStyle::PartRoman => 0,
        HeadingStyle::Roman => 1,
        HeadingStyle::Arabic | HeadingStyle::ArabicParen => 2,
        HeadingStyle::Decimal => 2 + u32::try_from(number.len().saturating_sub(1)).unwrap_or(8),
        HeadingStyle::LetterParen | HeadingStyle::LetterDot => 5,
        HeadingStyle::Markdown => number.first().copied().unwrap_or(0),
    }
}

/// Styles whose level depends on what precedes them.
fn flexible(style: HeadingStyle) -> bool {
    matches!(
        style,
        HeadingStyle::ArabicParen | HeadingStyle::LetterParen | HeadingStyle::LetterDot
    )
}

/// Bullet markers at the start of `s` (after indentation): returns (marker, offset of the
/// content, number of stacked markers such as ` - + `, content end trim for `***x**`).
fn bullet(s: &str) -> Option<(char, usize, usize, usize)> {
    let mut pos = 0usize;
    let mut marker = None;
    let mut count = 0usize;
    loop {
        let rest = s.get(pos..)?;
        // `***Thi đua**`: a `*` bullet followed by bold text.
        if rest.starts_with("***") && !rest.starts_with("****") {
            let inner = rest.get(3..)?;
            let trimmed = inner.trim_end();
            let strip = match trimmed.strip_suffix("**") {
                Some(x) => inner.len() - x.len(),
                None => 0,
            };
            let lead = inner.len() - inner.trim_start().len();
            return Some(('*', pos + 3 + lead, count + 1, strip));
        }
        let mut it = rest.chars();
        let Some(c) = it.next() else { break };
        if !matches!(c, '-' | '+' | '*' | '•' | '–' | '·') {
            break;
        }
        let after = rest.get(c.len_utf8()..).unwrap_or("");
        let next = after.chars().next();
        let ok = match next {
            Some(n) if n.is_whitespace() => true,
            // `-Thu thập …` (PDF lost the space); never `-5`, `**`, `--`.
            Some(n) if c != '*' && crate::chars::is_alphabetic(n) => true,
            _ => false,
        };
        if !ok {
            break;
        }
        marker = Some(c);
        count += 1;
        let ws = after.len() - after.trim_start().len();
        pos += c.len_utf8() + ws;
        if count > 3 {
            break;
        }
    }
    let m = marker?;
    if s.get(pos..).is_none_or(|r| r.trim().is_empty()) {
        return None;
    }
    Some((m, pos, count, 0))
}

/// `(1)`, `(1).`, `(12):` list items.
fn paren_number(s: &str) -> Option<(String, usize)> {
    let (rest, _) = nchar::<_, nom::error::Error<&str>>('(').parse(s).ok()?;
    let (rest, d) =
        take_while_m_n::<_, &str, nom::error::Error<&str>>(1, 3, |c: char| c.is_ascii_digit())
            .parse(rest)
            .ok()?;
    let (rest, _) = nchar::<_, nom::error::Error<&str>>(')').parse(rest).ok()?;
    let rest2 = rest
        .strip_prefix('.')
        .or_else(|| rest.strip_prefix(':'))
        .unwrap_or(rest);
    let c = after_marker(rest2)?;
    let len = s.len() - rest.len();
    let _ = d;
    Some((s.get(..len)?.to_string(), s.len() - rest2.len() + c))
}

const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn sup_digit(c: char) -> Option<u32> {
    SUPERSCRIPT_DIGITS
        .iter()
        .position(|d| *d == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// Superscript digits at the start of `s`: (value, byte length).
fn sup_number(s: &str) -> Option<(u32, usize)> {
    let mut v = 0u32;
    let mut len = 0;
    for c in s.chars() {
        let Some(d) = sup_digit(c) else { break };
        v = v.checked_mul(10)?.checked_add(d)?;
        len += c.len_utf8();
        if len > 12 {
            return None;
        }
    }
    (len > 0).then_some((v, len))
}

/// A footnote mark at the start of `s`: (value, mark byte length, style).
fn footnote_mark_at(s: &str) -> Option<(u32, usize, FootnoteStyle)> {
    if let Some(r) = s.strip_prefix('⁽') {
        let (v, l) = sup_number(r)?;
        let r2 = r.get(l..)?;
        r2.strip_prefix('⁾')?;
        return Some((
            v,
            '⁽'.len_utf8() + l + '⁾'.len_utf8(),
            FootnoteStyle::ParenSuperscript,
        ));
    }
    if let Some(r) = s.strip_prefix("[^") {
        let (r2, d) =
            take_while_m_n::<_, &str, nom::error::Error<&str>>(1, 6, |c: char| c.is_ascii_digit())
                .parse(r)
                .ok()?;
        r2.strip_prefix(']')?;
        let v = d.parse().ok()?;
        return Some((v, 2 + d.len() + 1, FootnoteStyle::Markdown));
    }
    let (v, l) = sup_number(s)?;
    Some((v, l, FootnoteStyle::Superscript))
}

/// A footnote definition line: mark, then (for Markdown) `:`, then the note text.
/// Returns (mark, mark byte length, content offset, style).
fn footnote_def(s: &str) -> Option<(u32, usize, usize, FootnoteStyle)> {
    let (v, l, style) = footnote_mark_at(s)?;
    let mut rest = s.get(l..)?;
    if style == FootnoteStyle::Markdown {
        rest = rest.strip_prefix(':')?;
    }
    let ws = rest.len() - rest.trim_start().len();
    let text = rest.trim_start();
    if text.is_empty() || (ws == 0 && style != FootnoteStyle::Markdown) {
        return None;
    }
    Some((v, l, s.len() - text.len(), style))
}

/// Standalone scanner for footnote references in `text[span]`: superscript digits, `⁽n⁾`,
/// `[^n]`. Superscript `²`/`³` right after a unit stem (`km²`, `m³`) is a unit, not a mark.
pub fn scan_footnote_refs(
    text: &str,
    span: Span,
    lex: &Lexicon,
) -> Vec<(u32, Span, FootnoteStyle)> {
    let mut out = Vec::new();
    let Some(s) = text.get(span.range()) else {
        return out;
    };
    let base = span.start as usize;
    // Every mark starts with `[`, or a superscript: `¹²³` (lead byte 0xC2) or `⁰⁴…⁹⁽`
    // (lead byte 0xE2). Most blocks have none: skip them without decoding a char.
    let Some(first) = memchr::memchr3(b'[', 0xC2, 0xE2, s.as_bytes()) else {
        return out;
    };
    // From one candidate to the next: other chars are stepped over anyway, and those three
    // bytes only ever start a char, so every jump lands on a char boundary.
    let mut i = first;
    while let Some(rest) = s.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        i += c.len_utf8();
        if matches!(c, '⁽' | '[') || sup_digit(c).is_some() {
            if let Some((v, l, style)) = footnote_mark_at(rest) {
                let start = i - c.len_utf8();
                let unit = style == FootnoteStyle::Superscript && follows_unit_stem(s, start, lex);
                let md_def = style == FootnoteStyle::Markdown
                    && rest.get(l..).is_some_and(|r| r.starts_with(':'));
                if !unit && !md_def {
                    out.push((v, Span::new(base + start, base + start + l), style));
                }
                i = start + l;
            }
        }
        match s
            .as_bytes()
            .get(i..)
            .and_then(|b| memchr::memchr3(b'[', 0xC2, 0xE2, b))
        {
            Some(k) => i += k,
            None => break,
        }
    }
    out
}

/// The word right before byte `at` in `s` is a unit stem (`km`, `m`) or a unit alias that
/// takes the superscript (`km²` in the lexicon).
fn follows_unit_stem(s: &str, at: usize, lex: &Lexicon) -> bool {
    let Some(before) = s.get(..at) else {
        return false;
    };
    // Unit stems are short; a bound keeps the scan linear on long words.
    let word: String = before
        .chars()
        .rev()
        .take_while(|&c| crate::chars::is_alphabetic(c))
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    let next: String = s
        .get(at..)
        .unwrap_or("")
        .chars()
        .take_while(|c| sup_digit(*c).is_some())
        .collect();
    if !matches!(next.as_str(), "²" | "³") {
        return false;
    }
    let with = format!("{lower}{next}");
    words().superscript_unit_stems.contains(&lower) || lex.units.iter().any(|u| u.alias == with)
}

fn lower_starts_with_any(s: &str, list: &[String]) -> bool {
    // The first letter decides most lines without lowercasing anything.
    let Some(first) = s
        .chars()
        .next()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
    else {
        return false;
    };
    if !list.iter().any(|p| p.starts_with(first)) {
        return false;
    }
    list.iter().any(|p| head_lower_starts_with(s, p))
}

/// The lowercase of the first 48 chars of `s` starts with `p`, compared char by char without
/// building the lowercase string. `str::to_lowercase` maps char by char too, except `Σ`,
/// whose lowercase depends on what follows: a prefix without `σ`/`ς` fails at that char
/// either way, and one with them takes the full conversion.
fn head_lower_starts_with(s: &str, p: &str) -> bool {
    let head = s.chars().take(48);
    if p.contains(['σ', 'ς']) {
        return head.collect::<String>().to_lowercase().starts_with(p);
    }
    let mut lower = head.flat_map(char::to_lowercase);
    p.chars().all(|c| lower.next() == Some(c))
}

fn is_upper_line(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if crate::chars::is_alphabetic(c) {
            if c.is_lowercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters > 0
}

/// `s.chars().count() <= n`, without counting when the byte length decides it (a char is one
/// to four bytes).
fn chars_at_most(s: &str, n: usize) -> bool {
    s.len() <= n || (s.len() <= n.saturating_mul(4) && s.chars().count() <= n)
}

/// `Kè Sắt, ngày   tháng 6 năm 2026`: short, with a comma, then ngày … tháng … năm.
fn is_place_date(s: &str) -> bool {
    // Lowercasing neither adds nor removes a comma: lines without one need no copy.
    if !s.contains(',') || !chars_at_most(s, 90) {
        return false;
    }
    let lower = crate::chars::to_lowercase(s);
    let Some(comma) = lower.find(',') else {
        return false;
    };
    let after = lower.get(comma..).unwrap_or("");
    let w = words();
    let mut pos = 0;
    for word in &w.date_line_words {
        match after.get(pos..).and_then(|r| r.find(word.as_str())) {
            Some(p) => pos += p + word.len(),
            None => return false,
        }
    }
    !w.date_line_words.is_empty() && !lower.trim_end().ends_with('.')
}

fn is_doc_type(s: &str) -> bool {
    let t = s.trim().trim_matches('*').trim();
    if !is_upper_line(t) {
        return false;
    }
    let lower = crate::chars::to_lowercase(t);
    words().doc_types.contains(&lower)
}

/// A signer's name: 2–6 capitalised words, no digits.
fn is_name_line(s: &str) -> bool {
    let t = s.trim().trim_matches('*').trim();
    let ws: Vec<&str> = t.split_whitespace().collect();
    (2..=6).contains(&ws.len())
        && ws.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase())
                && cs.all(|c| c.is_lowercase() && crate::chars::is_alphabetic(c))
        })
}

// ---------------------------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Before the document type line.
    Header,
    /// After `BÁO CÁO`/`KẾ HOẠCH`: title lines.
    Title,
    Body,
    /// After `Nơi nhận:`.
    Recipients,
    /// After the signature block started.
    Signature,
}

struct State {
    mode: Mode,
    /// A `**` opened on a title line and not closed yet.
    title_bold_open: bool,
    title_lines: usize,
    /// A title line ended with a year: only parenthesised or bold lines may follow.
    title_closed: bool,
    /// Stack of open list items: (indent columns, marker).
    list_stack: Vec<(u32, char)>,
    /// A heading block was made (asked of every upper-case line before the document type:
    /// a search of the blocks each time was quadratic).
    heading_seen: bool,
}

/// Parses every logical line into a block and builds the section tree and footnotes.
/// Each block's tokens come from [`super::inline::tokenize`].
pub fn parse_document(text: &str, lex: &Lexicon) -> Document {
    parse_document_with(text, lex, super::inline::tokenize)
}

/// [`parse_document`] with the inline tokenizer given: tests pass a fake so that block
/// structure is checked independently of the tokenizer.
pub fn parse_document_with<F>(text: &str, lex: &Lexicon, tokenize: F) -> Document
where
    F: FnMut(&str, Span, &Lexicon) -> Vec<Token>,
{
    let mut doc = skeleton(text, lex);
    let all = 0..doc.blocks.len();
    tokenize_blocks(&mut doc, all, text, lex, tokenize);
    doc
}

/// The document without its tokens: every logical line's block, the section tree and the
/// footnote definitions, none of which needs a token. The tokens are added a run of blocks at
/// a time by [`tokenize_blocks`], so that a big document need not hold all of them at once.
pub fn skeleton(text: &str, lex: &Lexicon) -> Document {
    let mut doc = Document::default();
    let mut st = State {
        mode: Mode::Header,
        title_bold_open: false,
        title_lines: 0,
        title_closed: false,
        list_stack: Vec::new(),
        heading_seen: false,
    };
    // Markdown table separator rows make the previous row a header.
    for (start, raw) in split_at_newlines(text) {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let span = Span::new(start, start + line.len());
        if line.trim_start().starts_with('|') {
            if let Some(MdRow::Separator) = markdown_row(line, start) {
                if let Some(BlockKind::TableRow { header, .. }) =
                    doc.blocks.last_mut().map(|b| &mut b.kind)
                {
                    *header = true;
                }
                continue;
            }
        }
        if let Some(kind_content) = classify(text, line, start, &mut st, &doc, lex) {
            let (kind, content) = kind_content;
            st.heading_seen |= matches!(kind, BlockKind::Heading(_));
            if kind == BlockKind::Paragraph && content.len() > MAX_PARAGRAPH_BYTES {
                // The first piece's block starts where the line does; the others are their
                // piece.
                for (i, piece) in paragraph_pieces(text, content).into_iter().enumerate() {
                    let from = if i == 0 { span.start } else { piece.start };
                    let span = Span::new(from as usize, piece.end as usize);
                    doc.blocks
                        .push(untokenised(BlockKind::Paragraph, span, piece));
                }
                continue;
            }
            doc.blocks.push(untokenised(kind, span, content));
        }
    }
    // The blocks live as long as the document: no growth slack (up to half the vector).
    doc.blocks.shrink_to_fit();
    build_sections(&mut doc);
    collect_footnote_defs(text, &mut doc);
    doc
}

/// A block as the skeleton makes it: no section yet, no tokens.
fn untokenised(kind: BlockKind, span: Span, content: Span) -> Block {
    Block {
        kind,
        span,
        content,
        section: None,
        tokens: Box::default(),
        kinds: TokenKinds::default(),
    }
}

/// The longest paragraph read as one block. No report writes one of even a tenth of this
/// (the corpus's longest is 2.5 KB); a longer line is damage or machine-made, and is read as
/// pieces cut at sentence ends, so that its tokens need not all be held at once (the engine
/// reads a document in parts of whole blocks).
pub const MAX_PARAGRAPH_BYTES: usize = 64 * 1024;

/// `content` cut into pieces of at most [`MAX_PARAGRAPH_BYTES`]: each cut is at the last
/// sentence end (`. `, `! `, `? ` or `; ` before an uppercase letter) in the second half of
/// the piece, else at its last space, else at the last char boundary. The space at a cut
/// belongs to no piece.
fn paragraph_pieces(text: &str, content: Span) -> Vec<Span> {
    let bytes = text.as_bytes();
    let end = (content.end as usize).min(bytes.len());
    let mut start = content.start as usize;
    let mut out = Vec::new();
    while end - start > MAX_PARAGRAPH_BYTES {
        let (lo, hi) = (start + MAX_PARAGRAPH_BYTES / 2, start + MAX_PARAGRAPH_BYTES);
        let window = bytes.get(lo..hi).unwrap_or_default();
        let sentence_end = |&p: &usize| {
            let at = lo + p;
            matches!(
                bytes.get(at.wrapping_sub(1)),
                Some(b'.' | b'!' | b'?' | b';')
            ) && text
                .get(at + 1..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase)
        };
        let (cut, next) = match memchr::memrchr_iter(b' ', window)
            .find(sentence_end)
            .or_else(|| memchr::memrchr(b' ', window))
        {
            Some(p) => (lo + p, lo + p + 1),
            None => {
                let mut at = hi;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                (at, at)
            }
        };
        out.push(Span::new(start, cut));
        start = next;
    }
    out.push(Span::new(start, end));
    out
}

/// The content ranges of the document's lines, in order: each block's content, except that
/// the pieces of a paragraph longer than [`MAX_PARAGRAPH_BYTES`] give their line's content as
/// one range. For a rule that reads a line as a whole (a parenthesis opened in one piece may
/// close in the next).
pub fn line_contents<'a>(
    doc: &'a Document,
    text: &'a str,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let mut blocks = doc.blocks.iter().peekable();
    std::iter::from_fn(move || {
        let first = blocks.next()?;
        let mut range = first.content.range();
        let mut last = first;
        while let Some(next) = blocks.next_if(|b| is_next_piece(text, last, b)) {
            range.end = next.content.end as usize;
            last = next;
        }
        Some(range)
    })
}

/// Whether `b` is the piece of a long paragraph that follows `prev`: both paragraphs, with only
/// the cut's space (or nothing, at a cut inside a word) between them, where lines have a line
/// end.
fn is_next_piece(text: &str, prev: &Block, b: &Block) -> bool {
    let (end, start) = (prev.content.end as usize, b.span.start as usize);
    prev.kind == BlockKind::Paragraph
        && b.kind == BlockKind::Paragraph
        && (start == end || (start == end + 1 && text.as_bytes().get(end) == Some(&b' ')))
}

/// Tokenises the blocks `range` of `doc` that have no tokens yet, and appends the footnote
/// references of every block of `range` to `doc.footnote_refs`. Called on consecutive ranges
/// in document order, the references come out in the order one call over the whole document
/// gives.
pub fn tokenize_blocks<F>(
    doc: &mut Document,
    range: std::ops::Range<usize>,
    text: &str,
    lex: &Lexicon,
    tokenize: F,
) where
    F: FnMut(&str, Span, &Lexicon) -> Vec<Token>,
{
    tokens_only(doc, range.clone(), text, lex, tokenize);
    let start = range.start;
    let Some(blocks) = doc.blocks.get(range) else {
        return;
    };
    for (i, b) in blocks.iter().enumerate() {
        // Footnote marks, as tokens or as found by `scan_footnote_refs`, start with `[`
        // (`[^1]`) or a superscript (`¹²³`: lead byte `C2`; `⁰⁴…⁹⁽`: `E2`) inside the content:
        // a block without those bytes has none (the test `footnote_marks_start_with_their_bytes`
        // holds the tokenizer to it), and its tokens need not be looked through.
        let content = text.get(b.content.range()).unwrap_or("");
        if memchr::memchr3(b'[', 0xC2, 0xE2, content.as_bytes()).is_none() {
            continue;
        }
        doc.footnote_refs
            .extend(block_refs(text, start + i, b, lex));
    }
}

/// Tokenises the blocks `range` of `doc` that have no tokens yet, and only that.
pub fn tokens_only<F>(
    doc: &mut Document,
    range: std::ops::Range<usize>,
    text: &str,
    lex: &Lexicon,
    mut tokenize: F,
) where
    F: FnMut(&str, Span, &Lexicon) -> Vec<Token>,
{
    let Some(blocks) = doc.blocks.get_mut(range) else {
        return;
    };
    for b in blocks.iter_mut().filter(|b| b.tokens.is_empty()) {
        // The tokenizer over-reserves; the boxed slice keeps no slack (the tokens are the
        // largest part of a document's memory).
        b.tokens = tokenize(text, b.content, lex).into_boxed_slice();
        // Read while the tokens are still in the cache (see `Block::kinds`).
        b.kinds = TokenKinds::of(&b.tokens);
    }
}

/// The pieces of `text.split('\n')` with the offset each starts at; the line ends are found
/// with memchr. A piece ends at each `\n` and at the end of the text, and the next one starts
/// after the `\n`, as in `split`.
fn split_at_newlines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let s = start;
            start = end + 1;
            (s, text.get(s..end).unwrap_or(""))
        })
}

fn classify(
    text: &str,
    line: &str,
    start: usize,
    st: &mut State,
    doc: &Document,
    lex: &Lexicon,
) -> Option<(BlockKind, Span)> {
    let whole = Span::new(start, start + line.len());
    let (ind_bytes, ind_cols) = indentation(line);
    let body = line.get(ind_bytes..).unwrap_or("");
    let body_start = start + ind_bytes;
    let trimmed_end = body.trim_end();
    let at = |off: usize| body_start + off;
    let prev = doc.blocks.last();

    // Tables first: a tab inside a line is a table, whatever the first cell looks like.
    if let Some(k) = tab_row(line, start, prev) {
        return Some((k, whole));
    }
    if body.starts_with('|') {
        match markdown_row(line, start) {
            // Handled by `parse_document` (it marks the previous row as the header).
            Some(MdRow::Separator) => return None,
            Some(MdRow::Row(cells)) => {
                return Some((
                    BlockKind::TableRow {
                        cells,
                        header: false,
                    },
                    whole,
                ))
            }
            None => {}
        }
    }

    // Footnote definitions.
    if let Some((mark, _ml, c, _style)) = footnote_def(body) {
        return Some((
            BlockKind::FootnoteDef { mark },
            Span::new(at(c), at(trimmed_end.len().max(c))),
        ));
    }

    // Closing administrative lines.
    let w = words();
    let (b_off, inner, _bold_open, bold_closed) = strip_bold(body);
    let inner_t = inner.trim();
    if st.mode != Mode::Header && lower_starts_with_any(inner_t, &w.recipients) {
        st.mode = Mode::Recipients;
        return Some((BlockKind::Meta, whole));
    }
    if st.mode == Mode::Recipients {
        let last = bullet(body)
            .and_then(|(_, c, _, _)| body.get(c..))
            .is_some_and(|r| lower_starts_with_any(r, &w.recipients_last));
        if last || (is_upper_line(inner_t) && lower_starts_with_any(inner_t, &w.signature_prefixes))
        {
            st.mode = Mode::Signature;
        }
        return Some((BlockKind::Meta, whole));
    }
    if is_upper_line(inner_t)
        && chars_at_most(inner_t, 60)
        && lower_starts_with_any(inner_t, &w.signature_prefixes)
        && st.mode != Mode::Header
    {
        st.mode = Mode::Signature;
        return Some((BlockKind::Meta, whole));
    }
    if st.mode == Mode::Signature {
        if is_name_line(inner_t)
            || (is_upper_line(inner_t) && lower_starts_with_any(inner_t, &w.signature_prefixes))
        {
            return Some((BlockKind::Meta, whole));
        }
        st.mode = Mode::Body;
    }

    // Header lines. (The conditions have no side effects: the mode, the cheapest, is
    // asked first.)
    if matches!(st.mode, Mode::Header | Mode::Title)
        && chars_at_most(inner_t, 120)
        && (lower_starts_with_any(inner_t, &w.meta_prefixes)
            || (is_upper_line(inner_t) && lower_starts_with_any(inner_t, &w.meta_upper_prefixes))
            || is_place_date(inner_t))
    {
        return Some((BlockKind::Meta, whole));
    }
    if st.mode == Mode::Header && is_doc_type(inner_t) {
        st.mode = Mode::Title;
        st.title_lines = 0;
        st.title_closed = false;
        return Some((BlockKind::Title, whole));
    }

    // Markdown headings.
    if let Some(k) = markdown_heading(body, body_start, lex) {
        st.list_stack.clear();
        if st.mode == Mode::Title || st.mode == Mode::Header {
            st.mode = Mode::Body;
        }
        return Some(k);
    }

    // Numbered headings (possibly wrapped in bold).
    if !body.starts_with("***") {
        if let Some(m) = heading_marker(inner, lex) {
            let as_list = flexible(m.style) && in_paragraph_sequence(text, prev, m.style);
            let off = b_off;
            let inner_end = if bold_closed {
                inner.len()
            } else {
                inner.trim_end().len()
            };
            let content_rel = m.content.min(inner_end);
            let content = Span::new(at(off + content_rel), at(off + inner_end));
            if as_list {
                return Some((
                    BlockKind::ListItem {
                        marker: inner.get(..m.len).unwrap_or("").to_string(),
                        depth: 0,
                    },
                    content,
                ));
            }
            st.list_stack.clear();
            st.mode = Mode::Body;
            let marker = Span::new(at(off), at(off + m.len));
            let title = title_span(inner, m.content, inner_end, at(off));
            let rank = base_rank(m.style, &m.number);
            return Some((
                BlockKind::Heading(Heading {
                    style: m.style,
                    number_text: m.number_text,
                    number: m.number,
                    rank,
                    marker,
                    title,
                }),
                content,
            ));
        }
    }

    // Bullets.
    if let Some((marker, c, _count, strip)) = bullet(body) {
        if st.mode == Mode::Title || st.mode == Mode::Header {
            st.mode = Mode::Body;
        }
        let end = trimmed_end.len().saturating_sub(strip).max(c);
        let depth = list_depth(&mut st.list_stack, ind_cols, marker);
        return Some((
            BlockKind::ListItem {
                marker: marker.to_string(),
                depth,
            },
            Span::new(at(c), at(end)),
        ));
    }
    if let Some((label, c)) = paren_number(body) {
        if st.mode == Mode::Title || st.mode == Mode::Header {
            st.mode = Mode::Body;
        }
        return Some((
            BlockKind::ListItem {
                marker: label,
                depth: 0,
            },
            Span::new(at(c), at(trimmed_end.len().max(c))),
        ));
    }

    // Title lines after the document type.
    if st.mode == Mode::Title {
        let starts_bold = body.starts_with("**");
        let is_title = st.title_bold_open
            || starts_bold
            || (inner_t.starts_with('(') && inner_t.ends_with(')'))
            || (!st.title_closed
                && ((st.title_lines == 0 && !inner_t.ends_with(':'))
                    || (chars_at_most(inner_t, 300)
                        && !inner_t.ends_with(['.', ':', ';'])
                        && st.title_lines < 4)));
        if is_title {
            let was_open = st.title_bold_open;
            if body.matches("**").count() % 2 == 1 {
                st.title_bold_open = !st.title_bold_open;
            }
            // The title states its period last (`… năm 2026`, `2026 – 2030`).
            if !was_open
                && !st.title_bold_open
                && inner_t
                    .trim_end_matches('*')
                    .ends_with(|c: char| c.is_ascii_digit())
            {
                st.title_closed = true;
            }
            if was_open && !st.title_bold_open {
                st.title_closed = true;
            }
            st.title_lines += 1;
            return Some((BlockKind::Title, whole));
        }
        st.mode = Mode::Body;
    }
    if st.mode == Mode::Header
        && is_upper_line(inner_t)
        && chars_at_most(inner_t, 80)
        && !st.heading_seen
    {
        // `ỦY BAN NHÂN DÂN XÃ …`, `XÃ KÈ SẮT` and similar header lines before the type.
        return Some((BlockKind::Meta, whole));
    }
    Some((
        BlockKind::Paragraph,
        Span::new(at(0), at(trimmed_end.len())),
    ))
}

/// A flexible-style line sits in a paragraph sequence when the previous block is a paragraph
/// ending with `:` or a list item written with the same kind of marker.
fn in_paragraph_sequence(text: &str, prev: Option<&Block>, style: HeadingStyle) -> bool {
    match prev.map(|b| &b.kind) {
        Some(BlockKind::Paragraph) => prev
            .and_then(|b| text.get(b.span.range()))
            .is_some_and(|t| t.trim_end().ends_with(':')),
        Some(BlockKind::ListItem { marker, .. }) => {
            let m = marker.trim_end_matches(['.', ')']);
            match style {
                HeadingStyle::ArabicParen => m.chars().all(|c| c.is_ascii_digit()) && !m.is_empty(),
                HeadingStyle::LetterParen | HeadingStyle::LetterDot => {
                    m.chars().count() == 1 && m.chars().all(|c| letter_value(c).is_some())
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Title: the content up to the first `:`; else up to the first sentence end when the line
/// is long; else all of it, without trailing punctuation.
fn title_span(inner: &str, content: usize, end: usize, base: usize) -> Span {
    let c = inner.get(content..end).unwrap_or("");
    let mut t = match c.find(':') {
        Some(p) => c.get(..p).unwrap_or(""),
        None if !chars_at_most(c, 150) => match c.find(". ") {
            Some(p) => c.get(..p).unwrap_or(c),
            None => c,
        },
        None => c,
    };
    t = t.trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, '.' | '*' | ';' | ','));
    let lead = t.len() - t.trim_start_matches(['*', ' ']).len();
    let s = base + content + lead;
    Span::new(s, base + content + t.len().max(lead))
}

fn markdown_heading(body: &str, body_start: usize, lex: &Lexicon) -> Option<(BlockKind, Span)> {
    let (rest, hashes) = take_while_m_n::<_, &str, nom::error::Error<&str>>(1, 6, |c| c == '#')
        .parse(body)
        .ok()?;
    let c = after_marker(rest)?;
    let off = hashes.len() + c;
    let after = body.get(off..)?;
    let (b_off, inner, _, closed) = strip_bold(after.trim_end());
    let inner_end = if closed {
        inner.len()
    } else {
        inner.trim_end().len()
    };
    let base = body_start + off + b_off;
    if let Some(m) = heading_marker(inner, lex) {
        let title = title_span(inner, m.content, inner_end, base);
        let rank = base_rank(m.style, &m.number);
        return Some((
            BlockKind::Heading(Heading {
                style: m.style,
                number_text: m.number_text,
                number: m.number,
                rank,
                marker: Span::new(base, base + m.len),
                title,
            }),
            Span::new(base + m.content.min(inner_end), base + inner_end),
        ));
    }
    let level = u32::try_from(hashes.len()).unwrap_or(6);
    let title = title_span(inner, 0, inner_end, base);
    Some((
        BlockKind::Heading(Heading {
            style: HeadingStyle::Markdown,
            number_text: String::new(),
            number: vec![level - 1],
            rank: level - 1,
            marker: Span::new(body_start, body_start + hashes.len()),
            title,
        }),
        Span::new(base, base + inner_end),
    ))
}

fn list_depth(stack: &mut Vec<(u32, char)>, indent: u32, marker: char) -> u32 {
    let dashlike = |c: char| matches!(c, '-' | '–' | '•' | '·');
    while let Some(&(i, m)) = stack.last() {
        let nested_plus = i == indent && dashlike(m) && marker == '+';
        if i > indent || (i == indent && !nested_plus) {
            stack.pop();
        } else {
            break;
        }
    }
    let mut depth = u32::try_from(stack.len()).unwrap_or(u32::MAX);
    // `+` is the second level in Vietnamese drafts even when no `-` precedes it.
    if marker == '+' {
        depth = depth.max(1);
    }
    if stack.len() < 16 {
        stack.push((indent, marker));
    }
    depth
}

fn tab_row(line: &str, start: usize, prev: Option<&Block>) -> Option<BlockKind> {
    // No tab, no table row.
    memchr::memchr(b'\t', line.as_bytes())?;
    let mut cells = Vec::new();
    let mut off = 0usize;
    let mut non_empty = 0;
    for cell in line.split('\t') {
        let lead = cell.len() - cell.trim_start().len();
        let t = cell.trim();
        let s = start + off + lead;
        cells.push(Span::new(s, s + t.len()));
        if !t.is_empty() {
            non_empty += 1;
        }
        off += cell.len() + 1;
    }
    // A stray tab in running text is not a table.
    if non_empty < 2 {
        return None;
    }
    let first = line.split('\t').next().unwrap_or("").trim();
    let continues = matches!(prev.map(|b| &b.kind), Some(BlockKind::TableRow { .. }));
    let header =
        !continues && !first.is_empty() && !first.starts_with(|c: char| c.is_ascii_digit());
    Some(BlockKind::TableRow { cells, header })
}

enum MdRow {
    Separator,
    Row(Vec<Span>),
}

fn markdown_row(line: &str, start: usize) -> Option<MdRow> {
    let t = line.trim_end();
    let lead = line.len() - line.trim_start().len();
    let inner = t.get(lead..)?.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if inner.is_empty() || !t.get(lead + 1..)?.contains('|') {
        return None;
    }
    if inner
        .chars()
        .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
        && inner.contains('-')
    {
        return Some(MdRow::Separator);
    }
    let mut cells = Vec::new();
    let mut off = start + lead + 1;
    for cell in inner.split('|') {
        let l = cell.len() - cell.trim_start().len();
        let s = off + l;
        cells.push(Span::new(s, s + cell.trim().len()));
        off += cell.len() + 1;
    }
    Some(MdRow::Row(cells))
}

/// Builds the section tree from the headings: a heading's parent is the nearest open section
/// of lower rank; a section runs to the next heading of the same or lower rank, or to the
/// closing administrative lines.
fn build_sections(doc: &mut Document) {
    let mut stack: Vec<usize> = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut closed_at_end = false;
    let n = doc.blocks.len();
    for bi in 0..n {
        let Some(block) = doc.blocks.get(bi) else {
            break;
        };
        let is_closing_meta = matches!(block.kind, BlockKind::Meta) && !sections.is_empty();
        if is_closing_meta && !closed_at_end {
            for s in stack.drain(..) {
                if let Some(sec) = sections.get_mut(s) {
                    sec.blocks.end = bi;
                }
            }
            closed_at_end = true;
        }
        if let BlockKind::Heading(h) = &block.kind {
            closed_at_end = false;
            let mut rank = h.rank;
            let style = h.style;
            if flexible(style) {
                let same = stack
                    .iter()
                    .rev()
                    .find(|&&s| heading_of(doc, &sections, s).is_some_and(|x| x.style == style));
                if let Some(&s) = same {
                    rank = heading_of(doc, &sections, s).map_or(rank, |x| x.rank);
                } else if let Some(&top) = stack.last() {
                    let tr = heading_of(doc, &sections, top).map_or(0, |x| x.rank);
                    if tr >= rank {
                        rank = tr + 1;
                    }
                }
            }
            while let Some(&top) = stack.last() {
                let tr = heading_of(doc, &sections, top).map_or(0, |x| x.rank);
                if tr >= rank {
                    if let Some(sec) = sections.get_mut(top) {
                        sec.blocks.end = bi;
                    }
                    stack.pop();
                } else {
                    break;
                }
            }
            let idx = sections.len();
            sections.push(Section {
                heading_block: bi,
                parent: stack.last().copied(),
                blocks: bi..n,
            });
            stack.push(idx);
            if let Some(BlockKind::Heading(h)) = doc.blocks.get_mut(bi).map(|b| &mut b.kind) {
                h.rank = rank;
            }
        }
        if let Some(b) = doc.blocks.get_mut(bi) {
            b.section = stack.last().and_then(|&s| u32::try_from(s).ok());
        }
    }
    sections.shrink_to_fit();
    doc.sections = sections;
}

fn heading_of<'a>(doc: &'a Document, sections: &[Section], s: usize) -> Option<&'a Heading> {
    let sec = sections.get(s)?;
    match &doc.blocks.get(sec.heading_block)?.kind {
        BlockKind::Heading(h) => Some(h),
        _ => None,
    }
}

fn style_of_mark_text(t: &str) -> FootnoteStyle {
    if t.starts_with('⁽') {
        FootnoteStyle::ParenSuperscript
    } else if t.starts_with('[') {
        FootnoteStyle::Markdown
    } else if t.chars().next().is_some_and(|c| sup_digit(c).is_some()) {
        FootnoteStyle::Superscript
    } else {
        FootnoteStyle::Pdf
    }
}

/// The footnote references of block `bi`: its footnote-mark tokens, and the marks
/// `scan_footnote_refs` finds in its content that no token covers, in order.
fn block_refs(text: &str, bi: usize, b: &Block, lex: &Lexicon) -> Vec<FootnoteRef> {
    let mut refs: Vec<FootnoteRef> = b
        .tokens
        .iter()
        .filter_map(|t| match t.kind {
            TokenKind::FootnoteMark { mark } => Some(FootnoteRef {
                mark,
                span: t.span,
                style: style_of_mark_text(text.get(t.span.range()).unwrap_or("")),
                block: bi,
            }),
            _ => None,
        })
        .collect();
    // Token marks are ordered and disjoint, and the scan goes forward: a binary search and
    // the last scanned mark decide overlap (a scan over all marks was quadratic in a block
    // with many marks).
    let n_tok = refs.len();
    for (mark, span, style) in scan_footnote_refs(text, b.content, lex) {
        let overlaps = |r: &FootnoteRef| r.span.start < span.end && span.start < r.span.end;
        let tok = refs.get(..n_tok).unwrap_or(&[]);
        let on_token = tok
            .get(tok.partition_point(|r| r.span.end <= span.start))
            .is_some_and(overlaps);
        let on_scanned = refs
            .get(n_tok..)
            .and_then(|s| s.last())
            .is_some_and(overlaps);
        if !on_token && !on_scanned {
            refs.push(FootnoteRef {
                mark,
                span,
                style,
                block: bi,
            });
        }
    }
    refs.sort_by_key(|r| r.span);
    refs
}

fn collect_footnote_defs(text: &str, doc: &mut Document) {
    for (bi, b) in doc.blocks.iter().enumerate() {
        if let BlockKind::FootnoteDef { mark } = b.kind {
            let line = text.get(b.span.range()).unwrap_or("");
            let (ind, _) = indentation(line);
            let body = line.get(ind..).unwrap_or("");
            if let Some((_, ml, _, style)) = footnote_def(body) {
                let ms = b.span.start as usize + ind;
                doc.footnote_defs.push(FootnoteDef {
                    mark,
                    mark_span: Span::new(ms, ms + ml),
                    text: b.content,
                    style,
                    block: bi,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph longer than `MAX_PARAGRAPH_BYTES` is cut at its last sentence end in each
    /// window; the pieces and the cut spaces make up the line.
    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends() {
        let sentence = "Có 12 hồ sơ được giải quyết đúng hạn, đạt 100%. "; // 53 bytes
        let n = 2 * MAX_PARAGRAPH_BYTES / sentence.len() + 3;
        let line = sentence.repeat(n);
        let line = line.trim_end();
        let text = format!("Đoạn ngắn.\n{line}\nĐoạn cuối.\n");
        let doc = skeleton(&text, &Lexicon::builtin());
        let pieces: Vec<Span> = doc.blocks.iter().map(|b| b.content).collect();
        let start = "Đoạn ngắn.\n".len();
        // Each cut follows a whole number of sentences, as late as the window allows.
        let per_piece = MAX_PARAGRAPH_BYTES / sentence.len();
        let cut = per_piece * sentence.len() - 1;
        assert_eq!(pieces.len(), 5, "two short paragraphs around three pieces");
        assert_eq!(pieces[1], Span::new(start, start + cut));
        assert_eq!(pieces[2], Span::new(start + cut + 1, start + 2 * cut + 1));
        assert_eq!(pieces[3].start as usize, start + 2 * cut + 2);
        assert_eq!(pieces[3].end as usize, start + line.len());
        for (i, b) in doc.blocks.iter().enumerate() {
            assert_eq!(b.kind, BlockKind::Paragraph);
            assert!(b.content.len() <= MAX_PARAGRAPH_BYTES);
            let t = &text[b.content.range()];
            if (1..=3).contains(&i) {
                assert!(
                    t.starts_with("Có 12") && t.ends_with("100%."),
                    "piece {i}: {t:.20}…"
                );
            }
        }
        // The first piece's block starts at the line; the others at their piece.
        assert_eq!(doc.blocks[1].span.start as usize, start);
        assert_eq!(doc.blocks[2].span, pieces[2]);
        // Read by line, the pieces are one line again.
        let lines: Vec<_> = line_contents(&doc, &text).collect();
        assert_eq!(
            lines,
            [
                pieces[0].range(),
                start..start + line.len(),
                pieces[4].range()
            ]
        );
        // Exactly the limit: one block.
        let exact = "a".repeat(MAX_PARAGRAPH_BYTES);
        assert_eq!(skeleton(&exact, &Lexicon::builtin()).blocks.len(), 1);
    }

    /// Without a sentence end the cut is at the last space; without a space, at the last char
    /// boundary before the limit.
    #[test]
    fn long_paragraphs_without_sentences_are_cut_at_spaces_or_chars() {
        let words = "chữ ".repeat(MAX_PARAGRAPH_BYTES / 6 + 10);
        let pieces = paragraph_pieces(&words, Span::new(0, words.len() - 1));
        let last_space = words.as_bytes()[..MAX_PARAGRAPH_BYTES]
            .iter()
            .rposition(|&b| b == b' ')
            .unwrap();
        assert_eq!(
            pieces,
            [
                Span::new(0, last_space),
                Span::new(last_space + 1, words.len() - 1)
            ]
        );
        // `ữ` is three bytes: a hard cut steps back to its start.
        let solid = "ữ".repeat(MAX_PARAGRAPH_BYTES / 3 + 1);
        let pieces = paragraph_pieces(&solid, Span::new(0, solid.len()));
        let first = (MAX_PARAGRAPH_BYTES / 3) * 3;
        assert_eq!(pieces, [Span::new(0, first), Span::new(first, solid.len())]);
        // As blocks: each piece's block is the piece, and the line is one again.
        let doc = skeleton(&solid, &Lexicon::builtin());
        let spans: Vec<Span> = doc.blocks.iter().map(|b| b.span).collect();
        assert_eq!(spans, pieces);
        let lines: Vec<_> = line_contents(&doc, &solid).collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines.first(), Some(&(0..solid.len())));
    }

    /// Each block's `kinds` lists exactly the kinds of its tokens: the rules skip blocks by it.
    #[test]
    fn block_kinds_are_the_kinds_of_its_tokens() {
        let text = "Ngày 16/6/2025, có 13/17 chỉ tiêu đạt¹; gồm: (1) A, (2) B.\n\
                    Thu 1.234,5 tỷ đồng, tăng 20-30%.\n\
                    Tổ chức các hoạt động\n";
        let doc = crate::parse::parse(text, &Lexicon::builtin());
        let kinds: Vec<TokenKinds> = doc.blocks.iter().map(|b| b.kinds).collect();
        let k = |list: &[TokenKinds]| list.iter().fold(TokenKinds::default(), |a, b| a.with(*b));
        use TokenKinds as K;
        assert_eq!(
            kinds,
            vec![
                k(&[
                    K::WORD,
                    K::PUNCT,
                    K::DATE,
                    K::RATIO,
                    K::FOOTNOTE_MARK,
                    K::ENUMERATOR
                ]),
                k(&[K::WORD, K::PUNCT, K::QUANTITY, K::RANGE]),
                k(&[K::WORD]),
            ]
        );
        for b in &doc.blocks {
            assert_eq!(b.kinds, TokenKinds::of(&b.tokens));
        }
        assert!(!kinds[2].any(K::FIGURE));
        assert!(kinds[1].any(K::FIGURE) && kinds[0].any(K::FIGURE));
    }

    /// The char-by-char walk `scan_footnote_refs` used before it jumped between candidates.
    fn scan_by_chars(text: &str, lex: &Lexicon) -> Vec<(u32, Span, FootnoteStyle)> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(rest) = text.get(i..) {
            let Some(c) = rest.chars().next() else { break };
            if matches!(c, '⁽' | '[') || sup_digit(c).is_some() {
                if let Some((v, l, style)) = footnote_mark_at(rest) {
                    let unit =
                        style == FootnoteStyle::Superscript && follows_unit_stem(text, i, lex);
                    let md_def = style == FootnoteStyle::Markdown
                        && rest.get(l..).is_some_and(|r| r.starts_with(':'));
                    if !unit && !md_def {
                        out.push((v, Span::new(i, i + l), style));
                    }
                    i += l;
                    continue;
                }
            }
            i += c.len_utf8();
        }
        out
    }

    /// A final capital sigma lowercases to `ς` in a string, to `σ` alone.
    #[test]
    fn head_prefix_follows_the_final_sigma_rule() {
        assert!(head_lower_starts_with("MΣ nhận", "mς"));
        assert!(!head_lower_starts_with("MΣ nhận", "mσ"));
        assert!(head_lower_starts_with("MΣA", "mσ"));
        assert!(head_lower_starts_with("Nơi nhận:", "nơi nhận"));
        assert!(!head_lower_starts_with("Nơi", "nơi nhận"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The char-by-char prefix test answers as lowercasing the head did.
        #[test]
        fn head_prefix_agrees_with_lowercasing_the_head(
            s in proptest::collection::vec(
                proptest::sample::select(vec!['N', 'ơ', 'i', 'Σ', 'σ', 'İ', 'ẞ', 'T', 'M', '.', ' ', 'ậ', 'Ậ']),
                0..60,
            ),
            p in proptest::collection::vec(
                proptest::sample::select(vec!['n', 'ơ', 'i', 'σ', 'ς', '\u{307}', 'ß', 't', 'm', '.', ' ', 'ậ']),
                0..6,
            ),
        ) {
            let s: String = s.into_iter().collect();
            let p: String = p.into_iter().collect();
            let old = s.chars().take(48).collect::<String>().to_lowercase().starts_with(p.as_str());
            proptest::prop_assert_eq!(head_lower_starts_with(&s, &p), old);
        }

        /// Jumping from candidate byte to candidate byte finds the marks the walk found.
        #[test]
        fn footnote_scan_jumps_like_the_walk(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    '[', ']', '^', '1', '2', '¹', '²', '³', '⁴', '⁽', '⁾', 'k', 'm', 'a', 'ạ',
                    ' ', ':', '–', '“', '\u{a0}', '°', '…', '.',
                ]),
                0..40,
            )
        ) {
            let t: String = chars.into_iter().collect();
            let l = lex();
            proptest::prop_assert_eq!(
                scan_footnote_refs(&t, Span::new(0, t.len()), &l),
                scan_by_chars(&t, &l)
            );
        }
    }

    fn lex() -> std::sync::Arc<Lexicon> {
        Lexicon::builtin()
    }

    /// The references `collect_footnotes` found before it skipped blocks without a mark's
    /// first byte: the oracle (every block's tokens looked through, every content scanned).
    fn refs_looking_at_every_block(text: &str, doc: &Document, lex: &Lexicon) -> Vec<FootnoteRef> {
        let mut all = Vec::new();
        for (bi, b) in doc.blocks.iter().enumerate() {
            all.extend(block_refs(text, bi, b, lex));
        }
        all
    }

    /// Lines of a report with footnote marks of every style, near misses, units that take
    /// a superscript, headings, lists and tables.
    fn footnoted_doc() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let pieces = proptest::sample::select(vec![
            "Tổng số",
            " ",
            "hồ sơ",
            "đạt",
            "1.234",
            "12",
            "¹",
            "²",
            "³",
            "¹²",
            "⁴",
            "⁽¹⁾",
            "⁽²",
            "[^1]",
            "[^2]:",
            "[",
            "]",
            "^",
            "km²",
            " m³",
            "ha",
            "–",
            "“",
            "”",
            "…",
            "\u{a0}",
            ".",
            ",",
            ":",
            "\n",
            "\n¹ Ghi chú ",
            "\n[^1]: Ghi chú",
            "\n1. ",
            "\nI. ",
            "\n- ",
            "\na) ",
            "\t",
            "\n| a | b |",
            "°",
        ]);
        proptest::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The quick rejection of `heading_marker` never changes its answer: lines starting
        /// with numbers, Roman numerals, letters of both cases (ASCII, Vietnamese, `Phần`,
        /// NFD), near misses and other scripts.
        #[test]
        fn marker_quick_rejection_agrees_with_full_parse(
            head in proptest::sample::select(vec![
                "Phần", "PHẦN", "phần", "pHầN", "P", "p", "II", "IV", "I", "V", "X", "L", "C", "1",
                "12", "1.1", "123", "a", "b", "đ", "Đ", "ư", "u", "v", "x", "y", "o", "t", "f",
                "A", "\u{1d18}", "e\u{301}", "Tổng", "(", "-", "*", "漢", "🙂", "¹", "",
            ]),
            sep in proptest::sample::select(vec!["", " ", ".", ")", ". ", ") ", ".1 ", "  "]),
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "thứ ", "nhất", "II", "1", "Tổng", "số", "ha", "triệu", "a", "Đ", " ", ".", ")",
                ":", "–", "*",
            ]), 0..6)
        ) {
            let s = format!("{head}{sep}{}", pieces.concat());
            let l = lex();
            proptest::prop_assert_eq!(heading_marker(&s, &l), heading_marker_full(&s, &l), "{:?}", s);
        }

        /// The memchr split gives the pieces and offsets of `split('\n')`.
        #[test]
        fn newline_split_agrees_with_str_split(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "ư", "\n", "\r\n", "\r", " ", "\n\n", "🙂",
            ]), 0..30)
        ) {
            let t = pieces.concat();
            let mut pos = 0;
            let expected: Vec<(usize, &str)> = t
                .split('\n')
                .map(|p| {
                    let s = pos;
                    pos += p.len() + 1;
                    (s, p)
                })
                .collect();
            proptest::prop_assert_eq!(split_at_newlines(&t).collect::<Vec<_>>(), expected);
        }

        /// Every footnote-mark token lies in its block's content and starts with `[` or a
        /// superscript's lead byte (`C2`, `E2`), which is what lets `collect_footnotes` skip
        /// blocks without those bytes; and the references found are the oracle's.
        #[test]
        fn footnote_marks_start_with_their_bytes(t in footnoted_doc()) {
            let l = lex();
            let doc = crate::parse::parse(&t, &l);
            for b in &doc.blocks {
                for tok in &b.tokens {
                    if let TokenKind::FootnoteMark { .. } = tok.kind {
                        proptest::prop_assert!(b.content.contains(tok.span), "{:?}", t);
                        let first = t.as_bytes().get(tok.span.start as usize).copied();
                        proptest::prop_assert!(
                            matches!(first, Some(b'[' | 0xC2 | 0xE2)),
                            "{:?} {:?}", t, tok
                        );
                    }
                }
            }
            // `FootnoteRef` has no `PartialEq`: compared by their debug form.
            proptest::prop_assert_eq!(
                format!("{:?}", doc.footnote_refs),
                format!("{:?}", refs_looking_at_every_block(&t, &doc, &l))
            );
        }
    }

    #[test]
    fn structure_data_parses() {
        let w = structure_words_from_toml(STRUCTURE_TOML).unwrap();
        assert_eq!(w.part_word, "phần");
        assert!(w.ordinal_words.iter().any(|(k, v)| k == "tư" && *v == 4));
    }

    #[test]
    fn markers() {
        let l = lex();
        let m = heading_marker("1.2. Chăn nuôi", &l).unwrap();
        assert_eq!(
            (m.style, m.number.clone(), m.len, m.content),
            (HeadingStyle::Decimal, vec![1, 2], 4, 5)
        );
        assert!(heading_marker("2.000 lượt người", &l).is_none());
        assert!(heading_marker("1.113,6 ha", &l).is_none());
        assert!(heading_marker("16/6/2025 UBND", &l).is_none());
        assert!(heading_marker("1.5 triệu đồng", &l).is_none());
        assert!(heading_marker("2023 diện tích", &l).is_none());
        assert!(heading_marker("9.450.324.000 đồng.", &l).is_none());
        assert_eq!(heading_marker("IV. TỒN TẠI", &l).unwrap().number, vec![4]);
        assert!(heading_marker("IIII. x", &l).is_none());
        let p = heading_marker("PHẦN THỨ HAI", &l).unwrap();
        assert_eq!(
            (p.style, p.number_text.as_str(), p.number.clone()),
            (HeadingStyle::PartOrdinalWord, "THỨ HAI", vec![2])
        );
        assert!(heading_marker("Phần lớn diện tích", &l).is_none());
        assert_eq!(heading_marker("đ) Năm", &l).unwrap().number, vec![5]);
        assert!(heading_marker("v.v. và", &l).is_none());
    }

    #[test]
    fn km2_is_not_a_mark() {
        let l = lex();
        let t = "diện tích 24,67 km², 3 m³ và 26 mô hình² và⁽¹⁾ và[^2].";
        let r = scan_footnote_refs(t, Span::new(0, t.len()), &l);
        let marks: Vec<(u32, &str)> = r.iter().map(|(m, s, _)| (*m, &t[s.range()])).collect();
        assert_eq!(marks, vec![(2, "²"), (1, "⁽¹⁾"), (2, "[^2]")]);
    }
}
