//! # unused-suppression
//!
//! ## What it does
//! Reports a suppression comment that suppressed nothing: a
//! `<!-- doisoat-disable-next-line rule -->` whose next line has no finding of that rule, a
//! `<!-- doisoat-disable rule -->` … `<!-- doisoat-enable rule -->` region without one, or a
//! comment naming a rule that does not exist. In `.txt` files the same words follow a `#` at
//! the start of a line (`# doisoat-disable-next-line sum-mismatch`).
//!
//! ## Why it matters
//! A suppression is a note that a finding was looked at and accepted. Once the figures are
//! corrected, or the sentence moves, the comment stays behind and would silently hide the next
//! real inconsistency at that place. A misspelt rule id suppresses nothing at all.
//!
//! ## Example
//! ```text
//! <!-- doisoat-disable-next-line sum-mismatch -->
//! Tổng diện tích 100 ha, trong đó lúa 60 ha, màu 40 ha.
//! ```
//! The sum holds, so the comment is reported as unused.
//!
//! ## Known limits
//! - The finding is produced after every other rule ran, by the suppression pass, not by this
//!   rule's own check; selecting or ignoring `unused-suppression` works as for any rule.
//! - A suppression of a rule that is switched off (by `ignore`, `select` or a per-file ignore)
//!   is not reported: it cannot be known whether it would be needed.
//! - In `.txt` files a `#` comment line is removed before analysis (so it never splits or
//!   joins the paragraph it annotates); an unused one is reported at the start of the line
//!   after it. Markdown comments are reported on their own line.
//! - Findings are matched by the line their main span starts on (for `disable` regions) or
//!   touches (for `disable-next-line`), in the file as written.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};

pub static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    default_severity: Severity::Warning,
    summary: "a suppression comment must suppress at least one finding",
    source: include_str!("unused_suppression.rs"),
};

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Nothing here: the findings need every other rule's findings, so
    /// [`crate::suppress::apply`] reports them after the rules ran.
    fn check_document(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}
