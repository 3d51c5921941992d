//! # product-mismatch
//!
//! ## What it does
//! Checks a product written out in the text: `67 hộ x 64.300đ/hộ/tháng` for `quý I, quý II`
//! must come to `25.848.600 đồng` (67 × 64 300 × 6 = 25 848 600: holds). When a factor is a
//! rate per month or per year, the period stated in the same sentence multiplies it.
//!
//! ## Why it matters
//! Amounts paid out are computed in a spreadsheet and the formula is retyped in the report;
//! an auditor recomputes it first.
//!
//! ## Example
//! ```text
//! chi hỗ trợ tiền điện quý I, quý II năm 2026 cho hộ nghèo (67 hộ x 64.300đ/hộ/tháng) với tổng số tiền 25.948.600 đồng
//! ```
//! is reported: 67 × 64.300 × 6 = 25.848.600.
//!
//! ## Known limits
//! - Factors must be joined by `x`, `×` or `*`; the result is the next money amount in the
//!   same sentence.
//! - For a monthly rate with no period stated, the product is accepted when any whole number
//!   of months from 1 to 12 gives the result; otherwise it is a warning.
//! - Hedged, damaged or ambiguous figures are skipped.

use super::{Context, Rule, RuleMeta};
use crate::ast::{Quantity, Reading};
use crate::claims::ClaimKind;
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::interval::Interval;
use crate::numfmt;
use rust_decimal::Decimal;

pub struct ProductMismatch;

static META: RuleMeta = RuleMeta {
    id: "product-mismatch",
    default_severity: Severity::Error,
    summary: "a product written out (a x b … = c) must come to the amount stated",
    source: include_str!("product_mismatch.rs"),
};

impl Rule for ProductMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for claim in &cx.claims.items {
            let ClaimKind::Product {
                factors,
                result,
                period,
            } = &claim.kind
            else {
                continue;
            };
            let all: Vec<&Quantity> = factors.iter().chain(std::iter::once(&**result)).collect();
            if all
                .iter()
                .any(|q| q.reading != Reading::Certain || q.approximate())
            {
                continue;
            }
            let Some(product) = factors
                .iter()
                .try_fold(Decimal::ONE, |acc, f| acc.checked_mul(f.value))
            else {
                continue;
            };
            let explicit_period = factors
                .iter()
                .any(|f| f.dimension() == Some(crate::ast::Dimension::Time));
            let rate = !explicit_period
                && factors.iter().any(|f| {
                    f.unit
                        .as_ref()
                        .is_some_and(|u| u.name.ends_with("/tháng") || u.name.ends_with("/năm"))
                });
            let target = Interval::printed(result.value, result.resolution, result.exact);
            let fits = |m: u32| {
                product
                    .checked_mul(Decimal::from(m))
                    .is_some_and(|p| target.overlaps(Interval::point(p)))
            };
            let (ok, severity, m_used) = match period {
                Some(p) => (fits(p.count), META.default_severity, Some(p.count)),
                None if rate => ((1..=12).any(fits), Severity::Warning, None),
                None => (fits(1), META.default_severity, None),
            };
            if ok {
                continue;
            }
            let text = |q: &crate::ast::Quantity| cx.written(q).to_string();
            let mut expr = factors.iter().map(text).collect::<Vec<_>>();
            let m = m_used.unwrap_or(1);
            if m != 1 {
                expr.push(m.to_string());
            }
            let expected = product * Decimal::from(m);
            let mut d = Diagnostic::new(
                META.id,
                severity,
                claim.span,
                Message::new("product-mismatch.message")
                    .arg("expr", expr.join(" × "))
                    .arg("expected", numfmt::vi(expected))
                    .arg("result", text(result)),
            )
            .with_help(
                Message::new("product-mismatch.help")
                    .arg("expr", expr.join(" × "))
                    .arg("expected", numfmt::vi(expected)),
            );
            for f in factors {
                d = d.with_label(
                    f.number_span,
                    Message::new("product-mismatch.label.factor").arg("value", text(f)),
                );
            }
            if let Some(p) = period {
                d = d.with_label(
                    p.span,
                    Message::new("product-mismatch.label.period")
                        .arg("count", p.count)
                        .arg("per", &p.per),
                );
            }
            d = d.with_label(
                result.number_span,
                Message::new("product-mismatch.label.result").arg("value", text(result)),
            );
            out.push(d);
        }
    }
}
