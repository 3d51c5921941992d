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
//! - `docx`: `.docx` archives generated from report bodies, with their XML mutated (tags,
//!   entities, tables, notes, numbering, styles) and re-zipped, or the archive bytes mutated, or raw
//!   bytes: `docx::extract` returns `Ok` or `Err` (never panics) within a time bound, twice the
//!   same; on `Ok` the text has no control characters but tab and LF, ends each line with
//!   `\n`, has no more note definitions than marks, and passes the `pipeline` properties.
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
    Docx,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Layout => "layout",
            Target::Tokens => "tokens",
            Target::Pipeline => "pipeline",
            Target::Docx => "docx",
        }
    }
    pub fn parse(s: &str) -> Option<Target> {
        match s {
            "layout" => Some(Target::Layout),
            "tokens" => Some(Target::Tokens),
            "pipeline" => Some(Target::Pipeline),
            "docx" => Some(Target::Docx),
            _ => None,
        }
    }
    pub const ALL: [Target; 4] = [
        Target::Layout,
        Target::Tokens,
        Target::Pipeline,
        Target::Docx,
    ];
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
        Target::Docx => check_docx(input),
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
    if target == Target::Docx {
        return fuzz_docx(seed, budget, max_execs, crash_dir);
    }
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

// ---- docx target (additive: its own seeds, mutations and loop) ----

#[path = "docx_writer.rs"]
mod docx_writer;

/// The parts of a generated `.docx` that the mutator changes.
#[derive(Clone)]
pub struct DocxCase {
    pub document: Vec<u8>,
    pub footnotes: Option<Vec<u8>>,
    pub endnotes: Option<Vec<u8>>,
    pub styles: Option<Vec<u8>>,
}

impl DocxCase {
    pub fn archive(&self, deflate: bool) -> Vec<u8> {
        let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", &self.document)];
        if let Some(f) = &self.footnotes {
            parts.push(("word/footnotes.xml", f));
        }
        if let Some(e) = &self.endnotes {
            parts.push(("word/endnotes.xml", e));
        }
        if let Some(st) = &self.styles {
            parts.push(("word/styles.xml", st));
        }
        docx_writer::zip_parts(&parts, deflate)
    }
}

/// XML pieces the docx mutator inserts (before a `<`, so they land between elements).
pub const DOCX_DICT: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:p/>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t xml:space=\"preserve\">  x  </w:t>",
    "<w:tab/>",
    "<w:br/>",
    "<w:br w:type=\"page\"/>",
    "<w:cr/>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "</w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:tc><w:tcPr><w:gridSpan w:val=\"99999999999\"/></w:tcPr><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc>",
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Tổng</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.234</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    "<w:r><w:footnoteReference w:id=\"1\"/></w:r>",
    "<w:r><w:footnoteReference w:id=\"-1\"/></w:r>",
    "<w:r><w:endnoteReference w:id=\"2\"/></w:r>",
    "<w:r><w:footnoteReference w:customMarkFollows=\"1\" w:id=\"3\"/><w:t>*</w:t></w:r>",
    "<w:footnoteReference/>",
    "<w:pPr><w:numPr><w:ilvl w:val=\"4294967295\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
    "<w:pPr><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr>",
    "<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>",
    "<w:pPr>",
    "</w:pPr>",
    "<w:del><w:r><w:delText>xóa</w:delText></w:r></w:del>",
    "<w:ins><w:r><w:t>thêm</w:t></w:r></w:ins>",
    "<w:txbxContent><w:p><w:r><w:t>hộp</w:t></w:r></w:p></w:txbxContent>",
    "<w:txbxContent>",
    "<mc:AlternateContent><mc:Choice><w:t>a</w:t></mc:Choice><mc:Fallback><w:t>b</w:t></mc:Fallback></mc:AlternateContent>",
    "<w:instrText>PAGE</w:instrText>",
    "<w:sym w:font=\"Symbol\" w:char=\"F0B7\"/>",
    "<w:noBreakHyphen/>",
    "<w:style w:type=\"paragraph\" w:styleId=\"ListNumber\"><w:basedOn w:val=\"ListNumber\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>",
    "<w:pPr><w:pStyle w:val=\"ListNumber\"/></w:pPr>",
    "<w:pPr><w:pStyle w:val=\"Heading1\"/><w:outlineLvl w:val=\"99\"/></w:pPr>",
    "<w:basedOn w:val=\"Heading1\"/>",
    "<w:footnote w:id=\"1\"><w:p><w:r><w:t>ghi chú</w:t></w:r></w:p></w:footnote>",
    "<w:footnote w:type=\"separator\" w:id=\"1\">",
    "</w:footnote>",
    "<w:endnote w:id=\"2\">",
    "</w:endnote>",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#1;",
    "&#x7;",
    "&#x85;",
    "&#x2028;",
    "&#x1F600;",
    "&#xD800;",
    "&#13;",
    "&#9;",
    "&#xFEFF;",
    "&unknown;",
    "&",
    "<![CDATA[1.234,5 ha]]>",
    "<!-- chú thích -->",
    "<?pi x?>",
    "<!DOCTYPE w:document>",
    "\u{FEFF}",
    "\u{0}",
    "\r\n",
    "<w:p w:rsidR=\"00A1\" a=\"&quot;\">",
    "<x:t>",
    "</x:t>",
    "¹",
    "\t",
];

fn docx_paragraphs(text: &str) -> String {
    let mut body = String::new();
    for line in text.lines() {
        match line.strip_prefix("- ") {
            Some(item) => body.push_str(&docx_writer::numbered(item, 0)),
            None => body.push_str(&docx_writer::para(line)),
        }
    }
    body
}

/// Seeds: a report with every construct the reader knows, the examples, and generated
/// fragments, each as paragraphs (`- ` lines as Word-numbered items).
pub fn docx_seeds() -> Vec<DocxCase> {
    use docx_writer::*;
    let report = [
        format!(
            "<w:tbl><w:tr><w:tc>{}{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            para("ỦY BAN NHÂN DÂN"),
            para("XÃ AN THẠNH"),
            para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        ),
        para("BÁO CÁO"),
        para("1. Giảm nghèo"),
        table(&[
            &["STT", "Thôn", "Số hộ"],
            &["1", "Thôn Đông", "120"],
            &["Tổng", "", "210"],
        ]),
        para("Có 3 nhiệm vụ, gồm:"),
        numbered("Một;", 0),
        numbered("Hai;", 1),
        numbered("Ba.", 0),
        styled("MỤC TIÊU", "Heading1"),
        styled("Bốn;", "ListNumber"),
        styled("Năm;", "ListNumber2"),
        styled("Sáu.", "ListBullet"),
        format!(
            "<w:p><w:r><w:t>Thu 42 tỷ đồng</w:t></w:r>{}<w:r><w:t xml:space=\"preserve\">, chi 30 tỷ đồng</w:t><w:tab/><w:br/></w:r>{}<w:r><w:endnoteReference w:id=\"5\"/></w:r></w:p>",
            footnote_ref(1),
            footnote_ref(2)
        ),
    ]
    .concat();
    let mut out = vec![DocxCase {
        document: document_xml(&report).into_bytes(),
        footnotes: Some(
            notes_xml("footnote", &[(1, "Ước 31/12/2025."), (2, "Tạm tính.")]).into_bytes(),
        ),
        endnotes: Some(notes_xml("endnote", &[(5, "Theo Quyết định số 12/QĐ-UBND.")]).into_bytes()),
        styles: Some(STYLES_XML.as_bytes().to_vec()),
    }];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["examples/bao-cao-mau.md", "examples/bao-cao-mau-sach.md"] {
        if let Ok(text) = std::fs::read_to_string(root.join(name)) {
            out.push(DocxCase {
                document: document_xml(&docx_paragraphs(&text)).into_bytes(),
                footnotes: None,
                endnotes: None,
                styles: None,
            });
        }
    }
    let mut rng = Rng::new(11);
    for _ in 0..8 {
        out.push(DocxCase {
            document: document_xml(&docx_paragraphs(&generate_fragment(&mut rng))).into_bytes(),
            footnotes: Some(notes_xml("footnote", &[(1, "Ghi chú một.")]).into_bytes()),
            endnotes: None,
            styles: Some(STYLES_XML.as_bytes().to_vec()),
        });
    }
    out
}

/// Inserts a piece of `DOCX_DICT` before a `<` (or anywhere), or applies a text mutation.
pub fn mutate_xml(rng: &mut Rng, xml: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    if rng.below(2) == 0 {
        let piece = rng.pick(DOCX_DICT).as_bytes();
        let lts: usize = xml.iter().filter(|&&b| b == b'<').count();
        let at = if lts > 0 && rng.below(4) != 0 {
            let k = rng.below(lts);
            xml.iter()
                .enumerate()
                .filter(|(_, &b)| b == b'<')
                .nth(k)
                .map_or(0, |(i, _)| i)
        } else {
            rng.below(xml.len() + 1)
        };
        xml.splice(at..at, piece.iter().copied());
    } else {
        mutate(rng, xml, seeds);
    }
}

/// `.docx` properties (see the module docs).
pub fn check_docx(bytes: &[u8]) -> Result<(), String> {
    let start = Instant::now();
    let first = doisoat::docx::extract(bytes);
    let took = start.elapsed();
    // Inputs are at most a few hundred KiB: anything slower than this is a blow-up.
    if took > Duration::from_secs(5) {
        return Err(format!(
            "docx: extract took {took:?} on {} bytes",
            bytes.len()
        ));
    }
    if doisoat::docx::extract(bytes) != first {
        return Err("docx: same input, different result".into());
    }
    let t = match first {
        Ok(t) => t,
        Err(e) if e.to_string().is_empty() => return Err("docx: empty error message".into()),
        Err(_) => return Ok(()),
    };
    if let Some(c) = t
        .text
        .chars()
        .find(|c| (c.is_control() && !matches!(c, '\t' | '\n')) || *c == '\u{FEFF}')
    {
        return Err(format!("docx: text holds {c:?}"));
    }
    if !t.text.is_empty() && !t.text.ends_with('\n') {
        return Err("docx: last line has no line end".into());
    }
    if t.note_defs > t.note_refs {
        return Err(format!(
            "docx: {} note definitions for {} marks",
            t.note_defs, t.note_refs
        ));
    }
    match doisoat::docx::to_source("fuzz.docx", bytes) {
        Ok(s) if s.text == t.text => {}
        Ok(_) => return Err("docx: to_source text differs from extract".into()),
        Err(e) => {
            return Err(format!(
                "docx: to_source fails after extract succeeded: {e}"
            ))
        }
    }
    check_pipeline(&t.text)
}

/// The docx fuzz loop: like [`fuzz`], over generated archives.
pub fn fuzz_docx(seed: u64, budget: Duration, max_execs: u64, crash_dir: &Path) -> Stats {
    let text_seeds: Vec<Vec<u8>> = seeds();
    let mut pool = docx_seeds();
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut execs = 0u64;
    let mut failures: Vec<(String, PathBuf)> = Vec::new();
    while start.elapsed() < budget && execs < max_execs {
        let mut case = rng.pick(&pool).clone();
        let input = match rng.below(10) {
            // Mutated XML, re-zipped.
            0..=5 => {
                for _ in 0..1 + rng.below(6) {
                    let part = match rng.below(7) {
                        0 => case.footnotes.get_or_insert_with(Vec::new),
                        1 => case.endnotes.get_or_insert_with(Vec::new),
                        2 => case.styles.get_or_insert_with(Vec::new),
                        _ => &mut case.document,
                    };
                    mutate_xml(&mut rng, part, &text_seeds);
                    part.truncate(64 * 1024);
                }
                case.archive(rng.below(2) == 0)
            }
            // Mutated archive bytes.
            6..=8 => {
                let mut bytes = case.archive(rng.below(2) == 0);
                for _ in 0..1 + rng.below(4) {
                    mutate(&mut rng, &mut bytes, &text_seeds);
                }
                bytes.truncate(256 * 1024);
                bytes
            }
            // Raw bytes: text seeds, sometimes behind a zip signature.
            _ => {
                let mut bytes = rng.pick(&text_seeds).clone();
                bytes.truncate(4096);
                if rng.below(2) == 0 {
                    bytes.splice(0..0, b"PK\x03\x04".iter().copied());
                }
                mutate(&mut rng, &mut bytes, &text_seeds);
                bytes
            }
        };
        execs += 1;
        if let Err(msg) = run_one(Target::Docx, &input) {
            let key: String = msg.chars().take(60).collect();
            if failures
                .iter()
                .any(|(m, _)| m.chars().take(60).collect::<String>() == key)
            {
                continue;
            }
            let _ = std::fs::create_dir_all(crash_dir);
            let path = crash_dir.join(format!("docx-{seed}-{execs}.bin"));
            let _ = std::fs::write(&path, &input);
            eprintln!("[docx] FAIL at exec {execs}: {msg} -> {}", path.display());
            failures.push((msg, path));
        } else if rng.below(20) == 0 && pool.len() < 1024 {
            pool.push(case);
        }
    }
    Stats {
        execs,
        elapsed: start.elapsed(),
        failures,
    }
}
