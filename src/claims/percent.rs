//! Percentages tied to figures:
//! - a ratio followed by its percentage: `521/522 học sinh - đạt 99,9%`,
//!   `130,8/106,9 tỷ đồng đạt 122,3% kế hoạch`, `432/572 cháu đạt: 75,5%`;
//! - counts each followed by a percentage, in one sentence:
//!   `tốt 174 học sinh đạt 71,9%; khá 59 học sinh đạt 24,38%; đạt 08 học sinh đạt 3,31%`,
//!   `tốt 174 (71,9%), khá 59 (24,38%)`.
//!
//! Between the figure and its percentage only a few words may stand, the last of which
//! introduces a percentage (`đạt`, `chiếm`, `bằng`, `tỷ lệ`), or a `(`.

use super::block::BlockView;
use super::text::is_exact_count;
use super::{Claim, ClaimKind};
use crate::ast::{Quantity, TokenKind};

/// Last words before a percentage that make it the percentage of the figure before.
const INTRO_WORDS: &[&str] = &["đạt", "chiếm", "bằng", "lệ", "là"];

/// Words allowed between a figure and its percentage (`học sinh đạt tỷ lệ`).
const MAX_GAP_WORDS: usize = 4;
/// When the percentage is introduced right before it (`…, đạt 99,9%`), a longer description
/// of the figure may stand between (`521/522 học sinh lớp 9 được công nhận tốt nghiệp trung
/// học cơ sở, đạt 99,9%`), as long as nothing in it starts another statement.
const MAX_DESCRIPTION_WORDS: usize = 14;
/// Words that start another statement inside a gap: a breakdown, a comparison, a contrast.
const GAP_STOPS: &[&str] = &[
    "trong",
    "gồm",
    "như",
    "so",
    "còn",
    "riêng",
    "nhưng",
    "trong đó",
];

pub fn extract(v: &BlockView<'_>, out: &mut Vec<Claim>) {
    for sentence in &v.sentences {
        let mut pairs: Vec<(Quantity, Quantity)> = Vec::new();
        let mut k = sentence.start;
        while k < sentence.end {
            let Some(t) = v.tokens.get(k) else { break };
            match &t.kind {
                TokenKind::Ratio(r) => {
                    if let Some((p, _)) = percent_after(v, k, sentence.end) {
                        out.push(Claim {
                            span: r.span.join(p.span),
                            block: v.index,
                            kind: ClaimKind::RatioPercent {
                                ratio: r.clone(),
                                percent: Box::new(p.clone()),
                            },
                            assumptions: Vec::new(),
                        });
                    }
                }
                TokenKind::Quantity(q) if is_exact_count(q) => {
                    if let Some((p, end)) = percent_after(v, k, sentence.end) {
                        pairs.push(((**q).clone(), p.clone()));
                        k = end;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        if pairs.len() >= 2 {
            let total = stated_total(v, sentence.start, &pairs[0].0).map(Box::new);
            let span = pairs
                .iter()
                .fold(pairs[0].0.span, |s, (c, p)| s.join(c.span).join(p.span));
            out.push(Claim {
                span,
                block: v.index,
                kind: ClaimKind::CountsPercents { pairs, total },
                assumptions: Vec::new(),
            });
        }
    }
}

/// Is the word right before the percentage at token `m` an intro word?
fn intro_adjacent(v: &BlockView<'_>, m: usize) -> bool {
    m.checked_sub(1)
        .and_then(|p| v.tokens.get(p))
        .and_then(|t| v.lower.get(t.span.range()))
        .is_some_and(|w| INTRO_WORDS.iter().any(|i| w.ends_with(i)))
}

/// Words allowed between a stated total and the first pair (`48 cán bộ, công chức: trình độ
/// đại học 09 người`).
const MAX_TOTAL_GAP: usize = 12;

/// A count stated before the first pair in the same sentence (`48 cán bộ, công chức: …`).
fn stated_total(v: &BlockView<'_>, start: usize, first: &Quantity) -> Option<Quantity> {
    let first_tok = v.token_at_or_after(first.span.start);
    let mut gap = 0;
    let mut k = first_tok;
    while k > start {
        k -= 1;
        let t = v.tokens.get(k)?;
        match &t.kind {
            TokenKind::Word
            | TokenKind::Punct {
                ch: ':' | ',' | '-' | '–',
            } => {
                gap += 1;
                if gap > MAX_TOTAL_GAP {
                    return None;
                }
            }
            TokenKind::Quantity(q) if is_exact_count(q) => return Some((**q).clone()),
            _ => return None,
        }
    }
    None
}

/// The percentage qualifying the figure at token `k`, and its token index.
fn percent_after<'v>(v: &'v BlockView<'_>, k: usize, end: usize) -> Option<(&'v Quantity, usize)> {
    let mut words = 0;
    let mut intro = false;
    let mut paren = false;
    for m in k + 1..end {
        let t = v.tokens.get(m)?;
        match &t.kind {
            TokenKind::Word => {
                words += 1;
                if words > MAX_DESCRIPTION_WORDS {
                    return None;
                }
                let w = v.lower.get(t.span.range()).unwrap_or("");
                if GAP_STOPS.contains(&w) {
                    return None;
                }
                // PDF extraction loses spaces (`học sinhđạt 71,9%`): an intro word glued to
                // the end of the previous word still introduces the percentage.
                intro = INTRO_WORDS.iter().any(|i| w.ends_with(i));
            }
            TokenKind::Punct {
                ch: ':' | '-' | '–' | ',',
            } => {}
            TokenKind::Punct { ch: '(' } if m == k + 1 => paren = true,
            // Labels inside a description (`lớp 9`, `mức độ 3`) are words here.
            TokenKind::NonQuantity { .. } => {}
            TokenKind::Quantity(q) if q.is_percent() => {
                let near = words <= MAX_GAP_WORDS;
                return (paren || (intro && (near || intro_adjacent(v, m)))).then_some((q, m));
            }
            _ => return None,
        }
    }
    None
}
