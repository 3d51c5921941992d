//! The .docx reader: the extracted text, and findings, errors and refusals through the
//! binary. Archives are built in the test (`fuzz/docx_writer.rs`).

#[path = "../fuzz/docx_writer.rs"]
mod docx_writer;

mod binary;
use binary::*;
use docx_writer::*;
use doisoat::ast::BlockKind;
use doisoat::docx::{extract, to_source, DocxError, DocxText};
use doisoat::engine::{analyze, Settings};
use std::path::Path;

/// A small report: a header layout table, a table whose `Tổng` row does not add up, a
/// Word-numbered list of 4 items under `3 nhiệm vụ … gồm:`, two footnote references of which
/// only the first has its note, and an endnote.
fn report() -> Vec<u8> {
    let body = [
        format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>",
            para("ỦY BAN NHÂN DÂN"),
            para("XÃ AN THẠNH"),
            para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            para("Độc lập - Tự do - Hạnh phúc"),
        ),
        para("BÁO CÁO"),
        para("Kết quả thực hiện nhiệm vụ năm 2025"),
        para("1. Giảm nghèo"),
        table(&[
            &["STT", "Thôn", "Số hộ nghèo"],
            &["1", "Thôn Đông", "120"],
            &["2", "Thôn Tây", "80"],
            &["Tổng", "", "210"],
        ]),
        para("2. Nhiệm vụ"),
        para("Năm 2026, xã tập trung thực hiện 3 nhiệm vụ trọng tâm, gồm:"),
        numbered("Phát triển kinh tế;", 0),
        numbered("Xây dựng nông thôn mới;", 0),
        numbered("Chuyển đổi số;", 0),
        numbered("Cải cách hành chính.", 0),
        format!(
            "<w:p><w:r><w:t>Thu ngân sách đạt 42 tỷ đồng</w:t></w:r>{}<w:r><w:t xml:space=\"preserve\">, chi 30 tỷ đồng</w:t></w:r>{}<w:r><w:t>; vốn đầu tư 12 tỷ đồng</w:t></w:r><w:r><w:endnoteReference w:id=\"5\"/></w:r><w:r><w:t>.</w:t></w:r></w:p>",
            footnote_ref(1),
            footnote_ref(2)
        ),
    ]
    .concat();
    let footnotes = notes_xml("footnote", &[(1, "Số liệu ước đến 31/12/2025.")]);
    let endnotes = notes_xml("endnote", &[(5, "Theo Quyết định giao vốn.")]);
    docx(&document_xml(&body), Some(&footnotes), Some(&endnotes))
}

const REPORT_TEXT: &str = "ỦY BAN NHÂN DÂN
XÃ AN THẠNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
BÁO CÁO
Kết quả thực hiện nhiệm vụ năm 2025
1. Giảm nghèo
STT\tThôn\tSố hộ nghèo
1\tThôn Đông\t120
2\tThôn Tây\t80
Tổng\t\t210
2. Nhiệm vụ
Năm 2026, xã tập trung thực hiện 3 nhiệm vụ trọng tâm, gồm:
- Phát triển kinh tế;
- Xây dựng nông thôn mới;
- Chuyển đổi số;
- Cải cách hành chính.
Thu ngân sách đạt 42 tỷ đồng¹, chi 30 tỷ đồng²; vốn đầu tư 12 tỷ đồng³.
¹ Số liệu ước đến 31/12/2025.
³ Theo Quyết định giao vốn.
";

#[test]
fn report_text_is_extracted_line_per_paragraph_and_row() {
    assert_eq!(
        extract(&report()).unwrap(),
        DocxText {
            text: REPORT_TEXT.to_string(),
            note_refs: 3,
            note_defs: 2,
        }
    );
}

#[test]
fn report_findings_refer_to_extracted_lines() {
    let d = tempfile::tempdir().unwrap();
    // The extension is matched case-insensitively.
    std::fs::write(d.path().join("bc.DOCX"), report()).unwrap();
    let o = run(&["check", "--format", "concise", "bc.DOCX"], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert_eq!(
        stdout(&o),
        "bc.DOCX:9:13: error sum-mismatch Các thành phần cộng lại bằng 200, không khớp với tổng số 210\n\
         bc.DOCX:18:46: error footnote-orphan Chú thích ² được dẫn nhưng không có nội dung chú thích\n"
    );
    // The same text as a .txt file gives the same findings: nothing is lost or added by the
    // reader. (Bullet lines after `3 nhiệm vụ … gồm:` are not counted by `count-mismatch`
    // yet, in .txt or .docx alike.)
    std::fs::write(d.path().join("bc.txt"), REPORT_TEXT).unwrap();
    let t = run(&["check", "--format", "concise", "bc.txt"], d.path());
    assert_eq!(stdout(&t).replace("bc.txt", "bc.DOCX"), stdout(&o));
}

#[test]
fn json_byte_offsets_index_the_extracted_text() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("bc.docx"), report()).unwrap();
    let o = run(&["check", "--format", "json", "bc.docx"], d.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let got: Vec<(&str, u64, u64, &str)> = diags
        .iter()
        .map(|d| {
            let s = d["byte_start"].as_u64().unwrap() as usize;
            let e = d["byte_end"].as_u64().unwrap() as usize;
            (
                d["rule"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                REPORT_TEXT.get(s..e).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("sum-mismatch", 9, 13, "120\n2\tThôn Tây\t80\nTổng\t\t210"),
            ("footnote-orphan", 18, 46, "²")
        ]
    );
}

#[test]
fn word_numbered_paragraphs_are_bullet_items_at_one_depth() {
    let src = to_source("bc.docx", &report()).unwrap();
    let a = analyze(src, &Settings::default());
    let items: Vec<(u32, &str)> = a
        .doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::ListItem { depth, .. } => {
                Some((*depth, a.prepared.text.get(b.span.range()).unwrap()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        items,
        [
            (0, "- Phát triển kinh tế;"),
            (0, "- Xây dựng nông thôn mới;"),
            (0, "- Chuyển đổi số;"),
            (0, "- Cải cách hành chính.")
        ]
    );
    assert_eq!(a.doc.footnote_refs.len(), 3);
    assert_eq!(a.doc.footnote_defs.len(), 2);
}

#[test]
fn style_numbered_paragraphs_are_items_and_numbered_headings_plain() {
    let body = [
        styled("MỤC TIÊU", "Heading1"),
        para("Có 2 nhóm giải pháp:"),
        styled("Về kinh tế;", "ListNumber"),
        styled("thu hút đầu tư;", "ListNumber2"),
        styled("Về xã hội.", "ListBullet"),
    ]
    .concat();
    assert_eq!(
        extract(&docx_body(&body)).unwrap().text,
        "MỤC TIÊU\nCó 2 nhóm giải pháp:\n- Về kinh tế;\n  - thu hút đầu tư;\n- Về xã hội.\n"
    );
}

#[test]
fn suppression_paragraphs_work_as_in_txt_files() {
    let d = tempfile::tempdir().unwrap();
    let body = [
        para("# doisoat-disable-next-line date-invalid"),
        para("Ngày 31/4/2025, xã họp."),
        para("Ngày 30/2/2025, xã họp."),
    ]
    .concat();
    std::fs::write(d.path().join("s.docx"), docx_body(&body)).unwrap();
    let o = run(&["check", "--format", "concise", "s.docx"], d.path());
    assert_eq!(
        stdout(&o),
        "s.docx:3:6: error date-invalid “30/2/2025” không phải ngày có thật: tháng 2/2025 chỉ có 28 ngày\n"
    );
}

#[test]
fn dump_reads_docx() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("bc.docx"), report()).unwrap();
    let o = run(&["dump", "bc.docx"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("document: 20 blocks, 2 sections, 3 footnote refs, 2 footnote defs,"),
        "{out}"
    );
    assert!(
        out.contains("footnote-def[3] ") && out.contains("\"³ Theo Quyết định giao vốn.\""),
        "{out}"
    );
}

#[test]
fn fix_and_diff_refuse_docx_and_never_write_it() {
    let d = tempfile::tempdir().unwrap();
    let bytes = docx_body(&para("Ngày 31/4/2025, UBND xã họp.  Có 3 hồ sơ ."));
    std::fs::write(d.path().join("a.docx"), &bytes).unwrap();
    for flag in ["--fix", "--diff"] {
        let o = run(&["check", flag, "--format", "concise", "a.docx"], d.path());
        assert_eq!(
            stderr(&o),
            "a.docx: fixes not applied: a .docx file is never rewritten (edit it in the word processor)\n",
            "{flag}"
        );
        assert_eq!(std::fs::read(d.path().join("a.docx")).unwrap(), bytes);
        if flag == "--diff" {
            assert_eq!(stdout(&o), "", "no diff for a .docx");
            assert_eq!(o.status.code(), Some(0));
        } else {
            assert_eq!(
                stdout(&o),
                "a.docx:1:6: error date-invalid “31/4/2025” không phải ngày có thật: tháng 4/2025 chỉ có 30 ngày\n"
            );
            assert_eq!(o.status.code(), Some(1));
        }
    }
}

#[test]
fn directories_include_docx_but_not_word_lock_files() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.md"), "Ngày 31/4/2025.\n").unwrap();
    std::fs::write(d.path().join("b.docx"), docx_body(&para("Ngày 30/2/2025."))).unwrap();
    // Word's owner file for an open b.docx: not a zip.
    std::fs::write(d.path().join("~$b.docx"), b"\x05owner").unwrap();
    let o = run(&["check", "--format", "concise", "."], d.path());
    assert_eq!(stderr(&o), "");
    assert_eq!(
        stdout(&o),
        "./a.md:1:6: error date-invalid “31/4/2025” không phải ngày có thật: tháng 4/2025 chỉ có 30 ngày\n\
         ./b.docx:1:6: error date-invalid “30/2/2025” không phải ngày có thật: tháng 2/2025 chỉ có 28 ngày\n"
    );
}

/// A zip with stored `word/document.xml` whose headers claim a 4 GiB uncompressed size.
fn claims_huge_size() -> Vec<u8> {
    let mut z = zip_parts(
        &[("word/document.xml", document_xml(&para("abc")).as_bytes())],
        false,
    );
    let huge = 0xFFFF_FFF0u32.to_le_bytes();
    // Local file header: uncompressed size at offset 22; central header: at offset 24.
    z[22..26].copy_from_slice(&huge);
    let cd = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    z[cd + 24..cd + 28].copy_from_slice(&huge);
    z
}

#[test]
fn bad_archives_are_clear_errors() {
    let good = docx_body(&para("Xin chào"));
    let not_zip = "not a .docx archive (invalid Zip archive: Could not find EOCD)";
    assert_eq!(extract(b"hello").unwrap_err().to_string(), not_zip);
    assert_eq!(extract(b"").unwrap_err().to_string(), not_zip);
    assert_eq!(
        extract(&good[..good.len() / 2]).unwrap_err().to_string(),
        not_zip
    );
    assert_eq!(
        extract(&good[..good.len() - 10]).unwrap_err().to_string(),
        "not a .docx archive (invalid Zip archive: Unexpected end of zip::spec::Zip32CDEBlock)"
    );
    assert_eq!(
        extract(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap_err(),
        DocxError::OleFile
    );
    assert_eq!(
        extract(&zip_parts(&[("word/other.xml", b"<a/>")], true)).unwrap_err(),
        DocxError::NoDocument
    );
    assert_eq!(
        extract(&docx(&document_xml("<w:p><w:r><w:t>a</w:r></w:p>"), None, None))
            .unwrap_err()
            .to_string(),
        "malformed XML in word/document.xml at byte 163: ill-formed document: expected `</w:t>`, but `</w:r>` was found"
    );
    // A missing or malformed notes part matters only when the body refers to a note.
    let body = format!("<w:p><w:r><w:t>a</w:t></w:r>{}</w:p>", footnote_ref(1));
    assert_eq!(
        extract(&docx(&document_xml(&body), Some("<w:footnotes>"), None))
            .unwrap_err()
            .to_string(),
        "malformed XML in word/footnotes.xml at byte 13: unexpected end of file (unclosed elements)"
    );
    assert_eq!(
        extract(&docx(&document_xml(&body), None, None))
            .unwrap()
            .text,
        "a¹\n"
    );
    // Declared sizes are not trusted: the entry is read as it is.
    assert_eq!(extract(&claims_huge_size()).unwrap().text, "abc\n");
}

#[test]
fn zip_bomb_stops_at_the_limit() {
    // 70 MiB of spaces deflate to ~70 KB: the limit for that archive is 64 MiB.
    let big = " ".repeat(70 << 20);
    let bomb = zip_parts(&[("word/document.xml", big.as_bytes())], true);
    drop(big);
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    assert_eq!(
        extract(&bomb).unwrap_err(),
        DocxError::TooLarge {
            part: "word/document.xml".into(),
            limit: 64 << 20
        }
    );
}

#[test]
fn bad_inputs_exit_2_naming_the_file_and_others_are_still_checked() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.docx"), b"plain text, not an archive").unwrap();
    std::fs::write(
        d.path().join("b.docx"),
        zip_parts(&[("word/other.xml", b"<a/>")], true),
    )
    .unwrap();
    std::fs::write(
        d.path().join("c.docx"),
        docx(&document_xml("<w:p><w:t>x</w:p>"), None, None),
    )
    .unwrap();
    std::fs::write(d.path().join("d.md"), "Ngày 31/4/2025.\n").unwrap();
    let o = run(
        &[
            "check", "--format", "concise", "a.docx", "b.docx", "c.docx", "d.md",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: a.docx: not a .docx archive (invalid Zip archive: Could not find EOCD)\n\
         error: b.docx: not a .docx document (the archive has no word/document.xml)\n\
         error: c.docx: malformed XML in word/document.xml at byte 158: ill-formed document: expected `</w:t>`, but `</w:p>` was found\n"
    );
    assert_eq!(
        stdout(&o),
        "d.md:1:6: error date-invalid “31/4/2025” không phải ngày có thật: tháng 4/2025 chỉ có 30 ngày\n"
    );
    let o = run(&["dump", "b.docx"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: b.docx: not a .docx document (the archive has no word/document.xml)\n"
    );
}

#[test]
fn notes_are_numbered_in_reference_order_and_separators_skipped() {
    // Ids out of order, a repeated reference, a custom mark, a note of two paragraphs.
    let body = format!(
        "<w:p><w:r><w:t>A</w:t></w:r>{}<w:r><w:t>B</w:t></w:r>{}<w:r><w:t>C</w:t></w:r>{}<w:r><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"4\"/><w:t>*</w:t></w:r></w:p>",
        footnote_ref(7),
        footnote_ref(3),
        footnote_ref(7)
    );
    let notes = notes_xml("footnote", &[(3, "ba"), (7, "bảy"), (4, "bốn")]).replace(
        "<w:t xml:space=\"preserve\"> ba</w:t></w:r></w:p>",
        "<w:t xml:space=\"preserve\"> ba</w:t></w:r></w:p><w:p><w:r><w:t>tiếp</w:t></w:r></w:p>",
    );
    assert_eq!(
        extract(&docx(&document_xml(&body), Some(&notes), None))
            .unwrap()
            .text,
        "A¹B²C¹*\n¹ bảy\n² ba tiếp\n"
    );
}

/// The parts of an archive, by name.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

/// `examples/bao-cao-mau.docx` is generated from `examples/bao-cao-mau.md` by
/// `docx_from_text`; regenerate it with `DOISOAT_WRITE_EXAMPLE=1 cargo test --test docx`.
#[test]
fn example_docx_is_generated_from_the_markdown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let md = std::fs::read_to_string(root.join("examples/bao-cao-mau.md")).unwrap();
    let generated = docx_from_text(&md);
    let path = root.join("examples/bao-cao-mau.docx");
    if std::env::var_os("DOISOAT_WRITE_EXAMPLE").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read(&path).unwrap();
    assert!(
        parts(&committed) == parts(&generated),
        "examples/bao-cao-mau.docx is stale: DOISOAT_WRITE_EXAMPLE=1 cargo test --test docx"
    );
    // The text is the Markdown's without `**`, the note moved from line 91 to the end.
    let text = extract(&committed).unwrap().text;
    let note = md.lines().nth(90).unwrap();
    assert!(note.starts_with("¹ Trong năm"), "{note}");
    let mut expected: Vec<&str> = md.lines().filter(|l| *l != note).collect();
    expected.push(note);
    assert_eq!(text, expected.join("\n").replace("**", "") + "\n");
}

#[test]
fn example_docx_has_the_findings_of_the_markdown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let findings = |file: &str| -> Vec<(String, String, u64, String)> {
        let o = run(&["check", "--format", "json", file], root);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        json_findings(&serde_json::from_slice(&o.stdout).unwrap())
    };
    let md = findings("examples/bao-cao-mau.md");
    assert_eq!(md.len(), 9);
    // Every finding is before the note line (91), so lines agree too.
    assert_eq!(findings("examples/bao-cao-mau.docx"), md);
}
