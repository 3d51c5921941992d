//! # percent-base
//!
//! ## What it does
//! Checks counts written with percentages (`tốt 174 học sinh đạt 71,9%; khá 59 học sinh đạt
//! 24,38%; đạt 08 học sinh đạt 3,31%`): it finds every base *n* for which each count / *n*
//! gives its percentage (rounded half up, half down or truncated at the printed precision —
//! the GRIM test), and reports when no single base fits all pairs, or when the percentages
//! form a whole (they add up to about 100 %) but the base that fits is not the sum of the
//! counts.
//!
//! ## Why it matters
//! A category dropped or a count retyped leaves percentages computed on one total beside
//! counts that add up to another. Nobody sees it until someone adds the column.
//!
//! ## Example
//! ```text
//! kết quả rèn luyện tốt 174 học sinh đạt 71,9%; Khá 59 học sinh đạt 24,38%; đạt 08 học sinh đạt 3,31%.
//! ```
//! The percentages fit a base of 242 pupils, but 174 + 59 + 08 = 241.
//!
//! ## Known limits
//! - Pairs are read within one sentence, each count followed by its percentage (a few words
//!   ending in `đạt`, `chiếm`, `bằng`, `tỷ lệ`, or in parentheses). A total stated just
//!   before the first pair (`48 cán bộ, công chức: …`) is read when the counts add up to it.
//! - The sum check applies only when the pairs form a whole: their counts add up to the
//!   stated total, or their percentages add up to between 95 % and 105 %. Otherwise only
//!   the common base is checked.
//! - Hedged, damaged or ambiguous figures are skipped.

use super::percent_mismatch::decimals_of;
use super::{Context, Rule, RuleMeta};
use crate::ast::{Quantity, Reading};
use crate::claims::ClaimKind;
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::interval::Interval;
use crate::numfmt;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub struct PercentBase;

static META: RuleMeta = RuleMeta {
    id: "percent-base",
    default_severity: Severity::Error,
    summary:
        "counts with percentages must share one base, equal to their sum when they form a whole",
    source: include_str!("percent_base.rs"),
};

/// Bases considered; larger ones are beyond what the percentages' precision can pin down.
const MAX_BASE: u64 = 10_000_000;

impl Rule for PercentBase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for claim in &cx.claims.items {
            let ClaimKind::CountsPercents { pairs, total } = &claim.kind else {
                continue;
            };
            if pairs.iter().any(|(c, p)| {
                c.reading != Reading::Certain
                    || p.reading != Reading::Certain
                    || c.approximate()
                    || p.approximate()
            }) {
                continue;
            }
            let sum: Decimal = pairs.iter().map(|(c, _)| c.value).sum();
            let Some((lo, hi)) = feasible_bases(pairs) else {
                continue;
            };
            let pct_sum = pairs
                .iter()
                .map(|(_, p)| Interval::printed(p.value, p.resolution, false))
                .fold(Interval::point(Decimal::ZERO), |a, b| a + b);
            // The pairs make up a whole when their percentages add up to about 100 %, or when
            // their counts add up to a total stated before them (`48 cán bộ: 09 …, 33 …, 06 …`).
            let stated = total
                .as_ref()
                .filter(|t| t.reading == Reading::Certain && t.value == sum);
            let partition = stated.is_some()
                || (pct_sum.hi >= Decimal::from(95) && pct_sum.lo <= Decimal::from(105));
            let text = |q: &crate::ast::Quantity| cx.written(q);
            let counts_expr = pairs
                .iter()
                .map(|(c, _)| text(c))
                .collect::<Vec<_>>()
                .join(" + ");
            let (message, help) = if lo > hi {
                (
                    Message::new("percent-base.message-none"),
                    Message::new("percent-base.help-none").arg("sum", numfmt::vi(sum)),
                )
            } else if partition && (sum < Decimal::from(lo) || sum > Decimal::from(hi)) {
                let base = if lo == hi {
                    numfmt::vi(Decimal::from(lo))
                } else {
                    format!(
                        "{}–{}",
                        numfmt::vi(Decimal::from(lo)),
                        numfmt::vi(Decimal::from(hi))
                    )
                };
                let recomputed = pairs
                    .iter()
                    .map(|(c, p)| {
                        let dp = decimals_of(p);
                        format!(
                            "{}%",
                            numfmt::vi_round(c.value * Decimal::ONE_HUNDRED / sum, dp)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                (
                    Message::new("percent-base.message-sum")
                        .arg("base", &base)
                        .arg("sum", numfmt::vi(sum))
                        .arg("expr", &counts_expr),
                    Message::new("percent-base.help-sum")
                        .arg("base", &base)
                        .arg("sum", numfmt::vi(sum))
                        .arg("recomputed", recomputed),
                )
            } else {
                continue;
            };
            let mut d = Diagnostic::new(META.id, META.default_severity, claim.span, message)
                .with_help(help);
            for (c, p) in pairs {
                d = d.with_label(
                    c.number_span.join(p.span),
                    Message::new("percent-base.label.pair")
                        .arg("count", text(c))
                        .arg("percent", text(p)),
                );
            }
            out.push(d);
        }
    }
}

/// The integer bases n (inclusive range) for which every count/n fits its percentage;
/// `lo > hi` when none does. `None` when the pairs pin nothing down (all 0 %).
fn feasible_bases(pairs: &[(Quantity, Quantity)]) -> Option<(u64, u64)> {
    let mut lo = Decimal::ZERO;
    let mut hi = Decimal::from(MAX_BASE);
    let mut constrained = false;
    for (c, p) in pairs {
        let iv = Interval::printed(p.value, p.resolution, false);
        if c.value > lo {
            lo = c.value;
        }
        if iv.lo <= Decimal::ZERO {
            continue;
        }
        constrained = true;
        let h = Decimal::ONE_HUNDRED;
        // count/n*100 ∈ [iv.lo, iv.hi]  ⇔  n ∈ [count*100/iv.hi, count*100/iv.lo]
        let n_lo = c.value.checked_mul(h)?.checked_div(iv.hi)?;
        let n_hi = c.value.checked_mul(h)?.checked_div(iv.lo)?;
        lo = lo.max(n_lo);
        hi = hi.min(n_hi);
    }
    if !constrained {
        return None;
    }
    let lo = lo.ceil().to_u64()?;
    let hi = hi.floor().to_u64().unwrap_or(0);
    Some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Dimension, UnitRef};
    use crate::span::Span;
    use std::str::FromStr;

    fn q(v: &str, res: &str, exact: bool, pct: bool) -> Quantity {
        Quantity {
            span: Span::default(),
            number_span: Span::default(),
            value: Decimal::from_str(v).unwrap(),
            alt: None,
            resolution: Decimal::from_str(res).unwrap(),
            exact,
            reading: Reading::Certain,
            zero_padded: false,
            unit: pct.then(|| UnitRef {
                name: "%".into(),
                dimension: Dimension::Percent,
                factor: Decimal::ONE,
                span: Span::default(),
            }),
            hedge: None,
            bound: None,
        }
    }

    #[test]
    fn grim_finds_242_for_the_corpus_example() {
        let pairs = vec![
            (q("174", "1", true, false), q("71.9", "0.1", false, true)),
            (q("59", "1", true, false), q("24.38", "0.01", false, true)),
            (q("8", "1", true, false), q("3.31", "0.01", false, true)),
        ];
        assert_eq!(feasible_bases(&pairs), Some((242, 242)));
    }

    #[test]
    fn grim_accepts_205() {
        let pairs = vec![
            (q("132", "1", true, false), q("64.39", "0.01", false, true)),
            (q("68", "1", true, false), q("33.17", "0.01", false, true)),
            (q("5", "1", true, false), q("2.44", "0.01", false, true)),
        ];
        let (lo, hi) = feasible_bases(&pairs).unwrap();
        assert!(lo <= 205 && 205 <= hi, "{lo}..{hi}");
    }
}
