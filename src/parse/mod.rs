//! Stage 3 — parse: logical text → [`Document`] (blocks, sections, footnotes, inline tokens).
//!
//! - [`blocks`] classifies each logical line (heading, list item, table row, footnote
//!   definition, paragraph…) and builds the section tree.
//! - [`inline`] tokenises a block's content into words, punctuation, quantities, ratios,
//!   ranges, dates and known non-quantities.
//! - [`number`] is the nom parser for a single number literal in vi-VN and stray formats.

pub mod blocks;
pub mod dump;
pub mod inline;
pub mod number;
pub mod tables;

use crate::ast::Document;
use crate::lexicon::Lexicon;

/// Parses a logical text (one block per line) into a document.
pub fn parse(text: &str, lex: &Lexicon) -> Document {
    let mut doc = blocks::parse_document(text, lex);
    tables::apply_units(&mut doc, text, lex);
    doc
}
