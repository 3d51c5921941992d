//! Baselines, per-file ignores, `--fix`/`--diff` and inline suppressions through the binary.

mod binary;
use binary::*;
use std::path::Path;

const SUM: &str =
    "Tổng diện tích gieo trồng đạt 100 ha, trong đó: diện tích lúa 60 ha; rau màu 30 ha.\n";

fn report(body: &str) -> String {
    format!("# Báo cáo\n\n{body}")
}

#[test]
fn baseline_accepts_recorded_findings_across_line_moves() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("r.md"), report(SUM)).unwrap();
    let o = run(&["check", "--format", "concise", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).lines().count(), 1);
    // Record.
    let o = run(
        &["check", "--baseline", "b.json", "--write-baseline", "r.md"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "recorded 1 finding in b.json\n");
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("b.json")).unwrap()).unwrap();
    assert_eq!(b["findings"][0]["path"], "r.md");
    assert_eq!(b["findings"][0]["rule"], "sum-mismatch");
    // Lines added above: still accepted.
    std::fs::write(
        d.path().join("r.md"),
        report(&format!("Mở đầu.\n\nThêm một đoạn.\n\n{SUM}")),
    )
    .unwrap();
    let o = run(
        &[
            "check",
            "--format",
            "concise",
            "--baseline",
            "b.json",
            "r.md",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
    // A new inconsistency is reported, the old one is not.
    let new = SUM.replace("100 ha", "95 ha");
    std::fs::write(d.path().join("r.md"), report(&format!("{SUM}\n{new}"))).unwrap();
    let o = run(
        &[
            "check",
            "--format",
            "concise",
            "--baseline",
            "b.json",
            "r.md",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("r.md:5:"), "{out}");
    // A missing or broken baseline is an error.
    let o = run(&["check", "--baseline", "none.json", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: none.json: cannot read baseline"));
    // --write-baseline needs --baseline.
    let o = run(&["check", "--write-baseline", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn per_file_ignores_in_config() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join("phu-luc")).unwrap();
    std::fs::write(d.path().join("r.md"), report(SUM)).unwrap();
    std::fs::write(d.path().join("phu-luc/p.md"), report(SUM)).unwrap();
    std::fs::write(
        d.path().join("doisoat.toml"),
        "[per-file-ignores]\n\"phu-luc/**\" = [\"sum-mismatch\"]\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "concise", "."], d.path());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("./r.md:3:"), "{out}");
    // From inside the subdirectory, the glob is still relative to the config.
    let o = run(
        &["check", "--format", "concise", "p.md"],
        &d.path().join("phu-luc"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A bad glob is a config error.
    std::fs::write(
        d.path().join("doisoat.toml"),
        "[per-file-ignores]\n\"[\" = [\"sum-mismatch\"]\n",
    )
    .unwrap();
    let o = run(&["check", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("per-file-ignores: bad glob `[`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn inline_suppression_through_the_cli() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("r.md"),
        report(&format!(
            "<!-- doisoat-disable-next-line sum-mismatch -->\n{SUM}"
        )),
    )
    .unwrap();
    let o = run(&["check", "--format", "concise", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    std::fs::write(
        d.path().join("r.txt"),
        report(&format!(
            "# doisoat-disable-next-line count-mismatch\n{SUM}"
        )),
    )
    .unwrap();
    let o = run(
        &["check", "--format", "concise", "--lang", "en", "r.txt"],
        d.path(),
    );
    assert_eq!(
        stdout(&o),
        // A `#` comment line is not part of the analysed text: an unused one is reported at
        // the start of the line it precedes.
        "r.txt:4:1: warning unused-suppression Suppression comment suppresses nothing: count-mismatch\n\
         r.txt:4:31: error sum-mismatch The parts add up to 90 ha, which does not match the total 100 ha\n"
    );
}

#[test]
fn fix_without_fixable_findings_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("r.md");
    std::fs::write(&p, report(SUM)).unwrap();
    let o = run(&["check", "--diff", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    let o = run(&["check", "--fix", "--format", "concise", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).lines().count(), 1);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), report(SUM));
    let o = run(&["check", "--fix", "--diff", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
}

/// Runs once the `encoding` rule (safe NFC and legacy-letter fixes) is merged; until then it
/// says so and checks nothing.
#[test]
fn fix_and_diff_with_the_encoding_rule() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !stdout(&run(&["rules"], repo))
        .lines()
        .any(|l| l.starts_with("encoding "))
    {
        println!("skipped: no `encoding` rule in this build");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("r.md");
    // Legacy "ƣ" for "ư", as in PDF extractions.
    let before = report("Ngƣời dân đồng thuận.\n");
    std::fs::write(&p, &before).unwrap();
    let o = run(&["check", "--diff", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "--- a/r.md\n+++ b/r.md\n@@ -1,3 +1,3 @@\n # Báo cáo\n \n-Ngƣời dân đồng thuận.\n+Người dân đồng thuận.\n"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), before);
    let o = run(&["check", "--fix", "r.md"], d.path());
    assert!(
        stderr(&o).starts_with("r.md: fixed 1 finding"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        report("Người dân đồng thuận.\n")
    );
}
