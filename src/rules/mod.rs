//! Stage 5 — rules. One file per rule, headed by its docs (What it does / Why it matters /
//! Example / Known limits); the docs are read from the file itself for `doisoat explain`.
//!
//! A rule reads the document, its claims and the lexicon, and returns diagnostics. Nothing
//! else: no I/O, no configuration beyond what [`Context`] carries.

use crate::ast::Document;
use crate::claims::Claims;
use crate::diagnostic::{Diagnostic, Severity};
use crate::layout::LayoutFacts;
use crate::lexicon::Lexicon;
use crate::source::NormalizationFacts;
use crate::span::InverseMap;

pub mod complement_mismatch;
pub mod count_mismatch;
pub mod encoding;
pub mod name_variant;
pub mod percent_base;
pub mod percent_mismatch;
pub mod product_mismatch;
pub mod sum_mismatch;
pub mod unbalanced_delimiter;
pub mod unit_mismatch;
// Document rules (issue 4, part 2).
pub mod conflicting_values;
pub mod date_invalid;
pub mod footnote_orphan;
pub mod heading_sequence;
pub mod number_format;
pub mod period_mismatch;
pub mod unused_suppression;

/// What a rule may look at.
pub struct Context<'a> {
    /// The logical text all spans index into.
    pub text: &'a str,
    /// `text` lowercased with the same byte offsets ([`crate::chars::lower_same_len`]),
    /// computed once for every rule.
    pub lower: &'a str,
    pub doc: &'a Document,
    pub claims: &'a Claims,
    pub lex: &'a Lexicon,
    pub layout: &'a LayoutFacts,
    pub normalization: &'a NormalizationFacts,
    /// The decoded source text (what `normalization` ranges index into).
    pub source: &'a str,
    /// Decoded-source ranges → logical spans (for `normalization` facts).
    pub from_source: &'a InverseMap,
    /// The blocks of the part being checked ([`crate::parse::parts`]): in
    /// [`Rule::check_part`], these carry their tokens and `claims` holds their claims. In
    /// [`Rule::check_document`], all the blocks.
    pub part: std::ops::Range<usize>,
}

impl<'a> Context<'a> {
    /// The text the blocks of [`Context::part`] cover, from the first one's start to the last
    /// one's end.
    pub fn part_range(&self) -> std::ops::Range<usize> {
        let blocks = self.part_slice();
        match (blocks.first(), blocks.last()) {
            (Some(a), Some(b)) => a.span.start as usize..b.span.end as usize,
            _ => 0..0,
        }
    }

    /// The blocks of [`Context::part`] with their indices in the document.
    pub fn part_blocks(&self) -> impl Iterator<Item = (usize, &'a crate::ast::Block)> + '_ {
        let start = self.part.start;
        self.part_slice()
            .iter()
            .enumerate()
            .map(move |(i, b)| (start + i, b))
    }

    fn part_slice(&self) -> &'a [crate::ast::Block] {
        self.doc.blocks.get(self.part.clone()).unwrap_or_default()
    }

    /// A figure's number as the document writes it (`03`, `52 tỷ 262 triệu`), for messages.
    pub fn written(&self, q: &crate::ast::Quantity) -> &'a str {
        self.text.get(q.number_span.range()).unwrap_or_default()
    }
}

/// Static description of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line, English.
    pub summary: &'static str,
    /// The rule file's source; its leading `//!` block is the rule's documentation.
    pub source: &'static str,
}

impl RuleMeta {
    /// The rule's documentation (Markdown), taken from the `//!` lines heading its file.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out
    }
}

/// A rule. The engine reads a big document in parts ([`crate::parse::parts`]) so as not to
/// hold every token at once, and a rule checks it in one of three ways:
/// - [`Rule::check_part`], once per part, for what lies inside a block or a claim: the part's
///   blocks carry their tokens and `cx.claims` holds the part's claims;
/// - [`Rule::check_document`], once after the last part, for what compares places far apart
///   and reads only the text and the blocks' kinds (no tokens, no claims);
/// - [`Rule::start`], for a rule that compares figures far apart: its [`Check`] gathers what
///   it needs part by part, then reports.
///
/// A document read in one part (every document the LSP server, `dump` or the tests see, and
/// any report below [`crate::engine::PART_BYTES`]) gives the same findings: a test checks it.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    /// Checks one part of the document.
    fn check_part(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
    /// Checks the whole document after its last part, without tokens or claims.
    fn check_document(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
    /// A fresh check of one document carrying its state from part to part; when given, the
    /// engine calls it instead of the two methods above.
    fn start(&self) -> Option<Box<dyn Check>> {
        None
    }
}

/// One document's check by a rule that carries state from part to part.
pub trait Check {
    /// One part, as in [`Rule::check_part`].
    fn part(&mut self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
    /// Whether block `block` of the current part must keep its tokens until
    /// [`Check::finish`]; the others' are dropped after the part.
    fn keeps(&mut self, _cx: &Context<'_>, _block: usize) -> bool {
        false
    }
    /// After the last part: the blocks kept by [`Check::keeps`] still carry their tokens.
    fn finish(self: Box<Self>, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// The note a finding carries when its reading assumed a damaged word.
pub fn assumed_note(a: &crate::claims::Assumption) -> crate::diagnostic::Message {
    crate::diagnostic::Message::new("note.assumed")
        .arg("seen", a.seen.trim())
        .arg("read", &a.read)
}

/// Every rule, in a stable order.
pub fn registry() -> &'static [&'static dyn Rule] {
    &[
        &complement_mismatch::ComplementMismatch,
        &count_mismatch::CountMismatch,
        &sum_mismatch::SumMismatch,
        &percent_mismatch::PercentMismatch,
        &percent_base::PercentBase,
        &product_mismatch::ProductMismatch,
        &unit_mismatch::UnitMismatch,
        // Document rules (issue 4, part 2).
        &date_invalid::DateInvalid,
        &footnote_orphan::FootnoteOrphan,
        &heading_sequence::HeadingSequence,
        &number_format::NumberFormat,
        &period_mismatch::PeriodMismatch,
        &conflicting_values::ConflictingValues,
        &encoding::Encoding,
        &unbalanced_delimiter::UnbalancedDelimiter,
        &name_variant::NameVariant,
        &unused_suppression::UnusedSuppression,
    ]
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    registry().iter().copied().find(|r| r.meta().id == id)
}

/// The hits of a needle of `len` bytes (sorted offsets into the whole text, found once per
/// document) that lie wholly inside `range`, as offsets in it: what a search of that range
/// alone finds, for a needle that cannot overlap itself. Rules search a word once per
/// document and take each block's hits from it, instead of setting a search up per block.
pub(crate) fn hits_in(
    hits: &[usize],
    range: std::ops::Range<usize>,
    len: usize,
) -> impl Iterator<Item = usize> + '_ {
    let from = hits.partition_point(|&h| h < range.start);
    hits.get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(move |&&h| h + len <= range.end)
        .map(move |&h| h - range.start)
}

/// Shared by the rules' property tests.
#[cfg(test)]
pub(crate) mod testing {
    use proptest::prelude::*;
    use std::ops::Range;

    /// A generated document: up to `max_pieces` pieces of `piece` put together, cut into
    /// blocks at up to five char boundaries. With `gaps`, every other block starts one char
    /// late, so blocks leave gaps between them as the parser's content ranges do.
    pub fn doc<S>(
        piece: S,
        max_pieces: usize,
        gaps: bool,
    ) -> impl Strategy<Value = (String, Vec<Range<usize>>)>
    where
        S: Strategy,
        S::Value: AsRef<str>,
    {
        (
            proptest::collection::vec(piece, 0..max_pieces),
            proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        )
            .prop_map(move |(pieces, cuts)| {
                let text: String = pieces.iter().map(AsRef::as_ref).collect();
                let blocks = blocks(&text, &cuts, gaps);
                (text, blocks)
            })
    }

    fn blocks(text: &str, cuts: &[prop::sample::Index], gaps: bool) -> Vec<Range<usize>> {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut at: Vec<usize> = cuts.iter().map(|c| *c.get(&bounds)).collect();
        at.push(0);
        at.push(text.len());
        at.sort_unstable();
        at.dedup();
        at.windows(2)
            .enumerate()
            .map(|(k, w)| {
                let (a, b) = (w[0], w[1]);
                let late = text
                    .get(a..b)
                    .and_then(|s| s.chars().next())
                    .map_or(0, char::len_utf8);
                if gaps && k % 2 == 1 {
                    a + late..b
                } else {
                    a..b
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_with_the_four_headings() {
        for rule in registry() {
            let docs = rule.meta().docs();
            for heading in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## Known limits",
            ] {
                assert!(
                    docs.contains(heading),
                    "{} lacks `{heading}`",
                    rule.meta().id
                );
            }
        }
    }

    #[test]
    fn rule_ids_are_unique_kebab_case() {
        let mut ids: Vec<_> = registry().iter().map(|r| r.meta().id).collect();
        for id in &ids {
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
