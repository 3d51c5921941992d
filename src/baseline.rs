//! Baselines: a file of accepted findings, so that a run reports only new ones.
//!
//! A finding is recorded as its file, its rule and a hash of the text of its main span with
//! whitespace collapsed (the claim as written), not its line: moving a paragraph or adding
//! lines above it keeps the finding accepted; editing the figures makes it new. Identical
//! findings in one file are counted, so a second copy of an accepted sentence is new.
//!
//! ```json
//! {"version": 1, "findings": [
//!   {"path": "bao-cao.md", "rule": "sum-mismatch", "hash": "9f0c…", "text": "1.526,4 ha, trong đó…"}
//! ]}
//! ```
//! Paths are relative to the baseline file's directory when the file lies under it.

use crate::diagnostic::Diagnostic;
use crate::engine::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    /// 16 hex digits: FNV-1a 64 of the normalised text.
    pub hash: String,
    /// The normalised text, cut to 80 characters, for people reading the file.
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineFile {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// FNV-1a, 64 bits: stable across platforms and Rust versions (std's hasher is not).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The finding's main-span text, whitespace runs collapsed to one space.
pub fn normalised_text(a: &Analysis, d: &Diagnostic) -> String {
    let raw = a.prepared.text.get(d.span.range()).unwrap_or("");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of a finding: hex FNV-1a of `rule`, NUL, normalised text.
pub fn fingerprint(rule: &str, text: &str) -> String {
    let mut bytes = Vec::with_capacity(rule.len() + 1 + text.len());
    bytes.extend_from_slice(rule.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(text.as_bytes());
    format!("{:016x}", fnv1a(&bytes))
}

/// How a checked path is written in the baseline: relative to `base` (the baseline's
/// directory, absolute) when under it, with `/` separators.
pub fn key_path(base: &Path, path: &str) -> String {
    let p = Path::new(path);
    let abs: PathBuf = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let rel = abs.strip_prefix(base).map(Path::to_path_buf).unwrap_or(abs);
    if rel.as_os_str().is_empty() || path == "<stdin>" {
        return path.to_string();
    }
    rel.to_string_lossy().replace('\\', "/")
}

/// Accepted findings, counted by (path, rule, hash).
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    base: PathBuf,
    counts: BTreeMap<(String, String, String), usize>,
}

impl Baseline {
    /// An empty baseline for a file at `file` (paths are keyed relative to its directory).
    pub fn empty(file: &Path) -> Baseline {
        let dir = file.parent().unwrap_or(Path::new("."));
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        Baseline {
            base: std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
            counts: BTreeMap::new(),
        }
    }

    /// Reads a baseline file; the error is one line.
    pub fn load(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read baseline: {e}", file.display()))?;
        let parsed: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a doisoat baseline: {e}", file.display()))?;
        if parsed.version != VERSION {
            return Err(format!(
                "{}: baseline version {} (expected {VERSION})",
                file.display(),
                parsed.version
            ));
        }
        let mut b = Baseline::empty(file);
        for e in parsed.findings {
            *b.counts.entry((e.path, e.rule, e.hash)).or_default() += 1;
        }
        Ok(b)
    }

    /// Removes from `a` the findings the baseline accepts (each accepted entry is used once);
    /// returns how many were removed.
    pub fn filter(&mut self, path: &str, a: &mut Analysis) -> usize {
        let key = key_path(&self.base, path);
        let before = a.diagnostics.len();
        let diags = std::mem::take(&mut a.diagnostics);
        for d in diags {
            let h = fingerprint(d.rule, &normalised_text(a, &d));
            let k = (key.clone(), d.rule.to_string(), h);
            match self.counts.get_mut(&k) {
                Some(n) if *n > 0 => *n -= 1,
                _ => a.diagnostics.push(d),
            }
        }
        before - a.diagnostics.len()
    }

    /// The baseline file's contents for these findings.
    pub fn record<'a>(&self, files: impl IntoIterator<Item = (&'a str, &'a Analysis)>) -> String {
        let mut findings = Vec::new();
        for (path, a) in files {
            let key = key_path(&self.base, path);
            for d in &a.diagnostics {
                let text = normalised_text(a, d);
                findings.push(Entry {
                    path: key.clone(),
                    rule: d.rule.to_string(),
                    hash: fingerprint(d.rule, &text),
                    text: text.chars().take(80).collect(),
                });
            }
        }
        let file = BaselineFile {
            version: VERSION,
            findings,
        };
        let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze_str, Settings};

    const REPORT: &str = "# Báo cáo\n\nTổng diện tích gieo trồng đạt 100 ha, trong đó: diện tích lúa 60 ha; rau màu 30 ha.\n";

    #[test]
    fn fingerprint_is_stable() {
        // Pinned: a change would invalidate every baseline users have written.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            fingerprint("r", "x y"),
            format!("{:016x}", fnv1a(b"r\0x y"))
        );
    }

    #[test]
    fn line_moves_keep_a_finding_accepted_and_edits_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        let path = dir.path().join("r.md").display().to_string();
        let a = analyze_str(&path, REPORT, &Settings::default());
        assert_eq!(a.diagnostics.len(), 1);
        let recorded = Baseline::empty(&file).record([(path.as_str(), &a)]);
        let v: serde_json::Value = serde_json::from_str(&recorded).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["findings"][0]["path"], "r.md");
        assert_eq!(v["findings"][0]["rule"], "sum-mismatch");
        std::fs::write(&file, &recorded).unwrap();

        // Three lines added above, and the paragraph re-wrapped: still accepted.
        let moved = REPORT
            .replace("# Báo cáo\n", "# Báo cáo\n\nMở đầu.\n\n")
            .replace(", trong đó:", ",  trong đó:");
        let mut a = analyze_str(&path, &moved, &Settings::default());
        assert_eq!(a.diagnostics.len(), 1);
        let mut b = Baseline::load(&file).unwrap();
        assert_eq!(b.filter(&path, &mut a), 1);
        assert!(a.diagnostics.is_empty());

        // The same sentence twice: one copy is accepted, the other is new.
        let twice = format!("{REPORT}\n{}", REPORT.lines().nth(2).unwrap());
        let mut a = analyze_str(&path, &twice, &Settings::default());
        assert_eq!(a.diagnostics.len(), 2);
        let mut b = Baseline::load(&file).unwrap();
        assert_eq!(b.filter(&path, &mut a), 1);
        assert_eq!(a.diagnostics.len(), 1);

        // Edited figures: a new finding.
        let edited = REPORT.replace("30 ha", "31 ha");
        let mut a = analyze_str(&path, &edited, &Settings::default());
        let mut b = Baseline::load(&file).unwrap();
        assert_eq!(b.filter(&path, &mut a), 0);
        assert_eq!(a.diagnostics.len(), 1);

        // Another file with the same text is not covered.
        let other = dir.path().join("s.md").display().to_string();
        let mut a = analyze_str(&other, REPORT, &Settings::default());
        let mut b = Baseline::load(&file).unwrap();
        assert_eq!(b.filter(&other, &mut a), 0);
    }

    #[test]
    fn bad_baselines_are_one_line_errors() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("b.json");
        std::fs::write(&f, "{\"version\": 2, \"findings\": []}").unwrap();
        let e = Baseline::load(&f).unwrap_err();
        assert!(e.ends_with("baseline version 2 (expected 1)"), "{e}");
        std::fs::write(&f, "[]").unwrap();
        assert!(Baseline::load(&f)
            .unwrap_err()
            .contains("not a doisoat baseline"));
        assert!(Baseline::load(&dir.path().join("none.json"))
            .unwrap_err()
            .contains("cannot read baseline"));
    }
}
