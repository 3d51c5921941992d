//! SARIF 2.1.0 (`--format sarif`), for code-scanning services.
//!
//! One run; `tool.driver.rules` lists every registered rule (id, summary as
//! `shortDescription`, the rule's documentation as `fullDescription`). Columns count Unicode
//! code points (`columnKind: unicodeCodePoints`), like the JSON report; `endColumn` is
//! exclusive as SARIF defines it. Secondary labels are `relatedLocations`; fixes (safe or
//! not, told apart by their description) are `fixes`. Files that could not be read are
//! `toolExecutionNotifications` of the invocation.

use super::{docs_url, position, rule_docs_url, source_position, FileResult};
use crate::diagnostic::Severity;
use crate::messages::{render, Lang};
use crate::rules;
use serde_json::{json, Value};

/// The schema URI written as `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: `/` separators, everything outside the unreserved set and `/`
/// percent-encoded (so Vietnamese names and spaces are valid), absolute paths as `file://`.
pub fn path_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut out = String::new();
    if p.starts_with('/') {
        out.push_str("file://");
    }
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rules_json() -> Vec<Value> {
    rules::registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            let docs = m.docs();
            let mut rule = json!({
                "id": m.id,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": docs, "markdown": docs},
                "defaultConfiguration": {"level": level(m.default_severity)},
            });
            if let (Some(uri), Some(obj)) = (rule_docs_url(m.id), rule.as_object_mut()) {
                obj.insert("helpUri".into(), uri.into());
            }
            rule
        })
        .collect()
}

fn region(p: &super::Position) -> Value {
    json!({
        "startLine": p.line,
        "startColumn": p.column,
        "endLine": p.end_line,
        "endColumn": p.end_column,
    })
}

fn physical(uri: &str, p: &super::Position) -> Value {
    json!({"artifactLocation": {"uri": uri}, "region": region(p)})
}

/// The SARIF log as a JSON value.
pub fn log(results: &[FileResult], lang: Lang) -> Value {
    let index_of = |id: &str| rules::registry().iter().position(|r| r.meta().id == id);
    let mut out = Vec::new();
    let mut notifications = Vec::new();
    for r in results {
        match r {
            FileResult::Failed { path, error } => notifications.push(json!({
                "level": "error",
                "message": {"text": error},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": path_uri(path)}}}],
            })),
            FileResult::Checked { path, analysis } => {
                let uri = path_uri(path);
                for d in &analysis.diagnostics {
                    let mut text = render(lang, &d.message);
                    if let Some(h) = &d.help {
                        text.push('\n');
                        text.push_str(&render(lang, h));
                    }
                    let related: Vec<Value> = d
                        .labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            json!({
                                "id": i,
                                "physicalLocation": physical(&uri, &position(analysis, l.span)),
                                "message": {"text": render(lang, &l.message)},
                            })
                        })
                        .collect();
                    let mut res = json!({
                        "ruleId": d.rule,
                        "level": level(d.severity),
                        "message": {"text": text},
                        "locations": [{"physicalLocation": physical(&uri, &position(analysis, d.span))}],
                    });
                    if let Some(i) = index_of(d.rule) {
                        res["ruleIndex"] = json!(i);
                    }
                    if !related.is_empty() {
                        res["relatedLocations"] = Value::Array(related);
                    }
                    let fixes: Vec<Value> = d
                        .fixes
                        .iter()
                        .map(|f| {
                            json!({
                                "description": {"text": if f.safe { "safe fix" } else { "suggestion: check before applying" }},
                                "artifactChanges": [{
                                    "artifactLocation": {"uri": uri},
                                    "replacements": [{
                                        "deletedRegion": region(&source_position(analysis, crate::fix::source_range_of(analysis, f))),
                                        "insertedContent": {"text": f.replacement},
                                    }],
                                }],
                            })
                        })
                        .collect();
                    if !fixes.is_empty() {
                        res["fixes"] = Value::Array(fixes);
                    }
                    out.push(res);
                }
            }
        }
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver()},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": out,
        }]
    })
}

/// The SARIF log, pretty-printed, ending in a newline.
pub fn render_sarif(results: &[FileResult], lang: Lang) -> String {
    let mut s = serde_json::to_string_pretty(&log(results, lang))
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

fn driver() -> serde_json::Value {
    let mut d = json!({
        "name": "doisoat",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules_json(),
    });
    if let (Some(uri), Some(obj)) = (docs_url(), d.as_object_mut()) {
        obj.insert("informationUri".into(), uri.into());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(path_uri("báo cáo/a.md"), "b%C3%A1o%20c%C3%A1o/a.md");
        assert_eq!(path_uri("/tmp/x y.txt"), "file:///tmp/x%20y.txt");
        assert_eq!(path_uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(path_uri("a\\b.md"), "a/b.md");
    }
}
