//! # count-mismatch
//!
//! ## What it does
//! Checks that a stated count matches the enumeration that follows it:
//! `4 Trạm y tế xã cũ gồm Hùng Thắng, Vĩnh Hưng, Vĩnh Hồng, Kẽ Sặt` (4 names: holds),
//! `có 03 tiêu chí không đạt, gồm: (1) …, (2) …, (3) …, (4) …` (4 items: fails).
//!
//! ## Why it matters
//! Lists grow and shrink between drafts while the number in the sentence stays as it was.
//! A reader who counts the items finds the report contradicting itself.
//!
//! ## Example
//! ```text
//! có 03 tiêu chí không đạt, gồm: (1) Tốc độ tăng trưởng, (2) thu nhập bình quân, (3) trường đạt chuẩn, (4) tổ dân phố văn hoá.
//! ```
//! is reported as `Nêu 03 mục nhưng liệt kê 4 mục`, with every item labelled.
//!
//! ## Known limits
//! - The count must be an exact whole number from 2 to 60 standing before the opener
//!   (`gồm`, `bao gồm`, `là`, `:`) in the same sentence, with only words and commas between.
//! - Three list styles are read: enumerators `(1) … (n)` / `a) … b)` numbered from 1 in order;
//!   items separated by `;` after a colon; and short capitalised names separated by commas and
//!   `và`. A list written as bullet lines is not read yet.
//! - A count whose footnote lists `;`-separated items without figures (`04 dự án …⁴` …
//!   `⁴ Dự án A; Dự án B; …`) is checked against that list.
//! - A `;`-separated list is a **warning**: one item may name two things
//!   (`Dự án A và dự án B;`), so the writer may have counted differently.
//! - Items are counted as written; a list that continues past the sentence's full stop is cut
//!   there.

use super::{Context, Rule, RuleMeta};
use crate::claims::{ClaimKind, ListStyle};
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::numfmt;
use rust_decimal::Decimal;

pub struct CountMismatch;

static META: RuleMeta = RuleMeta {
    id: "count-mismatch",
    default_severity: Severity::Error,
    summary: "a stated count must match the number of items listed after it",
    source: include_str!("count_mismatch.rs"),
};

impl Rule for CountMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for claim in &cx.claims.items {
            let ClaimKind::CountList {
                count,
                items,
                style,
            } = &claim.kind
            else {
                continue;
            };
            let n = Decimal::from(items.len() as u64);
            if n == count.value {
                continue;
            }
            let written = cx.written(count);
            let width = if count.zero_padded { written.len() } else { 1 };
            let severity = match style {
                ListStyle::Semicolons => Severity::Warning,
                _ => META.default_severity,
            };
            let mut d = Diagnostic::new(
                META.id,
                severity,
                count.span.join(claim.span),
                Message::new("count-mismatch.message")
                    .arg("count", written)
                    .arg("items", items.len()),
            )
            .with_help(
                Message::new("count-mismatch.help")
                    .arg("count", written)
                    .arg("items", items.len())
                    .arg("items_padded", numfmt::vi_padded(n, width)),
            )
            .with_label(
                count.number_span,
                Message::new("count-mismatch.label.count").arg("value", written),
            );
            for (i, item) in items.iter().enumerate() {
                d = d.with_label(
                    *item,
                    Message::new("count-mismatch.label.item").arg("n", i + 1),
                );
            }
            out.push(d);
        }
    }
}
