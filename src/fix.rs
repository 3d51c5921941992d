//! Applying fixes: `check --fix` writes the safe ones, `--diff` shows them.
//!
//! Fix spans are in the logical text; they are mapped to the decoded source with
//! [`Analysis::source_range`] and applied there, so everything the layout stage changed
//! (reflowed lines, page numbers) stays as the user wrote it. A fix whose source range
//! overlaps one already taken is left for the next run, and the finding it belongs to is not
//! counted as fixed. Writing is atomic and refuses a file that changed since it was read.

use crate::diagnostic::{Diagnostic, Fix};
use crate::engine::Analysis;
use crate::source::{Encoding, SourceFile};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One replacement in the decoded source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
    /// Index of the finding in `Analysis::diagnostics`.
    pub diagnostic: usize,
}

/// The outcome of planning the fixes of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The decoded text with the safe fixes applied.
    pub text: String,
    /// The edits taken, in text order.
    pub applied: Vec<Edit>,
    /// Findings all of whose safe fixes were taken (indices into `diagnostics`).
    pub fixed: Vec<usize>,
    /// Unsafe fixes: shown as suggestions, never applied.
    pub suggestions: Vec<Edit>,
}

impl Plan {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// The decoded-source range a fix replaces: its own `source_range` when the rule gave one
/// (the logical text no longer holds the characters to fix), else where its span maps.
pub fn source_range_of(a: &Analysis, f: &Fix) -> Range<usize> {
    match &f.source_range {
        Some(r) => crate::engine::clamp_to_chars(&a.source.text, r.clone()),
        None => a.source_range(f.span),
    }
}

fn edits_of(a: &Analysis, i: usize, d: &Diagnostic, safe: bool) -> Vec<Edit> {
    d.fixes
        .iter()
        .filter(|f| f.safe == safe)
        .map(|f| Edit {
            range: source_range_of(a, f),
            replacement: f.replacement.clone(),
            diagnostic: i,
        })
        .collect()
}

/// Plans the safe fixes of `a`. A finding's fixes are taken all together or not at all.
pub fn plan(a: &Analysis) -> Plan {
    let mut applied: Vec<Edit> = Vec::new();
    let mut fixed = Vec::new();
    let mut suggestions = Vec::new();
    for (i, d) in a.diagnostics.iter().enumerate() {
        suggestions.extend(edits_of(a, i, d, false));
        let edits = edits_of(a, i, d, true);
        if edits.is_empty() {
            continue;
        }
        let overlaps = |e: &Edit, o: &Edit| {
            e.range.start < o.range.end && o.range.start < e.range.end
                // Two insertions at one point, or an insertion at a replaced range's edge,
                // would depend on order: treat as overlapping.
                || e.range.start == o.range.start
        };
        let clash = edits.iter().enumerate().any(|(k, e)| {
            applied.iter().any(|o| overlaps(e, o))
                || edits.iter().skip(k + 1).any(|o| overlaps(e, o))
        });
        if clash {
            continue;
        }
        applied.extend(edits);
        fixed.push(i);
    }
    applied.sort_by_key(|e| (e.range.start, e.range.end));
    let src = &a.source.text;
    let mut text = String::with_capacity(src.len());
    let mut at = 0;
    for e in &applied {
        // Source ranges are clamped to char boundaries, so these slices are whole.
        text.push_str(src.get(at..e.range.start).unwrap_or(""));
        text.push_str(&e.replacement);
        at = e.range.end;
    }
    text.push_str(src.get(at..).unwrap_or(""));
    Plan {
        text,
        applied,
        fixed,
        suggestions,
    }
}

/// `text` encoded as the file was: UTF-8 (with its BOM if it had one) or UTF-16 with BOM.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => {
            let mut v = vec![0xEF, 0xBB, 0xBF];
            v.extend_from_slice(text.as_bytes());
            v
        }
        Encoding::Utf16Le => {
            let mut v = vec![0xFF, 0xFE];
            v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            v
        }
        Encoding::Utf16Be => {
            let mut v = vec![0xFE, 0xFF];
            v.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            v
        }
    }
}

/// A unified diff (`--- a/path`, `+++ b/path`, 3 lines of context); empty when equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("changed since it was checked; not written")]
    Changed,
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
}

/// The contents of `path` still decode to `expected` (what was analysed).
pub fn unchanged(path: &Path, expected: &SourceFile) -> Result<Vec<u8>, WriteError> {
    let bytes = std::fs::read(path)?;
    match SourceFile::from_bytes(expected.name.clone(), &bytes) {
        Ok(s) if s.text == expected.text && s.encoding == expected.encoding => Ok(bytes),
        _ => Err(WriteError::Changed),
    }
}

/// Replaces `path`'s contents with `new` atomically: a temporary file in the same directory,
/// the original's permissions, then a rename. `original` is what the file held when it was
/// read; if the file no longer holds it (or its modification time moved) just before the
/// rename, nothing is written. A symlink is followed: its target is replaced.
pub fn write_atomic(path: &Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    use std::io::Write;
    let target: PathBuf = std::fs::canonicalize(path)?;
    let before = std::fs::metadata(&target)?;
    if std::fs::read(&target)? != original {
        return Err(WriteError::Changed);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.doisoat-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(new)?;
        f.set_permissions(before.permissions())?;
        f.sync_all()?;
        drop(f);
        let now = std::fs::metadata(&target)?;
        if now.modified().ok() != before.modified().ok()
            || now.len() != before.len()
            || std::fs::read(&target)? != original
        {
            return Err(WriteError::Changed);
        }
        std::fs::rename(&tmp, &target)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Message, Severity};
    use crate::engine::{analyze, Settings};
    use crate::span::Span;

    /// An analysis of `bytes` with one finding per `(needle, replacement, safe)`, its fix
    /// replacing the needle's first occurrence in the logical text.
    fn with_fixes(name: &str, bytes: &[u8], fixes: &[(&str, &str, bool)]) -> Analysis {
        let src = SourceFile::from_bytes(name, bytes).unwrap();
        let mut a = analyze(src, &Settings::default());
        a.diagnostics = fixes
            .iter()
            .map(|(needle, rep, safe)| {
                let s = a.prepared.text.find(needle).unwrap();
                let span = Span::new(s, s + needle.len());
                let mut d =
                    Diagnostic::new("sum-mismatch", Severity::Warning, span, Message::new("x"));
                d.fixes.push(Fix::new(span, *rep, *safe));
                d
            })
            .collect();
        a
    }

    #[test]
    fn safe_fixes_apply_in_the_source_and_unsafe_ones_are_suggestions() {
        // "Tổng" is written decomposed (NFD) in the source: the logical text is NFC, and the
        // fix must replace the source's bytes for it.
        let src = "Tiêu đề\n\nTo\u{302}\u{309}ng 3.215 ha, lúa 2.000 ha.\n";
        let a = with_fixes(
            "r.md",
            src.as_bytes(),
            &[
                ("Tổng", "Tổng số", true),
                ("3.215", "3.315", false),
                ("2.000", "2.001", true),
            ],
        );
        let p = plan(&a);
        assert_eq!(p.text, "Tiêu đề\n\nTổng số 3.215 ha, lúa 2.001 ha.\n");
        assert_eq!(p.fixed, vec![0, 2]);
        assert_eq!(p.applied.len(), 2);
        // "Tiêu đề\n\n" is 13 bytes; the NFD "Tổng" starts there.
        assert_eq!(p.applied[0].range.start, 13);
        assert_eq!(&src[p.applied[0].range.clone()], "To\u{302}\u{309}ng");
        assert_eq!(p.suggestions.len(), 1);
        assert_eq!(&src[p.suggestions[0].range.clone()], "3.215");
        assert_eq!(p.suggestions[0].replacement, "3.315");
    }

    #[test]
    fn a_source_range_wins_over_the_span() {
        let src = "Tiêu đề\n\nNgƣời dân.\n";
        let mut a = with_fixes("r.md", src.as_bytes(), &[("dân", "x", true)]);
        let at = src.find('ƣ').unwrap();
        a.diagnostics[0].fixes[0].source_range = Some(at..at + 'ƣ'.len_utf8());
        a.diagnostics[0].fixes[0].replacement = "ư".into();
        assert_eq!(plan(&a).text, "Tiêu đề\n\nNgười dân.\n");
    }

    #[test]
    fn overlapping_fixes_are_left_for_the_next_run() {
        let a = with_fixes(
            "r.md",
            "Tiêu đề\n\nabc def ghi\n".as_bytes(),
            &[
                ("abc def", "X", true),
                ("def ghi", "Y", true),
                ("ghi", "Z", true),
            ],
        );
        let p = plan(&a);
        assert_eq!(p.text, "Tiêu đề\n\nX Z\n");
        assert_eq!(p.fixed, vec![0, 2]);
    }

    #[test]
    fn encodings_round_trip() {
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let bytes = encode("Tổng số\r\n", enc);
            let s = SourceFile::from_bytes("x", &bytes).unwrap();
            assert_eq!((s.text.as_str(), s.encoding), ("Tổng số\r\n", enc));
        }
    }

    #[test]
    fn diff_is_unified() {
        assert_eq!(unified_diff("a.md", "x\n", "x\n"), "");
        assert_eq!(
            unified_diff("a.md", "x\ny\nz\n", "x\nY\nz\n"),
            "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n x\n-y\n+Y\n z\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions_and_refuses_changed_files() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.md");
        std::fs::write(&p, "old\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"old\n", b"new\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new\n");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // The file now holds "new", not the "old" the caller read: refused, untouched.
        let e = write_atomic(&p, b"old\n", b"newer\n").unwrap_err();
        assert!(matches!(e, WriteError::Changed));
        assert_eq!(std::fs::read(&p).unwrap(), b"new\n");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("r.md")]);
        // Through a symlink, the target is replaced and the link kept.
        let l = d.path().join("link.md");
        std::os::unix::fs::symlink(&p, &l).unwrap();
        write_atomic(&l, b"new\n", b"via link\n").unwrap();
        assert!(std::fs::symlink_metadata(&l)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&p).unwrap(), b"via link\n");
    }
}
