//! Stage 6 — renderers: human (miette), json.
//!
//! Renderers take the results of a whole run — one [`FileResult`] per input, in output order —
//! and return the text to print. They do no I/O.

pub mod human;
pub mod json;
pub mod lines;
pub mod sarif;

use crate::diagnostic::Severity;
use crate::engine::Analysis;
use crate::span::Span;

/// Where the rules' documentation lives online: the `homepage` of `Cargo.toml`, with one
/// anchor per rule id (`{homepage}#rule-id`). SARIF's `informationUri`/`helpUri` and the LSP
/// `codeDescription` use it. While the project has no public home, there is no link (a
/// guessed address would send users nowhere); `doisoat explain RULE` prints the docs.
pub fn docs_url() -> Option<&'static str> {
    Some(env!("CARGO_PKG_HOMEPAGE")).filter(|u| !u.is_empty())
}

/// The online docs of one rule, if the project has a home.
pub fn rule_docs_url(rule: &str) -> Option<String> {
    docs_url().map(|u| format!("{u}#{rule}"))
}

/// A span's position in the decoded source: 1-based lines, columns in Unicode scalar values,
/// end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// The position of a logical span in the file.
pub fn position(a: &Analysis, span: Span) -> Position {
    source_position(a, a.source_range(span))
}

/// The position of a range of the decoded source.
pub fn source_position(a: &Analysis, r: std::ops::Range<usize>) -> Position {
    let (line, column) = a.source.line_col(r.start);
    let (end_line, end_column) = a.source.line_col(r.end);
    Position {
        line,
        column,
        end_line,
        end_column,
    }
}

/// The outcome of checking one input.
#[derive(Debug)]
pub enum FileResult {
    /// The file was decoded and analysed.
    Checked {
        path: String,
        analysis: Box<Analysis>,
    },
    /// The file could not be read or decoded; `error` is one line without the path.
    Failed { path: String, error: String },
}

impl FileResult {
    pub fn path(&self) -> &str {
        match self {
            FileResult::Checked { path, .. } | FileResult::Failed { path, .. } => path,
        }
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs, including those that failed.
    pub files: usize,
    /// Inputs that could not be read or decoded.
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(results: &[FileResult]) -> Summary {
        let mut s = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for r in results {
            match r {
                FileResult::Failed { .. } => s.failed += 1,
                FileResult::Checked { analysis, .. } => {
                    for d in &analysis.diagnostics {
                        match d.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                    }
                }
            }
        }
        s
    }

    /// Findings at or above `level`.
    pub fn at_least(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }
}
