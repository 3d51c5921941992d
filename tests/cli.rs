//! Tests on the built `doisoat` binary.

mod binary;
use binary::*;
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

const CLEAN: &str = "Năm 2025, xã đề ra 17 chỉ tiêu, trong đó có 13/17 chỉ tiêu đạt kế hoạch; \
có 04 chỉ tiêu không đạt, gồm: (1) thu ngân sách; (2) giảm nghèo; (3) trồng rừng; (4) chợ.\n";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Findings on the clean twin `examples/bao-cao-mau-sach.md` that are false alarms of the
/// current rules: (rule, severity, line). The twin is consistent, so each entry is a rule bug
/// to fix, after which the entry must be removed (the comparison is exact, so a fix and a new
/// false alarm are both noticed). When the list is empty the run must exit 0.
const FALSE_ALARMS_ON_CLEAN_TWIN: &[(&str, &str, u64)] = &[
    // None left. Fixed so far: `sum-mismatch` reading `2 tầng 8 phòng` inside a list item as
    // parts of `04 dự án` (line 45), `product-mismatch` counting a written `x 12 tháng` twice
    // (line 71), `count-mismatch` reading a three-grade breakdown as a list (line 77).
];

/// The deliberate inconsistencies of `examples/bao-cao-mau.md` (see examples/README.md) that
/// the current rules report. Not yet reported: (c) `521/522 … đạt 99,9%` (line 62,
/// percent-mismatch) and (d) `05 thôn … gồm:` four names (line 40, count-mismatch); (f), (g),
/// (h) wait for the document rules.
const FOUND_IN_EXAMPLE: &[(&str, &str, u64)] = &[
    ("complement-mismatch", "error", 19),
    ("count-mismatch", "error", 19),
    ("sum-mismatch", "error", 29),
    ("count-mismatch", "error", 40),
    // (h): `thôn Hoà Lạc` beside `thôn Hòa Lạc` on line 40.
    ("name-variant", "warning", 45),
    ("percent-mismatch", "error", 62),
    ("percent-base", "error", 77),
    // (f) 31/4/2025: April has 30 days.
    ("date-invalid", "error", 46),
    // (g) 12 mô hình²: the document has note ¹ only.
    ("footnote-orphan", "error", 89),
];

fn findings(v: &serde_json::Value) -> Vec<(String, String, u64)> {
    json_findings(v)
        .into_iter()
        .map(|(rule, severity, line, _)| (rule, severity, line))
        .collect()
}

fn sorted(list: &[&[(&str, &str, u64)]]) -> Vec<(String, String, u64)> {
    let mut v: Vec<_> = list
        .iter()
        .flat_map(|l| l.iter())
        .map(|(r, s, l)| (r.to_string(), s.to_string(), *l))
        .collect();
    v.sort_by(|a, b| (a.2, &a.0).cmp(&(b.2, &b.0)));
    v
}

#[test]
fn clean_example_has_no_findings_beyond_known_false_alarms() {
    let o = run(
        &["check", "--format", "json", "examples/bao-cao-mau-sach.md"],
        repo(),
    );
    let v = json(&o);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"][0]["path"], "examples/bao-cao-mau-sach.md");
    assert_eq!(findings(&v), sorted(&[FALSE_ALARMS_ON_CLEAN_TWIN]));
    let expected_status = if FALSE_ALARMS_ON_CLEAN_TWIN.is_empty() {
        0
    } else {
        1
    };
    assert_eq!(o.status.code(), Some(expected_status), "{}", stderr(&o));
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["failed"], 0);
}

#[test]
fn example_report_findings() {
    let o = run(
        &["check", "--format", "json", "examples/bao-cao-mau.md"],
        repo(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        findings(&v),
        sorted(&[FOUND_IN_EXAMPLE, FALSE_ALARMS_ON_CLEAN_TWIN])
    );
    // The headline finding, positioned in the original file: line 19 is the 13/17 sentence.
    let d = &v["files"][0]["diagnostics"][0];
    let text = std::fs::read_to_string(repo().join("examples/bao-cao-mau.md")).unwrap();
    let start = d["byte_start"].as_u64().unwrap() as usize;
    let end = d["byte_end"].as_u64().unwrap() as usize;
    assert!(text.get(start..end).is_some(), "span on char boundaries");
    let line19 = text.lines().nth(18).unwrap();
    let line_start = text.find(line19).unwrap();
    let col = d["column"].as_u64().unwrap() as usize;
    // The column counts characters: the byte offset of that character is byte_start.
    let byte_of_col = line_start + line19.char_indices().nth(col - 1).map(|(i, _)| i).unwrap();
    assert_eq!(byte_of_col, start);
}

#[test]
fn clean_file_human_output_is_the_summary_line() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), CLEAN).unwrap();
    let o = run(&["check", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "0 lỗi, 0 cảnh báo trong 1 tệp\n");
    assert_eq!(stderr(&o), "");
    let o = run(&["check", "--lang", "en", "a.md"], d.path());
    assert_eq!(stdout(&o), "0 errors, 0 warnings in 1 file\n");
}

#[test]
fn invalid_utf8_is_exit_2_naming_file_and_offset_and_others_are_still_checked() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("good.md"), CLEAN).unwrap();
    // "Xã " is 4 bytes (ã is two), then a lone continuation byte.
    std::fs::write(d.path().join("bad.txt"), b"X\xc3\xa3 \x80abc").unwrap();
    let o = run(
        &["check", "--format", "json", "bad.txt", "good.md"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: bad.txt: not valid UTF-8 at byte 4\n");
    let v = json(&o);
    assert_eq!(
        v["files"],
        serde_json::json!([
            {"path": "bad.txt", "error": "not valid UTF-8 at byte 4"},
            {"path": "good.md", "diagnostics": []}
        ])
    );
    assert_eq!(v["summary"]["failed"], 1);
    // Human format: the error on stderr, the summary counts both files.
    let o = run(&["check", "bad.txt", "good.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: bad.txt: not valid UTF-8 at byte 4\n");
    assert_eq!(
        stdout(&o),
        "0 lỗi, 0 cảnh báo trong 1 tệp; 1 tệp không đọc được\n"
    );
}

#[test]
fn binary_file_is_an_input_error() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("x.txt"), b"abc\0\x01\x02").unwrap();
    let o = run(&["check", "x.txt"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: x.txt: binary data (NUL byte) at byte 3\n"
    );
}

/// A file over 4 GiB (sparse: it takes no disk) is refused before it is read.
#[test]
fn file_over_4_gib_is_an_input_error() {
    let d = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(d.path().join("big.txt")).unwrap();
    f.set_len(5_000_000_000).unwrap();
    let o = run(&["check", "big.txt"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: big.txt: too large: 5000000000 bytes of text, and doisoat reads at most \
         4 GiB (4 294 967 295 bytes)\n"
    );
}

#[test]
fn missing_path_is_named() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), CLEAN).unwrap();
    let o = run(&["check", "nope.md", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: nope.md: no such file or directory\n");
    assert_eq!(
        stdout(&o),
        "0 lỗi, 0 cảnh báo trong 1 tệp; 1 tệp không đọc được\n"
    );
}

#[test]
fn empty_file_is_clean() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("e.md"), b"").unwrap();
    let o = run(&["check", "--format", "json", "e.md"], d.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["files"][0]["diagnostics"], serde_json::json!([]));
}

#[test]
fn directories_are_searched_recursively_in_sorted_order() {
    let d = tempfile::tempdir().unwrap();
    for f in [
        "docs/b.md",
        "docs/a.txt",
        "docs/sub/c.md",
        "docs/skip.pdf",
        "docs/.git/x.md",
    ] {
        let p = d.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, CLEAN).unwrap();
    }
    let o = run(&["check", "--format", "json", "docs"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let paths: Vec<String> = json(&o)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["docs/a.txt", "docs/b.md", "docs/sub/c.md"]);
    // No path means the current directory.
    let o = run(&["check", "--format", "json"], &d.path().join("docs"));
    assert_eq!(json(&o)["summary"]["files"], 3);
}

#[test]
fn stdin_is_read_for_dash() {
    let mut child = bin()
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(CLEAN.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(v["files"][0]["diagnostics"], serde_json::json!([]));
}

#[test]
fn unknown_rule_in_select_or_ignore_is_exit_2() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), CLEAN).unwrap();
    let o = run(
        &["check", "--select", "complement-mismatch,nope", "a.md"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.starts_with("error: --select: unknown rule id `nope`; known rules: "),
        "{e}"
    );
    assert!(e.contains("complement-mismatch") && e.contains("count-mismatch"));
    assert_eq!(stdout(&o), "");
    let o = run(&["check", "--ignore", "nah", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: --ignore: unknown rule id `nah`"));
    // Known ids are accepted.
    let o = run(
        &[
            "check",
            "--select",
            "complement-mismatch",
            "--ignore",
            "count-mismatch",
            "a.md",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--lang", "fr"],
        &["check", "--fail-on", "info"],
        &["frobnicate"],
    ] {
        let o = run(args, d.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn config_is_discovered_upwards() {
    let d = tempfile::tempdir().unwrap();
    let deep = d.path().join("a/b/c");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("r.md"), CLEAN).unwrap();
    std::fs::write(d.path().join("other.md"), CLEAN).unwrap();
    // A config two levels up with an unknown rule id proves it was found and read.
    std::fs::write(
        d.path().join("a/doisoat.toml"),
        "ignore = [\"no-such-rule\"]\n",
    )
    .unwrap();
    let o = run(&["check", "a/b/c/r.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let cfg = d.path().join("a/doisoat.toml");
    let e = stderr(&o);
    assert!(
        e.starts_with(&format!(
            "error: {}: unknown rule id `no-such-rule`; known rules: ",
            cfg.display()
        )),
        "{e}"
    );
    // A file outside that directory does not see it.
    let o = run(&["check", "other.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A valid config is used; --config overrides discovery for every file.
    std::fs::write(
        d.path().join("a/doisoat.toml"),
        "ignore = [\"count-mismatch\"]\n",
    )
    .unwrap();
    let o = run(&["check", "a/b/c/r.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(d.path().join("bad.toml"), "colour = 1\n").unwrap();
    let o = run(
        &["check", "--config", "bad.toml", "other.md", "a/b/c/r.md"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: bad.toml:1:1: unknown key `colour`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn config_unknown_key_is_named() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("r.md"), CLEAN).unwrap();
    std::fs::write(
        d.path().join("doisoat.toml"),
        "select = []\n\n[severity]\ncount-mismatch = \"warning\"\n\n[lexicon]\nkeyword = []\n",
    )
    .unwrap();
    let o = run(&["check", "r.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    let cfg = d.path().join("doisoat.toml");
    assert!(
        e.starts_with(&format!(
            "error: {}:7:1: unknown key `keyword`",
            cfg.display()
        )),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");
    assert_eq!(stdout(&o), "");
}

#[test]
fn color_never_and_no_color_give_plain_output() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), CLEAN).unwrap();
    let o = run(&["check", "--color", "never", "a.md"], d.path());
    assert!(!o.stdout.contains(&0x1b));
    let o = bin()
        .args(["check", "--color", "auto", "a.md"])
        .env("NO_COLOR", "1")
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(!o.stdout.contains(&0x1b));
    assert_eq!(stdout(&o), "0 lỗi, 0 cảnh báo trong 1 tệp\n");
}

#[test]
fn rules_lists_every_rule_aligned() {
    let o = run(&["rules"], repo());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("complement-mismatch ")));
    assert!(lines.iter().any(|l| l.starts_with("count-mismatch ")));
    // The severity column starts at the same place on every line.
    let cols: Vec<usize> = lines
        .iter()
        .map(|l| {
            let id_end = l.find(' ').unwrap();
            id_end + l[id_end..].find(|c: char| c != ' ').unwrap()
        })
        .collect();
    assert!(cols.windows(2).all(|w| w[0] == w[1]), "{out}");
}

#[test]
fn explain_prints_docs_and_rejects_unknown_rules() {
    let o = run(&["explain", "complement-mismatch"], repo());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("## What it does"), "{out}");
    assert!(out.contains("## Known limits"), "{out}");
    let o = run(&["explain", "no-such-rule"], repo());
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.starts_with("error: unknown rule `no-such-rule`; known rules: "),
        "{e}"
    );
    assert!(e.contains("complement-mismatch") && e.contains("count-mismatch"));
}

#[test]
fn dump_json_is_valid() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), CLEAN).unwrap();
    let o = run(&["dump", "--format", "json", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    for key in [
        "blocks",
        "sections",
        "footnote_refs",
        "footnote_defs",
        "claims",
    ] {
        assert!(v[key].is_array(), "{key}: {v}");
    }
    let o = run(&["dump", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("document: "), "{}", stdout(&o));
    let o = run(&["dump", "nope.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: nope.md: no such file or directory\n");
}

#[test]
fn bom_file_is_decoded() {
    let d = tempfile::tempdir().unwrap();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(CLEAN.as_bytes());
    std::fs::write(d.path().join("bom.md"), bom).unwrap();
    let o = run(&["check", "bom.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The sentence of the issue in clean typed text: complement-mismatch and count-mismatch.
const MISMATCH: &str =
    "Năm 2025, xã đề ra 17 chỉ tiêu kinh tế - xã hội chủ yếu, trong đó có 13/17 \
chỉ tiêu đạt kế hoạch; có 03 chỉ tiêu không đạt, gồm: (1) thu ngân sách; (2) giảm nghèo; \
(3) trồng rừng; (4) chợ.\n";

#[test]
fn findings_exit_1_and_fail_on_follows_config_severity() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), MISMATCH).unwrap();
    let o = run(&["check", "--format", "json", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let rules: Vec<String> = findings(&json(&o)).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["complement-mismatch", "count-mismatch"]);
    // --ignore drops a rule; --select keeps only the named ones.
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "--ignore",
            "count-mismatch",
            "a.md",
        ],
        d.path(),
    );
    let rules: Vec<String> = findings(&json(&o)).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["complement-mismatch"]);
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "count-mismatch",
            "a.md",
        ],
        d.path(),
    );
    let rules: Vec<String> = findings(&json(&o)).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["count-mismatch"]);
    // Lowered to warnings by the config: 1 with --fail-on warning, 0 with --fail-on error.
    std::fs::write(
        d.path().join("doisoat.toml"),
        "[severity]\ncomplement-mismatch = \"warning\"\ncount-mismatch = \"info\"\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        findings(&v),
        [
            ("complement-mismatch".to_string(), "warning".to_string(), 1),
            ("count-mismatch".to_string(), "info".to_string(), 1)
        ]
    );
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 1, "errors": 0, "warnings": 1, "infos": 1, "failed": 0})
    );
    let o = run(&["check", "--fail-on", "error", "a.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).ends_with("0 lỗi, 1 cảnh báo, 1 ghi chú trong 1 tệp\n"));
}

#[test]
fn human_findings_colour_only_when_asked() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), MISMATCH).unwrap();
    let plain = run(&["check", "a.md"], d.path());
    let out = stdout(&plain);
    assert!(!out.contains('\u{1b}'), "not a terminal: no colour");
    assert!(out.starts_with("complement-mismatch\n"), "{out}");
    assert!(out.contains("╭─[a.md:1:"), "{out}");
    assert!(out.ends_with("2 lỗi, 0 cảnh báo trong 1 tệp\n"), "{out}");
    let coloured = run(&["check", "--color", "always", "a.md"], d.path());
    assert!(stdout(&coloured).contains("\u{1b}["));
    // --color always wins over NO_COLOR; auto does not colour a pipe.
    let o = bin()
        .args(["check", "--color", "always", "a.md"])
        .env("NO_COLOR", "1")
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(stdout(&o).contains("\u{1b}["));
    let o = run(
        &["check", "--color", "never", "--lang", "en", "a.md"],
        d.path(),
    );
    assert!(!stdout(&o).contains('\u{1b}'));
    assert!(stdout(&o).ends_with("2 errors, 0 warnings in 1 file\n"));
}

#[test]
fn byte_offsets_point_into_the_original_utf16_and_bom_files() {
    let d = tempfile::tempdir().unwrap();
    let utf8 = MISMATCH.as_bytes().to_vec();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&utf8);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in MISMATCH.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(d.path().join("a.md"), &utf8).unwrap();
    std::fs::write(d.path().join("b.md"), &bom).unwrap();
    std::fs::write(d.path().join("c.md"), &utf16).unwrap();
    let o = run(
        &["check", "--format", "json", "a.md", "b.md", "c.md"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    // Every span, read from the original bytes of each file, is the same text, and lines
    // and columns (characters) are the same in all three.
    let spans = |i: usize, bytes: &[u8], utf16: bool| -> Vec<(String, u64, u64)> {
        let text = |s: u64, e: u64| {
            let b = &bytes[s as usize..e as usize];
            if utf16 {
                let units: Vec<u16> = b
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).unwrap()
            } else {
                String::from_utf8(b.to_vec()).unwrap()
            }
        };
        let mut out = Vec::new();
        for diag in v["files"][i]["diagnostics"].as_array().unwrap() {
            let at = |d: &serde_json::Value| {
                (
                    d["byte_start"].as_u64().unwrap(),
                    d["byte_end"].as_u64().unwrap(),
                )
            };
            let (s, e) = at(diag);
            out.push((
                text(s, e),
                diag["line"].as_u64().unwrap(),
                diag["column"].as_u64().unwrap(),
            ));
            for l in diag["labels"].as_array().unwrap() {
                let (s, e) = at(l);
                out.push((text(s, e), l["line"].as_u64().unwrap(), 0));
            }
        }
        out
    };
    let a = spans(0, &utf8, false);
    assert!(a.len() >= 4, "{a:?}");
    assert!(a.iter().any(|(t, _, _)| t == "13"), "{a:?}");
    assert_eq!(spans(1, &bom, false), a);
    assert_eq!(spans(2, &utf16, true), a);
    // And the BOM shifts every offset by exactly 3 bytes.
    let first = |i: usize| {
        v["files"][i]["diagnostics"][0]["byte_start"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(first(1), first(0) + 3);
}
