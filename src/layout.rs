//! Stage 2 — layout: rebuilds logical paragraphs from physical lines.
//!
//! Typed drafts have one paragraph per line; text extracted from PDF is hard-wrapped, carries
//! page numbers alone on a line and footnote numbers alone on a line. The output is the
//! *logical text*: one block per line (`\n`-separated), page numbers removed, PDF footnote
//! markers turned into superscript marks, with a map back to the normalised text.
//!
//! Everything here is one pass over the lines plus a measuring pass, so time and memory are
//! linear in the input; all slicing goes through `str::get`.

use crate::span::OffsetMap;
use smallvec::{smallvec, SmallVec};
use std::borrow::Cow;

/// What the layout stage saw about the text, for rules that must be careful with damage.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LayoutFacts {
    /// The text looks hard-wrapped (PDF extraction).
    pub pdf_like: bool,
    /// Letters were lost and replaced by spaces (`  á  ` for `các`): keyword matching may
    /// read a space as a lost letter, and findings that rely on it say so.
    pub letter_loss: bool,
    /// Page-number lines removed.
    pub page_numbers_removed: usize,
    /// PDF footnote markers turned into superscript references glued to the previous word.
    pub footnote_refs: usize,
    /// PDF footnote definitions rebuilt as `ⁿ text` lines.
    pub footnote_defs: usize,
}

#[derive(Debug, Clone)]
pub struct Layout {
    /// The logical text, one block per line.
    pub text: String,
    /// Logical-text offsets → normalised-text offsets.
    pub map: OffsetMap,
    pub facts: LayoutFacts,
}

/// Measurements the layout decisions are based on (exposed so tests can print them).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct LayoutStats {
    /// Non-blank lines that are not a lone number.
    pub text_lines: usize,
    /// Median and 90th percentile of their length in chars.
    pub median_len: usize,
    pub p90_len: usize,
    /// Per mille of text lines longer than 160 chars (typed paragraphs are long).
    pub long_permille: usize,
    /// Per mille of consecutive non-blank line pairs where the second starts with a
    /// lowercase letter (a sentence wrapped mid-way).
    pub lowercase_next_permille: usize,
    /// Per mille of text lines that end mid-sentence (no `.`, `:`, `;`, `!`, `?`, `…` at
    /// the end, closing quotes and `*` aside).
    pub unterminated_permille: usize,
    /// Letter-loss fragments (1–2 letters after a run of ≥ 2 spaces, then a space) per
    /// 100 000 chars.
    pub fragments_per_100k: usize,
    /// Runs of ≥ 2 spaces between non-space chars, per 100 000 chars.
    pub double_spaces_per_100k: usize,
}

/// Lines longer than this (chars) do not come out of a PDF page at body font size.
const LONG_LINE: usize = 160;
/// PDF-like: at most this many per mille long lines…
const PDF_MAX_LONG_PERMILLE: usize = 50;
/// …and at least this many per mille lowercase continuations (corpus: typed ≤ 78,
/// PDF ≥ 542).
const PDF_MIN_LOWERCASE_PERMILLE: usize = 200;
/// …and at least this many per mille lines ending mid-sentence (corpus: typed ≤ 379,
/// PDF ≥ 712).
const PDF_MIN_UNTERMINATED_PERMILLE: usize = 500;
/// Letter loss: fragments per 100 000 chars (corpus: 004 ≈ 1100, others ≤ 3).
const LETTER_LOSS_MIN_FRAGMENTS: usize = 200;
/// A whitespace-only line at least this long separates the footnote area of a PDF page.
const NOTE_RULE_MIN_SPACES: usize = 20;

/// A physical line: content bytes `start..end` of the normalised text, terminator excluded.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn split_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // The `\n` of a `\r\n` pair was consumed with its `\r`.
        if i < start {
            continue;
        }
        lines.push(Line { start, end: i });
        start = if bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    if start < bytes.len() {
        lines.push(Line {
            start,
            end: bytes.len(),
        });
    }
    lines
}

fn line_str(text: &str, l: Line) -> &str {
    text.get(l.start..l.end).unwrap_or("")
}

/// Byte range of the line without leading and trailing whitespace.
fn trimmed_range(text: &str, l: Line) -> (usize, usize) {
    let s = line_str(text, l);
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return (l.start, l.start);
    }
    (l.start + lead, l.end - trail)
}

/// A tab anywhere in `s` (memchr's vectorised search: lines of typed text run to hundreds
/// of bytes, and this is asked for most of them).
fn has_tab(s: &str) -> bool {
    memchr::memchr(b'\t', s.as_bytes()).is_some()
}

fn is_blank(s: &str) -> bool {
    trim(s).is_empty()
}

/// White space at either end of a line, as `char::is_whitespace` has it for ASCII.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `s.trim()`, answered from two bytes when both ends are ASCII other than white space (the
/// usual line: nothing to trim, and `trim` would decode a char at each end to see that).
/// Any other end (non-ASCII, white space) takes `str::trim`.
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&z))
            if a.is_ascii() && z.is_ascii() && !is_ascii_space(a) && !is_ascii_space(z) =>
        {
            s
        }
        _ => s.trim(),
    }
}

/// A line holding only 1–3 ASCII digits: a page number or a PDF footnote marker.
fn marker_value(s: &str) -> Option<&str> {
    let t = trim(s);
    (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴'..='⁹')
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 6 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// A typed footnote definition: `¹ text`, `⁽¹⁾ text`, `[^1]: text`.
fn is_typed_footnote_def(t: &str) -> bool {
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if is_superscript_digit(c) || c == '⁽' => true,
        Some('[') => t.starts_with("[^"),
        _ => false,
    }
}

/// Lines that start a block of their own: headings, bullets, table rows, footnote
/// definitions. Nothing is ever joined onto the line before them. `t` is trimmed; `tabs`
/// says whether the whole text has a tab (without one, no line has, and none is searched).
fn is_structural_start(t: &str, raw: &str, pdf: bool, tabs: bool) -> bool {
    if (tabs && has_tab(raw)) || t.starts_with('|') || t.starts_with('#') || t.starts_with('>') {
        return true;
    }
    if is_typed_footnote_def(t) {
        return true;
    }
    let mut chars = t.chars();
    let first = chars.next();
    let second = chars.next();
    // Bullets: "- ", "+ ", "* ", "• ", "– ".
    if matches!(first, Some('-' | '+' | '*' | '•' | '–' | '−'))
        && second.is_none_or(char::is_whitespace)
    {
        // In PDF text a dash before a lowercase word is a wrapped "Tư pháp\n - hộ tịch";
        // items start with a capital.
        let lower_word = t
            .get(first.map_or(0, char::len_utf8)..)
            .is_some_and(|r| r.trim_start().starts_with(char::is_lowercase));
        return !(pdf && lower_word);
    }
    if heading_kind(t).is_some() {
        return true;
    }
    // "(1) …" items are lines of their own in typed drafts; in PDF text an enumeration
    // inside a paragraph wraps onto a line starting with "(2)", so not there.
    if !pdf {
        if let Some(rest) = t.strip_prefix('(') {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=2).contains(&digits) && rest.get(digits..).is_some_and(|r| r.starts_with(") "))
            {
                return true;
            }
        }
    }
    false
}

/// Numbered headings: `Phần thứ nhất`, `PHẦN II`, `I.`, `1.`, `1.1.`, `1.1`, `a)`, `a.`.
fn heading_kind(t: &str) -> Option<()> {
    if !may_be_heading(t) {
        return None;
    }
    heading_kind_full(t)
}

/// False when the first chars rule out every form [`heading_kind_full`] accepts, so the
/// usual line (a sentence starting with a capital or a Vietnamese letter) is not taken apart:
/// `Phần` starts with `p`/`P` (a non-ASCII char never lowercases to ASCII in
/// [`crate::chars::lower`]), a Roman numeral with `I V X L C`, an Arabic one with a digit,
/// and `a)`/`a.` is a lowercase letter followed by `)` or `.`.
fn may_be_heading(t: &str) -> bool {
    let mut cs = t.chars();
    match cs.next() {
        None => true,
        Some('p' | 'P' | 'I' | 'V' | 'X' | 'L' | 'C' | '0'..='9') => true,
        Some(c) => c.is_lowercase() && matches!(cs.next(), Some(')' | '.')),
    }
}

/// [`heading_kind`] without the quick rejection.
fn heading_kind_full(t: &str) -> Option<()> {
    // `Phần `, `PHẦN ` in any case: each of the first five chars lowercases to one char.
    if t.chars()
        .take(5)
        .map(crate::chars::lower)
        .eq("phần ".chars())
    {
        return Some(());
    }
    let (head, rest) = match t.find(char::is_whitespace) {
        Some(i) => (t.get(..i)?, t.get(i..)?.trim_start()),
        None => (t, ""),
    };
    let next_is_letter = rest.chars().next().is_some_and(crate::chars::is_alphabetic);
    let next_is_upper = rest.chars().next().is_some_and(char::is_uppercase);
    // Roman: "I." "IV."
    if let Some(r) = head.strip_suffix('.') {
        if is_roman(r) && next_is_letter {
            return Some(());
        }
    }
    // Letters: "a)" "a." "đ)"
    {
        let mut cs = head.chars();
        if let (Some(c), Some(p), None) = (cs.next(), cs.next(), cs.next()) {
            if c.is_lowercase()
                && crate::chars::is_alphabetic(c)
                && (p == ')' || p == '.')
                && next_is_letter
            {
                return Some(());
            }
        }
    }
    // Arabic: "1." "1.1." "1.1" "1.1.2" (each part 1–2 digits).
    let with_dot = head.ends_with('.');
    let body = head.strip_suffix('.').unwrap_or(head);
    let all_num = body
        .split('.')
        .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let parts = body.split('.').count();
    if all_num && parts <= 4 {
        if with_dot && next_is_letter {
            return Some(());
        }
        if !with_dot && parts >= 2 && next_is_upper {
            return Some(());
        }
    }
    None
}

/// A line that reads as a heading (numbered, or in capitals): nothing is joined onto it
/// after it ends, unless it visibly continues.
fn is_heading_line(t: &str) -> bool {
    if heading_kind(t).is_some() {
        return true;
    }
    // No lowercase letter is asked first: it settles most lines within a few chars, where
    // counting letters reads the whole line.
    !t.chars().any(char::is_lowercase)
        && t.chars()
            .filter(|&c| crate::chars::is_alphabetic(c))
            .count()
            >= 4
}

fn last_char(t: &str) -> Option<char> {
    t.trim_end_matches(['*', '"', '”', '’', '\''])
        .chars()
        .next_back()
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | ':')
}

/// How a continuation is glued onto the line before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glue {
    /// Replace the break and surrounding whitespace with one space.
    Space,
    /// Remove the break (`2022-` + `2023`).
    Nothing,
}

/// Measures the text (see [`LayoutStats`]).
pub fn measure(text: &str) -> LayoutStats {
    measure_lines(text, &split_lines(text))
}

/// Chars in `s` (std counts them a word at a time, without decoding).
fn char_count(s: &str) -> usize {
    s.chars().count()
}

fn measure_lines(text: &str, lines: &[Line]) -> LayoutStats {
    measure_counting(text, lines).0
}

/// [`measure_lines`], also giving the char length of each line of `lines` trimmed (0 for a
/// blank line), which [`reflow`] reads instead of counting the chars of every line again.
/// `lines` must be `split_lines(text)`: the chars of the whole text are summed line by line,
/// which is exact because every byte of the text is in a line or is a `\r`/`\n` line end
/// (one char each).
fn measure_counting(text: &str, lines: &[Line]) -> (LayoutStats, Vec<usize>) {
    let mut trimmed_chars = Vec::with_capacity(lines.len());
    let tabs = has_tab(text);
    let mut chars = 0usize;
    let mut line_bytes = 0usize;
    let mut lens: Vec<usize> = Vec::new();
    let mut pairs = 0usize;
    let mut lower_next = 0usize;
    let mut prev_nonblank = false;
    let mut unterminated = 0usize;
    for l in lines {
        let s = line_str(text, *l);
        line_bytes += s.len();
        // Trimmed once: blank, marker and length all read the trimmed line.
        let t = trim(s);
        if t.is_empty() {
            chars += char_count(s);
            trimmed_chars.push(0);
            continue;
        }
        // `t` is a subslice of `s`: the white space before it is `s[..lead]`.
        let lead = (t.as_ptr() as usize).saturating_sub(s.as_ptr() as usize);
        let n = char_count(t);
        chars +=
            n + s.get(..lead).map_or(0, char_count) + s.get(lead + t.len()..).map_or(0, char_count);
        trimmed_chars.push(n);
        if prev_nonblank {
            pairs += 1;
            // "a) …" items start with a lowercase letter but are not continuations.
            if t.chars().next().is_some_and(char::is_lowercase)
                && !is_structural_start(t, s, false, tabs)
            {
                lower_next += 1;
            }
        }
        prev_nonblank = true;
        if marker_value(t).is_none() {
            lens.push(n);
            if !last_char(t).is_some_and(|c| is_terminal(c) || c == ';') {
                unterminated += 1;
            }
        }
    }
    lens.sort_unstable();
    let n = lens.len();
    let pct = |p: usize| lens.get(n * p / 100).copied().unwrap_or(0);
    let long = lens.iter().filter(|&&x| x > LONG_LINE).count();
    let (fragments, doubles) = letter_loss_counts(text);
    // The line ends.
    chars += text.len().saturating_sub(line_bytes);
    let chars = chars.max(1);
    let stats = LayoutStats {
        text_lines: n,
        median_len: pct(50),
        p90_len: pct(90),
        long_permille: (long * 1000).checked_div(n).unwrap_or(0),
        lowercase_next_permille: (lower_next * 1000).checked_div(pairs).unwrap_or(0),
        unterminated_permille: (unterminated * 1000).checked_div(n).unwrap_or(0),
        fragments_per_100k: fragments * 100_000 / chars,
        double_spaces_per_100k: doubles * 100_000 / chars,
    };
    (stats, trimmed_chars)
}

/// Counts (a) 1–2 letter fragments that follow a run of ≥ 2 spaces and are followed by a
/// space or line end (`  á  `, `  ti u`), (b) runs of ≥ 2 spaces between non-space chars.
fn letter_loss_counts(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let mut fragments = 0;
    let mut doubles = 0;
    // Only the neighbourhood of each run of two or more spaces matters: the runs are found
    // with a vectorised search instead of walking every byte of the document.
    let mut next_from = 0;
    for p in memchr::memmem::find_iter(b, b"  ") {
        if p < next_from {
            continue; // inside a run already looked at
        }
        let run_end = p + b
            .get(p..)
            .map_or(0, |r| r.iter().take_while(|&&c| c == b' ').count());
        next_from = run_end;
        // The run is maximal, so the byte before it is not a space: a line start or a
        // character of the line.
        let after_text = p
            .checked_sub(1)
            .and_then(|q| b.get(q))
            .is_some_and(|&c| c != b'\n' && c != b'\r');
        let Some(&next) = b.get(run_end) else {
            continue;
        };
        if !after_text || next == b'\n' || next == b'\r' {
            continue;
        }
        doubles += 1;
        // Letters after the run (a UTF-8 lead byte stands for its non-ASCII char, which in
        // these documents is a Vietnamese letter; continuation bytes are skipped).
        let mut letters = 0usize;
        for &c in b.get(run_end..).unwrap_or_default() {
            if c & 0xc0 == 0x80 {
                continue;
            }
            if c.is_ascii_alphabetic() || c >= 0xc0 {
                letters += 1;
                continue;
            }
            if matches!(c, b' ' | b'\n' | b'\r') && (1..=2).contains(&letters) {
                fragments += 1;
            }
            break;
        }
    }
    (fragments, doubles)
}

/// One piece of a logical block.
#[derive(Debug, Clone)]
enum Seg {
    /// Normalised-text bytes copied as they are.
    Copy(usize, usize),
    /// Inserted or rewritten text standing for the normalised-text offset `base` (the
    /// joining space is borrowed: one is inserted for most continuation lines).
    Text(Cow<'static, str>, usize),
}

#[derive(Debug, Clone)]
struct Block {
    /// One seg inline: a typed line is one copy, and a report of short lines (a heading per
    /// line) held a heap vector per line; joined PDF lines spill to the heap.
    segs: SmallVec<[Seg; 1]>,
    /// Trimmed range of the last physical line appended.
    last: (usize, usize),
    /// Char length of the last physical line appended (trimmed).
    last_len: usize,
    /// Where the block's text ends in the normalised text (a join or the line end after it
    /// stands for what follows this offset).
    end: usize,
}

struct Builder<'a> {
    text: &'a str,
    blocks: Vec<Block>,
    order: Vec<usize>,
    /// The body block that continuations join onto.
    open: Option<usize>,
    /// Note blocks met while `open` was open: emitted right after it.
    pending: Vec<usize>,
    /// The last note block (PDF notes continue over blank lines and page breaks).
    last_note: Option<usize>,
}

impl<'a> Builder<'a> {
    fn slice(&self, r: (usize, usize)) -> &'a str {
        self.text.get(r.0..r.1).unwrap_or("")
    }

    fn flush_pending(&mut self) {
        self.order.append(&mut self.pending);
    }

    /// Starts a new body block from a trimmed line range.
    fn start_body(&mut self, r: (usize, usize), len: usize) {
        self.flush_pending();
        let idx = self.blocks.len();
        let mut segs = SmallVec::new();
        segs.push(Seg::Copy(r.0, r.1));
        self.blocks.push(Block {
            segs,
            last: r,
            last_len: len,
            end: r.1,
        });
        self.order.push(idx);
        self.open = Some(idx);
    }

    fn start_note(&mut self, mark: &str, mark_range: (usize, usize)) -> usize {
        let idx = self.blocks.len();
        self.blocks.push(Block {
            segs: smallvec![
                Seg::Text(Cow::Owned(crate::chars::superscript(mark)), mark_range.0),
                Seg::Text(Cow::Borrowed(" "), mark_range.1),
            ],
            last: mark_range,
            last_len: 0,
            end: mark_range.1,
        });
        if self.open.is_some() {
            self.pending.push(idx);
        } else {
            self.order.push(idx);
        }
        self.last_note = Some(idx);
        idx
    }

    /// Appends the line range `r` of `len` chars to block `idx`.
    fn append(&mut self, idx: usize, r: (usize, usize), len: usize, glue: Option<Glue>) {
        let Some(b) = self.blocks.get_mut(idx) else {
            return;
        };
        // Leaving the inline seg, room for a few joined lines at once (a continuation adds a
        // space and a copy): growing one at a time reallocated for nearly every paragraph of
        // PDF text.
        b.segs.reserve(2);
        match glue {
            Some(Glue::Space) => b.segs.push(Seg::Text(Cow::Borrowed(" "), b.end)),
            Some(Glue::Nothing) | None => {}
        }
        b.segs.push(Seg::Copy(r.0, r.1));
        b.last = r;
        b.last_len = len;
        b.end = r.1;
    }

    /// Glues a footnote mark standing for the marker digits at `r`; what follows is joined
    /// after the marker, so the mark's range covers exactly its digits.
    fn push_mark(&mut self, idx: usize, s: String, r: (usize, usize)) {
        if let Some(b) = self.blocks.get_mut(idx) {
            b.segs.push(Seg::Text(Cow::Owned(s), r.0));
            b.end = r.1;
        }
    }

    fn last_line_of(&self, idx: usize) -> &'a str {
        match self.blocks.get(idx) {
            Some(b) => self.slice(b.last),
            None => "",
        }
    }
}

/// How `next` continues `cur` (both trimmed), if it does.
fn continuation(cur: &str, next: &str, cur_len: usize, pdf: bool, width: usize) -> Option<Glue> {
    let first = next.chars().next()?;
    // Hyphenated break inside a number or a code: "2022-" + "2023", "57-" + "NQ/TW".
    if let Some(stem) = cur.strip_suffix('-') {
        if stem.chars().next_back().is_some_and(char::is_alphanumeric)
            && first.is_alphanumeric()
            && (pdf || first.is_ascii_digit())
        {
            return Some(Glue::Nothing);
        }
    }
    let last = last_char(cur)?;
    if first.is_lowercase() {
        // A heading that ended ("1.1. Trồng trọt:") is not continued by a lowercase line.
        if is_terminal(last) && is_heading_line(cur) {
            return None;
        }
        return Some(Glue::Space);
    }
    if matches!(last, ',' | '(') {
        return Some(Glue::Space);
    }
    // A line wholly in parentheses is a subtitle ("(Báo cáo tại Kỳ họp …)").
    let parenthesised = cur.starts_with('(') && last == ')';
    if !pdf || is_terminal(last) || parenthesised {
        return None;
    }
    if matches!(last, ';' | '-' | '–') {
        return Some(Glue::Space);
    }
    let wide = cur_len * 10 >= width * 6;
    if is_heading_line(cur) {
        // A wrapped heading in capitals continues in capitals ("… CÔNG TÁC" + "CỦA UBND
        // PHƯỜNG"); a part title ("PHẦN THỨ NHẤT") stands alone.
        let caps = |s: &str| {
            !s.chars().any(char::is_lowercase)
                && s.chars()
                    .filter(|&c| crate::chars::is_alphabetic(c))
                    .count()
                    >= 4
        };
        let part = cur
            .chars()
            .take(5)
            .flat_map(char::to_lowercase)
            .collect::<String>()
            == "phần ";
        return (wide && !part && caps(cur) && caps(next)).then_some(Glue::Space);
    }
    // A line that stops well short of the text width ended its paragraph.
    wide.then_some(Glue::Space)
}

/// Rebuilds logical lines: one block (paragraph, heading, bullet, table row, footnote
/// definition) per `\n`-terminated line.
///
/// - `\r\n`, `\r` and `\n` end physical lines; blank lines are dropped.
/// - A line that continues the current block is joined onto it with one space standing for
///   the break and the whitespace around it (`2022-` + `2023` join without one). Typed text
///   joins only visible continuations (a lowercase start, a line ending in `,` or `(`);
///   PDF-like text (see [`LayoutStats`]) also joins across blank lines any line after one
///   that stops near the text width without ending its sentence. Structural starts
///   (headings, bullets, table rows, footnote definitions, `#`) are never joined.
/// - PDF-like only: lone numbers between blank lines that grow through the document are page
///   numbers and are dropped; lone 1–3 digit markers glued after a word and followed by
///   punctuation or a lowercase word are footnote references (`¹`, `¹²` glued to the word);
///   markers followed by a line of note text are definitions, emitted as `ⁿ text` after the
///   paragraph they interrupt, whose body continues across the note block.
/// - Typed notes (`¹ …`, `⁽¹⁾ …`) that interrupt an unfinished paragraph are also emitted
///   after it.
pub fn reflow(text: &str) -> Layout {
    reflow_with(text, true)
}

/// [`reflow`]; `merge_line_ends: false` maps every line end as an opaque piece, as before
/// line ends were merged (see [`render`]): the test oracle of the merge.
fn reflow_with(text: &str, merge_line_ends: bool) -> Layout {
    let lines = split_lines(text);
    let (stats, trimmed_chars) = measure_counting(text, &lines);
    let tabs = has_tab(text);
    // Chars of line `j` trimmed, counted once by the measuring pass.
    let tchars = |j: usize| trimmed_chars.get(j).copied().unwrap_or(0);
    let pdf = stats.text_lines >= 3
        && stats.long_permille <= PDF_MAX_LONG_PERMILLE
        && stats.lowercase_next_permille >= PDF_MIN_LOWERCASE_PERMILLE
        && stats.unterminated_permille >= PDF_MIN_UNTERMINATED_PERMILLE;
    let letter_loss = stats.fragments_per_100k >= LETTER_LOSS_MIN_FRAGMENTS;
    // Body text width (median line), and the length above which a line was set in the
    // smaller note font (004: body lines ≤ 86 chars, median 75; wrapped note lines ≥ 100).
    let width = stats.median_len.max(1);
    let note_long = width + width / 4;

    let mut facts = LayoutFacts {
        pdf_like: pdf,
        letter_loss,
        ..LayoutFacts::default()
    };
    // At most a block per line: reserved at once, the vectors are never copied to grow (a
    // copy holds both sizes), and the pages PDF text leaves unused are never touched.
    let mut b = Builder {
        text,
        blocks: Vec::with_capacity(lines.len()),
        order: Vec::with_capacity(lines.len()),
        open: None,
        pending: Vec::new(),
        last_note: None,
    };
    // State of the footnote area of a PDF page.
    let mut in_notes = false;
    // The previous non-blank physical line was note text (not a marker).
    let mut prev_was_note_text = false;
    // A footnote reference was just glued: the next text line continues the paragraph.
    let mut after_ref = false;
    let mut blanks = 0usize;
    // The last footnote reference mark and the largest one seen.
    let mut last_ref = 0usize;
    let mut max_ref = 0usize;
    let mut last_page = 0usize;

    let next_nonblank = |from: usize| -> Option<usize> {
        (from..lines.len()).find(|&j| lines.get(j).is_some_and(|l| !is_blank(line_str(text, *l))))
    };

    let mut i = 0usize;
    while i < lines.len() {
        let Some(&line) = lines.get(i) else { break };
        let raw = line_str(text, line);
        let idx = i;
        i += 1;
        let t = trim(raw);
        if t.is_empty() {
            if pdf && raw.chars().count() >= NOTE_RULE_MIN_SPACES {
                // The rule of spaces above a page's footnotes.
                in_notes = true;
            }
            blanks += 1;
            continue;
        }
        let t_len = tchars(idx);
        let (r, r_len) = body_range(text, line, pdf, t_len);
        let gap = blanks;
        blanks = 0;

        if pdf {
            if let Some(mark) = marker_value(raw) {
                let mr = trimmed_range(text, line);
                let prev_glued = idx
                    .checked_sub(1)
                    .and_then(|p| lines.get(p))
                    .map(|pl| line_str(text, *pl))
                    .is_some_and(|s| !is_blank(s) && !s.ends_with(char::is_whitespace))
                    && !in_notes;
                let next = next_nonblank(i).and_then(|j| lines.get(j).map(|l| (j, *l)));
                let next_raw = next.map(|(_, l)| line_str(text, l)).unwrap_or("");
                let next_t = trim(next_raw);
                let next_first = next_t.chars().next();
                let continues = next_first
                    .is_some_and(|c| matches!(c, ';' | '.' | ',' | ':' | ')') || c.is_lowercase());
                // Footnote marks run 1, 2, 3, … through a document; allow a couple lost to
                // damage. A lone number out of sequence is a page number.
                let value: usize = mark.parse().unwrap_or(usize::MAX);
                let plausible_ref = value == 1 || (last_ref < value && value <= last_ref + 3);
                if prev_glued && continues && plausible_ref {
                    if let Some(open) = b.open {
                        b.push_mark(open, crate::chars::superscript(mark), mr);
                        last_ref = value;
                        max_ref = max_ref.max(value);
                        facts.footnote_refs += 1;
                        after_ref = true;
                        prev_was_note_text = false;
                        continue;
                    }
                }
                let next_is_note_text = next_raw.starts_with(char::is_whitespace)
                    && marker_value(next_raw).is_none()
                    && next_first.is_some_and(|c| c.is_alphanumeric() || c == '“' || c == '"');
                if next_is_note_text && !prev_glued && (in_notes || value <= max_ref) {
                    in_notes = true;
                    b.start_note(mark, mr);
                    facts.footnote_defs += 1;
                    prev_was_note_text = false;
                    // The note text starts on the next non-blank line.
                    if let Some((j, nl)) = next {
                        let nr = trimmed_range(text, nl);
                        if let Some(n) = b.last_note {
                            b.append(n, nr, tchars(j), None);
                        }
                        i = j + 1;
                        prev_was_note_text = true;
                    }
                    continue;
                }
                let before_blank = gap > 0 || idx == 0;
                let after_blank = next.is_none_or(|(j, _)| j > i);
                // Between blank lines, or glued into a sentence seam where it cannot be a
                // footnote mark.
                // Page numbers only grow: a lone number that does not (a table cell, a
                // figure) stays as text.
                let seam = before_blank || after_blank || (prev_glued && continues);
                if seam && value > last_page {
                    last_page = value;
                    facts.page_numbers_removed += 1;
                    // The paragraph around it continues as if the number were a blank line.
                    blanks = gap + 1;
                    continue;
                }
            }
            if in_notes {
                let directly_after_note = prev_was_note_text && gap == 0;
                let long = t_len > note_long;
                let (prev_note_long, prev_note_open) = b
                    .last_note
                    .and_then(|n| b.blocks.get(n))
                    .map_or((false, false), |nb| {
                        let last = last_char(trim(b.slice(nb.last)));
                        // A colon does not end a note ("cây sắn diện tích:" + "10 ha").
                        let ended = matches!(last, Some('.' | '!' | '?' | '…'));
                        (nb.last_len > note_long, !ended)
                    });
                // Note lines are set in a smaller font, so they run longer than body lines;
                // after a blank line (or on the next page) a note goes on only if its last
                // line was cut mid-sentence.
                let note_continues = if directly_after_note {
                    long
                } else {
                    prev_note_open && (long || prev_note_long)
                };
                if note_continues {
                    if let Some(n) = b.last_note {
                        let cur = b.last_line_of(n);
                        let glue = match cur.strip_suffix('-') {
                            Some(stem)
                                if stem.ends_with(char::is_alphanumeric)
                                    && t.starts_with(char::is_alphanumeric) =>
                            {
                                Glue::Nothing
                            }
                            _ => Glue::Space,
                        };
                        b.append(n, r, r_len, Some(glue));
                        prev_was_note_text = true;
                        continue;
                    }
                }
                // Body text resumes (a new page), mid-sentence as a rule.
                in_notes = false;
            }
        }
        prev_was_note_text = false;

        if after_ref {
            after_ref = false;
            if let Some(open) = b.open {
                let first = t.chars().next();
                let glue = if first.is_some_and(|c| matches!(c, ';' | '.' | ',' | ':' | ')')) {
                    Glue::Nothing
                } else {
                    Glue::Space
                };
                b.append(open, r, r_len, Some(glue));
                continue;
            }
        }

        let structural = is_structural_start(t, raw, pdf, tabs);
        if structural && !pdf && is_typed_footnote_def(t) && b.open.is_some() {
            // A typed note in the middle of a paragraph split by a page break: keep the
            // paragraph open so its continuation joins it; the note follows it.
            let idx = b.blocks.len();
            b.blocks.push(Block {
                segs: smallvec![Seg::Copy(r.0, r.1)],
                last: r,
                last_len: t_len,
                end: r.1,
            });
            b.pending.push(idx);
            continue;
        }
        if !structural && !pdf && !b.pending.is_empty() && !t.starts_with(char::is_lowercase) {
            // Inside typed notes that interrupt an unfinished paragraph, a capitalised line
            // is more note text: the paragraph resumes with its lowercase continuation.
            let unfinished = b.open.and_then(|o| b.blocks.get(o)).is_some_and(|ob| {
                let cur = trim(b.slice(ob.last));
                !is_heading_line(cur) && last_char(cur).is_some_and(|c| !is_terminal(c))
            });
            if let (true, Some(&note)) = (unfinished, b.pending.last()) {
                b.append(note, r, r_len, Some(Glue::Space));
                continue;
            }
        }
        if !structural {
            if let Some(open) = b.open {
                let (cur, cur_len) = match b.blocks.get(open) {
                    Some(ob) => (b.slice(ob.last), ob.last_len),
                    None => ("", 0),
                };
                let cur = trim(cur);
                // Typed text joins across at most a couple of blank lines, PDF text across any.
                let glue = if pdf || gap <= 2 {
                    continuation(cur, t, cur_len, pdf, width)
                } else {
                    None
                };
                // Typed notes split a paragraph only when it visibly continues in lowercase.
                let glue = if !b.pending.is_empty() && !pdf {
                    glue.filter(|_| t.starts_with(char::is_lowercase))
                } else {
                    glue
                };
                let first_line = match b.blocks.get(open).and_then(|ob| ob.segs.first()) {
                    Some(Seg::Copy(s, e)) => b.slice((*s, *e)),
                    _ => "",
                };
                let open_is_table =
                    (tabs && has_tab(first_line)) || first_line.trim_start().starts_with('|');
                // "* …" items title a group of paragraphs in these reports ("* Lĩnh vực Kinh
                // tế"); only a lowercase line continues one.
                let star_title =
                    first_line.trim_start().starts_with("* ") && !t.starts_with(char::is_lowercase);
                if let (Some(g), false, false) = (glue, open_is_table, star_title) {
                    b.append(open, r, r_len, Some(g));
                    continue;
                }
            }
        }
        b.start_body(r, r_len);
    }
    b.flush_pending();

    let (out, map) = render(text, &b.blocks, &b.order, merge_line_ends);
    Layout {
        text: out,
        map,
        facts,
    }
}

/// The range of a non-blank line that goes into a block, and its length in chars, given the
/// chars of the line trimmed (`t_len`, from [`measure_counting`]): PDF text is trimmed; typed
/// text keeps its indentation (nested lists), and trailing blanks go. The indentation is the
/// only part counted here.
fn body_range(text: &str, line: Line, pdf: bool, t_len: usize) -> ((usize, usize), usize) {
    if pdf {
        return (trimmed_range(text, line), t_len);
    }
    let raw = line_str(text, line);
    let t = raw.trim_end();
    let indent = raw
        .get(..raw.len() - raw.trim_start().len())
        .map_or(0, char_count);
    ((line.start, line.start + t.len()), t_len + indent)
}

fn render(
    text: &str,
    blocks: &[Block],
    order: &[usize],
    merge_line_ends: bool,
) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    for (k, &bi) in order.iter().enumerate() {
        let Some(block) = blocks.get(bi) else {
            continue;
        };
        for seg in &block.segs {
            match seg {
                Seg::Copy(s, e) => {
                    if let Some(piece) = text.get(*s..*e) {
                        if !piece.is_empty() {
                            map.push_copy(out.len(), *s);
                            out.push_str(piece);
                        }
                    }
                }
                Seg::Text(t, base) => {
                    if !t.is_empty() {
                        map.push_opaque(out.len(), *base);
                        out.push_str(t);
                    }
                }
            }
        }
        // The line end stands for the base text after the block. When the base has its own
        // `\n` there and the next block starts right after it, that is a copy of it: the map
        // then merges it with the line and the next one, where an opaque piece kept an anchor
        // per line (24 MB for 500 000 short lines). Both map every offset alike.
        let next_start = order
            .get(k + 1)
            .and_then(|&n| blocks.get(n))
            .and_then(|b| b.segs.first())
            .and_then(|seg| match seg {
                Seg::Copy(s, e) if s < e => Some(*s),
                _ => None,
            });
        if merge_line_ends
            && text.as_bytes().get(block.end) == Some(&b'\n')
            && next_start == Some(block.end + 1)
        {
            map.push_copy(out.len(), block.end);
        } else {
            map.push_opaque(out.len(), block.end);
        }
        out.push('\n');
    }
    if out.is_empty() {
        map = OffsetMap::identity();
    }
    (out, map)
}

#[cfg(test)]
mod letter_loss_tests {
    /// The byte-by-byte count this module used before the search-based one: the oracle.
    fn letter_loss_counts_bytewise(text: &str) -> (usize, usize) {
        let mut fragments = 0;
        let mut doubles = 0;
        let mut spaces = 0usize; // length of the current run of spaces
        let mut prev_nonspace = false; // a non-space char came before the current space run
        let mut frag_len = 0usize; // letters since a ≥2-space run (0 = not in a candidate)
        let mut in_frag = false;
        // Bytes, not chars: a UTF-8 lead byte stands for its (non-ASCII) char, which in these
        // documents is a Vietnamese letter; continuation bytes are skipped.
        for b in text.bytes() {
            if b & 0xc0 == 0x80 {
                continue;
            }
            if b == b' ' {
                if in_frag && (1..=2).contains(&frag_len) {
                    fragments += 1;
                }
                in_frag = false;
                spaces += 1;
                continue;
            }
            if b == b'\n' || b == b'\r' {
                if in_frag && (1..=2).contains(&frag_len) {
                    fragments += 1;
                }
                in_frag = false;
                spaces = 0;
                prev_nonspace = false;
                continue;
            }
            if spaces >= 2 && prev_nonspace {
                doubles += 1;
                in_frag = true;
                frag_len = 0;
            }
            if in_frag {
                if b.is_ascii_alphabetic() || b >= 0xc0 {
                    frag_len += 1;
                } else {
                    in_frag = false;
                }
            }
            spaces = 0;
            prev_nonspace = true;
        }
        (fragments, doubles)
    }

    #[test]
    fn search_based_count_agrees_with_the_bytewise_one() {
        let cases = [
            "",
            "  ",
            "a  b",
            "a  bc d",
            "a   ti u\n  x  y",
            "Kết quả  á  đạt  \r\n  hông đạt   ",
            "x  ab",
            "x  abc.",
            "một  h  ai    ba\tbốn  n",
            "  đầu dòng  ơ\n",
        ];
        for c in cases {
            assert_eq!(
                super::letter_loss_counts(c),
                letter_loss_counts_bytewise(c),
                "{c:?}"
            );
        }
        // Every prefix of a damaged paragraph.
        let damaged = "Tổng số hồ sơ ti p nh n  á  gi i quy t đ ng h n: 3.212 hồ sơ,  đạt  9 ,8%.";
        for (i, _) in damaged.char_indices() {
            let t = &damaged[..i];
            assert_eq!(
                super::letter_loss_counts(t),
                letter_loss_counts_bytewise(t),
                "{t:?}"
            );
        }
    }
}

#[cfg(test)]
mod heading_tests {
    use super::{heading_kind, heading_kind_full};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The quick rejection never changes the answer: on lines made of a heading-like
        /// start (`Phần`, Roman and Arabic numerals, `a)`, and near misses), a separator and
        /// letters of both cases (ASCII, Vietnamese precomposed and NFD), punctuation, spaces,
        /// line ends and other scripts.
        #[test]
        fn quick_rejection_agrees_with_full_check(
            lead in prop::sample::select(vec!["", " ", "\t"]),
            head in prop::sample::select(vec![
                "Phần", "PHẦN", "phần", "pHầN", "Phầ", "P", "p", "I.", "IV.", "C.", "XL.", "CIV.",
                "LX", "V", "a)", "đ)", "b.", "Đ)", "ư.", "A)", "1.", "1.1", "1.2.", "12.3.4",
                "1.2.3.4.5", "123.", "12", "K)", "\u{212a}.", "ǅ)", "e\u{301})", "(1)", "-", "*",
                "Tổng", "tổng", "漢.", "🙂", "",
            ]),
            sep in prop::sample::select(vec![" ", "", "  ", "\t", ".", ")"]),
            pieces in prop::collection::vec(prop::sample::select(vec![
                "Phần ", "PHẦN ", "phần ", "P", "p", "I", "V", "X", "L", "C", "IV.", "II", "1",
                "12", "1.", "1.1", ".", ")", "(", " ", "\t", "a", "b", "đ", "Đ", "ư", "Ư", "ệ",
                "Ế", "e\u{302}\u{301}", "E\u{301}", "\u{301}", "K", "\u{212a}", "Tổng", "số",
                "x", "-", "*", "漢", "🙂", "\r", "\n", "¹", "ǅ",
            ]), 0..8)
        ) {
            let t = format!("{lead}{head}{sep}{}", pieces.concat());
            prop_assert_eq!(heading_kind(&t), heading_kind_full(&t), "{:?}", t);
            let trimmed = t.trim();
            prop_assert_eq!(heading_kind(trimmed), heading_kind_full(trimmed), "{:?}", trimmed);
        }
    }
}

#[cfg(test)]
mod counting_tests {
    use super::*;
    use proptest::prelude::*;

    /// `measure_lines` before it summed the chars of the text line by line: the oracle.
    fn measure_counting_the_text(text: &str, lines: &[Line]) -> LayoutStats {
        let mut lens: Vec<usize> = Vec::new();
        let mut pairs = 0usize;
        let mut lower_next = 0usize;
        let mut prev_nonblank = false;
        let mut unterminated = 0usize;
        for l in lines {
            let s = line_str(text, *l);
            let t = s.trim();
            if t.is_empty() {
                continue;
            }
            if prev_nonblank {
                pairs += 1;
                if t.chars().next().is_some_and(char::is_lowercase)
                    && !is_structural_start(t, s, false, true)
                {
                    lower_next += 1;
                }
            }
            prev_nonblank = true;
            if marker_value(t).is_none() {
                lens.push(char_count(t));
                if !last_char(t).is_some_and(|c| is_terminal(c) || c == ';') {
                    unterminated += 1;
                }
            }
        }
        lens.sort_unstable();
        let n = lens.len();
        let pct = |p: usize| lens.get(n * p / 100).copied().unwrap_or(0);
        let long = lens.iter().filter(|&&x| x > LONG_LINE).count();
        let (fragments, doubles) = letter_loss_counts(text);
        let chars = char_count(text).max(1);
        LayoutStats {
            text_lines: n,
            median_len: pct(50),
            p90_len: pct(90),
            long_permille: (long * 1000).checked_div(n).unwrap_or(0),
            lowercase_next_permille: (lower_next * 1000).checked_div(pairs).unwrap_or(0),
            unterminated_permille: (unterminated * 1000).checked_div(n).unwrap_or(0),
            fragments_per_100k: fragments * 100_000 / chars,
            double_spaces_per_100k: doubles * 100_000 / chars,
        }
    }

    /// Lines of Vietnamese words, lone numbers, blank and white-space lines (Unicode spaces
    /// of one to three bytes among them), indentation, every kind of line end.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Tổng số ",
            "hồ sơ",
            "đạt",
            "\u{b}",
            "\u{c}",
            "\t1",
            "Đ",
            "ư",
            "a",
            "  ",
            " ",
            "\t",
            "12",
            "3",
            "\n",
            "\r\n",
            "\r",
            "\n\n",
            "\u{a0}",
            "\u{2009}",
            "\u{3000}",
            "\u{85}",
            "\u{2028}",
            "“",
            "…",
            ".",
            ";",
            "- ",
            "a) ",
            "1. ",
            "  á  ",
            "🙂",
            "e\u{301}",
        ]);
        prop::collection::vec(pieces, 0..50).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Line ends merged into the copies around them map every offset as opaque ones did.
        #[test]
        fn merged_line_ends_map_as_opaque_ones(t in text()) {
            let merged = reflow_with(&t, true);
            let opaque = reflow_with(&t, false);
            prop_assert_eq!(&merged.text, &opaque.text);
            for o in 0..=merged.text.len() {
                prop_assert_eq!(merged.map.map_start(o), opaque.map.map_start(o), "start {}", o);
                prop_assert_eq!(merged.map.map_end(o), opaque.map.map_end(o), "end {}", o);
            }
        }

        /// The stats are those of counting the whole text, each line's trimmed count is its
        /// count, and the range a line gives a block has the count `body_range` says.
        #[test]
        fn counts_agree_with_counting_again(t in text()) {
            let lines = split_lines(&t);
            let (stats, trimmed) = measure_counting(&t, &lines);
            prop_assert_eq!(&stats, &measure_counting_the_text(&t, &lines));
            prop_assert_eq!(trimmed.len(), lines.len());
            for (i, l) in lines.iter().enumerate() {
                let tt = line_str(&t, *l).trim();
                prop_assert_eq!(trim(line_str(&t, *l)), tt);
                prop_assert_eq!(trimmed[i], tt.chars().count());
                if tt.is_empty() {
                    continue;
                }
                for pdf in [false, true] {
                    let ((s, e), n) = body_range(&t, *l, pdf, trimmed[i]);
                    prop_assert_eq!(n, t[s..e].chars().count(), "{:?} pdf {}", &t[s..e], pdf);
                }
            }
        }
    }
}
