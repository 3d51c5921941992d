//! One-line formats: `concise` (`path:line:col: severity rule message`), `github` (workflow
//! commands that GitHub Actions turns into annotations) and `--statistics` (counts per rule).
//!
//! Columns count Unicode scalar values, as in the JSON report.

use super::{position, FileResult};
use crate::diagnostic::Severity;
use crate::messages::{render, Lang};
use std::collections::BTreeMap;

/// `path:line:col: severity rule message`, one finding per line. Files that could not be read
/// are on stderr already and are not repeated here.
pub fn render_concise(results: &[FileResult], lang: Lang) -> String {
    let mut out = String::new();
    for r in results {
        let FileResult::Checked { path, analysis } = r else {
            continue;
        };
        for d in &analysis.diagnostics {
            let p = position(analysis, d.span);
            // A message is one line; a stray line break would split the record.
            let msg = render(lang, &d.message).replace(['\r', '\n'], " ");
            out.push_str(&format!(
                "{path}:{}:{}: {} {} {msg}\n",
                p.line,
                p.column,
                d.severity.as_str(),
                d.rule
            ));
        }
    }
    out
}

/// Escapes the message part of a workflow command (`::cmd props::message`).
pub fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=…`, `title=…`): like data, plus `:` and `,`, which would
/// end the value.
pub fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

fn github_command(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule::message` per finding; a file
/// that could not be read is one `::error file=…::…` line.
pub fn render_github(results: &[FileResult], lang: Lang) -> String {
    let mut out = String::new();
    for r in results {
        match r {
            FileResult::Failed { path, error } => out.push_str(&format!(
                "::error file={}::{}\n",
                escape_github_property(path),
                escape_github_data(error)
            )),
            FileResult::Checked { path, analysis } => {
                for d in &analysis.diagnostics {
                    let p = position(analysis, d.span);
                    let mut msg = render(lang, &d.message);
                    if let Some(h) = &d.help {
                        msg.push('\n');
                        msg.push_str(&render(lang, h));
                    }
                    out.push_str(&format!(
                        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        github_command(d.severity),
                        escape_github_property(path),
                        p.line,
                        p.column,
                        p.end_line,
                        p.end_column,
                        escape_github_property(d.rule),
                        escape_github_data(&msg)
                    ));
                }
            }
        }
    }
    out
}

/// Findings per rule, most frequent first (ties by rule id): `count  rule  severity`.
/// The severity column shows the highest severity the rule reported.
pub fn statistics(results: &[FileResult]) -> Vec<(&'static str, usize, Severity)> {
    let mut counts: BTreeMap<&'static str, (usize, Severity)> = BTreeMap::new();
    for r in results {
        if let FileResult::Checked { analysis, .. } = r {
            for d in &analysis.diagnostics {
                let e = counts.entry(d.rule).or_insert((0, d.severity));
                e.0 += 1;
                e.1 = e.1.max(d.severity);
            }
        }
    }
    let mut v: Vec<_> = counts.into_iter().map(|(r, (n, s))| (r, n, s)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// The statistics as aligned text, one rule per line.
pub fn render_statistics(results: &[FileResult]) -> String {
    let stats = statistics(results);
    let nw = stats
        .iter()
        .map(|s| s.1.to_string().len())
        .max()
        .unwrap_or(1);
    let rw = stats.iter().map(|s| s.0.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (rule, n, sev) in stats {
        out.push_str(&format!("{n:>nw$}  {rule:<rw$}  {}\n", sev.as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Message};
    use crate::engine::{analyze_str, Settings};
    use crate::span::Span;

    fn result(path: &str, text: &str, finds: &[(&'static str, Severity, &str)]) -> FileResult {
        let mut a = analyze_str(path, text, &Settings::default());
        a.diagnostics = finds
            .iter()
            .map(|(rule, sev, needle)| {
                let s = a.prepared.text.find(needle).unwrap();
                Diagnostic::new(
                    rule,
                    *sev,
                    Span::new(s, s + needle.len()),
                    Message::new("count-mismatch.message")
                        .arg("count", "5")
                        .arg("items", "4"),
                )
            })
            .collect();
        FileResult::Checked {
            path: path.into(),
            analysis: Box::new(a),
        }
    }

    const TEXT: &str = "Tiêu đề\n\nĐề ra 17 chỉ tiêu, gồm 5 việc.\n";

    #[test]
    fn concise_lines() {
        let r = [result(
            "d/báo cáo.md",
            TEXT,
            &[("count-mismatch", Severity::Error, "5 việc")],
        )];
        // "Đề ra 17 chỉ tiêu, gồm " is 23 characters: "5" is in column 24.
        assert_eq!(
            render_concise(&r, Lang::En),
            "d/báo cáo.md:3:24: error count-mismatch States 5 items but lists 4\n"
        );
    }

    #[test]
    fn github_escapes_properties_and_data() {
        assert_eq!(
            escape_github_data("50% a\r\nb: c, d"),
            "50%25 a%0D%0Ab: c, d"
        );
        assert_eq!(
            escape_github_property("50% a\r\nb: c, d"),
            "50%25 a%0D%0Ab%3A c%2C d"
        );
        let r = [
            result(
                "a,b:c.md",
                TEXT,
                &[
                    ("count-mismatch", Severity::Warning, "17 chỉ tiêu"),
                    ("count-mismatch", Severity::Info, "Tiêu"),
                ],
            ),
            FileResult::Failed {
                path: "x%.txt".into(),
                error: "not valid UTF-8 at byte 4".into(),
            },
        ];
        assert_eq!(
            render_github(&r, Lang::En),
            "::warning file=a%2Cb%3Ac.md,line=3,col=7,endLine=3,endColumn=18,title=count-mismatch::States 5 items but lists 4\n\
             ::notice file=a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=5,title=count-mismatch::States 5 items but lists 4\n\
             ::error file=x%25.txt::not valid UTF-8 at byte 4\n"
        );
    }

    #[test]
    fn github_help_goes_on_an_escaped_second_line() {
        let mut r = result("a.md", TEXT, &[("count-mismatch", Severity::Error, "5")]);
        if let FileResult::Checked { analysis, .. } = &mut r {
            analysis.diagnostics[0].help = Some(Message::new("no.such.key"));
        }
        let out = render_github(&[r], Lang::En);
        assert!(
            out.ends_with("::States 5 items but lists 4%0Ano.such.key\n"),
            "{out}"
        );
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn statistics_sorted_by_count_then_id() {
        let r = [
            result(
                "a.md",
                TEXT,
                &[
                    ("sum-mismatch", Severity::Warning, "Tiêu"),
                    ("count-mismatch", Severity::Warning, "17"),
                ],
            ),
            result(
                "b.md",
                TEXT,
                &[
                    ("sum-mismatch", Severity::Error, "5"),
                    ("zeta", Severity::Info, "5"),
                ],
            ),
        ];
        assert_eq!(
            statistics(&r),
            vec![
                ("sum-mismatch", 2, Severity::Error),
                ("count-mismatch", 1, Severity::Warning),
                ("zeta", 1, Severity::Info)
            ]
        );
        assert_eq!(
            render_statistics(&r),
            "2  sum-mismatch    error\n1  count-mismatch  warning\n1  zeta            info\n"
        );
        assert_eq!(render_statistics(&[]), "");
    }
}
