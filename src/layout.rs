//! Stage 2 — layout: rebuilds logical paragraphs from physical lines.
//!
//! Typed drafts have one paragraph per line; text extracted from PDF is hard-wrapped, carries
//! page numbers alone on a line and footnote numbers alone on a line. The output is the
//! *logical text*: one block per line (`\n`-separated), page numbers removed, PDF footnote
//! markers turned into superscript marks, with a map back to the normalised text.

use crate::span::OffsetMap;

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
}

#[derive(Debug, Clone)]
pub struct Layout {
    /// The logical text, one block per line.
    pub text: String,
    /// Logical-text offsets → normalised-text offsets.
    pub map: OffsetMap,
    pub facts: LayoutFacts,
}

/// Rebuilds logical lines. (Stub: passes lines through unchanged.)
pub fn reflow(text: &str) -> Layout {
    Layout {
        text: text.to_string(),
        map: OffsetMap::identity(),
        facts: LayoutFacts::default(),
    }
}
