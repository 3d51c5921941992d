//! End-to-end checks of the two core rules on fixtures written in the corpus' styles:
//! typed Markdown, and PDF-extracted text with lost letters and hard wraps.

mod common;
use common::{check, labels, seen, Seen};
use doisoat::diagnostic::Severity;
use doisoat::messages::Lang;

#[test]
fn typed_13_of_17_with_03_not_achieved_and_four_items() {
    let a = check("chi-tieu-sai.md");
    let got = seen(&a, Lang::Vi);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(
        got[0],
        Seen {
            rule: "complement-mismatch",
            severity: Severity::Error,
            message: "Số đạt và số không đạt không khớp với tổng số: 13 + 03 = 16, không phải 17"
                .into(),
            help: "nếu 13/17 đạt thì số không đạt phải là 04".into(),
            labels: labels(&[
                ("13", "đạt: 13"),
                ("17", "tổng số: 17"),
                ("03", "không đạt: 03"),
            ]),
        }
    );
    assert_eq!(got[1].rule, "count-mismatch");
    assert_eq!(got[1].severity, Severity::Error);
    assert_eq!(got[1].message, "Nêu 03 mục nhưng liệt kê 4 mục");
    assert_eq!(
        got[1].help,
        "nếu danh sách đúng thì sửa “03” thành “04”; nếu số lượng đúng thì danh sách còn thừa hoặc thiếu mục"
    );
    let item_labels: Vec<&str> = got[1].labels.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(
        item_labels,
        vec!["số lượng nêu: 03", "mục 1", "mục 2", "mục 3", "mục 4"]
    );
    assert!(got[1].labels[1].0.starts_with("(1) Tốc độ tăng trưởng"));
    assert!(got[1].labels[4]
        .0
        .starts_with("(4) tỷ lệ tổ dân phố văn hoá đạt 100%"));
}

#[test]
fn english_messages() {
    let a = check("chi-tieu-sai.md");
    let got = seen(&a, Lang::En);
    assert_eq!(
        got[0].message,
        "Achieved and not-achieved counts do not add up to the total: 13 + 03 = 16, not 17"
    );
    assert_eq!(
        got[0].help,
        "if 13 of 17 were achieved, the number not achieved should be 04"
    );
    assert_eq!(got[1].message, "States 03 items but lists 4");
}

#[test]
fn consistent_split_and_list_are_silent() {
    let a = check("chi-tieu-dung.md");
    assert_eq!(seen(&a, Lang::Vi), vec![]);
}

#[test]
fn damaged_pdf_text_gives_a_warning_that_says_what_it_assumed_and_an_error_for_the_list() {
    let a = check("chi-tieu-hong.txt");
    let got = seen(&a, Lang::Vi);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].rule, "complement-mismatch");
    assert_eq!(got[0].severity, Severity::Warning);
    assert_eq!(
        got[0].message,
        "Số đạt và số không đạt không khớp với tổng số: 13 + 03 = 16, không phải 17 (đọc “hông đạt” là “không đạt” vì văn bản bị mất chữ)"
    );
    assert_eq!(got[1].rule, "count-mismatch");
    assert_eq!(got[1].severity, Severity::Error);
    assert_eq!(got[1].labels.len(), 5);
    // Labels point into the original, hard-wrapped text.
    assert_eq!(got[1].labels[0].0, "03");
    assert!(got[1].labels[4].0.starts_with("(4) tỷ lệ tổ dân phố"));
}

#[test]
fn lists_of_names_semicolons_and_non_lists() {
    let a = check("danh-sach.md");
    let got = seen(&a, Lang::Vi);
    let summary: Vec<(&str, Severity, &str)> = got
        .iter()
        .map(|s| (s.rule, s.severity, s.message.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            // 5 named, 4 listed.
            (
                "count-mismatch",
                Severity::Error,
                "Nêu 5 mục nhưng liệt kê 4 mục"
            ),
            // 05 stated, 6 `;`-separated items: a warning (an item may hold two projects).
            (
                "count-mismatch",
                Severity::Warning,
                "Nêu 05 mục nhưng liệt kê 6 mục"
            ),
        ]
    );
    assert_eq!(
        got[0]
            .labels
            .iter()
            .map(|l| l.0.as_str())
            .collect::<Vec<_>>(),
        vec!["5", "Hùng Thắng", "Vĩnh Hưng", "Vĩnh Hồng", "Kẽ Sặt"]
    );
}
