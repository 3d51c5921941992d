//! Fuzz smoke run (a few seconds, fixed seeds) and replay of every saved regression input.
//! The long runs are `fuzz/run.sh` (see `fuzz/README.md`); they use the same harness.

#[path = "../fuzz/harness.rs"]
mod harness;

use harness::{fuzz, regressions, run_one, Target};
use std::path::Path;
use std::time::Duration;

fn crash_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/crashes")
}

#[test]
fn regressions_stay_fixed() {
    for t in Target::ALL {
        for (path, input) in regressions(t) {
            if let Err(msg) = run_one(t, &input) {
                panic!("{} regression {} fails: {msg}", t.name(), path.display());
            }
        }
    }
}

#[test]
fn smoke_layout() {
    let s = fuzz(Target::Layout, 1, Duration::from_secs(3), 400, &crash_dir());
    assert!(s.failures.is_empty(), "{:?}", s.failures);
}

#[test]
fn smoke_tokens() {
    let s = fuzz(Target::Tokens, 2, Duration::from_secs(3), 400, &crash_dir());
    assert!(s.failures.is_empty(), "{:?}", s.failures);
}

#[test]
fn smoke_pipeline() {
    let s = fuzz(
        Target::Pipeline,
        3,
        Duration::from_secs(3),
        150,
        &crash_dir(),
    );
    assert!(s.failures.is_empty(), "{:?}", s.failures);
}

#[test]
fn smoke_lsp() {
    let s = fuzz(Target::Lsp, 4, Duration::from_secs(3), 60, &crash_dir());
    assert!(s.failures.is_empty(), "{:?}", s.failures);
}

#[test]
fn smoke_docx() {
    let s = fuzz(Target::Docx, 4, Duration::from_secs(3), 150, &crash_dir());
    assert!(s.failures.is_empty(), "{:?}", s.failures);
}

/// The long run: `FUZZ_TARGET=pipeline FUZZ_SECS=600 FUZZ_SEED=42 cargo test --release
/// --test fuzz_smoke -- --ignored --nocapture long_run`.
#[test]
#[ignore]
fn long_run() {
    let target = std::env::var("FUZZ_TARGET")
        .ok()
        .and_then(|t| Target::parse(&t))
        .unwrap_or(Target::Pipeline);
    let secs: u64 = std::env::var("FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(42);
    let s = fuzz(
        target,
        seed,
        Duration::from_secs(secs),
        u64::MAX,
        &crash_dir(),
    );
    println!(
        "fuzz target={} seed={seed} execs={} secs={:.1} execs/s={:.0} failures={}",
        target.name(),
        s.execs,
        s.elapsed.as_secs_f64(),
        s.execs as f64 / s.elapsed.as_secs_f64(),
        s.failures.len()
    );
    for (m, p) in &s.failures {
        println!("  {m} -> {}", p.display());
    }
    assert!(s.failures.is_empty());
}

/// Every input saved under `fuzz/crashes/` (local, not committed) passes once fixed:
/// `cargo test --test fuzz_smoke -- --ignored saved_crashes`.
#[test]
#[ignore]
fn saved_crashes() {
    let Ok(rd) = std::fs::read_dir(crash_dir()) else {
        return;
    };
    let mut failed = Vec::new();
    for p in rd.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let t = Target::parse(name.split('-').next().unwrap()).unwrap();
        if let Err(m) = run_one(t, &std::fs::read(&p).unwrap()) {
            failed.push(format!("{name}: {m}"));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// Replays one input: `FUZZ_TARGET=lsp FUZZ_INPUT=path cargo test --test fuzz_smoke -- --ignored --nocapture replay_one`.
#[test]
#[ignore]
fn replay_one() {
    let target = std::env::var("FUZZ_TARGET")
        .ok()
        .and_then(|t| Target::parse(&t))
        .unwrap_or(Target::Pipeline);
    let input = std::fs::read(std::env::var("FUZZ_INPUT").unwrap()).unwrap();
    if let Err(m) = run_one(target, &input) {
        panic!("{m}");
    }
}
