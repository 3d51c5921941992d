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

/// Classic Mac line ends: the report shows the lines around the finding with their numbers
/// (before: the whole file as one line numbered 1 with raw `\r`s, and the whole file handed
/// to miette per finding, quadratic in its size).
#[test]
fn cr_only_line_ends_render_as_lines() {
    let text = "Dòng 1\rDòng 2\rTổng số 10 hồ sơ, trong đó 4 hồ sơ, 5 hồ sơ.\rDòng 4\r";
    let src = SourceFile::from_bytes("cr.txt", text.as_bytes()).unwrap();
    let results = vec![FileResult::Checked {
        path: "cr.txt".into(),
        analysis: Box::new(analyze(src, &Settings::default())),
    }];
    let opts = human::Options {
        lang: doisoat::messages::Lang::En,
        ..human::Options::default()
    };
    let out = human::render_human(&results, &opts);
    assert_eq!(
        out,
        "sum-mismatch

  × The parts add up to 9, which does not match the total 10
   ╭─[cr.txt:3:9]
 2 │ Dòng 2
 3 │ Tổng số 10 hồ sơ, trong đó 4 hồ sơ, 5 hồ sơ.
   ·         ─┬                 ┬        ┬
   ·          │                 │        ╰── part 2: 5
   ·          │                 ╰── part 1: 4
   ·          ╰── total: 10
 4 │ Dòng 4
   ╰────
  help: 4 + 5 = 9, not 10

1 error, 0 warnings in 1 file
"
    );
    // The same text with `\n` renders the same report.
    let lf = text.replace('\r', "\n");
    let src = SourceFile::from_bytes("cr.txt", lf.as_bytes()).unwrap();
    let results = vec![FileResult::Checked {
        path: "cr.txt".into(),
        analysis: Box::new(analyze(src, &Settings::default())),
    }];
    assert_eq!(human::render_human(&results, &opts), out);
}

/// A `\r\n` file: the window around a finding ends before the `\r` (it used to keep it, and a
/// trailing lone `\r` switched the long-line cutting off); a mixed file counts every kind.
#[test]
fn crlf_and_mixed_line_ends_render_as_lines() {
    let text = "Dòng 1\r\nDòng 2\n\rTổng số 10 hồ sơ, trong đó 4 hồ sơ, 5 hồ sơ.\r\nDòng 5\r\n";
    let src = SourceFile::from_bytes("m.txt", text.as_bytes()).unwrap();
    let results = vec![FileResult::Checked {
        path: "m.txt".into(),
        analysis: Box::new(analyze(src, &Settings::default())),
    }];
    let opts = human::Options {
        lang: doisoat::messages::Lang::En,
        ..human::Options::default()
    };
    let out = human::render_human(&results, &opts);
    assert!(
        out.contains("╭─[m.txt:4:9]\n 3 │ \n 4 │ Tổng số 10"),
        "{out}"
    );
    assert!(out.contains(" 5 │ Dòng 5\n   ╰────"), "{out}");
    assert!(!out.contains('\r'), "{out:?}");
}
