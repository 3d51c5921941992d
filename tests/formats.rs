//! `check --format sarif|github|concise` and `--statistics` on the built binary.

mod binary;
use binary::*;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> Option<PathBuf> {
    let p = repo().join("../shared/schemas/sarif-schema-2.1.0.json");
    p.exists().then_some(p)
}

const EXAMPLE: &str = "examples/bao-cao-mau.md";

#[test]
fn sarif_is_valid_against_the_schema_and_agrees_with_json() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("hỏng.txt");
    std::fs::write(&bad, b"abc\xff").unwrap();
    let o = run(
        &["check", "--format", "sarif", EXAMPLE, bad.to_str().unwrap()],
        repo(),
    );
    assert_eq!(o.status.code(), Some(2));
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();

    if let Some(p) = schema_path() {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let v = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let errors: Vec<String> = v
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // The validator does reject a broken log (so the check above can fail).
        let mut broken = sarif.clone();
        broken["runs"][0]["results"][0]["level"] = "fatal".into();
        assert!(!v.is_valid(&broken));
    } else {
        println!("skipped SARIF schema validation: ../shared/schemas not found");
    }

    let run0 = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(run0["tool"]["driver"]["name"], "doisoat");
    assert_eq!(run0["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let sum = rules.iter().find(|r| r["id"] == "sum-mismatch").unwrap();
    assert!(sum["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    let listed = stdout(&run(&["rules"], repo()));
    assert!(listed.contains(sum["shortDescription"]["text"].as_str().unwrap()));

    // Same findings, same regions as the JSON report.
    let j: serde_json::Value =
        serde_json::from_slice(&run(&["check", "--format", "json", EXAMPLE], repo()).stdout)
            .unwrap();
    let jd = j["files"][0]["diagnostics"].as_array().unwrap();
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), jd.len());
    assert!(results.len() >= 5);
    for (s, d) in results.iter().zip(jd) {
        assert_eq!(s["ruleId"], d["rule"]);
        assert_eq!(s["level"], d["severity"]);
        assert_eq!(
            rules[s["ruleIndex"].as_u64().unwrap() as usize]["id"],
            d["rule"]
        );
        let loc = &s["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], EXAMPLE);
        let r = &loc["region"];
        assert_eq!(
            (
                &r["startLine"],
                &r["startColumn"],
                &r["endLine"],
                &r["endColumn"]
            ),
            (&d["line"], &d["column"], &d["end_line"], &d["end_column"])
        );
        assert!(s["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(d["message"].as_str().unwrap()));
        let labels = d["labels"].as_array().unwrap();
        let related = s["relatedLocations"].as_array().map_or(0, |a| a.len());
        assert_eq!(related, labels.len());
        for (rl, l) in s["relatedLocations"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(labels)
        {
            assert_eq!(rl["message"]["text"], l["message"]);
            assert_eq!(rl["physicalLocation"]["region"]["startLine"], l["line"]);
        }
    }
    // The complement finding of the example: line 19, column 88.
    assert_eq!(results[0]["ruleId"], "complement-mismatch");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
        88
    );
    // The unreadable file is a notification, and the run is not successful.
    let inv = &run0["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["message"]["text"], "not valid UTF-8 at byte 3");
    assert!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/h%E1%BB%8Fng.txt")
    );
}

#[test]
fn concise_github_and_statistics_on_the_example() {
    let o = run(
        &["check", "--format", "concise", "--lang", "en", EXAMPLE],
        repo(),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("examples/bao-cao-mau.md:19:88: error complement-mismatch "),
        "{out}"
    );
    let o = run(&["check", "--format", "github", EXAMPLE], repo());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.starts_with(
        "::error file=examples/bao-cao-mau.md,line=19,col=88,endLine=19,endColumn=131,title=complement-mismatch::"
    ), "{out}");
    assert_eq!(
        out.lines().count(),
        stdout(&run(&["check", "--format", "concise", EXAMPLE], repo()))
            .lines()
            .count()
    );
    let o = run(&["check", "--statistics", EXAMPLE], repo());
    assert_eq!(o.status.code(), Some(1));
    let stats = stdout(&o);
    let counts: Vec<(usize, String)> = stats
        .lines()
        .map(|l| {
            let mut w = l.split_whitespace();
            (
                w.next().unwrap().parse().unwrap(),
                w.next().unwrap().to_string(),
            )
        })
        .collect();
    let total: usize = counts.iter().map(|c| c.0).sum();
    assert_eq!(total, out.lines().count());
    assert!(counts
        .windows(2)
        .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
}

/// A hand-built finding with a label and two fixes, rendered as SARIF and validated.
#[test]
fn sarif_fixes_and_labels_validate() {
    use doisoat::diagnostic::{Diagnostic, Fix, Message, Severity};
    use doisoat::render::{sarif, FileResult};
    use doisoat::span::Span;
    let mut a = doisoat::analyze_str(
        "d/r.md",
        "# đề\n\nTổng 3.125 ha.\n",
        &doisoat::Settings::default(),
    );
    let at = a.prepared.text.find("3.125").unwrap();
    let span = Span::new(at, at + 5);
    let tong = a.prepared.text.find("Tổng").unwrap();
    let mut d = Diagnostic::new("sum-mismatch", Severity::Warning, span, Message::new("x"))
        .with_label(Span::new(tong, tong + "Tổng".len()), Message::new("y"));
    d.fixes = vec![Fix::new(span, "3.215", false), Fix::new(span, "3125", true)];
    a.diagnostics = vec![d];
    let log = sarif::log(
        &[FileResult::Checked {
            path: "d/r.md".into(),
            analysis: Box::new(a),
        }],
        doisoat::messages::Lang::En,
    );
    let r = &log["runs"][0]["results"][0];
    assert_eq!(r["level"], "warning");
    // "Tổng " is 5 characters: "3.125" spans columns 6..11 of line 3.
    let region =
        serde_json::json!({"startLine": 3, "startColumn": 6, "endLine": 3, "endColumn": 11});
    assert_eq!(r["locations"][0]["physicalLocation"]["region"], region);
    assert_eq!(
        r["relatedLocations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 5})
    );
    let f = &r["fixes"][0];
    assert_eq!(
        f["description"]["text"],
        "suggestion: check before applying"
    );
    assert_eq!(
        f["artifactChanges"][0]["replacements"][0]["deletedRegion"],
        region
    );
    assert_eq!(
        f["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "3.215"
    );
    assert_eq!(r["fixes"][1]["description"]["text"], "safe fix");
    if let Some(p) = schema_path() {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let v = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let errors: Vec<String> = v.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    } else {
        println!("skipped SARIF schema validation: ../shared/schemas not found");
    }
}
