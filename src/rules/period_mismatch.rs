//! # period-mismatch
//!
//! ## What it does
//! Reads the period the title states (`… 6 tháng đầu năm 2026`, `… năm 2025`) and reports a
//! sentence that opens with an earlier period (`Trong 6 tháng đầu năm 2024, …`, `Trong năm
//! 2024 …`) as a **warning**: the results of a 2026 report described as those of 2024 are
//! usually a paragraph carried over from an old report.
//!
//! Only sentences that open with a period word (`Trong …`, from `period_openers` in
//! `rules/keywords.toml`) are read: comparisons (`so với cùng kỳ năm 2025`, `tăng … so với
//! năm 2024`) never open a sentence, and later years (`Trong năm 2027 phấn đấu …`) are plans,
//! not mismatches.
//!
//! ## Why it matters
//! Reports are drafted from last year's file. A forgotten year makes the reader doubt every
//! figure in the paragraph: are they this period's or the old ones?
//!
//! ## Example
//! ```text
//! BÁO CÁO
//! Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm 2026
//!
//! Trong 6 tháng đầu năm 2024 xảy ra 04 vụ tai nạn giao thông.
//! ```
//! is reported as `Câu này nói về “6 tháng đầu năm 2024”, nhưng văn bản báo cáo năm 2026`.
//!
//! ## Known limits
//! - The title must state a year after `năm`; a title with several years (`năm 2025 và kế
//!   hoạch năm 2026`) counts from the earliest.
//! - Only the opening period of a sentence is read; a period in the middle of a sentence may
//!   be a comparison and is left alone.

use super::{Context, Rule, RuleMeta};
use crate::ast::BlockKind;
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::span::Span;

pub struct PeriodMismatch;

static META: RuleMeta = RuleMeta {
    id: "period-mismatch",
    default_severity: Severity::Warning,
    summary: "results sentences must speak of the period the title states",
    source: include_str!("period_mismatch.rs"),
};

/// `năm YYYY` at the start of `s` (lowercase): the year and the byte length.
fn year_at(s: &str) -> Option<(i32, usize)> {
    let rest = s.strip_prefix("năm ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    // `năm 2026-2030` is a span of years, not one year.
    let after = rest.get(4..).unwrap_or_default().trim_start();
    if after.starts_with(['-', '–']) {
        return None;
    }
    Some((digits.parse().ok()?, "năm ".len() + 4))
}

/// A period phrase at the start of `s`: `[N tháng (đầu|cuối) ]năm YYYY` or `quý X năm YYYY`.
fn period_at(s: &str) -> Option<(i32, usize)> {
    if let Some(y) = year_at(s) {
        return Some(y);
    }
    let words: Vec<&str> = s.splitn(5, ' ').collect();
    let (skip, _) = match words.as_slice() {
        [n, "tháng", "đầu" | "cuối", ..] if n.chars().all(|c| c.is_ascii_digit()) => (3, ()),
        [n, "tháng", ..] if n.chars().all(|c| c.is_ascii_digit()) => (2, ()),
        ["quý", _, ..] => (2, ()),
        _ => return None,
    };
    let head: usize = words.iter().take(skip).map(|w| w.len() + 1).sum();
    let (y, len) = year_at(s.get(head..)?)?;
    Some((y, head + len))
}

/// Years the title states (after `năm`).
fn title_years(cx: &Context<'_>) -> Vec<(i32, Span)> {
    let mut out = Vec::new();
    for b in &cx.doc.blocks {
        if b.kind != BlockKind::Title {
            continue;
        }
        let Some(lower) = cx.lower.get(b.span.range()) else {
            continue;
        };
        for (i, _) in lower.match_indices("năm ") {
            if let Some((y, len)) = year_at(lower.get(i..).unwrap_or_default()) {
                let start = b.span.start as usize + i;
                out.push((y, Span::new(start, start + len)));
            }
        }
    }
    out
}

impl Rule for PeriodMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let years = title_years(cx);
        let Some(&(title_year, title_span)) = years.iter().min_by_key(|(y, _)| *y) else {
            return;
        };
        // Built once per document: `str::match_indices` sets a searcher up per block.
        let openers: Vec<(usize, memchr::memmem::Finder<'_>)> = cx
            .lex
            .keywords
            .period_openers
            .iter()
            .map(|o| (o.len(), memchr::memmem::Finder::new(o.as_bytes())))
            .collect();
        for b in &cx.doc.blocks {
            if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }) {
                continue;
            }
            let Some(lower) = cx.lower.get(b.content.range()) else {
                continue;
            };
            for (opener_len, finder) in &openers {
                // Non-overlapping, left to right: the matches of `match_indices`.
                for i in finder.find_iter(lower.as_bytes()) {
                    if !sentence_start(lower, i) {
                        continue;
                    }
                    let after = i + opener_len;
                    let Some(rest) = lower.get(after..).and_then(|r| r.strip_prefix(' ')) else {
                        continue;
                    };
                    let Some((year, len)) = period_at(rest) else {
                        continue;
                    };
                    if year >= title_year {
                        continue;
                    }
                    let start = b.content.start as usize + after + 1;
                    let span = Span::new(start, start + len);
                    let period = cx.text.get(span.range()).unwrap_or_default();
                    let title = cx.text.get(title_span.range()).unwrap_or_default();
                    out.push(
                        Diagnostic::new(
                            META.id,
                            META.default_severity,
                            span,
                            Message::new("period-mismatch.message")
                                .arg("period", period)
                                .arg("year", title_year),
                        )
                        .with_help(Message::new("period-mismatch.help").arg(
                            "fixed",
                            period.replace(&year.to_string(), &title_year.to_string()),
                        ))
                        .with_label(
                            span,
                            Message::new("period-mismatch.label.text").arg("period", period),
                        )
                        .with_label(
                            title_span,
                            Message::new("period-mismatch.label.title").arg("period", title),
                        ),
                    );
                }
            }
        }
    }
}

/// True when byte `i` of `s` opens a sentence: the start, or after `.`, `;`, `:`, `-` or a
/// bullet and spaces.
fn sentence_start(s: &str, i: usize) -> bool {
    let before = s.get(..i).unwrap_or_default().trim_end();
    if before.len() == s.get(..i).map(str::len).unwrap_or(0) && i != 0 {
        // No space before: inside a word.
        return false;
    }
    before.is_empty() || before.ends_with(['.', ';', ':', '-', '–', '+', '*', '•'])
}
