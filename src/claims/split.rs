//! Achieved / not-achieved splits: `13/17 chỉ tiêu đạt kế hoạch; có 03 tiêu chí không đạt`.
//!
//! The ratio gives the total (17) and the achieved count (13); a later count in the same
//! sentence followed by a not-achieved phrase gives the rest (03). Both counts must be exact
//! whole numbers, and when both name what they count the nouns must agree (allowing the
//! interchangeable pairs in `rules/keywords.toml`).

use super::block::BlockView;
use super::text::is_exact_count;
use super::{Claim, ClaimKind};
use crate::ast::{Quantity, TokenKind};
use crate::lexicon::Lexicon;

/// At most this many words may stand between a figure and the keyword that qualifies it.
const MAX_GAP_WORDS: usize = 6;

pub fn extract(v: &BlockView<'_>, lex: &Lexicon, out: &mut Vec<Claim>) {
    for sentence in &v.sentences {
        for i in sentence.clone() {
            let Some(TokenKind::Ratio(r)) = v.tokens.get(i).map(|t| &t.kind) else {
                continue;
            };
            if !is_exact_count(&r.numerator) || !is_exact_count(&r.denominator) {
                continue;
            }
            if r.numerator.value > r.denominator.value || !achieved_near(v, i) {
                continue;
            }
            let Some((q, hit)) = not_achieved_after(v, i + 1, sentence.end) else {
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
                    total: r.denominator.clone(),
                    achieved: Some(r.numerator.clone()),
                    not_achieved: Some(q.clone()),
                    wording: super::SplitWording::Achieved,
                },
                assumptions,
            });
        }
    }
}

/// Is the ratio at token `i` qualified as achieved (`13/17 chỉ tiêu đạt kế hoạch`,
/// `đạt 13/17 chỉ tiêu`)? `đạt` followed by a percentage introduces the percentage instead.
fn achieved_near(v: &BlockView<'_>, i: usize) -> bool {
    let Some(ratio) = v.tokens.get(i) else {
        return false;
    };
    v.achieved_hits().any(|h| {
        if h.span.start >= ratio.span.end {
            let first = i + 1;
            let hit_tok = v.token_at_or_after(h.span.start);
            let only_words = (first..hit_tok)
                .all(|k| matches!(v.tokens.get(k).map(|t| &t.kind), Some(TokenKind::Word)));
            let next_is_figure = v
                .tokens
                .get(v.token_at_or_after(h.span.end))
                .is_some_and(super::text::is_figure);
            only_words && hit_tok - first <= MAX_GAP_WORDS && !next_is_figure
        } else if h.span.end <= ratio.span.start {
            v.token_ending_before(ratio.span.start)
                .is_some_and(|k| v.tokens.get(k).is_some_and(|t| t.span.end == h.span.end))
        } else {
            false
        }
    })
}

/// The first exact count in tokens `from..end` qualified by a not-achieved phrase right after
/// it (only words between) or right before it.
fn not_achieved_after<'v>(
    v: &'v BlockView<'_>,
    from: usize,
    end: usize,
) -> Option<(&'v Quantity, &'v super::text::Hit)> {
    v.not_achieved
        .iter()
        .flat_map(|h| {
            [v.count_before(h, MAX_GAP_WORDS), v.count_after(h, 0)]
                .into_iter()
                .flatten()
                .map(move |(k, q)| (k, q, h))
        })
        .filter(|(k, _, _)| (from..end).contains(k))
        .min_by_key(|(k, _, _)| *k)
        .map(|(_, q, h)| (q, h))
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
                    .any(|g| g.contains(&x.name) && g.contains(&y.name))
        }
        _ => true,
    }
}
