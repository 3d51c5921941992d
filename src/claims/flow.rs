//! Case flows — what an office received, carried over, resolved and still holds:
//! - carried over: `tiếp nhận 63 hồ sơ, 02 hồ sơ tồn từ kỳ trước chuyển sang; … đã giải quyết
//!   63/65 hồ sơ` — the ratio's denominator is what was handled: 63 + 02 must make 65;
//! - resolved and remaining: `tiếp nhận 05 đơn, đã giải quyết 03 đơn, còn 02 đơn` — 03 + 02
//!   must make 05.
//!
//! Every count must be exact, name compatible nouns (or none), and stand right after its
//! keyword (`tiếp nhận`, `đã giải quyết`, `còn`) or right before it (`02 hồ sơ tồn`).

use super::block::BlockView;
use super::text::{is_exact_count, Hit};
use super::{BreakdownKind, Claim, ClaimKind, SplitWording};
use crate::ast::{Quantity, TokenKind};
use crate::lexicon::Lexicon;

/// Words allowed between a keyword and its count (`tồn từ kỳ trước chuyển sang` is the
/// keyword; `02 hồ sơ thuộc lĩnh vực người có công từ kỳ trước` has words between).
const MAX_GAP_WORDS: usize = 8;

pub fn extract(v: &BlockView<'_>, lex: &Lexicon, out: &mut Vec<Claim>) {
    carried_over(v, lex, out);
    resolved_remaining(v, lex, out);
}

/// Is the keyword negated by the word before it (`không giải quyết`, `chưa giải quyết`)?
fn negated(v: &BlockView<'_>, h: &Hit) -> bool {
    v.token_ending_before(h.span.start)
        .map(|k| v.token_lower(k))
        .is_some_and(|w| matches!(w, "không" | "chưa" | "đang"))
}

fn same_sentence(v: &BlockView<'_>, a: usize, b: usize) -> bool {
    v.sentences.iter().any(|s| s.contains(&a) && s.contains(&b))
}

/// A received count whose keyword stands right before it, the nearest before token `before`.
fn received_before<'v>(v: &'v BlockView<'_>, before: usize) -> Option<(usize, &'v Quantity)> {
    v.received
        .iter()
        .filter_map(|h| v.count_after(h, 2))
        .filter(|(k, _)| *k < before && same_sentence(v, *k, before))
        .max_by_key(|(k, _)| *k)
}

fn carried_over(v: &BlockView<'_>, lex: &Lexicon, out: &mut Vec<Claim>) {
    // `02 hồ sơ tồn từ kỳ trước chuyển sang` holds two keywords for one count.
    let mut used = Vec::new();
    for h in &v.carried_over {
        let Some((bk, carried)) = v.count_before(h, MAX_GAP_WORDS) else {
            continue;
        };
        if used.contains(&bk) {
            continue;
        }
        used.push(bk);
        let Some((ak, received)) = received_before(v, bk) else {
            continue;
        };
        // Nothing but words and commas between the two counts.
        if (ak + 1..bk).any(|m| v.tokens.get(m).is_some_and(super::text::is_figure)) {
            continue;
        }
        // The first ratio after the keyword in the same sentence: its denominator is the
        // number of cases handled in the period.
        let from = v.token_at_or_after(h.span.end);
        let Some(ratio) = (from..v.tokens.len())
            .take_while(|&m| same_sentence(v, bk, m))
            .find_map(|m| match v.tokens.get(m).map(|t| &t.kind) {
                Some(TokenKind::Ratio(r)) => Some(r),
                _ => None,
            })
        else {
            continue;
        };
        let total = &ratio.denominator;
        if !is_exact_count(total)
            || !super::split::nouns_agree(lex, total, received)
            || !super::split::nouns_agree(lex, total, carried)
        {
            continue;
        }
        out.push(Claim {
            span: received.span.join(ratio.span),
            block: v.index,
            kind: ClaimKind::Breakdown {
                total: Box::new(total.clone()),
                parts: vec![received.clone(), carried.clone()],
                kind: BreakdownKind::Exhaustive,
                opener: h.span,
                across_sentences: false,
                strays: Vec::new(),
            },
            assumptions: h.assumption.iter().cloned().collect(),
        });
    }
}

fn resolved_remaining(v: &BlockView<'_>, lex: &Lexicon, out: &mut Vec<Claim>) {
    // `đang giải quyết`, `chưa giải quyết` are remaining, not resolved; `không giải quyết`
    // (rejected) is neither.
    let resolved: Vec<&Hit> = v
        .resolved
        .iter()
        .filter(|h| {
            !v.remaining
                .iter()
                .any(|r| r.span.start <= h.span.start && h.span.end <= r.span.end)
                && !negated(v, h)
        })
        .collect();
    for h in &v.remaining {
        let Some((rk, remaining)) = v.count_after(h, 2) else {
            continue;
        };
        let Some((ak, done)) = resolved
            .iter()
            .filter_map(|r| v.count_after(r, 2))
            .filter(|(k, _)| *k < rk && same_sentence(v, *k, rk))
            .max_by_key(|(k, _)| *k)
        else {
            continue;
        };
        let Some((tk, total)) = received_before(v, ak) else {
            continue;
        };
        // The three counts follow one another: no other figure between them.
        if (tk + 1..rk).any(|m| m != ak && v.tokens.get(m).is_some_and(super::text::is_figure)) {
            continue;
        }
        if !super::split::nouns_agree(lex, total, done)
            || !super::split::nouns_agree(lex, total, remaining)
        {
            continue;
        }
        out.push(Claim {
            span: total.span.join(remaining.span),
            block: v.index,
            kind: ClaimKind::Split {
                total: Box::new(total.clone()),
                achieved: Some(Box::new(done.clone())),
                not_achieved: Some(Box::new(remaining.clone())),
                wording: SplitWording::Resolved,
            },
            assumptions: h.assumption.iter().cloned().collect(),
        });
    }
}
