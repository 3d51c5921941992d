//! Achieved / not-achieved splits: `13/17 chỉ tiêu đạt kế hoạch; có 03 tiêu chí không đạt`.
//!
//! The ratio gives the total (17) and the achieved count (13); a later count in the same
//! sentence followed by a not-achieved phrase gives the rest (03). Both counts must be exact
//! whole numbers, and when both name what they count the nouns must agree (allowing the
//! interchangeable pairs in `rules/keywords.toml`).

use super::block::BlockView;
use super::text::{is_exact_count, quantity, Hit};
use super::{Claim, ClaimKind};
use crate::ast::{Quantity, TokenKind};
use crate::lexicon::Lexicon;

/// At most this many words may stand between a figure and the keyword that qualifies it.
const MAX_GAP_WORDS: usize = 6;

pub fn extract(v: &BlockView<'_>, lex: &Lexicon, out: &mut Vec<Claim>) {
    // Longest hit of each list, once per block (bounds the backward search in `ending_at`).
    let longest_achieved = longest(&v.achieved);
    let longest_not = longest(&v.not_achieved);
    for sentence in &v.sentences {
        for i in sentence.clone() {
            let Some(TokenKind::Ratio(r)) = v.tokens.get(i).map(|t| &t.kind) else {
                continue;
            };
            if !is_exact_count(&r.numerator) || !is_exact_count(&r.denominator) {
                continue;
            }
            if r.numerator.value > r.denominator.value || !achieved_near(v, i, longest_achieved) {
                continue;
            }
            let Some((q, hit)) = not_achieved_after(v, i + 1, sentence.end, longest_not) else {
                continue;
            };
            if !nouns_agree(lex, &r.denominator, q) {
                continue;
            }
            let mut assumptions = Vec::new();
            if let Some(a) = &hit.assumption {
                assumptions.push(a.clone());
            }
            let span = r.span.join(hit.span).join(q.span);
            out.push(Claim {
                span,
                block: v.index,
                kind: ClaimKind::Split {
                    total: Box::new(r.denominator.clone()),
                    achieved: Some(Box::new(r.numerator.clone())),
                    not_achieved: Some(Box::new(q.clone())),
                    wording: super::SplitWording::Achieved,
                },
                assumptions,
            });
        }
    }
}

/// Is the ratio at token `i` qualified as achieved (`13/17 chỉ tiêu đạt kế hoạch`,
/// `đạt 13/17 chỉ tiêu`)? `đạt` followed by a percentage introduces the percentage instead.
fn achieved_near(v: &BlockView<'_>, i: usize, longest: u32) -> bool {
    let Some(ratio) = v.tokens.get(i) else {
        return false;
    };
    let hits = &v.achieved;
    // After the ratio: hits are sorted by start, so the gap in tokens only grows; stop at the
    // first hit too far away (keeps long blocks linear).
    let first = i + 1;
    let from = hits.partition_point(|h| h.span.start < ratio.span.end);
    for h in hits.get(from..).unwrap_or(&[]) {
        let hit_tok = v.token_at_or_after(h.span.start);
        if hit_tok.saturating_sub(first) > MAX_GAP_WORDS {
            break;
        }
        let only_words = (first..hit_tok)
            .all(|k| matches!(v.tokens.get(k).map(|t| &t.kind), Some(TokenKind::Word)));
        let next_is_figure = v
            .tokens
            .get(v.token_at_or_after(h.span.end))
            .is_some_and(super::text::is_figure);
        if only_words && !next_is_figure {
            return true;
        }
    }
    // Before the ratio: a hit ending where the token before the ratio ends.
    v.token_ending_before(ratio.span.start)
        .and_then(|k| v.tokens.get(k))
        .is_some_and(|t| {
            ending_at(hits, longest, t.span.end, ratio.span.start)
                .next()
                .is_some()
        })
}

fn longest(hits: &[Hit]) -> u32 {
    hits.iter().map(|h| h.span.len()).max().unwrap_or(0) as u32
}

/// Hits of `hits` (sorted by start; none longer than `longest`) that end at `end` and before
/// `limit`.
fn ending_at(hits: &[Hit], longest: u32, end: u32, limit: u32) -> impl Iterator<Item = &Hit> {
    // A hit ending at `end` starts at most `longest` bytes before it.
    let from = hits.partition_point(|h| h.span.start < end.saturating_sub(longest));
    hits.get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(move |h| h.span.start < end)
        .filter(move |h| h.span.end == end && h.span.end <= limit)
}

/// The first exact count in tokens `from..end` qualified by a not-achieved phrase right after
/// it (only words between) or right before it.
fn not_achieved_after<'v>(
    v: &'v BlockView<'_>,
    from: usize,
    end: usize,
    longest: u32,
) -> Option<(&'v Quantity, &'v Hit)> {
    let hits = &v.not_achieved;
    for k in from..end {
        let Some(q) = v.tokens.get(k).and_then(quantity) else {
            continue;
        };
        if !is_exact_count(q) {
            continue;
        }
        // Hits are sorted by start: those before the count come first, as in a full scan.
        let before = v
            .token_ending_before(q.span.start)
            .and_then(|m| v.tokens.get(m))
            .and_then(|t| ending_at(hits, longest, t.span.end, q.span.start).next());
        if let Some(h) = before {
            return Some((q, h));
        }
        let start = hits.partition_point(|h| h.span.start < q.span.end);
        for h in hits.get(start..).unwrap_or(&[]) {
            let hit_tok = v.token_at_or_after(h.span.start);
            if hit_tok.saturating_sub(k + 1) > MAX_GAP_WORDS {
                break;
            }
            if (k + 1..hit_tok)
                .all(|m| matches!(v.tokens.get(m).map(|t| &t.kind), Some(TokenKind::Word)))
            {
                return Some((q, h));
            }
        }
    }
    None
}

/// Two counts may be compared when either names no noun, both name the same one, or the
/// nouns are listed as interchangeable.
pub fn nouns_agree(lex: &Lexicon, a: &Quantity, b: &Quantity) -> bool {
    match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => {
            x.name == y.name
                || lex
                    .keywords
                    .interchangeable_nouns
                    .iter()
                    .any(|g| g.iter().any(|w| *w == *x.name) && g.iter().any(|w| *w == *y.name))
        }
        _ => true,
    }
}
