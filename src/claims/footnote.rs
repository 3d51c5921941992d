//! Breakdowns given in a footnote: a count whose parts or items are in the note it points to.
//! - `quản lý 26 mô hình²` … `² Mô hình …: 07; Mô hình …: 02; …` — the note's figures, one
//!   per item, must add up to the count (a breakdown for `sum-mismatch`);
//! - `04 dự án quy mô lớn đề xuất chủ trương đầu tư⁴` … `⁴ Dự án A; Dự án B; Dự án C; Dự
//!   án D.` — a note of `;`-separated items without figures must list as many items as the
//!   count (a list for `count-mismatch`).
//!
//! The count is the nearest exact count before the mark in its sentence, with only words
//! between. Each note is read once per reference.

use super::text::{is_exact_count, span_of};
use super::{BreakdownKind, Claim, ClaimKind, ListStyle};
use crate::ast::{Document, FootnoteRef, Quantity, TokenKind};
use crate::span::Span;

/// Words allowed between the count and the mark (`04 dự án quy mô lớn đề xuất chủ trương
/// đầu tư⁴`).
const MAX_GAP_WORDS: usize = 10;

/// The claims of the references `refs` (some of `doc.footnote_refs`).
pub fn extract(doc: &Document, refs: &[FootnoteRef], out: &mut Vec<Claim>) {
    for r in refs {
        let Some(count) = count_before_mark(doc, r.block, r.span) else {
            continue;
        };
        let Some(def) = doc.footnote_defs.iter().find(|d| d.mark == r.mark) else {
            continue;
        };
        let Some(note) = doc.blocks.get(def.block) else {
            continue;
        };
        let tokens: Vec<_> = note
            .tokens
            .iter()
            .filter(|t| def.text.contains(t.span))
            .collect();
        // Items: the note's text split at `;`.
        let mut items: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        for (i, t) in tokens.iter().enumerate() {
            if matches!(t.kind, TokenKind::Punct { ch: ';' }) {
                items.push(start..i);
                start = i + 1;
            }
        }
        items.push(start..tokens.len());
        items.retain(|r| !r.is_empty());
        if items.len() < 2 {
            continue;
        }
        // One exact count per item: a breakdown. No figure at all: a list.
        let figures: Vec<Vec<&Quantity>> = items
            .iter()
            .map(|r| {
                tokens
                    .get(r.clone())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|t| match &t.kind {
                        TokenKind::Quantity(q) => Some(&**q),
                        TokenKind::Ratio(_) | TokenKind::Range(_) => None,
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let any_figure = items.iter().any(|r| {
            tokens
                .get(r.clone())
                .unwrap_or_default()
                .iter()
                .any(|t| super::text::is_figure(t))
        });
        if figures
            .iter()
            .all(|f| f.len() == 1 && f.iter().all(|q| is_exact_count(q)))
        {
            let parts: Vec<Quantity> = figures
                .iter()
                .filter_map(|f| f.first().map(|q| (*q).clone()))
                .collect();
            let span = count.span.join(r.span);
            out.push(Claim {
                span,
                block: r.block,
                kind: ClaimKind::Breakdown {
                    total: Box::new(count),
                    parts,
                    kind: BreakdownKind::Exhaustive,
                    opener: r.span,
                    across_sentences: false,
                    strays: Vec::new(),
                },
                assumptions: Vec::new(),
            });
        } else if !any_figure {
            let owned: Vec<crate::ast::Token> = tokens.iter().map(|t| (*t).clone()).collect();
            let spans: Vec<Span> = items.iter().map(|r| span_of(&owned, r.clone())).collect();
            out.push(Claim {
                span: count.span.join(r.span),
                block: r.block,
                kind: ClaimKind::CountList {
                    count: Box::new(count),
                    items: spans,
                    style: ListStyle::Semicolons,
                },
                assumptions: Vec::new(),
            });
        }
    }
}

/// The exact count (2–60 for a list, any for a sum) before the mark, only words between.
fn count_before_mark(doc: &Document, block: usize, mark: Span) -> Option<Quantity> {
    let b = doc.blocks.get(block)?;
    let end = b.tokens.partition_point(|t| t.span.end <= mark.start);
    let mut words = 0;
    let mut k = end;
    while k > 0 {
        k -= 1;
        let t = b.tokens.get(k)?;
        match &t.kind {
            TokenKind::Word => {
                words += 1;
                if words > MAX_GAP_WORDS {
                    return None;
                }
            }
            TokenKind::Quantity(q) if is_exact_count(q) => return Some((**q).clone()),
            _ => return None,
        }
    }
    None
}
