//! Block parser: exact kinds, headings, sections, tables, footnotes; tree snapshots; corpus.

use doisoat::ast::{BlockKind, Document, FootnoteStyle, HeadingStyle};
use doisoat::claims::Claims;
use doisoat::lexicon::Lexicon;
use doisoat::parse::blocks::parse_document;
use doisoat::parse::dump::render_tree;

fn parse(text: &str) -> Document {
    parse_document(text, &Lexicon::builtin())
}

#[test]
fn corpus() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let Ok(rd) = std::fs::read_dir(dir) else {
        println!("corpus not found at {dir}; skipped");
        return;
    };
    let mut files: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for f in files {
        let raw = std::fs::read_to_string(&f).unwrap();
        let text = doisoat::engine::prepare(&raw).text;
        let doc = parse(&text);
        if std::env::var("DUMP").is_ok() {
            println!("{}", render_tree(&text, &doc, &Claims::default()));
        }
    }
}

fn fixture(name: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/parser/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn print_fixtures() {
    if std::env::var("DUMP").is_err() {
        return;
    }
    for f in [
        "typed_report.md",
        "pdf_reflowed.txt",
        "plan_appendix.txt",
        "footnotes_mixed.txt",
    ] {
        let t = fixture(f);
        let d = parse(&t);
        println!("== {f}\n{}", render_tree(&t, &d, &Claims::default()));
    }
}
