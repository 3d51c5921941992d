//! Inline suppressions: comments in the checked file that accept a finding.
//!
//! Markdown (and any file): HTML comments
//! `<!-- doisoat-disable-next-line rule-a, rule-b -->`, `<!-- doisoat-disable rule -->` …
//! `<!-- doisoat-enable rule -->`. Files that are not `*.md`: the same words after `#` at the
//! start of a line (`# doisoat-disable-next-line rule-a`). Without rule ids a comment applies
//! to every rule. Comments are read in the file as written (not the reflowed text), so their
//! lines are the lines a user sees.

use crate::diagnostic::{Diagnostic, Message};
use crate::engine::{Analysis, RuleSelection};
use crate::rules::unused_suppression;
use crate::span::Span;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NextLine,
    Disable,
    Enable,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: Kind,
    /// Rule ids named; empty means every rule.
    pub rules: Vec<String>,
    /// 1-based line of the comment in the decoded source.
    pub line: usize,
    /// Byte range of the comment in the decoded source.
    pub range: Range<usize>,
}

const NEXT_LINE: &str = "doisoat-disable-next-line";
const DISABLE: &str = "doisoat-disable";
const ENABLE: &str = "doisoat-enable";

/// Whether `#` comments are read for a file of this name (everything but Markdown).
pub fn hash_comments(name: &str) -> bool {
    !name.to_ascii_lowercase().ends_with(".md")
}

/// The comment that suppresses `rule` on the following line, for a file named `name`,
/// ending in a newline.
pub fn next_line_comment(name: &str, rule: &str) -> String {
    if hash_comments(name) {
        format!("# {NEXT_LINE} {rule}\n")
    } else {
        format!("<!-- {NEXT_LINE} {rule} -->\n")
    }
}

/// Reads `kind rules…` from the inside of a comment; None if it is not a directive.
fn directive_words(inner: &str) -> Option<(Kind, Vec<String>)> {
    let inner = inner.trim();
    let (kind, rest) = if let Some(r) = inner.strip_prefix(NEXT_LINE) {
        (Kind::NextLine, r)
    } else if let Some(r) = inner.strip_prefix(DISABLE) {
        (Kind::Disable, r)
    } else if let Some(r) = inner.strip_prefix(ENABLE) {
        (Kind::Enable, r)
    } else {
        return None;
    };
    // `doisoat-disabled` is not a directive.
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let rules = rest
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    Some((kind, rules))
}

/// Every suppression comment in `text`, in order. `line_of` gives the 1-based line of a byte
/// offset.
pub fn parse(name: &str, text: &str, line_of: impl Fn(usize) -> usize) -> Vec<Directive> {
    let mut out = Vec::new();
    // Every directive starts with `doisoat-`: a text without it (nearly all) is not scanned
    // line by line.
    if memchr::memmem::find(text.as_bytes(), b"doisoat-").is_none() {
        return out;
    }
    let hashes = hash_comments(name);
    let mut start = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let body = line.trim_end_matches(['\n', '\r']);
        let mut from = 0;
        while let Some(open) = body.get(from..).and_then(|r| r.find("<!--")) {
            let open = from + open;
            let inner_start = open + 4;
            let Some(close) = body.get(inner_start..).and_then(|r| r.find("-->")) else {
                break;
            };
            let close = inner_start + close;
            if let Some((kind, rules)) = body.get(inner_start..close).and_then(directive_words) {
                out.push(Directive {
                    kind,
                    rules,
                    line: line_of(start + open),
                    range: start + open..start + close + 3,
                });
            }
            from = close + 3;
        }
        if hashes {
            let trimmed = body.trim_start();
            if let Some(rest) = trimmed.strip_prefix('#') {
                if let Some((kind, rules)) = directive_words(rest) {
                    let at = start + (body.len() - trimmed.len());
                    out.push(Directive {
                        kind,
                        rules,
                        line: line_of(at),
                        range: at..start + body.len(),
                    });
                }
            }
        }
        start += line.len();
    }
    out
}

/// The text with every line that holds only a suppression comment removed, and a map from
/// the result back to `text`; None when there is no such line. The analysis runs on the
/// stripped text, so a comment never splits or joins the paragraph it annotates.
///
/// Only `#` lines of non-Markdown files are stripped: there a comment line inside a wrapped
/// paragraph would otherwise be joined into its text. A Markdown HTML comment stays: it is a
/// block of its own, and an unused one is then reported on its own line.
pub fn strip(name: &str, text: &str) -> Option<(String, crate::span::OffsetMap)> {
    if !hash_comments(name) {
        return None;
    }
    // Line numbers are not needed to find whole-line comments.
    let directives: Vec<Directive> = parse(name, text, |_| 0)
        .into_iter()
        .filter(|d| {
            text.get(d.range.clone())
                .is_some_and(|c| c.starts_with('#'))
        })
        .collect();
    if directives.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut map = crate::span::OffsetMap::default();
    let mut start = 0;
    let mut removed = false;
    for line in text.split_inclusive(['\n', '\r']) {
        let end = start + line.len();
        let body = line.trim();
        let whole = !body.is_empty()
            && directives.iter().any(|d| {
                d.range.start >= start
                    && d.range.end <= end
                    && text.get(d.range.clone()).is_some_and(|c| c.trim() == body)
            });
        if whole {
            removed = true;
        } else {
            map.push_copy(out.len(), start);
            out.push_str(line);
        }
        start = end;
    }
    if !removed {
        return None;
    }
    if out.is_empty() {
        map.push_copy(0, text.len());
    }
    Some((out, map))
}

/// The lines each `NextLine` directive applies to: the next line that is neither blank nor a
/// directive line.
fn next_line_targets(
    text: &str,
    directives: &[Directive],
    line_of: impl Fn(usize) -> usize,
) -> Vec<Option<usize>> {
    // Non-blank lines, by line number.
    let mut non_blank = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        if !line.trim().is_empty() {
            non_blank.push(line_of(start));
        }
        start += line.len();
    }
    let directive_lines: Vec<usize> = directives.iter().map(|d| d.line).collect();
    directives
        .iter()
        .map(|d| {
            if d.kind != Kind::NextLine {
                return None;
            }
            non_blank
                .iter()
                .copied()
                .find(|&l| l > d.line && !directive_lines.contains(&l))
        })
        .collect()
}

/// Removes suppressed findings from `a.diagnostics` and adds an `unused-suppression` finding
/// for each comment (or rule id in a comment) that suppressed nothing, when that rule is
/// enabled in `sel`.
pub fn apply(a: &mut Analysis, sel: &RuleSelection) {
    let (directives, targets) = {
        let line_of = |o: usize| a.source.line_col(o).0;
        let directives = parse(&a.source.name, &a.source.text, line_of);
        if directives.is_empty() {
            return;
        }
        let targets = next_line_targets(&a.source.text, &directives, line_of);
        (directives, targets)
    };
    // used[i][j]: directive i's rule j (or its single "all rules" slot) suppressed something.
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.rules.len().max(1)])
        .collect();
    let matches = |d: &Directive, rule: &str| -> Option<usize> {
        if d.rules.is_empty() {
            Some(0)
        } else {
            d.rules.iter().position(|r| r == rule)
        }
    };
    let mut keep = Vec::with_capacity(a.diagnostics.len());
    for diag in std::mem::take(&mut a.diagnostics) {
        let r = a.source_range(diag.span);
        let (l0, l1) = (a.source.line_col(r.start).0, a.source.line_col(r.end).0);
        let mut suppressed = false;
        // disable-next-line: the target line lies within the finding's lines.
        for (i, d) in directives.iter().enumerate() {
            if let (Kind::NextLine, Some(t)) = (d.kind, targets.get(i).copied().flatten()) {
                if (l0..=l1).contains(&t) {
                    if let Some(j) = matches(d, diag.rule) {
                        used[i][j] = true;
                        suppressed = true;
                    }
                }
            }
        }
        // disable … enable: the finding starts after the latest disable of its rule that no
        // later enable (before the finding) closed.
        let mut open: Option<(usize, usize)> = None;
        for (i, d) in directives.iter().enumerate() {
            if d.line >= l0 {
                break;
            }
            match d.kind {
                Kind::Disable => {
                    if let Some(j) = matches(d, diag.rule) {
                        open = Some((i, j));
                    }
                }
                Kind::Enable => {
                    if d.rules.is_empty() || d.rules.iter().any(|r| r == diag.rule) {
                        open = None;
                    }
                }
                Kind::NextLine => {}
            }
        }
        if let Some((i, j)) = open {
            used[i][j] = true;
            suppressed = true;
        }
        if !suppressed {
            keep.push(diag);
        }
    }
    a.diagnostics = keep;

    let id = unused_suppression::META.id;
    if !sel.enabled(id) {
        return;
    }
    let severity = sel
        .severity
        .get(id)
        .copied()
        .unwrap_or(unused_suppression::META.default_severity);
    let mut added = false;
    for (i, d) in directives.iter().enumerate() {
        if d.kind == Kind::Enable {
            continue;
        }
        let unused: Vec<&str> = if d.rules.is_empty() {
            if used[i].first().copied().unwrap_or(false) {
                continue;
            }
            vec![]
        } else {
            d.rules
                .iter()
                .zip(&used[i])
                .filter(|(r, &u)| !u && (crate::rules::find(r).is_none() || sel.enabled(r)))
                .map(|(r, _)| r.as_str())
                .collect()
        };
        if !d.rules.is_empty() && unused.is_empty() {
            continue;
        }
        let unknown: Vec<&str> = unused
            .iter()
            .copied()
            .filter(|r| crate::rules::find(r).is_none())
            .collect();
        let span = logical_span(a, d.range.clone());
        let rules = if unused.is_empty() {
            "*".to_string()
        } else {
            unused.join(", ")
        };
        let mut diag = Diagnostic::new(
            id,
            severity,
            span,
            Message::new("unused-suppression.message").arg("rules", &rules),
        );
        diag = diag.with_help(if unknown.is_empty() {
            Message::new("unused-suppression.help")
        } else {
            Message::new("unused-suppression.help-unknown").arg("rules", unknown.join(", "))
        });
        a.diagnostics.push(diag);
        added = true;
    }
    if added {
        a.diagnostics.sort_by(|x, y| {
            (x.span.start, x.span.end, x.rule).cmp(&(y.span.start, y.span.end, y.rule))
        });
    }
}

/// A logical-text span whose source range is `r`: the comment's text where the logical text
/// kept it, else the nearest logical offset that maps at or after the comment.
fn logical_span(a: &Analysis, r: Range<usize>) -> Span {
    let Some(comment) = a.source.text.get(r.clone()) else {
        return Span::default();
    };
    let logical = &a.prepared.text;
    for (s, _) in logical.match_indices(comment) {
        let span = Span::new(s, s + comment.len());
        if a.source_range(span).start == r.start {
            return span;
        }
    }
    // The layout stage rewrote or moved the comment: point at the first logical character
    // that maps at or after it.
    let mut best: Option<(usize, usize)> = None;
    for (i, _) in logical.char_indices() {
        let m = a.prepared.to_source.map_start(i);
        if m >= r.start && best.is_none_or(|(bm, _)| m < bm) {
            best = Some((m, i));
            if m == r.start {
                break;
            }
        }
    }
    match best {
        Some((_, i)) => Span::new(i, i),
        None => Span::new(logical.len(), logical.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> impl Fn(usize) -> usize + '_ {
        move |o| text.get(..o).map_or(1, |b| b.matches('\n').count() + 1)
    }

    #[test]
    fn parses_markdown_and_hash_forms() {
        let t = "a\n<!-- doisoat-disable-next-line sum-mismatch, count-mismatch -->\nb\n  # doisoat-disable\n<!--doisoat-enable x-->\n<!-- doisoat-disabled y -->\n# doisoat-enable-foo\n";
        let d = parse("r.txt", t, lines_of(t));
        assert_eq!(
            d,
            vec![
                Directive {
                    kind: Kind::NextLine,
                    rules: vec!["sum-mismatch".into(), "count-mismatch".into()],
                    line: 2,
                    range: 2..65,
                },
                Directive {
                    kind: Kind::Disable,
                    rules: vec![],
                    line: 4,
                    range: 70..87,
                },
                Directive {
                    kind: Kind::Enable,
                    rules: vec!["x".into()],
                    line: 5,
                    range: 88..111,
                },
            ]
        );
        // Whole-line comments are stripped before analysis; the map leads back.
        let (stripped, map) = strip("r.txt", t).unwrap();
        assert_eq!(
            stripped,
            "a\n<!-- doisoat-disable-next-line sum-mismatch, count-mismatch -->\nb\n<!--doisoat-enable x-->\n<!-- doisoat-disabled y -->\n# doisoat-enable-foo\n"
        );
        assert!(strip("r.md", t).is_none());
        let b = stripped.find("\nb").unwrap() + 1;
        assert_eq!(map.map_range(b..b + 1), 66..67);
        let x = stripped.find("x-->").unwrap();
        assert_eq!(&t[map.map_range(x..x + 4)], "x-->");
        assert_eq!(&t[66..67], "b");
        let y = stripped.find('y').unwrap();
        assert_eq!(&t[map.map_range(y..y + 1)], "y");
        assert!(strip("r.txt", "a\nb <!-- doisoat-disable x --> c\n").is_none());
        // `#` lines are headings in Markdown, not comments.
        let d = parse("r.md", t, lines_of(t));
        assert_eq!(d.len(), 2);
        assert_eq!(
            next_line_comment("a.md", "sum-mismatch"),
            "<!-- doisoat-disable-next-line sum-mismatch -->\n"
        );
        assert_eq!(
            next_line_comment("a.txt", "sum-mismatch"),
            "# doisoat-disable-next-line sum-mismatch\n"
        );
    }
}
