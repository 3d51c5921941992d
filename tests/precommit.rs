//! The pre-commit hook (`.pre-commit-hooks.yaml`), run by the real `pre-commit` tool via
//! `pre-commit try-repo`. Skipped, with one printed line, when `pre-commit` is not installed.
//!
//! pre-commit builds the hook with `cargo install` (release profile, here unoptimised).
//! `CARGO_TARGET_DIR` and `PRE_COMMIT_HOME` point under `target/` so later runs reuse the
//! build; the first run takes minutes.

use std::path::Path;
use std::process::Command;

const BAD: &str = "# Báo cáo\n\nTổng diện tích gieo trồng đạt 100 ha, trong đó: diện tích lúa 60 ha; rau màu 30 ha.\n";
const GOOD: &str = "# Báo cáo\n\nTổng diện tích gieo trồng đạt 100 ha, trong đó: diện tích lúa 60 ha; rau màu 40 ha.\n";

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn pre_commit_try_repo_fails_on_findings_and_passes_clean_files() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: pre-commit is not installed");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = repo.join("target");
    let d = tempfile::tempdir().unwrap();
    git(d.path(), &["init", "-q"]);
    git(d.path(), &["config", "user.email", "t@example.invalid"]);
    git(d.path(), &["config", "user.name", "t"]);
    std::fs::write(d.path().join("bad.md"), BAD).unwrap();
    std::fs::write(d.path().join("good.md"), GOOD).unwrap();
    std::fs::write(d.path().join("notes.rs"), "fn main() {}\n").unwrap();
    git(d.path(), &["add", "."]);
    let run = |files: &[&str]| {
        let mut c = Command::new("pre-commit");
        c.args(["try-repo", repo.to_str().unwrap(), "doisoat", "--files"])
            .args(files)
            .current_dir(d.path())
            .env("PRE_COMMIT_HOME", target.join("pre-commit-home"))
            .env("CARGO_TARGET_DIR", target.join("pre-commit-build"))
            // The hook's `cargo install` builds in release mode; unoptimised is enough to
            // test the hook and several times faster to build.
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
            .env_remove("NO_COLOR")
            .env("PRE_COMMIT_COLOR", "never");
        let o = c.output().unwrap();
        (
            o.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )
    };
    let (code, out) = run(&["bad.md", "good.md"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("doisoat"), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(out.contains("sum-mismatch"), "{out}");
    assert!(out.contains("bad.md"), "{out}");
    let (code, out) = run(&["good.md", "notes.rs"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Passed"), "{out}");
    // Only non-report files: the hook is skipped.
    let (code, out) = run(&["notes.rs"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Skipped"), "{out}");
}
