//! Block parser: exact kinds, headings, sections, tables, footnotes; tree snapshots; corpus.

use doisoat::ast::{BlockKind, Document, FootnoteStyle, HeadingStyle};
use doisoat::ast::{
    DateLit, Dimension, NonQuantityKind, Quantity, Reading, Token, TokenKind, UnitRef,
};
use doisoat::claims::Claims;
use doisoat::claims::{BreakdownKind, Claim, ClaimKind};
use doisoat::lexicon::Lexicon;
use doisoat::parse::blocks::{parse_document, parse_document_with};
use doisoat::parse::dump::render_tree;
use doisoat::span::Span;
use rust_decimal::Decimal;

/// Parses with a tokenizer that returns nothing, so these tests check block structure only
/// (the real tokenizer is developed separately).
fn parse(text: &str) -> Document {
    parse_document_with(text, &Lexicon::builtin(), |_, _, _| Vec::new())
}

fn fixture(name: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/parser/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(p).unwrap()
}

fn s(text: &str, sp: Span) -> &str {
    &text[sp.range()]
}

/// One compact label per block.
fn kinds(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Meta => "meta".to_string(),
            BlockKind::Title => "title".to_string(),
            BlockKind::Paragraph => "para".to_string(),
            BlockKind::Heading(h) => format!("h {:?} {} r{}", h.style, h.number_text, h.rank),
            BlockKind::ListItem { marker, depth } => format!("li {marker} d{depth}"),
            BlockKind::TableRow { cells, header } => {
                format!("{} {}", if *header { "th" } else { "tr" }, cells.len())
            }
            BlockKind::FootnoteDef { mark } => format!("fn {mark}"),
        })
        .collect()
}

/// For each section: (heading text as written, parent's heading number text).
fn tree(text: &str, doc: &Document) -> Vec<(String, Option<String>, usize, usize)> {
    let num = |i: usize| match &doc.blocks[doc.sections[i].heading_block].kind {
        BlockKind::Heading(h) => {
            if h.number_text.is_empty() {
                s(text, h.title).to_string()
            } else {
                h.number_text.clone()
            }
        }
        _ => unreachable!(),
    };
    (0..doc.sections.len())
        .map(|i| {
            let sec = &doc.sections[i];
            (
                num(i),
                sec.parent.map(num),
                sec.blocks.start,
                sec.blocks.end,
            )
        })
        .collect()
}

fn heading(doc: &Document, i: usize) -> &doisoat::ast::Heading {
    match &doc.blocks[i].kind {
        BlockKind::Heading(h) => h,
        k => panic!("block {i} is {k:?}"),
    }
}

#[test]
fn typed_report_blocks() {
    let t = fixture("typed_report.md");
    let d = parse(&t);
    assert_eq!(
        kinds(&d),
        vec![
            "meta",
            "meta",
            "meta",
            "title",
            "title",
            "title",
            "h PartOrdinalWord thứ nhất r0",
            "para",
            "para",
            "h Roman I r1",
            "h Arabic 1. r2",
            "h Decimal 1.1. r3",
            "para",
            "h Decimal 1.2. r3",
            "li - d0",
            "li + d1",
            "li + d1",
            "li * d0",
            "para",
            "h Arabic 2. r2",
            "li - d0",
            "fn 1",
            "fn 2",
            "h PartRoman II r0",
            "h Markdown  r1",
            "th 3",
            "tr 3",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
        ]
    );
    // Bold-wrapped Roman heading: marker and title exclude the `**`.
    let h = heading(&d, 9);
    assert_eq!(s(&t, h.marker), "I.");
    assert_eq!(s(&t, h.title), "LĨNH VỰC KINH TẾ");
    assert_eq!(s(&t, d.blocks[9].content), "LĨNH VỰC KINH TẾ");
    // Heading with content on the same line: title up to `:`, content after the marker.
    let h = heading(&d, 13);
    assert_eq!(
        (h.number.clone(), h.number_text.as_str()),
        (vec![1, 2], "1.2.")
    );
    assert_eq!(s(&t, h.title), "Chăn nuôi, thú y");
    assert_eq!(
        s(&t, d.blocks[13].content),
        "Chăn nuôi, thú y: Chỉ đạo phòng Kinh tế tiêm 187 liều vắc xin."
    );
    assert_eq!(heading(&d, 11).number, vec![1, 1]);
    assert_eq!(s(&t, heading(&d, 11).title), "Trồng trọt");
    assert_eq!(heading(&d, 6).number, vec![1]);
    assert_eq!(heading(&d, 23).number, vec![2]);
    assert_eq!(s(&t, heading(&d, 24).title), "Phụ lục");
    // ` - + Quà…`: the `+` is the marker, content after it.
    assert_eq!(
        s(&t, d.blocks[15].content),
        "Quà của Trung ương: 799 suất, tổng số tiền là 246.300.000 đồng."
    );
    // `*** Thi đua - Khen thưởng**`: the content is the bold text.
    assert_eq!(s(&t, d.blocks[17].content), "Thi đua - Khen thưởng");
    // Quantities at the start of a line are not heading numbers.
    assert_eq!(
        s(&t, d.blocks[12].content),
        "1.113,6 ha lúa được gieo cấy đúng khung thời vụ."
    );
    // Markdown table: the separator row marks the first row as the header.
    match &d.blocks[25].kind {
        BlockKind::TableRow { cells, header } => {
            assert!(header);
            let c: Vec<&str> = cells.iter().map(|c| s(&t, *c)).collect();
            assert_eq!(c, vec!["Chỉ tiêu", "Đơn vị", "Kết quả"]);
        }
        k => panic!("{k:?}"),
    }
    match &d.blocks[26].kind {
        BlockKind::TableRow { cells, header } => {
            assert!(!header);
            let c: Vec<&str> = cells.iter().map(|c| s(&t, *c)).collect();
            assert_eq!(c, vec!["Lúa", "ha", "1.043,6"]);
        }
        k => panic!("{k:?}"),
    }
}

#[test]
fn typed_report_sections_and_footnotes() {
    let t = fixture("typed_report.md");
    let d = parse(&t);
    let o = |x: &str| Some(x.to_string());
    assert_eq!(
        tree(&t, &d),
        vec![
            ("thứ nhất".to_string(), None, 6, 23),
            ("I".to_string(), o("thứ nhất"), 9, 23),
            ("1.".to_string(), o("I"), 10, 19),
            ("1.1.".to_string(), o("1."), 11, 13),
            ("1.2.".to_string(), o("1."), 13, 19),
            ("2.".to_string(), o("I"), 19, 23),
            ("II".to_string(), None, 23, 27),
            ("Phụ lục".to_string(), o("II"), 24, 27),
        ]
    );
    assert_eq!(d.blocks[12].section, Some(3));
    assert_eq!(d.blocks[18].section, Some(4));
    assert_eq!(d.blocks[5].section, None);
    // Closing lines belong to no section.
    assert_eq!(d.blocks[27].section, None);
    // `km²` is a unit, `mô hình²` and `pháo¹` are references.
    let refs: Vec<(u32, &str, FootnoteStyle, usize)> = d
        .footnote_refs
        .iter()
        .map(|r| (r.mark, s(&t, r.span), r.style, r.block))
        .collect();
    assert_eq!(
        refs,
        vec![
            (2, "²", FootnoteStyle::Superscript, 20),
            (1, "¹", FootnoteStyle::Superscript, 20)
        ]
    );
    let defs: Vec<(u32, &str, &str, FootnoteStyle, usize)> = d
        .footnote_defs
        .iter()
        .map(|f| (f.mark, s(&t, f.mark_span), s(&t, f.text), f.style, f.block))
        .collect();
    assert_eq!(
        defs,
        vec![
            (
                1,
                "¹",
                "Trong năm phát hiện 01 vụ.",
                FootnoteStyle::Superscript,
                21
            ),
            (
                2,
                "²",
                "Mô hình cựu chiến binh: 07.",
                FootnoteStyle::Superscript,
                22
            ),
        ]
    );
}

#[test]
fn pdf_reflowed_blocks() {
    let t = fixture("pdf_reflowed.txt");
    let d = parse(&t);
    assert_eq!(
        kinds(&d),
        vec![
            "title",
            "title",
            "title",
            "para",
            "h PartOrdinalWord THỨ NHẤT r0",
            "h Roman I r1",
            "h Arabic 1. r2",
            "para",
            "h Decimal 5.1. r3",
            "para",
            "li a) d0",
            "li b) d0",
            "h Decimal 5.2. r3",
            "h LetterDot a r5",
            "para",
            "h LetterDot b r5",
            "li - d0",
            "h Roman II r1",
            "para",
            "para",
            "fn 2",
            "h PartOrdinalWord THỨ HAI r0",
            "h Arabic 1. r2",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
        ]
    );
    // `a)` items after `…gồm:` are list items; their content follows the marker.
    assert_eq!(
        s(&t, d.blocks[10].content),
        "04 trường hợp lấn chiếm đất nông nghiệp;"
    );
    assert_eq!(s(&t, heading(&d, 8).title), "Công tác quản lý đất đai");
    assert_eq!(heading(&d, 15).number, vec![2]);
    // `-Thu thập` (lost space) is still a bullet.
    assert_eq!(
        s(&t, d.blocks[16].content),
        "Thu thập tài liệu, xác minh thông tin."
    );
    let o = |x: &str| Some(x.to_string());
    let tr = tree(&t, &d);
    assert_eq!(tr[5], ("a".to_string(), o("5.2."), 13, 15));
    assert_eq!(tr[6], ("b".to_string(), o("5.2."), 15, 17));
    assert_eq!(tr[8], ("THỨ HAI".to_string(), None, 21, 23));
    assert_eq!(d.footnote_refs.len(), 1);
    assert_eq!(s(&t, d.footnote_refs[0].span), "²");
    assert_eq!(d.footnote_refs[0].block, 14);
    assert_eq!(d.footnote_defs[0].mark, 2);
}

#[test]
fn plan_appendix_table() {
    let t = fixture("plan_appendix.txt");
    let d = parse(&t);
    assert_eq!(
        kinds(&d),
        vec![
            "meta",
            "meta",
            "title",
            "title",
            "para",
            "h Roman I r1",
            "h Arabic 1. r2",
            "li (1) d0",
            "li + d1",
            "li + d1",
            "li (2) d0",
            "li - d0",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "para",
            "para",
            "th 9",
            "tr 9",
            "tr 9",
            "tr 9",
            "tr 9",
            "tr 9",
        ]
    );
    assert_eq!(
        s(&t, d.blocks[7].content),
        "Hằng năm, tổng giá trị sản phẩm tăng bình quân từ 19% trở lên, trong đó:"
    );
    let cells = |i: usize| match &d.blocks[i].kind {
        BlockKind::TableRow { cells, .. } => cells.iter().map(|c| s(&t, *c)).collect::<Vec<_>>(),
        k => panic!("{k:?}"),
    };
    assert_eq!(
        cells(21),
        vec![
            "STT",
            "Chỉ tiêu chủ yếu",
            "Đơn vị tính",
            "2026",
            "2027",
            "2028",
            "2029",
            "2030 (mục tiêu)",
            "Phân công đơn vị tham mưu, thực hiện"
        ]
    );
    assert_eq!(
        cells(23),
        vec![
            "1.1",
            "Công nghiệp – xây dựng",
            "%",
            "18",
            "18",
            "18",
            "18",
            "≥18%",
            "Phòng Kinh tế"
        ]
    );
    // A row with an empty first cell continues the previous STT; its empty cell has an
    // empty span at the row start.
    assert_eq!(cells(25)[0], "");
    match &d.blocks[25].kind {
        BlockKind::TableRow { cells, .. } => assert_eq!(cells[0], Span::new(1277, 1277)),
        k => panic!("{k:?}"),
    }
    assert_eq!(
        cells(26),
        vec![
            "20",
            "Xã đạt chuẩn “Chính quyền thân thiện”",
            "",
            "",
            "Đạt",
            "Duy trì",
            "Duy trì",
            "Duy trì",
            "Phòng VH-XH"
        ]
    );
    // The appendix after the signature is outside every section.
    assert!(d.blocks[19..].iter().all(|b| b.section.is_none()));
}

#[test]
fn footnotes_mixed_styles() {
    let t = fixture("footnotes_mixed.txt");
    let d = parse(&t);
    assert_eq!(
        kinds(&d),
        vec![
            "meta",
            "meta",
            "title",
            "title",
            "title",
            "h Roman I r1",
            "h ArabicParen 1) r2",
            "h LetterParen a r5",
            "li - d0",
            "h LetterParen b r5",
            "li - d0",
            "fn 1",
            "fn 2",
            "fn 3",
            "fn 4",
            "h ArabicParen 2) r2",
            "para",
            "li a) d0",
            "li b) d0",
            "h Roman II r1",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
        ]
    );
    let refs: Vec<(u32, &str, FootnoteStyle)> = d
        .footnote_refs
        .iter()
        .map(|r| (r.mark, s(&t, r.span), r.style))
        .collect();
    assert_eq!(
        refs,
        vec![
            (1, "⁽¹⁾", FootnoteStyle::ParenSuperscript),
            (3, "³", FootnoteStyle::Superscript),
            (2, "⁽²⁾", FootnoteStyle::ParenSuperscript),
            (4, "[^4]", FootnoteStyle::Markdown),
        ]
    );
    let defs: Vec<(u32, &str, &str, FootnoteStyle)> = d
        .footnote_defs
        .iter()
        .map(|f| (f.mark, s(&t, f.mark_span), s(&t, f.text), f.style))
        .collect();
    assert_eq!(
        defs,
        vec![
            (
                1,
                "⁽¹⁾",
                "Hoàn thiện công trình dự án Nâng cấp đường 390b.",
                FootnoteStyle::ParenSuperscript
            ),
            (
                2,
                "⁽²⁾",
                "Kết hợp y học hiện đại với y học cổ truyền.",
                FootnoteStyle::ParenSuperscript
            ),
            (
                3,
                "³",
                "Trong đó, ưu tiên các dự án hạ tầng then chốt.",
                FootnoteStyle::Superscript
            ),
            (
                4,
                "[^4]",
                "Theo quy chuẩn QCVN 01:2009/BYT.",
                FootnoteStyle::Markdown
            ),
        ]
    );
    let o = |x: &str| Some(x.to_string());
    let tr = tree(&t, &d);
    assert_eq!(
        tr,
        vec![
            ("I".to_string(), None, 5, 19),
            ("1)".to_string(), o("I"), 6, 15),
            ("a".to_string(), o("1)"), 7, 9),
            ("b".to_string(), o("1)"), 9, 15),
            ("2)".to_string(), o("I"), 15, 19),
            ("II".to_string(), None, 19, 20),
        ]
    );
}

#[test]
fn heading_precision() {
    let t = "1. Về sản xuất nông nghiệp\n2.000 lượt người tham dự\n1.113,6 ha lúa\n\
             16/6/2025 khai mạc\n1.5 triệu đồng\n10. Công tác khác\n1.2.3. Mục nhỏ\n\
             1.1 Không chấm cuối\nIV. TỒN TẠI\nVI.Không cách\nPHẦN THỨ TƯ\nPhần lớn diện tích\n\
             a. Thu gom\nv.v. và những việc khác\n# 3. Tiêu đề Markdown\n3.1.Công tác Tư pháp:\n\
             3.2.công tác\n";
    let d = parse(t);
    assert_eq!(
        kinds(&d),
        vec![
            "h Arabic 1. r2",
            "para",
            "para",
            "para",
            "para",
            "h Arabic 10. r2",
            "h Decimal 1.2.3. r4",
            "h Decimal 1.1 r3",
            "h Roman IV r1",
            "h Roman VI r1",
            "h PartOrdinalWord THỨ TƯ r0",
            "para",
            "h LetterDot a r5",
            "para",
            "h Arabic 3. r2",
            "h Decimal 3.1. r3",
            "para",
        ]
    );
    // Glued content after a PDF lost the space: marker `3.1.`, title `Công tác Tư pháp`.
    assert_eq!(s(t, heading(&d, 15).marker), "3.1.");
    assert_eq!(s(t, heading(&d, 15).title), "Công tác Tư pháp");
    assert_eq!(heading(&d, 10).number, vec![4]);
    assert_eq!(heading(&d, 6).number, vec![1, 2, 3]);
    let h = heading(&d, 14);
    assert_eq!(s(t, h.marker), "3.");
    assert_eq!(s(t, h.title), "Tiêu đề Markdown");
}

#[test]
fn header_lines_and_inline_part_title() {
    let t = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
             ỦY BAN NHÂN DÂN XÃ HÀ BẮC\nSố: 123/KH-UBND\nKính gửi: Hội đồng nhân dân xã\n\
             TỜ TRÌNH\n(Trình tại Kỳ họp thứ 3)\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\
             PHẦN I: TÌNH HÌNH CHUNG\nỦy ban nhân dân xã báo cáo như sau.\n\
             1.1.1.1.1.1.1.1.1. Quá sâu\n";
    let d = parse(t);
    assert_eq!(
        kinds(&d),
        vec![
            "meta",
            "meta",
            "meta",
            "meta",
            "meta",
            "title",
            "title",
            "para",
            "h PartRoman I r0",
            "para",
            "para",
        ]
    );
    let h = heading(&d, 8);
    assert_eq!(s(t, h.marker), "PHẦN I");
    assert_eq!(s(t, h.title), "TÌNH HÌNH CHUNG");
    assert_eq!(s(t, d.blocks[8].content), "TÌNH HÌNH CHUNG");
}

#[test]
fn letters_nest_under_deep_decimals() {
    // `a)` after `1.2.3.4.` (rank 5) nests under it rather than becoming its sibling.
    let t = "1.2.3.4. Mục sâu\na) Ý thứ nhất\nb) Ý thứ hai\n1.2.3.5. Mục sâu khác\n";
    let d = parse(t);
    assert_eq!(
        kinds(&d),
        vec![
            "h Decimal 1.2.3.4. r5",
            "h LetterParen a r6",
            "h LetterParen b r6",
            "h Decimal 1.2.3.5. r5"
        ]
    );
    assert_eq!(d.sections[1].parent, Some(0));
    assert_eq!(d.sections[2].parent, Some(0));
    assert_eq!(d.sections[3].parent, None);
}

#[test]
fn bullets_and_depths() {
    let t = "- một\n  - hai\n    + ba\n  - bốn\n• năm\n– sáu\n+ bảy\n-5 độ C\n--- \n* sao\n**đậm** chữ\n";
    let d = parse(t);
    assert_eq!(
        kinds(&d),
        vec![
            "li - d0",
            "li - d1",
            "li + d2",
            "li - d1",
            "li • d0",
            "li – d0",
            "li + d1",
            "para",
            "para",
            "li * d0",
            "para",
        ]
    );
    assert_eq!(s(t, d.blocks[2].content), "ba");
    assert_eq!(s(t, d.blocks[5].content), "sáu");
}

#[test]
fn crlf_and_blank_lines() {
    let t = "I. MỘT\r\n\r\n- mục\r\n";
    let d = parse(t);
    assert_eq!(kinds(&d), vec!["h Roman I r1", "li - d0"]);
    assert_eq!(s(t, d.blocks[0].span), "I. MỘT");
    assert_eq!(s(t, d.blocks[1].content), "mục");
}

#[test]
fn hostile_inputs_do_not_panic() {
    let deep = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
    let d = parse(&deep);
    assert_eq!(d.blocks.len(), 1);

    let mut many = String::new();
    for i in 0..50_000 {
        many.push_str(&format!("{}. Mục {i}\n", i % 99 + 1));
    }
    let d = parse(&many);
    assert_eq!(d.sections.len(), 50_000);
    assert!(d.sections.iter().all(|s| s.parent.is_none()));

    // A 20 MiB paragraph without a space is read in pieces of 64 KiB cut between chars, which
    // cover it end to end.
    let long = "1.".to_string() + &"x".repeat(20 * 1024 * 1024);
    let d = parse(&long);
    assert_eq!(d.blocks.len(), (long.len()).div_ceil(64 * 1024));
    assert_eq!(d.blocks.len(), 321);
    let mut at = 0;
    for b in &d.blocks {
        assert_eq!((b.content.start as usize, b.span.start as usize), (at, at));
        at = b.content.end as usize;
    }
    assert_eq!(at, long.len());

    let junk: String = (0u32..5000)
        .filter_map(|i| char::from_u32((i * 7919) % 0x3000))
        .collect();
    let _ = parse(&junk);
    let marks = "¹²³⁴⁵⁶⁷⁸⁹⁰¹²³⁴⁵⁶⁷⁸⁹⁰¹²³ x ⁽ ⁾ ⁽¹ [^ [^1 [^99999999999] *** ** * - + | |---|";
    let _ = parse(marks);
    let _ = parse("\u{0}\u{FEFF}\t\t\t\n|\n**\n#\n(\n1\n");
}

#[test]
fn render_tree_snapshots() {
    for f in [
        "typed_report.md",
        "pdf_reflowed.txt",
        "plan_appendix.txt",
        "footnotes_mixed.txt",
    ] {
        let t = fixture(f);
        let d = parse(&t);
        let out = render_tree(&t, &d, &Claims::default());
        insta::assert_snapshot!(format!("tree_{}", f.replace('.', "_")), out);
    }
}

#[test]
fn render_tree_excerpt_is_char_safe() {
    let t = format!("I. {}", "ằ".repeat(100));
    let d = parse(&t);
    let out = render_tree(&t, &d, &Claims::default());
    assert!(out.contains(&format!("\"I. {}…\"", "ằ".repeat(57))));
}

/// Counts per style for the corpus report.
fn counts(doc: &Document) -> String {
    let mut by_style: std::collections::BTreeMap<String, usize> = Default::default();
    let (mut items, mut rows) = (0, 0);
    for b in &doc.blocks {
        match &b.kind {
            BlockKind::Heading(h) => *by_style.entry(format!("{:?}", h.style)).or_default() += 1,
            BlockKind::ListItem { .. } => items += 1,
            BlockKind::TableRow { .. } => rows += 1,
            _ => {}
        }
    }
    format!(
        "headings {by_style:?}, list items {items}, table rows {rows}, footnote defs {}, refs {}",
        doc.footnote_defs.len(),
        doc.footnote_refs.len()
    )
}

#[test]
fn corpus() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let Ok(rd) = std::fs::read_dir(dir) else {
        println!("corpus not found at {dir}; skipped");
        return;
    };
    let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for f in files {
        let raw = std::fs::read_to_string(&f).unwrap();
        let text = doisoat::engine::prepare(&raw).text;
        // The real pipeline must not panic; the assertions below use the fake tokenizer.
        let _ = parse_document(&text, &Lexicon::builtin());
        let doc = parse(&text);
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        println!("{name}: {}", counts(&doc));
        if std::env::var("DUMP").is_ok() {
            println!("{}", render_tree(&text, &doc, &Claims::default()));
        }
        let headings: Vec<(HeadingStyle, &str)> = doc
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading(h) => Some((h.style, h.number_text.as_str())),
                _ => None,
            })
            .collect();
        let has = |st: HeadingStyle, n: &str| headings.contains(&(st, n));
        if name.starts_with("000_") {
            assert!(has(HeadingStyle::PartOrdinalWord, "thứ nhất"));
            assert!(has(HeadingStyle::PartRoman, "II"));
            for r in ["I", "II", "III", "IV"] {
                assert!(has(HeadingStyle::Roman, r), "{r}");
            }
            assert!(has(HeadingStyle::Decimal, "1.5."));
            assert!(has(HeadingStyle::Arabic, "12."));
            // Two `¹`/`²` references and their two definitions.
            let marks: Vec<u32> = doc.footnote_refs.iter().map(|r| r.mark).collect();
            assert_eq!(marks, vec![1, 2]);
            let defs: Vec<u32> = doc.footnote_defs.iter().map(|r| r.mark).collect();
            assert_eq!(defs, vec![1, 2]);
            // ` - + Quà của Trung ương: 799 suất…` is a `+` item at depth 1.
            let plus = doc
                .blocks
                .iter()
                .find(|b| text[b.span.range()].contains("Quà của Trung ương: 799"))
                .unwrap();
            assert_eq!(
                plus.kind,
                BlockKind::ListItem {
                    marker: "+".into(),
                    depth: 1
                }
            );
        }
        if name.starts_with("002_") {
            let rows: Vec<&Vec<Span>> = doc
                .blocks
                .iter()
                .filter_map(|b| match &b.kind {
                    BlockKind::TableRow { cells, .. } => Some(cells),
                    _ => None,
                })
                .collect();
            assert_eq!(rows.len(), 37);
            assert!(rows.iter().all(|c| c.len() == 9));
            assert_eq!(&text[rows[0][0].range()], "STT");
            assert!(has(HeadingStyle::Roman, "IV"));
            assert!(has(HeadingStyle::Arabic, "11."));
        }
        if name.starts_with("003_") {
            let refs: Vec<(u32, FootnoteStyle)> = doc
                .footnote_refs
                .iter()
                .map(|r| (r.mark, r.style))
                .collect();
            assert_eq!(
                refs,
                vec![
                    (1, FootnoteStyle::ParenSuperscript),
                    (2, FootnoteStyle::ParenSuperscript),
                    (3, FootnoteStyle::Superscript),
                    (4, FootnoteStyle::Superscript),
                    (5, FootnoteStyle::Superscript),
                    (6, FootnoteStyle::Superscript),
                    (7, FootnoteStyle::ParenSuperscript),
                    (8, FootnoteStyle::ParenSuperscript),
                ]
            );
            let defs: Vec<u32> = doc.footnote_defs.iter().map(|r| r.mark).collect();
            assert_eq!(defs, (1..=8).collect::<Vec<_>>());
        }
    }
}

fn q(text: &str, a: usize, b: usize, value: i64, unit: Option<(&str, Dimension)>) -> Quantity {
    Quantity {
        span: Span::new(a, b),
        number_span: Span::new(a, b),
        value: Decimal::from(value),
        alt: None,
        resolution: Decimal::ONE,
        exact: true,
        reading: Reading::Certain,
        zero_padded: text[a..b].starts_with('0'),
        unit: unit.map(|(n, d)| UnitRef {
            name: n.to_string().into(),
            dimension: d,
            factor: Decimal::ONE,
            span: Span::new(b, b),
        }),
        hedge: None,
        bound: None,
    }
}

#[test]
fn tokens_from_the_tokenizer_feed_footnote_refs_and_the_dump() {
    let t = "- Tổng số 10 vụ, trong đó 04 vụ ngày 16/6/2025 Quốc lộ 38 (1) xong†.\n";
    let find = |needle: &str| {
        let a = t.find(needle).unwrap();
        (a, a + needle.len())
    };
    let fake = |text: &str, span: Span, _: &Lexicon| -> Vec<Token> {
        assert_eq!(&text[span.range()], &t[2..t.len() - 1]);
        let mut v = Vec::new();
        let (a, b) = find("10");
        v.push(Token {
            span: Span::new(a, b + " vụ".len()),
            kind: TokenKind::Quantity(Box::new(q(t, a, b, 10, Some(("vụ", Dimension::Count))))),
        });
        let (a, b) = find("04");
        v.push(Token {
            span: Span::new(a, b),
            kind: TokenKind::Quantity(Box::new(q(t, a, b, 4, None))),
        });
        let (a, b) = find("16/6/2025");
        v.push(Token {
            span: Span::new(a, b),
            kind: TokenKind::Date(Box::new(DateLit {
                day: Some(16),
                month: Some(6),
                year: Some(2025),
                malformed: false,
            })),
        });
        let (a, b) = find("38");
        v.push(Token {
            span: Span::new(a, b),
            kind: TokenKind::NonQuantity {
                what: NonQuantityKind::Road,
            },
        });
        let (a, b) = find("(1)");
        v.push(Token {
            span: Span::new(a, b),
            kind: TokenKind::Enumerator {
                label: Box::new("(1)".to_string()),
                ordinal: 1,
            },
        });
        let (a, b) = find("†");
        v.push(Token {
            span: Span::new(a, b),
            kind: TokenKind::FootnoteMark { mark: 1 },
        });
        v.push(Token {
            span: Span::new(2, 6),
            kind: TokenKind::Word,
        });
        v
    };
    let d = parse_document_with(t, &Lexicon::builtin(), fake);
    assert_eq!(d.footnote_refs.len(), 1);
    assert_eq!(d.footnote_refs[0].style, FootnoteStyle::Pdf);
    assert_eq!(&t[d.footnote_refs[0].span.range()], "†");
    let (a, b) = find("10");
    let (c, e) = find("04");
    let claims = Claims {
        items: vec![Claim {
            span: d.blocks[0].content,
            block: 0,
            kind: ClaimKind::Breakdown {
                total: Box::new(q(t, a, b, 10, Some(("vụ", Dimension::Count)))),
                parts: vec![q(t, c, e, 4, None)],
                kind: BreakdownKind::Exhaustive,
                opener: Span::new(0, 0),
                across_sentences: false,
                strays: vec![],
            },
            assumptions: vec![],
        }],
    };
    insta::assert_snapshot!(render_tree(t, &d, &claims), @r#"
    document: 1 blocks, 0 sections, 1 footnote refs, 0 footnote defs, 1 claims
    #0 L1 item["-" depth 0] 0..85 "- Tổng số 10 vụ, trong đó 04 vụ ngày 16/6/2025 Quốc lộ 38 (1…"
        · quantity 10 vụ "10" res 1 Certain at 14..21
        · quantity 4 "04" res 1 Certain zero-padded at 34..36
        · date "16/6/2025" d=Some(16) m=Some(6) y=Some(2025) at 48..57
        · non-quantity Road "38" at 70..72
        · enumerator "(1)" #1 at 73..76
        · footnote-mark 1 at 81..84
        · footnote-ref 1 Pdf "†" at 81..84
        » breakdown Exhaustive: total 10 vụ "10" res 1 Certain = parts [4 "04" res 1 Certain zero-padded]
    "#);
}

/// Random documents built from structural fragments: no panic, and every span lies on char
/// boundaries inside the text; the section tree is well formed.
#[test]
fn random_fragments_keep_invariants() {
    const FRAGS: [&str; 32] = [
        "1.",
        "1.2.",
        " ",
        "**",
        "⁽",
        "¹",
        "⁾",
        "[^",
        "3]",
        ":",
        "\t",
        "|",
        "|---|",
        "- ",
        "+ ",
        "ằ",
        "Phần ",
        "thứ ",
        "nhất",
        "II",
        "a)",
        "(1)",
        "\n",
        "Nơi nhận:",
        "TM. ",
        "BÁO CÁO",
        "km²",
        "x",
        "#",
        "***",
        "\r\n",
        "Vũ Đình Lập",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let n = (next() % 60) as usize;
        let t: String = (0..n).map(|_| FRAGS[(next() % 32) as usize]).collect();
        let d = parse(&t);
        let ok = |sp: Span| {
            sp.start <= sp.end
                && (sp.end as usize) <= t.len()
                && t.is_char_boundary(sp.start as usize)
                && t.is_char_boundary(sp.end as usize)
        };
        for b in &d.blocks {
            assert!(ok(b.span) && ok(b.content), "{t:?}");
            assert!(b.span.contains(b.content), "{t:?}");
            match &b.kind {
                BlockKind::Heading(h) => assert!(ok(h.marker) && ok(h.title), "{t:?}"),
                BlockKind::TableRow { cells, .. } => assert!(cells.iter().all(|c| ok(*c))),
                _ => {}
            }
        }
        for r in &d.footnote_refs {
            assert!(ok(r.span), "{t:?}");
        }
        for f in &d.footnote_defs {
            assert!(ok(f.mark_span) && ok(f.text), "{t:?}");
        }
        for (i, sec) in d.sections.iter().enumerate() {
            assert!(sec.parent.is_none_or(|p| p < i));
            assert!(sec.blocks.start == sec.heading_block && sec.blocks.end <= d.blocks.len());
            assert!(sec.blocks.start < sec.blocks.end);
        }
        let _ = render_tree(&t, &d, &Claims::default());
    }
}
