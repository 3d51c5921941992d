//! # sum-mismatch
//!
//! ## What it does
//! Checks totals against their breakdowns. An exhaustive breakdown (`X, trong đó: a, b, c`,
//! `X (gồm a; b)`, `X (khiếu nại: a, tố cáo: b, …)`, `X, trong đó:` followed by bullet lines)
//! must add up to the total; a partial one (`chủ yếu`, `như`, `nhất là`) must not exceed it.
//! Each level of a nested breakdown is checked on its own.
//!
//! ## Why it matters
//! Totals and their parts are copied from different spreadsheets. When they disagree the
//! report contradicts itself on the figure a reader is most likely to quote.
//!
//! ## Example
//! ```text
//! đã ban hành 3212 văn bản đi (trong đó: 1270 công văn; 1065 quyết định; 205 báo cáo; 296 thông báo; 166 mời họp; 82 tờ trình; 9 công điện; 03 hướng dẫn; 02 đề án; 95 bản nhận xét; 22 giấy giới thiệu)
//! ```
//! is reported: the parts add up to 3.215, not 3212.
//!
//! ## Known limits
//! - Values are compared as intervals at their printed precision (`120 tỷ 423 triệu` is
//!   rounded to the million, `1.113,6 ha` to the tenth), accepting both rounding and
//!   truncation. Units are converted (`km²`, `ha`, `m²`; `tấn`, `tạ`, `kg`) before adding.
//! - `trong đó` introduces a partition as often as a few highlighted subsets
//!   (`1970 lượt người. Trong đó: BHYT 929 …, trẻ em 97 …`). So when the parts fall short of
//!   the total by more than 10 % (25 % after `gồm`, `bao gồm`, `chia ra` or a parenthesis),
//!   the breakdown is read as subsets: silent after `trong đó`, a warning after the stronger
//!   openers. Parts that exceed the total by more than the total itself are a warning
//!   (overlapping subsets such as `nữ …, trẻ em …` can do that).
//! - When the first few parts already make up the total, the remaining figures are taken to
//!   start a new statement (`5.429 hồ sơ trong đó … 5302, 07, 62, 58, hồ sơ đang giải quyết
//!   20 …`): no finding.
//! - When no reading fits, the finding reports the first parts whose sum comes closest to
//!   the total (`2.570 … trong đó trước hạn 1937; đúng hạn 597; quá hạn 37; đang giải quyết
//!   526` is reported as 1937 + 597 + 37 = 2.571).
//! - A breakdown with a single part is only checked for exceeding its total.
//! - A count whose footnote lists its parts, one figure per `;`-separated item
//!   (`26 mô hình²` … `² Mô hình …: 07; Mô hình …: 02; …`), is checked like a breakdown.
//! - A total found in the sentence before the opener (`… 1970 lượt người. Trong đó: …`) is a
//!   weaker link: at most a warning.
//! - Hedged figures (`khoảng`, `ước`, `hơn`) give at most a warning, and only when off by more
//!   than 10 %. Damaged or ambiguous numbers (`10 75%`, `1.46`) never give a finding here.
//! - A breakdown read through a damaged keyword (` rong đó`) is at most a warning, and says
//!   what it assumed.

use super::{Context, Rule, RuleMeta};
use crate::ast::{Dimension, Quantity, Reading};
use crate::claims::{BreakdownKind, ClaimKind};
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::interval::Interval;
use crate::numfmt;
use rust_decimal::Decimal;

pub struct SumMismatch;

static META: RuleMeta = RuleMeta {
    id: "sum-mismatch",
    default_severity: Severity::Error,
    summary: "parts of a total must add up to it (or not exceed it, for a partial breakdown)",
    source: include_str!("sum_mismatch.rs"),
};

/// Relative gap under which a shortfall is read as a copying error rather than subsets.
fn shortfall_limit(strong_opener: bool) -> Decimal {
    if strong_opener {
        Decimal::new(25, 2)
    } else {
        Decimal::new(10, 2)
    }
}

impl Rule for SumMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for claim in &cx.claims.items {
            let ClaimKind::Breakdown {
                total,
                parts: all_parts,
                kind,
                opener,
                across_sentences,
                strays,
            } = &claim.kind
            else {
                continue;
            };
            if all_parts.is_empty() || !readable(total) || !all_parts.iter().all(readable) {
                continue;
            }
            let hedged = total.approximate() || all_parts.iter().any(Quantity::approximate);
            let mut t = Interval::of(total);
            if hedged {
                t = t.widen(Decimal::new(10, 2));
            }
            if sum_interval(all_parts).overlaps(t) {
                continue;
            }
            let total_value = base_value(total);
            if total_value.is_zero() {
                continue;
            }
            let parts: &[Quantity] = match kind {
                BreakdownKind::Partial => all_parts,
                BreakdownKind::Exhaustive => {
                    // When the first few parts already make up the total, the rest start a
                    // new statement. Otherwise report the reading closest to the total.
                    if prefixes(all_parts).any(|p| sum_interval(p).overlaps(t)) {
                        continue;
                    }
                    // A prefix is reported only when it is far closer than the whole list.
                    let full_gap = (point_sum(all_parts) - total_value).abs();
                    prefixes(all_parts)
                        .filter(|p| (point_sum(p) - total_value).abs() * Decimal::TWO < full_gap)
                        .min_by_key(|p| (point_sum(p) - total_value).abs())
                        .unwrap_or(all_parts)
                }
            };
            let point_sum = point_sum(parts);
            let exceeds = point_sum > total_value;
            let opener_text = cx
                .text
                .get(opener.range())
                .unwrap_or_default()
                .to_lowercase();
            let strong = !opener_text.contains("trong đó") && !opener_text.contains("cụ thể");
            let gap = ((point_sum - total_value) / total_value).abs();
            let severity = match kind {
                // An item in another unit may be the missing part: `unit-mismatch` says so.
                _ if !exceeds && !strays.is_empty() => continue,
                BreakdownKind::Partial if !exceeds => continue,
                BreakdownKind::Exhaustive if parts.len() < 2 && !exceeds => continue,
                _ if exceeds && gap > Decimal::ONE => Severity::Warning,
                _ if exceeds => META.default_severity,
                _ if gap <= shortfall_limit(strong) => META.default_severity,
                _ if strong => Severity::Warning,
                _ => continue,
            };
            let weak = hedged || *across_sentences || !claim.assumptions.is_empty();
            let severity = if weak {
                severity.min(Severity::Warning)
            } else {
                severity
            };
            let written = |q: &crate::ast::Quantity| cx.written(q);
            let shown = Shown::new(cx.text, total);
            let expr = parts
                .iter()
                .map(|p| shown.written_with_unit(cx.text, p))
                .collect::<Vec<_>>()
                .join(" + ");
            let key = if *kind == BreakdownKind::Partial {
                "sum-mismatch.message-exceeds"
            } else {
                "sum-mismatch.message"
            };
            let sum_text = shown.value(point_sum);
            let total_text = shown.written_with_unit(cx.text, total);
            let mut message = Message::new(key)
                .arg("sum", &sum_text)
                .arg("total", &total_text);
            if let Some(a) = claim.assumptions.first() {
                message = message.with_suffix(super::assumed_note(a));
            }
            let mut d = Diagnostic::new(META.id, severity, claim.span, message)
                .with_help(
                    Message::new("sum-mismatch.help")
                        .arg("expr", &expr)
                        .arg("sum", &sum_text)
                        .arg("total", &total_text),
                )
                .with_label(
                    total.number_span,
                    Message::new("sum-mismatch.label.total").arg("value", written(total)),
                );
            for (i, p) in parts.iter().enumerate() {
                d = d.with_label(
                    p.number_span,
                    Message::new("sum-mismatch.label.part")
                        .arg("n", i + 1)
                        .arg("value", written(p)),
                );
            }
            out.push(d);
        }
    }
}

fn readable(q: &Quantity) -> bool {
    q.reading == Reading::Certain
}

fn base_value(q: &Quantity) -> Decimal {
    q.value * q.unit.as_ref().map_or(Decimal::ONE, |u| u.factor)
}

/// How values are shown in this breakdown's messages: in the total's unit, with scale
/// words for money written that way (`120 tỷ 523 triệu đồng`).
struct Shown {
    unit: Option<(String, Decimal)>,
    scaled: bool,
}

impl Shown {
    fn new(text: &str, total: &Quantity) -> Self {
        let unit = total
            .unit
            .as_ref()
            .filter(|u| u.dimension != Dimension::Count)
            .map(|u| (u.name.to_string(), u.factor));
        let written = text.get(total.number_span.range()).unwrap_or_default();
        let scaled = total.dimension() == Some(Dimension::Money)
            && ["tỷ", "triệu", "nghìn", "ngàn"]
                .iter()
                .any(|w| written.contains(w));
        Shown { unit, scaled }
    }

    /// A value in base units, shown in the total's unit.
    fn value(&self, base: Decimal) -> String {
        match &self.unit {
            None => numfmt::vi(base),
            Some((name, factor)) => {
                let v = if factor.is_zero() {
                    base
                } else {
                    base / factor
                };
                let n = if self.scaled {
                    numfmt::vi_scaled(v)
                } else {
                    numfmt::vi(v)
                };
                format!("{n} {name}")
            }
        }
    }

    /// A figure as written, with its own unit when the breakdown has units.
    fn written_with_unit(&self, text: &str, q: &Quantity) -> String {
        let n = text.get(q.number_span.range()).unwrap_or_default();
        match (&self.unit, &q.unit) {
            (Some(_), Some(u)) => format!("{n} {}", u.name),
            _ => n.to_string(),
        }
    }
}

/// The proper prefixes of at least two parts.
fn prefixes(parts: &[Quantity]) -> impl Iterator<Item = &[Quantity]> {
    (2..parts.len()).filter_map(move |n| parts.get(..n))
}

fn sum_interval(parts: &[Quantity]) -> Interval {
    parts
        .iter()
        .map(Interval::of)
        .fold(Interval::point(Decimal::ZERO), |a, b| a + b)
}

fn point_sum(parts: &[Quantity]) -> Decimal {
    parts.iter().map(base_value).sum()
}
