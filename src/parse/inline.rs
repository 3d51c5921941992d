//! Inline tokens: words, punctuation, quantities, ratios, ranges, dates, non-quantities.
//!
//! Two linear passes over a block's content:
//! 1. [`lex`] splits the text into lexemes (words read lowercased from the document's lowercase
//!    copy, numbers parsed by
//!    [`super::number::parse_number`], single punctuation chars, superscript digit runs), each
//!    remembering whether white space preceded it.
//! 2. [`Tk::run`] walks the lexemes once. Phrases (units, count nouns, scale words, hedges,
//!    context nouns) are looked up in the [`PhraseIndex`] by their first word, so each position
//!    costs one hash lookup plus the few phrases sharing that first word.
//!
//! Ambiguity policy (precision first — a non-quantity is silence, a wrong quantity is noise):
//! - A unit or count noun AFTER a number makes it a quantity (`số 10 trường hợp`, `3 tầng`);
//!   otherwise a context noun directly BEFORE it decides (`thôn 2` Label, `Nghị quyết 57`
//!   Citation, `năm 2026` Year, `ngày 30` DatePart, `Quốc lộ 38` Road, `mức độ 3,4` Level).
//!   Date, day and year contexts win even over a unit (`ngày 30 tháng 6`).
//! - Context nouns are data (`rules/keywords.toml`: `label_nouns`, `citation_nouns`, …);
//!   `not_label` phrases (`tổng số`, `pháp luật`, `trực tuyến`) cancel them.
//! - Hedges (`hơn`, `ước đạt`…) and bound symbols directly before the number fold into the
//!   quantity (`hedge`, `bound`, `exact` false); `trở lên` within the next words sets `AtLeast`.
//! - `a/b` is a citation when the chunk has a `/` and an uppercase letter (`168/NĐ-CP`), a
//!   date when it has three parts or a day/month context, `24/24` is round-the-clock, `1/N`
//!   after `tỷ lệ` is a map scale; otherwise two quantities make a ratio. A unitless `a/b`
//!   with `a > b` (or zero padding) and day/month-sized parts reads as a date (`(09/11)`).
//! - `y1-y2` with two years 1945–2100 is a period; other `a-b` with `a < b` and compatible
//!   units is a range; the unit and scale of the right side apply to a bare left side.
//! - A number in the damaged pattern `10 75%` / `55 12 ha` (1–3 digits, one space, 1–3
//!   digits, then a glued `%` or a measure/money unit) becomes one `Damaged` quantity.
//! - A tab never joins a number to a unit or a range (table cells).

use super::number::{parse_number, roman_value};
use crate::ast::{
    Bound, DateLit, Dimension, NonQuantityKind, NumberLit, Quantity, RangeQty, Ratio, Reading,
    Token, TokenKind, UnitName, UnitRef,
};
use crate::lexicon::Lexicon;
use crate::span::Span;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// Phrase index
// ---------------------------------------------------------------------------------------------

/// What a context noun makes of the number after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Citation,
    Road,
    Standard,
    Level,
    Roman,
    Period,
    Day,
    Month,
    Year,
    MapScale,
    Label,
}

/// The role of a phrase in the index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cat {
    /// Index into [`Lexicon::units`].
    Unit(usize),
    Scale(Decimal),
    /// Index into [`Lexicon::count_names`].
    Count(u32),
    Hedge,
    HedgeAfter,
    Ctx(Ctx),
    NotLabel,
    PeriodAfter,
}

#[derive(Debug, Clone)]
struct Entry {
    /// The phrase's words after the first.
    rest: Vec<String>,
    cat: Cat,
}

/// The phrase index is probed once per word: the Fx hash (rustc's) instead of SipHash, which
/// dominated the tokenizer's time. Its keys are our own data; a collision only costs time.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Every multi-word phrase of the lexicon, indexed by its first word (lowercase NFC).
#[derive(Debug, Clone, Default)]
pub struct PhraseIndex {
    /// First word → index into `entries`.
    /// Keyed by bytes: the lookup takes the word's bytes from the lowercase copy without the
    /// char-boundary checks of a `str` slice (word bounds are char boundaries already).
    ids: FxMap<Box<[u8]>, u32>,
    /// Phrases sharing a first word, longest first.
    entries: Vec<Vec<Entry>>,
    /// Per entry of `entries`, which categories its phrases have ([`CAT_HEDGE`],
    /// [`CAT_CTX`]): most phrase-starting words are units or count nouns, and the bits let
    /// a word skip the scans for a hedge and a context noun that cannot match.
    cats: Vec<u8>,
    /// A bit per (length, first byte, last byte) hash of the keys of `ids` (see
    /// [`filter_bit`]): seven words in ten start no phrase, and a clear bit answers them
    /// without hashing the word.
    filter: Vec<u64>,
    /// Index in [`Lexicon::units`] of the `%` alias (every percent sign looks it up).
    percent: Option<usize>,
    /// The first words of at most eight bytes (almost all of them) in an open-addressing
    /// table keyed by the word's bytes packed into a `u64`: one multiply and, mostly, one
    /// compare, where the hash map hashes the slice and compares it with `memcmp`.
    short: PackedTable<u32>,
}

/// [`PhraseIndex::cats`]: a phrase of the entry is a [`Cat::Hedge`].
const CAT_HEDGE: u8 = 1;
/// [`PhraseIndex::cats`]: a phrase of the entry is a [`Cat::Ctx`] or [`Cat::NotLabel`].
const CAT_CTX: u8 = 2;

/// Bits in [`PhraseIndex::filter`] (2 KB: fewer words that start no phrase pass it than
/// with 4096 bits).
const FILTER_BITS: usize = 16384;

fn filter_bit(w: &[u8]) -> usize {
    let first = usize::from(w.first().copied().unwrap_or(0));
    let last = usize::from(w.last().copied().unwrap_or(0));
    filter_hash(w.len(), first, last)
}

/// The filter bit of a word of `len` bytes whose first and last bytes are `first`, `last`.
#[inline(always)]
fn filter_hash(len: usize, first: usize, last: usize) -> usize {
    (len.wrapping_mul(0x9E37) ^ (first << 4) ^ last.wrapping_mul(0x2F)) % FILTER_BITS
}

impl PhraseIndex {
    pub fn build(lex: &Lexicon) -> PhraseIndex {
        let mut idx = PhraseIndex {
            percent: lex.units.iter().position(|u| u.alias == "%"),
            ..PhraseIndex::default()
        };
        for (i, u) in lex.units.iter().enumerate() {
            idx.add(&u.alias, Cat::Unit(i));
        }
        for (w, m) in &lex.scales {
            idx.add(w, Cat::Scale(*m));
        }
        for (i, n) in lex.count_nouns.iter().enumerate() {
            idx.add(n, Cat::Count(u32::try_from(i).unwrap_or(u32::MAX)));
        }
        let k = &lex.keywords;
        let lists: [(&Vec<String>, Cat); 16] = [
            (&k.hedges, Cat::Hedge),
            (&k.hedges_after, Cat::HedgeAfter),
            (&k.label_nouns, Cat::Ctx(Ctx::Label)),
            (&k.citation_nouns, Cat::Ctx(Ctx::Citation)),
            (&k.road_nouns, Cat::Ctx(Ctx::Road)),
            (&k.standard_nouns, Cat::Ctx(Ctx::Standard)),
            (&k.level_nouns, Cat::Ctx(Ctx::Level)),
            (&k.roman_nouns, Cat::Ctx(Ctx::Roman)),
            (&k.period_nouns, Cat::Ctx(Ctx::Period)),
            (&k.day_nouns, Cat::Ctx(Ctx::Day)),
            (&k.month_nouns, Cat::Ctx(Ctx::Month)),
            (&k.year_nouns, Cat::Ctx(Ctx::Year)),
            (&k.mapscale_nouns, Cat::Ctx(Ctx::MapScale)),
            (&k.period_after, Cat::PeriodAfter),
            (&k.not_label, Cat::NotLabel),
            (&Vec::new(), Cat::Count(u32::MAX)),
        ];
        for (list, cat) in lists {
            for p in list {
                idx.add(p, cat);
            }
        }
        for v in idx.entries.iter_mut() {
            // Longest first; for equal length the specific context wins over a generic label
            // (a later `add` of the same phrase replaces the earlier context entry).
            v.sort_by_key(|e| std::cmp::Reverse(e.rest.len()));
        }
        idx.cats = idx
            .entries
            .iter()
            .map(|v| {
                v.iter().fold(0, |m, e| match e.cat {
                    Cat::Hedge => m | CAT_HEDGE,
                    Cat::Ctx(_) | Cat::NotLabel => m | CAT_CTX,
                    _ => m,
                })
            })
            .collect();
        idx.short = PackedTable::build(idx.ids.iter().filter_map(|(w, &id)| Some((pack(w)?, id))));
        idx
    }

    /// True when the filter's bit `bit` is set: some phrase may start with a word of that hash.
    #[inline]
    fn filter_has(&self, bit: usize) -> bool {
        self.filter
            .get(bit / 64)
            .is_some_and(|f| f & (1 << (bit % 64)) != 0)
    }

    /// The entry of the phrases starting with the lowercase word `w`, if any.
    #[cfg(test)]
    fn id(&self, w: &[u8]) -> Option<u32> {
        if !self.filter_has(filter_bit(w)) {
            return None;
        }
        match pack(w) {
            Some(k) => self.short.get(k),
            None => self.ids.get(w).copied(),
        }
    }

    /// [`Self::id`] of the word `lower[start..end]` (a word's bounds, so `start < end`): the
    /// filter reads the two bytes it needs, and a word of at most eight bytes that passes
    /// it is packed by one load ([`load8`]) and a mask, where [`Self::id`] slices the word
    /// and copies it into a buffer (this runs for every word of a report).
    #[inline]
    fn id_at(&self, lower: &[u8], start: usize, end: usize) -> Option<u32> {
        let len = end.checked_sub(start)?;
        let first = usize::from(*lower.get(start)?);
        let last = usize::from(*lower.get(end.checked_sub(1)?)?);
        if !self.filter_has(filter_hash(len, first, last)) {
            return None;
        }
        if len <= 8 {
            self.short.get(load8(lower, start) & low_mask(len))
        } else {
            self.ids.get(lower.get(start..end)?).copied()
        }
    }

    fn add(&mut self, phrase: &str, cat: Cat) {
        let mut words = phrase.split_whitespace().map(str::to_string);
        let Some(first) = words.next() else { return };
        let rest: Vec<String> = words.collect();
        let next = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        if self.filter.is_empty() {
            self.filter = vec![0; FILTER_BITS / 64];
        }
        let bit = filter_bit(first.as_bytes());
        if let Some(f) = self.filter.get_mut(bit / 64) {
            *f |= 1 << (bit % 64);
        }
        let id = *self
            .ids
            .entry(first.into_bytes().into_boxed_slice())
            .or_insert(next);
        if id == next {
            self.entries.push(Vec::new());
        }
        let Some(v) = self.entries.get_mut(id as usize) else {
            return;
        };
        if let Cat::Ctx(_) = cat {
            // One context per phrase: a specific list overrides `label_nouns`.
            if let Some(e) = v
                .iter_mut()
                .find(|e| e.rest == rest && matches!(e.cat, Cat::Ctx(_)))
            {
                e.cat = cat;
                return;
            }
        }
        v.push(Entry { rest, cat });
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: lexemes
// ---------------------------------------------------------------------------------------------

/// Kept small (a lexeme is 32 bytes): a block of one 20 MB line holds millions of them.
/// `Copy`: the token pass reads a lexeme by value instead of cloning its kind.
#[derive(Debug, Clone, Copy)]
enum K {
    /// The word's lowercase form is the same range of the content's lowercase copy.
    Word {
        has_digit: bool,
        /// The word's entry in the [`PhraseIndex`], if it starts a phrase.
        id: Option<u32>,
    },
    /// Index into the lexemes' number table (kept aside: a number is 60 bytes).
    Num(u32),
    Punct(char),
    /// A superscript digit run (`¹²`) or `⁽¹⁾`.
    Sup(u32),
}

#[derive(Debug, Clone, Copy)]
struct Lx {
    start: usize,
    end: usize,
    /// White space before this lexeme (or it starts the content).
    sp: bool,
    k: K,
}

fn sup_digit(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

use crate::chars::{self, is_letter};
use crate::packed::{load8, low_mask, pack, PackedTable};

/// `lower` is the lowercase copy of `text` ([`crate::chars::lower_same_len`]: same offsets).
/// An index loop over the bytes: ASCII is classified from its byte, the two- and three-byte
/// letters Vietnamese uses from their lead bytes ([`chars::letter_at`]), and a word is scanned
/// to its end in one inner loop (this runs over every byte of a report). Other chars are
/// decoded. [`lex_pass_by_chars`] is the plain char loop it must agree with.
#[cfg(test)]
fn lex_pass(text: &str, lower: &str, base: usize, idx: &PhraseIndex) -> (Vec<Lx>, Vec<NumberLit>) {
    let (mut out, mut nums) = (Vec::new(), Vec::new());
    lex_into(text, lower, base, idx, &mut out, &mut nums);
    (out, nums)
}

/// [`lex_pass`] into buffers that the blocks of a document share (cleared first): a block's
/// lexemes are dropped once it is tokenised, and allocating and growing them afresh for each
/// block cost more than the reuse.
fn lex_into(
    text: &str,
    lower: &str,
    base: usize,
    idx: &PhraseIndex,
    out: &mut Vec<Lx>,
    nums: &mut Vec<NumberLit>,
) {
    out.clear();
    nums.clear();
    out.reserve(text.len() / 3);
    let bytes = text.as_bytes();
    let mut sp = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            match b {
                // `char::is_whitespace` in ASCII.
                b' ' | b'\t'..=b'\r' => {
                    sp = true;
                    i += 1;
                    continue;
                }
                b'a'..=b'z' | b'A'..=b'Z' => {
                    i = push_word(out, &mut sp, text, lower, base, i, i + 1, idx);
                    continue;
                }
                b'0'..=b'9' => {
                    let rest = text.get(i..).unwrap_or("");
                    if let Some((n, len)) = parse_number(rest, base + i) {
                        let end = next_boundary(text, i + len.max(1));
                        push_lx(
                            out,
                            &mut sp,
                            base + i,
                            base + end,
                            K::Num(number_index(nums, n)),
                        );
                        i = end;
                        continue;
                    }
                }
                _ => {}
            }
            push_lx(
                out,
                &mut sp,
                base + i,
                base + i + 1,
                K::Punct(char::from(b)),
            );
            i += 1;
            continue;
        }
        if let Some((width, true)) = chars::letter_at(text, i) {
            i = push_word(out, &mut sp, text, lower, base, i, i + width, idx);
            continue;
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let width = c.len_utf8();
        if c.is_whitespace() {
            sp = true;
            i += width;
            continue;
        }
        if let Some(d) = sup_digit(c) {
            let mut v: u32 = d;
            let mut end = i + width;
            while let Some(x) = text.get(end..).and_then(|r| r.chars().next()) {
                match sup_digit(x) {
                    Some(dx) => {
                        v = v.saturating_mul(10).saturating_add(dx);
                        end += x.len_utf8();
                    }
                    None => break,
                }
            }
            push_lx(out, &mut sp, base + i, base + end, K::Sup(v));
            i = end;
            continue;
        }
        if c == '⁽' {
            if let Some((v, len)) = paren_superscript(text.get(i + width..).unwrap_or("")) {
                let end = i + width + len;
                push_lx(out, &mut sp, base + i, base + end, K::Sup(v));
                i = end;
                continue;
            }
        }
        push_lx(out, &mut sp, base + i, base + i + width, K::Punct(c));
        i += width;
    }
}

/// Pushes the word starting at `start` whose first char ends at `first_end`; returns its end.
#[allow(clippy::too_many_arguments)]
#[inline]
fn push_word(
    out: &mut Vec<Lx>,
    sp: &mut bool,
    text: &str,
    lower: &str,
    base: usize,
    start: usize,
    first_end: usize,
    idx: &PhraseIndex,
) -> usize {
    let (end, has_digit) = word_end(text, lower, start, first_end);
    out.push(Lx {
        start: base + start,
        end: base + end,
        sp: *sp,
        k: K::Word {
            has_digit,
            id: idx.id_at(lower.as_bytes(), start, end),
        },
    });
    *sp = false;
    end
}

/// `¹⁾` after a `⁽`: the value and the length up to and including the `⁾`.
fn paren_superscript(rest: &str) -> Option<(u32, usize)> {
    let mut v: Option<u32> = None;
    for (j, e) in rest.char_indices() {
        match sup_digit(e) {
            Some(x) => v = Some(v.unwrap_or(0).saturating_mul(10).saturating_add(x)),
            None => return v.filter(|_| e == '⁾').map(|v| (v, j + e.len_utf8())),
        }
    }
    None
}

/// Stores a number lexeme's literal aside and returns its index.
fn number_index(nums: &mut Vec<NumberLit>, n: NumberLit) -> u32 {
    nums.push(n);
    u32::try_from(nums.len() - 1).unwrap_or(u32::MAX)
}

/// The first char boundary of `text` at or after `at` (or its length).
fn next_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at.min(text.len())
}

/// End of the word that starts at `start` and whose first char ends at `end`, and whether it
/// holds a digit: letters and ASCII digits; an inner `-`, `'` or `’` between letters
/// (`héc-ta`) unless a digit came before; a `²`/`³` after `m` (`km²`) ends it.
fn word_end(text: &str, lower: &str, start: usize, mut end: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut has_digit = false;
    while let Some(&b) = bytes.get(end) {
        if b < 0x80 {
            if b.is_ascii_alphabetic() {
                end += 1;
                continue;
            }
            if b.is_ascii_digit() {
                has_digit = true;
                end += 1;
                continue;
            }
            if (b == b'-' || b == b'\'') && !has_digit && letter_follows(text, end + 1) {
                end += 1;
                continue;
            }
            break;
        }
        match chars::letter_at(text, end) {
            Some((w, true)) => {
                end += w;
                continue;
            }
            Some(_) => {}
            None => break,
        }
        let Some(d) = text.get(end..).and_then(|r| r.chars().next()) else {
            break;
        };
        let w = d.len_utf8();
        if d == '’' && !has_digit && letter_follows(text, end + w) {
            end += w;
            continue;
        }
        if (d == '²' || d == '³') && lower.get(start..end).is_some_and(|l| l.ends_with('m')) {
            end += w;
        }
        break;
    }
    (end, has_digit)
}

fn letter_follows(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|r| r.chars().next())
        .is_some_and(is_letter)
}

/// Appends a lexeme; `sp` says whether white space came before it, and is reset.
fn push_lx(out: &mut Vec<Lx>, sp: &mut bool, start: usize, end: usize, k: K) {
    out.push(Lx {
        start,
        end,
        sp: *sp,
        k,
    });
    *sp = false;
}

#[cfg(test)]
/// `lower` is the lowercase copy of `text` ([`crate::chars::lower_same_len`]: same offsets).
fn lex_pass_by_chars(
    text: &str,
    lower: &str,
    base: usize,
    idx: &PhraseIndex,
) -> (Vec<Lx>, Vec<NumberLit>) {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut nums = Vec::new();
    let mut sp = true;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            sp = true;
            continue;
        }
        if c.is_ascii_digit() {
            let rest = text.get(i..).unwrap_or("");
            if let Some((n, len)) = parse_number(rest, base + i) {
                let end = i + len.max(1);
                skip_before(&mut it, end);
                push_lx(
                    &mut out,
                    &mut sp,
                    base + i,
                    base + end,
                    K::Num(number_index(&mut nums, n)),
                );
                continue;
            }
        }
        if is_letter(c) {
            let mut end = i + c.len_utf8();
            let mut has_digit = false;
            loop {
                match it.peek() {
                    Some(&(j, d)) if is_letter(d) || d.is_ascii_digit() => {
                        has_digit |= d.is_ascii_digit();
                        end = j + d.len_utf8();
                        it.next();
                    }
                    // Inner hyphen or apostrophe between letters (`héc-ta`).
                    Some(&(j, d)) if matches!(d, '-' | '\'' | '’') => {
                        let next = text.get(j + d.len_utf8()..).and_then(|s| s.chars().next());
                        if next.is_some_and(is_letter) && !has_digit {
                            end = j + d.len_utf8();
                            it.next();
                        } else {
                            break;
                        }
                    }
                    // `km²`, `m³`: the superscript belongs to the unit.
                    Some(&(j, d))
                        if (d == '²' || d == '³')
                            && lower.get(i..j).is_some_and(|w| w.ends_with('m')) =>
                    {
                        end = j + d.len_utf8();
                        it.next();
                        break;
                    }
                    _ => break,
                }
            }
            out.push(Lx {
                start: base + i,
                end: base + end,
                sp,
                k: K::Word {
                    has_digit,
                    id: lower
                        .get(i..end)
                        .and_then(|w| idx.ids.get(w.as_bytes()))
                        .copied(),
                },
            });
            sp = false;
            continue;
        }
        if let Some(d) = sup_digit(c) {
            let mut v: u32 = d;
            let mut end = i + c.len_utf8();
            while let Some(&(j, e)) = it.peek() {
                match sup_digit(e) {
                    Some(x) => {
                        v = v.saturating_mul(10).saturating_add(x);
                        end = j + e.len_utf8();
                        it.next();
                    }
                    None => break,
                }
            }
            push_lx(&mut out, &mut sp, base + i, base + end, K::Sup(v));
            continue;
        }
        if c == '⁽' {
            if let Some((v, len)) = paren_superscript(text.get(i + c.len_utf8()..).unwrap_or("")) {
                let end = i + c.len_utf8() + len;
                skip_before(&mut it, end);
                push_lx(&mut out, &mut sp, base + i, base + end, K::Sup(v));
                continue;
            }
        }
        push_lx(
            &mut out,
            &mut sp,
            base + i,
            base + i + c.len_utf8(),
            K::Punct(c),
        );
    }
    (out, nums)
}

/// Advances `it` past every char starting before byte `end` (a lexeme just consumed them).
#[cfg(test)]
fn skip_before(it: &mut std::iter::Peekable<std::str::CharIndices<'_>>, end: usize) {
    while it.peek().is_some_and(|&(j, _)| j < end) {
        it.next();
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 2: tokens
// ---------------------------------------------------------------------------------------------

const VI_LETTERS: [char; 23] = [
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'x', 'y',
];

fn pow10_neg(d: u32) -> Decimal {
    Decimal::try_from_i128_with_scale(1, d.min(28)).unwrap_or(Decimal::ZERO)
}

fn is_year(n: &NumberLit, len: usize) -> bool {
    len == 4
        && n.group_mark.is_none()
        && n.decimal_mark.is_none()
        && n.value >= Decimal::from(1945)
        && n.value <= Decimal::from(2100)
}

/// Longest chunk (bytes) examined as a citation symbol or a list of labels.
const MAX_CHUNK: usize = 96;

/// Length of the non-blank chunk that starts `rest`, trailing punctuation excluded; 0 when
/// no white space starts before byte [`MAX_CHUNK`] and `rest` is longer than that.
/// One scan that stops at the first white space (a chunk is short): the chars up to the
/// cap are not walked first. A white space char starting before the cap is found either
/// way, and without one, `rest` shorter than the cap is the chunk
/// ([`chunk_len_by_capping`] is the two-scan form it must agree with).
fn chunk_len(rest: &str) -> usize {
    let mut len = None;
    for (k, c) in rest.char_indices() {
        if k >= MAX_CHUNK {
            break;
        }
        if c.is_whitespace() {
            len = Some(k);
            break;
        }
    }
    let len = match len {
        Some(l) => l,
        None if rest.len() < MAX_CHUNK => rest.len(),
        None => return 0,
    };
    let chunk = rest.get(..len).unwrap_or("");
    chunk
        .trim_end_matches(['.', ',', ';', ':', ')', '”', '"', '…'])
        .len()
}

/// [`chunk_len`] as it was written first: cap `rest` at the end of the last char starting
/// before [`MAX_CHUNK`], then look for white space in the capped text.
#[cfg(test)]
fn chunk_len_by_capping(rest: &str) -> usize {
    let capped = rest
        .char_indices()
        .take_while(|&(k, _)| k < MAX_CHUNK)
        .last()
        .map_or(0, |(k, c)| k + c.len_utf8());
    let rest = rest.get(..capped).unwrap_or("");
    let Some(len) = rest
        .find(char::is_whitespace)
        .or((capped < MAX_CHUNK).then_some(capped))
    else {
        return 0;
    };
    let chunk = rest.get(..len).unwrap_or("");
    chunk
        .trim_end_matches(['.', ',', ';', ':', ')', '”', '"', '…'])
        .len()
}

/// A parsed quantity with what the ratio/range logic needs to know.
struct QP {
    q: Quantity,
    next: usize,
    /// Multiplier of the first scale word, if any.
    scale: Option<Decimal>,
    /// Lexeme index of the unit's first lexeme, if a unit was found.
    unit_at: Option<usize>,
}

struct Tk<'a> {
    text: &'a str,
    lx: Vec<Lx>,
    /// The numbers of `lx` ([`K::Num`] indexes).
    nums: Vec<NumberLit>,
    /// Lowercase copy of the content (same offsets as the content).
    lower: &'a str,
    /// Offset of the content in `text` (lexeme offsets minus `base` index `lower`).
    base: usize,
    lex: &'a Lexicon,
    /// End of the content being tokenised (byte offset in `text`).
    end: usize,
    out: Vec<Token>,
    /// Context noun that ends right before lexeme `.1`.
    ctx: Option<(Ctx, usize)>,
    /// A citation or label noun earlier in the clause: a bare year after it belongs to it.
    recent: Option<Ctx>,
    /// Tests: take the long way through every pattern (the oracle of the shortcuts).
    #[cfg(test)]
    no_shortcut: bool,
}

#[cfg(test)]
thread_local! {
    /// Tests: tokenise without the shortcuts ([`Tk::no_shortcut`]).
    static NO_SHORTCUT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl<'a> Tk<'a> {
    /// The lowercase form of word lexeme `i`.
    fn word(&self, i: usize) -> Option<&str> {
        let l = self.lx.get(i)?;
        match l.k {
            K::Word { .. } => self
                .lower
                .get(l.start.checked_sub(self.base)?..l.end.checked_sub(self.base)?),
            _ => None,
        }
    }
    /// [`Self::word`] as bytes (empty for other lexemes).
    #[inline]
    fn word_bytes(&self, i: usize) -> &[u8] {
        match self.lx.get(i) {
            Some(
                l @ Lx {
                    k: K::Word { .. }, ..
                },
            ) => l
                .start
                .checked_sub(self.base)
                .zip(l.end.checked_sub(self.base))
                .and_then(|(a, b)| self.lower.as_bytes().get(a..b))
                .unwrap_or_default(),
            _ => &[],
        }
    }
    fn num(&self, i: usize) -> Option<&NumberLit> {
        match self.lx.get(i).map(|l| &l.k) {
            Some(K::Num(n)) => self.nums.get(*n as usize),
            _ => None,
        }
    }
    fn punct(&self, i: usize) -> Option<char> {
        match self.lx.get(i).map(|l| &l.k) {
            Some(K::Punct(c)) => Some(*c),
            _ => None,
        }
    }
    /// The white space before lexeme `j` contains a tab (a cell boundary).
    fn tab_before(&self, j: usize) -> bool {
        let prev_end = match j.checked_sub(1) {
            Some(p) => self.end_of(p),
            None => return false,
        };
        self.src(prev_end, self.start_of(j)).contains('\t')
    }
    fn end_of(&self, i: usize) -> usize {
        self.lx.get(i).map_or(self.end, |l| l.end)
    }
    fn start_of(&self, i: usize) -> usize {
        self.lx.get(i).map_or(self.end, |l| l.start)
    }
    fn glued(&self, i: usize) -> bool {
        self.lx.get(i).is_some_and(|l| !l.sp)
    }
    fn src(&self, s: usize, e: usize) -> &str {
        self.text.get(s..e).unwrap_or("")
    }
    /// Plain integer: digits only, no marks. Returns (value, digit count).
    fn plain(&self, i: usize) -> Option<(u64, usize)> {
        let n = self.num(i)?;
        if n.decimal_mark.is_some() || n.group_mark.is_some() || n.reading != Reading::Certain {
            return None;
        }
        let len = n.span.len();
        let v = u64::try_from(n.value.mantissa()).ok()?;
        Some((v, len))
    }
    fn year_at(&self, i: usize) -> bool {
        self.num(i).is_some_and(|n| is_year(n, n.span.len()))
    }

    /// Longest phrase starting at lexeme `i` whose category satisfies `pred`.
    fn phrase(&self, i: usize, pred: impl Fn(Cat) -> bool) -> Option<(Cat, usize)> {
        let Some(K::Word { id: Some(id), .. }) = self.lx.get(i).map(|l| &l.k) else {
            return None;
        };
        let entries = self.lex.phrases.entries.get(*id as usize)?;
        // Words compared as bytes (no char-boundary checks; a non-word lexeme gives an
        // empty slice, which no phrase word is), the next word read once for all entries.
        let next = self.word_bytes(i + 1);
        'entries: for e in entries {
            if !pred(e.cat) {
                continue;
            }
            for (k, w) in e.rest.iter().enumerate() {
                let got = if k == 0 {
                    next
                } else {
                    self.word_bytes(i + 1 + k)
                };
                if got != w.as_bytes() {
                    continue 'entries;
                }
            }
            return Some((e.cat, 1 + e.rest.len()));
        }
        None
    }

    fn push(&mut self, s: usize, e: usize, kind: TokenKind) {
        self.out.push(Token {
            span: Span::new(s, e),
            kind,
        });
    }

    fn push_lexeme(&mut self, i: usize) {
        let Some(l) = self.lx.get(i) else { return };
        let (s, e) = (l.start, l.end);
        let kind = match &l.k {
            K::Word { .. } => TokenKind::Word,
            K::Punct(c) => TokenKind::Punct { ch: *c },
            K::Sup(v) => TokenKind::FootnoteMark { mark: *v },
            K::Num(_) => {
                // Only reached for numbers no pattern claimed; treat as a bare quantity.
                if let Some(qp) = self.quantity(i) {
                    let q = qp.q;
                    self.push(
                        q.span.start as usize,
                        q.span.end as usize,
                        TokenKind::Quantity(Box::new(q)),
                    );
                }
                return;
            }
        };
        self.push(s, e, kind);
    }

    fn nq(&mut self, s: usize, e: usize, what: NonQuantityKind) {
        self.push(s, e, TokenKind::NonQuantity { what });
    }

    /// Index of the first lexeme starting at or after byte `pos`.
    fn skip_to(&self, from: usize, pos: usize) -> usize {
        let mut j = from;
        while self.lx.get(j).is_some_and(|l| l.start < pos) {
            j += 1;
        }
        j
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lx.len() {
            i = self.step(i);
        }
    }

    fn step(&mut self, i: usize) -> usize {
        let Some(&l) = self.lx.get(i) else {
            return i + 1;
        };
        match l.k {
            K::Num(_) => self.at_num(i),
            K::Word { has_digit, id } => self.at_word(i, &l, has_digit, id),
            K::Punct(c) => self.at_punct(i, &l, c),
            K::Sup(v) => {
                let (s, e) = (l.start, l.end);
                if l.sp {
                    // A loose superscript is not glued to anything: keep it as punctuation.
                    let chars: Vec<(usize, char)> = self
                        .src(s, e)
                        .char_indices()
                        .map(|(k, c)| (s + k, c))
                        .collect();
                    for (p, c) in chars {
                        self.push(p, p + c.len_utf8(), TokenKind::Punct { ch: c });
                    }
                } else {
                    self.push(s, e, TokenKind::FootnoteMark { mark: v });
                }
                i + 1
            }
        }
    }

    fn enumerator_allowed(&self) -> bool {
        match self.out.last() {
            None => true,
            Some(t) => matches!(
                t.kind,
                TokenKind::Punct {
                    ch: ':' | ';' | ','
                }
            ),
        }
    }

    /// A word that starts no phrase: a word token, or the times sign.
    #[inline]
    fn plain_word(&mut self, i: usize, s: usize, e: usize, sp: bool) -> usize {
        // `67 hộ x 64.300đ`: a lone `x` between spaces before a number is a times sign.
        let times = e - s == 1
            && matches!(self.src(s, e), "x" | "X")
            && sp
            && self.lx.get(i + 1).is_some_and(|l| l.sp)
            && self.num(i + 1).is_some();
        let kind = if times {
            TokenKind::Punct { ch: 'x' }
        } else {
            TokenKind::Word
        };
        self.push(s, e, kind);
        i + 1
    }

    fn letter_ordinal(w: &str) -> Option<u32> {
        let mut cs = w.chars();
        let c = cs.next()?;
        if cs.next().is_some() {
            return None;
        }
        let pos = VI_LETTERS.iter().position(|&x| x == c)?;
        u32::try_from(pos + 1).ok()
    }

    /// `l` is lexeme `i`, the punctuation char `c`.
    fn at_punct(&mut self, i: usize, l: &Lx, c: char) -> usize {
        let start = l.start;
        if !matches!(c, '-' | '–' | '(' | '"' | '“') {
            self.recent = None;
        }
        match c {
            // `(1)`, `(a)`
            '(' if self.punct(i + 2) == Some(')') && self.glued(i + 1) && self.glued(i + 2) => {
                let end = self.lx.get(i + 2).map_or(0, |l| l.end);
                if let Some((v, len)) = self.plain(i + 1) {
                    if len <= 3 {
                        let label = self
                            .src(self.start_of(i + 1), self.end_of(i + 1))
                            .to_string();
                        self.push(
                            start,
                            end,
                            TokenKind::Enumerator {
                                label: Box::new(label),
                                ordinal: v as u32,
                            },
                        );
                        return i + 3;
                    }
                }
                if let Some(w) = self.word(i + 1) {
                    if let Some(o) = Self::letter_ordinal(w) {
                        let label = w.to_string();
                        self.push(
                            start,
                            end,
                            TokenKind::Enumerator {
                                label: Box::new(label),
                                ordinal: o,
                            },
                        );
                        return i + 3;
                    }
                }
            }
            // `[^1]`
            '[' if self.punct(i + 1) == Some('^') && self.punct(i + 3) == Some(']') => {
                if let Some((v, _)) = self.plain(i + 2) {
                    let end = self.lx.get(i + 3).map_or(0, |l| l.end);
                    self.push(start, end, TokenKind::FootnoteMark { mark: v as u32 });
                    return i + 4;
                }
            }
            '≥' | '>' | '≤' | '<' if self.num(i + 1).is_some() => {
                let bound = match c {
                    '≥' => Bound::AtLeast,
                    '>' => Bound::MoreThan,
                    '≤' => Bound::AtMost,
                    _ => Bound::LessThan,
                };
                let before = self.out.len();
                let next = self.at_num(i + 1);
                self.merge_pre(before, start, None, Some(bound));
                return next;
            }
            _ => {}
        }
        self.push(start, l.end, TokenKind::Punct { ch: c });
        i + 1
    }

    /// Folds a hedge / bound that precedes the token at `out[before]` into it.
    fn merge_pre(
        &mut self,
        before: usize,
        start: usize,
        hedge: Option<Span>,
        bound: Option<Bound>,
    ) {
        let Some(tok) = self.out.get_mut(before) else {
            return;
        };
        let apply = |q: &mut Quantity| {
            q.span.start = start as u32;
            if hedge.is_some() {
                q.hedge = hedge;
            }
            if bound.is_some() {
                q.bound = bound;
            }
            if hedge.is_some() || bound.is_some() {
                q.exact = false;
            }
        };
        match &mut tok.kind {
            TokenKind::Quantity(q) => apply(q),
            TokenKind::Range(r) => apply(&mut r.low),
            _ => return,
        }
        tok.span.start = start as u32;
        // The hedge words / bound symbol were pushed before the token: drop them.
        // Only the last few tokens can start at or after `start` (linear overall).
        let keep: Vec<Token> = self.out.drain(before..).collect();
        while self
            .out
            .last()
            .is_some_and(|t| (t.span.start as usize) >= start)
        {
            self.out.pop();
        }
        self.out.extend(keep);
    }

    /// `l` is lexeme `i`, a word (`id`: the phrases it starts).
    fn at_word(&mut self, i: usize, l: &Lx, has_digit: bool, id: Option<u32>) -> usize {
        let (s, e, sp) = (l.start, l.end, l.sp);
        // Most words: no digit, no context noun before, and no `)` or hyphen after. Every
        // pattern below up to the phrase scans needs one of these (`a)`, `km16+750`, codes,
        // `Covid-19`, Roman numerals), so such a word has only the times sign left to check
        // if it starts no phrase, and only the phrase scans if it does (with no context
        // before it, `số` keeps no citation context, so `is_so` does not matter there).
        if !has_digit
            && self.ctx.is_none_or(|c| c.1 != i)
            && !matches!(self.punct(i + 1), Some(')' | '-' | '–'))
        {
            match id {
                None => return self.plain_word(i, s, e, sp),
                #[cfg(test)]
                Some(_) if self.no_shortcut => {}
                Some(id) => return self.phrase_word(i, s, e, None, false, id),
            }
        }
        // Facts about the word, read once (no allocation on the common path).
        let (is_covid, starts_km, is_so, ordinal) = {
            // Compared as bytes: a word's range is on char boundaries, and byte slices skip
            // the boundary checks of `str` slicing (this runs for every word).
            let w = self.word_bytes(i);
            (
                w == b"covid",
                w.starts_with(b"km"),
                w == "số".as_bytes(),
                // Only needed before `)`; most words skip the lookup.
                if self.punct(i + 1) == Some(')') {
                    Self::letter_ordinal(self.word(i).unwrap_or(""))
                } else {
                    None
                },
            )
        };
        let ctx = self.ctx.filter(|c| c.1 == i).map(|c| c.0);

        // `a)` enumerator.
        if self.punct(i + 1) == Some(')') && self.glued(i + 1) && self.enumerator_allowed() {
            if let Some(o) = ordinal {
                let end = self.end_of(i + 1);
                let label = self.word(i).unwrap_or("").to_string();
                self.push(
                    s,
                    end,
                    TokenKind::Enumerator {
                        label: Box::new(label),
                        ordinal: o,
                    },
                );
                return i + 2;
            }
        }
        // `km16+750`
        if has_digit
            && starts_km
            && self.punct(i + 1) == Some('+')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.num(i + 2).is_some()
        {
            let end = self.end_of(i + 2);
            self.nq(s, end, NonQuantityKind::Road);
            return i + 3;
        }
        if has_digit && self.phrase(i, |c| matches!(c, Cat::Unit(_))).is_none() {
            self.nq(s, e, NonQuantityKind::Code);
            return i + 1;
        }
        // `Covid-19`, `Covid -19`
        let first_upper = match self.text.as_bytes().get(s) {
            Some(&b) if b < 0x80 => b.is_ascii_uppercase(),
            _ => self
                .src(s, e)
                .chars()
                .next()
                .is_some_and(crate::chars::is_upper),
        };
        if (first_upper || is_covid)
            && self.src(s, e).is_ascii()
            && e - s >= 2
            && matches!(self.punct(i + 1), Some('-' | '–'))
            && self
                .lx
                .get(i + 1)
                .is_some_and(|l| !l.sp || self.src(e, l.start) == " ")
            && self
                .lx
                .get(i + 2)
                .is_some_and(|l| !l.sp || self.src(self.end_of(i + 1), l.start) == " ")
            && self.plain(i + 2).is_some()
            && self.punct(i + 3) != Some('/')
        {
            let end = self.end_of(i + 2);
            self.nq(s, end, NonQuantityKind::Code);
            return i + 3;
        }
        // Roman numerals after a context noun.
        if let Some(c) = ctx {
            let orig = self.src(s, e);
            if roman_value(orig).is_some() {
                let what = if c == Ctx::Level {
                    NonQuantityKind::Level
                } else {
                    NonQuantityKind::RomanTerm
                };
                self.nq(s, e, what);
                return i + 1;
            }
        }
        match id {
            None => self.plain_word(i, s, e, sp),
            Some(id) => self.phrase_word(i, s, e, ctx, is_so, id),
        }
    }

    /// The rest of [`Self::at_word`] for word `i` (`s..e`), which starts the phrases of entry
    /// `id`: a hedge before a number, a context noun, or a word token. `ctx` is the context
    /// noun right before it; `is_so`: the word is `số`.
    fn phrase_word(
        &mut self,
        i: usize,
        s: usize,
        e: usize,
        ctx: Option<Ctx>,
        is_so: bool,
        id: u32,
    ) -> usize {
        // The categories of the phrases this word starts: `phrase` finds no hedge (no
        // context noun) when none of them is one, so the scans below are skipped.
        let cats = self.lex.phrases.cats.get(id as usize).copied().unwrap_or(0);
        // Hedge before a number (optionally with a bound symbol).
        if let Some((_, n)) = (cats & CAT_HEDGE != 0)
            .then(|| self.phrase(i, |c| c == Cat::Hedge))
            .flatten()
        {
            let mut k = i + n;
            let mut bound = None;
            if let Some(b) = self.punct(k) {
                bound = match b {
                    '≥' => Some(Bound::AtLeast),
                    '>' => Some(Bound::MoreThan),
                    '≤' => Some(Bound::AtMost),
                    '<' => Some(Bound::LessThan),
                    _ => None,
                };
                if bound.is_some() {
                    k += 1;
                }
            }
            if self.num(k).is_some() {
                let hedge = Span::new(s, self.end_of(i + n - 1));
                for j in i..k {
                    self.push_lexeme(j);
                }
                let before = self.out.len() - (k - i);
                let next = self.at_num(k);
                self.merge_pre_after(before, k - i, s, hedge, bound);
                return next;
            }
        }
        // Context nouns.
        if let Some((cat, n)) = (cats & CAT_CTX != 0)
            .then(|| self.phrase(i, |c| matches!(c, Cat::Ctx(_) | Cat::NotLabel)))
            .flatten()
        {
            // A phrase is words only (`phrase` matched each): word tokens.
            for j in i..i + n {
                if let Some(l) = self.lx.get(j) {
                    let (ws, we) = (l.start, l.end);
                    self.push(ws, we, TokenKind::Word);
                }
            }
            match cat {
                Cat::Ctx(c) => {
                    // `Công văn số 3317`: `số` keeps the citation context.
                    let keep = ctx == Some(Ctx::Citation) && n == 1 && is_so;
                    let c = if keep { Ctx::Citation } else { c };
                    self.ctx = Some((c, i + n));
                    // A later year in the clause belongs to a named document (`Luật Đất đai
                    // năm 2024`): only capitalised nouns name one (`pháp luật năm 2023` is
                    // generic).
                    let named = self
                        .src(s, e)
                        .chars()
                        .next()
                        .is_some_and(crate::chars::is_upper);
                    if matches!(c, Ctx::Citation | Ctx::Label) && named {
                        self.recent = Some(c);
                    }
                }
                _ => self.ctx = None,
            }
            return i + n;
        }
        self.push(s, e, TokenKind::Word);
        i + 1
    }

    /// Like [`Self::merge_pre`] for a hedge whose words (`n` tokens) were pushed before.
    fn merge_pre_after(
        &mut self,
        first_tok: usize,
        n: usize,
        start: usize,
        hedge: Span,
        bound: Option<Bound>,
    ) {
        let at = first_tok + n;
        let mergeable = matches!(
            self.out.get(at).map(|t| &t.kind),
            Some(TokenKind::Quantity(_)) | Some(TokenKind::Range(_))
        );
        if mergeable {
            self.merge_pre(at, start, Some(hedge), bound);
        }
    }

    /// Unit (or count noun, `%`) at lexeme `j`. Returns the unit and the next lexeme.
    fn unit_at(&self, j: usize) -> Option<(UnitRef, usize)> {
        let l = self.lx.get(j)?;
        if self.tab_before(j) {
            // A tab separates table cells: the next cell is not this number's unit.
            return None;
        }
        if self.punct(j) == Some('%') {
            let u = self.lex.units.get(self.lex.phrases.percent?)?;
            return Some((
                UnitRef {
                    name: UnitName::Borrowed(u.name),
                    dimension: u.dimension,
                    factor: u.factor,
                    span: Span::new(l.start, l.end),
                },
                j + 1,
            ));
        }
        let (cat, n) = self.phrase(j, |c| matches!(c, Cat::Unit(_) | Cat::Count(_)))?;
        let end = self.lx.get(j + n - 1)?.end;
        let span = Span::new(l.start, end);
        let u = match cat {
            Cat::Unit(ix) => {
                let u = self.lex.units.get(ix)?;
                UnitRef {
                    name: UnitName::Borrowed(u.name),
                    dimension: u.dimension,
                    factor: u.factor,
                    span,
                }
            }
            // The matched words are the count noun's words (`phrase` compares them one by
            // one), so its interned name is the text's lowercase words joined by spaces.
            Cat::Count(ix) => UnitRef {
                name: match self.lex.count_names.get(ix as usize) {
                    Some(&name) => UnitName::Borrowed(name),
                    None => UnitName::owned(self.lower_words(j, n)),
                },
                dimension: Dimension::Count,
                factor: Decimal::ONE,
                span,
            },
            _ => UnitRef {
                name: UnitName::owned(self.lower_words(j, n)),
                dimension: Dimension::Count,
                factor: Decimal::ONE,
                span,
            },
        };
        Some((u, j + n))
    }

    fn lower_words(&self, j: usize, n: usize) -> String {
        let mut s = String::new();
        for k in j..j + n {
            if k > j {
                s.push(' ');
            }
            s.push_str(self.word(k).unwrap_or(""));
        }
        s
    }

    /// Number + scale words + unit/noun (+ `/x/y` rate) at lexeme `i`.
    fn quantity(&self, i: usize) -> Option<QP> {
        let n = self.num(i)?;
        let start = n.span.start as usize;
        let mut number_end = n.span.end as usize;
        let mut total = Decimal::ZERO;
        let mut alt_total: Option<Decimal> = None;
        let mut cur = n.value;
        let mut cur_alt = n.alt;
        let mut cur_dec = n.decimals;
        let mut last_scale: Option<Decimal> = None;
        let mut first_scale = None;
        let mut resolution = pow10_neg(n.decimals);
        let mut j = i + 1;
        while let Some((Cat::Scale(m), 1)) = self.phrase(j, |c| matches!(c, Cat::Scale(_))) {
            // A tab separates table cells: `1\tTỷ lệ hộ nghèo` is a row number, then the
            // indicator, not "1 tỷ".
            if last_scale.is_some_and(|ls| m >= ls) || self.tab_before(j) {
                break;
            }
            total = total.checked_add(cur.checked_mul(m)?)?;
            alt_total = match (alt_total, cur_alt) {
                (Some(a), Some(b)) => Some(a.checked_add(b.checked_mul(m)?)?),
                (Some(a), None) => Some(a.checked_add(cur.checked_mul(m)?)?),
                (None, Some(b)) => Some(
                    total
                        .checked_sub(cur.checked_mul(m)?)?
                        .checked_add(b.checked_mul(m)?)?,
                ),
                (None, None) => None,
            };
            resolution = pow10_neg(cur_dec).checked_mul(m)?;
            first_scale.get_or_insert(m);
            last_scale = Some(m);
            number_end = self.lx.get(j)?.end;
            j += 1;
            // Chain: `52 tỷ 262 triệu …`: a 1–3 digit integer followed by a smaller scale word.
            match (
                self.plain(j),
                self.phrase(j + 1, |c| matches!(c, Cat::Scale(_))),
            ) {
                (Some((v, len)), Some((Cat::Scale(m2), 1)))
                    if len <= 3 && m2 < m && !self.tab_before(j) && !self.tab_before(j + 1) =>
                {
                    cur = Decimal::from(v);
                    cur_alt = None;
                    cur_dec = 0;
                    j += 1;
                }
                _ => {
                    cur = Decimal::ZERO;
                    break;
                }
            }
        }
        let value = if last_scale.is_some() { total } else { cur };
        let alt = if last_scale.is_some() {
            alt_total
        } else {
            cur_alt
        };
        let mut unit = None;
        let mut unit_at = None;
        if let Some((mut u, next)) = self.unit_at(j) {
            // Glued words that are not units (`2025về`) are handled by the caller.
            unit_at = Some(j);
            j = next;
            // Rates: `đ/hộ/tháng`, `tạ/ha`, `buổi/tháng`.
            while self.punct(j) == Some('/') && self.glued(j) && self.glued(j + 1) {
                let Some(w) = self.word(j + 1) else { break };
                if u.dimension != Dimension::Rate {
                    u.dimension = Dimension::Rate;
                    u.factor = Decimal::ONE;
                }
                u.name.push_str("/");
                u.name.push_str(w);
                u.span.end = self.lx.get(j + 1)?.end as u32;
                j += 2;
            }
            unit = Some(u);
        }
        let end = unit.as_ref().map_or(number_end, |u| u.span.end as usize);
        let integer = n.decimals == 0 && last_scale.is_none() && n.reading == Reading::Certain;
        let countable = unit
            .as_ref()
            .is_none_or(|u| u.dimension == Dimension::Count);
        Some(QP {
            q: Quantity {
                span: Span::new(start, end),
                number_span: Span::new(start, number_end),
                value,
                alt: alt.map(Box::new),
                resolution,
                exact: integer && countable,
                reading: n.reading,
                zero_padded: n.zero_padded,
                unit,
                hedge: None,
                bound: None,
            },
            next: j,
            scale: first_scale,
            unit_at,
        })
    }

    /// Applies `trở lên` / `trở xuống` within the next few words.
    fn after_bound(&self, q: &mut Quantity, next: usize) {
        for k in next..next + 4 {
            match self.lx.get(k).map(|l| &l.k) {
                Some(K::Word { .. }) => {}
                _ => return,
            }
            if let Some((Cat::HedgeAfter, _)) = self.phrase(k, |c| c == Cat::HedgeAfter) {
                let down = self.word(k + 1) == Some("xuống");
                q.bound = Some(if down { Bound::AtMost } else { Bound::AtLeast });
                q.exact = false;
                return;
            }
        }
    }

    /// End of the non-blank chunk starting at `s`, trailing punctuation excluded.
    /// Chunks longer than [`MAX_CHUNK`] are not citations: the cap keeps runs like
    /// `1/1/1/…` linear.
    fn chunk_end(&self, s: usize) -> usize {
        s + chunk_len(self.text.get(s..self.end).unwrap_or(""))
    }

    fn at_num(&mut self, i: usize) -> usize {
        let Some(n) = self.num(i).cloned() else {
            return i + 1;
        };
        let s = n.span.start as usize;
        let e = n.span.end as usize;
        let ctx = self.ctx.filter(|c| c.1 == i).map(|c| c.0);
        let recent = self.recent.take();
        let p1 = self.punct(i + 1).filter(|_| self.glued(i + 1));

        // `1)` enumerator.
        if p1 == Some(')') && self.enumerator_allowed() {
            if let Some((v, len)) = self.plain(i) {
                if len <= 2 {
                    let end = self.end_of(i + 1);
                    let label = self.src(s, e).to_string();
                    self.push(
                        s,
                        end,
                        TokenKind::Enumerator {
                            label: Box::new(label),
                            ordinal: v as u32,
                        },
                    );
                    return i + 2;
                }
            }
        }
        // Citations with a symbol: `1665/NQ-UBTVQH15`, `04/2026/NQ-HĐND`, `57-NQ/TW`.
        if matches!(p1, Some('/') | Some('-')) && self.glued(i + 2) {
            let ce = self.chunk_end(s);
            let chunk = self.src(s, ce);
            if chunk.contains('/') && chunk.chars().any(char::is_uppercase) {
                self.nq(s, ce, NonQuantityKind::Citation);
                return self.skip_to(i, ce);
            }
        }
        // Lists of labels: `các chỉ tiêu 1,2,3,4,5,6,7,8,14,15`, `9,10,11,12`.
        if ctx.is_none() && p1 == Some(',') {
            let rest = self.text.get(s..self.end).unwrap_or("").as_bytes();
            let (mut k, mut parts, mut non3) = (0, 1, false);
            let mut run = 0;
            while let Some(&b) = rest.get(k).filter(|_| k < MAX_CHUNK) {
                if b.is_ascii_digit() {
                    run += 1;
                } else if b == b',' && run > 0 && rest.get(k + 1).is_some_and(u8::is_ascii_digit) {
                    non3 |= parts > 1 && run != 3;
                    parts += 1;
                    run = 0;
                } else {
                    break;
                }
                k += 1;
            }
            non3 |= run != 3;
            if parts >= 3 && non3 {
                self.nq(s, s + k, NonQuantityKind::Label);
                return self.skip_to(i, s + k);
            }
        }
        // Levels: `mức độ 3,4`, `quý 1,2,3,4/2025`, `thứ 2,4,6`.
        if ctx == Some(Ctx::Level) {
            let rest = self.text.get(s..self.end).unwrap_or("").as_bytes();
            let mut k = 0;
            while k < rest.len() {
                let b = rest[k];
                if b.is_ascii_digit()
                    || ((b == b',' || b == b'/') && rest.get(k + 1).is_some_and(u8::is_ascii_digit))
                {
                    k += 1;
                } else if b == b','
                    && rest.get(k + 1) == Some(&b' ')
                    && rest.get(k + 2).is_some_and(u8::is_ascii_digit)
                    && !rest.get(k + 3).is_some_and(u8::is_ascii_digit)
                {
                    // `mức độ 3, 4`: one-digit levels after a comma and a space.
                    k += 3;
                } else {
                    break;
                }
            }
            let qp = self.quantity(i);
            if qp.as_ref().is_none_or(|q| q.q.unit.is_none()) {
                let mut next = self.skip_to(i, s + k);
                let mut end = s + k;
                // `mức độ 3 và 4`: a second one-digit level joined by `và`.
                if self.word(next) == Some("và")
                    && self.plain(next + 1).is_some_and(|(_, len)| len <= 2)
                    && self.quantity(next + 1).is_some_and(|q| q.q.unit.is_none())
                {
                    end = self.end_of(next + 1);
                    next += 2;
                }
                self.nq(s, end, NonQuantityKind::Level);
                return next;
            }
        }
        // Standards: `ISO 9001:2015`.
        if ctx == Some(Ctx::Standard) {
            let mut end = e;
            let mut next = i + 1;
            if p1 == Some(':') && self.glued(i + 2) && self.num(i + 2).is_some() {
                end = self.end_of(i + 2);
                next = i + 3;
            }
            self.nq(s, end, NonQuantityKind::Standard);
            return next;
        }
        if let Some(r) = self.date(i, ctx) {
            return r;
        }
        // `24/24`
        if p1 == Some('/')
            && self.glued(i + 2)
            && self.plain(i) == Some((24, 2))
            && self.plain(i + 2) == Some((24, 2))
        {
            let after = self.unit_at(i + 3);
            if after.as_ref().is_none_or(|(u, _)| u.name == "giờ") {
                let end = self.end_of(i + 2);
                self.nq(s, end, NonQuantityKind::RoundTheClock);
                return i + 3;
            }
        }
        // `tỷ lệ 1/2000`
        if ctx == Some(Ctx::MapScale)
            && p1 == Some('/')
            && self.glued(i + 2)
            && self.plain(i) == Some((1, 1))
        {
            if let Some((_, _)) = self.plain(i + 2) {
                if self.unit_at(i + 3).is_none() {
                    let end = self.end_of(i + 2);
                    self.nq(s, end, NonQuantityKind::MapScale);
                    return i + 3;
                }
            }
        }
        // Periods: `2026-2030`, `2021 - 2025`, `2022- 2023`.
        if self.year_at(i)
            && matches!(self.punct(i + 1), Some('-' | '–'))
            && self.year_at(i + 2)
            && self.unit_at(i + 3).is_none()
        {
            let end = self.end_of(i + 2);
            self.nq(s, end, NonQuantityKind::Period);
            return i + 3;
        }
        // `6 tháng đầu năm [2026]`
        if let Some((Cat::PeriodAfter, n)) = self.phrase(i + 1, |c| c == Cat::PeriodAfter) {
            let mut last = i + n;
            if self.year_at(last + 1) {
                last += 1;
            }
            let end = self.end_of(last);
            self.nq(s, end, NonQuantityKind::Period);
            return last + 1;
        }
        // Times: `17h30’`, `6 h00’`.
        if let Some((v, _)) = self.plain(i) {
            if let Some(w) = self.word(i + 1) {
                let rest = w.strip_prefix('h');
                let ok =
                    rest.is_some_and(|r| r.len() <= 2 && r.bytes().all(|b| b.is_ascii_digit()));
                let spaced_ok = rest.is_some_and(|r| r.len() == 2);
                if v <= 24 && ok && (self.glued(i + 1) || spaced_ok) {
                    let mut last = i + 1;
                    if matches!(self.punct(i + 2), Some('’' | '\'' | '′')) && self.glued(i + 2)
                    {
                        last = i + 2;
                    }
                    let end = self.end_of(last);
                    self.nq(s, end, NonQuantityKind::Time);
                    return last + 1;
                }
            }
        }
        match ctx {
            Some(Ctx::Day | Ctx::Month) if self.plain(i).is_some_and(|(_, l)| l <= 2) => {
                self.nq(s, e, NonQuantityKind::DatePart);
                return i + 1;
            }
            Some(Ctx::Year | Ctx::Period) if self.year_at(i) => {
                let what = match (ctx, recent) {
                    (_, Some(Ctx::Citation)) => NonQuantityKind::Citation,
                    (Some(Ctx::Period), _) => NonQuantityKind::Period,
                    _ => NonQuantityKind::Year,
                };
                self.nq(s, e, what);
                return i + 1;
            }
            Some(c @ (Ctx::Road | Ctx::Citation | Ctx::Label | Ctx::Roman)) => {
                // A unit, a scale word or a ratio after the number makes it a quantity
                // (`trực tuyến 3065/3087 hồ sơ`).
                let has_unit = self
                    .quantity(i)
                    .is_some_and(|q| q.q.unit.is_some() || q.scale.is_some())
                    || (p1 == Some('/') && self.glued(i + 2) && self.num(i + 2).is_some());
                if !has_unit || c == Ctx::Road {
                    // A glued letter suffix belongs to the label: `394B`, `390b`.
                    let mut last = i;
                    if self.word(i + 1).is_some_and(|w| w.chars().count() <= 2) && self.glued(i + 1)
                    {
                        last = i + 1;
                    }
                    let end = self.end_of(last);
                    let what = match c {
                        Ctx::Road => NonQuantityKind::Road,
                        Ctx::Citation => NonQuantityKind::Citation,
                        _ => NonQuantityKind::Label,
                    };
                    self.nq(s, end, what);
                    return last + 1;
                }
            }
            _ => {}
        }
        if let Some(r) = self.damaged(i) {
            return r;
        }
        let Some(mut qp) = self.quantity(i) else {
            self.push(s, e, TokenKind::Word);
            return i + 1;
        };
        // Glued word that is not a unit: `560KVA`, `35kV` (codes), `2025về` (lost space).
        if qp.q.unit.is_none()
            || qp
                .q
                .unit
                .as_ref()
                .is_some_and(|u| u.dimension == Dimension::Other)
        {
            let glued_word = qp.unit_at.unwrap_or(qp.next);
            if qp.scale.is_none() && self.glued(glued_word) {
                if let Some(w) = self.word(glued_word) {
                    // Only short ASCII suffixes make codes; `5tuổi` stays a quantity.
                    if w.is_ascii() && w.len() <= 4 {
                        let end = self.end_of(glued_word);
                        self.nq(s, end, NonQuantityKind::Code);
                        return glued_word + 1;
                    }
                }
            }
        }
        // Ratio `a/b`.
        if self.punct(qp.next) == Some('/')
            && self.glued(qp.next)
            && self.glued(qp.next + 1)
            && self.num(qp.next + 1).is_some()
        {
            if let Some(mut den) = self.quantity(qp.next + 1) {
                let mut num = qp.q;
                if num.unit.is_none() && den.q.unit.is_some() {
                    num.unit = den.q.unit.clone();
                    if num.value != Decimal::ZERO || qp.scale.is_none() {
                        if let (None, Some(m)) = (qp.scale, den.scale) {
                            num.value = num.value.checked_mul(m).unwrap_or(num.value);
                            num.alt = num.alt.and_then(|a| a.checked_mul(m).map(Box::new));
                            num.resolution =
                                num.resolution.checked_mul(m).unwrap_or(num.resolution);
                            num.exact = false;
                        }
                    }
                    if num
                        .unit
                        .as_ref()
                        .is_some_and(|u| u.dimension != Dimension::Count)
                    {
                        num.exact = false;
                    }
                }
                self.after_bound(&mut den.q, den.next);
                let span = Span::new(s, den.q.span.end as usize);
                self.push(
                    s,
                    span.end as usize,
                    TokenKind::Ratio(Box::new(Ratio {
                        span,
                        numerator: num,
                        denominator: den.q,
                    })),
                );
                return den.next;
            }
        }
        // Range `a-b`.
        if matches!(self.punct(qp.next), Some('-' | '–'))
            && self.num(qp.next + 1).is_some()
            && !self.tab_before(qp.next)
            && !self.tab_before(qp.next + 1)
        {
            if let Some(high) = self.quantity(qp.next + 1) {
                let mut low = qp.q.clone();
                let same = match (&low.unit, &high.q.unit) {
                    (Some(a), Some(b)) => a.name == b.name,
                    _ => true,
                };
                if low.unit.is_none() && high.q.unit.is_some() {
                    low.unit = high.q.unit.clone();
                    if low
                        .unit
                        .as_ref()
                        .is_some_and(|u| u.dimension != Dimension::Count)
                    {
                        low.exact = false;
                    }
                    if let (None, Some(m)) = (qp.scale, high.scale) {
                        low.value = low.value.checked_mul(m).unwrap_or(low.value);
                        low.resolution = low.resolution.checked_mul(m).unwrap_or(low.resolution);
                        low.exact = false;
                    }
                }
                if same && low.value < high.q.value {
                    let span = Span::new(s, high.q.span.end as usize);
                    self.push(
                        s,
                        span.end as usize,
                        TokenKind::Range(Box::new(RangeQty {
                            span,
                            low,
                            high: high.q,
                        })),
                    );
                    return high.next;
                }
            }
        }
        // A bare year.
        if qp.q.unit.is_none() && qp.scale.is_none() && self.year_at(i) {
            let what = match recent {
                Some(Ctx::Citation) => NonQuantityKind::Citation,
                Some(Ctx::Label) => NonQuantityKind::Label,
                _ => NonQuantityKind::Year,
            };
            self.nq(s, e, what);
            return i + 1;
        }
        self.after_bound(&mut qp.q, qp.next);
        let q = qp.q;
        self.push(
            q.span.start as usize,
            q.span.end as usize,
            TokenKind::Quantity(Box::new(q)),
        );
        qp.next
    }

    /// Dates: `16/6/2025`, `26/12//2024`, `19/ 8/2025`, `ngày 31/5`, `tháng 3/2026`.
    fn date(&mut self, i: usize, ctx: Option<Ctx>) -> Option<usize> {
        let (a, la) = self.plain(i)?;
        if la > 2 || self.punct(i + 1) != Some('/') || !self.glued(i + 1) {
            return None;
        }
        let mut malformed = false;
        let mut k = i + 2;
        if self.punct(k) == Some('/') {
            malformed = true;
            k += 1;
        }
        let (b, lb) = self.plain(k)?;
        if !self.glued(k) {
            malformed = true;
        }
        if lb > 4 {
            return None;
        }
        let s = self.lx.get(i)?.start;
        // Three parts.
        if lb <= 2 && self.punct(k + 1) == Some('/') && self.glued(k + 1) {
            let mut m = k + 2;
            if self.punct(m) == Some('/') {
                malformed = true;
                m += 1;
            }
            if let Some((y, ly)) = self.plain(m) {
                if ly == 2 || ly == 4 {
                    if !self.glued(m) {
                        malformed = true;
                    }
                    let end = self.lx.get(m)?.end;
                    let year = if ly == 2 { 2000 + y as i32 } else { y as i32 };
                    self.push(
                        s,
                        end,
                        TokenKind::Date(Box::new(DateLit {
                            day: Some(a as u32),
                            month: Some(b as u32),
                            year: Some(year),
                            malformed,
                        })),
                    );
                    return Some(m + 1);
                }
            }
        }
        if malformed && ctx.is_none() {
            return None;
        }
        let end = self.lx.get(k)?.end;
        let d = match ctx {
            Some(Ctx::Day) if lb <= 2 => DateLit {
                day: Some(a as u32),
                month: Some(b as u32),
                year: None,
                malformed,
            },
            Some(Ctx::Month) if lb == 4 => DateLit {
                day: None,
                month: Some(a as u32),
                year: Some(b as i32),
                malformed,
            },
            None if lb == 4
                && (1..=12).contains(&a)
                && self.year_at(k)
                && self.unit_at(k + 1).is_none() =>
            {
                DateLit {
                    day: None,
                    month: Some(a as u32),
                    year: Some(b as i32),
                    malformed,
                }
            }
            // `(09/11)`, `30/4` with no unit: a numerator above its denominator, or zero
            // padding, reads as day/month rather than a ratio.
            None if lb <= 2
                && (1..=31).contains(&a)
                && (1..=12).contains(&b)
                && (a > b || la == 2 && a < 10 || lb == 2 && b < 10)
                && self.unit_at(k + 1).is_none()
                && !matches!(self.punct(k + 1), Some('/' | '-'))
                && !malformed =>
            {
                DateLit {
                    day: Some(a as u32),
                    month: Some(b as u32),
                    year: None,
                    malformed,
                }
            }
            _ => return None,
        };
        self.push(s, end, TokenKind::Date(Box::new(d)));
        Some(k + 1)
    }

    /// `10 75%`, `55 12 ha`, `40 887 tỷ đồng`: a decimal comma lost to a space.
    fn damaged(&mut self, i: usize) -> Option<usize> {
        let (a, la) = self.plain(i)?;
        let (_, lb) = self.plain(i + 1)?;
        if la > 3 || lb > 3 {
            return None;
        }
        let s = self.lx.get(i)?.start;
        let e1 = self.lx.get(i)?.end;
        let s2 = self.lx.get(i + 1)?.start;
        if self.src(e1, s2) != " " {
            return None;
        }
        let qp = self.quantity(i + 1)?;
        let u = qp.q.unit.as_ref()?;
        if u.dimension == Dimension::Count || u.dimension == Dimension::Time {
            return None;
        }
        if u.dimension == Dimension::Percent && !self.glued(qp.unit_at?) {
            return None;
        }
        if qp.q.number_span.end as usize != self.lx.get(i + 1)?.end && qp.scale.is_none() {
            return None;
        }
        let frac_digits = self.src(s2, self.lx.get(i + 1)?.end);
        let frac = Decimal::from_str_exact(&format!("{a}.{frac_digits}")).ok()?;
        let m = qp.scale.unwrap_or(Decimal::ONE);
        let mut q = qp.q;
        q.value = frac.checked_mul(m)?;
        q.alt = None;
        q.resolution = pow10_neg(u32::try_from(lb).ok()?).checked_mul(m)?;
        q.exact = false;
        q.reading = Reading::Damaged;
        q.zero_padded = false;
        q.span.start = s as u32;
        q.number_span.start = s as u32;
        self.push(s, q.span.end as usize, TokenKind::Quantity(Box::new(q)));
        Some(qp.next)
    }
}

/// Tokenises `text[span]` (a block's content).
pub fn tokenize(text: &str, span: Span, lex: &Lexicon) -> Vec<Token> {
    let Some(content) = text.get(span.range()) else {
        return Vec::new();
    };
    tokenize_content(
        &mut Scratch::default(),
        text,
        content,
        &crate::chars::lower_same_len(content),
        span,
        lex,
    )
}

/// [`tokenize`] with the document's lowercase copy (`lower`, same offsets as `text`), which
/// the engine makes once for every stage.
pub fn tokenize_lowered(text: &str, lower: &str, span: Span, lex: &Lexicon) -> Vec<Token> {
    tokenize_reusing(&mut Scratch::default(), text, lower, span, lex)
}

/// The lexeme buffers of [`tokenize_reusing`], kept from one block to the next.
#[derive(Default)]
pub struct Scratch {
    lx: Vec<Lx>,
    nums: Vec<NumberLit>,
}

/// [`tokenize_lowered`] with lexeme buffers that the caller keeps across the blocks of a
/// document.
pub fn tokenize_reusing(
    scratch: &mut Scratch,
    text: &str,
    lower: &str,
    span: Span,
    lex: &Lexicon,
) -> Vec<Token> {
    match (text.get(span.range()), lower.get(span.range())) {
        (Some(content), Some(lower)) => tokenize_content(scratch, text, content, lower, span, lex),
        _ => Vec::new(),
    }
}

fn tokenize_content(
    scratch: &mut Scratch,
    text: &str,
    content: &str,
    lower: &str,
    span: Span,
    lex: &Lexicon,
) -> Vec<Token> {
    let mut lx = std::mem::take(&mut scratch.lx);
    let mut nums = std::mem::take(&mut scratch.nums);
    lex_into(
        content,
        lower,
        span.start as usize,
        &lex.phrases,
        &mut lx,
        &mut nums,
    );
    // Tokens hardly ever outnumber lexemes (quantities and dates merge several): one
    // allocation in the common case.
    let capacity = lx.len();
    let mut tk = Tk {
        text,
        lx,
        nums,
        lower,
        base: span.start as usize,
        lex,
        end: span.end as usize,
        out: Vec::with_capacity(capacity),
        ctx: None,
        recent: None,
        #[cfg(test)]
        no_shortcut: NO_SHORTCUT.with(|c| c.get()),
    };
    tk.run();
    scratch.lx = tk.lx;
    scratch.nums = tk.nums;
    tk.out
}

#[cfg(test)]
mod roman_tests {
    use super::super::number::roman_value;

    #[test]
    fn canonical_roman_numerals_only() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("XVI"), Some(16));
        assert_eq!(roman_value("II"), Some(2));
        assert_eq!(roman_value("MMXXVI"), Some(2026));
        assert_eq!(roman_value("IX"), Some(9));
        assert_eq!(roman_value("XIX"), Some(19));
        assert_eq!(roman_value("XLIV"), Some(44));
        assert_eq!(roman_value("CCCD"), None);
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value(""), None);
        assert_eq!(roman_value("XIV."), None);
    }
}

#[cfg(test)]
mod lex_tests {
    use super::*;

    /// A block of one 20 MB line holds millions of lexemes at once.
    #[test]
    fn a_lexeme_is_small() {
        assert_eq!(std::mem::size_of::<Lx>(), 32);
    }

    /// The filter in front of the phrase index never hides a phrase's first word, and
    /// answers other words as the map does.
    #[test]
    fn the_phrase_filter_hides_no_first_word() {
        let lex = Lexicon::builtin();
        let idx = &lex.phrases;
        assert!(idx.ids.len() > 100, "{} first words", idx.ids.len());
        for (w, id) in &idx.ids {
            assert_eq!(idx.id(w), Some(*id), "{w:?}");
        }
        // Words of up to eight bytes are looked up in the packed table, longer ones in the map.
        assert!(idx.ids.keys().any(|w| w.len() > 8));
        let other = [
            "của",
            "và",
            "các",
            "được",
            "x",
            "",
            "năm2025",
            "nghiệmm",
            "abcdefgh",
            "abcdefghi",
            "trườngg",
            "chỉtiêu",
        ];
        for w in other {
            assert_eq!(
                idx.id(w.as_bytes()),
                idx.ids.get(w.as_bytes()).copied(),
                "{w}"
            );
        }
        // `id_at` (one load and a mask, inside a longer text) answers as the map does, for
        // every first word and the others, with bytes before and after the word.
        let keys: Vec<Vec<u8>> = idx.ids.keys().map(|k| k.to_vec()).collect();
        let others = other.iter().map(|w| w.as_bytes().to_vec());
        for w in keys.into_iter().chain(others).filter(|w| !w.is_empty()) {
            let mut text = b"ab ".to_vec();
            text.extend_from_slice(&w);
            for tail in [&b""[..], b" x", b"xyzxyzxyz"] {
                let mut t = text.clone();
                t.extend_from_slice(tail);
                assert_eq!(
                    idx.id_at(&t, 3, 3 + w.len()),
                    idx.ids.get(&w[..]).copied(),
                    "{:?}",
                    String::from_utf8_lossy(&w)
                );
            }
        }
        assert_eq!(idx.id_at(b"abc", 2, 1), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// On any mix of the chars the two loops treat specially, they agree.
        #[test]
        fn index_loop_agrees_on_char_soup(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'Z', 'đ', 'Ư', 'ệ', 'm', 'k', '0', '7', '-', '\'', '’', '²', '³', '¹',
                    '⁽', '⁾', '⁴', ' ', '\t', '\u{a0}', ',', '.', '%', '/', '(', ')', '\u{301}',
                    '漢', '🙂', '–', 'x', '\n', '\r', '\u{b}', '\u{c}', '\u{2003}', '×', '÷',
                    'Ð', 'ǎ', 'ɐ', 'ḁ', 'ạ',
                ]),
                0..40,
            )
        ) {
            let t: String = chars.into_iter().collect();
            let lex = Lexicon::builtin();
            let lower = crate::chars::lower_same_len(&t);
            let fast = lex_pass(&t, &lower, 3, &lex.phrases);
            let slow = lex_pass_by_chars(&t, &lower, 3, &lex.phrases);
            proptest::prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        }
    }

    /// Buffers kept from a longer block (more lexemes and numbers) leave nothing behind in
    /// the next block's tokens.
    #[test]
    fn reused_buffers_give_the_tokens_of_fresh_ones() {
        let lex = Lexicon::builtin();
        let text =
            "Thu 1.234,5 tỷ đồng, đạt 105,2% (3 xã, 04 thôn) năm 2025.\nCó 13/17 chỉ tiêu x 2";
        let lower = crate::chars::lower_same_len(text);
        let cut = text.find('\n').unwrap();
        let first = Span::new(0, cut);
        let second = Span::new(cut + 1, text.len());
        let mut scratch = Scratch::default();
        tokenize_reusing(&mut scratch, text, &lower, first, &lex);
        assert!(scratch.lx.len() > 10 && scratch.nums.len() >= 4);
        let reused = tokenize_reusing(&mut scratch, text, &lower, second, &lex);
        let fresh = tokenize_lowered(text, &lower, second, &lex);
        assert_eq!(reused, fresh);
        // `Có`, the ratio `13/17 chỉ tiêu`, the times sign, `2`.
        assert_eq!(reused.len(), 4, "{reused:?}");
        assert!(matches!(reused[1].kind, TokenKind::Ratio(_)));
        assert_eq!(reused[2].kind, TokenKind::Punct { ch: 'x' });
    }

    /// The index loop splits text exactly like the char-iterator loop it replaced.
    #[test]
    fn index_loop_agrees_with_char_loop() {
        let lex = Lexicon::builtin();
        let mut texts: Vec<String> = [
            "Tổng số 1.234,5 tỷ đồng, đạt 105,2% dự toán³; diện tích 12 km² và 3 m³ (héc-ta).",
            "Covid-19, F0, 560KVA, U10-a, ngày 26/12//2024, 13/17 chỉ tiêu¹² ⁽¹⁾ ⁽²⁾x ⁽⁾",
            "d’Arc, l'eau, a-b-c, 2-a, x²y, km³², ５ 漢字 e\u{301} 🙂 – … “quote” \t tab",
            "",
            "   ",
            "9",
            "a",
            "m²",
            "10 75%  ti u  á ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for dir in ["examples", "../shared/corpus"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            let lower = crate::chars::lower_same_len(t);
            let fast = lex_pass(t, &lower, 7, &lex.phrases);
            let slow = lex_pass_by_chars(t, &lower, 7, &lex.phrases);
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{t:.80}");
        }
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;

    #[test]
    fn chunk_ends_at_white_space_or_the_cap() {
        assert_eq!(chunk_len("1665/NQ-UBTVQH15, ngày"), 16);
        assert_eq!(chunk_len("57-NQ/TW."), 8);
        assert_eq!(chunk_len(""), 0);
        assert_eq!(chunk_len(&"1/".repeat(48)), 0);
        assert_eq!(chunk_len(&"1/".repeat(47)), 94);
        assert_eq!(chunk_len(&format!("{} x", "1/".repeat(48))), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The one-scan chunk agrees with the capped two-scan form, with white space (ASCII
        /// and not) and multibyte chars placed around the cap.
        #[test]
        fn one_scan_chunk_agrees_with_capping(
            pad in 80usize..100,
            tail in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', '1', '/', '-', '.', ',', ')', '…', '”', ' ', '\t', '\u{a0}', '\u{2003}',
                    'ệ', 'Đ', '漢', '🙂', '\n',
                ]),
                0..24,
            ),
            head in proptest::collection::vec(
                proptest::sample::select(vec!['a', '1', '/', 'ệ', '漢', ' ']),
                0..4,
            ),
        ) {
            let mut t: String = head.into_iter().collect();
            t.push_str(&"x".repeat(pad.saturating_sub(t.len())));
            t.extend(tail);
            for cut in 0..=t.len() {
                if let Some(r) = t.get(cut..) {
                    proptest::prop_assert_eq!(chunk_len(r), chunk_len_by_capping(r), "{:?}", r);
                }
            }
        }
    }
}

/// The shortcuts of the token pass against the long way through every pattern
/// ([`Tk::no_shortcut`]), on generated report text that reaches the patterns.
#[cfg(test)]
mod shortcut_tests {
    use super::*;
    use proptest::prelude::*;

    /// Words, phrases, numbers and marks a report's sentences are made of.
    const PIECES: &[&str] = &[
        "của",
        "và",
        "các",
        "được",
        "kết quả",
        "thực hiện",
        "Luật",
        "Nghị quyết",
        "số",
        "Số",
        "thôn",
        "xã",
        "năm",
        "Năm",
        "ngày",
        "tháng",
        "quý",
        "hơn",
        "khoảng",
        "ước đạt",
        "đạt",
        "trở lên",
        "trở xuống",
        "tỷ",
        "triệu",
        "nghìn",
        "đồng",
        "tỷ đồng",
        "ha",
        "km",
        "km²",
        "m³",
        "người",
        "hộ",
        "hộ gia đình",
        "chỉ tiêu",
        "tỷ lệ",
        "mức độ",
        "Quốc lộ",
        "ISO",
        "Covid",
        "x",
        "X",
        "I",
        "II",
        "IV",
        "a",
        "b",
        "đ",
        "6 tháng đầu năm",
        "giờ",
        "h30",
        "17h30",
        "560KVA",
        "NQ",
        "UBND",
        "Công văn",
        "trực tuyến",
        "tổng số",
        "pháp luật",
        "1",
        "2",
        "12",
        "2025",
        "2021",
        "2030",
        "1.234,5",
        "105,2",
        "3",
        "04",
        "24",
        "30",
        "13",
        "17",
        "9",
        "0,5",
        "1.000",
        "52",
        "262",
        "10",
        "75",
        "887",
        "1945",
        ",",
        ".",
        ";",
        ":",
        "(",
        ")",
        "-",
        "–",
        "/",
        "%",
        "≥",
        ">",
        "<",
        "≤",
        "[",
        "^",
        "]",
        "“",
        "”",
        "+",
        "’",
        "'",
        "…",
        "³",
        "¹²",
        "⁽¹⁾",
        "e\u{301}",
        "Đ",
        "Ư",
    ];
    const SEPS: &[&str] = &[" ", " ", " ", "", "", "\t", "  ", "\u{a0}"];

    fn tokens(text: &str, slow: bool) -> Vec<Token> {
        let lex = Lexicon::builtin();
        NO_SHORTCUT.with(|c| c.set(slow));
        let out = tokenize(text, Span::new(0, text.len()), &lex);
        NO_SHORTCUT.with(|c| c.set(false));
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn shortcuts_give_the_tokens_of_the_long_way(
            parts in proptest::collection::vec(
                (proptest::sample::select(PIECES), proptest::sample::select(SEPS)),
                0..30,
            )
        ) {
            let mut text = String::new();
            for (p, sep) in parts {
                text.push_str(p);
                text.push_str(sep);
            }
            let fast = tokens(&text, false);
            let slow = tokens(&text, true);
            prop_assert_eq!(fast, slow, "{:?}", text);
        }
    }

    /// The corpus and examples, block by block as the engine tokenises them.
    #[test]
    fn shortcuts_agree_on_the_corpus() {
        // Lines compared in a directory (0 when it is absent).
        let compare_dir = |dir: &str| {
            let mut n = 0;
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let Ok(t) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                for line in t.lines() {
                    assert_eq!(tokens(line, false), tokens(line, true), "{line:.80}");
                    n += 1;
                }
            }
            n
        };
        let examples = compare_dir("examples");
        assert!(examples > 200, "{examples} lines in examples/");
        if std::path::Path::new("../shared/corpus").is_dir() {
            let corpus = compare_dir("../shared/corpus");
            assert!(corpus > 1000, "{corpus} lines in the corpus");
        } else {
            println!(
                "shortcuts_agree_on_the_corpus: ../shared/corpus is not present, examples only"
            );
        }
    }
}
