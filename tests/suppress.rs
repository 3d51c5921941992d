//! Inline suppressions on the sample report: what they hide, and unused ones reported.

use doisoat::engine::{analyze_str, Settings};

const EXAMPLE: &str = include_str!("../examples/bao-cao-mau.md");

/// The example with `insert` placed before its 1-based line `line`.
fn with_line(text: &str, line: usize, insert: &str) -> String {
    let mut out = String::new();
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            out.push_str(insert);
        }
        out.push_str(l);
    }
    out
}

/// `(rule, line)` of every finding.
fn findings(name: &str, text: &str, settings: &Settings) -> Vec<(&'static str, usize)> {
    let a = analyze_str(name, text, settings);
    a.diagnostics
        .iter()
        .map(|d| (d.rule, a.source.line_col(a.source_range(d.span).start).0))
        .collect()
}

#[test]
fn the_example_has_the_expected_findings_to_suppress() {
    let f = findings("r.md", EXAMPLE, &Settings::default());
    assert_eq!(f[0], ("complement-mismatch", 19));
    assert_eq!(f[1], ("count-mismatch", 19));
    assert_eq!(f[2], ("sum-mismatch", 29));
}

#[test]
fn next_line_suppresses_only_the_named_rules() {
    let base = findings("r.md", EXAMPLE, &Settings::default());
    let t = with_line(
        EXAMPLE,
        19,
        "<!-- doisoat-disable-next-line complement-mismatch -->\n\n",
    );
    let f = findings("r.md", &t, &Settings::default());
    // The comment and the blank line push everything after it down by two lines.
    let expected: Vec<_> = base
        .iter()
        .filter(|(r, l)| !(*r == "complement-mismatch" && *l == 19))
        .map(|&(r, l)| (r, if l >= 19 { l + 2 } else { l }))
        .collect();
    assert_eq!(f, expected);
    // Both rules, comma-separated.
    let t = with_line(
        EXAMPLE,
        19,
        "<!-- doisoat-disable-next-line complement-mismatch, count-mismatch -->\n",
    );
    let f = findings("r.md", &t, &Settings::default());
    assert!(!f.iter().any(|&(_, l)| l == 20), "{f:?}");
    assert_eq!(f.len(), base.len() - 2);
}

#[test]
fn unused_and_unknown_suppressions_are_reported() {
    let t = with_line(
        EXAMPLE,
        19,
        "<!-- doisoat-disable-next-line sum-mismatch, complement-mismatch, no-such-rule -->\n",
    );
    let a = analyze_str("r.md", &t, &Settings::default());
    let unused: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.rule == "unused-suppression")
        .collect();
    assert_eq!(unused.len(), 1);
    let d = unused[0];
    assert_eq!(d.severity, doisoat::diagnostic::Severity::Warning);
    assert_eq!(
        doisoat::messages::render(doisoat::messages::Lang::En, &d.message),
        "Suppression comment suppresses nothing: sum-mismatch, no-such-rule"
    );
    assert_eq!(
        doisoat::messages::render(doisoat::messages::Lang::En, d.help.as_ref().unwrap()),
        "there is no rule named no-such-rule; see `doisoat rules`"
    );
    // It points at the comment, line 19, column 1.
    let r = a.source_range(d.span);
    assert_eq!(a.source.line_col(r.start), (19, 1));
    assert!(a.source.text[r].starts_with("<!-- doisoat-disable-next-line"));
    // Ignoring the rule removes the report, not the suppression.
    let mut s = Settings::default();
    s.rules.ignore.insert("unused-suppression".into());
    let f = findings("r.md", &t, &s);
    assert!(!f.iter().any(|(r, _)| *r == "unused-suppression"));
    assert!(!f.contains(&("complement-mismatch", 20)));
    // A suppression of a rule that is switched off is not reported.
    let mut s = Settings::default();
    s.rules.ignore.insert("sum-mismatch".into());
    let a = analyze_str("r.md", &t, &s);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.rule == "unused-suppression")
        .unwrap();
    assert_eq!(
        doisoat::messages::render(doisoat::messages::Lang::En, &d.message),
        "Suppression comment suppresses nothing: no-such-rule"
    );
}

#[test]
fn disable_enable_regions() {
    let t = with_line(EXAMPLE, 29, "<!-- doisoat-disable sum-mismatch -->\n");
    let t = with_line(&t, 31, "<!-- doisoat-enable sum-mismatch -->\n");
    let base = findings("r.md", EXAMPLE, &Settings::default());
    let f = findings("r.md", &t, &Settings::default());
    assert!(!f.contains(&("sum-mismatch", 30)), "{f:?}");
    assert!(!f.iter().any(|(r, _)| *r == "unused-suppression"), "{f:?}");
    assert_eq!(f.len(), base.len() - 1);
    // Other rules inside the region, and everything after it, are still reported (two
    // comment lines shift them down by two).
    let expected: Vec<_> = base
        .iter()
        .filter(|&&(r, l)| !(r == "sum-mismatch" && l == 29))
        .map(|&(r, l)| (r, l + usize::from(l >= 29) + usize::from(l >= 30)))
        .collect();
    assert_eq!(f, expected);
    assert!(f.iter().any(|&(_, l)| l > 31), "{f:?}");
    // Without the enable, the region runs to the end of the file: a sum finding later on
    // is suppressed too.
    let t = with_line(EXAMPLE, 29, "<!-- doisoat-disable sum-mismatch -->\n");
    let t = with_line(
        &t,
        60,
        "Tổng diện tích gieo trồng đạt 100 ha, trong đó: diện tích lúa 60 ha; rau màu 30 ha.\n\n",
    );
    let f = findings("r.md", &t, &Settings::default());
    assert!(!f.iter().any(|(r, _)| *r == "sum-mismatch"), "{f:?}");
    let t2 = t.replacen("<!-- doisoat-disable sum-mismatch -->\n", "", 1);
    let f = findings("r.md", &t2, &Settings::default());
    assert_eq!(
        f.iter().filter(|(r, _)| *r == "sum-mismatch").count(),
        2,
        "{f:?}"
    );
    // An empty region is reported.
    let t = with_line(
        EXAMPLE,
        3,
        "<!-- doisoat-disable percent-base -->\n<!-- doisoat-enable percent-base -->\n",
    );
    let f = findings("r.md", &t, &Settings::default());
    assert_eq!(f.first(), Some(&("unused-suppression", 3)));
}

#[test]
fn hash_form_in_txt_files_only() {
    let t = with_line(
        EXAMPLE,
        19,
        "# doisoat-disable-next-line complement-mismatch\n",
    );
    let f = findings("r.txt", &t, &Settings::default());
    assert!(!f.contains(&("complement-mismatch", 20)), "{f:?}");
    assert!(f.contains(&("count-mismatch", 20)), "{f:?}");
    // In Markdown a `#` line is a heading.
    let f = findings("r.md", &t, &Settings::default());
    assert!(f.contains(&("complement-mismatch", 20)), "{f:?}");
}
