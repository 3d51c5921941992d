//! Text helpers for claim extraction: keyword search (exact, and tolerant of letters lost in
//! PDF extraction), and splitting a block's tokens into sentences and clauses.

use super::Assumption;
use crate::ast::{Quantity, Token, TokenKind};
use crate::span::Span;
use std::ops::Range;

/// A keyword found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Span,
    /// Index of the phrase in the list searched.
    pub phrase: usize,
    /// Set when the match needed a lost letter to be assumed.
    pub assumption: Option<Assumption>,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_digit() || crate::chars::is_letter(c)
}

fn at_boundaries(hay: &str, start: usize, end: usize) -> bool {
    let before = hay.get(..start).and_then(|s| s.chars().next_back());
    let after = hay.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Several keyword lists ready for matching in one pass over a block: one automaton over every
/// phrase, and one over the lost-letter variants (`" hông đạt"` for `không đạt`), compiled once.
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    /// (list, phrase).
    phrases: Vec<(usize, String)>,
    lists: usize,
    /// Each distinct searchable phrase (index = automaton pattern) → indexes into `phrases`,
    /// ascending.
    exact_ids: Vec<Vec<usize>>,
    exact_searcher: Option<aho_corasick::AhoCorasick>,
    /// (phrase index, the phrase with one letter replaced by a space).
    variants: Vec<(usize, String)>,
    /// One automaton over every variant: a block is scanned once, not once per variant.
    variant_searcher: Option<aho_corasick::AhoCorasick>,
}

impl PhraseMatcher {
    /// `lists` hold lowercase NFC phrases (see `lexicon::normalize_keyword`).
    pub fn new(lists: &[&[String]]) -> Self {
        let mut m = PhraseMatcher {
            phrases: Vec::new(),
            lists: lists.len(),
            exact_ids: Vec::new(),
            exact_searcher: None,
            variants: Vec::new(),
            variant_searcher: None,
        };
        let mut distinct: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut exact: Vec<&str> = Vec::new();
        for (li, list) in lists.iter().enumerate() {
            for phrase in list.iter() {
                let pi = m.phrases.len();
                m.phrases.push((li, phrase.clone()));
                // A phrase is found where it starts a word: its first word must be a whole
                // word (letters and digits), so that the word found there is that word.
                let Some(first) = phrase.split(' ').next().filter(|w| !w.is_empty()) else {
                    continue;
                };
                if !first.chars().all(is_word_char) {
                    continue;
                }
                let id = *distinct.entry(phrase.as_str()).or_insert_with(|| {
                    exact.push(phrase.as_str());
                    m.exact_ids.push(Vec::new());
                    exact.len() - 1
                });
                if let Some(ids) = m.exact_ids.get_mut(id) {
                    ids.push(pi);
                }
                if phrase.chars().filter(|c| c.is_alphabetic()).count() < 6 {
                    continue;
                }
                for (ci, ch) in phrase.char_indices() {
                    if !ch.is_alphabetic() {
                        continue;
                    }
                    let variant = format!(
                        "{} {}",
                        phrase.get(..ci).unwrap_or(""),
                        phrase.get(ci + ch.len_utf8()..).unwrap_or("")
                    );
                    m.variants.push((pi, variant));
                }
            }
        }
        // Standard semantics: every match of every pattern, overlapping ones included.
        let build = |patterns: Vec<&[u8]>| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(patterns)
                .ok()
        };
        m.exact_searcher = build(exact.iter().map(|p| p.as_bytes()).collect());
        m.variant_searcher = build(m.variants.iter().map(|(_, v)| v.as_bytes()).collect());
        m
    }

    /// Finds every whole-word occurrence of the phrases in `lower` (a [`crate::chars::lower_same_len`]
    /// copy of `original`, which starts at logical offset `base`): one vector of hits per
    /// list, overlapping hits within a list resolved to the longest.
    ///
    /// With `tolerate_lost_letters`, a phrase of at least six letters also matches where
    /// exactly one of its letters was replaced by a space (`" hông đạt"` for `không đạt`);
    /// such hits carry an [`Assumption`] naming what was seen and what was read.
    pub fn find(
        &self,
        original: &str,
        lower: &str,
        base: usize,
        tolerate_lost_letters: bool,
    ) -> Vec<Vec<Hit>> {
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.lists];
        let bytes = lower.as_bytes();
        if let Some(searcher) = &self.exact_searcher {
            // In text order, and at one place in the order of the lists.
            let mut found: Vec<(usize, usize, usize)> = Vec::new();
            for m in searcher.find_overlapping_iter(bytes) {
                // A UTF-8 needle matches only on char boundaries of UTF-8 text.
                if !at_boundaries(lower, m.start(), m.end()) {
                    continue;
                }
                for &pi in self
                    .exact_ids
                    .get(m.pattern().as_usize())
                    .into_iter()
                    .flatten()
                {
                    found.push((m.start(), pi, m.end()));
                }
            }
            found.sort_unstable();
            for (s, pi, e) in found {
                let Some((li, _)) = self.phrases.get(pi) else {
                    continue;
                };
                if let Some(h) = hits.get_mut(*li) {
                    h.push(Hit {
                        span: Span::new(base + s, base + e),
                        phrase: pi,
                        assumption: None,
                    });
                }
            }
        }
        if let (true, Some(searcher)) = (tolerate_lost_letters, &self.variant_searcher) {
            // Per variant, in text order, each match starting at or after the end of the
            // variant's previous match: the leftmost non-overlapping matches of one search per
            // variant, as hits were found before the single automaton.
            let mut found: Vec<(usize, usize)> = searcher
                .find_overlapping_iter(bytes)
                .map(|m| (m.pattern().as_usize(), m.start()))
                .collect();
            found.sort_unstable();
            let mut previous: Option<(usize, usize)> = None;
            for (vi, s) in found {
                let Some((pi, needle)) = self.variants.get(vi) else {
                    continue;
                };
                let e = s + needle.len();
                if previous.is_some_and(|(pv, pe)| pv == vi && s < pe) {
                    continue;
                }
                previous = Some((vi, e));
                let Some((li, phrase)) = self.phrases.get(*pi) else {
                    continue;
                };
                let starts_with_space = needle.as_bytes().first() == Some(&b' ');
                // A variant that starts with the space standing for a lost first letter
                // is only a word start when that space follows another space.
                let word_start = !starts_with_space || s == 0 || bytes.get(s - 1) == Some(&b' ');
                if !word_start || !lower.is_char_boundary(s) || !lower.is_char_boundary(e) {
                    continue;
                }
                if !at_boundaries(lower, s, e) {
                    continue;
                }
                let seen = original.get(s..e).unwrap_or("").to_string();
                if let Some(h) = hits.get_mut(*li) {
                    h.push(Hit {
                        span: Span::new(base + s, base + e),
                        phrase: *pi,
                        assumption: Some(Assumption {
                            span: Span::new(base + s, base + e),
                            seen,
                            read: phrase.clone(),
                        }),
                    });
                }
            }
        }
        hits.into_iter().map(longest_first).collect()
    }
}

/// Keeps the longest hit at each start and drops hits overlapping an earlier kept one.
fn longest_first(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        (
            a.span.start,
            std::cmp::Reverse(a.span.end),
            a.assumption.is_some(),
        )
            .cmp(&(
                b.span.start,
                std::cmp::Reverse(b.span.end),
                b.assumption.is_some(),
            ))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if kept.last().is_some_and(|k| h.span.start < k.span.end) {
            continue;
        }
        kept.push(h);
    }
    kept
}

/// One-off search of a phrase list (builds a matcher; extraction keeps its matchers).
#[cfg(test)]
pub fn find_phrases(
    original: &str,
    lower: &str,
    base: usize,
    phrases: &[String],
    tolerate_lost_letters: bool,
) -> Vec<Hit> {
    PhraseMatcher::new(&[phrases])
        .find(original, lower, base, tolerate_lost_letters)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Splits tokens into sentences: a `.`, `!` or `?` ends a sentence when the next token starts
/// with an uppercase letter or an enumerator, or when it is the last token.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if let TokenKind::Punct {
            ch: '.' | '!' | '?',
        } = t.kind
        {
            let next_starts_sentence = match tokens.get(i + 1) {
                None => true,
                Some(n) => match &n.kind {
                    TokenKind::Enumerator { .. } => true,
                    TokenKind::Word => text
                        .get(n.span.range())
                        .and_then(|w| w.chars().next())
                        .is_some_and(char::is_uppercase),
                    TokenKind::Punct { ch } => matches!(ch, '-' | '+' | '*' | '•'),
                    _ => false,
                },
            };
            if next_starts_sentence {
                out.push(start..i + 1);
                start = i + 1;
            }
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Span covering tokens `r` (empty span at 0 for an empty range).
pub fn span_of(tokens: &[Token], r: Range<usize>) -> Span {
    match (
        tokens.get(r.start),
        r.end.checked_sub(1).and_then(|i| tokens.get(i)),
    ) {
        (Some(a), Some(b)) if r.start < r.end => a.span.join(b.span),
        _ => Span::default(),
    }
}

/// The quantity in a token, if it is one.
pub fn quantity(t: &Token) -> Option<&Quantity> {
    match &t.kind {
        TokenKind::Quantity(q) => Some(q),
        _ => None,
    }
}

/// True for a token that carries a figure (quantity, ratio, range).
pub fn is_figure(t: &Token) -> bool {
    matches!(
        t.kind,
        TokenKind::Quantity(_) | TokenKind::Ratio(_) | TokenKind::Range(_)
    )
}

/// A quantity that states an exact whole count: certain reading, no hedge or bound, no
/// decimals, not a percent or a measure.
pub fn is_exact_count(q: &Quantity) -> bool {
    use crate::ast::{Dimension, Reading};
    q.exact
        && q.reading == Reading::Certain
        && q.value.is_integer()
        && !q.value.is_sign_negative()
        && q.hedge.is_none()
        && q.bound.is_none()
        && q.unit
            .as_ref()
            .is_none_or(|u| u.dimension == Dimension::Count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::lower_same_len;

    fn words(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lowercase_keeps_offsets() {
        let s = "ĐẠT Kế Hoạch";
        assert_eq!(lower_same_len(s), "đạt kế hoạch");
        assert_eq!(lower_same_len(s).len(), s.len());
    }

    #[test]
    fn finds_whole_words_longest_first() {
        let text = "trong đó có 13/17 chỉ tiêu đạt; 03 chỉ tiêu không đạt, gồm: bao gồm";
        let lower = lower_same_len(text);
        let kws = words(&["đạt", "không đạt", "gồm", "bao gồm"]);
        let hits = find_phrases(text, &lower, 100, &kws, false);
        let found: Vec<_> = hits
            .iter()
            .map(|h| {
                (
                    text.get(h.span.start as usize - 100..h.span.end as usize - 100)
                        .unwrap(),
                    h.phrase,
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![("đạt", 0), ("không đạt", 1), ("gồm", 2), ("bao gồm", 3)]
        );
    }

    #[test]
    fn word_boundaries_are_respected() {
        let text = "đạtx xđạt đạt";
        let lower = lower_same_len(text);
        let hits = find_phrases(text, &lower, 0, &words(&["đạt"]), false);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].span,
            Span::new(text.len() - "đạt".len(), text.len())
        );
    }

    #[test]
    fn lost_letter_is_an_assumption() {
        let text = "có 03 ti u  hí  hông đạt, gồm";
        let lower = lower_same_len(text);
        let hits = find_phrases(text, &lower, 0, &words(&["không đạt"]), true);
        assert_eq!(hits.len(), 1);
        let a = hits[0].assumption.as_ref().expect("assumed");
        assert_eq!(a.seen, " hông đạt");
        assert_eq!(a.read, "không đạt");
        // Without tolerance nothing is found.
        assert!(find_phrases(text, &lower, 0, &words(&["không đạt"]), false).is_empty());
    }

    #[test]
    fn lost_letter_needs_a_real_word_gap() {
        // "xhông đạt" is not "không đạt" with a lost letter.
        let text = "xhông đạt";
        let lower = lower_same_len(text);
        assert!(find_phrases(text, &lower, 0, &words(&["không đạt"]), true).is_empty());
        // A single space before is a plain word separator, not a lost letter.
        let text = "có hông đạt";
        let lower = lower_same_len(text);
        assert!(find_phrases(text, &lower, 0, &words(&["không đạt"]), true).is_empty());
    }
}

/// The keyword search as it was before the automata: a first-word lookup at every word start
/// and one substring search per lost-letter variant. Kept to check that the automata find the
/// same hits in the same order.
#[cfg(test)]
mod oracle {
    use super::*;
    use proptest::prelude::*;

    fn find_by_scan(
        m: &PhraseMatcher,
        original: &str,
        lower: &str,
        base: usize,
        tolerate_lost_letters: bool,
    ) -> Vec<Vec<Hit>> {
        let mut by_first: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (pi, (_, phrase)) in m.phrases.iter().enumerate() {
            if let Some(first) = phrase.split(' ').next().filter(|w| !w.is_empty()) {
                by_first.entry(first).or_default().push(pi);
            }
        }
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); m.lists];
        let bytes = lower.as_bytes();
        for (pos, _) in lower.char_indices() {
            let word_start = lower
                .get(..pos)
                .and_then(|b| b.chars().next_back())
                .is_none_or(|c| !is_word_char(c));
            let starts_word = lower
                .get(pos..)
                .and_then(|r| r.chars().next())
                .is_some_and(is_word_char);
            if !word_start || !starts_word {
                continue;
            }
            let end = lower
                .get(pos..)
                .and_then(|r| r.find(|c: char| !is_word_char(c)))
                .map_or(lower.len(), |e| pos + e);
            let Some(cands) = lower.get(pos..end).and_then(|w| by_first.get(w)) else {
                continue;
            };
            for &pi in cands {
                let (li, phrase) = &m.phrases[pi];
                let e = pos + phrase.len();
                if bytes.get(pos..e) == Some(phrase.as_bytes()) && at_boundaries(lower, pos, e) {
                    hits[*li].push(Hit {
                        span: Span::new(base + pos, base + e),
                        phrase: pi,
                        assumption: None,
                    });
                }
            }
        }
        if tolerate_lost_letters {
            for (pi, needle) in &m.variants {
                let (li, phrase) = &m.phrases[*pi];
                let finder = memchr::memmem::Finder::new(needle.as_bytes());
                for s in finder.find_iter(bytes) {
                    let e = s + needle.len();
                    let word_start =
                        !needle.starts_with(' ') || s == 0 || bytes.get(s - 1) == Some(&b' ');
                    if !word_start
                        || !lower.is_char_boundary(s)
                        || !lower.is_char_boundary(e)
                        || !at_boundaries(lower, s, e)
                    {
                        continue;
                    }
                    hits[*li].push(Hit {
                        span: Span::new(base + s, base + e),
                        phrase: *pi,
                        assumption: Some(Assumption {
                            span: Span::new(base + s, base + e),
                            seen: original[s..e].to_string(),
                            read: phrase.clone(),
                        }),
                    });
                }
            }
        }
        hits.into_iter().map(longest_first).collect()
    }

    /// Pieces of report text around the claim keywords: whole keywords, keywords with a
    /// letter lost to a space, in capitals, glued to letters or digits, and filler.
    fn piece() -> impl Strategy<Value = String> {
        let lex = crate::lexicon::Lexicon::builtin();
        let k = &lex.keywords;
        let mut words: Vec<String> = k
            .achieved
            .iter()
            .chain(&k.not_achieved)
            .chain(&k.breakdown_exhaustive)
            .chain(&k.breakdown_partial)
            .chain(&k.received)
            .chain(&k.resolved)
            .chain(&k.remaining)
            .cloned()
            .collect();
        words.extend(["gồm", "bao gồm có", "là", "như sau"].map(String::from));
        let filler = [
            "x", "1", "13/17", ",", ";", ":", "(", ")", "đ", "a", "–", "…", "²",
        ];
        (0..words.len(), 0..6usize, 0..filler.len()).prop_map(move |(w, how, f)| {
            let w = &words[w];
            match how {
                0 => w.clone(),
                1 => w.to_uppercase(),
                2 => {
                    // One letter lost to a space.
                    let cut = w
                        .char_indices()
                        .nth(w.chars().count() / 2)
                        .map_or(0, |c| c.0);
                    let len = w[cut..].chars().next().map_or(0, char::len_utf8);
                    format!("{} {}", &w[..cut], &w[cut + len..])
                }
                3 => format!("{}{w}", filler[f]),
                4 => format!("{w}{}", filler[f]),
                _ => filler[f].to_string(),
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn automata_find_what_the_scan_found(
            pieces in proptest::collection::vec(piece(), 1..12),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just("  "), Just(", "), Just("")], 12),
            tolerate in any::<bool>(),
        ) {
            let mut text = String::new();
            for (p, s) in pieces.iter().zip(seps.iter().cycle()) {
                text.push_str(p);
                text.push_str(s);
            }
            let lower = crate::chars::lower_same_len(&text);
            let lex = crate::lexicon::Lexicon::builtin();
            let m = &lex.claim_phrases;
            prop_assert_eq!(
                m.find(&text, &lower, 5, tolerate),
                find_by_scan(m, &text, &lower, 5, tolerate)
            );
        }
    }
}
