//! Stage 6 — renderers: human (miette), json.
//!
//! Renderers take the results of a whole run — one [`FileResult`] per input, in output order —
//! and return the text to print. They do no I/O.

pub mod human;
pub mod json;

use crate::diagnostic::Severity;
use crate::engine::Analysis;

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
