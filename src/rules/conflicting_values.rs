//! # conflicting-values
//!
//! ## What it does
//! Finds the same thing stated twice with values that cannot both be true. Both places are
//! labelled. Three cases are read:
//! - **an ordinal term written two ways for the same body**: `bầu cử đại biểu Quốc hội khóa
//!   XVI` and `bầu cử Đại biểu Quốc hội khoá XIV`. Bodies are compared on the two words before
//!   `khóa`/`khoá` (`quốc hội`), case and tone placement ignored; the message names the body
//!   as a whole phrase (`Ban Chấp hành Trung ương Đảng`, not `ương Đảng`). An **error** when
//!   both places name the same one-off event (`bầu cử`, from `conflict_events` in
//!   `rules/keywords.toml`) with the same four words before the term; otherwise a **warning**
//!   (a report may cite a resolution of the previous term beside the current one);
//! - **a not-achieved count stated twice**: `03 tiêu chí không đạt` and `còn 04/17 tiêu chí
//!   chưa hoàn thành` — the same count noun followed by a not-achieved word (`not_achieved`)
//!   with different numbers (a **warning**: the two sentences may speak of different sets);
//! - **a figure in the text against the appendix table**: a sentence that gives an indicator
//!   of a table row (`Đến năm 2030, diện tích đất trồng lúa là 300 ha`) and the row's cell for
//!   that year and role (`Diện tích đất trồng lúa | ha | … | 320` under `2030 (mục tiêu)`).
//!   Compared only when all of these hold:
//!   - the table's header names the indicator column (`Chỉ tiêu`, `Nội dung`,
//!     `table_indicator_headers`) and a column names one year; the column's role is read from
//!     its header (`Kế hoạch`, `KH`, `mục tiêu` → target; `Thực hiện`, `TH`, `Ước TH` →
//!     result; `target_words`/`result_words`); a bare year is a target in a plan (`KẾ
//!     HOẠCH`) and unread in a report; a header naming both roles (`So sánh TH/KH`) or a
//!     part of a year (`6 tháng`) is never read;
//!   - the sentence names exactly one year, and no every-year, part-of-year or comparison
//!     words (`hằng năm`, `tháng`, `quý`, `so với`, `cùng kỳ`, `gấp`);
//!   - the sentence's role matches the column's: its words before the figure name a target
//!     (`kế hoạch`, `phấn đấu`, `chỉ tiêu`) or a result (`thực hiện`, `kết quả`, `ước đạt`);
//!     with neither, a report's sentence is a result and a plan's `Đến năm 2030 …` a target;
//!     anything else is left alone;
//!   - the indicator's words (lowercase, the parenthesis and a leading `tỷ lệ`/`số` dropped,
//!     `được`/`các` skipped) stand in one clause preceded only by period, role and prefix
//!     words (`value_leads`) and followed only by linking words (`đạt`, `còn`, `là`,
//!     `value_links`) before the figure;
//!   - both figures are certain readings without hedge or bound, in the same unit (a table's
//!     `Tỷ đồng`, `Triệu đồng/người/năm` scale folded in), and differ at the coarser one's
//!     precision, rounded or truncated (`41,4%` against `41` is the same figure).
//!
//!   An **error** when the text writes the indicator exactly as the table does (`tỷ lệ che
//!   phủ rừng` for `Tỷ lệ che phủ rừng`); otherwise a **warning**. A sentence is compared with
//!   the first table after it (its document's appendix), or with the last table.
//!
//! ## Why it matters
//! A report that says two different things about the same figure cannot be signed: at least
//! one of them is wrong, and the reader cannot tell which. The appendix table and the text
//! are typed from different spreadsheets, and drift apart draft after draft.
//!
//! ## Example
//! ```text
//! Phục vụ bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp. Tuyên truyền Nghị quyết Đại hội XIV của Đảng, bầu cử Đại biểu Quốc hội khoá XIV.
//! ```
//! is reported as `“Quốc hội” được ghi với hai khóa khác nhau: “khóa XVI” và “khoá XIV”`.
//!
//! In a plan,
//! ```text
//! KẾ HOẠCH
//!
//! Phát triển kinh tế - xã hội giai đoạn 2026 - 2030
//!
//! Đến năm 2030, diện tích đất trồng lúa là 300 ha.
//!
//! | STT | Chỉ tiêu chủ yếu | Đơn vị tính | 2026 | 2030 (mục tiêu) |
//! |---|---|---|---|---|
//! | 1 | Diện tích đất trồng lúa | ha | 330 | 320 |
//! ```
//! is reported as `Chỉ tiêu “Diện tích đất trồng lúa” năm 2030: văn bản ghi 300 ha, bảng phụ
//! lục ghi 320 ha (cột “2030 (mục tiêu)”)`.
//!
//! ## Known limits
//! - Only not-achieved counts are compared between sentences; other counts stated twice are
//!   not.
//! - Term subjects are matched on their last two words; two bodies sharing them (`HĐND xã` of
//!   two communes) are grouped together, hence the warning.
//! - Text against table: a sentence about every year (`Hằng năm … 98%`), a period of several
//!   years (`giai đoạn 2026 - 2030 đạt 1.064 tỷ đồng`), a range (`15 - 17%`), a hedged or
//!   bounded figure (`trên 98%`, `≥19%`), an indicator with a number in it (`trên 1 ha đất`)
//!   or with other words between it and its figure (`… tham gia BHXH trong lực lượng lao
//!   động của xã đạt 66%`) is not compared: the rule misses these rather than guess. Tables
//!   with merged header rows (the year on one row, `KH`/`TH` on the next) are not read, nor
//!   is an indicator two rows of one table share (a row per village).
//! - Grouping is by hashed subject and rows are indexed by their first word, so the rule
//!   stays linear in the size of the document.

use super::{Check, Context, Rule, RuleMeta};

use crate::ast::{
    Block, BlockKind, Dimension, NonQuantityKind, Quantity, Reading, Token, TokenKind, TokenKinds,
};
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::lexicon::normalize_keyword;
use crate::span::Span;
use rust_decimal::{Decimal, RoundingStrategy};
// Fx: keys are short strings and pairs; every map is only looked up, or its groups are
// sorted by their first span before use, so the iteration order never shows.
use rustc_hash::FxHashMap as HashMap;

pub struct ConflictingValues;

static META: RuleMeta = RuleMeta {
    id: "conflicting-values",
    default_severity: Severity::Warning,
    summary: "the same figure or term must not be stated with two different values",
    source: include_str!("conflicting_values.rs"),
};

impl Rule for ConflictingValues {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The three comparisons are document-wide: the not-achieved counts are gathered part by
    /// part, the sentences and rows the table comparison reads keep their tokens to the end.
    fn start(&self) -> Option<Box<dyn Check>> {
        Some(Box::<Conflicts>::default())
    }
}

/// One document's check, carried from part to part.
#[derive(Default)]
struct Conflicts {
    missed: HashMap<String, MissedPair>,
    /// Whether the document has a table row: without one, no sentence is compared with a
    /// table, and none need keep its tokens. Read from the blocks' kinds on first use.
    has_tables: Option<bool>,
}

impl Check for Conflicts {
    fn part(&mut self, cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {
        collect_missed(cx, &mut self.missed);
    }

    /// The table rows, and the sentences `text_vs_table` could compare with them: those of a
    /// paragraph or list item that write a year.
    fn keeps(&mut self, cx: &Context<'_>, block: usize) -> bool {
        let has_tables = *self
            .has_tables
            .get_or_insert_with(|| has_table_rows(cx.doc));
        let Some(b) = cx.doc.blocks.get(block) else {
            return false;
        };
        has_tables
            && match b.kind {
                BlockKind::TableRow { .. } => true,
                BlockKind::Paragraph | BlockKind::ListItem { .. } => b.tokens.iter().any(|t| {
                    matches!(t.kind, TokenKind::NonQuantity { .. } | TokenKind::Date(_))
                        && years_in(cx.text.get(t.span.range()).unwrap_or_default())
                            .next()
                            .is_some()
                }),
                _ => false,
            }
    }

    fn finish(self: Box<Self>, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        ordinal_terms(cx, out);
        report_missed(cx, &self.missed, out);
        text_vs_table(cx, out);
    }
}

/// One `… khóa XVI` occurrence.
struct Term {
    /// The two words before `khóa`, normalised: the body.
    body: String,
    /// Up to four words before `khóa`, normalised.
    context: String,
    /// The body as written (for messages).
    body_written: String,
    /// The term as written (`khóa XVI`) and its span.
    term: String,
    span: Span,
    numeral: String,
    event: bool,
}

/// Error when the subject match is exact, else the rule's default (warning), as the issue asks.
fn severity_for(exact: bool) -> Severity {
    if exact {
        Severity::Error
    } else {
        META.default_severity
    }
}

/// Lowercase, `khoá` spelled `khóa`. `chars::to_lowercase` is std's answer with the
/// Vietnamese letters done by arithmetic, and the copy of `replace` is made only when there
/// is something to replace.
fn norm_word(w: &str) -> String {
    let lower = crate::chars::to_lowercase(w);
    if lower.contains("khoá") {
        lower.replace("khoá", "khóa")
    } else {
        lower
    }
}

/// `khóa`/`khoá` in any case, without allocating (`eq_lower` rejects other lengths first).
fn is_khoa(w: &str) -> bool {
    crate::chars::eq_lower(w, "khóa") || crate::chars::eq_lower(w, "khoá")
}

/// Punctuation that ends a clause for the words before `khóa`.
fn is_clause_punct(ch: char) -> bool {
    matches!(ch, ',' | ';' | ':' | '.' | '(' | ')' | '“' | '”' | '"')
}

/// The body's name as a whole phrase for messages. The two words the body is grouped on may
/// cut a name inside a word group (`ương Đảng` of `Ban Chấp hành Trung ương Đảng`): widen to
/// the left while the first word shown is lowercase, up to a capitalised word, a stop word
/// (`của`, `và` …) or the start of the clause. `before` runs from the word nearest `khóa`.
/// When the widening runs past the words read, the phrase starts with `…`.
fn display_body(before: &[&str], stops: &[String]) -> String {
    let mut n = before.len().min(2);
    let mut cut = false;
    while let Some(first) = n.checked_sub(1).and_then(|i| before.get(i)) {
        if first.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        match before.get(n) {
            Some(prev) if n < BODY_WORDS_MAX => {
                let prev = prev.to_lowercase();
                if stops.contains(&prev) {
                    break;
                }
                n += 1;
            }
            Some(_) => {
                cut = true;
                break;
            }
            None => break,
        }
    }
    let mut shown: Vec<&str> = before.iter().take(n).copied().collect();
    shown.reverse();
    let phrase = shown.join(" ");
    if cut {
        format!("…{phrase}")
    } else {
        phrase
    }
}

/// Most words a body's name is widened to for display.
const BODY_WORDS_MAX: usize = 7;

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// `khóa` and `khoá` in lowercase: a word `is_khoa` accepts is one of them in the document's
/// lowercase copy (lowercasing keeps every char's width, so offsets and lengths agree).
#[cfg(test)]
static KHOA: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    std::sync::LazyLock::new(|| {
        [
            memchr::memmem::Finder::new("khóa"),
            memchr::memmem::Finder::new("khoá"),
        ]
    });

/// Byte length of both spellings in `KHOA`.
const KHOA_LEN: usize = 5;

/// Offsets of `khóa`/`khoá` in the lowercase copy, sorted: one search per document instead
/// of one per block. Both spellings start with `k`, a rare letter in Vietnamese, so one pass
/// stops at each `k` and compares the five bytes there, where a search per spelling passed
/// over the document twice. Neither spelling can overlap itself or the other (each starts
/// with `k` and has no other `k`), so every occurrence is found, as the searches found them.
fn khoa_hits(lower: &[u8]) -> Vec<usize> {
    memchr::memchr_iter(b'k', lower)
        .filter(|&i| {
            matches!(
                lower.get(i..i + KHOA_LEN),
                Some(b"kh\xC3\xB3a" | b"kho\xC3\xA1")
            )
        })
        .collect()
}

/// [`khoa_hits`] with one search per spelling, merged: the search it replaced, its oracle.
#[cfg(test)]
fn khoa_hits_each(lower: &[u8]) -> Vec<usize> {
    let mut hits: Vec<usize> = KHOA.iter().flat_map(|f| f.find_iter(lower)).collect();
    hits.sort_unstable();
    hits
}

/// The words of a block with their byte offsets, cut at clause punctuation (an empty word
/// stands for each punctuation mark).
fn clause_words<'t>(text: &'t str, words: &mut Vec<(usize, &'t str)>) {
    words.clear();
    let mut start = None;
    for (i, ch) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let punct = is_clause_punct(ch);
        let boundary = punct || ch.is_whitespace();
        match (boundary, start) {
            (true, Some(s)) => {
                words.push((s, text.get(s..i).unwrap_or_default()));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        if punct {
            words.push((i, ""));
        }
    }
}

fn ordinal_terms(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let events = &cx.lex.keywords.conflict_events;
    let stops = &cx.lex.keywords.phrase_stops;
    let mut by_body: HashMap<String, Vec<Term>> = HashMap::default();
    // One buffer for every block: the words are rebuilt per block without reallocating.
    let mut words: Vec<(usize, &str)> = Vec::new();
    // Most blocks have no `khóa`/`khoá` in any case: they are skipped before being split
    // into words. The spellings are searched for once in the whole lowercase copy.
    let hits = khoa_hits(cx.lower.as_bytes());
    if hits.is_empty() {
        return;
    }
    for b in &cx.doc.blocks {
        let Some(text) = cx.text.get(b.span.range()) else {
            continue;
        };
        if super::hits_in(&hits, b.span.range(), KHOA_LEN)
            .next()
            .is_none()
        {
            continue;
        }
        let base = b.span.start as usize;
        clause_words(text, &mut words);
        for (k, &(pos, w)) in words.iter().enumerate() {
            if !is_khoa(w) {
                continue;
            }
            let Some(&(npos, numeral)) = words.get(k + 1) else {
                continue;
            };
            if !is_roman(numeral) {
                continue;
            }
            // Words before, within the clause.
            let before: Vec<&str> = words
                .get(..k)
                .unwrap_or_default()
                .iter()
                .rev()
                .take_while(|(_, w)| !w.is_empty())
                .take(BODY_WORDS_MAX + 1)
                .map(|(_, w)| *w)
                .collect();
            if before.len() < 2 {
                continue;
            }
            // The words nearest `khóa` normalised once (the most any pick takes), then
            // joined in text order.
            let norm: Vec<String> = before.iter().take(6).map(|w| norm_word(w)).collect();
            let pick = |n: usize| {
                let mut v: Vec<&str> = norm.iter().take(n).map(String::as_str).collect();
                v.reverse();
                v.join(" ")
            };
            let all = pick(6);
            let body = pick(2);
            let span = Span::new(base + pos, base + npos + numeral.len());
            by_body.entry(body.clone()).or_default().push(Term {
                body,
                context: pick(4),
                body_written: display_body(&before, stops),
                term: cx.text.get(span.range()).unwrap_or_default().to_string(),
                span,
                numeral: numeral.to_string(),
                event: events.iter().any(|e| all.contains(e.as_str())),
            });
        }
    }
    let mut groups: Vec<&Vec<Term>> = by_body.values().collect();
    groups.sort_by_key(|v| v.first().map(|t| t.span));
    for terms in groups {
        let Some(first) = terms.first() else { continue };
        let Some(other) = terms.iter().find(|t| t.numeral != first.numeral) else {
            continue;
        };
        debug_assert_eq!(first.body, other.body);
        let exact = first.event && other.event && first.context == other.context;
        let severity = severity_for(exact);
        out.push(
            Diagnostic::new(
                META.id,
                severity,
                other.span,
                Message::new("conflicting-values.message-term")
                    .arg("body", &first.body_written)
                    .arg("first", &first.term)
                    .arg("second", &other.term),
            )
            .with_help(
                Message::new("conflicting-values.help-term").arg("body", &first.body_written),
            )
            .with_label(
                first.span,
                Message::new("conflicting-values.label.first").arg("value", &first.term),
            )
            .with_label(
                other.span,
                Message::new("conflicting-values.label.second").arg("value", &other.term),
            ),
        );
    }
}

/// One not-achieved count as a part records it: the count's value, the denominator's if
/// any, and where they stand.
#[derive(Clone, Copy)]
struct Missed {
    value: Decimal,
    of: Option<Decimal>,
    /// The count's whole span (figure and noun), which orders the findings.
    span: Span,
    number_span: Span,
}

impl Missed {
    /// Two counts of one noun that cannot both be true: different numbers out of the same
    /// total (or where either gives none).
    fn contradicts(&self, first: &Missed) -> bool {
        self.value != first.value
            && match (self.of, first.of) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// The first not-achieved count of a noun, and the first later one that contradicts it: all
/// a finding needs, so a document of a thousand such sentences keeps two per noun.
struct MissedPair {
    first: Missed,
    other: Option<Missed>,
}

/// Gathers the not-achieved counts of the part's blocks into `by_noun`.
fn collect_missed(cx: &Context<'_>, by_noun: &mut HashMap<String, MissedPair>) {
    let not_achieved = &cx.lex.keywords.not_achieved;
    let counts = TokenKinds::QUANTITY.with(TokenKinds::RATIO);
    for (_, b) in cx.part_blocks().filter(|(_, b)| b.kinds.any(counts)) {
        for t in &b.tokens {
            let (count, of, unit) = match &t.kind {
                TokenKind::Quantity(q) => (&**q, None, q.unit.as_ref()),
                TokenKind::Ratio(r) => (
                    &r.numerator,
                    Some(&r.denominator),
                    r.denominator.unit.as_ref().or(r.numerator.unit.as_ref()),
                ),
                _ => continue,
            };
            let Some(unit) = unit else { continue };
            if count.approximate() || !count.exact || unit.name == "%" {
                continue;
            }
            // The not-achieved words directly after the phrase, read in the document's
            // lowercase copy (same offsets).
            let after = cx
                .lower
                .get(t.span.end as usize..b.span.end as usize)
                .unwrap_or_default()
                .trim_start();
            if !not_achieved.iter().any(|k| {
                after.starts_with(k.as_str())
                    && after
                        .get(k.len()..)
                        .and_then(|r| r.chars().next())
                        .is_none_or(|c| !c.is_alphanumeric())
            }) {
                continue;
            }
            let m = Missed {
                value: count.value,
                of: of.map(|q| q.value),
                span: count.span,
                number_span: count.number_span,
            };
            match by_noun.get_mut(&*unit.name) {
                Some(pair) => {
                    if pair.other.is_none() && m.contradicts(&pair.first) {
                        pair.other = Some(m);
                    }
                }
                None => {
                    by_noun.insert(
                        unit.name.to_string(),
                        MissedPair {
                            first: m,
                            other: None,
                        },
                    );
                }
            }
        }
    }
}

/// One finding per noun whose not-achieved counts contradict each other, in the order of
/// the nouns' first counts.
fn report_missed(
    cx: &Context<'_>,
    by_noun: &HashMap<String, MissedPair>,
    out: &mut Vec<Diagnostic>,
) {
    let mut groups: Vec<(&String, &MissedPair)> = by_noun.iter().collect();
    groups.sort_by_key(|(_, p)| p.first.span);
    for (noun, pair) in groups {
        let Some(other) = &pair.other else { continue };
        let first = &pair.first;
        let a = cx.text.get(first.number_span.range()).unwrap_or_default();
        let b = cx.text.get(other.number_span.range()).unwrap_or_default();
        out.push(
            Diagnostic::new(
                META.id,
                META.default_severity,
                other.number_span,
                Message::new("conflicting-values.message-missed")
                    .arg("noun", noun)
                    .arg("first", a)
                    .arg("second", b),
            )
            .with_help(Message::new("conflicting-values.help-missed").arg("noun", noun))
            .with_label(
                first.number_span,
                Message::new("conflicting-values.label.first").arg("value", a),
            )
            .with_label(
                other.number_span,
                Message::new("conflicting-values.label.second").arg("value", b),
            ),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A figure in the text against the same indicator in the appendix table
// ---------------------------------------------------------------------------------------------

/// What a figure is: a target set in advance or a result achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Target,
    Result,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DocKind {
    Plan,
    Report,
    Other,
}

/// Header words that name the unit column (as in `parse::tables`).
const UNIT_HEADERS: &[&str] = &["đơn vị tính", "đvt"];

/// A column whose header names one year and one role (`Kế hoạch 2026`, `2030 (mục tiêu)`).
struct YearCol {
    col: usize,
    year: i32,
    role: Role,
    header: String,
}

/// A data row of an appendix table whose indicator can be looked for in the text.
struct Row<'a> {
    /// Indicator words: lowercase, without parentheses, fillers and a leading prefix.
    words: Vec<String>,
    /// No parenthesis or filler was dropped from the indicator to get `words`.
    plain: bool,
    /// The prefix dropped from the indicator (`tỷ lệ`), if any.
    prefix: Vec<String>,
    /// The indicator and the unit cell as written.
    name: String,
    unit: String,
    /// The figure under each year column (index into the table's columns).
    cells: Vec<(usize, &'a Quantity)>,
    table: usize,
}

/// Keyword lists split into words (borrowed from the lexicon: nothing is copied), once per
/// document.
struct Phrases<'k> {
    leads: Vec<Vec<&'k str>>,
    links: Vec<Vec<&'k str>>,
    fillers: Vec<Vec<&'k str>>,
    prefixes: Vec<Vec<&'k str>>,
    target: Vec<Vec<&'k str>>,
    result: Vec<Vec<&'k str>>,
    by_year: Vec<Vec<&'k str>>,
    excluded: Vec<Vec<&'k str>>,
    indicator_headers: Vec<Vec<&'k str>>,
}

fn split_phrases<'k>(lists: &[&'k Vec<String>]) -> Vec<Vec<&'k str>> {
    lists
        .iter()
        .flat_map(|l| l.iter())
        .map(|p| p.split_whitespace().collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Length in words of the longest phrase starting at `words[at]`.
fn phrase_len<S: AsRef<str>>(words: &[S], at: usize, phrases: &[Vec<&str>]) -> Option<usize> {
    phrases
        .iter()
        .filter(|p| {
            p.iter()
                .enumerate()
                .all(|(i, pw)| words.get(at + i).is_some_and(|w| w.as_ref() == *pw))
        })
        .map(Vec::len)
        .max()
}

fn contains_phrase<S: AsRef<str>>(words: &[S], phrases: &[Vec<&str>]) -> bool {
    (0..words.len()).any(|i| phrase_len(words, i, phrases).is_some())
}

/// Lowercase words of a cell (split at anything not a letter or digit). The crate's
/// `is_alphanumeric` answers the Vietnamese Latin blocks by range, where the standard one
/// looks each letter up in its Unicode tables.
fn cell_words(s: &str) -> Vec<String> {
    crate::chars::lower_same_len(s)
        .split(|c: char| !crate::chars::is_alphanumeric(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// `cell_words` as first written (the standard `is_alphanumeric`), kept as its test oracle.
#[cfg(test)]
fn cell_words_oracle(s: &str) -> Vec<String> {
    crate::chars::lower_same_len(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Years (four digits, 1900–2100) written in `s`.
/// The years written in `s`: runs of four digits from 1900 to 2100. An iterator, not a
/// `Vec`: it is asked for every date and citation of every sentence.
fn years_in(s: &str) -> impl Iterator<Item = i32> + '_ {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .filter_map(|d| d.parse::<i32>().ok())
        .filter(|y| (1900..=2100).contains(y))
}

/// The role the words give: one of the two, or none when they name neither or both.
fn role_of<S: AsRef<str>>(words: &[S], ph: &Phrases<'_>) -> Option<Role> {
    let t = contains_phrase(words, &ph.target);
    let r = contains_phrase(words, &ph.result);
    match (t, r) {
        (true, false) => Some(Role::Target),
        (false, true) => Some(Role::Result),
        _ => None,
    }
}

fn doc_kind(cx: &Context<'_>) -> DocKind {
    let Some(b) = cx.doc.blocks.iter().find(|b| b.kind == BlockKind::Title) else {
        return DocKind::Other;
    };
    let t = normalize_keyword(cx.text.get(b.span.range()).unwrap_or_default());
    let t = t.trim_matches(|c: char| c == '*' || c.is_whitespace());
    let kw = &cx.lex.keywords;
    if kw.plan_doc_types.iter().any(|k| k == t) {
        DocKind::Plan
    } else if kw.report_doc_types.iter().any(|k| k == t) {
        DocKind::Report
    } else {
        DocKind::Other
    }
}

/// The single quantity inside a cell, if the cell holds that figure alone: a word beside it
/// (`Tổng 1.064`, `Duy trì`) says it is not the year's plain value.
fn figure_in(b: &Block, cell: Span) -> Option<&Quantity> {
    let mut found = None;
    for t in b.tokens_in(cell) {
        match &t.kind {
            TokenKind::Quantity(q) if found.is_none() => found = Some(&**q),
            TokenKind::Punct { .. } => {}
            _ => return None,
        }
    }
    found
}

/// The header of a table: where the indicator and the unit are, and its year columns.
struct Header {
    /// Index of the header row among the document's blocks.
    block: usize,
    indicator: usize,
    unit: Option<usize>,
    cols: Vec<YearCol>,
}

fn read_header(
    cx: &Context<'_>,
    block: usize,
    cells: &[Span],
    kind: DocKind,
    ph: &Phrases<'_>,
) -> Option<Header> {
    let cell_text = |c: &Span| cx.text.get(c.range()).unwrap_or_default();
    let indicator = cells.iter().position(|c| {
        let w = cell_words(cell_text(c));
        phrase_len(&w, 0, &ph.indicator_headers).is_some()
    })?;
    let unit = cells.iter().position(|c| {
        let h = normalize_keyword(cell_text(c));
        UNIT_HEADERS.contains(&h.as_str())
    });
    let mut cols = Vec::new();
    for (col, c) in cells.iter().enumerate() {
        let text = cell_text(c);
        // Exactly one year.
        let mut years = years_in(text);
        let (Some(year), None) = (years.next(), years.next()) else {
            continue;
        };
        let words = cell_words(text);
        // `So sánh TH 2025/KH 2025`, `6 tháng 2025`: not one year's figure.
        if contains_phrase(&words, &ph.excluded) {
            continue;
        }
        let role = match (role_of(&words, ph), kind) {
            (Some(r), _) => r,
            // A bare year in a plan's table is that year's target.
            (None, DocKind::Plan)
                if !contains_phrase(&words, &ph.target) && !contains_phrase(&words, &ph.result) =>
            {
                Role::Target
            }
            _ => continue,
        };
        cols.push(YearCol {
            col,
            year,
            role,
            header: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
    (!cols.is_empty()).then_some(Header {
        block,
        indicator,
        unit,
        cols,
    })
}

/// Text with parenthesised parts removed, and whether there were any.
fn without_parens(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut had = false;
    for ch in s.chars() {
        match ch {
            '(' => {
                depth += 1;
                had = true;
            }
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    (out, had)
}

fn table_rows<'a>(
    cx: &'a Context<'_>,
    kind: DocKind,
    ph: &Phrases<'_>,
    tables: &mut Vec<Header>,
) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let mut current: Option<usize> = None;
    for (bi, b) in cx.doc.blocks.iter().enumerate() {
        let BlockKind::TableRow { cells, header } = &b.kind else {
            current = None;
            continue;
        };
        // A header row, or a row without a figure that reads as one: the parser marks only
        // the first header of tab-separated rows that follow each other (two appendices
        // separated by a blank line are one run of rows).
        let no_figure = !b.kinds.any(TokenKinds::QUANTITY);
        if *header || no_figure {
            let h = read_header(cx, bi, cells, kind, ph);
            if *header || h.is_some() {
                current = h.map(|h| {
                    tables.push(h);
                    tables.len() - 1
                });
                continue;
            }
        }
        let Some(ti) = current else { continue };
        let Some(h) = tables.get(ti) else { continue };
        let cell_text = |i: usize| {
            cells
                .get(i)
                .and_then(|c| cx.text.get(c.range()))
                .unwrap_or_default()
        };
        let name = cell_text(h.indicator)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let (bare, paren) = without_parens(&name);
        let mut words = cell_words(&bare);
        // A number inside the indicator (`trên 1 ha đất`) is read as a quantity in the text.
        if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
            continue;
        }
        let before = words.len();
        words.retain(|w| phrase_len(std::slice::from_ref(w), 0, &ph.fillers).is_none());
        let filler = words.len() != before;
        let prefix: Vec<String> = match phrase_len(&words, 0, &ph.prefixes) {
            Some(n) => words.drain(..n.min(words.len())).collect(),
            None => Vec::new(),
        };
        if words.len() < 2 {
            continue;
        }
        let cells_q: Vec<(usize, &Quantity)> = h
            .cols
            .iter()
            .enumerate()
            .filter_map(|(ci, yc)| {
                let span = cells.get(yc.col)?;
                figure_in(b, *span).map(|q| (ci, q))
            })
            .collect();
        if cells_q.is_empty() {
            continue;
        }
        rows.push(Row {
            words,
            plain: !paren && !filler,
            prefix,
            name,
            unit: h
                .unit
                .map(|u| cell_text(u).trim())
                .unwrap_or("")
                .to_string(),
            cells: cells_q,
            table: ti,
        });
    }
    rows
}

/// Whether the document has a table row, the only source of the rows a sentence is
/// compared with (read from the blocks' kinds, which hold without tokens).
fn has_table_rows(doc: &crate::ast::Document) -> bool {
    doc.blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::TableRow { .. }))
}

/// A figure's value in a unit both sides share: (value, resolution, unit key). `None` when
/// the unit is not one whose values can be compared.
fn comparable(q: &Quantity, lex: &crate::lexicon::Lexicon) -> Option<(Decimal, Decimal, String)> {
    let u = q.unit.as_ref()?;
    match u.dimension {
        Dimension::Percent => Some((q.value, q.resolution, "%".to_string())),
        Dimension::Money
        | Dimension::Area
        | Dimension::Mass
        | Dimension::Volume
        | Dimension::Length => Some((
            q.value * u.factor,
            q.resolution * u.factor,
            format!("{:?}", u.dimension),
        )),
        Dimension::Count => Some((q.value, q.resolution, normalize_keyword(&u.name))),
        Dimension::Rate | Dimension::Other | Dimension::Time => {
            // A table's unit cell keeps its scale word (`Triệu đồng/người/năm`), the text
            // folds it into the value (`170 triệu đồng/người/năm`).
            let name = normalize_keyword(&u.name);
            let (scale, rest) = lex.split_scale(&name);
            // The text's unit was read with its scale already folded in when its name has
            // none; a table cell's unit name still carries it.
            Some((q.value * scale, q.resolution * scale, rest.to_string()))
        }
    }
}

/// True when two values written at their own precision cannot be the same figure: the finer
/// one, rounded or truncated to the coarser one's precision, is not the coarser one.
fn differ(a: (Decimal, Decimal), b: (Decimal, Decimal)) -> bool {
    let ((coarse, rc), (fine, _)) = if a.1 >= b.1 { (a, b) } else { (b, a) };
    if rc <= Decimal::ZERO {
        return coarse != fine;
    }
    let steps = fine / rc;
    let rounded = steps.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero) * rc;
    let truncated = steps.trunc() * rc;
    rounded != coarse && truncated != coarse
}

/// The unit cell as a message shows it after a figure: `%` glued, a capitalised common word
/// lowercased (`Tỷ đồng` → ` tỷ đồng`), an abbreviation kept (`DN`).
fn unit_display(unit: &str) -> String {
    if unit.is_empty() || unit == "%" {
        return unit.to_string();
    }
    let mut cs = unit.chars();
    let (Some(first), second) = (cs.next(), cs.next()) else {
        return String::new();
    };
    if second.is_some_and(char::is_lowercase) {
        let rest = unit.get(first.len_utf8()..).unwrap_or_default();
        format!(" {}{rest}", first.to_lowercase())
    } else {
        format!(" {unit}")
    }
}

fn text_vs_table(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Rows come from table rows only: a document without any has nothing to compare, and
    // the phrase lists need not be split.
    if !has_table_rows(cx.doc) {
        return;
    }
    let kw = &cx.lex.keywords;
    let ph = Phrases {
        leads: split_phrases(&[&kw.value_leads, &kw.subject_fillers]),
        links: split_phrases(&[&kw.value_links]),
        fillers: split_phrases(&[&kw.subject_fillers]),
        prefixes: split_phrases(&[&kw.indicator_prefixes]),
        target: split_phrases(&[&kw.target_words]),
        result: split_phrases(&[&kw.result_words]),
        by_year: split_phrases(&[&kw.by_year_words]),
        excluded: split_phrases(&[
            &kw.every_year_words,
            &kw.partial_period_words,
            &kw.comparison_words,
        ]),
        indicator_headers: split_phrases(&[&kw.table_indicator_headers]),
    };
    let kind = doc_kind(cx);
    let mut tables = Vec::new();
    let rows = table_rows(cx, kind, &ph, &mut tables);
    if rows.is_empty() {
        return;
    }
    // Rows by table and the first word of their indicator: each word of the text is looked
    // up once, among the rows of one table only.
    let mut index: HashMap<(usize, &str), Vec<usize>> = HashMap::default();
    for (i, r) in rows.iter().enumerate() {
        if let Some(w) = r.words.first() {
            index.entry((r.table, w.as_str())).or_default().push(i);
        }
    }
    // The table a sentence is compared with: the next one after it (the appendix of its
    // document), or the last one when the text follows every table.
    let mut next_table = 0;
    for (bi, b) in cx.doc.blocks.iter().enumerate() {
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }) {
            continue;
        }
        while tables.get(next_table).is_some_and(|h| h.block < bi) {
            next_table += 1;
        }
        let table = next_table.min(tables.len().saturating_sub(1));
        for sent in crate::claims::text::sentences(cx.text, &b.tokens) {
            let Some(toks) = b.tokens.get(sent) else {
                continue;
            };
            // The sentence names exactly one year (a date or a citation adds its own).
            let mut years = toks
                .iter()
                .filter(|t| matches!(t.kind, TokenKind::NonQuantity { .. } | TokenKind::Date(_)))
                .flat_map(|t| years_in(cx.text.get(t.span.range()).unwrap_or_default()));
            let Some(year) = years.next() else { continue };
            if years.any(|y| y != year) {
                continue;
            }
            // Words read in the document's lowercase copy (same offsets).
            let word = |t: &Token| -> Option<&str> {
                if t.kind != TokenKind::Word {
                    return None;
                }
                cx.lower.get(t.span.range())
            };
            let words: Vec<&str> = toks.iter().filter_map(word).collect();
            if contains_phrase(&words, &ph.excluded) {
                continue;
            }
            let mut cstart = 0;
            while cstart < toks.len() {
                let cend = toks
                    .iter()
                    .enumerate()
                    .skip(cstart)
                    .find(|(_, t)| t.kind == TokenKind::Punct { ch: ';' })
                    .map_or(toks.len(), |(i, _)| i);
                if let Some(found) = clause(toks, cstart..cend, &word, &rows, table, &index, &ph) {
                    compare(
                        cx, toks, year, kind, &found, &rows, &tables, &ph, &word, out,
                    );
                }
                cstart = cend + 1;
            }
        }
    }
}

/// An indicator found in a clause with the figure that follows it.
struct Found<'t> {
    row: usize,
    /// Token range of the indicator in the sentence.
    subject: std::ops::Range<usize>,
    figure: &'t Quantity,
    figure_at: usize,
    /// The indicator stands in the text exactly as the table writes it.
    exact: bool,
}

/// Tokens that may stand between words of a lead or an indicator.
fn is_soft_punct(t: &Token) -> bool {
    matches!(
        t.kind,
        TokenKind::Punct {
            ch: '(' | ')' | '.' | ',' | ':' | '-' | '+' | '*' | '•' | '–' | '—'
        } | TokenKind::Enumerator { .. }
            | TokenKind::FootnoteMark { .. }
            | TokenKind::NonQuantity {
                what: NonQuantityKind::Year | NonQuantityKind::Period | NonQuantityKind::Marker
            }
    )
}

/// Do the words of `toks` form only phrases of `phrases` (other tokens allowed by `ok`)?
fn only_phrases<'w>(
    toks: &[Token],
    word: &impl Fn(&Token) -> Option<&'w str>,
    phrases: &[Vec<&str>],
    ok: impl Fn(&Token) -> bool,
) -> Option<Vec<&'w str>> {
    let mut words = Vec::new();
    for t in toks {
        match word(t) {
            Some(w) => words.push(w),
            None if ok(t) => {}
            None => return None,
        }
    }
    let mut i = 0;
    while i < words.len() {
        i += phrase_len(&words, i, phrases)?;
    }
    Some(words)
}

#[allow(clippy::too_many_arguments)]
fn clause<'t, 'w>(
    toks: &'t [Token],
    range: std::ops::Range<usize>,
    word: &impl Fn(&Token) -> Option<&'w str>,
    rows: &[Row<'_>],
    table: usize,
    index: &HashMap<(usize, &str), Vec<usize>>,
    ph: &Phrases<'_>,
) -> Option<Found<'t>> {
    let clause = toks.get(range.clone())?;
    // The indicator: the longest row matching at a word, skipping fillers and dashes.
    let mut best: Option<(usize, usize, usize, bool)> = None; // (row, start, end, skipped)
    let mut tie = false;
    for (k, t) in clause.iter().enumerate() {
        let Some(w) = word(t) else { continue };
        let Some(cands) = index.get(&(table, w)) else {
            continue;
        };
        for &ri in cands {
            let Some(row) = rows.get(ri) else { continue };
            let mut j = k;
            let mut matched = 0;
            let mut skipped = false;
            while matched < row.words.len() {
                let Some(t) = clause.get(j) else { break };
                match word(t) {
                    Some(w) if row.words.get(matched).is_some_and(|rw| rw == w) => matched += 1,
                    Some(w) if matched > 0 && phrase_len(&[w], 0, &ph.fillers).is_some() => {
                        skipped = true;
                    }
                    None if matched > 0
                        && matches!(
                            t.kind,
                            TokenKind::Punct {
                                ch: '-' | '–' | '—'
                            }
                        ) => {}
                    _ => break,
                }
                j += 1;
            }
            if matched != row.words.len() {
                continue;
            }
            let best_len = best
                .and_then(|(bi, ..)| rows.get(bi))
                .map(|b| b.words.len());
            match best_len {
                Some(n) if n > row.words.len() => {}
                // Two rows of one table with the same indicator (a row per village, or a
                // repeated row): which one the sentence means is not known.
                Some(n) if n == row.words.len() => tie = true,
                _ => {
                    best = Some((ri, k, j, skipped));
                    tie = false;
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    if tie {
        return None;
    }
    let (ri, start, end, skipped) = best?;
    let row = rows.get(ri)?;
    // Before the indicator: only period, role and prefix words (`Đến năm 2030, tỷ lệ …`).
    let lead = only_phrases(clause.get(..start)?, word, &ph.leads, is_soft_punct)?;
    // The text writes the indicator whole when the words before it are the prefix the table
    // writes (`tỷ lệ` + `che phủ rừng`), or no prefix when the table writes none.
    let same_prefix = if row.prefix.is_empty() {
        !(1..=lead.len()).any(|n| phrase_len(&lead, lead.len() - n, &ph.prefixes) == Some(n))
    } else {
        lead.len() >= row.prefix.len()
            && lead
                .iter()
                .skip(lead.len() - row.prefix.len())
                .zip(&row.prefix)
                .all(|(a, b)| a == b)
    };
    // Between the indicator and its figure: only linking words (`đạt`, `còn`, `là`).
    let fig_at = clause
        .iter()
        .enumerate()
        .skip(end)
        .find(|(_, t)| {
            word(t).is_none()
                && !matches!(
                    t.kind,
                    TokenKind::Punct { ch: ':' | '-' }
                        | TokenKind::FootnoteMark { .. }
                        | TokenKind::NonQuantity {
                            what: NonQuantityKind::Year
                        }
                )
        })
        .map(|(i, _)| i)?;
    let figure = match &clause.get(fig_at)?.kind {
        TokenKind::Quantity(q) => &**q,
        _ => return None,
    };
    only_phrases(clause.get(end..fig_at)?, word, &ph.links, |t| {
        matches!(
            t.kind,
            TokenKind::Punct { ch: ':' | '-' }
                | TokenKind::FootnoteMark { .. }
                | TokenKind::NonQuantity {
                    what: NonQuantityKind::Year
                }
        )
    })?;
    Some(Found {
        row: ri,
        subject: range.start + start..range.start + end,
        figure,
        figure_at: range.start + fig_at,
        exact: row.plain && !skipped && same_prefix,
    })
}

#[allow(clippy::too_many_arguments)]
fn compare<'w>(
    cx: &Context<'_>,
    toks: &[Token],
    year: i32,
    kind: DocKind,
    found: &Found<'_>,
    rows: &[Row<'_>],
    tables: &[Header],
    ph: &Phrases<'_>,
    word: &impl Fn(&Token) -> Option<&'w str>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(row) = rows.get(found.row) else {
        return;
    };
    let Some(table) = tables.get(row.table) else {
        return;
    };
    let q = found.figure;
    if q.approximate() || q.reading != Reading::Certain {
        return;
    }
    // The role the sentence gives its figure, from its words before the figure outside the
    // indicator. A plan's `Đến năm 2030 …` is a target; a report's plain sentence a result.
    let before: Vec<&str> = toks
        .iter()
        .enumerate()
        .take(found.figure_at)
        .filter(|(i, _)| !found.subject.contains(i))
        .filter_map(|(_, t)| word(t))
        .collect();
    let t = contains_phrase(&before, &ph.target);
    let r = contains_phrase(&before, &ph.result);
    let role = match (t, r, kind) {
        (true, false, _) => Role::Target,
        (false, true, _) => Role::Result,
        (false, false, DocKind::Plan) if contains_phrase(&before, &ph.by_year) => Role::Target,
        (false, false, DocKind::Report) => Role::Result,
        _ => return,
    };
    let mut matching = row.cells.iter().filter(|(ci, _)| {
        table
            .cols
            .get(*ci)
            .is_some_and(|c| c.year == year && c.role == role)
    });
    let Some(&(ci, cell)) = matching.next() else {
        return;
    };
    if matching.next().is_some() || cell.approximate() || cell.reading != Reading::Certain {
        return;
    }
    let Some(col) = table.cols.get(ci) else {
        return;
    };
    let (Some((a, ra, ua)), Some((b, rb, ub))) = (comparable(q, cx.lex), comparable(cell, cx.lex))
    else {
        return;
    };
    if ua != ub || !differ((a, ra), (b, rb)) {
        return;
    }
    let text_value = cx.text.get(q.span.range()).unwrap_or_default().to_string();
    let cell_value = cx
        .text
        .get(cell.span.range())
        .unwrap_or_default()
        .to_string();
    let severity = severity_for(found.exact);
    out.push(
        Diagnostic::new(
            META.id,
            severity,
            q.span,
            Message::new("conflicting-values.message-table")
                .arg("subject", &row.name)
                .arg("year", year)
                .arg("text", &text_value)
                .arg("table", format!("{cell_value}{}", unit_display(&row.unit)))
                .arg("column", &col.header),
        )
        .with_help(Message::new("conflicting-values.help-table"))
        .with_label(
            q.span,
            Message::new("conflicting-values.label.text").arg("value", &text_value),
        )
        .with_label(
            cell.span,
            Message::new("conflicting-values.label.table")
                .arg("column", &col.header)
                .arg("value", &cell_value),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The block filter `ordinal_terms` had: `kh` then `o` or `ó`, searched per block. Kept
    /// as the oracle of the document-wide `khóa`/`khoá` search.
    fn kh_oracle(lower: &[u8]) -> bool {
        memchr::memmem::find_iter(lower, "kh")
            .any(|i| matches!(lower.get(i + 2..i + 4), Some([b'o', _] | [0xC3, 0xB3])))
    }

    fn piece() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "khóa",
            "khoá",
            "Khóa",
            "KHÓA",
            "KHOÁ",
            "khoa",
            "kho",
            "khó",
            "khóa.",
            "khoản",
            "khóA",
            "XVI",
            "XV",
            "IX",
            "Đại hội",
            "Ban Chấp hành",
            "bầu cử",
            "không đạt",
            "chưa đạt",
            "Chưa hoàn thành",
            "KHÔNG HOÀN THÀNH",
            "chưa",
            "đạt",
            "15",
            "3/17",
            "chỉ tiêu",
            "H¹nh",
            "Vieät",
            "(",
            ")",
            ",",
            ";",
            ":",
            ".",
            "“",
            "”",
            " ",
            "  ",
            "\n",
        ]);
        prop_oneof![
            words.prop_map(str::to_string),
            "[0-9]{1,3}([.,/-][0-9]{1,3})?",
            "[a-zđóá]{1,5}",
        ]
    }

    /// `norm_word` as first written: its oracle.
    fn norm_word_oracle(w: &str) -> String {
        w.to_lowercase().replace("khoá", "khóa")
    }

    /// A document and its blocks: ranges cut at char boundaries.
    fn doc() -> impl Strategy<Value = (String, Vec<std::ops::Range<usize>>)> {
        crate::rules::testing::doc(piece(), 30, false)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Cells of Vietnamese, Latin-1 mojibake, other scripts and symbols split alike.
        #[test]
        fn cell_words_match_oracle(
            (text, _) in doc(),
            extra in "[\\u{80}-\\u{2FF}\\u{1E00}-\\u{1EFF}\\u{2000}-\\u{2200}\\u{0370}-\\u{04FF}]{0,8}",
        ) {
            let s = format!("{text}{extra}");
            prop_assert_eq!(cell_words(&s), cell_words_oracle(&s));
        }

        /// `norm_word` gives what std's lowercasing and an unconditional `replace` gave, on
        /// words of the documents, capital sigmas and other scripts.
        #[test]
        fn norm_word_matches_std_lowercase_and_replace(
            (text, _) in doc(),
            extra in "[ΣσςA-Z\u{80}-\u{2FF}\u{1E00}-\u{1EFF}\u{0370}-\u{04FF}]{0,8}",
        ) {
            let s = format!("{text}{extra}");
            for w in s.split(' ').chain([s.as_str(), extra.as_str()]) {
                prop_assert_eq!(norm_word(w), norm_word_oracle(w));
            }
        }

        /// One pass stopping at each `k` finds what a search per spelling found.
        #[test]
        fn khoa_hits_match_a_search_per_spelling((text, _) in doc()) {
            let lower = crate::chars::lower_same_len(&text);
            prop_assert_eq!(khoa_hits(lower.as_bytes()), khoa_hits_each(lower.as_bytes()));
        }

        /// The blocks the new filter lets through yield the same `khóa` words as the old one.
        #[test]
        fn khoa_filter_matches_oracle((text, blocks) in doc()) {
            let lower = crate::chars::lower_same_len(&text);
            let hits = khoa_hits(lower.as_bytes());
            let mut words = Vec::new();
            for r in blocks {
                let block = text.get(r.clone()).unwrap();
                let mut found = |pass: bool| -> Vec<(usize, String)> {
                    if !pass {
                        return Vec::new();
                    }
                    clause_words(block, &mut words);
                    words
                        .iter()
                        .filter(|(_, w)| is_khoa(w))
                        .map(|&(i, w)| (i, w.to_string()))
                        .collect()
                };
                let new = found(crate::rules::hits_in(&hits, r.clone(), KHOA_LEN).next().is_some());
                let old = found(kh_oracle(lower.as_bytes().get(r.clone()).unwrap()));
                prop_assert_eq!(new, old);
            }
        }
    }
}
