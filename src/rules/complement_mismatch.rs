//! # complement-mismatch
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

pub struct ComplementMismatch;

static META: RuleMeta = RuleMeta {
    id: "complement-mismatch",
    default_severity: Severity::Error,
    summary: "",
    source: include_str!("complement_mismatch.rs"),
};

impl Rule for ComplementMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let _ = (cx, out);
    }
}
