//! Stage 1 (source decoding, normalisation) and stage 2 (layout reflow), with exact span maps.

use doisoat::engine::prepare;
use doisoat::layout::{measure, reflow};
use doisoat::source::{normalize, Encoding, InputError, SourceFile};
use doisoat::span::OffsetMap;

fn fixture(name: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/layout/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(p).unwrap()
}

/// Byte range of the `n`-th (0-based) occurrence of `needle` in `hay`.
fn find_nth(hay: &str, needle: &str, n: usize) -> std::ops::Range<usize> {
    let (i, _) = hay.match_indices(needle).nth(n).unwrap();
    i..i + needle.len()
}

fn find(hay: &str, needle: &str) -> std::ops::Range<usize> {
    assert_eq!(hay.matches(needle).count(), 1, "{needle:?} not unique");
    find_nth(hay, needle, 0)
}

fn superscript_value(c: char) -> Option<char> {
    "⁰¹²³⁴⁵⁶⁷⁸⁹"
        .chars()
        .position(|s| s == c)
        .and_then(|d| char::from_digit(d as u32, 10))
}

/// Every non-space char of the logical text maps (through `map`) to the same char in
/// `source`, or — for rewritten pieces — to source text that normalises to it, or for a
/// superscript footnote mark to the marker digit. Returns how many chars were copied.
fn check_chars_map_back(source: &str, logical: &str, map: &OffsetMap) -> usize {
    let mut copied = 0;
    for (i, c) in logical.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let r = map.map_range(i..i + c.len_utf8());
        let orig = source
            .get(r.clone())
            .unwrap_or_else(|| panic!("char {c:?} at {i} maps to {r:?}, not a char range"));
        let mut buf = [0u8; 4];
        if orig == c.encode_utf8(&mut buf) {
            copied += 1;
            continue;
        }
        if let Some(d) = superscript_value(c) {
            assert!(
                orig.trim().contains(d),
                "mark {c:?} at {i} maps to {orig:?}"
            );
            continue;
        }
        let n = normalize(orig);
        assert!(
            n.text.contains(c),
            "char {c:?} at {i} maps to {orig:?} ({r:?})"
        );
    }
    copied
}

// ---------------------------------------------------------------- source: decoding

#[test]
fn utf8_plain_and_bom() {
    let s = SourceFile::from_bytes("a", "Xã Kè Sắt".as_bytes()).unwrap();
    assert_eq!(s.encoding, Encoding::Utf8);
    assert_eq!(s.text, "Xã Kè Sắt");
    assert_eq!(s.byte_range(0..3), 0..3);
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice("Xã".as_bytes());
    let s = SourceFile::from_bytes("a", &b).unwrap();
    assert_eq!(s.encoding, Encoding::Utf8Bom);
    assert_eq!(s.text, "Xã");
    assert_eq!(s.byte_range(1..3), 4..6);
}

#[test]
fn utf8_errors() {
    assert_eq!(
        SourceFile::from_bytes("a", b"ab\xffcd").unwrap_err(),
        InputError::InvalidUtf8 { offset: 2 }
    );
    assert_eq!(
        SourceFile::from_bytes("a", b"\xEF\xBB\xBFab\xC3").unwrap_err(),
        InputError::InvalidUtf8 { offset: 5 }
    );
    assert_eq!(
        SourceFile::from_bytes("a", b"ab\0cd").unwrap_err(),
        InputError::Binary { offset: 2 }
    );
    // The first problem wins.
    assert_eq!(
        SourceFile::from_bytes("a", b"a\0b\xff").unwrap_err(),
        InputError::Binary { offset: 1 }
    );
    assert_eq!(
        SourceFile::from_bytes("a", b"a\xffb\0").unwrap_err(),
        InputError::InvalidUtf8 { offset: 1 }
    );
}

fn utf16_bytes(s: &str, le: bool) -> Vec<u8> {
    let mut b = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    b
}

#[test]
fn utf16_le_and_be_map_chars_to_their_bytes() {
    // 'A' 1 unit, 'ư' 1 unit, '\n' 1 unit, '𝟙' a surrogate pair.
    let text = "Aư\n𝟙";
    for le in [true, false] {
        let s = SourceFile::from_bytes("a", &utf16_bytes(text, le)).unwrap();
        assert_eq!(
            s.encoding,
            if le {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            }
        );
        assert_eq!(s.text, text);
        assert_eq!(s.byte_range(0..1), 2..4); // A
        assert_eq!(s.byte_range(1..3), 4..6); // ư
        assert_eq!(s.byte_range(3..4), 6..8); // \n
        assert_eq!(s.byte_range(4..8), 8..12); // 𝟙
        assert_eq!(s.byte_range(0..8), 2..12);
        assert_eq!(s.line_col(4), (2, 1));
    }
    // Empty UTF-16 file.
    let s = SourceFile::from_bytes("a", &[0xFF, 0xFE]).unwrap();
    assert_eq!(s.text, "");
}

#[test]
fn utf16_errors() {
    // Lone high surrogate followed by a BMP char.
    let b = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x41, 0x00];
    assert_eq!(
        SourceFile::from_bytes("a", &b).unwrap_err(),
        InputError::InvalidUtf16 { offset: 4 }
    );
    // Lone low surrogate, big endian.
    let b = [0xFE, 0xFF, 0x00, 0x41, 0xDC, 0x00];
    assert_eq!(
        SourceFile::from_bytes("a", &b).unwrap_err(),
        InputError::InvalidUtf16 { offset: 4 }
    );
    // High surrogate at the end.
    let b = [0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8];
    assert_eq!(
        SourceFile::from_bytes("a", &b).unwrap_err(),
        InputError::InvalidUtf16 { offset: 4 }
    );
    // Odd number of bytes.
    let b = [0xFF, 0xFE, 0x41, 0x00, 0x42];
    assert_eq!(
        SourceFile::from_bytes("a", &b).unwrap_err(),
        InputError::InvalidUtf16 { offset: 4 }
    );
    // NUL code unit.
    let b = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0x00];
    assert_eq!(
        SourceFile::from_bytes("a", &b).unwrap_err(),
        InputError::Binary { offset: 4 }
    );
}

#[test]
fn line_col_counts_crlf_lf_and_lone_cr() {
    let s = SourceFile::from_bytes("a", "ả\r\nb\rc\nd".as_bytes()).unwrap();
    assert_eq!(s.line_count(), 4);
    assert_eq!(s.line_col(0), (1, 1));
    assert_eq!(s.line_col(3), (1, 2)); // the \r of \r\n is still on line 1
    assert_eq!(s.line_col(5), (2, 1)); // b
    assert_eq!(s.line_col(7), (3, 1)); // c
    assert_eq!(s.line_col(9), (4, 1)); // d
    assert_eq!(s.line_col(100), (4, 2)); // clamped to the end
}

// ---------------------------------------------------------------- source: normalisation

#[test]
fn normalize_fast_path_is_identity() {
    let n = normalize("Xã Kè Sắt có 39.554 người.\n");
    assert_eq!(n.text, "Xã Kè Sắt có 39.554 người.\n");
    assert_eq!(n.map, OffsetMap::identity());
    assert!(n.facts.legacy.is_empty() && n.facts.non_nfc.is_empty());
}

#[test]
fn normalize_nfd_to_nfc() {
    // "Việt" with e + circumflex + dot below as combining marks.
    let src = "Vie\u{0302}\u{0323}t Nam";
    let n = normalize(src);
    assert_eq!(n.text, "Việt Nam");
    assert_eq!(n.facts.non_nfc, vec![2..7]);
    let e = find(&n.text, "ệ");
    assert_eq!(n.map.map_range(e.clone()), 2..7);
    assert_eq!(n.map.map_range(0..e.end), 0..7);
    let nam = find(&n.text, "Nam");
    assert_eq!(n.map.map_range(nam), 9..12);
    // A rewritten cluster at the very end covers the rest of the source.
    let n = normalize("Vie\u{0302}");
    assert_eq!(n.text, "Viê");
    assert_eq!(n.map.map_range(2..4), 2..5);
}

/// When NFC rewrites only the marks after a base char that composes with none of them
/// (`B` + U+0341 becomes `B` + U+0301; `c` + U+0323 U+0322 is reordered), the base char still
/// maps to exactly its own byte, and the marks to theirs; a base that composes (`e` + U+0301
/// → `é`) maps to the whole cluster. (Fuzzing found the base mapped to the whole cluster.)
#[test]
fn normalize_maps_an_unchanged_base_char_to_itself() {
    let n = normalize("B\u{341}c");
    assert_eq!(n.text, "B\u{301}c");
    assert_eq!(n.map.map_range(0..1), 0..1);
    assert_eq!(n.map.map_range(1..3), 1..3);
    assert_eq!(n.map.map_range(3..4), 3..4);
    assert_eq!(n.facts.non_nfc, vec![0..3]);

    let n = normalize("4\u{323}\u{322}x");
    assert_eq!(n.text, "4\u{322}\u{323}x");
    assert_eq!(n.map.map_range(0..1), 0..1);
    assert_eq!(n.map.map_range(1..5), 1..5);
    assert_eq!(n.map.map_range(5..6), 5..6);

    let n = normalize("e\u{301}x");
    assert_eq!(n.text, "éx");
    assert_eq!(n.map.map_range(0..2), 0..3);
    assert_eq!(n.map.map_range(2..3), 3..4);
}

#[test]
fn normalize_legacy_u_horn() {
    let src = "phƣờng Ƣu";
    let n = normalize(src);
    assert_eq!(n.text, "phường Ưu");
    assert_eq!(n.facts.legacy, vec![2..4, 10..12]);
    assert_eq!(n.map.map_range(2..4), 2..4);
    assert_eq!(n.map.map_range(0..9), 0..9);
    // Legacy ƣ followed by a combining grave: mapped, then composed to "ừ".
    let n = normalize("nƣ\u{0300}a");
    assert_eq!(n.text, "nừa");
    assert_eq!(n.facts.legacy, vec![1..3]);
    assert_eq!(n.facts.non_nfc, vec![1..5]);
    assert_eq!(n.map.map_range(1..4), 1..5);
    assert_eq!(n.map.map_range(4..5), 5..6);
}

#[test]
fn normalize_spaces_and_zero_width() {
    let n = normalize("10\u{00A0}ha\u{200B}x\u{202F}y\u{FFFD}");
    assert_eq!(n.text, "10 hax y\u{FFFD}");
    assert_eq!(n.map.map_range(2..3), 2..4); // NBSP (2 bytes) → ' '
    assert_eq!(n.map.map_range(3..5), 4..6); // ha
    assert_eq!(n.map.map_range(5..6), 9..10); // x after the removed ZWSP
    assert_eq!(n.map.map_range(6..7), 10..13); // narrow NBSP (3 bytes)
    assert_eq!(n.facts.replacement_chars, vec![14..17]);
    assert!(n.facts.non_nfc.is_empty());
}

// ---------------------------------------------------------------- layout: fixtures

#[test]
fn typed_fixture() {
    let src = fixture("typed.txt");
    let l = reflow(&src);
    assert!(!l.facts.pdf_like);
    assert_eq!(
        l.text,
        "Số: /BC-UBND\n\
         BÁO CÁO\n\
         **Kết quả thực hiện nhiệm vụ 6 tháng đầu năm; nhiệm vụ trọng tâm 6 tháng cuối năm 2026**\n\
         Phần thứ nhất\n\
         # KẾT QUẢ THỰC HIỆN\n\
         I. LĨNH VỰC KINH TẾ\n\
         1.1. Trồng trọt:\n\
         Tổng diện tích gieo trồng ước đạt 1.113,6 ha⁽¹⁾, trong đó diện tích lúa đạt 1.043,6 ha.\n\
         - Hướng dẫn nông dân thả bù các diện tích cá để cung cấp lượng cá ổn định ra thị trường. Sản lượng ước đạt 2.175 tấn.\n  \
         + Quà Trung ương: 2450 suất\n\
         a) Chăn nuôi: tổng đàn lợn 1300 con\n\
         STT\tChỉ tiêu\tĐơn vị\n\
         1\tthu ngân sách\ttỷ đồng\n\
         ⁽¹⁾ Số liệu của phòng Kinh tế.\n"
    );
    // The join space stands for the break "\n\n" between "ra" and "thị".
    let ra = find(&src, "ổn định ra");
    let thi = find(&src, "thị trường");
    let sp = find(&l.text, "ra thị").start + "ra".len();
    assert_eq!(l.map.map_range(sp..sp + 1), ra.end..thi.start);
    let lt = find(&l.text, "thị trường");
    assert_eq!(l.map.map_range(lt), thi);
    // An indented bullet keeps its indentation, mapped linearly.
    let q = find(&l.text, "  + Quà");
    assert_eq!(l.map.map_range(q), find(&src, "  + Quà"));
    check_chars_map_back(&src, &l.text, &l.map);
}

#[test]
fn pdf_wrapped_fixture_with_page_number() {
    let src = fixture("pdf_wrapped.txt");
    let l = reflow(&src);
    assert!(l.facts.pdf_like);
    assert!(!l.facts.letter_loss);
    assert_eq!(l.facts.page_numbers_removed, 1);
    assert_eq!(
        l.text,
        "BÁO CÁO\n\
         Kết quả thực hiện nhiệm vụ năm 2023\n\
         1. Sản xuất nông nghiệp\n\
         Trồng trọt: Tổng diện tích gieo trồng tính đến tháng 6 năm 2023 trên địa bàn xã đạt 689 ha bằng 112,7% so với cùng kỳ năm 2022. Vụ Chiêm xuân năm 2022-2023 diện tích lúa gieo trồng 31,07 ha, năng suất bình quân đạt 41,7 tấn/ha.\n\
         Kết quả học tập của học sinh khối 6 và khối 7 trong năm học này: tốt 40 học sinh đạt 16,53%; khá 112 học sinh đạt 46,28%.\n\
         - Tổng thu ngân sách ước đạt 130,8 tỷ đồng, trong đó thu từ thuế đạt 21,3 tỷ đồng.\n\
         Kết quả đã giải quyết 1746 hồ sơ lĩnh vực Tư pháp - hộ tịch, 100% hồ sơ đều giải quyết trước hạn.\n"
    );
    // Join over "trên địa bàn \n\nxã": one space standing for " \n\n".
    let ban = find(&src, "địa bàn");
    let xa = find(&src, "xã đạt");
    let sp = find(&l.text, "bàn xã").start + "bàn".len();
    assert_eq!(l.map.map_range(sp..sp + 1), ban.end..xa.start);
    assert_eq!(l.map.map_range(find(&l.text, "xã đạt")), xa);
    // Hyphenated number: "2022-\n2023" → "2022-2023"; "2023" maps to the next line.
    let y = find(&l.text, "2022-2023");
    assert_eq!(
        l.map.map_range(y.start..y.start + 5),
        find(&src, "2022-\n").start..find(&src, "2022-\n").start + 5
    );
    assert_eq!(
        l.map.map_range(y.start + 5..y.end),
        find(&src, "2023 diện").start.."2023".len() + find(&src, "2023 diện").start
    );
    // The page number "5" is gone; the join space covers it.
    let hoc = find(&src, "tốt 40 học");
    let sinh = find(&src, "sinh đạt 16");
    let sp = find(&l.text, "học sinh đạt 16").start + "học".len();
    assert_eq!(l.map.map_range(sp..sp + 1), hoc.end..sinh.start);
    check_chars_map_back(&src, &l.text, &l.map);
}

#[test]
fn pdf_footnotes_fixture() {
    let src = fixture("pdf_footnotes.txt");
    let l = reflow(&src);
    assert!(l.facts.pdf_like);
    assert_eq!(l.facts.footnote_refs, 2);
    assert_eq!(l.facts.footnote_defs, 2);
    assert_eq!(l.facts.page_numbers_removed, 0);
    assert_eq!(
        l.text,
        "Năm 2025 thực hiện Nghị quyết của Hội đồng nhân dân phường đề ra 17 chỉ tiêu kinh tế - xã hội chủ yếu, trong đó có 13/17 chỉ tiêu đạt kế hoạch và diện tích trong điều kiện nhiều khó khăn do thiên tai, dịch bệnh¹; các chỉ tiêu còn lại đang được tiếp tục theo dõi và đánh giá cho đến cuối năm theo quy định của tỉnh.\n\
         ¹ Diện tích lúa gieo cấy vụ Xuân 55,12 ha đạt 100% so với kế hoạch, năng suất 54,2 tạ/ha, sản lượng đạt 298,7 tấn, tăng 1,1 tấn so với năm 2024.\n\
         Công tác sản xuất nông nghiệp tiếp tục duy trì ổn định về quy mô tổng đàn².\n\
         ² Tổng đàn trâu 790 con; tổng đàn lợn 2.017 con; tổng đàn gia cầm 8.478 con.\n"
    );
    // The reference mark maps to the marker digit (and the line break after it).
    let mark1 = find_nth(&src, "\n1\n", 0).start + 1;
    let r = find(&l.text, "bệnh¹;");
    let sup = r.start + "bệnh".len();
    assert_eq!(l.map.map_start(sup), mark1);
    assert_eq!(l.map.map_range(sup..sup + "¹".len()), mark1..mark1 + 2);
    // The definition mark maps to the second marker line.
    let def_mark = find_nth(&src, "\n1\n", 1).start + 1;
    let d = find(&l.text, "¹ Diện");
    assert_eq!(
        l.map.map_range(d.start..d.start + "¹".len()).start,
        def_mark
    );
    // Moved pieces: the body after the footnote block and the note text map to their own
    // source lines although the logical order differs from the source order.
    let cuoi_src = find(&src, "cuối năm theo quy định");
    let cuoi = find(&l.text, "cuối năm theo quy định");
    assert_eq!(l.map.map_range(cuoi), cuoi_src.clone());
    let dien_src = find(&src, "Diện tích lúa gieo cấy");
    let dien = find(&l.text, "Diện tích lúa gieo cấy");
    assert_eq!(l.map.map_range(dien.clone()), dien_src.clone());
    assert!(dien.start > cuoi_src.start || dien_src.start < cuoi_src.start);
    let tan_src = find(&src, "tấn, tăng 1,1");
    assert_eq!(l.map.map_range(find(&l.text, "tấn, tăng 1,1")), tan_src);
    // "tổng đàn²." — the '.' comes from the line after the marker.
    let dot = find(&l.text, "đàn².").end - 1;
    let dot_src = find(&src, "2\n. ").start + 2;
    assert_eq!(l.map.map_range(dot..dot + 1), dot_src..dot_src + 1);
    check_chars_map_back(&src, &l.text, &l.map);
}

#[test]
fn crlf_and_cr_only() {
    for nl in ["\r\n", "\r", "\n"] {
        let src = ["Dòng một", "- Dòng hai", "", "tiếp tục", ""].join(nl);
        let l = reflow(&src);
        assert_eq!(l.text, "Dòng một\n- Dòng hai tiếp tục\n", "{nl:?}");
        let t = find(&src, "tiếp tục");
        assert_eq!(l.map.map_range(find(&l.text, "tiếp tục")), t);
        let hai = find(&src, "Dòng hai");
        let sp = find(&l.text, "hai tiếp").start + "hai".len();
        assert_eq!(l.map.map_range(sp..sp + 1), hai.end..t.start);
    }
}

#[test]
fn utf16_bom_through_prepare() {
    let text = "Năm 2025 đạt 13/17 chỉ tiêu\r\n\r\nphƣờng";
    for le in [true, false] {
        let s = SourceFile::from_bytes("a", &utf16_bytes(text, le)).unwrap();
        let p = prepare(&s.text);
        assert_eq!(p.text, "Năm 2025 đạt 13/17 chỉ tiêu phường\n");
        let r = find(&p.text, "13/17");
        let dec = p.to_source.map_range(r);
        assert_eq!(dec, find(text, "13/17"));
        // 2-byte BOM + 2 bytes per UTF-16 unit before "13/17".
        let units_before = text.get(..dec.start).unwrap().encode_utf16().count();
        assert_eq!(
            s.byte_range(dec),
            2 + units_before * 2..2 + (units_before + 5) * 2
        );
        let u = find(&p.text, "ư");
        assert_eq!(p.to_source.map_range(u), find(text, "ƣ"));
    }
}

#[test]
fn nfd_legacy_nbsp_through_prepare() {
    // NFD "ế", legacy "ƣ", NBSP, wrapped with a blank line.
    let src = "Ke\u{0302}\u{0301} hoa\u{0323}ch pho\u{031B}\u{0300}ng phƣờng đạt 90\u{00A0}%\n\nkế hoạch.";
    let p = prepare(src);
    assert_eq!(p.text, "Kế hoạch phờng phường đạt 90 % kế hoạch.\n");
    assert_eq!(p.normalization.legacy, vec![find(src, "ƣ")]);
    let ke = find(&p.text, "Kế");
    assert_eq!(p.to_source.map_range(ke), 0..6);
    let pct = find(&p.text, "90 %");
    assert_eq!(p.to_source.map_range(pct), find(src, "90\u{00A0}%"));
    let ke2 = find_nth(&p.text, "kế hoạch", 0);
    assert_eq!(p.to_source.map_range(ke2), find(src, "kế hoạch"));
    check_chars_map_back(src, &p.text, &p.to_source);
}

// ---------------------------------------------------------------- layout: robustness

#[test]
fn degenerate_inputs() {
    for src in [
        "",
        "\n",
        "\r",
        "\r\n\r\n",
        "   ",
        "1",
        "\n\n5\n\n",
        "-",
        "a-\n-",
        "¹",
        "\t",
    ] {
        let l = reflow(src);
        let n = normalize(src);
        assert!(l.text.is_empty() || l.text.ends_with('\n'), "{src:?}");
        let p = prepare(src);
        check_chars_map_back(src, &p.text, &p.to_source);
        let _ = n;
    }
}

#[test]
fn large_inputs_are_linear() {
    use std::time::Instant;
    // A single long line (4 MB in debug builds; the release bench covers 20 MB).
    let line = "Tổng số 1.234 hồ sơ, đạt 99,5%; ".repeat(4_000_000 / 40);
    let t = Instant::now();
    let l = reflow(&line);
    assert_eq!(l.text.len(), line.trim_end().len() + 1);
    let one_line = t.elapsed();
    // 100 000 blank lines, and 100 000 CR-only lines that each continue the previous one.
    let blanks = "\n".repeat(100_000);
    assert_eq!(reflow(&blanks).text, "");
    let cr = "tiếp tục dòng\r".repeat(100_000);
    let t = Instant::now();
    let l = reflow(&cr);
    assert_eq!(l.text.lines().count(), 1);
    let cr_time = t.elapsed();
    eprintln!("4 MB line: {one_line:?}; 100 000 CR lines: {cr_time:?}");
    assert!(one_line.as_secs() < 20 && cr_time.as_secs() < 20);
}

// ---------------------------------------------------------------- the real corpus

fn corpus() -> Option<Vec<(String, String)>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let Ok(rd) = std::fs::read_dir(dir) else {
        eprintln!("corpus checks skipped: {dir} not found");
        return None;
    };
    let mut v: Vec<(String, String)> = rd
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            let s = SourceFile::from_bytes(name.clone(), &bytes).unwrap();
            (name, s.text)
        })
        .collect();
    v.sort();
    Some(v)
}

fn corpus_file(prefix: &str) -> Option<String> {
    corpus()?
        .into_iter()
        .find(|(n, _)| n.starts_with(prefix))
        .map(|(_, t)| t)
}

#[test]
fn corpus_statistics() {
    let Some(files) = corpus() else { return };
    for (name, text) in &files {
        let n = normalize(text);
        let st = measure(&n.text);
        let l = reflow(&n.text);
        eprintln!(
            "{}: lines {} median {} p90 {} long‰ {} lowercase-next‰ {} unterminated‰ {} \
             fragments/100k {} double-spaces/100k {} → pdf_like {} letter_loss {} pages {} \
             refs {} defs {} logical lines {}",
            name.get(..3).unwrap(),
            st.text_lines,
            st.median_len,
            st.p90_len,
            st.long_permille,
            st.lowercase_next_permille,
            st.unterminated_permille,
            st.fragments_per_100k,
            st.double_spaces_per_100k,
            l.facts.pdf_like,
            l.facts.letter_loss,
            l.facts.page_numbers_removed,
            l.facts.footnote_refs,
            l.facts.footnote_defs,
            l.text.lines().count(),
        );
        // (text_lines, median, p90, long‰, lowercase-next‰, unterminated‰, fragments/100k,
        //  double-spaces/100k) measured on the corpus as given.
        let expected = match name.get(..3).unwrap() {
            "000" => (188, 148, 469, 468, 42, 335, 0, 0),
            "001" => (441, 76, 84, 0, 542, 712, 0, 20),
            "002" => (190, 106, 313, 305, 5, 378, 0, 0),
            "003" => (154, 244, 834, 603, 78, 240, 0, 0),
            "004" => (562, 75, 83, 0, 626, 827, 1071, 2339),
            _ => continue,
        };
        assert_eq!(
            (
                st.text_lines,
                st.median_len,
                st.p90_len,
                st.long_permille,
                st.lowercase_next_permille,
                st.unterminated_permille,
                st.fragments_per_100k,
                st.double_spaces_per_100k
            ),
            expected,
            "{name}"
        );
        let expect_pdf = name.starts_with("001") || name.starts_with("004");
        assert_eq!(l.facts.pdf_like, expect_pdf, "{name}");
        assert_eq!(l.facts.letter_loss, name.starts_with("004"), "{name}");
    }
}

#[test]
fn corpus_chars_map_back() {
    let Some(files) = corpus() else { return };
    for (name, text) in &files {
        let p = prepare(text);
        let copied = check_chars_map_back(text, &p.text, &p.to_source);
        let non_space = p.text.chars().filter(|c| !c.is_whitespace()).count();
        let legacy_src = text.chars().filter(|&c| c == 'ƣ' || c == 'Ƣ').count();
        let legacy_found: usize = p
            .normalization
            .legacy
            .iter()
            .map(|r| {
                let s = text.get(r.clone()).unwrap();
                assert!(s.chars().all(|c| c == 'ƣ' || c == 'Ƣ'), "{s:?}");
                s.chars().count()
            })
            .sum();
        assert_eq!(legacy_found, legacy_src, "{name}");
        eprintln!(
            "{name}: {copied}/{non_space} logical chars copied verbatim; legacy ƣ/Ƣ {legacy_src}; \
             non-NFC runs {}; U+FFFD {}",
            p.normalization.non_nfc.len(),
            p.normalization.replacement_chars.len()
        );
        assert!(copied * 100 >= non_space * 99, "{name}");
    }
}

#[test]
fn corpus_004_paragraph_and_footnotes() {
    let Some(text) = corpus_file("004") else {
        return;
    };
    let p = prepare(&text);
    let lines: Vec<&str> = p.text.lines().collect();
    let para: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("Năm 2025") && l.contains("13/17"))
        .collect();
    assert_eq!(para.len(), 1);
    let para = para[0];
    assert!(para.contains("đề ra 17 chỉ tiêu kinh tế"));
    assert!(para.contains("có 03 ti u"));
    assert!(para.contains("gồm: (1) Tố"));
    assert!(para.contains("(2) thu nhập"));
    assert!(para.contains("(4) tỷ lệ tổ dân phố"));
    assert!(para.ends_with("(có phụ lục chi tiết kèm theo)."));
    assert!(!para.contains("Diện tích Lúa"));
    assert!(!para.contains('¹'));

    assert_eq!(p.layout.footnote_refs, 22);
    assert_eq!(p.layout.footnote_defs, 22);
    // Each mark 1..22 is referenced once in the body and defined once.
    for n in 1..=22u32 {
        let mark: String = n
            .to_string()
            .chars()
            .map(|c| {
                "⁰¹²³⁴⁵⁶⁷⁸⁹"
                    .chars()
                    .nth(c.to_digit(10).unwrap() as usize)
                    .unwrap()
            })
            .collect();
        let defs = lines
            .iter()
            .filter(|l| l.starts_with(&format!("{mark} ")))
            .count();
        assert_eq!(defs, 1, "definition {n}");
        let refs = lines
            .iter()
            .filter(|l| !l.starts_with(&format!("{mark} ")))
            .map(|l| {
                l.match_indices(mark.as_str())
                    .filter(|(i, _)| {
                        // Not part of a longer mark (¹ inside ¹²).
                        let before = l.get(..*i).unwrap().chars().next_back();
                        let after = l.get(i + mark.len()..).unwrap().chars().next();
                        before.is_none_or(|c| superscript_value(c).is_none())
                            && after.is_none_or(|c| superscript_value(c).is_none())
                    })
                    .count()
            })
            .sum::<usize>();
        assert_eq!(refs, 1, "reference {n}");
    }
    // Checked by hand against the PDF text.
    let find_line = |s: &str| *lines.iter().find(|l| l.contains(s)).unwrap();
    assert!(find_line("dịch bệnh¹;").contains("Nông, lâm nghiệp và thủy sản"));
    assert!(find_line("¹ Diện tích Lúa")
        .ends_with("Khoai  ang: 6 8 ha;   nh tăm   iệu 12,2 ha, Rau màu các loại 7,6 ha."));
    assert!(find_line("từng  ướ  đi v o nề nếp⁵; kịp thời").starts_with("Công tác quản lý trật tự"));
    assert_eq!(
        find_line("⁵ Thực hiện"),
        "⁵ Thực hiện cấp phép xây dựng  ho 40 trường hợp có nhu cầu xây dựng nhà ở của Nhân dân."
    );
    assert!(find_line("văn hoá năm 2025¹⁰.").contains("đời sống văn hoá"));
    assert_eq!(
        find_line("¹⁹ "),
        "¹⁹ Kết quả có 01  á nhân đạt giải khuyến khích."
    );
    assert!(find_line("mới v  điều chỉnh thông tin").starts_with("- Huy động thu hút đầu tư"));
    // Every mark (references and definitions) maps back to its marker digits.
    let mut marks = 0;
    let mut run: Option<(usize, String)> = None;
    for (i, c) in p
        .text
        .char_indices()
        .chain(std::iter::once((p.text.len(), ' ')))
    {
        match (superscript_value(c), run.as_mut()) {
            (Some(d), Some((_, digits))) => digits.push(d),
            (Some(d), None) => run = Some((i, d.to_string())),
            (None, Some((start, digits))) => {
                let r = p.to_source.map_range(*start..i);
                assert_eq!(text.get(r).unwrap().trim(), digits.as_str());
                marks += 1;
                run = None;
            }
            (None, None) => {}
        }
    }
    assert_eq!(marks, 44);
    // The footnote mark maps back to the marker digits of the PDF text.
    let i = p.text.find("nề nếp⁵").unwrap() + "nề nếp".len();
    let r = p.to_source.map_range(i..i + "⁵".len());
    assert_eq!(text.get(r).unwrap().trim(), "5");
}

#[test]
fn corpus_001_page_number_joined() {
    let Some(text) = corpus_file("001") else {
        return;
    };
    let p = prepare(&text);
    let line = p
        .text
        .lines()
        .find(|l| l.contains("Kết quả hai mặt giáo dục Khối 6"))
        .unwrap();
    assert!(line.ends_with("chưa đạt 08 học sinh đạt 3,31%."));
    assert!(line.contains("đạt 3,31%. Kết quả học tập: tốt 40 học sinh"));
    assert!(!line.contains(" 5 "));
    assert_eq!(p.layout.page_numbers_removed, 2);
    let l = p.text.lines().find(|l| l.contains("689 ha")).unwrap();
    assert!(l.contains("trên địa bàn xã đạt 689 ha"));
    assert!(l.contains("năm 2022-2023 diện tích lúa"));
}

#[test]
fn corpus_000_typed_lines() {
    let Some(text) = corpus_file("000") else {
        return;
    };
    let p = prepare(&text);
    let lines: Vec<&str> = p.text.lines().collect();
    assert!(lines
        .iter()
        .any(|l| l.starts_with("- Hướng dẫn nông dân") && l.contains("ổn định ra thị trường.")));
    assert!(lines.contains(&"1.1. Trồng trọt:"));
    assert!(lines.contains(&"1.3. Khuyến nông"));
    assert!(lines.contains(&"I. LĨNH VỰC KINH TẾ"));
    // Every bullet of the source still starts a logical line.
    for src_line in text.lines() {
        if src_line.starts_with("- ") {
            assert!(
                lines.iter().any(|l| l.starts_with(src_line.trim_end())),
                "{src_line}"
            );
        }
    }
}

#[test]
fn pseudo_random_inputs_do_not_panic_and_map_back() {
    // Deterministic xorshift over pieces that exercise every rule.
    let pieces = [
        "Năm 2025 đạt",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "1",
        "12",
        "\n1\n",
        "\n5\n\n",
        "; ",
        ". ",
        "xã",
        "ƣ",
        "e\u{0301}",
        "\u{0323}",
        "\u{00A0}",
        "\u{200B}",
        "\t",
        "- ",
        "+ ",
        "1.1. ",
        "a) ",
        "I. ",
        "Phần thứ nhất",
        "2022-",
        "2023",
        "¹ ",
        "⁽¹⁾",
        "(",
        ")",
        "TỔNG",
        "                                           ",
        "\u{FFFD}",
        "# ",
        "|",
        "“",
        "tiếp tục",
        "Hội đồng",
        ",",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let mut s = String::new();
        let n = (x % 200) as usize;
        for _ in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str(pieces[(x % pieces.len() as u64) as usize]);
        }
        let p = prepare(&s);
        check_chars_map_back(&s, &p.text, &p.to_source);
        assert!(p.text.is_empty() || p.text.ends_with('\n'));
        assert!(!p.text.contains("\n\n") && !p.text.contains('\r'));
    }
}

#[test]
#[ignore = "slow in debug builds: run with --ignored"]
fn huge_inputs() {
    use std::time::Instant;
    let line = "Tổng số 1.234 hồ sơ, đạt 99,5%; ".repeat(20_000_000 / 40);
    let t = Instant::now();
    let p = prepare(&line);
    eprintln!("20 MB line: {:?}, {} bytes", t.elapsed(), p.text.len());
    let nfd = "Vie\u{0302}\u{0323}t Nam phƣờng\u{00A0}".repeat(20_000_000 / 30);
    let t = Instant::now();
    let n = normalize(&nfd);
    eprintln!(
        "20 MB NFD/legacy: {:?}, {} bytes",
        t.elapsed(),
        n.text.len()
    );
    let para = "Năm 2025 thực hiện Nghị quyết của Hội đồng nhân dân phường đề ra 17 \n\n\
                chỉ tiêu kinh tế - xã hội chủ yếu, trong đó có 13/17 chỉ tiêu đạt\n\n5\n\n";
    let big = para.repeat(50_000_000 / para.len());
    let t = Instant::now();
    let p = prepare(&big);
    eprintln!(
        "50 MB PDF-like: {:?}, {} logical lines, pdf_like {}",
        t.elapsed(),
        p.text.lines().count(),
        p.layout.pdf_like
    );
}

#[test]
fn typed_notes_inside_a_paragraph() {
    let src = fixture("typed_notes.txt");
    let l = reflow(&src);
    assert!(!l.facts.pdf_like);
    assert_eq!(
        l.text,
        "- Nâng cao năng lực quản lý, phát huy vai trò của các đoàn thể, trường, phó thôn tham gia.\n\
         ³ Trong đó, phân bổ ngân sách có trọng tâm.\n\
         ⁴ Hoàn thiện công trình dự án. Tiếp tục hoàn thiện các CÔNG TRÌNH: Nhà đa năng.\n\
         ⁵ Xã đã tổ chức lập quy hoạch.\n\
         - Xây dựng Kế hoạch đối thoại doanh nghiệp.\n"
    );
    // The paragraph's continuation maps to its own line after the notes.
    let cac = find(&src, "các đoàn thể");
    assert_eq!(l.map.map_range(find(&l.text, "các đoàn thể")), cac.clone());
    let cua = find(&src, "vai trò của");
    let sp = find(&l.text, "của các").start + "của".len();
    assert_eq!(l.map.map_range(sp..sp + 1), cua.end..cac.start);
    // The notes, emitted after the paragraph, map back to their lines before it.
    assert_eq!(
        l.map.map_range(find(&l.text, "⁵ Xã đã tổ chức")),
        find(&src, "⁵ Xã đã tổ chức")
    );
    check_chars_map_back(&src, &l.text, &l.map);
}

#[test]
fn lone_numbers_that_do_not_grow_are_not_page_numbers() {
    let src = "Trồng trọt: Tổng diện tích gieo trồng tính đến tháng 6 năm 2023 trên \n\n\
               xã đạt 689 ha bằng 112,7% so với cùng kỳ năm 2022 và so với kế hoạch \n\n\
               7\n\n\
               năm đạt 91,6% theo báo cáo của hợp tác xã dịch vụ nông nghiệp và \n\n\
               của phòng kinh tế\n\n\
               Số vùng sản xuất tập trung:\n\n3\n\nvùng.\n";
    let l = reflow(src);
    assert!(l.facts.pdf_like);
    assert_eq!(l.facts.page_numbers_removed, 1);
    assert_eq!(
        l.text,
        "Trồng trọt: Tổng diện tích gieo trồng tính đến tháng 6 năm 2023 trên xã đạt 689 ha bằng 112,7% so với cùng kỳ năm 2022 và so với kế hoạch năm đạt 91,6% theo báo cáo của hợp tác xã dịch vụ nông nghiệp và của phòng kinh tế\n\
         Số vùng sản xuất tập trung:\n\
         3 vùng.\n"
    );
}

#[test]
fn finished_note_is_not_continued_after_a_rule() {
    let rule = " ".repeat(43);
    let long = "tiếp tục triển khai các nhiệm vụ trọng tâm về phát triển kinh tế xã hội của phường trong năm tới.";
    let src = format!(
        "Tổng sản lượng khai thác năm 2025 ước đạt khoảng 78,35 tấn theo báo cáo\n\n\
         của hợp tác xã nghề cá, tăng so với cùng kỳ năm trước do thời tiết\n\
         1\n\
         ; việc quản lý tàu cá được thực hiện theo đúng quy định hiện hành của\n\n\
         {rule}\n1\n Thời tiết thuận lợi.\n\n{rule}\n{long}\n"
    );
    let l = reflow(&src);
    assert!(l.facts.pdf_like);
    assert_eq!(l.facts.footnote_refs, 1);
    assert_eq!(l.facts.footnote_defs, 1);
    assert_eq!(
        l.text,
        format!(
            "Tổng sản lượng khai thác năm 2025 ước đạt khoảng 78,35 tấn theo báo cáo của hợp tác xã nghề cá, tăng so với cùng kỳ năm trước do thời tiết¹; việc quản lý tàu cá được thực hiện theo đúng quy định hiện hành của {long}\n\
             ¹ Thời tiết thuận lợi.\n"
        )
    );
    check_chars_map_back(&src, &l.text, &l.map);
}

#[test]
fn pseudo_random_bytes_decode_or_fail_cleanly() {
    let mut x: u64 = 0xDEAD_BEEF_1234_5678;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let boms: [&[u8]; 4] = [&[], &[0xEF, 0xBB, 0xBF], &[0xFF, 0xFE], &[0xFE, 0xFF]];
    let mut decoded = 0;
    for round in 0..2000 {
        let mut b = boms[round % 4].to_vec();
        let n = (next() % 64) as usize;
        for _ in 0..n {
            let v = next();
            // Mostly text-like bytes so that some inputs decode.
            b.push(match v % 8 {
                0 => (v >> 8) as u8,
                1 => 0xD8 + (v >> 8) as u8 % 8,
                2 => b'\n',
                3 => b'\r',
                _ => b'a' + (v >> 8) as u8 % 26,
            });
        }
        match SourceFile::from_bytes("r", &b) {
            Ok(s) => {
                decoded += 1;
                // Every char maps to a byte range inside the file.
                for (i, c) in s.text.char_indices() {
                    let r = s.byte_range(i..i + c.len_utf8());
                    assert!(r.start < r.end && r.end <= b.len(), "{r:?} {}", b.len());
                }
                let p = prepare(&s.text);
                check_chars_map_back(&s.text, &p.text, &p.to_source);
            }
            Err(
                InputError::InvalidUtf8 { offset }
                | InputError::InvalidUtf16 { offset }
                | InputError::Binary { offset },
            ) => assert!(offset < b.len()),
            // Random inputs here are a few KiB.
            Err(e @ InputError::TooLarge { .. }) => panic!("{e}"),
        }
    }
    assert!(decoded > 100, "{decoded}");
}
