//! In-repo mutational fuzzer for doisoat (stable toolchain; no libFuzzer/AFL needed).
//!
//! Five targets, each checking properties, not just the absence of panics:
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
//! - `lsp`: the language server served in-process, script of messages from the input (see the
//!   `lsp` section below and `fuzz/README.md`): protocol, ranges, text model, determinism.
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
    Lsp,
    Docx,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Layout => "layout",
            Target::Tokens => "tokens",
            Target::Pipeline => "pipeline",
            Target::Lsp => "lsp",
            Target::Docx => "docx",
        }
    }
    pub fn parse(s: &str) -> Option<Target> {
        match s {
            "layout" => Some(Target::Layout),
            "tokens" => Some(Target::Tokens),
            "pipeline" => Some(Target::Pipeline),
            "lsp" => Some(Target::Lsp),
            "docx" => Some(Target::Docx),
            _ => None,
        }
    }
    pub const ALL: [Target; 5] = [
        Target::Layout,
        Target::Tokens,
        Target::Pipeline,
        Target::Lsp,
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
                // Fuzz inputs are far below 4 GiB.
                TooLarge { bytes } => return Err(format!("{bytes} bytes refused as too large")),
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
    // Read in the smallest parts (a part before every block that may start one), the findings
    // are the same as read whole.
    let parted = Settings {
        part_bytes: Some(1),
        ..Settings::default()
    };
    let (h3, j3) = render_all(analyze_str("fuzz.txt", text, &parted))?;
    if h1 != h3 || j1 != j3 {
        return Err("read in parts, different output".into());
    }
    Ok(())
}

/// Runs one target on one input; a panic becomes an error.
pub fn run_one(target: Target, input: &[u8]) -> Result<(), String> {
    let r = catch_unwind(AssertUnwindSafe(|| match target {
        Target::Layout => check_layout(input),
        Target::Tokens => check_tokens(&String::from_utf8_lossy(input)),
        Target::Pipeline => check_pipeline(&String::from_utf8_lossy(input)),
        Target::Lsp => check_lsp(input),
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
            record_failure(&mut failures, crash_dir, target, seed, execs, &input, msg);
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

/// Saves a failing input under `crash_dir` and records it, unless a failure with the same
/// message start was recorded already (one input per cause is enough).
fn record_failure(
    failures: &mut Vec<(String, PathBuf)>,
    crash_dir: &Path,
    target: Target,
    seed: u64,
    execs: u64,
    input: &[u8],
    msg: String,
) {
    let key: String = msg.chars().take(60).collect();
    if failures
        .iter()
        .any(|(m, _)| m.chars().take(60).collect::<String>() == key)
    {
        return;
    }
    let _ = std::fs::create_dir_all(crash_dir);
    let path = crash_dir.join(format!("{}-{seed}-{execs}.bin", target.name()));
    let _ = std::fs::write(&path, input);
    eprintln!(
        "[{}] FAIL at exec {execs}: {msg} -> {}",
        target.name(),
        path.display()
    );
    failures.push((msg, path));
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

// ---------------------------------------------------------------------------------------------
// `lsp`: the language server (`doisoat::lsp::Server::serve`) driven in-process.
//
// The input bytes give the document text (the input read as UTF-8, at most 8 KiB) and, through
// a hash, the seed of a script of 4–40 steps: initialize (always with `debounceMs` 0, so every
// change is published before the next message and the output depends only on the input),
// initialized, didOpen of three documents (markdown, plaintext, a non-report), full and
// incremental didChange with ranges on and off the text (past line ends, past the last line,
// reversed, inside surrogate pairs, around CR/LF and multi-byte letters), hover, codeAction,
// documentSymbol and unknown methods, malformed params, garbage bodies, bad and huge
// Content-Length headers, ids the protocol does not allow, didClose, configuration changes,
// shutdown and exit. Each step is one frame (or a few raw bytes) served on its own; after it:
// - every message written is a well-formed frame holding JSON-RPC 2.0 (a response with a
//   number/string/null id and exactly one of result/error, or a notification);
// - every request got exactly one response with its id, a malformed frame exactly one with id
//   null (or the id it carried), a notification none;
// - every published diagnostic (and related location, hover range, code-action edit) has
//   start ≤ end and positions inside the current document, at UTF-16 char boundaries (never
//   between the two units of a surrogate pair, never past a line's end), with the document's
//   current version;
// - the server's text of each open document equals the text the harness computes by applying
//   the same edits itself.
// The whole script is then served again to a fresh server: the output must be byte-identical.
// ---------------------------------------------------------------------------------------------

use serde_json::{json, Value};
use std::collections::HashMap;

const LSP_URIS: [(&str, &str); 3] = [
    ("file:///fuzz/a.md", "markdown"),
    ("untitled:b", "plaintext"),
    ("file:///fuzz/c.rs", "rust"),
];

/// Letters and line ends edits insert on top of the input's own pieces.
const LSP_INSERTS: &[&str] = &[
    "",
    "😀",
    "a😀b",
    "𝟙",
    "ư",
    "ổ",
    "o\u{302}\u{309}",
    "đề",
    "\r",
    "\n",
    "\r\n",
    "\r\r\n",
    "\u{feff}",
    "Tổng số 12 hồ sơ, trong đó 5 hồ sơ, 8 hồ sơ.",
    "13/17 chỉ tiêu đạt, chiếm 75%.\n",
];

fn fnv(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The lines of a text as (start, content end, next start): `\n`, `\r\n` and a lone `\r` end
/// lines, as LSP counts them. Written apart from `doisoat::lsp::LineIndex` on purpose.
fn model_lines(text: &str) -> Vec<(usize, usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let end = match c {
            '\n' => i + 1,
            '\r' if it.peek().is_some_and(|&(_, n)| n == '\n') => {
                it.next();
                i + 2
            }
            '\r' => i + 1,
            _ => continue,
        };
        lines.push((start, i, end));
        start = end;
    }
    lines.push((start, text.len(), text.len()));
    lines
}

/// Byte offset of an LSP position: past a line's end is its end (before the break), past the
/// last line is the end of the text, inside a surrogate pair is after the char.
fn model_offset(text: &str, line: u32, ch: u32) -> usize {
    let lines = model_lines(text);
    let Some(&(start, end, _)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut units = 0u64;
    for (i, c) in text[start..end].char_indices() {
        if units >= u64::from(ch) {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    end
}

/// An LSP position (JSON) checked against a text: a line of the text, a column at a char
/// boundary in UTF-16 units no further than the line's end.
fn valid_position(text: &str, p: &Value, what: &str) -> Result<(u64, u64), String> {
    let (Some(line), Some(ch)) = (
        p.get("line").and_then(Value::as_u64),
        p.get("character").and_then(Value::as_u64),
    ) else {
        return Err(format!("{what}: malformed position {p}"));
    };
    let lines = model_lines(text);
    let Some(&(start, end, _)) = lines.get(line as usize) else {
        return Err(format!(
            "{what}: line {line} of a text of {} lines",
            lines.len()
        ));
    };
    let mut units = 0u64;
    for c in text[start..end].chars() {
        if units >= ch {
            break;
        }
        units += c.len_utf16() as u64;
    }
    if units != ch {
        return Err(format!(
            "{what}: character {ch} of line {line} {:?} is {}",
            &text[start..end],
            if units < ch {
                "past its end"
            } else {
                "inside a char (surrogate pair)"
            }
        ));
    }
    Ok((line, ch))
}

fn valid_range(text: &str, r: &Value, what: &str) -> Result<(), String> {
    let (Some(s), Some(e)) = (r.get("start"), r.get("end")) else {
        return Err(format!("{what}: malformed range {r}"));
    };
    let s = valid_position(text, s, what)?;
    let e = valid_position(text, e, what)?;
    if s > e {
        return Err(format!("{what}: reversed range {r}"));
    }
    Ok(())
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body);
    v
}

/// The messages in a chunk of server output; each must be a well-formed frame.
fn output_messages(out: &[u8]) -> Result<Vec<Value>, String> {
    let mut msgs = Vec::new();
    let mut rest = out;
    while !rest.is_empty() {
        let Some(h) = rest.windows(4).position(|w| w == b"\r\n\r\n") else {
            return Err(format!(
                "output without a header end: {:?}",
                String::from_utf8_lossy(rest)
            ));
        };
        let header = std::str::from_utf8(&rest[..h]).map_err(|e| e.to_string())?;
        let len: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("bad output header {header:?}"))?;
        let body = rest
            .get(h + 4..h + 4 + len)
            .ok_or_else(|| format!("output frame of {len} bytes cut short"))?;
        let v: Value = serde_json::from_slice(body)
            .map_err(|e| format!("output body is not JSON ({e}): {body:?}"))?;
        if v.get("jsonrpc") != Some(&json!("2.0")) {
            return Err(format!("output without jsonrpc 2.0: {v}"));
        }
        if let Some(id) = v.get("id") {
            if !(id.is_number() || id.is_string() || id.is_null()) {
                return Err(format!("response id not a number/string/null: {v}"));
            }
            if v.get("result").is_some() == v.get("error").is_some() || v.get("method").is_some() {
                return Err(format!("malformed response: {v}"));
            }
            if let Some(e) = v.get("error") {
                if !e.get("code").is_some_and(Value::is_i64)
                    || !e.get("message").is_some_and(Value::is_string)
                {
                    return Err(format!("malformed error: {v}"));
                }
            }
        } else if !v.get("method").is_some_and(Value::is_string)
            || v.get("result").is_some()
            || v.get("error").is_some()
        {
            return Err(format!("neither response nor notification: {v}"));
        }
        msgs.push(v);
        rest = &rest[h + 4 + len..];
    }
    Ok(msgs)
}

/// What the harness knows the server must hold.
#[derive(Default)]
struct LspModel {
    docs: HashMap<String, (String, i32)>,
    initialized: bool,
    shutdown: bool,
    /// The document of the last hover request.
    hover_uri: String,
}

/// What one step must produce.
struct Expect {
    /// The ids of the responses, in any order (Null for a malformed frame).
    ids: Vec<Value>,
    /// An error code the (single) response must carry.
    code: Option<i64>,
    /// Don't check responses (a garbage body that might happen to be a valid message).
    any: bool,
}

impl Expect {
    fn none() -> Expect {
        Expect {
            ids: vec![],
            code: None,
            any: false,
        }
    }
    fn one(id: Value) -> Expect {
        Expect {
            ids: vec![id],
            code: None,
            any: false,
        }
    }
}

/// A random char-boundary slice of `text`, at most `max` bytes.
fn slice_of(rng: &mut Rng, text: &str, max: usize) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut a = rng.below(text.len());
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (a + rng.below(max + 1)).min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[a..b].to_string()
}

/// The position of a random ASCII digit of `text`.
fn digit_position(rng: &mut Rng, text: &str) -> Option<(u32, u32)> {
    let lines = model_lines(text);
    let digits: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .flat_map(|(l, &(s, e, _))| {
            text[s..e]
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(move |(i, _)| (l, s + i))
        })
        .collect();
    let &(l, at) = digits.get(rng.below(digits.len()))?;
    let ls = lines[l].0;
    let col: usize = text[ls..at].chars().map(char::len_utf16).sum();
    Some((l as u32, col as u32))
}

/// A position in `text`, often a tricky one.
fn pick_position(rng: &mut Rng, text: &str) -> (u32, u32) {
    let lines = model_lines(text);
    let n = lines.len();
    let line = rng.below(n);
    let (s, e, _) = lines[line];
    let body = &text[s..e];
    let len16: usize = body.chars().map(char::len_utf16).sum();
    let col_at = |i: usize| -> usize { body[..i].chars().map(char::len_utf16).sum() };
    let boundaries: Vec<usize> = body.char_indices().map(|(i, _)| i).collect();
    match rng.below(12) {
        // On a digit (hover shows how a number of a claim was read).
        10 | 11 => digit_position(rng, text).unwrap_or((line as u32, 0)),
        0 => (line as u32, (len16 + 1 + rng.below(4)) as u32),
        1 => ((n + rng.below(3)) as u32, rng.below(5) as u32),
        2 => (*rng.pick(&[0, 1, u32::MAX]), u32::MAX),
        3 => {
            // Inside a surrogate pair, when the line has one.
            match body.char_indices().find(|(_, c)| c.len_utf16() == 2) {
                Some((i, _)) => (line as u32, col_at(i) as u32 + 1),
                None => (line as u32, len16 as u32),
            }
        }
        4 => (line as u32, len16 as u32),
        _ => {
            let i = if boundaries.is_empty() {
                0
            } else {
                boundaries[rng.below(boundaries.len())]
            };
            (line as u32, col_at(i) as u32)
        }
    }
}

fn pos_json(p: (u32, u32)) -> Value {
    json!({"line": p.0, "character": p.1})
}

/// One step of the script: its bytes, what it must produce, and its effect on the model.
fn lsp_step(
    rng: &mut Rng,
    m: &mut LspModel,
    input_text: &str,
    next_id: &mut i64,
) -> (Vec<u8>, Expect) {
    let request = |m: &LspModel, method: &str, params: Value, id: &mut i64| {
        *id += 1;
        let body = json!({"jsonrpc": "2.0", "id": *id, "method": method, "params": params});
        let code = if !m.initialized && method != "initialize" {
            Some(-32002)
        } else if m.shutdown {
            Some(-32600)
        } else {
            None
        };
        (
            frame(body.to_string().as_bytes()),
            Expect {
                ids: vec![json!(*id)],
                code,
                any: false,
            },
        )
    };
    let notify = |method: &str, params: Value| {
        frame(
            json!({"jsonrpc": "2.0", "method": method, "params": params})
                .to_string()
                .as_bytes(),
        )
    };
    // Mostly a document that is open (in a fixed order: the script must not depend on the
    // map's order).
    let open: Vec<(&str, &str)> = LSP_URIS
        .iter()
        .copied()
        .filter(|(u, _)| m.docs.contains_key(*u))
        .collect();
    let (uri, lang) = if !open.is_empty() && rng.below(10) < 7 {
        *rng.pick(&open)
    } else {
        *rng.pick(&LSP_URIS)
    };
    let some_text = |rng: &mut Rng| -> String {
        match rng.below(4) {
            0 => generate_fragment(rng),
            1 => slice_of(rng, input_text, 400),
            _ => input_text.to_string(),
        }
    };
    match rng.below(24) {
        0 => {
            let opts = match rng.below(3) {
                0 => json!({"debounceMs": 0, "language": "en"}),
                1 => {
                    json!({"debounceMs": 0, "doisoat": {"select": ["sum-mismatch", "nope"], "ignore": [1]}})
                }
                _ => json!({"debounceMs": 0}),
            };
            let r = request(
                m,
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": opts}),
                next_id,
            );
            let mut e = r.1;
            if m.initialized && !m.shutdown {
                e.code = Some(-32600);
            }
            if !m.shutdown {
                m.initialized = true;
            }
            (r.0, e)
        }
        1 => (notify("initialized", json!({})), Expect::none()),
        2..=4 => {
            let text = some_text(rng);
            let version = rng.below(100) as i32;
            m.docs.insert(uri.to_string(), (text.clone(), version));
            let language = if rng.below(5) == 0 { "" } else { lang };
            (
                notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
                ),
                Expect::none(),
            )
        }
        5..=10 => {
            // Incremental (or full) changes, applied to the model one after the other.
            let version = rng.below(1000) as i32;
            let mut text = m.docs.get(uri).map(|d| d.0.clone()).unwrap_or_default();
            let mut changes = Vec::new();
            for _ in 0..1 + rng.below(4) {
                let insert = match rng.below(4) {
                    0 => rng.pick(DICT).to_string(),
                    1 => rng.pick(LSP_INSERTS).to_string(),
                    2 => slice_of(rng, input_text, 64),
                    _ => String::new(),
                };
                if rng.below(8) == 0 || text.len() > 16 * 1024 {
                    let full = slice_of(rng, input_text, 2000);
                    changes.push(json!({"text": full}));
                    text = full;
                    continue;
                }
                let a = pick_position(rng, &text);
                let b = if rng.below(3) == 0 {
                    a
                } else {
                    pick_position(rng, &text)
                };
                let (oa, ob) = (model_offset(&text, a.0, a.1), model_offset(&text, b.0, b.1));
                text.replace_range(oa.min(ob)..oa.max(ob), &insert);
                changes.push(
                    json!({"range": {"start": pos_json(a), "end": pos_json(b)}, "text": insert}),
                );
            }
            if let Some(d) = m.docs.get_mut(uri) {
                *d = (text, version);
            }
            (
                notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
                ),
                Expect::none(),
            )
        }
        11 | 12 => {
            let text = m.docs.get(uri).map(|d| d.0.clone()).unwrap_or_default();
            m.hover_uri = uri.to_string();
            let p = match rng.below(2) {
                0 => digit_position(rng, &text).unwrap_or((0, 0)),
                _ => pick_position(rng, &text),
            };
            request(
                m,
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": pos_json(p)}),
                next_id,
            )
        }
        13 | 14 => {
            let text = m.docs.get(uri).map(|d| d.0.clone()).unwrap_or_default();
            let (a, b) = if rng.below(3) == 0 {
                // The whole document: every finding's actions.
                ((0, 0), (u32::MAX, 0))
            } else {
                (pick_position(rng, &text), pick_position(rng, &text))
            };
            request(
                m,
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": {"start": pos_json(a), "end": pos_json(b)}, "context": {"diagnostics": []}}),
                next_id,
            )
        }
        15 => {
            let method = *rng.pick(&["textDocument/documentSymbol", "foo/bar", "$/custom", ""]);
            let mut r = request(m, method, json!({"textDocument": {"uri": uri}}), next_id);
            if r.1.code.is_none() && m.initialized {
                r.1.code = Some(-32601);
            }
            r
        }
        16 => {
            // Malformed params: requests answer InvalidParams, notifications are logged.
            let bad = rng
                .pick(&[
                    json!(null),
                    json!(5),
                    json!({"textDocument": 5}),
                    json!({"textDocument": {"uri": "not a uri"}, "position": {"line": -1, "character": 0}}),
                    json!({"textDocument": {"uri": uri, "version": "x"}, "contentChanges": [{"range": {"start": {"line": 0}}, "text": 1}]}),
                ])
                .clone();
            match rng.below(3) {
                0 => {
                    let method = *rng.pick(&["textDocument/hover", "textDocument/codeAction"]);
                    let mut r = request(m, method, bad, next_id);
                    if r.1.code.is_none() {
                        r.1.code = Some(-32602);
                    }
                    r
                }
                _ => {
                    let method = *rng.pick(&[
                        "textDocument/didOpen",
                        "textDocument/didChange",
                        "textDocument/didClose",
                        "workspace/didChangeConfiguration",
                        "textDocument/didSave",
                        "unknown/notification",
                    ]);
                    // Only didClose accepts one of these (extra fields are ignored).
                    if method == "textDocument/didClose" {
                        if let Some(u) = bad.pointer("/textDocument/uri").and_then(Value::as_str) {
                            m.docs.remove(u);
                        }
                    }
                    (notify(method, bad), Expect::none())
                }
            }
        }
        17 => {
            // Bodies that are not JSON-RPC messages.
            let (body, any): (Vec<u8>, bool) = match rng.below(7) {
                0 => (slice_of(rng, input_text, 200).into_bytes(), true),
                1 => (b"{\"jsonrpc\":\"2.0\",\"id\":".to_vec(), false),
                2 => (
                    b"[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}]".to_vec(),
                    false,
                ),
                3 => (b"\xff\xfe{}".to_vec(), false),
                4 => (b"{\"id\": 3, \"method\": 5}".to_vec(), false),
                5 => (b"\"x\"".to_vec(), false),
                _ => (Vec::new(), false),
            };
            let id = if body.starts_with(b"{\"id\": 3") {
                json!(3)
            } else {
                Value::Null
            };
            let any = any
                && serde_json::from_slice::<Value>(&body)
                    .is_ok_and(|v| v.get("method").is_some() || v.get("id").is_some());
            (
                frame(&body),
                Expect {
                    ids: vec![id],
                    code: None,
                    any,
                },
            )
        }
        18 => {
            // Ids the protocol does not allow: an error with the id when it is a number or a
            // string, else null.
            let (id, echo) = rng
                .pick(&[
                    (json!(1.5), json!(1.5)),
                    (json!(1u64 << 40), json!(1u64 << 40)),
                    (json!(null), json!(null)),
                    (json!({"a": 1}), json!(null)),
                    (json!([1]), json!(null)),
                    (json!(true), json!(null)),
                ])
                .clone();
            let body =
                json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {}});
            (
                frame(body.to_string().as_bytes()),
                Expect {
                    ids: vec![echo],
                    code: Some(-32600),
                    any: false,
                },
            )
        }
        19 => {
            // Framing: bad, missing and huge Content-Length; stray blank lines; frames cut short.
            let (bytes, nulls): (&[u8], usize) = *rng.pick(&[
                (&b"Content-Length: abc\r\n\r\n"[..], 1),
                (b"X-Other: 1\r\n\r\n", 1),
                (b"garbage\r\n\r\n", 1),
                (b"Content-Length: -1\r\n\r\n", 1),
                (b"Content-Length: 18446744073709551616\r\n\r\n", 1),
                (b"Content-Length: 99999999999\r\n\r\n{}", 1),
                (b"Content-Length: 2\r\nbogus\r\n\r\n{}", 1),
                (b"\r\n\r\ncontent-length: 2\r\n\r\n{}", 1),
                (b"Content-Length: 67108864\r\n\r\n{}", 0),
                (b"Content-Length: 100\r\n\r\n{\"id\":", 0),
                (b"Content-Len", 0),
                (b"", 0),
            ]);
            (
                bytes.to_vec(),
                Expect {
                    ids: vec![Value::Null; nulls],
                    code: None,
                    any: false,
                },
            )
        }
        20 => {
            m.docs.remove(uri);
            (
                notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri}}),
                ),
                Expect::none(),
            )
        }
        21 => {
            let settings = rng
                .pick(&[
                    json!({"doisoat": {"language": "vi"}}),
                    json!({"language": "en", "ignore": ["sum-mismatch"]}),
                    json!({"select": ["bogus-rule"]}),
                    json!(null),
                ])
                .clone();
            let method = if rng.below(2) == 0 {
                "workspace/didChangeConfiguration"
            } else {
                "textDocument/didSave"
            };
            let params = if method == "textDocument/didSave" {
                json!({"textDocument": {"uri": "file:///fuzz/doisoat.toml"}})
            } else {
                json!({ "settings": settings })
            };
            (notify(method, params), Expect::none())
        }
        // Shutdown ends what can be checked: not too often.
        22 if rng.below(3) == 0 => {
            let r = request(m, "shutdown", Value::Null, next_id);
            if m.initialized {
                m.shutdown = true;
            }
            r
        }
        _ => (notify("$/cancelRequest", json!({"id": 1})), Expect::none()),
    }
}

/// Checks one step's output against the model.
fn check_lsp_output(out: &[u8], m: &LspModel, e: &Expect) -> Result<(), String> {
    let msgs = output_messages(out)?;
    let responses: Vec<&Value> = msgs.iter().filter(|v| v.get("id").is_some()).collect();
    if !e.any {
        let mut got: Vec<String> = responses.iter().map(|v| v["id"].to_string()).collect();
        let mut want: Vec<String> = e.ids.iter().map(Value::to_string).collect();
        got.sort();
        want.sort();
        if got != want {
            return Err(format!(
                "responses with ids {got:?}, expected {want:?}: {msgs:?}"
            ));
        }
        if let (Some(code), [r]) = (e.code, responses.as_slice()) {
            if r.pointer("/error/code").and_then(Value::as_i64) != Some(code) {
                return Err(format!("expected error {code}, got {r}"));
            }
        }
    } else if responses.len() > 1 {
        return Err(format!("{} responses to one frame", responses.len()));
    }
    for v in &msgs {
        if v.get("method") == Some(&json!("textDocument/publishDiagnostics")) {
            let uri = v
                .pointer("/params/uri")
                .and_then(Value::as_str)
                .unwrap_or("");
            let diags = v
                .pointer("/params/diagnostics")
                .and_then(Value::as_array)
                .ok_or_else(|| format!("publishDiagnostics without diagnostics: {v}"))?;
            let Some((text, version)) = m.docs.get(uri) else {
                if !diags.is_empty() {
                    return Err(format!("diagnostics for a closed document: {v}"));
                }
                continue;
            };
            if let Some(pv) = v.pointer("/params/version") {
                if pv != &json!(version) {
                    return Err(format!("published version {pv}, document is at {version}"));
                }
            }
            for d in diags {
                valid_range(text, &d["range"], "diagnostic")?;
                if let Some(rel) = d.get("relatedInformation").and_then(Value::as_array) {
                    for r in rel {
                        valid_range(text, &r["location"]["range"], "related")?;
                    }
                }
            }
        }
    }
    for r in responses {
        let result = r.get("result").unwrap_or(&Value::Null);
        if let Some(range) = result.get("range") {
            // A hover: on a document the model holds (else the result is null).
            let text = &m
                .docs
                .get(&m.hover_uri)
                .ok_or_else(|| format!("hover on a closed document {}", m.hover_uri))?
                .0;
            valid_range(text, range, "hover")?;
        }
        if let Some(actions) = result.as_array() {
            for a in actions {
                let Some(changes) = a.pointer("/edit/changes").and_then(Value::as_object) else {
                    return Err(format!("code action without edit: {a}"));
                };
                for (uri, edits) in changes {
                    let text = &m
                        .docs
                        .get(uri)
                        .ok_or_else(|| format!("edit for a closed document {uri}"))?
                        .0;
                    for ed in edits.as_array().into_iter().flatten() {
                        valid_range(text, &ed["range"], "code action edit")?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The language server properties over the script the input gives.
pub fn check_lsp(input: &[u8]) -> Result<(), String> {
    let lossy = String::from_utf8_lossy(input);
    let mut cut = lossy.len().min(8 * 1024);
    while !lossy.is_char_boundary(cut) {
        cut -= 1;
    }
    let input_text = &lossy[..cut];
    let mut rng = Rng::new(fnv(input));
    let mut model = LspModel::default();
    let mut server = doisoat::lsp::Server::new(Vec::new());
    let mut steps: Vec<Vec<u8>> = Vec::new();
    let mut next_id = 0i64;
    let n = 4 + rng.below(37);
    // A few requests before initialize, then initialize with the debounce off.
    let before = rng.below(3);
    for i in 0..n {
        let (bytes, expect) = if i == before {
            let id = next_id + 1;
            next_id = id;
            model.initialized = true;
            (
                frame(
                    json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"debounceMs": 0}}})
                        .to_string()
                        .as_bytes(),
                ),
                Expect::one(json!(id)),
            )
        } else if i < before {
            let (uri, _) = *rng.pick(&LSP_URIS);
            let method = *rng.pick(&["textDocument/hover", "shutdown", "foo"]);
            next_id += 1;
            (
                frame(json!({"jsonrpc": "2.0", "id": next_id, "method": method, "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}}).to_string().as_bytes()),
                Expect { ids: vec![json!(next_id)], code: Some(-32002), any: false },
            )
        } else if i == n - 1 && rng.below(2) == 0 {
            (
                frame(br#"{"jsonrpc":"2.0","method":"exit"}"#),
                Expect::none(),
            )
        } else {
            lsp_step(&mut rng, &mut model, input_text, &mut next_id)
        };
        if std::env::var_os("LSP_TRACE").is_some() {
            eprintln!(">>> {i}: {}", String::from_utf8_lossy(&bytes));
        }
        let before_len = server.output().len();
        let exited = server.serve(&bytes[..]);
        let out = server.output().get(before_len..).unwrap_or(&[]);
        if std::env::var_os("LSP_TRACE").is_some() {
            eprintln!("<<< {}", String::from_utf8_lossy(out));
        }
        check_lsp_output(out, &model, &expect).map_err(|e| {
            format!(
                "step {i} {:?}: {e}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
            )
        })?;
        for (uri, _) in LSP_URIS {
            let got = server.document_text(uri);
            let want = model.docs.get(uri).map(|d| d.0.as_str());
            if got != want {
                return Err(format!(
                    "step {i}: text of {uri} is {got:?}, applying the edits gives {want:?}"
                ));
            }
        }
        steps.push(bytes);
        if exited.is_some() {
            break;
        }
    }
    let first = server.output().clone();
    let mut again = doisoat::lsp::Server::new(Vec::new());
    for s in &steps {
        again.serve(&s[..]);
    }
    let second = again.output();
    if second != &first {
        let at = first
            .iter()
            .zip(second)
            .position(|(a, b)| a != b)
            .unwrap_or(first.len().min(second.len()));
        let show = |o: &[u8]| {
            String::from_utf8_lossy(&o[at.saturating_sub(100)..(at + 200).min(o.len())])
                .into_owned()
        };
        return Err(format!(
            "same messages, different output at byte {at}: {:?} vs {:?}",
            show(&first),
            show(second)
        ));
    }
    Ok(())
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
            record_failure(
                &mut failures,
                crash_dir,
                Target::Docx,
                seed,
                execs,
                &input,
                msg,
            );
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
