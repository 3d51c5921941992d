//! The stable JSON report (`--format json`), version 1. The schema is documented in
//! README.md; any change to field names or meaning needs a new `version`.
//!
//! Positions: `line`/`column` are 1-based, columns count Unicode scalar values in the decoded
//! text; `end_line`/`end_column` point just past the last character (exclusive); byte offsets
//! index the original file (so they include a UTF-8 BOM and count UTF-16 code units as bytes).

use super::{FileResult, Summary};
use crate::diagnostic::Diagnostic;
use crate::engine::Analysis;
use crate::messages::{render, Lang};
use crate::span::Span;
use serde::Serialize;

/// The schema version written as `"version"`.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub files: Vec<FileReport>,
    pub summary: SummaryReport,
}

#[derive(Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    /// Absent when the file could not be read (then `error` is present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Vec<DiagnosticReport>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DiagnosticReport {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub labels: Vec<LabelReport>,
}

#[derive(Debug, Serialize)]
pub struct LabelReport {
    pub message: String,
    pub byte_start: usize,
    pub byte_end: usize,
    pub line: usize,
}

#[derive(Debug, Serialize)]
pub struct SummaryReport {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that could not be read or decoded.
    pub failed: usize,
}

/// Builds the report value.
pub fn report(results: &[FileResult], lang: Lang) -> Report {
    let s = Summary::of(results);
    Report {
        version: VERSION,
        files: results
            .iter()
            .map(|r| match r {
                FileResult::Checked { path, analysis } => FileReport {
                    path: path.clone(),
                    diagnostics: Some(
                        analysis
                            .diagnostics
                            .iter()
                            .map(|d| diagnostic(analysis, d, lang))
                            .collect(),
                    ),
                    error: None,
                },
                FileResult::Failed { path, error } => FileReport {
                    path: path.clone(),
                    diagnostics: None,
                    error: Some(error.clone()),
                },
            })
            .collect(),
        summary: SummaryReport {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            failed: s.failed,
        },
    }
}

/// The report as pretty-printed JSON, ending in a newline.
pub fn render_json(results: &[FileResult], lang: Lang) -> String {
    let mut out = serde_json::to_string_pretty(&report(results, lang))
        // Serialising plain structs of strings and integers cannot fail.
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}

/// Positions of a logical span: decoded-text range, then original-file bytes and lines.
struct Located {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

fn locate(a: &Analysis, span: Span) -> Located {
    let r = a.source_range(span);
    let (line, column) = a.source.line_col(r.start);
    let (end_line, end_column) = a.source.line_col(r.end);
    let bytes = a.source.byte_range(r);
    Located {
        line,
        column,
        end_line,
        end_column,
        byte_start: bytes.start,
        byte_end: bytes.end,
    }
}

fn diagnostic(a: &Analysis, d: &Diagnostic, lang: Lang) -> DiagnosticReport {
    let at = locate(a, d.span);
    DiagnosticReport {
        rule: d.rule,
        severity: d.severity.as_str(),
        message: render(lang, &d.message),
        help: d.help.as_ref().map(|h| render(lang, h)),
        line: at.line,
        column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
        byte_start: at.byte_start,
        byte_end: at.byte_end,
        labels: d
            .labels
            .iter()
            .map(|l| {
                let at = locate(a, l.span);
                LabelReport {
                    message: render(lang, &l.message),
                    byte_start: at.byte_start,
                    byte_end: at.byte_end,
                    line: at.line,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Message, Severity};
    use crate::engine::{analyze, Settings};
    use crate::source::SourceFile;

    // Real catalogue keys, so `--lang` is seen to reach the catalogue; the expected texts
    // come from `messages::render`, whose wording the rules own.
    fn message() -> Message {
        Message::new("complement-mismatch.message")
            .arg("achieved", "13")
            .arg("missed", "03")
            .arg("sum", "16")
            .arg("total", "17")
    }

    fn help() -> Message {
        Message::new("complement-mismatch.help")
            .arg("achieved", "13")
            .arg("missed", "03")
            .arg("sum", "16")
            .arg("total", "17")
            .arg("expected_missed", "04")
    }

    fn label(n: usize) -> Message {
        Message::new("count-mismatch.label.item").arg("n", n)
    }

    /// Analyses `bytes` and attaches one hand-built diagnostic whose spans are found by
    /// searching the logical text, so the test does not depend on what the layout stage does
    /// to other lines.
    fn analysis_with(bytes: &[u8], primary: &str, labels: &[&str]) -> Analysis {
        let src = SourceFile::from_bytes("t.md", bytes).unwrap();
        let mut a = analyze(src, &Settings::default());
        let find = |needle: &str| {
            let s = a.prepared.text.find(needle).unwrap();
            Span::new(s, s + needle.len())
        };
        let mut d = Diagnostic::new(
            "complement-mismatch",
            Severity::Error,
            find(primary),
            message(),
        )
        .with_help(help());
        for (i, l) in labels.iter().enumerate() {
            d = d.with_label(find(l), label(i + 1));
        }
        a.diagnostics = vec![d];
        a
    }

    const TEXT: &str =
        "Tiêu đề\n\nĐề ra 17 chỉ tiêu, trong đó có 13/17 chỉ tiêu đạt; có 03 chỉ tiêu không đạt.\n";

    #[test]
    fn positions_on_a_vietnamese_line() {
        // "Tiêu đề": T i ê(2) u ' ' đ(2) ề(3) = 11 bytes, + 2 newlines: line 3 starts at 13.
        // Line 3: "Đề ra " = Đ(2) ề(3) ' ' r a ' ' = 9 bytes and 6 chars, so "17" is at column 7 and byte 13 + 9 = 22.
        let a = analysis_with(TEXT.as_bytes(), "17 chỉ tiêu,", &["13/17", "03"]);
        let r = report(
            &[FileResult::Checked {
                path: "t.md".into(),
                analysis: Box::new(a),
            }],
            Lang::Vi,
        );
        let d = &r.files[0].diagnostics.as_ref().unwrap()[0];
        assert_eq!((d.line, d.column), (3, 7));
        // "17 chỉ tiêu," = 12 chars → end column 7 + 12 = 19 (exclusive).
        assert_eq!((d.end_line, d.end_column), (3, 19));
        // "17 chỉ tiêu," = "17 "(3) + "chỉ"(5) + " "(1) + "tiêu"(5) + ","(1) = 15 bytes.
        assert_eq!((d.byte_start, d.byte_end), (22, 37));
        assert_eq!(d.rule, "complement-mismatch");
        assert_eq!(d.severity, "error");
        assert_eq!(d.message, render(Lang::Vi, &message()));
        assert_eq!(d.help, Some(render(Lang::Vi, &help())));
        // "13/17" follows "Đề ra 17 chỉ tiêu," (24 bytes) and " trong đó có " (1+5+1+4+1+3+1
        // = 16 bytes): 13 + 24 + 16 = 53.
        let line3 = 13;
        let pos = |s: &str| line3 + TEXT.lines().nth(2).unwrap().find(s).unwrap();
        assert_eq!(pos("13/17"), 53);
        assert_eq!(d.labels.len(), 2);
        assert_eq!(
            (
                d.labels[0].byte_start,
                d.labels[0].byte_end,
                d.labels[0].line
            ),
            (53, 58, 3)
        );
        assert_eq!(d.labels[0].message, render(Lang::Vi, &label(1)));
        assert_eq!(pos("03"), 83);
        assert_eq!(
            (
                d.labels[1].byte_start,
                d.labels[1].byte_end,
                d.labels[1].line
            ),
            (83, 85, 3)
        );
    }

    #[test]
    fn bom_shifts_bytes_not_columns() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(TEXT.as_bytes());
        let a = analysis_with(&bytes, "17 chỉ tiêu,", &["13/17"]);
        let r = report(
            &[FileResult::Checked {
                path: "t.md".into(),
                analysis: Box::new(a),
            }],
            Lang::En,
        );
        let d = &r.files[0].diagnostics.as_ref().unwrap()[0];
        assert_eq!((d.line, d.column, d.end_line, d.end_column), (3, 7, 3, 19));
        assert_eq!((d.byte_start, d.byte_end), (25, 40));
        assert_eq!((d.labels[0].byte_start, d.labels[0].byte_end), (56, 61));
        assert_eq!(d.labels[0].message, render(Lang::En, &label(1)));
        assert_eq!(d.message, render(Lang::En, &message()));
        assert_ne!(d.message, render(Lang::Vi, &message()));
    }

    #[test]
    fn whole_document_shape() {
        let a = analysis_with(TEXT.as_bytes(), "03", &[]);
        let results = vec![
            FileResult::Checked {
                path: "a.md".into(),
                analysis: Box::new(a),
            },
            FileResult::Failed {
                path: "b.txt".into(),
                error: "not valid UTF-8 at byte 4".into(),
            },
        ];
        let v: serde_json::Value = serde_json::from_str(&render_json(&results, Lang::Vi)).unwrap();
        let (msg, hlp) = (render(Lang::Vi, &message()), render(Lang::Vi, &help()));
        assert_eq!(
            v,
            serde_json::json!({
                "version": 1,
                "files": [
                    {"path": "a.md", "diagnostics": [{
                        "rule": "complement-mismatch",
                        "severity": "error",
                        "message": msg,
                        "help": hlp,
                        "line": 3, "column": 55, "end_line": 3, "end_column": 57,
                        "byte_start": 83, "byte_end": 85,
                        "labels": []
                    }]},
                    {"path": "b.txt", "error": "not valid UTF-8 at byte 4"}
                ],
                "summary": {"files": 2, "errors": 1, "warnings": 0, "infos": 0, "failed": 1}
            })
        );
    }
}
