//! Turning command-line paths into the list of inputs to check, and reading them.

use doisoat::source::{check_size, MAX_TEXT_BYTES};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The display name of standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// One input, in output order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// A path that cannot be checked (missing, unreadable directory); the message says why.
    Missing {
        path: String,
        error: String,
    },
}

impl Input {
    /// The name shown in reports: the path as given or discovered.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => STDIN_NAME.to_string(),
            Input::File(p) => p.display().to_string(),
            Input::Missing { path, .. } => path.clone(),
        }
    }

    /// The directory a config search starts from (made absolute so the walk reaches `/`).
    pub fn config_dir(&self) -> PathBuf {
        let dir = match self {
            Input::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            _ => PathBuf::new(),
        };
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        std::path::absolute(&dir).unwrap_or(dir)
    }
}

/// Expands paths: `-` is stdin, a directory yields its `*.txt`, `*.md` and `*.docx` files
/// recursively (sorted, hidden entries and Word lock files skipped), anything else is taken as
/// a file. Order: the paths as given, each directory's files sorted by path.
pub fn expand(paths: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                if let Err(e) = walk(&path, &mut found) {
                    out.push(Input::Missing {
                        path: p.clone(),
                        error: io_message(&e),
                    });
                }
                found.sort();
                out.extend(found.into_iter().map(Input::File));
            }
            Ok(_) => out.push(Input::File(path)),
            Err(e) => out.push(Input::Missing {
                path: p.clone(),
                error: io_message(&e),
            }),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // file_type does not follow symlinks, so a symlinked directory is never entered
        // (no cycles); a symlinked file is checked like a file.
        let ft = entry.file_type()?;
        if ft.is_dir() {
            walk(&path, out)?;
        } else if is_checked_extension(&path) && (ft.is_file() || path.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_checked_extension(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
        // `~$name.docx` is Word's lock file for an open document, not a document.
        || (doisoat::docx::is_docx_path(p)
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("~$")))
}

/// A short, stable wording of an I/O error (without the "(os error N)" suffix).
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s.get(..i).unwrap_or(&s).to_string(),
                None => s,
            }
        }
    }
}

/// Reads an input's bytes; the error is one line without the path.
pub fn read(input: &Input) -> Result<Vec<u8>, String> {
    match input {
        Input::Stdin => {
            // One byte past the limit is enough to refuse it without holding all of it.
            let limit = MAX_TEXT_BYTES as u64 + 1;
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read: {}", io_message(&e)))?;
            too_large(buf.len() as u64)?;
            Ok(buf)
        }
        Input::File(p) => {
            // Refused before it is read into memory.
            if let Ok(m) = std::fs::metadata(p) {
                too_large(m.len())?;
            }
            std::fs::read(p).map_err(|e| io_message(&e))
        }
        Input::Missing { error, .. } => Err(error.clone()),
    }
}

/// The error for an input longer than doisoat reads ([`MAX_TEXT_BYTES`]), as one line.
fn too_large(len: u64) -> Result<(), String> {
    check_size(len).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_over_4_gib_are_refused_before_reading() {
        assert_eq!(too_large(u64::from(u32::MAX)), Ok(()));
        assert_eq!(
            too_large(5_000_000_000),
            Err(
                "too large: 5000000000 bytes of text, and doisoat reads at most 4 GiB \
                 (4 294 967 295 bytes)"
                    .to_string()
            )
        );
    }

    #[test]
    fn directories_are_expanded_sorted_and_filtered() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        for f in [
            "b.md",
            "a.txt",
            "c.pdf",
            "sub/z.md",
            "sub/a.txt",
            ".hidden/x.md",
            "a/y.md",
            "d.DOCX",
            "~$d.docx",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let got: Vec<_> = expand(&[root.display().to_string()])
            .into_iter()
            .map(|i| match i {
                Input::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            got,
            ["a/y.md", "a.txt", "b.md", "d.DOCX", "sub/a.txt", "sub/z.md"]
        );
    }

    #[test]
    fn missing_paths_and_stdin_keep_their_place() {
        let got = expand(&["-".into(), "/no/such/file.md".into()]);
        assert_eq!(
            got,
            vec![
                Input::Stdin,
                Input::Missing {
                    path: "/no/such/file.md".into(),
                    error: "no such file or directory".into()
                }
            ]
        );
    }
}
