//! # unit-mismatch
//!
//! ## What it does
//! Finds an item of a breakdown written in a unit of another kind than its total, or with no
//! unit where every other figure has one: `Tổng sản lượng 2.175 tấn, trong đó lúa 1.500 tấn,
//! ngô 675 ha` (an area among masses), `Tổng chi 120 tỷ 423 triệu đồng, trong đó: chi đầu tư
//! 14 tỷ 917 triệu đồng; chi thường xuyên 105.506` (no unit: đồng? triệu đồng?). Units of one
//! kind are converted (`ha`, `km²`, `m²`; `tấn`, `tạ`, `kg`; `đồng`, `triệu đồng`, `tỷ đồng`)
//! and never reported.
//!
//! ## Why it matters
//! A part in the wrong unit cannot be added to the others, so the total cannot be checked, and
//! a reader cannot tell which unit was meant. A missing scale word (`105.506` for `105.506
//! triệu đồng`) changes a figure a thousandfold.
//!
//! ## Example
//! ```text
//! Tổng sản lượng 2.175 tấn, trong đó lúa 1.500 tấn, ngô 675 ha.
//! ```
//! is reported on `675 ha`: the total is in tấn.
//!
//! ## Known limits
//! - Only items that hold a single figure are read: `3 vùng trồng ngô diện tích 15 ha`
//!   (a count and an area in one item) is a normal way to describe a part.
//! - Counts (`9 vùng`, `02 dự án`) beside measured parts are not reported: they describe
//!   the part, they are not the part.
//! - Always a warning: the writer may have meant a side remark.
//! - When reading a unit-less figure in the total's unit (or scale) makes the parts add up,
//!   the help says so.

use super::{Context, Rule, RuleMeta};
use crate::ast::Quantity;
use crate::claims::ClaimKind;
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::interval::Interval;
use rust_decimal::Decimal;

pub struct UnitMismatch;

static META: RuleMeta = RuleMeta {
    id: "unit-mismatch",
    default_severity: Severity::Warning,
    summary: "parts of a total must be in a unit of the same kind as the total",
    source: include_str!("unit_mismatch.rs"),
};

impl Rule for UnitMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for claim in &cx.claims.items {
            let ClaimKind::Breakdown {
                total,
                parts,
                strays,
                ..
            } = &claim.kind
            else {
                continue;
            };
            let Some(total_unit) = total.unit.as_ref() else {
                continue;
            };
            let written =
                |q: &Quantity| cx.text.get(q.span.range()).unwrap_or_default().to_string();
            for stray in strays {
                let (key, unit) = match &stray.unit {
                    Some(u) => ("unit-mismatch.message", u.name.to_string()),
                    None => ("unit-mismatch.message-none", String::new()),
                };
                let mut d = Diagnostic::new(
                    META.id,
                    META.default_severity,
                    stray.span,
                    Message::new(key)
                        .arg("part", written(stray))
                        .arg("unit", &unit)
                        .arg("total_unit", &total_unit.name),
                )
                .with_label(
                    stray.span,
                    Message::new("unit-mismatch.label.part").arg(
                        "unit",
                        if unit.is_empty() {
                            "—".to_string()
                        } else {
                            unit.clone()
                        },
                    ),
                )
                .with_label(
                    total.span,
                    Message::new("unit-mismatch.label.total").arg("unit", &total_unit.name),
                );
                if stray.unit.is_none() {
                    if let Some(scale) = scale_that_fits(total, parts, stray) {
                        d = d.with_help(
                            Message::new("unit-mismatch.help-scale")
                                .arg("part", written(stray))
                                .arg("reading", scale),
                        );
                    }
                }
                out.push(d);
            }
        }
    }
}

/// If reading the unit-less figure in the total's unit at some scale (đồng, nghìn, triệu,
/// tỷ; or the unit's own factor) makes the parts add up, that reading.
fn scale_that_fits(total: &Quantity, parts: &[Quantity], stray: &Quantity) -> Option<String> {
    let unit = total.unit.as_ref()?;
    let t = Interval::of(total);
    let rest = parts
        .iter()
        .map(Interval::of)
        .fold(Interval::point(Decimal::ZERO), |a, b| a + b);
    let scales: &[(u64, &str)] = if unit.dimension == crate::ast::Dimension::Money {
        &[
            (1, ""),
            (1_000, "nghìn "),
            (1_000_000, "triệu "),
            (1_000_000_000, "tỷ "),
        ]
    } else {
        &[(1, "")]
    };
    for (f, word) in scales {
        let v = stray.value * Decimal::from(*f) * unit.factor;
        let r = stray.resolution * Decimal::from(*f) * unit.factor;
        let s = Interval::printed(v, r, stray.exact && *f == 1);
        if (rest + s).overlaps(t) {
            return Some(format!(
                "{} {word}{}",
                crate::numfmt::vi(stray.value),
                unit.name
            ));
        }
    }
    None
}
