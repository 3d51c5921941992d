//! Throughput of the whole pipeline (decode → layout → parse → claims → every rule) per file.
//!
//! Inputs: every file of `../shared/corpus` when that directory exists (the real reports), and
//! the repository's `examples/`. Criterion reports bytes per second (`Throughput::Bytes`).
//!
//! ```sh
//! cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 2
//! DOISOAT_BENCH_MB=100 cargo bench --bench pipeline -- stage-100MB   # generated 100 MB
//! ```

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use doisoat::engine::{analyze_str, Settings};
use std::path::{Path, PathBuf};

/// `*.txt` and `*.md` files directly in `dir` (except README.md), sorted; none when `dir`
/// does not exist.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        // A directory's README describes the inputs; it is not one.
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    v.sort();
    v
}

fn inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for (prefix, dir) in [
        ("corpus", root.join("../shared/corpus")),
        ("examples", root.join("examples")),
    ] {
        for p in files_in(&dir) {
            // Undecodable files are skipped: the benchmark measures analysis, not errors.
            if let Ok(text) = std::fs::read_to_string(&p) {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.push((format!("{prefix}/{name}"), text));
            }
        }
    }
    out
}

fn pipeline(c: &mut Criterion) {
    let settings = Settings::default();
    let inputs = inputs();
    let mut group = c.benchmark_group("analyze_str");
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| analyze_str(name, black_box(text), &settings))
        });
    }
    // All inputs in one iteration: the figure to compare with the 50 MB/s target.
    let total: u64 = inputs.iter().map(|(_, t)| t.len() as u64).sum();
    group.throughput(Throughput::Bytes(total));
    group.bench_function("all", |b| {
        b.iter(|| {
            for (name, text) in &inputs {
                black_box(analyze_str(name, black_box(text), &settings));
            }
        })
    });
    group.finish();
}

/// Each stage alone over all inputs, to see where the time goes: decode (bytes → text), layout
/// (NFC + reflow: `prepare`), parse, claims, rules, render (human + JSON). Each stage's input is
/// computed once outside the timing; criterion prints MB/s per stage (`Throughput::Bytes` of
/// the original input, so the figures add up like the whole pipeline's).
fn stages(c: &mut Criterion) {
    stages_over(c, "stage", &inputs());
    // The generated large corpus: the real reports repeated to `DOISOAT_BENCH_MB` megabytes
    // (e.g. 100); off by default because it needs ~30× its size in memory.
    let mb: usize = std::env::var("DOISOAT_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if mb > 0 {
        let base = inputs();
        let one: String = base
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        if !one.is_empty() {
            let big = one.repeat((mb * 1024 * 1024).div_ceil(one.len()));
            stages_over(
                c,
                &format!("stage-{mb}MB"),
                &[("generated".to_string(), big)],
            );
        }
    }
}

fn stages_over(c: &mut Criterion, group_name: &str, inputs: &[(String, String)]) {
    use doisoat::engine::prepare;
    use doisoat::render::{human, json, FileResult};
    use doisoat::rules::{registry, Context};
    use doisoat::source::SourceFile;
    let settings = Settings::default();
    let lex = &settings.lexicon;
    let total: u64 = inputs.iter().map(|(_, t)| t.len() as u64).sum();
    let prepared: Vec<_> = inputs.iter().map(|(_, t)| prepare(t)).collect();
    let docs: Vec<_> = prepared
        .iter()
        .map(|p| doisoat::parse::parse(&p.text, lex))
        .collect();
    let claims: Vec<_> = prepared
        .iter()
        .zip(&docs)
        .map(|(p, d)| doisoat::claims::extract(d, &p.text, lex, &p.layout))
        .collect();
    let results: Vec<FileResult> = inputs
        .iter()
        .map(|(n, t)| FileResult::Checked {
            path: n.clone(),
            analysis: Box::new(analyze_str(n, t, &settings)),
        })
        .collect();
    let mut group = c.benchmark_group(group_name);
    if total > 50 * 1024 * 1024 {
        group.sample_size(10);
    }
    group.throughput(Throughput::Bytes(total));
    group.bench_function("decode", |b| {
        b.iter(|| {
            for (n, t) in inputs {
                black_box(SourceFile::from_bytes(n.as_str(), black_box(t.as_bytes())).ok());
            }
        })
    });
    group.bench_function("layout", |b| {
        b.iter(|| {
            for (_, t) in inputs {
                black_box(prepare(black_box(t)));
            }
        })
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            for p in &prepared {
                black_box(doisoat::parse::parse(black_box(&p.text), lex));
            }
        })
    });
    group.bench_function("claims", |b| {
        b.iter(|| {
            for (p, d) in prepared.iter().zip(&docs) {
                black_box(doisoat::claims::extract(d, &p.text, lex, &p.layout));
            }
        })
    });
    group.bench_function("rules", |b| {
        b.iter(|| {
            for (((p, d), cl), (_, src)) in prepared.iter().zip(&docs).zip(&claims).zip(inputs) {
                let from_source = doisoat::engine::source_inverse(p);
                let lower = doisoat::chars::lower_same_len(&p.text);
                let cx = Context {
                    text: &p.text,
                    lower: &lower,
                    doc: d,
                    claims: cl,
                    lex,
                    layout: &p.layout,
                    normalization: &p.normalization,
                    source: src,
                    from_source: &from_source,
                    part: 0..d.blocks.len(),
                };
                let mut out = Vec::new();
                // As the engine runs them on a document read in one part.
                for rule in registry() {
                    match rule.start() {
                        Some(mut check) => {
                            check.part(&cx, &mut out);
                            check.finish(&cx, &mut out);
                        }
                        None => {
                            rule.check_part(&cx, &mut out);
                            rule.check_document(&cx, &mut out);
                        }
                    }
                }
                black_box(out);
            }
        })
    });
    group.bench_function("render", |b| {
        b.iter(|| {
            black_box(human::render_human(&results, &human::Options::default()));
            black_box(json::render_json(&results, doisoat::messages::Lang::En));
        })
    });
    group.bench_function("all", |b| {
        b.iter(|| {
            for (n, t) in inputs {
                black_box(analyze_str(n, black_box(t), &settings));
            }
        })
    });
    // As `check` reads a big file: in parts of `PART_BYTES` (the same as `all` for a file
    // below that size).
    let parted = Settings {
        part_bytes: Some(doisoat::engine::PART_BYTES),
        ..Settings::default()
    };
    group.bench_function("all-in-parts", |b| {
        b.iter(|| {
            for (n, t) in inputs {
                black_box(analyze_str(n, black_box(t), &parted));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline, stages);
criterion_main!(benches);
