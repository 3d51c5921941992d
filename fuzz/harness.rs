//! In-repo mutational fuzzer for doisoat (stable toolchain; no libFuzzer/AFL needed).
//!
//! Three targets, each checking properties, not just the absence of panics:
//! - `layout`: bytes → `SourceFile::from_bytes` → `prepare`. Decoding either fails with an
//!   error whose offset lies inside the input or succeeds; `byte_range` stays inside the bytes;
//!   `line_col` agrees with a naive count; the reflowed text maps back (`to_source`) onto char
//!   boundaries of the decoded text, monotonically inside each logical line, and ASCII digits/letters map onto the same
//!   character; the same input gives the same logical text.
//! - `tokens`: `parse_number` at every char boundary and `tokenize` over the whole text: spans
//!   on char boundaries, inside the input, tokens ordered and disjoint, quantity sub-spans inside
//!   their token; deterministic.
//! - `pipeline`: `analyze_str` + every renderer (human, json): every diagnostic, label and fix
//!   span on char boundaries of the logical text; `source_range` on char boundaries of the
//!   source; `line_col` of each finding agrees with a naive count over the source text and with
//!   `byte_range`; rendering never panics; two runs render byte-identical output.
//!
//! Inputs: seeds from `examples/`, `tests/fixtures/`, `../shared/corpus` (when present) cut into
//! fragments, plus generated Vietnamese report fragments with numbers; mutated by byte flips,
//! dictionary insertions, deletions, duplications, splices and truncations. A property failure
//! or panic is reported with the input saved under `fuzz/crashes/`. Regression inputs live in
//! `fuzz/regressions/<target>/` and are replayed by the smoke test.

#![allow(dead_code)]

use doisoat::engine::{analyze_str, prepare, Analysis, Settings};
use doisoat::parse::inline::tokenize;
use doisoat::parse::number::parse_number;
use doisoat::render::{human, json, FileResult};
use doisoat::source::SourceFile;
use doisoat::span::Span;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Layout,
    Tokens,
    Pipeline,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Layout => "layout",
            Target::Tokens => "tokens",
            Target::Pipeline => "pipeline",
        }
    }
    pub fn parse(s: &str) -> Option<Target> {
        match s {
            "layout" => Some(Target::Layout),
            "tokens" => Some(Target::Tokens),
            "pipeline" => Some(Target::Pipeline),
            _ => None,
        }
    }
    pub const ALL: [Target; 3] = [Target::Layout, Target::Tokens, Target::Pipeline];
}

/// xorshift64*: deterministic for a seed, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Fragments the mutator inserts: keywords, numbers in every style, marks, line ends, damage.
pub const DICT: &[&str] = &[
    "trong đó",
    "gồm",
    "Tổng số",
    "tổng cộng",
    "chiếm",
    "%",
    " %",
    "đạt",
    "chỉ tiêu",
    "hồ sơ",
    "trường hợp",
    "tỷ đồng",
    "triệu đồng",
    "ha",
    "người",
    "xã",
    "(",
    ")",
    "((",
    "))",
    ":",
    ";",
    ",",
    ".",
    "/",
    "-",
    "–",
    "+",
    "=",
    "x",
    "1.234.567,89",
    "1234567,89",
    "03",
    "0",
    "00",
    "13/17",
    "16/6/2025",
    "75,5%",
    "100%",
    "12,3",
    "5.769",
    "13.82",
    "1,2,3",
    "999999999999999999",
    "III.",
    "IV",
    "1.",
    "a)",
    "-",
    "*",
    "#",
    "##",
    "|",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\r\r",
    "³",
    "⁽¹⁾",
    "¹²",
    "[1]",
    "(1)",
    "ƣ",
    "ƣơ",
    "\u{0301}",
    "\u{0323}\u{0309}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{00A0}",
    "\u{2028}",
    "  ",
    " ",
    "Đ",
    "đ",
    "Ð",
    "ấ",
    "ầ",
    "ẩ",
    "ẫ",
    "ậ",
    "Trang 3",
    "- 12 -",
    "khoảng",
    "trên",
    "dưới",
    "gần",
    "hơn",
    "nghìn",
    "triệu",
    "tỷ",
    "năm",
    "tháng",
    "ngày",
    "so với cùng kỳ",
    "tăng",
    "giảm",
    "lần",
    "bằng",
    "còn lại",
    "không đạt",
    "vượt",
    "Nguyễn Văn A",
    "UBND",
    "TT",
    "STT",
    "Ghi chú",
    "\u{0}",
    "\u{FFFD}",
    "😀",
    "𝟙",
];

/// Generated Vietnamese report fragments with numbers (a seed, not a mutation).
pub fn generate_fragment(rng: &mut Rng) -> String {
    let n = |rng: &mut Rng| -> String {
        match rng.below(6) {
            0 => format!("{}", rng.below(100)),
            1 => format!("{:02}", rng.below(20)),
            2 => {
                let v = rng.below(10_000_000);
                group(v)
            }
            3 => format!("{},{}", rng.below(1000), rng.below(100)),
            4 => format!("{}/{}", rng.below(20), rng.below(20) + 1),
            _ => format!("{},{}%", rng.below(100), rng.below(10)),
        }
    };
    let nouns = [
        "hồ sơ",
        "trường hợp",
        "chỉ tiêu",
        "xã",
        "hộ",
        "người",
        "tỷ đồng",
        "ha",
    ];
    let mut s = String::new();
    for _ in 0..1 + rng.below(6) {
        let noun = *rng.pick(&nouns);
        match rng.below(7) {
            0 => s.push_str(&format!(
                "Tổng số {} {noun}, trong đó {} {noun}, {} {noun}. ",
                n(rng),
                n(rng),
                n(rng)
            )),
            1 => s.push_str(&format!(
                "Có {} chỉ tiêu đạt kế hoạch, chiếm {}. ",
                n(rng),
                n(rng)
            )),
            2 => s.push_str(&format!(
                "Đã giải quyết {} {noun}, gồm: (1) {} {noun}; (2) {} {noun}.\n",
                n(rng),
                n(rng),
                n(rng)
            )),
            3 => s.push_str(&format!("\n{}. Kết quả thực hiện\n", rng.below(9) + 1)),
            4 => s.push_str(&format!("| {} | {} | {} |\n", n(rng), n(rng), n(rng))),
            5 => s.push_str(&format!(
                "Thu ngân sách {} tỷ đồng, bằng {} so với cùng kỳ³. ",
                n(rng),
                n(rng)
            )),
            _ => s.push_str(&format!(
                "Ngày {}/{}/2025, UBND xã ban hành {} văn bản.\n",
                rng.below(31) + 1,
                rng.below(12) + 1,
                n(rng)
            )),
        }
    }
    s
}

fn group(v: usize) -> String {
    let d = v.to_string();
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Seed inputs: example and fixture files whole, and the corpus cut into fragments of lines.
pub fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("examples"), &mut files);
    collect(&root.join("tests/fixtures"), &mut files);
    let mut out: Vec<Vec<u8>> = files.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    let mut corpus = Vec::new();
    collect(&root.join("../shared/corpus"), &mut corpus);
    for p in corpus {
        let Ok(text) = std::fs::read(&p) else {
            continue;
        };
        // Fragments of ~40 lines keep each execution short; one whole file per corpus entry.
        let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
        for chunk in lines.chunks(40) {
            out.push(chunk.concat());
        }
    }
    let mut rng = Rng::new(7);
    for _ in 0..50 {
        out.push(generate_fragment(&mut rng).into_bytes());
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    for p in v {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
            out.push(p);
        }
    }
}

/// One mutation of `input` (may produce invalid UTF-8: decoding is part of the targets).
pub fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let len = input.len();
    match rng.below(10) {
        0 if len > 0 => {
            let i = rng.below(len);
            input[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            input[i] = rng.next() as u8;
        }
        2..=4 => {
            let i = rng.below(len + 1);
            let w = rng.pick(DICT).as_bytes();
            input.splice(i..i, w.iter().copied());
        }
        5 if len > 0 => {
            let a = rng.below(len);
            let b = (a + 1 + rng.below(64)).min(len);
            input.drain(a..b);
        }
        6 if len > 0 => {
            let a = rng.below(len);
            let b = (a + 1 + rng.below(256)).min(len);
            let piece = input[a..b].to_vec();
            let times = 1 + rng.below(8);
            let at = rng.below(len + 1);
            for _ in 0..times {
                input.splice(at..at, piece.iter().copied());
            }
        }
        7 if !seeds.is_empty() => {
            let other = rng.pick(seeds);
            if !other.is_empty() {
                let a = rng.below(other.len());
                let b = (a + 1 + rng.below(512)).min(other.len());
                let at = rng.below(len + 1);
                input.splice(at..at, other[a..b].iter().copied());
            }
        }
        8 if len > 0 => input.truncate(rng.below(len)),
        _ => {
            let f = generate_fragment(rng);
            let at = rng.below(len + 1);
            input.splice(at..at, f.bytes());
        }
    }
}

/// Naive line/column of a decoded-text offset: `\n`, `\r\n` and a lone `\r` end lines.
pub fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if i >= offset {
            break;
        }
        let crlf = c == '\r' && it.peek().is_some_and(|&(_, n)| n == '\n');
        // In `\r\n` the line ends after the `\n`: the `\n` is still on the line.
        if (c == '\n' || c == '\r') && !crlf {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), String> {
    let r = span.range();
    if r.start > r.end || r.end > text.len() {
        return Err(format!(
            "{what}: span {r:?} outside text of {} bytes",
            text.len()
        ));
    }
    if !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
        return Err(format!("{what}: span {r:?} not on char boundaries"));
    }
    Ok(())
}

/// Decoding + layout properties.
pub fn check_layout(bytes: &[u8]) -> Result<(), String> {
    let src = match SourceFile::from_bytes("fuzz.txt", bytes) {
        Ok(s) => s,
        Err(e) => {
            use doisoat::source::InputError::*;
            let off = match e {
                InvalidUtf8 { offset } | Binary { offset } | InvalidUtf16 { offset } => offset,
            };
            if off >= bytes.len().max(1) {
                return Err(format!(
                    "decode error offset {off} outside {} bytes",
                    bytes.len()
                ));
            }
            return Ok(());
        }
    };
    let text = &src.text;
    let br = src.byte_range(0..text.len());
    if br.start > br.end || br.end > bytes.len() {
        return Err(format!("byte_range {br:?} outside {} bytes", bytes.len()));
    }
    // line_col against the naive count at a sample of char boundaries (all for short texts).
    let step = (text.len() / 200).max(1);
    let mut last = usize::MAX;
    for (i, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if last != usize::MAX && i - last < step && i != text.len() {
            continue;
        }
        last = i;
        let got = src.line_col(i);
        let want = naive_line_col(text, i);
        if got != want {
            return Err(format!("line_col({i}) = {got:?}, naive {want:?}"));
        }
    }
    let p = prepare(text);
    let lt = &p.text;
    let mut prev = 0usize;
    for (i, c) in lt.char_indices() {
        let s = p.to_source.map_start(i);
        if s > text.len() {
            return Err(format!(
                "to_source({i}) = {s} beyond source of {} bytes",
                text.len()
            ));
        }
        if s < prev {
            return Err(format!(
                "to_source not monotone at logical {i}: {s} < {prev}"
            ));
        }
        // Blocks may be reordered (typed footnote definitions move after the paragraph they
        // interrupt), so order is only required inside one logical line.
        prev = if c == '\n' { 0 } else { s };
        if c.is_ascii_alphanumeric() {
            let r = p.to_source.map_range(i..i + 1);
            let back = text.get(r.clone());
            if back != Some(c.encode_utf8(&mut [0; 4])) {
                return Err(format!("logical {i} {c:?} maps to source {r:?} = {back:?}"));
            }
        }
    }
    let p2 = prepare(text);
    if p2.text != p.text {
        return Err("prepare is not deterministic".into());
    }
    Ok(())
}

/// Number and token parser properties.
pub fn check_tokens(text: &str) -> Result<(), String> {
    let settings = Settings::default();
    let lex = &settings.lexicon;
    // parse_number at every char boundary that starts with a digit (and a few that do not).
    for (i, c) in text.char_indices() {
        if !c.is_ascii_digit() && i % 7 != 0 {
            continue;
        }
        let rest = &text[i..];
        if let Some((lit, used)) = parse_number(rest, i) {
            if used == 0 || used > rest.len() || !rest.is_char_boundary(used) {
                return Err(format!(
                    "parse_number at {i} consumed {used} of {}",
                    rest.len()
                ));
            }
            check_span(text, lit.span, "number")?;
            if lit.span.start as usize != i || lit.span.end as usize > i + used {
                return Err(format!("number span {:?} vs consumed {i}+{used}", lit.span));
            }
            let again = parse_number(rest, i);
            if again.as_ref().map(|(l, u)| (l.value, l.decimals, *u))
                != Some((lit.value, lit.decimals, used))
            {
                return Err(format!("parse_number at {i} not deterministic"));
            }
        }
    }
    let whole = Span::new(0, text.len());
    let toks = tokenize(text, whole, lex);
    let mut end = 0usize;
    for t in &toks {
        check_span(text, t.span, "token")?;
        if (t.span.start as usize) < end {
            return Err(format!(
                "token {:?} overlaps the previous (ends {end})",
                t.span
            ));
        }
        end = t.span.end as usize;
        if let doisoat::ast::TokenKind::Quantity(q) = &t.kind {
            check_span(text, q.number_span, "quantity number")?;
            if !t.span.contains(q.number_span) {
                return Err(format!(
                    "number span {:?} outside token {:?}",
                    q.number_span, t.span
                ));
            }
            if let Some(h) = q.hedge {
                check_span(text, h, "hedge")?;
            }
        }
    }
    // A block inside the text: spans stay inside that block.
    if let Some((mid, _)) = text.char_indices().nth(text.chars().count() / 2) {
        for t in tokenize(text, Span::new(mid, text.len()), lex) {
            if (t.span.start as usize) < mid {
                return Err(format!("token {:?} before block start {mid}", t.span));
            }
        }
    }
    let again = tokenize(text, whole, lex);
    if format!("{again:?}") != format!("{toks:?}") {
        return Err("tokenize is not deterministic".into());
    }
    Ok(())
}

fn render_all(a: Analysis) -> Result<(String, String), String> {
    let results = vec![FileResult::Checked {
        path: "fuzz.txt".into(),
        analysis: Box::new(a),
    }];
    let h = human::render_human(&results, &human::Options::default());
    let j = json::render_json(&results, doisoat::messages::Lang::En);
    if serde_json::from_str::<serde_json::Value>(&j).is_err() {
        return Err("json renderer produced invalid JSON".into());
    }
    Ok((h, j))
}

/// Whole-pipeline properties.
pub fn check_pipeline(text: &str) -> Result<(), String> {
    let settings = Settings::default();
    let a = analyze_str("fuzz.txt", text, &settings);
    let lt = &a.prepared.text;
    let st = &a.source.text;
    for d in &a.diagnostics {
        check_span(lt, d.span, d.rule)?;
        for l in &d.labels {
            check_span(lt, l.span, "label")?;
        }
        for f in &d.fixes {
            check_span(lt, f.span, "fix")?;
        }
        let r = a.source_range(d.span);
        if r.end > st.len() || !st.is_char_boundary(r.start) || !st.is_char_boundary(r.end) {
            return Err(format!(
                "{}: source_range {r:?} bad in {} bytes",
                d.rule,
                st.len()
            ));
        }
        let (line, col) = a.source.line_col(r.start);
        if (line, col) != naive_line_col(st, r.start) {
            return Err(format!(
                "{}: line_col {:?} vs naive {:?}",
                d.rule,
                (line, col),
                naive_line_col(st, r.start)
            ));
        }
        let b = a.source.byte_range(r.clone());
        // The input bytes at `byte_range` are the decoded text at the source range (a leading
        // U+FEFF is read as a BOM and shifts every offset by 3).
        // `analyze_str` checks a text with NULs as if they were spaces (same length).
        if text.replace('\0', " ").as_bytes().get(b.clone()) != st.as_bytes().get(r.clone()) {
            return Err(format!(
                "{}: byte_range {b:?} does not hold source range {r:?}",
                d.rule
            ));
        }
    }
    let (h1, j1) = render_all(a)?;
    let (h2, j2) = render_all(analyze_str("fuzz.txt", text, &settings))?;
    if h1 != h2 || j1 != j2 {
        return Err("same input, different output".into());
    }
    Ok(())
}

/// Runs one target on one input; a panic becomes an error.
pub fn run_one(target: Target, input: &[u8]) -> Result<(), String> {
    let r = catch_unwind(AssertUnwindSafe(|| match target {
        Target::Layout => check_layout(input),
        Target::Tokens => check_tokens(&String::from_utf8_lossy(input)),
        Target::Pipeline => check_pipeline(&String::from_utf8_lossy(input)),
    }));
    match r {
        Ok(res) => res,
        Err(p) => Err(format!(
            "panic: {}",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

pub struct Stats {
    pub execs: u64,
    pub elapsed: Duration,
    pub failures: Vec<(String, PathBuf)>,
}

/// Fuzzes `target` for `budget` (or `max_execs`) from a fixed `seed`; failing inputs are
/// written to `crash_dir` (distinct messages only).
pub fn fuzz(
    target: Target,
    seed: u64,
    budget: Duration,
    max_execs: u64,
    crash_dir: &Path,
) -> Stats {
    let seeds = seeds();
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut execs = 0u64;
    let mut failures: Vec<(String, PathBuf)> = Vec::new();
    // Interesting inputs found so far are mutated further (a simple corpus without coverage).
    let mut pool: Vec<Vec<u8>> = seeds.clone();
    while start.elapsed() < budget && execs < max_execs {
        let mut input = rng.pick(&pool).clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut input, &seeds);
        }
        // Keep single executions short: long inputs are the hostile set's job.
        input.truncate(64 * 1024);
        execs += 1;
        if let Err(msg) = run_one(target, &input) {
            let key: String = msg.chars().take(60).collect();
            if failures
                .iter()
                .any(|(m, _)| m.chars().take(60).collect::<String>() == key)
            {
                continue;
            }
            let _ = std::fs::create_dir_all(crash_dir);
            let path = crash_dir.join(format!("{}-{}-{}.bin", target.name(), seed, execs));
            let _ = std::fs::write(&path, &input);
            eprintln!(
                "[{}] FAIL at exec {execs}: {msg} -> {}",
                target.name(),
                path.display()
            );
            failures.push((msg, path));
        } else if rng.below(50) == 0 && pool.len() < 4096 {
            pool.push(input);
        }
    }
    Stats {
        execs,
        elapsed: start.elapsed(),
        failures,
    }
}

/// Every regression input under `fuzz/regressions/<target>/`.
pub fn regressions(target: Target) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target.name());
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    v.into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}
