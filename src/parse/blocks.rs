//! Block structure: headings, list items, table rows, footnote definitions, paragraphs, and
//! the section tree.

use crate::ast::{Block, BlockKind, Document};
use crate::lexicon::Lexicon;
use crate::span::Span;

/// Parses every logical line into a block. (Stub: every non-empty line is a paragraph.)
pub fn parse_document(text: &str, lex: &Lexicon) -> Document {
    let mut doc = Document::default();
    let mut pos = 0;
    for line in text.split('\n') {
        let start = pos;
        pos += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        let span = Span::new(start, start + line.len());
        doc.blocks.push(Block {
            kind: BlockKind::Paragraph,
            span,
            content: span,
            section: None,
            tokens: super::inline::tokenize(text, span, lex),
        });
    }
    doc
}
