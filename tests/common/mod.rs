//! Helpers shared by the rule test files (`rules_core`, `rules_arith`, `rules_docs`,
//! `rules_docs2`): run the pipeline on a text and see its findings as a reader does.
//!
//! Each test file uses a part of this module; the rest is dead code there.
#![allow(dead_code)]

use doisoat::diagnostic::{Diagnostic, Severity};
use doisoat::messages::{render, Lang};
use doisoat::{analyze_str, Analysis, Settings};

pub const E: Severity = Severity::Error;
pub const W: Severity = Severity::Warning;

/// Owned (text under a label, label message) pairs.
pub fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Every rule on `text`, as the Markdown file `t.md`.
pub fn run(text: &str) -> Analysis {
    whole_and_parts("t.md", text)
}

/// `text` analysed whole, after checking that read in the smallest parts (a part before
/// every block that may start one, see `parse::parts`) gives the same findings.
pub fn whole_and_parts(name: &str, text: &str) -> Analysis {
    let whole = analyze_str(name, text, &Settings::default());
    let parted = Settings {
        part_bytes: Some(1),
        ..Settings::default()
    };
    let parts = analyze_str(name, text, &parted);
    assert_eq!(
        parts.diagnostics, whole.diagnostics,
        "{name}: read in parts, the findings differ"
    );
    whole
}

/// A fixture from `tests/fixtures/rules/`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/rules/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every rule on a fixture.
pub fn check(name: &str) -> Analysis {
    whole_and_parts(name, &fixture(name))
}

/// A finding as a reader sees it: rule, severity, message, help, and each label as
/// (source text under it, label message).
#[derive(Debug, PartialEq)]
pub struct Seen {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub labels: Vec<(String, String)>,
}

pub fn seen_one(a: &Analysis, d: &Diagnostic, lang: Lang) -> Seen {
    Seen {
        rule: d.rule,
        severity: d.severity,
        message: render(lang, &d.message),
        help: d.help.as_ref().map(|h| render(lang, h)).unwrap_or_default(),
        labels: d
            .labels
            .iter()
            .map(|l| {
                let r = a.source_range(l.span);
                (a.source.text[r].to_string(), render(lang, &l.message))
            })
            .collect(),
    }
}

/// Every finding, in `lang`.
pub fn seen(a: &Analysis, lang: Lang) -> Vec<Seen> {
    a.diagnostics.iter().map(|d| seen_one(a, d, lang)).collect()
}

/// Findings of one rule, in Vietnamese.
pub fn of(a: &Analysis, rule: &str) -> Vec<Seen> {
    a.diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .map(|d| seen_one(a, d, Lang::Vi))
        .collect()
}

pub fn diags<'a>(a: &'a Analysis, rule: &str) -> Vec<&'a Diagnostic> {
    a.diagnostics.iter().filter(|d| d.rule == rule).collect()
}

/// A finding of a rule run alone, in Vietnamese, with its fixes.
#[derive(Debug)]
pub struct Found {
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// (text under the label in the source, rendered label)
    pub labels: Vec<(String, String)>,
    /// (text replaced, replacement, safe)
    pub fixes: Vec<(String, String, bool)>,
}

/// The findings of `rule` when only `rule` is selected, on `text` as `case.md`.
pub fn findings(rule: &str, text: &str) -> Vec<Found> {
    let mut settings = Settings::default();
    settings.rules.select.insert(rule.to_string());
    let a = analyze_str("case.md", text, &settings);
    let src = |s| {
        text.get(a.source_range(s))
            .unwrap_or("<bad span>")
            .to_string()
    };
    a.diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .map(|d| Found {
            severity: d.severity,
            message: render(Lang::Vi, &d.message),
            help: d
                .help
                .as_ref()
                .map(|h| render(Lang::Vi, h))
                .unwrap_or_default(),
            labels: d
                .labels
                .iter()
                .map(|l| (src(l.span), render(Lang::Vi, &l.message)))
                .collect(),
            fixes: d
                .fixes
                .iter()
                .map(|f| (src(f.span), f.replacement.clone(), f.safe))
                .collect(),
        })
        .collect()
}

/// The one finding of `rule` in `text`.
pub fn one(rule: &str, text: &str) -> Found {
    let mut got = findings(rule, text);
    assert_eq!(
        got.len(),
        1,
        "expected one {rule} in {text:?}, got {got:#?}"
    );
    got.remove(0)
}

pub fn none(rule: &str, text: &str) {
    let got = findings(rule, text);
    assert!(
        got.is_empty(),
        "expected no {rule} in {text:?}, got {got:#?}"
    );
}

/// Exactly one finding of `rule`, with this severity and Vietnamese message.
pub fn expect_one(rule: &str, text: &str, severity: Severity, message: &str) -> Found {
    let f = one(rule, text);
    assert_eq!(f.severity, severity, "{text:?}: {f:#?}");
    assert_eq!(f.message, message, "{text:?}");
    f
}

/// [`expect_one`], and the finding's labels: (text under the label, rendered label).
pub fn expect_labelled(
    rule: &str,
    text: &str,
    severity: Severity,
    message: &str,
    expected_labels: &[(&str, &str)],
) -> Found {
    let f = expect_one(rule, text, severity, message);
    assert_eq!(f.labels, labels(expected_labels), "{text:?}");
    f
}

/// A page of PDF-extracted text in the style of corpus file 004: hard wraps, blank lines
/// between physical lines, and letters lost and replaced by spaces.
pub const DAMAGED: &str = "\
1. Thực hiện đồng bộ các nhiệm vụ, giải pháp phát triển kinh tế 

Năm 2025  thực hiện Nghị quyết của Hội đồng Nhân dân phường đề ra 17 

chỉ tiêu kinh tế - xã hội chủ yếu  trong đ     13/17 chỉ ti u đạt kế hoạch; có 03 

ti u  hí  hông đạt theo kế hoạch; tổng giá trị sản xuất tr n địa bàn tăng, 

thu nhập   nh quân đầu người tăng, trường mầm non, tiểu học, trung họ   ơ sở 

đạt chuẩn mứ  độ II; tổ dân phố văn hoá đạt kế hoạch (có phụ lục chi 

tiết kèm theo). Công tác  ải cách hành chính đượ    an tâm, chất  ượng 

phục vụ người dân được nâng l n  ĐND phường và   nh đạo  hỉ đạo sát sao. 

";

pub fn damaged(extra: &str) -> String {
    format!("{DAMAGED}{extra}\n")
}
