//! Running the built `doisoat` binary from the integration tests (`cli`, `docx`, `formats`,
//! `workflow`), independent of the caller's environment.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary, with `NO_COLOR` and `COLUMNS` removed: tests must not depend on the caller's
/// environment.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_doisoat"));
    c.env_remove("NO_COLOR").env_remove("COLUMNS");
    c
}

/// Runs the binary with `args` in `dir`.
pub fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The first file's diagnostics in `check --format json` output: (rule, severity, line,
/// message).
pub fn json_findings(v: &serde_json::Value) -> Vec<(String, String, u64, String)> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
