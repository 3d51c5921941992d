//! Text helpers for claim extraction: keyword search (exact, and tolerant of letters lost in
//! PDF extraction), and splitting a block's tokens into sentences and clauses.

use super::Assumption;
use crate::ast::{Quantity, Token, TokenKind};
use crate::span::Span;
use std::ops::Range;

/// A lowercase copy of `s` with the same byte offsets: a char whose lowercase form has a
/// different UTF-8 length is kept as it is (none of Vietnamese's letters do that).
pub fn lower_same_len(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let mut lower = ch.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == ch.len_utf8() => out.push(l),
            _ => out.push(ch),
        }
    }
    out
}

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
    c.is_alphanumeric()
}

fn at_boundaries(hay: &str, start: usize, end: usize) -> bool {
    let before = hay.get(..start).and_then(|s| s.chars().next_back());
    let after = hay.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Finds every whole-word occurrence of each phrase in `lower` (a [`lower_same_len`] copy of
/// `original`, which starts at logical offset `base`). Overlapping hits keep the longest.
///
/// With `tolerate_lost_letters`, a phrase of at least six letters also matches where exactly
/// one of its letters was replaced by a space (`" hông đạt"` for `không đạt`); such hits carry
/// an [`Assumption`] naming what was seen and what was read.
pub fn find_phrases(
    original: &str,
    lower: &str,
    base: usize,
    phrases: &[String],
    tolerate_lost_letters: bool,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (pi, phrase) in phrases.iter().enumerate() {
        if phrase.is_empty() {
            continue;
        }
        push_matches(lower, phrase, |s, e| {
            hits.push(Hit {
                span: Span::new(base + s, base + e),
                phrase: pi,
                assumption: None,
            })
        });
        if tolerate_lost_letters && phrase.chars().filter(|c| c.is_alphabetic()).count() >= 6 {
            for (ci, ch) in phrase.char_indices() {
                if !ch.is_alphabetic() {
                    continue;
                }
                let variant = format!(
                    "{} {}",
                    phrase.get(..ci).unwrap_or(""),
                    phrase.get(ci + ch.len_utf8()..).unwrap_or("")
                );
                push_matches(lower, &variant, |s, e| {
                    let seen = original.get(s..e).unwrap_or("").to_string();
                    hits.push(Hit {
                        span: Span::new(base + s, base + e),
                        phrase: pi,
                        assumption: Some(Assumption {
                            span: Span::new(base + s, base + e),
                            seen,
                            read: phrase.clone(),
                        }),
                    })
                });
            }
        }
    }
    // Longest first at each start, then drop hits overlapping an earlier kept one.
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

fn push_matches(hay: &str, needle: &str, mut f: impl FnMut(usize, usize)) {
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let s = from + pos;
        let e = s + needle.len();
        // A variant that starts with the space standing for a lost first letter is only a
        // word start when that space follows another space.
        let ok = if needle.starts_with(' ') {
            hay.get(..s)
                .is_some_and(|b| b.ends_with(' ') || b.is_empty())
                && at_boundaries(hay, s, e)
        } else {
            at_boundaries(hay, s, e)
        };
        if ok {
            f(s, e);
        }
        from = s + needle.chars().next().map_or(1, char::len_utf8);
    }
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
