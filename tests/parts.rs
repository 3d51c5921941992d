//! A document read in parts (`Settings::part_bytes`, what `check` does with a big file) gives
//! the same findings as the document read whole: the same diagnostics, spans, messages, labels
//! and fixes, in the same order. Checked on every example and fixture, on the real corpus when
//! `../shared/corpus` is present, and on all of them joined into one long document.
//!
//! The rule tests check the same on each of their texts (`common::whole_and_parts`).

use doisoat::{analyze_str, Analysis, Settings};
use std::path::{Path, PathBuf};

fn with_parts(bytes: Option<usize>) -> Settings {
    Settings {
        part_bytes: bytes,
        ..Settings::default()
    }
}

/// The `.md` and `.txt` files under `dir`, recursively, sorted.
fn texts_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            texts_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
}

fn inputs() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    texts_under(&root.join("examples"), &mut paths);
    texts_under(&root.join("tests/fixtures"), &mut paths);
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        texts_under(&corpus, &mut paths);
    } else {
        println!("parts: ../shared/corpus is not present, examples and fixtures only");
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let name = p.file_name()?.to_str()?.to_string();
            Some((name, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}

fn assert_same(name: &str, whole: &Analysis, parts: &Analysis) {
    assert_eq!(
        parts.diagnostics.len(),
        whole.diagnostics.len(),
        "{name}: number of findings"
    );
    for (i, (p, w)) in parts.diagnostics.iter().zip(&whole.diagnostics).enumerate() {
        assert_eq!(p, w, "{name}: finding {i}");
    }
}

#[test]
fn each_file_in_the_smallest_parts_gives_the_same_findings() {
    let inputs = inputs();
    assert!(inputs.len() >= 14, "examples and fixtures found");
    let mut parted_files = 0;
    for (name, text) in &inputs {
        let whole = analyze_str(name, text, &with_parts(None));
        let parts = analyze_str(name, text, &with_parts(Some(1)));
        assert_same(name, &whole, &parts);
        // Read in parts, the tree keeps no tokens; a file of one part keeps them all.
        let blocks = whole.doc.blocks.len();
        let n_parts = doisoat::parse::parts(&whole.doc, 1).len();
        if n_parts > 1 {
            parted_files += 1;
            assert!(parts.claims.items.is_empty(), "{name}: claims dropped");
        }
        assert!(
            n_parts <= blocks.max(1),
            "{name}: at most one part per block"
        );
    }
    // The test means something only if files were in fact cut.
    assert!(
        parted_files >= 10,
        "only {parted_files} files were cut in parts"
    );
}

#[test]
fn all_files_joined_in_parts_of_64_kib_give_the_same_findings() {
    let joined: String = inputs()
        .iter()
        .map(|(_, t)| format!("{}\n\n", t.trim_end()))
        .collect();
    let whole = analyze_str("joined.md", &joined, &with_parts(None));
    let parts = analyze_str("joined.md", &joined, &with_parts(Some(64 * 1024)));
    assert!(!whole.diagnostics.is_empty());
    assert_same("joined.md", &whole, &parts);
}

#[test]
fn parts_cut_only_before_a_block_that_ends_lists_and_tables() {
    let text = "Tổng số 3 xã, gồm:\n- xã A: 1 xã;\n- xã B: 2 xã.\n\n\
                Kết quả như bảng sau:\n\n\
                | STT | Chỉ tiêu | 2025 |\n|---|---|---|\n| 1 | A | 2 |\n| 2 | B | 3 |\n\n\
                Đoạn cuối có 4 hồ sơ.\n";
    let a = analyze_str("t.md", text, &with_parts(None));
    let kinds: Vec<&str> = a
        .doc
        .blocks
        .iter()
        .map(|b| match b.kind {
            doisoat::ast::BlockKind::ListItem { .. } => "item",
            doisoat::ast::BlockKind::TableRow { .. } => "row",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["other", "item", "item", "other", "row", "row", "row", "other"]
    );
    // Every block that may start a part does, and the others never.
    assert_eq!(doisoat::parse::parts(&a.doc, 1), [0..3, 3..7, 7..8]);
    // A part grows past `bytes` until such a block.
    let start_of = |i: usize| a.doc.blocks[i].span.start as usize;
    assert_eq!(doisoat::parse::parts(&a.doc, start_of(7)), [0..7, 7..8]);
    assert_eq!(
        doisoat::parse::parts(&a.doc, start_of(3) + 1),
        [0..7, 7..8],
        "the second part is shorter than `bytes`: it runs to the end"
    );
    let one: Vec<std::ops::Range<usize>> = std::iter::once(0..8).collect();
    assert_eq!(doisoat::parse::parts(&a.doc, start_of(7) + 1), one);
}

#[test]
fn footnotes_read_across_parts() {
    // The first reference's note lies two parts later, and holds a reference itself.
    let text = "Đoạn đầu.\n\nQuản lý 3 mô hình¹ trong năm.\n\nĐoạn giữa có 2 hồ sơ².\n\n\
                ¹ Mô hình A: 01; Mô hình B: 01; Mô hình C: 02³.\n\
                ² Hồ sơ X; hồ sơ Y; hồ sơ Z.\n\
                ³ Ghi chú.\n";
    let whole = analyze_str("t.md", text, &with_parts(None));
    let parts = analyze_str("t.md", text, &with_parts(Some(1)));
    assert!(doisoat::parse::parts(&whole.doc, 1).len() >= 4);
    let marks = |a: &Analysis| -> Vec<(u32, usize)> {
        a.doc
            .footnote_refs
            .iter()
            .map(|r| (r.mark, r.block))
            .collect()
    };
    assert_eq!(marks(&whole), [(1, 1), (2, 2), (3, 3)]);
    assert_eq!(marks(&parts), marks(&whole));
    // 01 + 01 + 02 = 4 against 3; three items against 2.
    let rules: Vec<&str> = whole.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["sum-mismatch", "count-mismatch"]);
    assert_same("t.md", &whole, &parts);
}

#[test]
fn configured_severity_applies_to_every_kind_of_rule() {
    // count-mismatch checks a part, number-format gathers tallies part by part, and
    // footnote-orphan checks the whole document at the end.
    let text = "Thu ngân sách 1.234,5 tỷ đồng, chi 1.234.567 đồng và 1,5 tỷ đồng, \
                tăng 2.5% và 3,5%.\n\nCó 04 chỉ tiêu không đạt, gồm: (1) A, (2) B, (3) C.\n\n\
                Đã giải quyết 3 hồ sơ¹.\n";
    for bytes in [None, Some(1)] {
        let mut settings = with_parts(bytes);
        let found = |s: &Settings| -> Vec<(&'static str, Severity)> {
            analyze_str("t.md", text, s)
                .diagnostics
                .iter()
                .map(|d| (d.rule, d.severity))
                .collect()
        };
        use doisoat::diagnostic::Severity;
        use Severity::{Error, Info, Warning};
        assert_eq!(
            found(&settings),
            [
                ("number-format", Warning),
                ("number-format", Warning),
                ("count-mismatch", Error),
                ("footnote-orphan", Warning)
            ]
        );
        for id in ["number-format", "count-mismatch", "footnote-orphan"] {
            settings.rules.severity.insert(id.to_string(), Info);
        }
        assert_eq!(
            found(&settings),
            [
                ("number-format", Info),
                ("number-format", Info),
                ("count-mismatch", Info),
                ("footnote-orphan", Info)
            ]
        );
    }
}
