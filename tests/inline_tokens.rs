//! Token sequences with exact spans for real sentences, and a run over the corpus.

use doisoat::ast::{Reading, Token, TokenKind};
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
                q.unit.as_ref().map_or("-", |u| &*u.name)
            ),
            TokenKind::Ratio(r) => format!(
                "R {}/{} {}",
                r.numerator.value.normalize(),
                r.denominator.value.normalize(),
                r.denominator.unit.as_ref().map_or("-", |u| &*u.name)
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
fn product_sentence_keeps_times_signs() {
    let text = "67 hộ x 64.300đ/hộ/tháng x 6 tháng = 25.848.600 đồng; xã x";
    let kinds: Vec<String> = toks(text)
        .iter()
        .map(|t| match &t.kind {
            TokenKind::Punct { ch } => format!("P{ch}"),
            TokenKind::Word => format!("W{}", &text[t.span.range()]),
            TokenKind::Quantity(q) => format!("Q{}", q.value.normalize()),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Q67",
            "Px",
            "Q64300",
            "Px",
            "Q6",
            "P=",
            "Q25848600",
            "P;",
            "Wxã",
            "Wx"
        ]
    );
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

    // A hedge widens `span` but not `number_span`; the hedge's own span is kept.
    let text = "ước đạt 52 tỷ 262 triệu đồng";
    let t = toks(text);
    assert_eq!(t.len(), 1, "{t:?}");
    let TokenKind::Quantity(q) = &t[0].kind else {
        panic!("{t:?}")
    };
    let at = |s: &str| text.find(s).unwrap();
    assert_eq!(q.span, Span::new(0, text.len()));
    assert_eq!(q.hedge, Some(Span::new(0, at(" 52"))));
    assert_eq!(q.number_span, Span::new(at("52"), at(" đồng")));
    assert_eq!(
        q.unit.as_ref().map(|u| u.span),
        Some(Span::new(at("đồng"), text.len()))
    );
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
    // Adversarial repetitions stay linear: 300 KB each must take well under a few seconds
    // even in a debug build (a quadratic path would take minutes).
    for unit in [
        "1/1/",
        "hơn 1 ",
        "1,2,",
        "5 đ/a",
        "(1) ",
        "⁽¹",
        "2021-",
        "1.1.1.",
        "Nghị quyết số ",
        "10 75% ",
        "1 tỷ 2 triệu ",
    ] {
        let s = unit.repeat(300_000 / unit.len());
        let t0 = std::time::Instant::now();
        let t = tokenize(&s, Span::new(0, s.len()), &lex);
        check_invariants(&s, &t, Span::new(0, s.len()));
        assert!(
            t0.elapsed().as_secs() < 5,
            "{unit:?} took {:?}",
            t0.elapsed()
        );
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
    let show_all = std::env::var("SHOW_ALL").is_ok();
    let (mut table_lines, mut bare_in_tables) = (0usize, 0usize);
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
            let line_start = pos;
            pos += line.len() + 1;
            // Heading and list markers belong to the block parser: skip them here.
            let body = line.trim_start();
            let marker = body
                .find(' ')
                .filter(|&k| {
                    let m = &body[..k];
                    let core = m.trim_end_matches(['.', ')']);
                    m.len() <= 8
                        && core.len() < m.len()
                        && (core
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '.' || "IVX".contains(c))
                            || core.chars().count() == 1)
                })
                .map_or(0, |k| k + 1);
            let start = line_start + (line.len() - body.len()) + marker;
            let span = Span::new(start, line_start + line.len());
            let table = line.contains('\t');
            if table {
                table_lines += 1;
            }
            let t = tokenize(&text, span, &lex);
            check_invariants(&text, &t, span);
            for tok in &t {
                if show_all && !matches!(tok.kind, TokenKind::Word | TokenKind::Punct { .. }) {
                    print!("TOK {}", render(&text, std::slice::from_ref(tok)));
                }
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
                            if table {
                                bare_in_tables += 1;
                                continue;
                            }
                            let (s, e) = (tok.span.start as usize, tok.span.end as usize);
                            let lo = text.floor_char_boundary_compat(s.saturating_sub(30));
                            let hi = text.floor_char_boundary_compat((e + 30).min(text.len()));
                            bare_samples.push(format!(
                                "{:?}«{}»{:?}",
                                &text[lo..s],
                                &text[s..e],
                                &text[e..hi]
                            ));
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
    // Throughput of the tokenizer alone (PERF_REPS=N repeats the whole corpus N times).
    if let Some(reps) = std::env::var("PERF_REPS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
    {
        let texts: Vec<String> = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .map(|raw| {
                use unicode_normalization::UnicodeNormalization;
                raw.nfc().collect()
            })
            .collect();
        let t1 = std::time::Instant::now();
        let mut n = 0usize;
        let mut b = 0usize;
        for _ in 0..reps {
            for text in &texts {
                b += text.len();
                let mut pos = 0;
                for line in text.split('\n') {
                    n += tokenize(text, Span::new(pos, pos + line.len()), &lex).len();
                    pos += line.len() + 1;
                }
            }
        }
        let secs = t1.elapsed().as_secs_f64();
        println!(
            "perf: {b} bytes, {n} tokens in {secs:.3}s = {:.1} MB/s",
            b as f64 / secs / 1e6
        );
    }
    let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
    println!(
        "corpus: {} files, {bytes} bytes, tokenized in {el:?}",
        files.len()
    );
    println!("numeric tokens {total}: quantity+unit {qty_unit} ({:.1}%), bare quantity {qty_bare} ({:.1}%), ratio {ratio} ({:.1}%), range {range} ({:.1}%), date {date} ({:.1}%), non-quantity {nq} ({:.1}%)",
        pct(qty_unit), pct(qty_bare), pct(ratio), pct(range), pct(date), pct(nq));
    println!("bare quantities in {table_lines} tab-separated table lines (unit in another cell): {bare_in_tables}");
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

/// A small deterministic fuzz: random strings over the characters the tokenizer branches on
/// (digits, marks, slashes, superscripts, Vietnamese letters, keywords) never panic and always
/// give ordered, non-overlapping spans on char boundaries.
#[test]
fn random_inputs_keep_invariants() {
    let lex = Lexicon::builtin();
    let pieces = [
        "1",
        "0",
        "9",
        "12",
        "2025",
        ".",
        ",",
        "/",
        "//",
        "-",
        "–",
        " ",
        "  ",
        "\t",
        "%",
        "(",
        ")",
        "[^",
        "]",
        "⁽",
        "⁾",
        "¹",
        "²",
        "³",
        "ha",
        "km",
        "m",
        "đ",
        "đồng",
        "tỷ",
        "triệu",
        "nghìn",
        "hơn",
        "khoảng",
        "ngày",
        "tháng",
        "năm",
        "số",
        "thôn",
        "mức độ",
        "quý",
        "XIV",
        "I",
        "Covid",
        "h",
        "h30",
        "’",
        "+",
        ":",
        ";",
        "≥",
        "<",
        "trở lên",
        "chỉ tiêu",
        "hồ sơ",
        "a",
        "ă",
        "\u{301}",
        "NQ",
        "UBND",
        "giai đoạn",
        "ISO",
        "tỷ lệ",
        "24",
        "x",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut s = String::new();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = (seed >> 59) as usize + 1;
        for _ in 0..len * 3 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        let t = tokenize(&s, Span::new(0, s.len()), &lex);
        check_invariants(&s, &t, Span::new(0, s.len()));
    }
}
