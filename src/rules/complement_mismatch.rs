//! # complement-mismatch
//!
//! ## What it does
//! Checks that what was achieved and what was not achieved add up to the total they split:
//! `13/17 chỉ tiêu đạt kế hoạch; có 03 tiêu chí không đạt` says 13 of 17 were achieved, so
//! 4 were not — the text says 03.
//!
//! ## Why it matters
//! The achieved / not-achieved split is the sentence a reader remembers from a report, and it
//! is retyped by hand from the appendix. When 13 + 03 ≠ 17, one of the three figures is wrong
//! and the signer cannot tell which without the appendix.
//!
//! ## Example
//! ```text
//! Năm 2025 đề ra 17 chỉ tiêu, trong đó có 13/17 chỉ tiêu đạt kế hoạch; có 03 chỉ tiêu không đạt, gồm: (1) …, (2) …, (3) …, (4) ….
//! ```
//! is reported as `13 + 03 = 16, không phải 17`; the help says the not-achieved count should
//! be `04` if 13 of 17 were achieved.
//!
//! ## Known limits
//! - Only the form *ratio + achieved word … count + not-achieved word* in one sentence is read
//!   (`13/17 … đạt …; 03 … không đạt`). Splits spread over several sentences are not linked.
//! - Counts must be exact whole numbers; hedged (`khoảng`), damaged or ambiguous numbers are
//!   skipped. When both counts name a noun the nouns must agree (`chỉ tiêu` / `tiêu chí` are
//!   treated as one; see `interchangeable_nouns` in `rules/keywords.toml`).
//! - Case flows are read the same way: `tiếp nhận 05 đơn, đã giải quyết 03 đơn, còn 02 đơn`
//!   (received = resolved + remaining), each count right after its keyword
//!   (`rules/keywords.toml`: `received`, `resolved`, `remaining`).
//! - In text that lost letters in PDF extraction, `không đạt` may be read from ` hông đạt`;
//!   such a finding is a **warning** and its message says what was assumed.

use super::{Context, Rule, RuleMeta};
use crate::claims::{ClaimKind, SplitWording};
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::numfmt;

pub struct ComplementMismatch;

static META: RuleMeta = RuleMeta {
    id: "complement-mismatch",
    default_severity: Severity::Error,
    summary: "achieved + not achieved must equal the total they split",
    source: include_str!("complement_mismatch.rs"),
};

impl Rule for ComplementMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for claim in &cx.claims.items {
            let ClaimKind::Split {
                total,
                achieved: Some(achieved),
                not_achieved: Some(missed),
                wording,
            } = &claim.kind
            else {
                continue;
            };
            // Message keys: `complement-mismatch.message` for đạt / không đạt,
            // `complement-mismatch.resolved.message` for đã giải quyết / còn.
            let key = |k: &str| match wording {
                SplitWording::Achieved => format!("complement-mismatch.{k}"),
                SplitWording::Resolved => format!("complement-mismatch.resolved.{k}"),
            };
            let sum = achieved.value + missed.value;
            if sum == total.value {
                continue;
            }
            let written = |q: &crate::ast::Quantity| cx.written(q);
            let expected_missed = total.value - achieved.value;
            let width = if missed.zero_padded {
                written(missed).len()
            } else {
                1
            };
            let mut message = Message::new(key("message"))
                .arg("achieved", written(achieved))
                .arg("missed", written(missed))
                .arg("sum", numfmt::vi(sum))
                .arg("total", written(total));
            let severity = if claim.assumptions.is_empty() {
                META.default_severity
            } else {
                Severity::Warning
            };
            if let Some(a) = claim.assumptions.first() {
                message = message.with_suffix(super::assumed_note(a));
            }
            let help = Message::new(key("help"))
                .arg("achieved", written(achieved))
                .arg("total", written(total))
                .arg("expected_missed", numfmt::vi_padded(expected_missed, width));
            let span = total.span.join(achieved.span).join(missed.span);
            let mut d = Diagnostic::new(META.id, severity, span, message)
                .with_help(help)
                .with_label(
                    achieved.number_span,
                    Message::new(key("label.achieved")).arg("value", written(achieved)),
                )
                .with_label(
                    total.number_span,
                    Message::new(key("label.total")).arg("value", written(total)),
                )
                .with_label(
                    missed.number_span,
                    Message::new(key("label.missed")).arg("value", written(missed)),
                );
            for a in &claim.assumptions {
                d = d.with_label(
                    a.span,
                    Message::new("label.assumed")
                        .arg("seen", a.seen.trim())
                        .arg("read", &a.read),
                );
            }
            out.push(d);
        }
    }
}
