//! A stated count followed by an enumeration of what it counts:
//! `4 Trạm y tế xã cũ gồm Hùng Thắng, Vĩnh Hưng, Vĩnh Hồng, Kẽ Sặt`,
//! `có 03 tiêu chí không đạt, gồm: (1) …, (2) …, (3) …, (4) …`,
//! `05 dự án đầu tư công: A; B; C; D; E`.
//!
//! The count is the nearest exact count before the opener (`gồm`, `bao gồm`, `là`, `:`) in
//! the same sentence, with only words and commas between. Items are read in one of three
//! styles; an enumeration that fits none is not a claim.

use super::block::BlockView;
use super::text::{is_exact_count, quantity, span_of};
use super::{Claim, ClaimKind, ListStyle};
use crate::ast::{Quantity, TokenKind};
use crate::span::Span;

/// Counts outside this range are not lists a reader enumerates.
const MIN_ITEMS: u64 = 2;
const MAX_ITEMS: u64 = 60;
/// Words allowed between the count and the opener (`4 Trạm y tế xã cũ gồm`).
const MAX_NOUN_WORDS: usize = 14;
/// A name in a comma list has at most this many words.
const MAX_NAME_WORDS: usize = 5;
/// Lowercase words a name may follow in its item (`thôn`, `tổ dân phố`).
const MAX_NOUN_PREFIX: usize = 3;

pub fn extract(v: &BlockView<'_>, out: &mut Vec<Claim>) {
    // A set, not a list searched per opener: a block holds any number of count lists (one
    // 20 MB line of them made this quadratic).
    let mut used_counts = rustc_hash::FxHashSet::default();
    for sentence in &v.sentences {
        // Openers: keyword hits and colons inside this sentence.
        let mut openers: Vec<(usize, usize)> = Vec::new(); // (first token of the opener, first token after it)
        let sspan = span_of(v.tokens, sentence.clone());
        for h in BlockView::hits_in(&v.list_openers, sspan) {
            let a = v.token_at_or_after(h.span.start);
            let b = v.token_at_or_after(h.span.end);
            // `gồm:` — the colon belongs to the opener.
            let b = if v.is_punct(b, ':') { b + 1 } else { b };
            openers.push((a, b));
        }
        for i in sentence.clone() {
            if v.is_punct(i, ':') && !openers.iter().any(|&(_, b)| b == i + 1) {
                openers.push((i, i + 1));
            }
        }
        openers.sort_unstable();
        for (open, after) in openers {
            let colon = v.is_punct(open, ':');
            let Some(ci) = count_before(v, sentence.start, open, colon) else {
                continue;
            };
            if used_counts.contains(&ci) {
                continue;
            }
            let Some(count) = v.tokens.get(ci).and_then(quantity) else {
                continue;
            };
            // A list inside parentheses ends at the closing one.
            let end = enclosing_close(v, open).map_or(sentence.end, |c| c.min(sentence.end));
            let Some((items, style)) = items_after(v, after, end) else {
                continue;
            };
            used_counts.insert(ci);
            let span = count.span.join(items.last().copied().unwrap_or(count.span));
            out.push(Claim {
                span,
                block: v.index,
                kind: ClaimKind::CountList {
                    count: Box::new(count.clone()),
                    items,
                    style,
                },
                assumptions: Vec::new(),
            });
        }
    }
}

/// The count that the opener at token `open` enumerates. Before a bare colon only the
/// count's own noun phrase may stand (`05 dự án đầu tư công:`), no comma: in
/// `02 đơn, tố cáo: 0 đơn` the colon labels the next figure, it does not open a list of 02.
fn count_before(v: &BlockView<'_>, start: usize, open: usize, colon: bool) -> Option<usize> {
    let mut words = 0;
    let mut k = open;
    while k > start {
        k -= 1;
        let t = v.tokens.get(k)?;
        match &t.kind {
            TokenKind::Word | TokenKind::FootnoteMark { .. } => {
                words += 1;
                if words > MAX_NOUN_WORDS {
                    return None;
                }
            }
            TokenKind::Punct { ch: ',' } if colon => return None,
            TokenKind::Punct {
                ch: ',' | '-' | '–',
            } => {}
            TokenKind::Quantity(q) => {
                return usable_count(q).then_some(k);
            }
            _ => return None,
        }
    }
    None
}

/// The `)` closing a parenthesis that is open at token `at`, if any.
fn enclosing_close(v: &BlockView<'_>, at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = at;
    let floor = at.saturating_sub(200);
    while k > floor {
        k -= 1;
        match v.tokens.get(k).map(|t| &t.kind) {
            Some(TokenKind::Punct { ch: ')' }) => depth += 1,
            Some(TokenKind::Punct { ch: '(' }) => {
                if depth == 0 {
                    return v.paren_match.get(k).copied().filter(|&c| c != usize::MAX);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

fn usable_count(q: &Quantity) -> bool {
    is_exact_count(q)
        && q.value >= rust_decimal::Decimal::from(MIN_ITEMS)
        && q.value <= rust_decimal::Decimal::from(MAX_ITEMS)
}

/// Reads the enumeration in tokens `from..end`.
fn items_after(v: &BlockView<'_>, from: usize, end: usize) -> Option<(Vec<Span>, ListStyle)> {
    if from >= end {
        return None;
    }
    numbered(v, from, end)
        .or_else(|| semicolons(v, from, end))
        .or_else(|| comma_names(v, from, end))
}

/// `(1) … (2) … (n) …`: enumerators numbered 1..n in order, the first right after the opener.
fn numbered(v: &BlockView<'_>, from: usize, end: usize) -> Option<(Vec<Span>, ListStyle)> {
    let mut marks = Vec::new();
    for k in from..end {
        if let Some(TokenKind::Enumerator { ordinal, label }) = v.tokens.get(k).map(|t| &t.kind) {
            marks.push((k, *ordinal, label.chars().all(|c| c.is_ascii_digit())));
        }
    }
    let &(first, _, digits) = marks.first()?;
    if first != from {
        return None;
    }
    for (n, &(_, ordinal, _)) in marks.iter().enumerate() {
        if ordinal as usize != n + 1 {
            return None;
        }
    }
    let mut items = Vec::new();
    for (n, &(k, _, _)) in marks.iter().enumerate() {
        let stop = marks.get(n + 1).map_or(end, |m| m.0);
        items.push(trimmed_span(v, k, stop));
    }
    let style = if digits {
        ListStyle::Numbered
    } else {
        ListStyle::Lettered
    };
    (items.len() >= 2).then_some((items, style))
}

/// Items separated by `;` after a colon opener, up to the end of the sentence.
fn semicolons(v: &BlockView<'_>, from: usize, end: usize) -> Option<(Vec<Span>, ListStyle)> {
    if !(from > 0 && v.is_punct(from - 1, ':')) {
        return None;
    }
    let mut items = Vec::new();
    let mut start = from;
    for k in from..end {
        if v.is_punct(k, ';') {
            items.push(trimmed_span(v, start, k));
            start = k + 1;
        }
    }
    if items.is_empty() {
        return None;
    }
    items.push(trimmed_span(v, start, end));
    items.retain(|s| !s.is_empty());
    (items.len() >= 2).then_some((items, ListStyle::Semicolons))
}

/// Short capitalised names separated by commas and a final `và`:
/// `Hùng Thắng, Vĩnh Hưng, Vĩnh Hồng, Kẽ Sặt để thành lập …`, also behind a lowercase noun
/// (`thôn Hòa Lạc, thôn Phú Xuân, …`, at most [`MAX_NOUN_PREFIX`] words) and with lowercase
/// words after the capital (`Phòng Kinh tế, Phòng Văn hóa`), an item being at most
/// [`MAX_NAME_WORDS`] words. Where the last item ends does not change the count; its label
/// stops at its last capitalised word.
fn comma_names(v: &BlockView<'_>, from: usize, end: usize) -> Option<(Vec<Span>, ListStyle)> {
    let mut items: Vec<Span> = Vec::new();
    let mut cur: Option<Span> = None;
    // The current item up to its last capitalised word.
    let mut name: Option<Span> = None;
    let (mut prefix_words, mut item_words) = (0, 0);
    let mut k = from;
    while k < end {
        let t = v.tokens.get(k)?;
        match &t.kind {
            TokenKind::Word => {
                let w = v.token_text(k);
                let capital = w.chars().next().is_some_and(char::is_uppercase);
                if w == "và" && name.is_some() {
                    items.push(cur.take()?);
                    (name, prefix_words, item_words) = (None, 0, 0);
                    k += 1;
                    continue;
                }
                item_words += 1;
                if item_words > MAX_NAME_WORDS {
                    if name.is_some() && !items.is_empty() {
                        break;
                    }
                    return None;
                }
                if capital {
                    cur = Some(cur.map_or(t.span, |c| c.join(t.span)));
                    name = Some(cur?);
                } else if name.is_some() {
                    cur = Some(cur.map_or(t.span, |c| c.join(t.span)));
                } else {
                    prefix_words += 1;
                    if prefix_words > MAX_NOUN_PREFIX {
                        return None;
                    }
                    cur = Some(cur.map_or(t.span, |c| c.join(t.span)));
                }
            }
            TokenKind::Punct { ch: ',' } if name.is_some() => {
                items.push(cur.take()?);
                (name, prefix_words, item_words) = (None, 0, 0);
            }
            TokenKind::FootnoteMark { .. } => {}
            _ => {
                if name.is_some() && !items.is_empty() {
                    break;
                }
                return None;
            }
        }
        k += 1;
    }
    items.push(name?);
    (items.len() >= 2).then_some((items, ListStyle::Commas))
}

/// Span of tokens `a..b` without trailing punctuation.
fn trimmed_span(v: &BlockView<'_>, a: usize, mut b: usize) -> Span {
    while b > a
        && matches!(
            v.tokens.get(b - 1).map(|t| &t.kind),
            Some(TokenKind::Punct { .. })
        )
    {
        b -= 1;
    }
    span_of(v.tokens, a..b)
}
