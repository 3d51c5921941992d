//! # conflicting-values
//!
//! ## What it does
//! Finds the same thing stated twice with values that cannot both be true. Both places are
//! labelled. Two cases are read:
//! - **an ordinal term written two ways for the same body**: `bầu cử đại biểu Quốc hội khóa
//!   XVI` and `bầu cử Đại biểu Quốc hội khoá XIV`. Bodies are compared on the two words before
//!   `khóa`/`khoá` (`quốc hội`), case and tone placement ignored. An **error** when both
//!   places name the same one-off event (`bầu cử`, from `conflict_events` in
//!   `rules/keywords.toml`) with the same four words before the term; otherwise a **warning**
//!   (a report may cite a resolution of the previous term beside the current one);
//! - **a not-achieved count stated twice**: `03 tiêu chí không đạt` and `còn 04/17 tiêu chí
//!   chưa hoàn thành` — the same count noun followed by a not-achieved word (`not_achieved`)
//!   with different numbers (a **warning**: the two sentences may speak of different sets).
//!
//! ## Why it matters
//! A report that says two different things about the same figure cannot be signed: at least
//! one of them is wrong, and the reader cannot tell which.
//!
//! ## Example
//! ```text
//! Phục vụ bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp. Tuyên truyền Nghị quyết Đại hội XIV của Đảng, bầu cử Đại biểu Quốc hội khoá XIV.
//! ```
//! is reported as `“Quốc hội” được ghi với hai khóa khác nhau: “khóa XVI” và “khoá XIV”`.
//!
//! ## Known limits
//! - A figure in the text against the same indicator in an appendix table is not compared
//!   yet, nor counts other than not-achieved counts.
//! - Subjects are matched on their last words; two bodies sharing them (`HĐND xã` of two
//!   communes) are grouped together, hence the warning.
//! - Grouping is by hashed subject, so the rule stays linear in the size of the document.

use super::{Context, Rule, RuleMeta};

/// Characters after a figure in which its not-achieved keyword must start and end.
const AFTER_CHARS: usize = 40;
use crate::ast::{Quantity, TokenKind};
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::span::Span;
use std::collections::HashMap;

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

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        ordinal_terms(cx, out);
        not_achieved_counts(cx, out);
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

fn norm_word(w: &str) -> String {
    w.to_lowercase().replace("khoá", "khóa")
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

fn ordinal_terms(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let events = &cx.lex.keywords.conflict_events;
    let mut by_body: HashMap<String, Vec<Term>> = HashMap::new();
    for b in &cx.doc.blocks {
        let Some(text) = cx.text.get(b.span.range()) else {
            continue;
        };
        let base = b.span.start as usize;
        // Words with their byte offsets, cut at clause punctuation.
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut start = None;
        for (i, ch) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            let boundary = ch.is_whitespace() || ",;:.()“”\"".contains(ch);
            match (boundary, start) {
                (true, Some(s)) => {
                    words.push((s, text.get(s..i).unwrap_or_default()));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
            if ",;:.()“”\"".contains(ch) {
                words.push((i, ""));
            }
        }
        for (k, &(pos, w)) in words.iter().enumerate() {
            if norm_word(w) != "khóa" {
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
                .take(6)
                .map(|(_, w)| *w)
                .collect();
            if before.len() < 2 {
                continue;
            }
            let pick = |n: usize| {
                let mut v: Vec<String> = before.iter().take(n).map(|w| norm_word(w)).collect();
                v.reverse();
                v.join(" ")
            };
            let mut written: Vec<&str> = before.iter().take(2).copied().collect();
            written.reverse();
            let all = pick(6);
            let span = Span::new(base + pos, base + npos + numeral.len());
            by_body.entry(pick(2)).or_default().push(Term {
                body: pick(2),
                context: pick(4),
                body_written: written.join(" "),
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
        let severity = if exact {
            Severity::Error
        } else {
            META.default_severity
        };
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

/// One not-achieved count: the count, its noun, the denominator if any.
struct Missed<'a> {
    count: &'a Quantity,
    of: Option<&'a Quantity>,
    noun: String,
}

fn not_achieved_counts(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let not_achieved = &cx.lex.keywords.not_achieved;
    let mut by_noun: HashMap<String, Vec<Missed<'_>>> = HashMap::new();
    for b in &cx.doc.blocks {
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
            // The not-achieved words directly after the phrase: a short head of the rest of
            // the block (lowercasing the whole rest per figure would be quadratic).
            let after: String = cx
                .text
                .get(t.span.end as usize..b.span.end as usize)
                .unwrap_or_default()
                .trim_start()
                .chars()
                .take(AFTER_CHARS)
                .collect::<String>()
                .to_lowercase();
            if !not_achieved.iter().any(|k| {
                after.starts_with(k.as_str())
                    && after
                        .get(k.len()..)
                        .and_then(|r| r.chars().next())
                        .is_none_or(|c| !c.is_alphanumeric())
            }) {
                continue;
            }
            by_noun.entry(unit.name.clone()).or_default().push(Missed {
                count,
                of,
                noun: unit.name.clone(),
            });
        }
    }
    let mut groups: Vec<&Vec<Missed<'_>>> = by_noun.values().collect();
    groups.sort_by_key(|v| v.first().map(|m| m.count.span));
    for v in groups {
        let Some(first) = v.first() else { continue };
        let Some(other) = v.iter().find(|m| {
            m.count.value != first.count.value
                && match (m.of, first.of) {
                    (Some(a), Some(b)) => a.value == b.value,
                    _ => true,
                }
        }) else {
            continue;
        };
        let a = cx.written(first.count);
        let b = cx.written(other.count);
        out.push(
            Diagnostic::new(
                META.id,
                META.default_severity,
                other.count.number_span,
                Message::new("conflicting-values.message-missed")
                    .arg("noun", &first.noun)
                    .arg("first", &a)
                    .arg("second", &b),
            )
            .with_help(Message::new("conflicting-values.help-missed").arg("noun", &first.noun))
            .with_label(
                first.count.number_span,
                Message::new("conflicting-values.label.first").arg("value", &a),
            )
            .with_label(
                other.count.number_span,
                Message::new("conflicting-values.label.second").arg("value", &b),
            ),
        );
    }
}
