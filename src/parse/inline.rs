//! Inline tokens: words, punctuation, quantities, ratios, ranges, dates, non-quantities.

use crate::ast::Token;
use crate::lexicon::Lexicon;
use crate::span::Span;

/// Tokenises `text[span]` (a block's content).
pub fn tokenize(text: &str, span: Span, lex: &Lexicon) -> Vec<Token> {
    let _ = (text, span, lex);
    Vec::new()
}
