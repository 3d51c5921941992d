//! The pipeline: source → normalise → layout → parse → claims → rules.
//!
//! A big document is read in parts ([`Settings::part_bytes`]): laid out and cut into blocks
//! whole, then tokenised, read for claims and checked a part at a time, each part's tokens and
//! claims dropped before the next (see [`rules::Rule`] for how the rules take part).

use crate::ast::Document;
use crate::claims::{self, Claims};
use crate::diagnostic::{Diagnostic, Severity};
use crate::layout::{self, LayoutFacts};
use crate::lexicon::Lexicon;
use crate::parse;
use crate::rules::{self, Context};
use crate::source::{self, NormalizationFacts, SourceFile};
use crate::span::{InverseMap, OffsetMap, Span};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

/// Which rules run and at what severity.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    /// When non-empty, only these rules run.
    pub select: BTreeSet<String>,
    pub ignore: BTreeSet<String>,
    pub severity: BTreeMap<String, Severity>,
}

impl RuleSelection {
    pub fn enabled(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.contains(id)) && !self.ignore.contains(id)
    }
}

/// Everything a check needs besides the text.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lexicon: Arc<Lexicon>,
    pub rules: RuleSelection,
    /// Read a document in parts of about this many bytes ([`crate::parse::parts`]), each
    /// part's tokens and claims dropped once its rules ran: a big document's memory then
    /// grows with its text, not with its tokens. The findings are the same either way, but
    /// [`Analysis::doc`] keeps no tokens and [`Analysis::claims`] is empty when the document
    /// took more than one part. `None` reads it whole (the LSP server and `dump` need the
    /// tree). `check` uses [`PART_BYTES`].
    pub part_bytes: Option<usize>,
}

/// The part size `check` uses: a report below it (every real one) is read in one part; above
/// it, a part's tokens and claims take a few tens of megabytes.
pub const PART_BYTES: usize = 1 << 20;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lexicon: Lexicon::builtin(),
            rules: RuleSelection::default(),
            part_bytes: None,
        }
    }
}

/// The logical text and how it maps back to the source.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Logical text: NFC, reflowed, one block per line. All AST spans index into it.
    pub text: String,
    /// Logical-text offsets → decoded-source offsets.
    pub to_source: OffsetMap,
    pub layout: LayoutFacts,
    pub normalization: NormalizationFacts,
}

/// A checked document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub source: SourceFile,
    pub prepared: Prepared,
    pub doc: Document,
    pub claims: Claims,
    /// Findings sorted by position, then rule id.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Range in the decoded source text of a logical span.
    pub fn source_range(&self, span: Span) -> Range<usize> {
        let r = self.prepared.to_source.map_range(span.range());
        clamp_to_chars(&self.source.text, r)
    }
}

/// Snaps a range onto char boundaries inside `text`.
pub fn clamp_to_chars(text: &str, r: Range<usize>) -> Range<usize> {
    let mut s = r.start.min(text.len());
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = r.end.min(text.len()).max(s);
    while e < text.len() && !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

/// Decoded text → logical text.
pub fn prepare(text: &str) -> Prepared {
    let norm = source::normalize(text);
    let lay = layout::reflow(&norm.text);
    Prepared {
        to_source: lay.map.then(&norm.map),
        text: lay.text,
        layout: lay.facts,
        normalization: norm.facts,
    }
}

/// Decoded-source → logical-text map for the rules that report facts found in the source
/// (`encoding`). Only built when normalisation found something, since nothing else reads it.
pub fn source_inverse(prepared: &Prepared) -> InverseMap {
    let n = &prepared.normalization;
    if n.legacy.is_empty() && n.non_nfc.is_empty() && n.replacement_chars.is_empty() {
        InverseMap::default()
    } else {
        InverseMap::new(&prepared.to_source, prepared.text.len())
    }
}

/// Runs the whole pipeline on a decoded file.
pub fn analyze(source: SourceFile, settings: &Settings) -> Analysis {
    // Lines holding only a suppression comment are not analysed (see `suppress::strip`).
    let prepared = match crate::suppress::strip(&source.name, &source.text) {
        None => prepare(&source.text),
        Some((text, map)) => {
            let mut p = prepare(&text);
            p.to_source = p.to_source.then(&map);
            let n = &mut p.normalization;
            for r in n
                .legacy
                .iter_mut()
                .chain(n.non_nfc.iter_mut())
                .chain(n.replacement_chars.iter_mut())
            {
                *r = map.map_range(r.clone());
            }
            p
        }
    };
    let lex = &settings.lexicon;
    let text = prepared.text.as_str();
    let lower = crate::chars::lower_same_len(text);
    let from_source = source_inverse(&prepared);
    let mut doc = parse::blocks::skeleton(text, lex);
    let parts = match settings.part_bytes {
        Some(bytes) => parse::parts(&doc, bytes),
        None => std::iter::once(0..doc.blocks.len()).collect(),
    };
    let whole = parts.len() == 1;
    // A footnote reference's claim reads its note, which may lie in another part: the notes
    // are tokenised first and keep their tokens to the end (the list is sorted: the
    // definitions are gathered in block order).
    let notes: Vec<usize> = if whole {
        Vec::new()
    } else {
        let mut scratch = parse::inline::Scratch::default();
        parse::tokenize_notes(&mut doc, text, &lower, lex, &mut scratch)
    };
    let shared = Shared {
        text,
        lower: &lower,
        lex,
        prepared: &prepared,
        source: &source.text,
        from_source: &from_source,
    };
    let mut checks = Checks::new(&settings.rules);
    let mut diagnostics = Vec::new();
    let mut claims = Claims::default();
    for part in parts {
        let refs_from = doc.footnote_refs.len();
        // The tokenizer's buffers are as long as the part's longest block: freed before the
        // claims and rules run.
        let mut scratch = parse::inline::Scratch::default();
        parse::tokenize_part(&mut doc, part.clone(), text, &lower, lex, &mut scratch);
        drop(scratch);
        let part_claims = claims::extract_part(
            &doc,
            &claims::Part {
                blocks: part.clone(),
                footnote_refs: refs_from..doc.footnote_refs.len(),
            },
            text,
            &lower,
            lex,
            &prepared.layout,
        );
        let cx = shared.context(&doc, &part_claims, part.clone());
        checks.part(&cx, &mut diagnostics);
        if whole {
            claims = part_claims;
            continue;
        }
        // Drop the part's tokens, but the notes' and those a rule keeps to the end.
        let dropped: Vec<usize> = part
            .filter(|&bi| notes.binary_search(&bi).is_err() && !checks.keeps(&cx, bi))
            .collect();
        drop(part_claims);
        for bi in dropped {
            if let Some(b) = doc.blocks.get_mut(bi) {
                b.tokens = Box::default();
                b.kinds = crate::ast::TokenKinds::default();
            }
        }
    }
    // The references grew part by part; the document rules run with everything else live.
    doc.footnote_refs.shrink_to_fit();
    let all = 0..doc.blocks.len();
    checks.finish(&shared.context(&doc, &claims, all), &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
    let mut analysis = Analysis {
        source,
        prepared,
        doc,
        claims,
        diagnostics,
    };
    crate::suppress::apply(&mut analysis, &settings.rules);
    analysis
}

/// What every part's [`Context`] shares.
struct Shared<'a> {
    text: &'a str,
    lower: &'a str,
    lex: &'a Lexicon,
    prepared: &'a Prepared,
    source: &'a str,
    from_source: &'a InverseMap,
}

impl<'a> Shared<'a> {
    fn context<'b>(
        &'b self,
        doc: &'b Document,
        claims: &'b Claims,
        part: Range<usize>,
    ) -> Context<'b>
    where
        'a: 'b,
    {
        Context {
            text: self.text,
            lower: self.lower,
            doc,
            claims,
            lex: self.lex,
            layout: &self.prepared.layout,
            normalization: &self.prepared.normalization,
            source: self.source,
            from_source: self.from_source,
            part,
        }
    }
}

/// A rule and, for one that compares parts, its state.
type RuleCheck = (&'static dyn rules::Rule, Option<Box<dyn rules::Check>>);

/// The enabled rules of one document's check, each with the state it carries from part to
/// part (see [`rules::Rule`]).
struct Checks<'s> {
    rules: Vec<RuleCheck>,
    severity: &'s BTreeMap<String, Severity>,
}

impl<'s> Checks<'s> {
    fn new(selection: &'s RuleSelection) -> Self {
        Checks {
            rules: rules::registry()
                .iter()
                .filter(|r| selection.enabled(r.meta().id))
                .map(|&r| (r, r.start()))
                .collect(),
            severity: &selection.severity,
        }
    }

    fn part(&mut self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (rule, state) in &mut self.rules {
            found_by(*rule, self.severity, out, |out| match state {
                Some(check) => check.part(cx, out),
                None => rule.check_part(cx, out),
            });
        }
    }

    /// Whether a rule keeps block `block`'s tokens to the end.
    fn keeps(&mut self, cx: &Context<'_>, block: usize) -> bool {
        self.rules
            .iter_mut()
            .filter_map(|(_, state)| state.as_mut())
            .any(|check| check.keeps(cx, block))
    }

    fn finish(self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (rule, state) in self.rules {
            found_by(rule, self.severity, out, |out| match state {
                Some(check) => check.finish(cx, out),
                None => rule.check_document(cx, out),
            });
        }
    }
}

/// Runs one rule's `check` into `out`, then gives what it found the severity the
/// configuration sets for the rule, if any.
fn found_by(
    rule: &dyn rules::Rule,
    severity: &BTreeMap<String, Severity>,
    out: &mut Vec<Diagnostic>,
    check: impl FnOnce(&mut Vec<Diagnostic>),
) {
    let start = out.len();
    check(out);
    if let Some(&sev) = severity.get(rule.meta().id) {
        for d in out.iter_mut().skip(start) {
            d.severity = sev;
        }
    }
}

/// Convenience for tests and the library API: check a string.
pub fn analyze_str(name: &str, text: &str, settings: &Settings) -> Analysis {
    let source = match SourceFile::from_bytes(name, text.as_bytes()) {
        Ok(s) => s,
        // A &str is valid UTF-8: only a NUL byte can fail, or a text over 4 GiB. Check it with
        // NULs as spaces; a text too large is checked as empty (the CLI and the LSP server
        // refuse such input before it gets here).
        Err(_) => match SourceFile::from_bytes(name, text.replace('\0', " ").as_bytes()) {
            Ok(s) => s,
            Err(_) => empty_source(name),
        },
    };
    analyze(source, settings)
}

fn empty_source(name: &str) -> SourceFile {
    // Empty text always decodes.
    match SourceFile::from_bytes(name, b"") {
        Ok(s) => s,
        Err(_) => unreachable!("empty input always decodes"),
    }
}
