//! The hostile-input set, written into a directory at test or bench time (never committed).
//!
//! Each case takes a `scale`: 1 gives the size named in issue 6 (except the 100 MB report and
//! the 20 MB line, which are 10 MB and 2 MB at scale 1 so that scale 10 reaches them), 10 gives
//! ten times as much, for the linearity script `bench/linearity.sh`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One paragraph of a typed report with numbers (about 330 bytes).
pub const PARA: &str = "Tổng số vi phạm là 10 trường hợp, trong đó 04 trường hợp, 04 trường hợp, 02 trường hợp. Có 13/17 chỉ tiêu đạt kế hoạch; có 04 chỉ tiêu không đạt, gồm: (1) A, (2) B, (3) C, (4) D. Thu ngân sách 1.234,5 tỷ đồng, đạt 105,2% dự toán³.\n\n";

/// The combining marks of the Unicode combining blocks (Combining Diacritical Marks and its
/// Extended/Supplement, for Symbols, Half Marks), all after one letter.
pub fn all_combining_marks() -> String {
    let mut s = String::from("a");
    for r in [
        0x0300u32..=0x036F,
        0x1AB0..=0x1AFF,
        0x1DC0..=0x1DFF,
        0x20D0..=0x20FF,
        0xFE20..=0xFE2F,
    ] {
        s.extend(r.filter_map(char::from_u32));
    }
    s
}

/// `(name, bytes)` of every case at `scale`.
pub fn cases(scale: usize) -> Vec<(&'static str, Vec<u8>)> {
    let mut v: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let report = PARA.repeat(10 * 1024 * 1024 * scale / PARA.len());
    v.push(("report", report.into_bytes()));
    let mut digits = "Tổng số ".to_string();
    digits.push_str(&"7".repeat(1_000_000 * scale));
    digits.push_str(" hồ sơ, trong đó 12 hồ sơ, 3 hồ sơ.\n");
    v.push(("digits", digits.into_bytes()));
    let parens = format!(
        "Tổng 10 hồ sơ {}trong đó 4 hồ sơ, 5 hồ sơ.\n",
        "(".repeat(100_000 * scale)
    );
    v.push(("parens", parens.into_bytes()));
    // 10 000 footnote marks in the text, each with its definition.
    let mut notes = String::new();
    for i in 1..=10_000 * scale {
        notes.push_str(&format!("Có {} hồ sơ[{i}]. ", i % 97));
    }
    notes.push_str("\n\n");
    for i in 1..=10_000 * scale {
        notes.push_str(&format!("[{i}] Ghi chú số {i}.\n"));
    }
    v.push(("footnotes", notes.into_bytes()));
    let mut heads = String::new();
    for i in 1..=50_000 * scale {
        heads.push_str(&format!("{i}. Kết quả thực hiện {i} chỉ tiêu\n"));
    }
    v.push(("headings", heads.into_bytes()));
    let line = PARA.trim_end().replace('\n', " ");
    let long = format!(
        "{}\n",
        format!("{line} ").repeat(2 * 1024 * 1024 * scale / (line.len() + 1))
    );
    v.push(("long-line", long.into_bytes()));
    let marks = format!("{}\n", all_combining_marks()).repeat(1000 * scale);
    v.push(("combining", marks.into_bytes()));
    let mut nul = PARA.repeat(1000 * scale).into_bytes();
    nul.push(0);
    v.push(("nul", nul));
    let cr = PARA.replace('\n', "\r").repeat(10_000 * scale);
    v.push(("cr-only", cr.into_bytes()));
    v
}

/// Writes every case at `scale` into `dir`; returns the paths.
pub fn write_all(dir: &Path, scale: usize) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut out = Vec::new();
    for (name, bytes) in cases(scale) {
        let p = dir.join(format!("{name}.txt"));
        std::fs::write(&p, bytes)?;
        out.push(p);
    }
    Ok(out)
}
