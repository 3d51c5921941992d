//! # percent-mismatch
//!
//! ## What it does
//! Checks a ratio against the percentage written beside it: `521/522 học sinh - đạt 99,9%`
//! (521/522 = 99,81 %, so the text should say 99,8 %), `24 tỷ 517 triệu đồng/108 tỷ 789
//! triệu đồng, đạt 22,5%` (holds).
//!
//! ## Why it matters
//! Percentages are typed after the counts, often from an older draft. A percentage that does
//! not follow from the figures next to it is the first thing an inspector recomputes.
//!
//! ## Example
//! ```text
//! Học sinh hoàn thành chương trình lớp học: 521/522 học sinh - đạt 99,9%.
//! ```
//! is reported: 521/522 = 99,81 %, written 99,9 %; the help gives 99,8 %.
//!
//! ## Known limits
//! - The percentage is accepted if it fits the ratio either rounded or truncated at its
//!   printed precision (`130,8/106,9 = 122,36 %` written `122,3 %` holds).
//! - Only a percentage right after the ratio (a few words, the last one `đạt`, `chiếm`,
//!   `bằng`, `tỷ lệ`) is paired with it; `tăng 21% so với cùng kỳ` is a growth rate, not read.
//! - Damaged or ambiguous numbers (`10 75%/13.82%`) and hedged percentages are skipped.

use super::{Context, Rule, RuleMeta};
use crate::ast::{Quantity, Reading};
use crate::claims::ClaimKind;
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::interval::Interval;
use crate::numfmt;
use rust_decimal::Decimal;

pub struct PercentMismatch;

static META: RuleMeta = RuleMeta {
    id: "percent-mismatch",
    default_severity: Severity::Error,
    summary: "a percentage must follow from the ratio written beside it",
    source: include_str!("percent_mismatch.rs"),
};

fn base(q: &Quantity) -> Decimal {
    q.value * q.unit.as_ref().map_or(Decimal::ONE, |u| u.factor)
}

/// Decimal places a percentage was written with.
pub fn decimals_of(q: &Quantity) -> u32 {
    q.resolution.normalize().scale()
}

impl Rule for PercentMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for claim in &cx.claims.items {
            let ClaimKind::RatioPercent { ratio, percent } = &claim.kind else {
                continue;
            };
            let (num, den) = (&ratio.numerator, &ratio.denominator);
            if [num, den, percent]
                .iter()
                .any(|q| q.reading != Reading::Certain || q.approximate())
            {
                continue;
            }
            // Numerator without a unit takes the denominator's (`130,8/106,9 tỷ đồng`).
            let num_v = if num.unit.is_none() {
                num.value * den.unit.as_ref().map_or(Decimal::ONE, |u| u.factor)
            } else {
                base(num)
            };
            let den_v = base(den);
            if den_v.is_zero() {
                continue;
            }
            let Some(actual) = num_v
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(den_v))
            else {
                continue;
            };
            // The ratio itself is printed with finite precision too (money in tỷ, areas in ha).
            let written = Interval::printed(percent.value, percent.resolution, false);
            let ratio_iv = ratio_interval(num, den, num_v, den_v);
            if written.overlaps(ratio_iv) || written.overlaps(Interval::point(actual)) {
                continue;
            }
            let text = |q: &crate::ast::Quantity| cx.written(q);
            let dp = decimals_of(percent);
            let expected = numfmt::vi_round(actual, dp);
            let mut d = Diagnostic::new(
                META.id,
                META.default_severity,
                claim.span,
                Message::new("percent-mismatch.message")
                    .arg("percent", text(percent))
                    .arg("num", text(num))
                    .arg("den", text(den))
                    .arg("actual", numfmt::vi_round(actual, dp + 2)),
            )
            .with_help(
                Message::new("percent-mismatch.help")
                    .arg("num", text(num))
                    .arg("den", text(den))
                    .arg("actual", numfmt::vi_round(actual, dp + 2))
                    .arg("expected", expected),
            )
            .with_label(
                ratio.span,
                Message::new("percent-mismatch.label.ratio")
                    .arg("actual", numfmt::vi_round(actual, dp + 2)),
            )
            .with_label(
                percent.number_span,
                Message::new("percent-mismatch.label.percent").arg("value", text(percent)),
            );
            d.fixes.clear();
            out.push(d);
        }
    }
}

/// The range of percentages the ratio can stand for, given each side's printed precision.
fn ratio_interval(num: &Quantity, den: &Quantity, num_v: Decimal, den_v: Decimal) -> Interval {
    let scale = |q: &Quantity, v: Decimal| {
        let f = if q.value.is_zero() {
            Decimal::ONE
        } else {
            v / q.value
        };
        Interval::printed(v, q.resolution * f, q.exact)
    };
    let n = scale(num, num_v);
    let d = scale(den, den_v);
    if d.lo <= Decimal::ZERO {
        return Interval::point(num_v * Decimal::ONE_HUNDRED / den_v);
    }
    let h = Decimal::ONE_HUNDRED;
    Interval {
        lo: n.lo * h / d.hi,
        hi: n.hi * h / d.lo,
        hi_open: n.hi_open || d.hi_open,
    }
}
