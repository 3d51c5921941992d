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
    let mut doc = blocks::skeleton(text, lex);
    let mut scratch = inline::Scratch::default();
    let all = 0..doc.blocks.len();
    tokenize_part(&mut doc, all, text, lower, lex, &mut scratch);
    doc
}

/// Gives the blocks `range` of a [`blocks::skeleton`] their tokens (table cells their
/// row's unit) and adds their footnote references. `range` must start at a block that is
/// neither a list item nor a table row (see [`parts`]), or at 0.
pub fn tokenize_part(
    doc: &mut Document,
    range: std::ops::Range<usize>,
    text: &str,
    lower: &str,
    lex: &Lexicon,
    scratch: &mut inline::Scratch,
) {
    blocks::tokenize_blocks(doc, range.clone(), text, lex, |t, span, l| {
        inline::tokenize_reusing(scratch, t, lower, span, l)
    });
    tables::apply_units(doc, range, text, lex);
}

/// Gives the footnote definitions of a [`blocks::skeleton`] their tokens, before any part:
/// a reference's claim reads its note, which may lie in a later part. Their references are
/// added with their part's. Returns the notes' blocks, in order.
pub fn tokenize_notes(
    doc: &mut Document,
    text: &str,
    lower: &str,
    lex: &Lexicon,
    scratch: &mut inline::Scratch,
) -> Vec<usize> {
    let notes: Vec<usize> = doc.footnote_defs.iter().map(|d| d.block).collect();
    for &bi in &notes {
        blocks::tokens_only(doc, bi..bi + 1, text, lex, |t, span, l| {
            inline::tokenize_reusing(scratch, t, lower, span, l)
        });
    }
    notes
}

/// The document cut into runs of blocks of at least `bytes` of text each (the last may be
/// shorter), for the engine to analyse one at a time. A run only ends before a block that is
/// neither a list item nor a table row: what the claims read across blocks (a sentence's
/// bullet list, a table's rows) then lies inside one run.
pub fn parts(doc: &Document, bytes: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut start_offset = 0usize;
    for (i, b) in doc.blocks.iter().enumerate() {
        let open = matches!(
            b.kind,
            crate::ast::BlockKind::ListItem { .. } | crate::ast::BlockKind::TableRow { .. }
        );
        let at = b.span.start as usize;
        if i > start && !open && at.saturating_sub(start_offset) >= bytes {
            out.push(start..i);
            start = i;
            start_offset = at;
        }
    }
    if start < doc.blocks.len() || out.is_empty() {
        out.push(start..doc.blocks.len());
    }
    out
}
