//! # count-mismatch
//!
//! ## What it does
//! (to be written)
//!
//! ## Why it matters
//!
//! ## Example
//!
//! ## Known limits

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};

pub struct CountMismatch;

static META: RuleMeta = RuleMeta {
    id: "count-mismatch",
    default_severity: Severity::Error,
    summary: "",
    source: include_str!("count_mismatch.rs"),
};

impl Rule for CountMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let _ = (cx, out);
    }
}
