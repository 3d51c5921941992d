//! Hostile and degenerate input: every case must end in a clean result or a clear error,
//! never a panic or a hang. (Run time is measured by benchmarks, not asserted here.)

use doisoat::source::{InputError, SourceFile};
use doisoat::{analyze, analyze_str, Settings};

fn run(text: &str) -> usize {
    analyze_str("hostile.txt", text, &Settings::default())
        .diagnostics
        .len()
}

#[test]
fn empty_and_blank_files() {
    assert_eq!(run(""), 0);
    assert_eq!(run("\n\n\n"), 0);
    assert_eq!(run("   \t  \r\n\r\n"), 0);
}

#[test]
fn binary_file_is_a_clear_error() {
    let bytes = [0x7fu8, b'E', b'L', b'F', 0, 0, 1, 2];
    match SourceFile::from_bytes("a.bin", &bytes) {
        Err(InputError::Binary { offset }) => assert_eq!(offset, 4),
        other => panic!("expected a binary-file error, got {other:?}"),
    }
    let bad = [b'a', b'b', 0xff, b'c'];
    match SourceFile::from_bytes("bad.txt", &bad) {
        Err(e @ InputError::InvalidUtf8 { offset: 2 }) => {
            assert_eq!(e.to_string(), "not valid UTF-8 at byte 2")
        }
        other => panic!("expected invalid UTF-8 at byte 2, got {other:?}"),
    }
}

#[test]
fn a_line_of_a_million_digits() {
    let mut s = "Tổng số ".to_string();
    s.push_str(&"7".repeat(1_000_000));
    s.push_str(" hồ sơ, trong đó 12 hồ sơ, 3 hồ sơ.");
    assert_eq!(run(&s), 0);
}

#[test]
fn ten_thousand_nested_parentheses() {
    let s = format!(
        "Tổng 10 hồ sơ {}trong đó 4 hồ sơ, 5 hồ sơ{}.",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    run(&s);
    let unclosed = format!("Có 5 đơn {}", "(1 đơn ".repeat(10_000));
    run(&unclosed);
}

#[test]
fn a_file_of_only_numbers() {
    let line = "12 3.456 7,8 90% 1/2 3-4 2025 16/6/2025 ";
    let s = line.repeat(20_000);
    run(&s);
    let lines = "1\n2\n3\n".repeat(50_000);
    run(&lines);
}

#[test]
fn many_keywords_in_one_sentence() {
    let s = "Có 10 hồ sơ trong đó 5 hồ sơ gồm 3 hồ sơ, ".repeat(20_000);
    run(&s);
}

#[test]
fn a_fifty_megabyte_report() {
    let para = "Tổng số vi phạm là 10 trường hợp, trong đó 04 trường hợp, 04 trường hợp, 02 trường hợp. Có 13/17 chỉ tiêu đạt kế hoạch; có 04 chỉ tiêu không đạt, gồm: (1) A, (2) B, (3) C, (4) D.\n\n";
    let n = 50 * 1024 * 1024 / para.len();
    let text = para.repeat(n);
    let src = SourceFile::from_bytes("big.txt", text.as_bytes()).expect("decodes");
    let a = analyze(src, &Settings::default());
    assert_eq!(a.diagnostics.len(), 0);
}
