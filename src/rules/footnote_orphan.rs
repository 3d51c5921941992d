//! # footnote-orphan
//!
//! ## What it does
//! Matches footnote references with footnote notes, whatever their style (`¹`, `⁽¹⁾`, `[^1]`,
//! and the marks the layout stage rebuilds from PDF-extracted text):
//! - a reference with no note is an **error** when the document has notes (the writer numbered
//!   notes and this one is missing), a **warning** when it has none at all or the mark was
//!   rebuilt from a PDF (the notes may have been lost in extraction);
//! - a note that no reference points to is a **warning**;
//! - a note number written twice is a **warning**;
//! - numbering that skips (`¹ ² ⁴` with no 3 anywhere) is a **warning**.
//!
//! A document mixing `³` and `⁽³⁾` marks is fine: the style is not checked.
//!
//! ## Why it matters
//! Footnotes carry the detail behind the figures (`12 mô hình²` → the list of the 12 models).
//! A missing note leaves the figure unsupported; a note with no reference is detail nobody
//! will find.
//!
//! ## Example
//! ```text
//! Toàn xã hiện đang quản lý 12 mô hình² và 3 hợp tác xã¹.
//!
//! ¹ Hợp tác xã Hòa Lạc, Phú Xuân, Đông Thạnh.
//! ```
//! is reported as `Chú thích ² được dẫn nhưng không có nội dung chú thích`.
//!
//! ## Known limits
//! - Notes are matched by number only, over the whole document: a report that restarts its
//!   numbering per part shows as duplicate notes (a warning).
//! - A superscript after a unit (`m²`) is read by the tokenizer as part of the unit, not as a
//!   reference.

use super::{Context, Rule, RuleMeta};
use crate::ast::FootnoteStyle;
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::span::Span;
use std::collections::BTreeMap;

pub struct FootnoteOrphan;

static META: RuleMeta = RuleMeta {
    id: "footnote-orphan",
    default_severity: Severity::Error,
    summary: "every footnote reference needs a note and every note a reference",
    source: include_str!("footnote_orphan.rs"),
};

/// A mark as the document writes it, for messages.
fn written(cx: &Context<'_>, span: Span) -> String {
    cx.text
        .get(span.range())
        .unwrap_or_default()
        .trim()
        .to_string()
}

impl Rule for FootnoteOrphan {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        if doc.footnote_refs.is_empty() && doc.footnote_defs.is_empty() {
            return;
        }
        let mut refs: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, r) in doc.footnote_refs.iter().enumerate() {
            refs.entry(r.mark).or_default().push(i);
        }
        let mut defs: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, d) in doc.footnote_defs.iter().enumerate() {
            defs.entry(d.mark).or_default().push(i);
        }
        let has_notes = !defs.is_empty();

        for (mark, idx) in &refs {
            if defs.contains_key(mark) {
                continue;
            }
            let Some(first) = idx.first().and_then(|&i| doc.footnote_refs.get(i)) else {
                continue;
            };
            let severity = if has_notes && first.style != FootnoteStyle::Pdf {
                Severity::Error
            } else {
                Severity::Warning
            };
            let w = written(cx, first.span);
            let mut d = Diagnostic::new(
                META.id,
                severity,
                first.span,
                Message::new("footnote-orphan.message-ref").arg("mark", &w),
            )
            .with_help(Message::new("footnote-orphan.help-ref").arg("mark", &w));
            // One label per occurrence: thousands in a big report, so no growth slack.
            d.labels.reserve_exact(idx.len());
            for &i in idx {
                if let Some(r) = doc.footnote_refs.get(i) {
                    d = d.with_label(
                        r.span,
                        Message::new("footnote-orphan.label.ref").arg("mark", mark),
                    );
                }
            }
            out.push(d);
        }

        for (mark, idx) in &defs {
            let Some(first) = idx.first().and_then(|&i| doc.footnote_defs.get(i)) else {
                continue;
            };
            let w = written(cx, first.mark_span);
            if !refs.contains_key(mark) {
                out.push(
                    Diagnostic::new(
                        META.id,
                        Severity::Warning,
                        first.mark_span,
                        Message::new("footnote-orphan.message-def").arg("mark", &w),
                    )
                    .with_help(Message::new("footnote-orphan.help-def").arg("mark", &w))
                    .with_label(
                        first.mark_span,
                        Message::new("footnote-orphan.label.def").arg("mark", mark),
                    ),
                );
            }
            if idx.len() > 1 {
                let mut d = Diagnostic::new(
                    META.id,
                    Severity::Warning,
                    first.mark_span,
                    Message::new("footnote-orphan.message-duplicate")
                        .arg("mark", &w)
                        .arg("count", idx.len()),
                )
                .with_help(Message::new("footnote-orphan.help-duplicate"));
                d.labels.reserve_exact(idx.len());
                for &i in idx {
                    if let Some(def) = doc.footnote_defs.get(i) {
                        d = d.with_label(
                            def.mark_span,
                            Message::new("footnote-orphan.label.def").arg("mark", mark),
                        );
                    }
                }
                out.push(d);
            }
        }

        // Skipped numbers: a number below the highest one used that appears nowhere.
        let max = refs.keys().chain(defs.keys()).copied().max().unwrap_or(0);
        if max > 200 {
            return;
        }
        let missing: Vec<u32> = (1..max)
            .filter(|n| !refs.contains_key(n) && !defs.contains_key(n))
            .collect();
        let Some(&first_missing) = missing.first() else {
            return;
        };
        // Point at the first mark written after the gap.
        let after = (first_missing + 1..=max).find_map(|n| {
            refs.get(&n)
                .and_then(|v| v.first())
                .and_then(|&i| doc.footnote_refs.get(i))
                .map(|r| r.span)
                .or_else(|| {
                    defs.get(&n)
                        .and_then(|v| v.first())
                        .and_then(|&i| doc.footnote_defs.get(i))
                        .map(|d| d.mark_span)
                })
                .map(|s| (n, s))
        });
        let Some((next, span)) = after else { return };
        let list = missing
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            Diagnostic::new(
                META.id,
                Severity::Warning,
                span,
                Message::new("footnote-orphan.message-skip")
                    .arg("missing", &list)
                    .arg("next", next),
            )
            .with_help(Message::new("footnote-orphan.help-skip"))
            .with_label(
                span,
                Message::new("footnote-orphan.label.next").arg("mark", next),
            ),
        );
    }
}
