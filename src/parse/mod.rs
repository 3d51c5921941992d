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
    parse_lowered(text, &crate::chars::lower_same_len(text), lex)
}

/// [`parse`] with the text's lowercase copy ([`crate::chars::lower_same_len`], same offsets),
/// which the engine makes once and shares with the claims and the rules.
pub fn parse_lowered(text: &str, lower: &str, lex: &Lexicon) -> Document {
    // One set of lexeme buffers for all the blocks.
    let scratch = std::cell::RefCell::new(inline::Scratch::default());
    let mut doc = blocks::parse_document_with(text, lex, |t, span, l| {
        inline::tokenize_reusing(&mut scratch.borrow_mut(), t, lower, span, l)
    });
    tables::apply_units(&mut doc, text, lex);
    doc
}
