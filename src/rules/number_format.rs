//! # number-format
//!
//! ## What it does
//! Checks that a document writes its numbers one way (vi-VN: `.` groups thousands, `,` marks
//! decimals). At most one finding per kind per document, with the counts and the first five
//! occurrences labelled:
//! - **mixed decimal marks**: dot decimals (`13.82%`) in a document that writes decimals with a
//!   comma (`38,89%`);
//! - **ambiguous values**: a dot decimal whose other reading is plausible (`1.46%`: 1,46 % or
//!   146 %, both possible figures);
//! - **mixed grouping**: en-US comma grouping (`1,234,567`) or long ungrouped numbers
//!   (`125000`) in a document that groups thousands with dots (`5.449`). Four-digit numbers
//!   written without a dot (`5302`) are normal in vi-VN and are not reported.
//!
//! All three are **warnings**. The mixed-marks finding carries a safe fix `13.82%` →
//! `13,82%` where the reading is certain: a percentage whose digits read as one integer would
//! be over 500 % (`13.82%` is not 1382 %).
//!
//! ## Why it matters
//! In vi-VN `1.460` is one thousand four hundred and sixty. A reader who meets `1.46%` beside
//! `38,89%` cannot tell which convention the writer used, and a figure copied from a
//! spreadsheet with the wrong mark changes value by a factor of 100 or 1000.
//!
//! ## Example
//! ```text
//! Tăng trưởng kinh tế đạt 13.82%, trong đó thương mại dịch vụ chiếm 38,89%.
//! ```
//! is reported as `Văn bản dùng hai kiểu dấu thập phân: 1 số viết dấu chấm, 1 số viết dấu phẩy`.
//!
//! ## Known limits
//! - Only quantities are read (numbers with a unit, a count noun or `%`); codes, dates and
//!   citations are not numbers here.
//! - The first cell of a table row is a row label (`1.1`), not a value, and is skipped.
//! - Numbers the layout stage marked as damaged (`10 75%`) are left to the `encoding` rule.

use super::{Check, Context, Rule, RuleMeta};
use crate::ast::{BlockKind, Quantity, Reading, TokenKind, TokenKinds};
use crate::diagnostic::{Diagnostic, Fix, Message, Severity};
use crate::span::Span;
use rust_decimal::Decimal;

pub struct NumberFormat;

static META: RuleMeta = RuleMeta {
    id: "number-format",
    default_severity: Severity::Warning,
    summary: "numbers in one document must use one decimal mark and one thousands grouping",
    source: include_str!("number_format.rs"),
};

/// How a figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `13.82`
    DotDecimal,
    /// `38,89`, `1.113,6`
    CommaDecimal,
    /// `5.449`
    DotGrouped,
    /// `1,234,567`
    CommaGrouped,
    /// `125000`
    LongPlain,
    Other,
}

fn form(written: &str, reading: Reading, zero_padded: bool) -> Form {
    if reading == Reading::Damaged {
        return Form::Other;
    }
    // One pass over the bytes: only ASCII digits and the two marks are allowed (a non-ASCII
    // char has no ASCII byte), and the marks are counted on the way.
    let (mut dots, mut commas) = (0usize, 0usize);
    for &b in written.as_bytes() {
        match b {
            b'.' => dots += 1,
            b',' => commas += 1,
            b'0'..=b'9' => {}
            _ => return Form::Other,
        }
    }
    let after = |mark: u8| written.bytes().rev().take_while(|&b| b != mark).count();
    match (dots, commas) {
        (0, 0) if written.len() >= 5 && !zero_padded => Form::LongPlain,
        (1, 0) if reading == Reading::Ambiguous => Form::DotDecimal,
        (_, 0) if dots > 0 => Form::DotGrouped,
        (0, 1) if after(b',') != 3 => Form::CommaDecimal,
        (d, 1) if d > 0 => Form::CommaDecimal,
        (0, c) if c >= 2 => Form::CommaGrouped,
        _ => Form::Other,
    }
}

/// The form as first written (a char scan and two `matches` counts), kept as the oracle of
/// `form`'s single byte pass.
#[cfg(test)]
fn form_oracle(written: &str, reading: Reading, zero_padded: bool) -> Form {
    if reading == Reading::Damaged
        || !written
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Form::Other;
    }
    let dots = written.matches('.').count();
    let commas = written.matches(',').count();
    let after = |mark: char| {
        written
            .rsplit(mark)
            .next()
            .map(str::len)
            .unwrap_or_default()
    };
    match (dots, commas) {
        (0, 0) if written.len() >= 5 && !zero_padded => Form::LongPlain,
        (1, 0) if reading == Reading::Ambiguous => Form::DotDecimal,
        (_, 0) if dots > 0 => Form::DotGrouped,
        (0, 1) if after(',') != 3 => Form::CommaDecimal,
        (d, 1) if d > 0 => Form::CommaDecimal,
        (0, c) if c >= 2 => Form::CommaGrouped,
        _ => Form::Other,
    }
}

/// Length of the numeral at the start of `full`: digits, `.` and `,`. Bytes are read, not
/// chars: every char that ends it is either ASCII or starts with a byte of its own.
fn numeral_len(full: &str) -> usize {
    full.bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.' || b == b','))
        .unwrap_or(full.len())
}

/// One figure as the rule reports it: where the numeral stands and how it is written. Borrowed
/// from the text, so a document of a million figures costs no copy of them.
#[derive(Clone, Copy)]
struct Seen<'a> {
    span: Span,
    written: &'a str,
}

/// A figure as a part records it: the numeral's span and whether its decimal reading is
/// certain ([`certain_decimal`]). The text gives its `written` back in [`Check::finish`].
#[derive(Clone, Copy)]
struct At {
    span: Span,
    certain: bool,
}

impl At {
    fn seen(self, text: &str) -> Seen<'_> {
        Seen {
            span: self.span,
            written: text.get(self.span.range()).unwrap_or_default(),
        }
    }
}

/// How many labels a finding shows for one kind of figure.
const SHOWN: usize = 5;

/// The figures of one form: how many, and the first few the findings label. Only the counts
/// and [`SHOWN`] positions are kept, not every figure.
struct Tally<T> {
    count: usize,
    first: Vec<T>,
}

impl<T> Default for Tally<T> {
    fn default() -> Self {
        Tally {
            count: 0,
            first: Vec::new(),
        }
    }
}

impl<T> Tally<T> {
    fn push(&mut self, s: T) {
        self.count += 1;
        if self.first.len() < SHOWN {
            self.first.push(s);
        }
    }
}

impl Tally<At> {
    fn seen(self, text: &str) -> Tally<Seen<'_>> {
        Tally {
            count: self.count,
            first: self.first.into_iter().map(|a| a.seen(text)).collect(),
        }
    }
}

/// The document's figures by form, gathered part by part.
#[derive(Default)]
struct Tallies {
    dot_dec: Tally<At>,
    /// Dot decimals whose other reading is plausible, and those certain enough to fix.
    ambiguous: Tally<At>,
    certain: Vec<At>,
    comma_dec: Tally<At>,
    dot_grp: Tally<At>,
    comma_grp: Tally<At>,
    long_plain: Tally<At>,
}

/// A percentage whose integer reading would exceed 500 %: the decimal reading is certain.
fn certain_decimal(q: &Quantity) -> bool {
    q.is_percent() && q.alt.as_deref().is_some_and(|&a| a > Decimal::from(500))
}

impl Rule for NumberFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The tallies are document-wide: a part's figures are counted, the findings come at
    /// the end.
    fn start(&self) -> Option<Box<dyn Check>> {
        Some(Box::<Tallies>::default())
    }
}

impl Check for Tallies {
    fn part(&mut self, cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {
        for (_, b) in cx.part_blocks() {
            // The first cell of a table row is its label (`1.1`, `2.3`).
            let skip = match &b.kind {
                BlockKind::TableRow { cells, .. } => cells.first().copied(),
                _ => None,
            };
            if !b.kinds.any(TokenKinds::QUANTITY) {
                continue;
            }
            for t in &b.tokens {
                let TokenKind::Quantity(q) = &t.kind else {
                    continue;
                };
                if skip.is_some_and(|s| s.contains(q.number_span))
                    || q.number_span.start == b.span.start
                {
                    continue;
                }
                // The numeral itself, without scale words (`65.5` of `65.5 triệu`).
                let full = cx.written(q);
                let len = numeral_len(full);
                let written = full.get(..len).unwrap_or_default();
                let seen = At {
                    span: Span::new(
                        q.number_span.start as usize,
                        q.number_span.start as usize + len,
                    ),
                    certain: certain_decimal(q),
                };
                match form(written, q.reading, q.zero_padded) {
                    Form::DotDecimal => {
                        self.dot_dec.push(seen);
                        if seen.certain {
                            self.certain.push(seen);
                        } else {
                            self.ambiguous.push(seen);
                        }
                    }
                    Form::CommaDecimal => self.comma_dec.push(seen),
                    Form::DotGrouped => self.dot_grp.push(seen),
                    Form::CommaGrouped => self.comma_grp.push(seen),
                    Form::LongPlain => self.long_plain.push(seen),
                    Form::Other => {}
                }
            }
        }
    }

    fn finish(self: Box<Self>, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.text;
        let dot_dec = self.dot_dec.seen(text);
        let ambiguous = self.ambiguous.seen(text);
        let certain: Vec<Seen<'_>> = self.certain.iter().map(|a| a.seen(text)).collect();
        let comma_dec = self.comma_dec.seen(text);
        let dot_grp = self.dot_grp.seen(text);
        let comma_grp = self.comma_grp.seen(text);
        let long_plain = self.long_plain.seen(text);

        if dot_dec.count > 0 && comma_dec.count > 0 {
            mixed_marks(&dot_dec, &certain, &comma_dec, out);
        }
        if ambiguous.count > 0 {
            ambiguous_values(&ambiguous, out);
        }
        if dot_grp.count > 0 {
            // Comma-grouped figures first, then long plain ones: the order of the labels.
            let odd = Tally {
                count: comma_grp.count + long_plain.count,
                first: comma_grp
                    .first
                    .iter()
                    .chain(long_plain.first.iter())
                    .take(SHOWN)
                    .copied()
                    .collect(),
            };
            if odd.count > 0 {
                mixed_grouping(&odd, &dot_grp, out);
            }
        }
    }
}

fn comma_form(s: &Seen) -> String {
    s.written.replace('.', ",")
}

fn mixed_marks(
    dots: &Tally<Seen<'_>>,
    certain: &[Seen<'_>],
    commas: &Tally<Seen<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = dots.first.first() else {
        return;
    };
    let mut d = Diagnostic::new(
        META.id,
        META.default_severity,
        first.span,
        Message::new("number-format.message-marks")
            .arg("dots", dots.count)
            .arg("commas", commas.count),
    )
    .with_help(
        Message::new("number-format.help-marks")
            .arg("written", first.written)
            .arg("fixed", comma_form(first)),
    );
    for s in &dots.first {
        d = d.with_label(
            s.span,
            Message::new("number-format.label.dot").arg("value", s.written),
        );
    }
    if let Some(c) = commas.first.first() {
        d = d.with_label(
            c.span,
            Message::new("number-format.label.comma").arg("value", c.written),
        );
    }
    for s in certain {
        d.fixes.push(Fix::new(s.span, comma_form(s), true));
    }
    out.push(d);
}

fn ambiguous_values(seen: &Tally<Seen<'_>>, out: &mut Vec<Diagnostic>) {
    let Some(first) = seen.first.first() else {
        return;
    };
    let mut d = Diagnostic::new(
        META.id,
        META.default_severity,
        first.span,
        Message::new("number-format.message-ambiguous")
            .arg("count", seen.count)
            .arg("first", first.written),
    )
    .with_help(Message::new("number-format.help-ambiguous"));
    for s in &seen.first {
        // The digits read as one integer, as written (without the scale words).
        let digits: String = s.written.chars().filter(char::is_ascii_digit).collect();
        let alt = digits
            .parse::<Decimal>()
            .map(crate::numfmt::vi)
            .unwrap_or(digits);
        d = d.with_label(
            s.span,
            Message::new("number-format.label.ambiguous")
                .arg("decimal", comma_form(s))
                .arg("integer", alt),
        );
    }
    out.push(d);
}

fn mixed_grouping(odd: &Tally<Seen<'_>>, grouped: &Tally<Seen<'_>>, out: &mut Vec<Diagnostic>) {
    let Some(first) = odd.first.first() else {
        return;
    };
    let mut d = Diagnostic::new(
        META.id,
        META.default_severity,
        first.span,
        Message::new("number-format.message-grouping")
            .arg("odd", odd.count)
            .arg("grouped", grouped.count),
    )
    .with_help(Message::new("number-format.help-grouping"));
    for s in &odd.first {
        d = d.with_label(
            s.span,
            Message::new("number-format.label.ungrouped").arg("value", s.written),
        );
    }
    if let Some(g) = grouped.first.first() {
        d = d.with_label(
            g.span,
            Message::new("number-format.label.grouped").arg("value", g.written),
        );
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Numerals as quantities write them, with scale words, units and damage after.
    fn written() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9.,]{0,12}",
            "[0-9]{1,3}([.,][0-9]{1,3}){0,3}",
            "[0-9]{1,3}([.,][0-9]{1,3}){0,2}( triệu| tỷ|%| ha|ạ|¹|²|½| )",
            "[0-9.,a-zàáạ ]{0,8}",
        ]
    }

    fn reading() -> impl Strategy<Value = Reading> {
        prop::sample::select(vec![Reading::Certain, Reading::Ambiguous, Reading::Damaged])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn form_matches_oracle(w in written(), r in reading(), zero in any::<bool>()) {
            prop_assert_eq!(form(&w, r, zero), form_oracle(&w, r, zero));
        }

        #[test]
        fn numeral_len_matches_char_search(w in written()) {
            let want = w
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(w.len());
            prop_assert_eq!(numeral_len(&w), want);
        }
    }
}
