//! Per-block view used by the claim extractors: the tokens, their sentences, and the
//! keyword hits of the lists the extractors need, computed once per block.

use super::text::{is_exact_count, sentences, Hit, PhraseMatcher};
use crate::ast::{Block, Quantity, Token, TokenKind};
use crate::lexicon::Lexicon;
use crate::span::Span;
use std::ops::Range;

pub struct BlockView<'a> {
    pub text: &'a str,
    /// `text` lowercased with the same offsets ([`crate::chars::lower_same_len`]).
    pub lower: &'a str,
    pub index: usize,
    pub tokens: &'a [Token],
    pub sentences: Vec<Range<usize>>,
    /// For each `(` token, the index of its matching `)`, and for each `)` its `(`
    /// (`usize::MAX` elsewhere or when unmatched). Computed once so no extractor rescans.
    pub paren_match: Vec<usize>,
    /// Achieved hits, minus those inside a not-achieved phrase (`không đạt`).
    pub achieved: Vec<Hit>,
    pub not_achieved: Vec<Hit>,
    pub list_openers: Vec<Hit>,
    pub exhaustive: Vec<Hit>,
    pub partial: Vec<Hit>,
    pub received: Vec<Hit>,
    pub carried_over: Vec<Hit>,
    pub resolved: Vec<Hit>,
    pub remaining: Vec<Hit>,
}

/// Words that open an enumeration of the things just counted.
const LIST_OPENERS: &[&str] = &["gồm", "bao gồm", "gồm có", "bao gồm có", "là", "như sau"];

/// The keyword matcher of one extraction run: the lexicon's compiled lists and whether the
/// document lost letters.
pub struct Matchers<'a> {
    all: &'a PhraseMatcher,
    tolerate_lost_letters: bool,
}

/// Order of the lists in [`Matchers`].
const ACHIEVED: usize = 0;
const NOT_ACHIEVED: usize = 1;
const LIST_OPENER: usize = 2;
const EXHAUSTIVE: usize = 3;
const PARTIAL: usize = 4;
const RECEIVED: usize = 5;
const CARRIED_OVER: usize = 6;
const RESOLVED: usize = 7;
const REMAINING: usize = 8;

/// The keyword lists of [`Matchers`] compiled into one matcher; built once per lexicon
/// (it was a noticeable share of checking a short report).
pub fn claim_phrases(k: &crate::lexicon::Keywords) -> PhraseMatcher {
    let openers: Vec<String> = LIST_OPENERS.iter().map(|s| s.to_string()).collect();
    PhraseMatcher::new(&[
        &k.achieved,
        &k.not_achieved,
        &openers,
        &k.breakdown_exhaustive,
        &k.breakdown_partial,
        &k.received,
        &k.carried_over,
        &k.resolved,
        &k.remaining,
    ])
}

impl<'a> Matchers<'a> {
    pub fn new(lex: &'a Lexicon, tolerate_lost_letters: bool) -> Self {
        Matchers {
            all: &lex.claim_phrases,
            tolerate_lost_letters,
        }
    }
}

impl<'a> BlockView<'a> {
    /// `lower` is `text` lowercased with the same offsets ([`crate::chars::lower_same_len`]).
    /// Without `keywords` the hit lists and `paren_match` stay empty: only the extractors
    /// that read neither (percent, product) may be given such a view.
    pub fn new(
        text: &'a str,
        lower: &'a str,
        index: usize,
        block: &'a Block,
        m: &Matchers<'_>,
        keywords: bool,
    ) -> Self {
        let sentences = sentences(text, &block.tokens);
        if !keywords {
            return BlockView {
                text,
                lower,
                index,
                tokens: &block.tokens,
                sentences,
                paren_match: Vec::new(),
                achieved: Vec::new(),
                not_achieved: Vec::new(),
                list_openers: Vec::new(),
                exhaustive: Vec::new(),
                partial: Vec::new(),
                received: Vec::new(),
                carried_over: Vec::new(),
                resolved: Vec::new(),
                remaining: Vec::new(),
            };
        }
        let content = text.get(block.content.range()).unwrap_or("");
        let content_lower = lower.get(block.content.range()).unwrap_or_default();
        let base = block.content.start as usize;
        let mut lists = m
            .all
            .find(content, content_lower, base, m.tolerate_lost_letters);
        // Hits come sorted by start: extractors binary-search the hits near a figure.
        let mut take = |i: usize| lists.get_mut(i).map(std::mem::take).unwrap_or_default();
        let achieved = take(ACHIEVED);
        let not_achieved = take(NOT_ACHIEVED);
        // Computed once per block so lookups per figure stay cheap on long blocks.
        let achieved = outside(&achieved, &not_achieved);
        BlockView {
            text,
            lower,
            index,
            tokens: &block.tokens,
            sentences,
            paren_match: paren_matches(&block.tokens),
            achieved,
            not_achieved,
            list_openers: take(LIST_OPENER),
            exhaustive: take(EXHAUSTIVE),
            partial: take(PARTIAL),
            received: take(RECEIVED),
            carried_over: take(CARRIED_OVER),
            resolved: take(RESOLVED),
            remaining: take(REMAINING),
        }
    }

    /// The lowercase text of token `i` (same offsets as [`Self::token_text`]).
    pub fn token_lower(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .and_then(|t| self.lower.get(t.span.range()))
            .unwrap_or("")
    }

    pub fn token_text(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .and_then(|t| self.text.get(t.span.range()))
            .unwrap_or("")
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        matches!(self.tokens.get(i).map(|t| &t.kind), Some(TokenKind::Punct { ch }) if *ch == c)
    }

    /// Index of the first token starting at or after `offset`.
    pub fn token_at_or_after(&self, offset: u32) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }

    /// Index of the last token ending at or before `offset`, if any.
    pub fn token_ending_before(&self, offset: u32) -> Option<usize> {
        self.tokens
            .partition_point(|t| t.span.end <= offset)
            .checked_sub(1)
    }

    /// Hits from `hits` (sorted by start) inside `span`, found by binary search so a block
    /// of many sentences is not rescanned per sentence.
    pub fn hits_in(hits: &[Hit], span: Span) -> impl Iterator<Item = &Hit> {
        let from = hits.partition_point(|h| h.span.start < span.start);
        hits.get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |h| h.span.start < span.end)
            .filter(move |h| h.span.end <= span.end)
    }

    /// The exact count standing after the keyword `h`, with at most `gap` words between.
    pub fn count_after(&self, h: &Hit, gap: usize) -> Option<(usize, &'a Quantity)> {
        let start = self.token_at_or_after(h.span.end);
        for k in start..(start + gap + 1).min(self.tokens.len()) {
            match &self.tokens.get(k)?.kind {
                TokenKind::Word => continue,
                TokenKind::Quantity(q) if is_exact_count(q) => return Some((k, q)),
                _ => return None,
            }
        }
        None
    }

    /// The exact count standing before the keyword `h`, with at most `gap` words between.
    pub fn count_before(&self, h: &Hit, gap: usize) -> Option<(usize, &'a Quantity)> {
        let end = self.token_at_or_after(h.span.start);
        let mut k = end;
        while k > end.saturating_sub(gap + 1) {
            k -= 1;
            match &self.tokens.get(k)?.kind {
                TokenKind::Word => continue,
                TokenKind::Quantity(q) if is_exact_count(q) => return Some((k, q)),
                _ => return None,
            }
        }
        None
    }
}

/// The hits of `hits` not inside any hit of `outer`; both sorted by start. One merge pass: a
/// hit is inside some outer hit iff the furthest end among outer hits starting at or before
/// it reaches its end.
fn outside(hits: &[Hit], outer: &[Hit]) -> Vec<Hit> {
    let mut out = Vec::with_capacity(hits.len());
    let mut j = 0;
    let mut reach: Option<u32> = None;
    for h in hits {
        while let Some(n) = outer.get(j) {
            if n.span.start > h.span.start {
                break;
            }
            reach = Some(reach.map_or(n.span.end, |r| r.max(n.span.end)));
            j += 1;
        }
        if reach.is_none_or(|r| h.span.end > r) {
            out.push(h.clone());
        }
    }
    out
}

fn paren_matches(tokens: &[Token]) -> Vec<usize> {
    let mut out = vec![usize::MAX; tokens.len()];
    let mut stack = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Punct { ch: '(' } => stack.push(i),
            TokenKind::Punct { ch: ')' } => {
                if let Some(open) = stack.pop() {
                    if let Some(o) = out.get_mut(open) {
                        *o = i;
                    }
                    if let Some(c) = out.get_mut(i) {
                        *c = open;
                    }
                }
            }
            _ => {}
        }
    }
    out
}
