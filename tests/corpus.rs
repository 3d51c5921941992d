//! Runs the whole pipeline on the real reports in `../shared/corpus` when they are present.
//! Every error-level finding on the corpus is listed here after being checked by hand, so a
//! new error (a possible false alarm) fails this test until someone has looked at it.

use doisoat::ast::{Dimension, TokenKind};
use doisoat::diagnostic::Severity;
use doisoat::messages::{render, Lang};
use doisoat::source::SourceFile;
use doisoat::{analyze, Analysis, Settings};
use std::path::PathBuf;

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn corpus() -> Option<Vec<(String, Analysis)>> {
    let Some(dir) = corpus_dir() else {
        println!("corpus tests skipped: ../shared/corpus is not present");
        return None;
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus dir readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    paths.sort();
    let settings = Settings::default();
    Some(
        paths
            .into_iter()
            .map(|p| {
                let name = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_string();
                let bytes = std::fs::read(&p).expect("corpus file readable");
                let src = SourceFile::from_bytes(name.clone(), &bytes).expect("corpus decodes");
                (name, analyze(src, &settings))
            })
            .collect(),
    )
}

/// (file prefix, rule, severity, line) of every finding, and the message for printing.
fn findings(all: &[(String, Analysis)]) -> Vec<(String, &'static str, Severity, usize, String)> {
    let mut out = Vec::new();
    for (name, a) in all {
        for d in &a.diagnostics {
            let r = a.source_range(d.span);
            let (line, _) = a.source.line_col(r.start);
            out.push((
                name.get(..3).unwrap_or_default().to_string(),
                d.rule,
                d.severity,
                line,
                render(Lang::Vi, &d.message),
            ));
        }
    }
    out
}

#[test]
fn every_file_parses_and_findings_are_the_reviewed_ones() {
    let Some(all) = corpus() else { return };
    assert_eq!(all.len(), 5);
    let f = findings(&all);
    for (file, rule, sev, line, msg) in &f {
        println!("{file}:{line} {} {rule}: {msg}", sev.as_str());
    }
    // Every error on the corpus, checked by hand (see the closing notes of issues 2–4).
    let errors: Vec<(&str, &str, usize)> = f
        .iter()
        .filter(|x| x.2 == Severity::Error)
        .map(|x| (x.0.as_str(), x.1, x.3))
        .collect();
    assert_eq!(
        errors,
        vec![
            // 000: 52 tỷ 262 triệu 391 nghìn = 52 tỷ 221 triệu 827 nghìn + "40 tỷ 564 triệu";
            // the parts fit only if the last is 40 triệu 564 nghìn.
            ("000", "sum-mismatch", 106),
            // 001: 521/522 = 99,81 %, written 99,9 %.
            ("001", "percent-mismatch", 163),
            // 001: tốt 174 (71,9 %), khá 59 (24,38 %), đạt 08 (3,31 %): the percentages fit 242
            // pupils, the counts add up to 241.
            ("001", "percent-base", 170),
            // 001: 1803/1811 = 99,56 %, written 99,7 % (computed on 1809 = 1803 + 06).
            ("001", "percent-mismatch", 279),
            // 004: "có 03 tiêu chí không đạt, gồm: (1) … (4)" — four items listed.
            ("004", "count-mismatch", 96),
            // 004: 3212 văn bản đi (trong đó: 1270 + 1065 + … + 22 = 3.215).
            ("004", "sum-mismatch", 815),
        ]
    );
    // The product-defining example: 13/17 achieved + 03 not achieved ≠ 17 (a warning: the
    // text reads " hông đạt" and doisoat says it assumed "không đạt").
    assert!(f.iter().any(|x| x.0 == "004"
        && x.1 == "complement-mismatch"
        && x.2 == Severity::Warning
        && x.4.contains("13 + 03 = 16, không phải 17")));
}

/// Share of tokens containing a digit that the parser classified: a quantity with a unit or
/// noun, a percent, ratio, range, date, enumerator, footnote mark or known non-quantity.
/// Bare numbers with nothing after them are the unclassified rest.
#[test]
fn numeric_token_coverage() {
    let Some(all) = corpus() else { return };
    let (mut classified, mut total) = (0usize, 0usize);
    for (name, a) in &all {
        let (mut c, mut t) = (0usize, 0usize);
        for b in &a.doc.blocks {
            for tok in &b.tokens {
                let text = a.prepared.text.get(tok.span.range()).unwrap_or_default();
                if !text.chars().any(|ch| ch.is_ascii_digit()) {
                    continue;
                }
                t += 1;
                let ok = match &tok.kind {
                    TokenKind::Quantity(q) => {
                        q.unit.is_some() || q.dimension() == Some(Dimension::Percent)
                    }
                    TokenKind::Word | TokenKind::Punct { .. } => false,
                    _ => true,
                };
                if ok {
                    c += 1;
                }
            }
        }
        println!(
            "coverage {name}: {c}/{t} = {:.1}%",
            100.0 * c as f64 / t.max(1) as f64
        );
        classified += c;
        total += t;
    }
    let share = classified as f64 / total.max(1) as f64;
    println!(
        "coverage overall: {classified}/{total} = {:.1}%",
        100.0 * share
    );
    assert!(total > 500, "too few numeric tokens: {total}");
    // Measured 91,0 % when this threshold was set (002's appendix cells take the row's unit;
    // 004 is the damaged file, at 79 %).
    assert!(share >= 0.88, "coverage fell to {:.1}%", 100.0 * share);
}
