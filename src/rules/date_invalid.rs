//! # date-invalid
//!
//! ## What it does
//! Checks every full date the document writes (`16/6/2025`, `ngày 31 tháng 6 năm 2026`):
//! - an impossible date is an **error**: no month 22 (`24/22/2023`), no 31 April
//!   (`31/4/2025`), no 29 February outside leap years (`29/2/2025`);
//! - a date with a broken separator is a **warning** with a safe fix (`26/12//2024` →
//!   `26/12/2024`, `19/ 8/2025` → `19/8/2025`): the reading is clear, only the typing is off;
//! - a range whose end comes before its start (`27/7/2023-27/7/1947`) is a **warning**.
//!
//! The document's own date line (`Kè Sắt, ngày … tháng 6 năm 2026`) is read too; a blank day
//! in a draft is normal and is not reported.
//!
//! ## Why it matters
//! Dates cite the legal basis of a report (`Nghị quyết số 44-NQ/TW ngày …`). A wrong date makes
//! the citation unverifiable, and a reader cannot tell which document was meant.
//!
//! ## Example
//! ```text
//! Ngày 31/4/2025, UBND xã tổ chức Hội nghị sơ kết công tác giải phóng mặt bằng.
//! ```
//! is reported as `“31/4/2025” không phải ngày có thật: tháng 4/2025 chỉ có 30 ngày`.
//!
//! ## Known limits
//! - Only dates with day, month and year are checked; `31/5` or `3/2026` are left alone (they
//!   may be ratios or periods the tokenizer read as dates).
//! - Years before 1900 or after 2200 are read as typing damage, not dates, and skipped.
//! - A range is two full dates joined by `-`, `–` or `đến` with nothing else between.

use super::{Context, Rule, RuleMeta};
use crate::ast::{DateLit, TokenKind, TokenKinds};
use crate::chars;
use crate::diagnostic::{Diagnostic, Fix, Message, Severity};
use crate::span::Span;

pub struct DateInvalid;

static META: RuleMeta = RuleMeta {
    id: "date-invalid",
    default_severity: Severity::Error,
    summary: "dates must exist, be written with clean separators, and ranges must run forward",
    source: include_str!("date_invalid.rs"),
};

fn leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`; `None` when the month does not exist.
pub fn days_in_month(month: u32, year: i32) -> Option<u32> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

/// A full date: day, month, year.
#[derive(Debug, Clone, Copy)]
struct Full {
    day: u32,
    month: u32,
    year: i32,
}

fn full(d: &DateLit) -> Option<Full> {
    let f = Full {
        day: d.day?,
        month: d.month?,
        year: d.year?,
    };
    (1900..=2200).contains(&f.year).then_some(f)
}

/// Why a full date cannot exist, as a message.
fn impossible(f: Full, written: &str) -> Option<Message> {
    match days_in_month(f.month, f.year) {
        None => Some(
            Message::new("date-invalid.message-month")
                .arg("date", written)
                .arg("month", f.month),
        ),
        Some(days) if f.day == 0 || f.day > days => Some(
            Message::new("date-invalid.message-day")
                .arg("date", written)
                .arg("month", f.month)
                .arg("year", f.year)
                .arg("days", days),
        ),
        Some(_) => None,
    }
}

fn valid(f: Full) -> bool {
    impossible(f, "").is_none()
}

/// `26/12//2024` → `26/12/2024`, `19/ 8/2025` → `19/8/2025`: spaces dropped, a doubled
/// separator written once.
fn cleaned(written: &str) -> String {
    let mut out = String::with_capacity(written.len());
    for ch in written.chars() {
        if ch.is_whitespace() {
            continue;
        }
        if !ch.is_ascii_digit() && out.ends_with(ch) {
            continue;
        }
        out.push(ch);
    }
    out
}

impl Rule for DateInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // `ngày` is searched for once in the part's lowercase text, not once per block (it
        // cannot overlap itself, so the part's search finds what the blocks' would).
        let range = cx.part_range();
        let ngay: Vec<usize> = NGAY
            .find_iter(cx.lower.get(range.clone()).unwrap_or_default().as_bytes())
            .map(|h| h + range.start)
            .collect();
        // One buffer for every block, filled by a plain loop: a `collect` per block cost an
        // allocation and more per token than the test of its kind.
        let mut dates: Vec<(usize, Span, &DateLit)> = Vec::new();
        for (_, block) in cx.part_blocks() {
            if block.kinds.any(TokenKinds::DATE) {
                check_dates(cx, block, &mut dates, out);
            }
            check_spelled(cx, block.span, &ngay, out);
        }
    }
}

/// The written dates of `block` (gathered into `dates`), each alone and each range of two.
fn check_dates<'a>(
    cx: &Context<'a>,
    block: &'a crate::ast::Block,
    dates: &mut Vec<(usize, Span, &'a DateLit)>,
    out: &mut Vec<Diagnostic>,
) {
    dates.clear();
    for (i, t) in block.tokens.iter().enumerate() {
        if let TokenKind::Date(d) = &t.kind {
            dates.push((i, t.span, &**d));
        }
    }
    for &(_, span, d) in dates.iter() {
        check_one(cx, span, d, out);
    }
    // Ranges: two consecutive full dates with only a dash or `đến` between them.
    for w in dates.windows(2) {
        let [(i, s1, d1), (j, s2, d2)] = w else {
            continue;
        };
        let (Some(a), Some(b)) = (full(d1), full(d2)) else {
            continue;
        };
        if !valid(a) || !valid(b) || !joined(cx, block, *i, *j) {
            continue;
        }
        if (b.year, b.month, b.day) < (a.year, a.month, a.day) {
            let start = cx.text.get(s1.range()).unwrap_or_default();
            let end = cx.text.get(s2.range()).unwrap_or_default();
            out.push(
                Diagnostic::new(
                    META.id,
                    Severity::Warning,
                    s1.join(*s2),
                    Message::new("date-invalid.message-range")
                        .arg("start", start)
                        .arg("end", end),
                )
                .with_help(Message::new("date-invalid.help-range"))
                .with_label(
                    *s1,
                    Message::new("date-invalid.label.start").arg("date", start),
                )
                .with_label(*s2, Message::new("date-invalid.label.end").arg("date", end)),
            );
        }
    }
}

/// True when tokens `i` and `j` are joined by a single dash or `đến`/`tới`.
fn joined(cx: &Context<'_>, block: &crate::ast::Block, i: usize, j: usize) -> bool {
    let between = block.tokens.get(i + 1..j).unwrap_or_default();
    if between.len() > 1 {
        return false;
    }
    let (Some(a), Some(b)) = (block.tokens.get(i), block.tokens.get(j)) else {
        return false;
    };
    let gap = cx
        .text
        .get(a.span.end as usize..b.span.start as usize)
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    matches!(gap.as_str(), "-" | "–" | "—" | "đến" | "tới")
}

fn check_one(cx: &Context<'_>, span: Span, d: &DateLit, out: &mut Vec<Diagnostic>) {
    let Some(f) = full(d) else { return };
    let written = cx.text.get(span.range()).unwrap_or_default();
    if let Some(msg) = impossible(f, written) {
        out.push(
            Diagnostic::new(META.id, META.default_severity, span, msg)
                .with_help(Message::new("date-invalid.help"))
                .with_label(
                    span,
                    Message::new("date-invalid.label.date").arg("date", written),
                ),
        );
        return;
    }
    if d.malformed {
        let fixed = cleaned(written);
        let mut diag = Diagnostic::new(
            META.id,
            Severity::Warning,
            span,
            Message::new("date-invalid.message-malformed").arg("date", written),
        )
        .with_help(Message::new("date-invalid.help-malformed").arg("fixed", &fixed))
        .with_label(
            span,
            Message::new("date-invalid.label.date").arg("date", written),
        );
        if fixed != written {
            diag.fixes.push(Fix::new(span, fixed, true));
        }
        out.push(diag);
    }
}

/// `ngày 31 tháng 6 năm 2026`: the spelled-out date of the date line and of running text.
/// A blank day or month (a draft's `ngày   tháng 6 năm 2026`) is not a finding.
fn check_spelled(cx: &Context<'_>, block: Span, ngay: &[usize], out: &mut Vec<Diagnostic>) {
    let Some(lower) = cx.lower.get(block.range()) else {
        return;
    };
    for start in super::hits_in(ngay, block.range(), NGAY.needle().len()) {
        let before_ok = lower
            .get(..start)
            .and_then(|s| s.chars().next_back())
            .is_none_or(|c| !chars::is_alphanumeric(c));
        if !before_ok {
            continue;
        }
        let Some((f, len)) = spelled_at(lower.get(start..).unwrap_or_default()) else {
            continue;
        };
        let base = block.start as usize;
        let span = Span::new(base + start, base + start + len);
        let written = cx.text.get(span.range()).unwrap_or_default();
        if let Some(msg) = impossible(f, written) {
            out.push(
                Diagnostic::new(META.id, META.default_severity, span, msg)
                    .with_help(Message::new("date-invalid.help"))
                    .with_label(
                        span,
                        Message::new("date-invalid.label.date").arg("date", written),
                    ),
            );
        }
    }
}

static NGAY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("ngày"));

/// Parses `ngày D tháng M năm YYYY` at the start of `s`; returns the date and its byte length.
fn spelled_at(s: &str) -> Option<(Full, usize)> {
    let mut rest = s.strip_prefix("ngày")?;
    let day = number(&mut rest)?;
    rest = rest.trim_start().strip_prefix("tháng")?;
    let month = number(&mut rest)?;
    rest = rest.trim_start().strip_prefix("năm")?;
    let year = number(&mut rest)?;
    let f = Full {
        day,
        month,
        year: i32::try_from(year).ok()?,
    };
    (1900..=2200)
        .contains(&f.year)
        .then_some((f, s.len() - rest.len()))
}

/// Whitespace then 1–4 digits followed by a word boundary.
fn number(rest: &mut &str) -> Option<u32> {
    let t = rest.trim_start();
    if t.len() == rest.len() {
        return None;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let after = t.get(digits..)?;
    if after.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let n = t.get(..digits)?.parse().ok()?;
    *rest = after;
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_lengths_and_leap_years() {
        assert_eq!(days_in_month(2, 2024), Some(29));
        assert_eq!(days_in_month(2, 2025), Some(28));
        assert_eq!(days_in_month(2, 2000), Some(29));
        assert_eq!(days_in_month(2, 1900), Some(28));
        assert_eq!(days_in_month(4, 2025), Some(30));
        assert_eq!(days_in_month(22, 2023), None);
        assert_eq!(days_in_month(0, 2023), None);
    }

    #[test]
    fn cleaning_separators() {
        assert_eq!(cleaned("26/12//2024"), "26/12/2024");
        assert_eq!(cleaned("19/ 8/2025"), "19/8/2025");
    }

    #[test]
    fn spelled_dates() {
        let (f, len) = spelled_at("ngày 31 tháng 6 năm 2026 xyz").unwrap();
        assert_eq!((f.day, f.month, f.year), (31, 6, 2026));
        assert_eq!(len, "ngày 31 tháng 6 năm 2026".len());
        assert!(spelled_at("ngày   tháng 6 năm 2026").is_none());
    }

    /// The per-block search `check_spelled` did, kept as the oracle of `hits_in`.
    fn block_search_oracle(lower: &str, range: std::ops::Range<usize>) -> Vec<usize> {
        NGAY.find_iter(lower.get(range).unwrap().as_bytes())
            .collect()
    }

    use proptest::prelude::*;

    fn doc() -> impl Strategy<Value = (String, Vec<std::ops::Range<usize>>)> {
        let piece = prop::sample::select(vec![
            "ngày",
            "Ngày",
            "NGÀY",
            "ngày ",
            "ngàyngày",
            "ngà",
            "gày",
            "ngay",
            "tháng",
            "năm",
            "31",
            "6",
            "2026",
            " ",
            "  ",
            "\n",
            "-",
            "đến",
            "Việt",
            "H¹nh",
            "(",
            "”",
        ]);
        crate::rules::testing::doc(piece, 30, true)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn hits_in_match_block_search((text, blocks) in doc()) {
            let lower = crate::chars::lower_same_len(&text);
            let hits: Vec<usize> = NGAY.find_iter(lower.as_bytes()).collect();
            for r in blocks {
                let got: Vec<usize> = crate::rules::hits_in(&hits, r.clone(), NGAY.needle().len()).collect();
                prop_assert_eq!(got, block_search_oracle(&lower, r));
            }
        }
    }
}
