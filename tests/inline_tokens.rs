//! Token sequences with exact spans for real sentences, and a run over the corpus.

use doisoat::ast::{NonQuantityKind, Reading, Token, TokenKind};
use doisoat::lexicon::Lexicon;
use doisoat::parse::inline::tokenize;
use doisoat::span::Span;

fn toks(text: &str) -> Vec<Token> {
    tokenize(text, Span::new(0, text.len()), &Lexicon::builtin())
}

/// One line per token: `start..end kind text`.
fn render(text: &str, toks: &[Token]) -> String {
    let mut s = String::new();
    for t in toks {
        let kind = match &t.kind {
            TokenKind::Word => "W".to_string(),
            TokenKind::Punct { .. } => "P".to_string(),
            TokenKind::Quantity(q) => format!(
                "Q {} {}",
                q.value.normalize(),
                q.unit.as_ref().map_or("-", |u| u.name.as_str())
            ),
            TokenKind::Ratio(r) => format!(
                "R {}/{} {}",
                r.numerator.value.normalize(),
                r.denominator.value.normalize(),
                r.denominator.unit.as_ref().map_or("-", |u| u.name.as_str())
            ),
            TokenKind::Range(_) => "G".to_string(),
            TokenKind::Date(_) => "D".to_string(),
            TokenKind::NonQuantity { what } => format!("N {what:?}"),
            TokenKind::Enumerator { ordinal, .. } => format!("E {ordinal}"),
            TokenKind::FootnoteMark { mark } => format!("F {mark}"),
        };
        s.push_str(&format!(
            "{}..{} {} {}\n",
            t.span.start,
            t.span.end,
            kind,
            &text[t.span.range()]
        ));
    }
    s
}

fn check_invariants(text: &str, toks: &[Token], span: Span) {
    let mut last = span.start;
    for t in toks {
        assert!(t.span.start >= last, "overlap at {:?} in {text:?}", t.span);
        assert!(
            t.span.end > t.span.start && t.span.end <= span.end,
            "bad span {:?}",
            t.span
        );
        assert!(text.get(t.span.range()).is_some(), "span off char boundary");
        last = t.span.end;
    }
}

#[test]
fn sentence_from_report_000() {
    let text = "đề ra 17 chỉ tiêu kinh tế - xã hội chủ yếu, trong đó có 13/17 chỉ tiêu đạt kế hoạch; có 03 tiêu chí không đạt, gồm: (1) A, (2) B, (3) C, (4) D.";
    let t = toks(text);
    check_invariants(text, &t, Span::new(0, text.len()));
    insta::assert_snapshot!(render(text, &t));
}

#[test]
fn damaged_sentence_from_report_004() {
    let text = "Năm 2025  thực hiện Nghị quyết của Hội đồng Nhân dân phường đề ra 17 chỉ tiêu kinh tế - xã hội chủ yếu  trong đ     13/17 chỉ ti u đạt kế hoạch; có 03 ti u  hí  hông đạt, gồm: (1) Tố  độ tăng trưởng giá trị sản phẩm tr n địa bàn, (2) thu nhập   nh quân đầu người, (3) tỷ lệ trường mầm non, tiểu học, trung họ   ơ sở đạt chuẩn mứ  độ II 100%, (4) tỷ lệ tổ dân phố văn hoá đạt 100% (có phụ lục chi tiết kèm theo).";
    let t = toks(text);
    check_invariants(text, &t, Span::new(0, text.len()));
    insta::assert_snapshot!(render(text, &t));
}

#[test]
fn spans_are_in_text_coordinates() {
    // Byte offsets: `tỷ` is 9..13 and `đồng` 14..21 (Vietnamese letters take 2–3 bytes).
    let text = "xxxx 1,3 tỷ đồng yyy";
    let t = tokenize(text, Span::new(5, 21), &Lexicon::builtin());
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].span, Span::new(5, 21));
    let TokenKind::Quantity(q) = &t[0].kind else {
        panic!("{t:?}")
    };
    assert_eq!(q.number_span, Span::new(5, 13));
    assert_eq!(q.unit.as_ref().map(|u| u.span), Some(Span::new(14, 21)));
}

#[test]
fn hostile_inputs_do_not_panic() {
    let lex = Lexicon::builtin();
    let digits = "1".repeat(1_000_000);
    let t = tokenize(&digits, Span::new(0, digits.len()), &lex);
    assert_eq!(t.len(), 1);
    let TokenKind::Quantity(q) = &t[0].kind else {
        panic!()
    };
    assert_eq!(q.reading, Reading::Damaged);
    for s in [
        "",
        " ",
        "/",
        "1/",
        "/1",
        "(",
        "(1",
        "[^",
        "[^1",
        "⁽¹",
        "1.",
        "1,",
        "1..2",
        "≥",
        "hơn",
        "24/",
        "1 2",
        "ngày /",
        "tháng 3/",
        "đồng/",
        "5 đ/",
        "Covid-",
        "km16+",
        "³",
        "a)",
        "1)",
        "\u{301}1",
    ] {
        let t = tokenize(s, Span::new(0, s.len()), &lex);
        check_invariants(s, &t, Span::new(0, s.len()));
    }
    // A span outside the text or off a char boundary gives no tokens, not a panic.
    assert!(tokenize("ăn", Span::new(1, 2), &lex).is_empty());
    assert!(tokenize("ab", Span::new(1, 9), &lex).is_empty());
}

#[test]
fn corpus_coverage() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("corpus_coverage skipped: {dir} not found");
        return;
    };
    let lex = Lexicon::builtin();
    let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    let (
        mut total,
        mut qty_unit,
        mut qty_bare,
        mut ratio,
        mut range,
        mut date,
        mut nq,
        mut damaged,
        mut ambiguous,
    ) = (
        0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize,
    );
    let mut nq_kinds: std::collections::BTreeMap<String, usize> = Default::default();
    let mut bare_samples = Vec::new();
    let mut bytes = 0usize;
    let t0 = std::time::Instant::now();
    for f in &files {
        let Ok(raw) = std::fs::read_to_string(f) else {
            continue;
        };
        use unicode_normalization::UnicodeNormalization;
        let text: String = raw
            .replace('\u{1a3}', "\u{1b0}")
            .replace('\u{1a2}', "\u{1af}")
            .nfc()
            .collect();
        bytes += text.len();
        let mut pos = 0;
        for line in text.split('\n') {
            let span = Span::new(pos, pos + line.len());
            pos += line.len() + 1;
            let t = tokenize(&text, span, &lex);
            check_invariants(&text, &t, span);
            for tok in &t {
                match &tok.kind {
                    TokenKind::Quantity(q) => {
                        total += 1;
                        if q.reading == Reading::Damaged {
                            damaged += 1;
                        }
                        if q.reading == Reading::Ambiguous {
                            ambiguous += 1;
                        }
                        if q.unit.is_some() {
                            qty_unit += 1;
                        } else {
                            qty_bare += 1;
                            let s = tok.span.start as usize;
                            let lo = text.floor_char_boundary_compat(s.saturating_sub(30));
                            let hi = text.floor_char_boundary_compat(
                                (tok.span.end as usize + 30).min(text.len()),
                            );
                            bare_samples.push(format!("{:?}", &text[lo..hi]));
                        }
                    }
                    TokenKind::Ratio(_) => {
                        total += 1;
                        ratio += 1
                    }
                    TokenKind::Range(_) => {
                        total += 1;
                        range += 1
                    }
                    TokenKind::Date(_) => {
                        total += 1;
                        date += 1
                    }
                    TokenKind::NonQuantity { what } => {
                        total += 1;
                        nq += 1;
                        *nq_kinds.entry(format!("{what:?}")).or_default() += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    let el = t0.elapsed();
    let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
    println!(
        "corpus: {} files, {bytes} bytes, tokenized in {el:?}",
        files.len()
    );
    println!("numeric tokens {total}: quantity+unit {qty_unit} ({:.1}%), bare quantity {qty_bare} ({:.1}%), ratio {ratio} ({:.1}%), range {range} ({:.1}%), date {date} ({:.1}%), non-quantity {nq} ({:.1}%)",
        pct(qty_unit), pct(qty_bare), pct(ratio), pct(range), pct(date), pct(nq));
    println!("damaged {damaged}, ambiguous {ambiguous}; non-quantity kinds {nq_kinds:?}");
    if std::env::var("SHOW_BARE").is_ok() {
        for s in &bare_samples {
            println!("BARE {s}");
        }
    }
    assert!(total > 1000, "the corpus should yield numeric tokens");
}

trait FloorCompat {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}
impl FloorCompat for String {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}
