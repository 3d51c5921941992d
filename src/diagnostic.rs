//! Findings as values: what a rule reports, before it is localised and rendered.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// A localisable message: a key into `rules/messages.toml` and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Borrowed when static, as every rule's keys and argument names are: a big report holds
    /// labels by the hundred thousand, and owned names cost two allocations each.
    pub key: Cow<'static, str>,
    pub args: Vec<(Cow<'static, str>, String)>,
    /// A second sentence rendered after this one (e.g. what a reading assumed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<Box<Message>>,
}

impl Message {
    pub fn new(key: impl Into<Cow<'static, str>>) -> Self {
        Message {
            key: key.into(),
            args: Vec::new(),
            suffix: None,
        }
    }
    pub fn with_suffix(mut self, suffix: Message) -> Self {
        self.suffix = Some(Box::new(suffix));
        self
    }
    pub fn arg(mut self, name: impl Into<Cow<'static, str>>, value: impl ToString) -> Self {
        // Exact growth: a message has one to three arguments, and a first push would reserve
        // room for four; a big report holds labels by the ten thousand.
        self.args.reserve_exact(1);
        self.args.push((name.into(), value.to_string()));
        self
    }
}

/// A secondary location with its own message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: Message,
}

/// A text replacement that would fix a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// Where the fix applies in the logical text (and where to show it).
    pub span: Span,
    pub replacement: String,
    /// Safe fixes are applied by `--fix`; the others are only shown as suggestions.
    pub safe: bool,
    /// When set, `replacement` replaces exactly this byte range of the *decoded source* text,
    /// not the source range `span` maps to. Needed where the logical text no longer holds
    /// what is being fixed (the normaliser already turned `ƣ` into `ư` and NFD into NFC, so
    /// the fix must be computed on, and applied to, the original characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_range: Option<std::ops::Range<usize>>,
}

impl Fix {
    /// A fix on the logical text.
    pub fn new(span: Span, replacement: impl Into<String>, safe: bool) -> Self {
        Fix {
            span,
            replacement: replacement.into(),
            safe,
            source_range: None,
        }
    }
}

/// A finding, with spans in the document's logical text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Message,
    pub help: Option<Message>,
    /// The main location.
    pub span: Span,
    /// Every figure involved, each with what it stands for.
    pub labels: Vec<Label>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, severity: Severity, span: Span, message: Message) -> Self {
        Diagnostic {
            rule,
            severity,
            message,
            help: None,
            span,
            labels: Vec::new(),
            fixes: Vec::new(),
        }
    }
    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }
    pub fn with_label(mut self, span: Span, message: Message) -> Self {
        self.labels.push(Label { span, message });
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}
