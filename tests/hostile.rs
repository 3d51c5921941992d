//! The hostile set of issue 6 at scale 1 (the 100 MB report is the benchmark's job:
//! `bench/linearity.sh`). Each case ends in a clean result or a clear error.

#[path = "../bench/hostile.rs"]
mod hostile;

use doisoat::render::{human, json, FileResult};
use doisoat::source::{InputError, SourceFile};
use doisoat::{analyze, Settings};

/// Decodes and checks `bytes`, renders the result; returns the number of findings or the error.
fn check(name: &str, bytes: &[u8]) -> Result<usize, InputError> {
    let src = SourceFile::from_bytes(name, bytes)?;
    let a = analyze(src, &Settings::default());
    let n = a.diagnostics.len();
    let results = vec![FileResult::Checked {
        path: name.into(),
        analysis: Box::new(a),
    }];
    assert!(!human::render_human(&results, &human::Options::default()).is_empty());
    assert!(json::render_json(&results, doisoat::messages::Lang::En).starts_with('{'));
    Ok(n)
}

#[test]
fn hostile_set_written_to_a_temp_dir() {
    let dir = tempfile::tempdir().unwrap();
    let paths = hostile::write_all(dir.path(), 1).unwrap();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        if name == "report.txt" {
            continue; // 10 MB: covered by bad_input's 50 MB report and the benchmark.
        }
        let r = check(&name, &bytes);
        match name.as_str() {
            "nul.txt" => assert_eq!(
                r,
                Err(InputError::Binary {
                    offset: bytes.len() - 1
                })
            ),
            // The million digits hold no claim that can be checked.
            "digits.txt" => assert_eq!(r, Ok(0), "{name}"),
            // 100 000 unclosed `(`: `unbalanced-delimiter` reports the first three only.
            "parens.txt" => assert_eq!(r, Ok(3), "{name}"),
            // A letter with every combining mark is one run not in NFC: one `encoding` finding.
            "combining.txt" => assert_eq!(r, Ok(1), "{name}"),
            _ => assert!(r.is_ok(), "{name}: {r:?}"),
        }
    }
}

#[test]
fn every_combining_mark_after_one_letter() {
    let s = hostile::all_combining_marks();
    assert_eq!(s.chars().count(), 1 + 112 + 80 + 64 + 48 + 16);
    // One `encoding` finding (text not in NFC), nothing else.
    assert_eq!(check("m.txt", s.as_bytes()), Ok(1));
}

#[test]
fn invalid_utf8_at_every_position_of_a_short_file() {
    let text = "Tổng số 10 hồ sơ, trong đó 4 hồ sơ, 6 hồ sơ.\r\n";
    let bytes = text.as_bytes();
    for i in 0..=bytes.len() {
        for bad in [0xFFu8, 0x80, 0xC3] {
            let mut b = bytes.to_vec();
            b.insert(i, bad);
            match SourceFile::from_bytes("bad.txt", &b) {
                Err(InputError::InvalidUtf8 { offset }) => {
                    // The offset is within a character of the inserted byte: a broken sequence
                    // starts earlier when the byte lands inside a multi-byte character, or
                    // later when it happens to extend a valid one (`E1 80 BB` is U+103B).
                    assert!(
                        offset.abs_diff(i) < 4,
                        "byte {bad:#x} at {i}: error at {offset}"
                    )
                }
                other => panic!("byte {bad:#x} at {i}: {other:?}"),
            }
        }
    }
}

#[test]
fn cr_only_line_ends_count_lines() {
    let text = "Dòng 1\rDòng 2\rTổng số 10 hồ sơ.\r";
    let src = SourceFile::from_bytes("cr.txt", text.as_bytes()).unwrap();
    assert_eq!(src.line_count(), 4);
    assert_eq!(src.line_col(text.find("Tổng").unwrap()), (3, 1));
    assert_eq!(check("cr.txt", text.as_bytes()), Ok(0));
}
