//! Document rules of issue 4 (part 2) end to end, on synthetic sentences in the corpus' styles
//! (typed, Markdown, PDF-extracted). Every expected value was worked out by hand.

mod common;
use common::{expect_labelled, findings, labels, none, one, E, W};
use doisoat::diagnostic::Severity;

// ------------------------------------------------------------------------------------------
// date-invalid
// ------------------------------------------------------------------------------------------

#[test]
fn date_invalid_flags_impossible_dates() {
    // (text, date as written, message)
    let cases: &[(&str, &str, &str)] = &[
        (
            "Thực hiện Nghị quyết số 44-NQ/TW ngày 24/22/2023 của Ban chấp hành trung ương.",
            "24/22/2023",
            "“24/22/2023” không phải ngày có thật: không có tháng 22",
        ),
        (
            "- Ngày 31/4/2025, UBND xã tổ chức Hội nghị sơ kết.",
            "31/4/2025",
            "“31/4/2025” không phải ngày có thật: tháng 4/2025 chỉ có 30 ngày",
        ),
        // 2025 is not a leap year.
        (
            "Ngày 29/2/2025 tổ chức ra quân.",
            "29/2/2025",
            "“29/2/2025” không phải ngày có thật: tháng 2/2025 chỉ có 28 ngày",
        ),
        // 1900 is not a leap year (divisible by 100, not by 400).
        (
            "Hồ sơ lưu từ ngày 29/02/1900 đến nay.",
            "29/02/1900",
            "“29/02/1900” không phải ngày có thật: tháng 2/1900 chỉ có 28 ngày",
        ),
        (
            "Quyết định số 12/QĐ-UBND ngày 31/06/2025 của UBND xã.",
            "31/06/2025",
            "“31/06/2025” không phải ngày có thật: tháng 6/2025 chỉ có 30 ngày",
        ),
        (
            "Kế hoạch ngày 31/9/2024 của\nUBND huyện về phòng chống thiên tai.",
            "31/9/2024",
            "“31/9/2024” không phải ngày có thật: tháng 9/2024 chỉ có 30 ngày",
        ),
        (
            "Văn bản ngày 15/13/2025 của Sở Nội vụ.",
            "15/13/2025",
            "“15/13/2025” không phải ngày có thật: không có tháng 13",
        ),
        (
            "Thông báo số 5/TB-UBND ngày 32/1/2026.",
            "32/1/2026",
            "“32/1/2026” không phải ngày có thật: tháng 1/2026 chỉ có 31 ngày",
        ),
        // The spelled-out date line of the header.
        (
            "Kè Sắt, ngày 31 tháng 6 năm 2026",
            "ngày 31 tháng 6 năm 2026",
            "“ngày 31 tháng 6 năm 2026” không phải ngày có thật: tháng 6/2026 chỉ có 30 ngày",
        ),
        (
            "Hôm nay, ngày 30 tháng 2 năm 2024, tại trụ sở UBND xã.",
            "ngày 30 tháng 2 năm 2024",
            "“ngày 30 tháng 2 năm 2024” không phải ngày có thật: tháng 2/2024 chỉ có 29 ngày",
        ),
        (
            "Chương trình số 08-CTr/ĐU ngày 31/11/2025 của Ban chấp hành.",
            "31/11/2025",
            "“31/11/2025” không phải ngày có thật: tháng 11/2025 chỉ có 30 ngày",
        ),
    ];
    for (text, date, message) in cases {
        let f = one("date-invalid", text);
        assert_eq!(f.severity, E, "{text}");
        assert_eq!(f.message, *message);
        assert_eq!(
            f.labels,
            labels(&[(date, &format!("ngày được ghi: {date}"))]),
            "{text}"
        );
        assert!(f.fixes.is_empty());
    }
}

#[test]
fn date_invalid_flags_broken_separators_with_a_safe_fix() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "Nghị định 168/NĐ-CP ngày 26/12//2024 về xử phạt vi phạm hành chính.",
            "26/12//2024",
            "26/12/2024",
        ),
        (
            "Chương trình hành động số 03-CTr/ĐU ngày 19/ 8/2025 của Ban Chấp hành.",
            "19/ 8/2025",
            "19/8/2025",
        ),
    ];
    for (text, date, fixed) in cases {
        let f = one("date-invalid", text);
        assert_eq!(f.severity, W);
        assert_eq!(f.message, format!("Ngày “{date}” viết sai dấu phân cách"));
        assert_eq!(
            f.labels,
            labels(&[(date, &format!("ngày được ghi: {date}"))])
        );
        assert_eq!(f.fixes, vec![(date.to_string(), fixed.to_string(), true)]);
    }
}

#[test]
fn date_invalid_flags_backward_ranges() {
    expect_labelled(
        "date-invalid",
        "Kỷ niệm ngày Thương binh - Liệt sĩ (27/7/2023-27/7/1947).",
        W,
        "Khoảng thời gian kết thúc (27/7/1947) trước khi bắt đầu (27/7/2023)",
        &[
            ("27/7/2023", "bắt đầu: 27/7/2023"),
            ("27/7/1947", "kết thúc: 27/7/1947"),
        ],
    );
    let f = one(
        "date-invalid",
        "Thời gian thực hiện từ 15/8/2025 đến 01/8/2025.",
    );
    assert_eq!(
        f.message,
        "Khoảng thời gian kết thúc (01/8/2025) trước khi bắt đầu (15/8/2025)"
    );
}

#[test]
fn date_invalid_is_silent_on_real_dates() {
    for text in [
        "Kè Sắt, ngày   tháng 6 năm 2026",
        "Hà Bắc, ngày tháng năm 2026",
        "An Thạnh, ngày 15 tháng 12 năm 2025",
        "Ngày 29/2/2024 tổ chức ra quân.",
        "Ngày 29/02/2000 là ngày có thật.",
        "Nghị quyết số 394/NQ-CP ngày 03/12/2025 của Chính phủ.",
        "Chương trình hành động số 08-CTr/ĐU ngày 31/03/2026.",
        "ngày Thương binh - Liệt sĩ 27/7.",
        "Kỷ niệm 78 năm ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2025).",
        "Thời gian thực hiện từ 01/8/2025 đến 15/8/2025.",
        "Đến 30/6/2026, toàn xã có 13/17 chỉ tiêu đạt.",
        "Quý 1,2,3,4/2025 và giai đoạn 2021 - 2025.",
        "# Kế hoạch\n\nSố: /KH-UBND ngày tháng 5 năm 2026 của UBND xã Kiến Hải",
        "Ngày 31/12/2025, UBND xã tổng kết.",
    ] {
        none("date-invalid", text);
    }
}

// ------------------------------------------------------------------------------------------
// footnote-orphan
// ------------------------------------------------------------------------------------------

#[test]
fn footnote_orphan_flags_references_without_notes() {
    // (text, severity, mark as written, label)
    let cases: &[(&str, Severity, &str)] = &[
        ("Toàn xã hiện đang quản lý 12 mô hình² và 3 hợp tác xã¹.\n\n¹ Hợp tác xã Hòa Lạc, Phú Xuân, Đông Thạnh.", E, "²"),
        ("Thu ngân sách đạt 130,8 tỷ đồng⁽²⁾, chi 106,9 tỷ đồng⁽¹⁾.\n\n⁽¹⁾ Chi thường xuyên và chi đầu tư.", E, "⁽²⁾"),
        ("Xây dựng 05 nhà văn hoá[^2] và 02 trường học[^1].\n\n[^1]: Trường Tiểu học và Trung học cơ sở.", E, "[^2]"),
        ("Toàn phường có 25 học sinh đỗ Đại học¹, 7/7 trường đạt chuẩn³.\n\n¹ Trong đó 05 em đạt trên 27 điểm.\n\n² Năm học 2024 - 2025.", E, "³"),
        // No notes at all: they may have been lost; a warning.
        ("Toàn xã hiện đang quản lý 12 mô hình² theo kế hoạch.", W, "²"),
        ("Cấp phép xây dựng cho 40 trường hợp⁵ trong năm.", W, "⁵"),
    ];
    for (text, sev, mark) in cases {
        let got = findings("footnote-orphan", text);
        let f = got
            .iter()
            .find(|f| f.message.contains("được dẫn nhưng"))
            .unwrap_or_else(|| panic!("{text}: {got:#?}"));
        assert_eq!(f.severity, *sev, "{text}");
        assert_eq!(
            f.message,
            format!("Chú thích {mark} được dẫn nhưng không có nội dung chú thích")
        );
        let n: String = mark.chars().filter(|c| !"⁽⁾[^]".contains(*c)).collect();
        let n = match n.as_str() {
            "²" => "2",
            "³" => "3",
            "⁵" => "5",
            other => other,
        }
        .to_string();
        assert_eq!(
            f.labels,
            labels(&[(mark, &format!("dấu chú thích {n}"))]),
            "{text}"
        );
    }
}

#[test]
fn footnote_orphan_flags_notes_without_references_duplicates_and_gaps() {
    expect_labelled(
        "footnote-orphan",
        "Xây dựng 05 nhà văn hoá¹.\n\n¹ Tại các thôn 1, 2, 3, 4, 5.\n\n² Kinh phí 1,2 tỷ đồng.",
        W,
        "Chú thích ² có nội dung nhưng không được dẫn ở đâu trong văn bản",
        &[("²", "nội dung chú thích 2")],
    );

    let f = one(
        "footnote-orphan",
        "Trồng 12 ha rau¹ và 3 ha hoa.\n\n[^1]: Rau an toàn.\n\n[^2]: Hoa cúc.",
    );
    assert_eq!(f.severity, W);
    assert!(
        f.message.starts_with("Chú thích [^2] có nội dung"),
        "{f:#?}"
    );

    // Duplicate notes: the same number written twice.
    let got = findings(
        "footnote-orphan",
        "Xây dựng 05 nhà văn hoá¹ và 02 trường².\n\n¹ Tại các thôn.\n\n² Trường Tiểu học.\n\n² Trường Mầm non.",
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].severity, W);
    assert_eq!(got[0].message, "Chú thích ² được viết 2 lần");
    assert_eq!(
        got[0].labels,
        labels(&[("²", "nội dung chú thích 2"), ("²", "nội dung chú thích 2")])
    );

    // Skipped numbers: ¹ ² ⁴, each defined.
    expect_labelled(
        "footnote-orphan",
        "Có 05 nhà văn hoá¹, 02 trường² và 03 chợ⁴.\n\n¹ Tại các thôn.\n\n² Tiểu học.\n\n⁴ Chợ xã.",
        W,
        "Số chú thích bị nhảy: không có chú thích 3 trước chú thích 4",
        &[("⁴", "chú thích 4")],
    );

    let f = one(
        "footnote-orphan",
        "Có 05 nhà văn hoá¹ và 03 chợ⁵.\n\n¹ Tại các thôn.\n\n⁵ Chợ xã.",
    );
    assert_eq!(
        f.message,
        "Số chú thích bị nhảy: không có chú thích 2, 3, 4 trước chú thích 5"
    );
}

#[test]
fn footnote_orphan_is_silent_when_every_mark_has_its_note() {
    for text in [
        "Có 12 mô hình¹ và 3 hợp tác xã².\n\n¹ Mô hình trồng rau.\n\n² Hợp tác xã Hòa Lạc.",
        // Mixed `³` and `⁽³⁾` styles, as in the corpus: fine.
        "Giải quyết 120 hồ sơ⁽¹⁾ và 45 thủ tục².\n\n¹ Lĩnh vực đất đai.\n\n² Lĩnh vực hộ tịch.",
        "Giải quyết 120 hồ sơ⁽¹⁾ và 45 thủ tục⁽²⁾.\n\n⁽¹⁾ Lĩnh vực đất đai.\n\n⁽²⁾ Lĩnh vực hộ tịch.",
        "Xây dựng 05 nhà văn hoá[^1].\n\n[^1]: Tại các thôn.",
        // One note cited twice.
        "Xây dựng 05 nhà văn hoá¹, tu sửa 02 nhà văn hoá¹.\n\n¹ Tại các thôn.",
        "Diện tích 1.200 m² đất ở và 3 km² mặt nước.",
        "Toàn xã có 17 chỉ tiêu, trong đó 13/17 chỉ tiêu đạt.",
        "Có 10 nhà văn hoá¹⁰ và 11 chợ¹¹.\n\n¹ a.\n\n² b.\n\n³ c.\n\n⁴ d.\n\n⁵ e.\n\n⁶ f.\n\n⁷ g.\n\n⁸ h.\n\n⁹ i.\n\n¹⁰ Tại các thôn.\n\n¹¹ Chợ xã.",
        "Thực hiện theo Nghị quyết số 44-NQ/TW ngày 24/11/2023.",
        "# Báo cáo\n\n## I. Kết quả\n\n1. Có 12 mô hình¹.\n\n¹ Mô hình trồng rau.",
    ] {
        let got = findings("footnote-orphan", text);
        // The 10-notes case has notes 1–9 with no references: warnings expected there.
        if text.starts_with("Có 10 nhà") {
            assert_eq!(got.len(), 9, "{got:#?}");
            assert!(got.iter().all(|f| f.severity == W));
            continue;
        }
        assert!(got.is_empty(), "expected nothing in {text:?}, got {got:#?}");
    }
}

// ------------------------------------------------------------------------------------------
// heading-sequence
// ------------------------------------------------------------------------------------------

/// (text, severity, message, labels)
type HeadingCase = (
    &'static str,
    Severity,
    &'static str,
    &'static [(&'static str, &'static str)],
);

#[test]
fn heading_sequence_flags_gaps_repeats_and_going_back() {
    // (text, severity, message, labels)
    let cases: &[HeadingCase] = &[
        (
            "I. KẾT QUẢ\n\nII. TỒN TẠI\n\nIV. NHIỆM VỤ",
            E,
            "Số thứ tự đề mục bị nhảy: sau “II.” là “IV.”",
            &[("II.", "trước: II."), ("IV.", "số này: IV.")],
        ),
        (
            "I. KẾT QUẢ\n\n1. Nông nghiệp\n\n2. Công nghiệp\n\n2. Dịch vụ\n\n4. Giao thông",
            E,
            "Số thứ tự đề mục bị lặp: “2.” sau “2.”",
            &[("2.", "trước: 2."), ("2.", "số này: 2.")],
        ),
        (
            "I. KẾT QUẢ\n\n1. Nông nghiệp\n\n1.1. Trồng trọt\n\n1.3. Chăn nuôi",
            E,
            "Số thứ tự đề mục bị nhảy: sau “1.1.” là “1.3.”",
            &[("1.1.", "trước: 1.1."), ("1.3.", "số này: 1.3.")],
        ),
        (
            "I. KẾT QUẢ\n\n1. Nông nghiệp\n\n3. Công nghiệp\n\n2. Dịch vụ",
            E,
            "Số thứ tự đề mục bị nhảy: sau “1.” là “3.”",
            &[("1.", "trước: 1."), ("3.", "số này: 3.")],
        ),
        (
            "## I. KẾT QUẢ\n\n## III. NHIỆM VỤ",
            E,
            "Số thứ tự đề mục bị nhảy: sau “I.” là “III.”",
            &[("I.", "trước: I."), ("III.", "số này: III.")],
        ),
        (
            "I. MỤC ĐÍCH\n\nII. CHỈ TIÊU\n\nI. GIẢI PHÁP",
            E,
            "Số thứ tự đề mục bị lùi: “I.” sau “II.”",
            &[("II.", "trước: II."), ("I.", "số này: I.")],
        ),
    ];
    for (text, sev, message, labs) in cases {
        let got = findings("heading-sequence", text);
        let f = got
            .iter()
            .find(|f| f.message == *message)
            .unwrap_or_else(|| panic!("{text:?}: {got:#?}"));
        assert_eq!(f.severity, *sev, "{text:?}");
        assert_eq!(f.labels, labels(labs), "{text:?}");
    }
}

#[test]
fn heading_sequence_flags_style_mixes_restarts_and_enumerations() {
    // The corpus' 000: `Phần thứ nhất` … `Phần II`.
    expect_labelled(
        "heading-sequence",
        "Phần thứ nhất\n\nKẾT QUẢ THỰC HIỆN\n\nI. LĨNH VỰC KINH TẾ\n\nPhần II\n\nNHIỆM VỤ",
        W,
        "Các đề mục cùng cấp đánh số theo hai kiểu: “Phần thứ nhất” và “Phần II”",
        &[
            ("Phần thứ nhất", "kiểu “Phần thứ nhất”"),
            ("Phần II", "kiểu “Phần I”"),
        ],
    );
    // A decimal subheading under the wrong parent.
    let got = findings(
        "heading-sequence",
        "I. KẾT QUẢ\n\n1. Nông nghiệp\n\n1.1. Trồng trọt\n\n2. Công nghiệp\n\n1.2. Tiểu thủ công nghiệp",
    );
    let f = got
        .iter()
        .find(|f| f.message.contains("không mang số"))
        .unwrap_or_else(|| panic!("{got:#?}"));
    assert_eq!(f.severity, W);
    assert_eq!(
        f.message,
        "Đề mục “1.2.” nằm trong mục “2.” nhưng không mang số của mục này"
    );
    assert_eq!(
        f.labels,
        labels(&[("1.2.", "số này: 1.2."), ("2.", "mục cha: 2.")])
    );
    // Inline enumerations.
    let cases: &[(&str, &str, &str)] = &[
        ("Có 04 tiêu chí không đạt, gồm: (1) Tốc độ tăng trưởng, (2) thu nhập, (4) trường chuẩn.", "(2)", "(4)"),
        ("Nhiệm vụ: a) tuyên truyền; b) kiểm tra; d) báo cáo.", "b)", "d)"),
        ("Gồm: (1) giao thông, (2) thủy lợi, (2) điện.", "(2)", "(2)"),
        ("Các bước: (1) rà soát, (3) thẩm định, (2) phê duyệt.", "(1)", "(3)"),
    ];
    for (text, prev, this) in cases {
        let got = findings("heading-sequence", text);
        let f = got
            .iter()
            .find(|f| f.message.contains("liệt kê"))
            .unwrap_or_else(|| panic!("{text:?}: {got:#?}"));
        assert_eq!(f.severity, W);
        assert_eq!(
            f.message,
            format!("Các ý liệt kê không theo thứ tự: “{this}” sau “{prev}”")
        );
        assert_eq!(
            f.labels,
            labels(&[
                (prev, &format!("trước: {prev}")),
                (this, &format!("số này: {this}"))
            ])
        );
    }
}

#[test]
fn heading_sequence_is_silent_on_orderly_numbering() {
    for text in [
        "I. KẾT QUẢ\n\nII. TỒN TẠI\n\nIII. NHIỆM VỤ",
        "I. KẾT QUẢ\n\n1. Nông nghiệp\n\n2. Công nghiệp\n\nII. TỒN TẠI\n\n1. Tồn tại\n\n2. Nguyên nhân",
        "I. KẾT QUẢ\n\n1. Nông nghiệp\n\n1.1. Trồng trọt\n\n1.2. Chăn nuôi\n\n2. Công nghiệp\n\n2.1. Điện",
        "Phần thứ nhất\n\nKẾT QUẢ\n\nI. KINH TẾ\n\nPhần thứ hai\n\nNHIỆM VỤ",
        "PHẦN THỨ NHẤT\n\nI. LĨNH VỰC KINH TẾ\n\nPHẦN THỨ HAI\n\n1. Lĩnh vực Kinh tế",
        "## Tổng quan\n\n## Kết quả\n\n### Chi tiết",
        "Có 04 tiêu chí không đạt, gồm: (1) Tốc độ tăng trưởng, (2) thu nhập, (3) trường chuẩn, (4) văn hóa.",
        "Nhiệm vụ: a) tuyên truyền; b) kiểm tra; c) báo cáo.",
        // Two lists in one paragraph, each from 1.
        "Mục tiêu: (1) tăng thu, (2) giảm chi; giải pháp: (1) rà soát, (2) kiểm tra.",
        "I. KẾT QUẢ\n\n1. Nông nghiệp\n\na) Trồng trọt\n\nb) Chăn nuôi\n\n2. Công nghiệp\n\na) Điện",
        "Toàn xã có 17 chỉ tiêu, trong đó 13/17 chỉ tiêu đạt kế hoạch.",
    ] {
        none("heading-sequence", text);
    }
}

// ------------------------------------------------------------------------------------------
// number-format
// ------------------------------------------------------------------------------------------

#[test]
fn number_format_flags_mixed_decimal_marks_with_safe_fixes_where_certain() {
    let f = one(
        "number-format",
        "Tăng trưởng kinh tế đạt 13.82%, trong đó thương mại dịch vụ chiếm 38,89%.",
    );
    assert_eq!(f.severity, W);
    assert_eq!(
        f.message,
        "Văn bản dùng hai kiểu dấu thập phân: 1 số viết dấu chấm, 1 số viết dấu phẩy"
    );
    assert_eq!(
        f.labels,
        labels(&[
            ("13.82", "dấu chấm thập phân: 13.82"),
            ("38,89", "dấu phẩy thập phân: 38,89")
        ])
    );
    // 1382 % is not a plausible reading: the fix is certain.
    assert_eq!(f.fixes, vec![("13.82".into(), "13,82".into(), true)]);

    // Six dot decimals: five labelled, the count says six; 77.7 and 71.4 fixed, 1.46 not.
    let got = findings(
        "number-format",
        "Tỷ lệ hộ nghèo 1.46%, tỷ lệ A 77.7%, B 71.4%, C 13.82%, D 55.5%, E 60.2% và F 28,6%.",
    );
    let f = got
        .iter()
        .find(|f| f.message.contains("hai kiểu"))
        .unwrap_or_else(|| panic!("{got:#?}"));
    assert_eq!(
        f.message,
        "Văn bản dùng hai kiểu dấu thập phân: 6 số viết dấu chấm, 1 số viết dấu phẩy"
    );
    assert_eq!(f.labels.len(), 6, "{f:#?}");
    assert_eq!(
        f.labels[5],
        ("28,6".into(), "dấu phẩy thập phân: 28,6".into())
    );
    assert_eq!(
        f.fixes,
        vec![
            ("77.7".into(), "77,7".into(), true),
            ("71.4".into(), "71,4".into(), true),
            ("13.82".into(), "13,82".into(), true),
            ("55.5".into(), "55,5".into(), true),
            ("60.2".into(), "60,2".into(), true),
        ]
    );
}

#[test]
fn number_format_flags_ambiguous_values() {
    // (text, first value, label)
    let cases: &[(&str, &str, &str)] = &[
        ("Tỷ lệ hộ nghèo còn 1.46%.", "1.46", "1,46 hay 146?"),
        ("Tỷ lệ tăng dân số tự nhiên 1.2%.", "1.2", "1,2 hay 12?"),
        ("Diện tích lúa 55.12 ha.", "55.12", "55,12 hay 5.512?"),
        ("Sản lượng đạt 2.5 tấn.", "2.5", "2,5 hay 25?"),
        (
            "Thu nhập bình quân 65.5 triệu đồng/người/năm.",
            "65.5",
            "65,5 hay 655?",
        ),
        (
            "- Tỷ lệ hộ nghèo còn 1.46% theo chuẩn mới;",
            "1.46",
            "1,46 hay 146?",
        ),
    ];
    for (text, first, label) in cases {
        let got = findings("number-format", text);
        let f = got
            .iter()
            .find(|f| f.message.contains("hai cách"))
            .unwrap_or_else(|| panic!("{text:?}: {got:#?}"));
        assert_eq!(f.severity, W);
        assert_eq!(f.message, format!("1 số đọc được hai cách, như “{first}”"));
        assert_eq!(f.labels, labels(&[(first, label)]), "{text:?}");
        assert!(f.fixes.is_empty());
    }
}

#[test]
fn number_format_flags_mixed_grouping() {
    let cases: &[(&str, &str)] = &[
        (
            "Dân số 5.449 người, trong đó 125000 người trong độ tuổi lao động.",
            "125000",
        ),
        (
            "Tổng thu 1,234,567 nghìn đồng, tổng chi 1.113.600 nghìn đồng.",
            "1,234,567",
        ),
        (
            "- Giải quyết 5.302 hồ sơ;\n- Tiếp nhận 10250 hồ sơ.",
            "10250",
        ),
    ];
    for (text, odd) in cases {
        let f = one("number-format", text);
        assert_eq!(f.severity, W);
        assert_eq!(
            f.message,
            "Văn bản ngăn hàng nghìn không thống nhất: 1 số viết khác với 1 số có dấu chấm ngăn hàng nghìn"
        );
        assert_eq!(
            f.labels.first(),
            Some(&(odd.to_string(), format!("viết: {odd}")))
        );
    }
}

#[test]
fn number_format_is_silent_on_consistent_numbers() {
    for text in [
        "Tỷ lệ hộ nghèo còn 1,46%, thu nhập bình quân 65,5 triệu đồng/người/năm.",
        "Dân số 5.449 người, trong đó 5302 người trong độ tuổi lao động.",
        "Diện tích 1.113,6 ha, sản lượng 39.554 tấn.",
        "Thu ngân sách 6.413.384.669 đồng, đạt 130,8%.",
        "Tổng thu 140,583 tỷ đồng, trong đó 4,550 tỷ đồng.",
        "Nghị quyết số 44-NQ/TW ngày 24/11/2023, Quốc lộ 38.",
        "1.1\tCông nghiệp – xây dựng\t%\t18\t18\n1.2\tThương mại – dịch vụ\t%\t24\t24",
        "Toàn xã có 17 chỉ tiêu, trong đó 13/17 chỉ tiêu đạt.",
        "Có 03 tiêu chí không đạt, 2026 là năm đầu nhiệm kỳ.",
        "Giai đoạn 2021 - 2025, tăng trưởng bình quân 8,5%/năm.",
        "Sản lượng lúa 1.218,6 ha; rau màu 245,3 ha; cây ăn quả 52,5 ha.",
    ] {
        none("number-format", text);
    }
}

// ------------------------------------------------------------------------------------------
// period-mismatch
// ------------------------------------------------------------------------------------------

const TITLE_2026: &str =
    "BÁO CÁO\nKết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm 2026\n\n";
const TITLE_2025: &str =
    "**BÁO CÁO**\n\n**Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025**\n\n";

#[test]
fn period_mismatch_flags_earlier_periods_in_results_sentences() {
    // (title, body, period in the text, title year)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            TITLE_2026,
            "Trong 6 tháng đầu năm 2024 xảy ra 04 vụ tai nạn giao thông.",
            "6 tháng đầu năm 2024",
            "2026",
        ),
        (
            TITLE_2026,
            "Trong năm 2025, toàn xã giải quyết 120 hồ sơ.",
            "năm 2025",
            "2026",
        ),
        (
            TITLE_2026,
            "- Trong 6 tháng năm 2023 tổ chức 05 lớp tập huấn.",
            "6 tháng năm 2023",
            "2026",
        ),
        (
            TITLE_2026,
            "Công tác an ninh ổn định. Trong 6 tháng đầu năm 2025, xảy ra 02 vụ cháy.",
            "6 tháng đầu năm 2025",
            "2026",
        ),
        (
            TITLE_2026,
            "Kết quả: trong quý I năm 2025 thu ngân sách 12 tỷ đồng.",
            "quý i năm 2025",
            "2026",
        ),
        (
            TITLE_2025,
            "Trong năm 2024, tổng thu ngân sách đạt 130,8 tỷ đồng.",
            "năm 2024",
            "2025",
        ),
        (
            TITLE_2025,
            "+ Trong 9 tháng đầu năm 2024 cấp 40 giấy phép xây dựng.",
            "9 tháng đầu năm 2024",
            "2025",
        ),
        (
            TITLE_2025,
            "Tính đến hết năm 2023 toàn xã có 17 chỉ tiêu.",
            "năm 2023",
            "2025",
        ),
        (
            TITLE_2025,
            "- Giáo dục: trong năm 2024 có 25 học sinh đỗ đại học.",
            "năm 2024",
            "2025",
        ),
        (
            TITLE_2025,
            "Về y tế; trong 6 tháng cuối năm 2024 khám 1.200 lượt.",
            "6 tháng cuối năm 2024",
            "2025",
        ),
    ];
    for (title, body, period, year) in cases {
        let text = format!("{title}{body}");
        let f = one("period-mismatch", &text);
        assert_eq!(f.severity, W);
        // The message quotes the period as written (the case of `quý I` is kept).
        let written = f.labels[0].0.clone();
        assert_eq!(written.to_lowercase(), *period, "{text}");
        assert_eq!(
            f.message,
            format!("Câu này nói về “{written}”, nhưng văn bản báo cáo năm {year}")
        );
        assert_eq!(f.labels[0].1, format!("kỳ nêu trong câu: {written}"));
        assert_eq!(
            f.labels[1],
            (
                format!("năm {year}"),
                format!("kỳ báo cáo ở tiêu đề: năm {year}")
            )
        );
    }
}

#[test]
fn period_mismatch_is_silent_on_comparisons_plans_and_same_year() {
    for body in [
        "Trong 6 tháng đầu năm 2026 xảy ra 04 vụ tai nạn giao thông.",
        "Thu ngân sách đạt 12 tỷ đồng, tăng 8% so với cùng kỳ năm 2025.",
        "Số vụ tai nạn giảm 02 vụ so với năm 2024.",
        "Trong năm 2027 phấn đấu 100% hộ dùng nước sạch.",
        "Trong năm 2026, tiếp tục thực hiện các nhiệm vụ.",
        "Kế hoạch giai đoạn 2021 - 2025 đã hoàn thành.",
        "Thực hiện Nghị quyết số 44-NQ/TW ngày 24/11/2023.",
        "Đến năm 2030, toàn xã đạt chuẩn nông thôn mới nâng cao.",
        "Trong năm 2024 - 2025, các trường đều đạt chuẩn.",
        "Cũng như trong năm 2024, công tác phòng chống thiên tai được chú trọng.",
    ] {
        none("period-mismatch", &format!("{TITLE_2026}{body}"));
    }
    // No period in the title: nothing to compare with.
    none(
        "period-mismatch",
        "BÁO CÁO\nTình hình thực hiện kế hoạch phát triển kinh tế - xã hội\n\nTrong năm 2020 xảy ra 04 vụ cháy.",
    );
}

// ------------------------------------------------------------------------------------------
// conflicting-values
// ------------------------------------------------------------------------------------------

#[test]
fn conflicting_values_flags_ordinal_terms_written_two_ways() {
    // (text, severity, message, first term, second term)
    let cases: &[(&str, Severity, &str, &str, &str)] = &[
        // The corpus' 000: the same election, two terms.
        ("Phục vụ bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp. Tuyên truyền Nghị quyết Đại hội XIV của Đảng, bầu cử Đại biểu Quốc hội khoá XIV.",
         E, "“Quốc hội” được ghi với hai khóa khác nhau: “khóa XVI” và “khoá XIV”", "khóa XVI", "khoá XIV"),
        ("- Tổ chức bầu cử đại biểu Quốc hội khóa XVI;\n- Tổng kết công tác bầu cử đại biểu Quốc hội khóa XV.",
         E, "“Quốc hội” được ghi với hai khóa khác nhau: “khóa XVI” và “khóa XV”", "khóa XVI", "khóa XV"),
        // Not the same event: a warning.
        ("Thực hiện Nghị quyết của Quốc hội khóa XV. Chuẩn bị bầu cử đại biểu Quốc hội khóa XVI.",
         W, "“Quốc hội” được ghi với hai khóa khác nhau: “khóa XV” và “khóa XVI”", "khóa XV", "khóa XVI"),
        ("Nghị quyết kỳ họp thứ 5 HĐND xã khóa XX. Kỳ họp thứ 6 HĐND xã khóa XXI.",
         W, "“HĐND xã” được ghi với hai khóa khác nhau: “khóa XX” và “khóa XXI”", "khóa XX", "khóa XXI"),
        ("Nghị quyết của Ban chấp hành trung ương Đảng khoá XIII. Chỉ thị của Ban Chấp hành Trung ương Đảng khóa XII.",
         W, "“Ban chấp hành trung ương Đảng” được ghi với hai khóa khác nhau: “khoá XIII” và “khóa XII”", "khoá XIII", "khóa XII"),
        ("Kỳ họp HĐND phường khóa I. Kỳ họp thứ hai HĐND phường khóa II.",
         W, "“HĐND phường” được ghi với hai khóa khác nhau: “khóa I” và “khóa II”", "khóa I", "khóa II"),
        // The body's name is shown whole: widened from `bộ xã` to its capitalised word, or to
        // a stop word (`của`) when it is written in lowercase.
        ("Nghị quyết Đại hội Đảng bộ xã khóa XV. Ban Chấp hành Đảng bộ xã khóa XVI họp phiên đầu.",
         W, "“Đảng bộ xã” được ghi với hai khóa khác nhau: “khóa XV” và “khóa XVI”", "khóa XV", "khóa XVI"),
        ("Thực hiện nghị quyết của hội đồng nhân dân xã khóa XX; kỳ họp của hội đồng nhân dân xã khóa XXI.",
         W, "“hội đồng nhân dân xã” được ghi với hai khóa khác nhau: “khóa XX” và “khóa XXI”", "khóa XX", "khóa XXI"),
        // Widened to seven words without a capital or a stop word: shown cut, with `…`.
        ("Kỳ họp hội đồng nhân dân thành phố trực thuộc trung ương khóa XX. Kỳ họp hội đồng nhân dân thành phố trực thuộc trung ương khóa XXI.",
         W, "“…dân thành phố trực thuộc trung ương” được ghi với hai khóa khác nhau: “khóa XX” và “khóa XXI”", "khóa XX", "khóa XXI"),
    ];
    for (text, sev, message, a, b) in cases {
        let f = one("conflicting-values", text);
        assert_eq!(f.severity, *sev, "{text}");
        assert_eq!(f.message, *message);
        assert_eq!(
            f.labels,
            labels(&[(a, &format!("lần đầu: {a}")), (b, &format!("lần sau: {b}"))])
        );
    }
}

#[test]
fn conflicting_values_flags_not_achieved_counts() {
    let cases: &[(&str, &str, &str)] = &[
        ("Có 03 tiêu chí không đạt, gồm giao thông, thủy lợi, điện. Đến nay còn 04/17 tiêu chí chưa hoàn thành.", "03", "04"),
        ("- 02 chỉ tiêu không đạt;\n- Tổng hợp: 03 chỉ tiêu không đạt.", "02", "03"),
        ("Toàn xã có 05 thôn chưa đạt. Trong năm có 06 thôn chưa đạt.", "05", "06"),
        ("Có 2 hồ sơ chưa hoàn thành. Báo cáo cuối năm ghi 4 hồ sơ chưa hoàn thành.", "2", "4"),
    ];
    for (text, a, b) in cases {
        let f = one("conflicting-values", text);
        assert_eq!(f.severity, W);
        assert!(
            f.message.ends_with(&format!(
                "được nêu hai lần với hai giá trị khác nhau: {a} và {b}"
            )),
            "{}",
            f.message
        );
        assert_eq!(
            f.labels,
            labels(&[(a, &format!("lần đầu: {a}")), (b, &format!("lần sau: {b}"))])
        );
    }
}

#[test]
fn conflicting_values_is_silent_on_agreeing_statements() {
    for text in [
        "Bầu cử đại biểu Quốc hội khóa XVI. Tổng kết bầu cử đại biểu Quốc hội khoá XVI.",
        "Nghị quyết Đại hội XIV của Đảng; Nghị quyết Ban chấp hành trung ương Đảng khoá XIII.",
        "Nghị quyết số 19-NQ/TW của Ban Chấp hành Trung ương 6 khóa XII; Nghị quyết số 44-NQ/TW của Ban chấp hành trung ương Đảng khoá XIII.",
        "Kỳ họp HĐND phường khóa I. Đại biểu Quốc hội khóa XVI.",
        "Có 03 tiêu chí không đạt. Đến nay còn 03/17 tiêu chí chưa hoàn thành.",
        "Có 03 tiêu chí không đạt và 02 chỉ tiêu không đạt.",
        "Có 13/17 chỉ tiêu đạt và 04/17 chỉ tiêu không đạt.",
        "Năm 2024 có 03/19 tiêu chí không đạt; năm 2025 còn 02/17 tiêu chí không đạt.",
        "Có 12 hồ sơ đạt, 03 hồ sơ đạt loại khá.",
        "Khoảng 3 hộ chưa đạt, 4 hộ đã hoàn thành.",
        "Tỷ lệ 3% không đạt, 4% đạt loại khá.",
    ] {
        none("conflicting-values", text);
    }
}

// conflicting-values: a figure in the text against the appendix table.

/// A plan in the style of the corpus' 002: year columns `2026` … `2030 (mục tiêu)`.
const PLAN_HEAD: &str = "KẾ HOẠCH\n\nPhát triển kinh tế - xã hội giai đoạn 2026 - 2030\n\n";
const PLAN_TABLE: &str =
    "\nSTT\tChỉ tiêu chủ yếu\tĐơn vị tính\t2026\t2027\t2028\t2029\t2030 (mục tiêu)\tPhân công\n\
1\tTỷ lệ hộ nghèo (chuẩn đa chiều)\t%\t1,0\t0,8\t0,5\t0,2\t0\tPhòng Kinh tế\n\
2\tLao động tham gia BHXH\t%\t55\t58\t60\t63\t66\tPhòng VH-XH\n\
3\tDoanh nghiệp thành lập mới\tDoanh nghiệp\t20\t22\t24\t26\t28\tPhòng Kinh tế\n\
4\tDiện tích đất trồng lúa\tha\t330\t325\t320\t315\t320\tPhòng Kinh tế\n\
5\tTỷ lệ che phủ rừng\t%\t40\t40\t41\t41\t41\tPhòng Kinh tế\n\
6\tThu nhập bình quân đầu người\tTriệu đồng/người/năm\t85\t105\t130\t155\t170\tPhòng Kinh tế\n\
7\tVốn đầu tư ngân sách xã\tTỷ đồng\t210\t213\t213\t214\t220\tBan QLDA\n";

/// A typed report with a Markdown table: planned and achieved columns, and a ratio column
/// that is never read.
const REPORT_HEAD: &str =
    "**BÁO CÁO**\n\n**Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025**\n\n";
const REPORT_TABLE: &str =
    "\n| STT | Chỉ tiêu | ĐVT | KH 2025 | TH 2025 | So sánh TH/KH 2025 (%) | KH 2026 |\n\
|---|---|---|---|---|---|---|\n\
| 1 | Thu ngân sách trên địa bàn | Tỷ đồng | 50 | 55 | 110 | 58 |\n\
| 2 | Tỷ lệ hộ nghèo | % | 1,8 | 1,2 | 66,7 | 1,0 |\n\
| 3 | Tỷ lệ người dân tham gia BHYT | % | 93 | 93,5 | 100,5 | 95 |\n";

#[test]
fn conflicting_values_flags_a_text_figure_against_the_table() {
    // (head, body, table, severity, subject, year, text figure, table cell, unit, column)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Severity,
        &'static str,
        u32,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );
    let cases: &[Case] = &[
        // The table names the indicator with a parenthesis: a warning.
        (
            PLAN_HEAD,
            "(8). Đến năm 2030, tỷ lệ hộ nghèo còn 2%.",
            PLAN_TABLE,
            W,
            "Tỷ lệ hộ nghèo (chuẩn đa chiều)",
            2030,
            "2%",
            "0",
            "%",
            "2030 (mục tiêu)",
        ),
        // `tỷ lệ` in the text, not in the table: a warning.
        (
            PLAN_HEAD,
            "(11). Đến năm 2030, tỷ lệ lao động tham gia BHXH đạt 60%.",
            PLAN_TABLE,
            W,
            "Lao động tham gia BHXH",
            2030,
            "60%",
            "66",
            "%",
            "2030 (mục tiêu)",
        ),
        (
            PLAN_HEAD,
            "- Kế hoạch năm 2027: số doanh nghiệp thành lập mới là 25 doanh nghiệp.",
            PLAN_TABLE,
            W,
            "Doanh nghiệp thành lập mới",
            2027,
            "25 doanh nghiệp",
            "22",
            " doanh nghiệp",
            "2027",
        ),
        // The indicator written as the table writes it: an error.
        (
            PLAN_HEAD,
            "Đến năm 2030, diện tích đất trồng lúa là 300 ha.",
            PLAN_TABLE,
            E,
            "Diện tích đất trồng lúa",
            2030,
            "300 ha",
            "320",
            " ha",
            "2030 (mục tiêu)",
        ),
        // 42,5 is neither 41 rounded nor 41 truncated.
        (
            PLAN_HEAD,
            "Đến năm 2030, tỷ lệ che phủ rừng đạt 42,5%.",
            PLAN_TABLE,
            E,
            "Tỷ lệ che phủ rừng",
            2030,
            "42,5%",
            "41",
            "%",
            "2030 (mục tiêu)",
        ),
        // The table's `Triệu đồng/người/năm` against the text's `triệu đồng/người/năm`.
        (
            PLAN_HEAD,
            "Phấn đấu đến năm 2030, thu nhập bình quân đầu người đạt 160 triệu đồng/người/năm.",
            PLAN_TABLE,
            E,
            "Thu nhập bình quân đầu người",
            2030,
            "160 triệu đồng/người/năm",
            "170",
            " triệu đồng/người/năm",
            "2030 (mục tiêu)",
        ),
        // `Tỷ đồng` cells against `… tỷ đồng` in the text.
        (
            PLAN_HEAD,
            "Kế hoạch năm 2026: vốn đầu tư ngân sách xã là 250 tỷ đồng.",
            PLAN_TABLE,
            E,
            "Vốn đầu tư ngân sách xã",
            2026,
            "250 tỷ đồng",
            "210",
            " tỷ đồng",
            "2026",
        ),
        // A report's plain sentence is a result: compared with `TH 2025`, not `KH 2025`.
        (
            REPORT_HEAD,
            "Năm 2025, thu ngân sách trên địa bàn đạt 52 tỷ đồng.",
            REPORT_TABLE,
            E,
            "Thu ngân sách trên địa bàn",
            2025,
            "52 tỷ đồng",
            "55",
            " tỷ đồng",
            "TH 2025",
        ),
        (
            REPORT_HEAD,
            "- Kết quả năm 2025: tỷ lệ hộ nghèo còn 1,5%.",
            REPORT_TABLE,
            E,
            "Tỷ lệ hộ nghèo",
            2025,
            "1,5%",
            "1,2",
            "%",
            "TH 2025",
        ),
        // `Kế hoạch năm 2026` in a report: the target column.
        (
            REPORT_HEAD,
            "Kế hoạch năm 2026, thu ngân sách trên địa bàn là 60 tỷ đồng.",
            REPORT_TABLE,
            E,
            "Thu ngân sách trên địa bàn",
            2026,
            "60 tỷ đồng",
            "58",
            " tỷ đồng",
            "KH 2026",
        ),
        // A `Dự toán` (budget estimate) column is a target.
        (REPORT_HEAD, "Dự toán năm 2025 giao thu ngân sách trên địa bàn là 48 tỷ đồng.",
         "\nSTT\tNội dung\tĐVT\tDự toán 2025\tƯớc TH 2025\n1\tThu ngân sách trên địa bàn\tTỷ đồng\t50\t55\n", E,
         "Thu ngân sách trên địa bàn", 2025, "48 tỷ đồng", "50", " tỷ đồng", "Dự toán 2025"),
        // `được` inside the indicator is skipped, and makes the match inexact.
        (
            PLAN_HEAD,
            "Đến năm 2030, diện tích đất được trồng lúa là 300 ha.",
            PLAN_TABLE,
            W,
            "Diện tích đất trồng lúa",
            2030,
            "300 ha",
            "320",
            " ha",
            "2030 (mục tiêu)",
        ),
    ];
    for (head, body, table, sev, subject, year, text_fig, cell, unit, column) in cases {
        let text = format!("{head}{body}\n{table}");
        let f = one("conflicting-values", &text);
        assert_eq!(f.severity, *sev, "{body}");
        assert_eq!(
            f.message,
            format!("Chỉ tiêu “{subject}” năm {year}: văn bản ghi {text_fig}, bảng phụ lục ghi {cell}{unit} (cột “{column}”)"),
            "{body}"
        );
        assert_eq!(
            f.help,
            "sửa cho văn bản và bảng phụ lục khớp nhau, hoặc ghi rõ mỗi con số nói về kỳ hay phạm vi nào"
        );
        assert_eq!(
            f.labels,
            labels(&[
                (text_fig, &format!("trong văn bản: {text_fig}")),
                (cell, &format!("trong bảng, cột “{column}”: {cell}")),
            ]),
            "{body}"
        );
        assert!(f.fixes.is_empty());
    }
}

#[test]
fn conflicting_values_table_message_in_english() {
    let text = format!("{PLAN_HEAD}Đến năm 2030, diện tích đất trồng lúa là 300 ha.\n{PLAN_TABLE}");
    let a = common::run(&text);
    let d: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.rule == "conflicting-values")
        .collect();
    assert_eq!(d.len(), 1);
    let s = common::seen_one(&a, d[0], doisoat::messages::Lang::En);
    assert_eq!(
        s.message,
        "Indicator “Diện tích đất trồng lúa” for 2030: the text says 300 ha, the appendix table says 320 ha (column “2030 (mục tiêu)”)"
    );
    assert_eq!(
        s.labels,
        labels(&[
            ("300 ha", "in the text: 300 ha"),
            ("320", "in the table, column “2030 (mục tiêu)”: 320"),
        ])
    );
}

#[test]
fn conflicting_values_table_in_pdf_extracted_report() {
    // Corpus 001 style: lines hard-wrapped at ~80 columns, a page number alone on a line; the
    // appendix exported with tabs.
    let text = "BÁO CÁO\n\
Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025\n\
\n\
Trong năm qua, công tác giảm nghèo được các cấp, các ngành quan tâm chỉ đạo,\n\
các chính sách hỗ trợ hộ nghèo, hộ cận nghèo được triển khai kịp thời đến\n\
từng hộ dân trên địa bàn toàn xã theo đúng quy định của Nhà nước và của tỉnh.\n\
Năm 2025, tỷ lệ hộ nghèo còn 1,5%; thu ngân sách trên địa bàn đạt 52 tỷ\n\
đồng, các khoản thu đều được quản lý chặt chẽ và sử dụng đúng mục đích.\n\
\n\
5\n\
\n\
Công tác an ninh trật tự được giữ vững, không để xảy ra tình huống bất ngờ,\n\
phức tạp trên địa bàn; lực lượng công an xã thường xuyên tuần tra kiểm soát.\n\
\n\
STT\tChỉ tiêu\tĐơn vị tính\tKH 2025\tTH 2025\n\
1\tThu ngân sách trên địa bàn\tTỷ đồng\t50\t55\n\
2\tTỷ lệ hộ nghèo\t%\t1,8\t1,2\n";
    let mut settings = doisoat::Settings::default();
    settings.rules.select.insert("conflicting-values".into());
    let a = doisoat::analyze_str("pdf.txt", text, &settings);
    assert!(a.prepared.layout.pdf_like);
    let got = findings("conflicting-values", text);
    let msgs: Vec<(Severity, &str)> = got
        .iter()
        .map(|f| (f.severity, f.message.as_str()))
        .collect();
    assert_eq!(
        msgs,
        vec![
            (E, "Chỉ tiêu “Tỷ lệ hộ nghèo” năm 2025: văn bản ghi 1,5%, bảng phụ lục ghi 1,2% (cột “TH 2025”)"),
            (E, "Chỉ tiêu “Thu ngân sách trên địa bàn” năm 2025: văn bản ghi 52 tỷ đồng, bảng phụ lục ghi 55 tỷ đồng (cột “TH 2025”)"),
        ]
    );
    // The figure wrapped over two physical lines is labelled across the line break.
    assert_eq!(got[1].labels[0].0, "52 tỷ\nđồng");
}

#[test]
fn conflicting_values_is_silent_when_text_and_table_cannot_be_compared() {
    let cases: &[(&str, &str, &str)] = &[
        // The same figure.
        (PLAN_HEAD, "(11). Đến năm 2030, tỷ lệ lao động tham gia BHXH đạt 66%.", PLAN_TABLE),
        (REPORT_HEAD, "Năm 2025, tỷ lệ người dân tham gia BHYT đạt 93,5%.", REPORT_TABLE),
        // 41,4 rounds to the table's 41.
        (PLAN_HEAD, "Đến năm 2030, tỷ lệ che phủ rừng đạt 41,4%.", PLAN_TABLE),
        // Every year, a comparison, part of a year: not one year's figure.
        (PLAN_HEAD, "Hằng năm, tỷ lệ che phủ rừng đạt 42% đến năm 2030.", PLAN_TABLE),
        (PLAN_HEAD, "Đến năm 2030, diện tích đất trồng lúa là 300 ha, giảm so với hiện nay.", PLAN_TABLE),
        (REPORT_HEAD, "Trong 6 tháng đầu năm 2025, thu ngân sách trên địa bàn đạt 30 tỷ đồng.", REPORT_TABLE),
        // No year, a year with no column, two years.
        (PLAN_HEAD, "Diện tích đất trồng lúa ổn định ở mức 300 ha.", PLAN_TABLE),
        (PLAN_HEAD, "Đến năm 2035, tỷ lệ che phủ rừng đạt 45%.", PLAN_TABLE),
        (REPORT_HEAD, "Năm 2025 thu ngân sách trên địa bàn đạt 52 tỷ đồng, năm 2026 phấn đấu 60 tỷ đồng.", REPORT_TABLE),
        // A plan's plain sentence about 2026: a result or a target? Not said.
        (PLAN_HEAD, "Năm 2026, tỷ lệ che phủ rừng đạt 38%.", PLAN_TABLE),
        // A report's result against a target-only column.
        (REPORT_HEAD, "Năm 2026, tỷ lệ hộ nghèo còn 0,9%.", "\n| STT | Chỉ tiêu | ĐVT | KH 2026 |\n|---|---|---|---|\n| 1 | Tỷ lệ hộ nghèo | % | 1,0 |\n"),
        // A report's bare year column: its role is not said.
        (REPORT_HEAD, "Năm 2025, tỷ lệ hộ nghèo còn 1,5%.", "\nSTT\tChỉ tiêu\tĐVT\t2024\t2025\n1\tTỷ lệ hộ nghèo\t%\t2,0\t1,2\n"),
        // Other words around the indicator: another indicator (`hộ nghèo được hỗ trợ nhà ở`),
        // a change rather than a level (`giảm tỷ lệ hộ nghèo`).
        (PLAN_HEAD, "Đến năm 2030, tỷ lệ hộ nghèo được hỗ trợ nhà ở đạt 2%.", PLAN_TABLE),
        (PLAN_HEAD, "Đến năm 2030, giảm tỷ lệ hộ nghèo còn 2%.", PLAN_TABLE),
        // A hedged figure, a different unit.
        (PLAN_HEAD, "Đến năm 2030, tỷ lệ lao động tham gia BHXH đạt trên 60%.", PLAN_TABLE),
        (PLAN_HEAD, "Đến năm 2030, tỷ lệ che phủ rừng đạt 450 ha.", PLAN_TABLE),
        // The corpus' 002 pattern: `≥19%` in the table is a bound; the text has no year.
        (PLAN_HEAD, "(1). Hằng năm, tổng giá trị sản phẩm trên địa bàn tăng bình quân từ 19% trở lên.",
         "\nSTT\tChỉ tiêu chủ yếu\tĐơn vị tính\t2026\t2030 (mục tiêu)\n1\tTổng giá trị sản phẩm trên địa bàn tăng bình quân\t%\t19\t≥19%\n"),
        // Two rows with the same indicator (one per village): which one is meant is not known.
        (PLAN_HEAD, "Đến năm 2030, diện tích đất trồng lúa là 300 ha.",
         "\nSTT\tChỉ tiêu chủ yếu\tĐơn vị tính\t2026\t2030 (mục tiêu)\n1\tDiện tích đất trồng lúa\tha\t330\t320\n2\tDiện tích đất trồng lúa\tha\t130\t300\n"),
        // A cell that is not the year's plain value (`Tổng 1.064` for the whole period).
        (PLAN_HEAD, "Đến năm 2030, vốn đầu tư ngân sách xã là 214 tỷ đồng.",
         "\nSTT\tChỉ tiêu chủ yếu\tĐơn vị tính\t2026\t2030 (mục tiêu)\n1\tVốn đầu tư ngân sách xã\tTỷ đồng\t210\tTổng 1.064\n"),
        // Damaged PDF text: a lost letter in the indicator, nothing is matched.
        (PLAN_HEAD, "Đến năm 2030, tỷ lệ   e phủ rừng đạt 42,5%.", PLAN_TABLE),
    ];
    for (head, body, table) in cases {
        none("conflicting-values", &format!("{head}{body}\n{table}"));
    }
}

#[test]
fn conflicting_values_second_docs_example_is_reported_as_documented() {
    let docs = doisoat::rules::find("conflicting-values")
        .expect("rule exists")
        .meta()
        .docs();
    let after = docs.split("In a plan,").nth(1).expect("second example");
    let block = after.split("```text\n").nth(1).expect("code block");
    let text = block.split("```").next().expect("closed");
    let f = one("conflicting-values", text);
    assert_eq!(f.severity, E);
    assert_eq!(
        f.message,
        "Chỉ tiêu “Diện tích đất trồng lúa” năm 2030: văn bản ghi 300 ha, bảng phụ lục ghi 320 ha (cột “2030 (mục tiêu)”)"
    );
    assert!(docs.contains(
        "is reported as `Chỉ tiêu “Diện tích đất trồng lúa” năm 2030: văn bản ghi 300 ha, bảng phụ\nlục ghi 320 ha (cột “2030 (mục tiêu)”)`"
    ));
}

// ------------------------------------------------------------------------------------------
// PDF-extracted text (corpus 001 and 004 styles): hard wraps, page numbers alone on a line,
// footnote numbers alone on a line with the note after a line of spaces, lost letters.
// ------------------------------------------------------------------------------------------

/// The line of spaces that separates the body of a PDF page from its notes.
const RULE: &str = "                                           ";

/// A PDF page whose text cites notes 1 and 2 (markers alone on their lines) and whose notes
/// area defines `notes`.
fn pdf_page_with_notes(notes: &[(u32, &str)]) -> String {
    let mut s = String::from(
        "Công tác chỉ đạo, điều hành của UBND phường được thực hiện quyết liệt, đồng bộ \n\n\
         trên các lĩnh vực, bám sát chương trình công tác năm và các nghị quyết của cấp \n\n\
         trên; các phòng, ban chuyên môn chủ động tham mưu giải quyết công việc phát sinh \n\n\
         Năm 2025 thực hiện Nghị quyết của Hội đồng nhân dân phường đề ra 17 \n\n\
         chỉ tiêu kinh tế - xã hội chủ yếu, trong đó có 13/17 chỉ tiêu đạt kế hoạch và \n\n\
         diện tích trong điều kiện nhiều khó khăn do thiên tai, dịch bệnh\n1\n; các chỉ tiêu \
         còn lại đang được tiếp tục theo dõi và đánh giá cho đến \n\n",
    );
    for (n, note) in notes.iter().filter(|(n, _)| *n == 1) {
        s.push_str(&format!("{RULE}\n{n}\n {note}\n"));
    }
    s.push_str(
        " cuối năm theo quy định của tỉnh. \n\n\
         Công tác sản xuất nông nghiệp tiếp tục duy trì ổn định về quy mô tổng đàn\n2\n. \n\n",
    );
    for (n, note) in notes.iter().filter(|(n, _)| *n != 1) {
        s.push_str(&format!("{RULE}\n{n}\n {note}\n"));
    }
    s.push_str("Công tác thu ngân sách được thực hiện theo đúng kế hoạch được giao trong năm. \n");
    s
}

#[test]
fn footnote_orphan_in_pdf_extracted_text() {
    // Both notes: silent, and both were read as notes (not as paragraphs `1`, `2`).
    let both = pdf_page_with_notes(&[
        (
            1,
            "Diện tích lúa gieo cấy vụ Xuân 55,12 ha đạt 100% so với kế hoạch.",
        ),
        (2, "Tổng đàn trâu 790 con; tổng đàn lợn 2.017 con."),
    ]);
    none("footnote-orphan", &both);
    let a = common::run(&both);
    assert_eq!(
        (
            a.prepared.layout.footnote_refs,
            a.prepared.layout.footnote_defs
        ),
        (2, 2)
    );
    // Note 2 lost: the reference `2` (alone on its line in the PDF) has no note.
    expect_labelled(
        "footnote-orphan",
        &pdf_page_with_notes(&[(
            1,
            "Diện tích lúa gieo cấy vụ Xuân 55,12 ha đạt 100% so với kế hoạch.",
        )]),
        E,
        "Chú thích ² được dẫn nhưng không có nội dung chú thích",
        &[("2\n", "dấu chú thích 2")],
    );
    // A note 3 that nothing cites.
    expect_labelled(
        "footnote-orphan",
        &pdf_page_with_notes(&[
            (
                1,
                "Diện tích lúa gieo cấy vụ Xuân 55,12 ha đạt 100% so với kế hoạch.",
            ),
            (2, "Tổng đàn trâu 790 con; tổng đàn lợn 2.017 con."),
            (3, "Tổng đàn gia cầm 8.478 con."),
        ]),
        W,
        "Chú thích ³ có nội dung nhưng không được dẫn ở đâu trong văn bản",
        &[("3", "nội dung chú thích 3")],
    );
    // A page number alone between blank lines (corpus 001) is not a footnote.
    none(
        "footnote-orphan",
        "Bậc THCS có 12 lớp. Kết quả xét tốt nghiệp THCS là 94/94 học sinh đạt tỷ lệ \n\
         100%. Kết quả hai mặt giáo dục Khối 6 và khối 7: kết quả rèn luyện tốt 174 học \n\
         sinh đạt 71,9%; Khá 59 học sinh đạt 24,38%; đạt 08 học sinh đạt 3,31%. Kết quả học \n\n\n\n5\n\n\
         tập: tốt 40 học sinh đạt 16,53%; khá 112 học sinh đạt 46,28%; đạt 81 học sinh đạt \n\
         33,47%; chưa đạt 08 học sinh đạt 3,31%.\n",
    );
    // Corpus 004 style: lost letters around the notes.
    none(
        "footnote-orphan",
        &common::damaged(&pdf_page_with_notes(&[
            (
                1,
                "Diện tí h lúa gieo  ấy vụ Xuân 55 12 ha đạt 100% so với  ế hoạ h.",
            ),
            (2, "Tổng đ n trâu 790  on; tổng đ n lợn 2.017  on."),
        ])),
    );
}

/// The title of corpus 001 (wrapped over two physical lines) and its first headings.
const PDF_REPORT_HEAD: &str = "BÁO CÁO\n\
Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội, quốc phòng - an ninh\n\n\
nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2023\n\n\
I. LĨNH VỰC KINH TẾ\n\n1. Sản xuất nông nghiệp\n";

/// Hard-wrapped paragraphs with a page number between them, then a second heading.
const PDF_BODY: &str =
    "Trồng trọt: Tổng diện tích đất gieo trồng tính đến tháng 6 năm 2023 trên địa bàn\n\n\
xã đạt 689 ha bằng 112,7% so với cùng kỳ năm 2022. Vụ Chiêm Xuân năm\n\
2023 diện tích lúa gieo trồng 31,07 ha. Toàn xã quy hoạch được vùng sản xuất tập\n\
trung với tổng diện tích 511 ha, trong đó có 9 vùng sản xuất lúa chất lượng cao\n\n\n\n5\n\n\
và 3 vùng trồng ngô ngọt gắn kết giữa sản xuất với tiêu thụ sản phẩm nông sản.\n\n\
2. Công nghiệp - tiểu thủ công nghiệp\n\
Giá trị sản xuất công nghiệp ước đạt 120 tỷ đồng, tăng 8% so với cùng kỳ năm\n\
2022; các cơ sở sản xuất tiếp tục duy trì hoạt động ổn định, tạo việc làm cho\n\
người lao động trên địa bàn.\n\n";

#[test]
fn heading_sequence_in_pdf_extracted_text() {
    // In order, with a page number `5` and a year `2022;`/`2023` at the start of lines: silent.
    let tail = "II. LĨNH VỰC VĂN HÓA - XÃ HỘI\n\n1. Giáo dục\n\
                Các trường học hoàn thành chương trình năm học 2022-\n\
                2023 đúng kế hoạch đề ra của ngành giáo dục và đào tạo trên địa bàn.\n";
    none(
        "heading-sequence",
        &format!("{PDF_REPORT_HEAD}{PDF_BODY}{tail}"),
    );
    // A gap and a repeat: warnings only in extracted text (a line may have been lost).
    expect_labelled(
        "heading-sequence",
        &format!(
            "{PDF_REPORT_HEAD}{PDF_BODY}{}",
            tail.replace("II. LĨNH", "IV. LĨNH")
        ),
        W,
        "Số thứ tự đề mục bị nhảy: sau “I.” là “IV.”",
        &[("I.", "trước: I."), ("IV.", "số này: IV.")],
    );
    let f = one(
        "heading-sequence",
        &format!(
            "{PDF_REPORT_HEAD}{}",
            PDF_BODY.replace("2. Công nghiệp", "1. Công nghiệp")
        ),
    );
    assert_eq!(f.severity, W);
    assert_eq!(f.message, "Số thứ tự đề mục bị lặp: “1.” sau “1.”");
}

#[test]
fn date_invalid_in_damaged_pdf_text() {
    expect_labelled("date-invalid", &common::damaged(
            "Thực hiện Nghị quyết số 44-NQ/TW ng y 31/4/2025 của  an  hấp h nh Trung ương về  ông tác cán bộ. ",
        ), E, "“31/4/2025” không phải ngày có thật: tháng 4/2025 chỉ có 30 ngày", &[("31/4/2025", "ngày được ghi: 31/4/2025")]);
    let f = one(
        "date-invalid",
        &common::damaged(
            "Kế hoạch số 12/KH-UBND ngày 26/12//2024 về tổ chức  ác hoạt động  ỷ niệm. ",
        ),
    );
    assert_eq!(f.severity, W);
    assert_eq!(f.message, "Ngày “26/12//2024” viết sai dấu phân cách");
    assert_eq!(
        f.fixes,
        vec![("26/12//2024".to_string(), "26/12/2024".to_string(), true)]
    );
    // Real dates among lost letters, a page number, a school year split by a hard wrap.
    none(
        "date-invalid",
        &common::damaged(
            "Ng y 16/6/2025 UBND phường tổ  hức hội nghị sơ  ết; ngày 30/4/2025  ỷ niệm 50 năm. ",
        ),
    );
    none("date-invalid", &format!("{PDF_REPORT_HEAD}{PDF_BODY}"));
}

#[test]
fn number_format_in_damaged_pdf_text() {
    // Corpus 004: `13.82%` and `77.7%` beside `38,89%`; the broken `10 75%` and `59 21%` are
    // for `encoding`, not counted here.
    expect_labelled("number-format", &common::damaged(
            "việc thu hút đầu tư được tăng cường: Tố  độ tăng tổng giá trị sản phẩm \n\n\
             10 75%/13.82% đạt 77.7% so với kế hoạch; công nghiệp - xây dựng chiếm 59 21%; thương mại - \n\n\
             dịch vụ chiếm 38,89%; nông - lâm - ngư nghiệp chiếm 1,90%. ",
        ), W, "Văn bản dùng hai kiểu dấu thập phân: 2 số viết dấu chấm, 2 số viết dấu phẩy", &[
            ("13.82", "dấu chấm thập phân: 13.82"),
            ("77.7", "dấu chấm thập phân: 77.7"),
            ("38,89", "dấu phẩy thập phân: 38,89"),
        ]);
    none(
        "number-format",
        &common::damaged(
            "việc thu hút đầu tư được tăng cường: Tố  độ tăng tổng giá trị sản phẩm \n\n\
             10 75% đạt 77,7% so với kế hoạch; công nghiệp - xây dựng chiếm 59 21%; thương mại - \n\n\
             dịch vụ chiếm 38,89%; nông - lâm - ngư nghiệp chiếm 1,90%; diện tích 1.113,6 ha. ",
        ),
    );
    none("number-format", &format!("{PDF_REPORT_HEAD}{PDF_BODY}"));
}

#[test]
fn period_mismatch_in_pdf_extracted_text() {
    let body = "Trong 6 tháng đầu năm 2022, tổng diện tích đất gieo trồng trên địa bàn xã đạt\n\
                689 ha bằng 112,7% so với cùng kỳ; các vùng sản xuất tập trung tiếp tục được\n\
                duy trì, gắn kết giữa sản xuất với tiêu thụ sản phẩm nông sản của người dân.\n";
    expect_labelled(
        "period-mismatch",
        &format!("{PDF_REPORT_HEAD}{body}"),
        W,
        "Câu này nói về “6 tháng đầu năm 2022”, nhưng văn bản báo cáo năm 2023",
        &[
            (
                "6 tháng đầu năm 2022",
                "kỳ nêu trong câu: 6 tháng đầu năm 2022",
            ),
            ("năm 2023", "kỳ báo cáo ở tiêu đề: năm 2023"),
        ],
    );
    none(
        "period-mismatch",
        &format!("{PDF_REPORT_HEAD}{}", body.replace("năm 2022", "năm 2023")),
    );
    none("period-mismatch", &format!("{PDF_REPORT_HEAD}{PDF_BODY}"));
}

/// Corpus 001 itself: the wrapped title runs straight into the first paragraph (no heading
/// between them), and the layout joins the two into one paragraph; the title's period is then
/// not read and an earlier year in that paragraph goes unreported.
#[test]
#[ignore = "layout joins a PDF title with the paragraph after it; period-mismatch sees no title (reported, not in this branch's files)"]
fn period_mismatch_when_the_pdf_title_runs_into_the_first_paragraph() {
    let text = "BÁO CÁO\n\
Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội, quốc phòng - an ninh\n\n\
nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2023\n\n\
Trong 6 tháng đầu năm 2022, Đảng bộ, chính quyền và các đoàn thể xã tiếp tục\n\
tích cực, chủ động bám sát các nhiệm vụ trọng tâm của Ban chấp hành Đảng bộ xã,\n\
lãnh đạo, chỉ đạo kịp thời việc thực hiện các chỉ tiêu kinh tế - xã hội, củng cố\n\
quốc phòng - an ninh trên địa bàn xã với những kết quả khả quan như sau:\n";
    let f = one("period-mismatch", text);
    assert_eq!(
        f.message,
        "Câu này nói về “6 tháng đầu năm 2022”, nhưng văn bản báo cáo năm 2023"
    );
}

#[test]
fn conflicting_values_in_pdf_extracted_text() {
    // A term wrapped at the end of a physical line (`khóa \nXV`) and the same body with
    // another term on an earlier line.
    expect_labelled(
        "conflicting-values",
        "Công tác chuẩn bị bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các \n\
         cấp nhiệm kỳ 2026 - 2031 được triển khai đúng kế hoạch, tuyên truyền sâu rộng đến \n\
         từng thôn; tổ chức hội nghị hiệp thương lần thứ nhất giới thiệu người ứng cử đại biểu \n\
         Quốc hội khoá XV theo đúng quy định của pháp luật về bầu cử đại biểu Quốc hội khóa \n\
         XV và đại biểu Hội đồng nhân dân.\n",
        W,
        "“Quốc hội” được ghi với hai khóa khác nhau: “khóa XVI” và “khoá XV”",
        &[
            ("khóa XVI", "lần đầu: khóa XVI"),
            ("khoá XV", "lần sau: khoá XV"),
        ],
    );
    // A lost letter in `kh a XVI`: not read as a term, so nothing to compare.
    none(
        "conflicting-values",
        &common::damaged(
            "Công tác chuẩn bị bầu cử đại biểu Quốc hội kh a XVI được triển khai; bầu cử đại biểu Quốc hội khóa XVI đúng quy định. ",
        ),
    );
}

#[test]
fn conflicting_values_compares_a_sentence_with_the_table_after_it() {
    let table = |v: &str| {
        format!(
            "\nSTT\tChỉ tiêu chủ yếu\tĐơn vị tính\t2026\t2030 (mục tiêu)\n1\tDiện tích đất trồng lúa\tha\t330\t{v}\n\n"
        )
    };
    let sentence = "Đến năm 2030, diện tích đất trồng lúa là 300 ha.\n";
    // Between two appendices (two documents in one file): the table after it agrees.
    none(
        "conflicting-values",
        &format!("{PLAN_HEAD}{}{sentence}{}", table("320"), table("300")),
    );
    // Before both: the first table after it disagrees.
    let f = one(
        "conflicting-values",
        &format!("{PLAN_HEAD}{sentence}{}{}", table("320"), table("300")),
    );
    assert_eq!(
        f.labels[1],
        (
            "320".to_string(),
            "trong bảng, cột “2030 (mục tiêu)”: 320".to_string()
        )
    );
    // After every table: the last one.
    let f = one(
        "conflicting-values",
        &format!("{PLAN_HEAD}{}{}{sentence}", table("300"), table("310")),
    );
    assert_eq!(f.labels[1].0, "310");
}
