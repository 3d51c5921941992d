//! Totals with breakdowns:
//! `Tổng số vi phạm là 10 trường hợp, trong đó … 04 …, 04 …, 02 …` (keyword),
//! `97 đơn (khiếu nại: 02 đơn, tố cáo: 0 đơn, phản ánh kiến nghị: 95 đơn)` (parentheses),
//! `… 108 tỷ 789 triệu 440 nghìn đồng, trong đó:` followed by bullet lines (one part each).
//!
//! Reading, in order:
//! 1. An opener: an exhaustive keyword (`trong đó`, `gồm`, `bao gồm`, `cụ thể`, `chia ra`), a
//!    partial one (`chủ yếu`, `như`, `nhất là`), or `(` right after a figure with at least two
//!    figures inside.
//! 2. Its scope: to the end of the sentence, the closing `)` of a parenthesised opener or of
//!    the parenthesis the opener sits in, or a clause that starts a new total (`; Tổng số …`).
//!    A later opener inside the scope makes the part before it a nested total: its own parts
//!    belong to it, not to the outer breakdown.
//! 3. Parts: the figures in the scope, grouped by dimension (money, area, mass, counts…);
//!    percentages, rates and durations are never parts. Within counts, when some part uses
//!    the total's noun, parts with other nouns are left out (`7 cuộc … 04 cuộc, 02 cuộc,
//!    01 cuộc … 615 người`).
//! 4. The total of each group: the nearest figure of that dimension before the opener in the
//!    same sentence (or the previous sentence, for `… 1970 lượt người. Trong đó: …`).
//!    A ratio total with ratio parts gives two breakdowns (numerators, denominators).

use super::block::BlockView;
use super::text::Hit;
use super::{BreakdownKind, Claim, ClaimKind};
use crate::ast::{Block, BlockKind, Dimension, Quantity, Ratio, Token, TokenKind};
use crate::lexicon::Lexicon;
use crate::span::Span;
use std::ops::Range;

/// How far back (in tokens) the total may stand before its opener.
const MAX_TOTAL_DISTANCE: usize = 30;
/// No breakdown written by hand has more parts than fit in this many tokens; the cap keeps
/// extraction linear on hostile input (one endless sentence full of `trong đó`).
const MAX_SCOPE_TOKENS: usize = 400;

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpenerKind {
    Keyword(BreakdownKind),
    Paren,
}

struct Opener {
    /// First token of the opener.
    at: usize,
    /// First token after it (past a `:`).
    after: usize,
    kind: OpenerKind,
    span: Span,
    assumption: Option<super::Assumption>,
}

/// A figure usable as a part or total: a quantity, or a ratio (numerator/denominator pair).
#[derive(Clone)]
enum Figure<'a> {
    Qty(&'a Quantity),
    Ratio(&'a Ratio),
}

impl Figure<'_> {
    fn group(&self) -> Option<Group> {
        match self {
            Figure::Qty(q) => group_of(q),
            Figure::Ratio(r) => {
                let a = group_of(&r.numerator)?;
                let b = group_of(&r.denominator)?;
                (a == b).then_some(Group::Ratio)
            }
        }
    }
    fn span(&self) -> Span {
        match self {
            Figure::Qty(q) => q.span,
            Figure::Ratio(r) => r.span,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Group {
    Dim(Dimension),
    Ratio,
}

fn group_of(q: &Quantity) -> Option<Group> {
    match q.dimension() {
        None => Some(Group::Dim(Dimension::Count)),
        Some(Dimension::Percent | Dimension::Rate | Dimension::Time | Dimension::Other) => None,
        Some(d) => Some(Group::Dim(d)),
    }
}

fn figure(t: &Token) -> Option<Figure<'_>> {
    match &t.kind {
        TokenKind::Quantity(q) => Some(Figure::Qty(q)),
        TokenKind::Ratio(r) => Some(Figure::Ratio(r)),
        _ => None,
    }
}

pub struct Extractor<'a> {
    lex: &'a Lexicon,
}

impl<'a> Extractor<'a> {
    pub fn new(lex: &'a Lexicon) -> Self {
        Extractor { lex }
    }

    pub fn extract(
        &self,
        v: &BlockView<'_>,
        following: &[Block],
        tolerate_lost_letters: bool,
        out: &mut Vec<Claim>,
    ) {
        let openers = self.openers(v);
        for (oi, op) in openers.iter().enumerate() {
            let sentence = sentence_containing(v, op.at);
            let scope_end = scope_end(v, op, sentence.end).min(op.after + MAX_SCOPE_TOKENS);
            // Parts inside nested openers' scopes belong to those openers.
            let nested: Vec<Range<usize>> = openers
                .iter()
                .skip(oi + 1)
                .take_while(|n| n.at < scope_end)
                .map(|n| n.after..scope_end_nested(v, n, scope_end))
                .collect();
            let mut parts: Vec<(usize, Figure<'_>)> = (op.after..scope_end)
                .filter(|k| !nested.iter().any(|r| r.contains(k)))
                .filter_map(|k| v.tokens.get(k).and_then(figure).map(|f| (k, f)))
                .collect();
            let mut from_bullets = false;
            if parts.is_empty() && op.after >= v.tokens.len() {
                parts = Vec::new();
                from_bullets = true;
            }
            let kind = match op.kind {
                OpenerKind::Keyword(k) => k,
                OpenerKind::Paren => BreakdownKind::Exhaustive,
            };
            let assumptions: Vec<_> = op.assumption.iter().cloned().collect();
            if from_bullets {
                self.parts_from_bullets(v, op, following, kind, &assumptions, out);
                continue;
            }
            let ctx = ClaimCx {
                block: v.index,
                opener: op.span,
                kind,
                assumptions: &assumptions,
                lost_separators: tolerate_lost_letters,
            };
            for group in groups(&parts) {
                let members: Vec<(usize, &Figure<'_>)> = parts
                    .iter()
                    .filter(|(_, f)| f.group() == Some(group))
                    .map(|(k, f)| (*k, f))
                    .collect();
                if group == Group::Dim(Dimension::Count) {
                    self.count_claims(v, op, &sentence, &members, &ctx, out);
                    continue;
                }
                let Some((total, across)) =
                    self.total_before(v, op.at, sentence.start, group, None)
                else {
                    continue;
                };
                let members: Vec<&Figure<'_>> = members.into_iter().map(|(_, f)| f).collect();
                let strays = Slotted::new(v, &parts, tolerate_lost_letters).strays(group);
                push_claims(&ctx, &total, &members, across, strays, out);
            }
        }
    }

    /// Count parts: one breakdown per noun that has a total of its own before the opener
    /// (`269 lượt với 180 công dân, trong đó … 228 lượt với 153 công dân …`); when no noun
    /// does, the parts are categories of the nearest count (`3212 văn bản đi (trong đó: 1270
    /// công văn; 1065 quyết định; …)`) — but only when every slot between separators holds
    /// one of them, so that two counts per item (`228 lượt với 153 công dân`) are never added.
    fn count_claims(
        &self,
        v: &BlockView<'_>,
        op: &Opener,
        sentence: &Range<usize>,
        members: &[(usize, &Figure<'_>)],
        ctx: &ClaimCx<'_>,
        out: &mut Vec<Claim>,
    ) {
        let slots = Slots {
            lost_separators: ctx.lost_separators,
        };
        let mut nouns: Vec<&str> = Vec::new();
        for (_, f) in members {
            if let Some(n) = self.noun_key(f) {
                if !nouns.contains(&n) {
                    nouns.push(n);
                }
            }
        }
        let mut made = false;
        let mut used: Vec<&str> = Vec::new();
        for &noun in &nouns {
            if used.iter().any(|u| nouns_compatible(u, noun)) {
                continue;
            }
            let Some((total, across)) = self.total_before(
                v,
                op.at,
                sentence.start,
                Group::Dim(Dimension::Count),
                Some(noun),
            ) else {
                continue;
            };
            let total_noun = self.noun_key(&total).unwrap_or(noun);
            used.push(total_noun);
            // Parts without a noun join only when this is the one noun in play.
            let single = nouns.iter().all(|n| nouns_compatible(n, total_noun));
            let parts: Vec<&Figure<'_>> = members
                .iter()
                .filter(|(_, f)| match self.noun_key(f) {
                    Some(n) => nouns_compatible(n, total_noun),
                    None => single,
                })
                .map(|(_, f)| *f)
                .collect();
            push_claims(ctx, &total, &parts, across, Vec::new(), out);
            made = true;
        }
        if made || members.len() < 2 || !slots.one_per_slot(v, members) {
            return;
        }
        let Some((total, across)) =
            self.total_before(v, op.at, sentence.start, Group::Dim(Dimension::Count), None)
        else {
            return;
        };
        let parts: Vec<&Figure<'_>> = members.iter().map(|(_, f)| *f).collect();
        push_claims(ctx, &total, &parts, across, Vec::new(), out);
    }

    /// The count noun of a figure, folded through the interchangeable groups. Borrowed (from
    /// the figure or the lexicon): it is looked up for every figure a total is sought among.
    fn noun_key<'f>(&'f self, f: &Figure<'f>) -> Option<&'f str> {
        let q: &'f Quantity = match *f {
            Figure::Qty(q) => q,
            Figure::Ratio(r) => &r.denominator,
        };
        let name = q
            .unit
            .as_ref()
            .filter(|u| u.dimension == Dimension::Count)
            .map(|u| u.name.as_ref())?;
        Some(
            self.lex
                .keywords
                .interchangeable_nouns
                .iter()
                .find(|g| g.iter().any(|n| n == name))
                .and_then(|g| g.first())
                .map_or(name, String::as_str),
        )
    }

    fn openers(&self, v: &BlockView<'_>) -> Vec<Opener> {
        let mut out = Vec::new();
        let mut add = |hits: &[Hit], kind: BreakdownKind| {
            for h in hits {
                let at = v.token_at_or_after(h.span.start);
                let mut after = v.token_at_or_after(h.span.end);
                if v.is_punct(after, ':') {
                    after += 1;
                }
                out.push(Opener {
                    at,
                    after,
                    kind: OpenerKind::Keyword(kind),
                    span: h.span,
                    assumption: h.assumption.clone(),
                });
            }
        };
        add(&v.exhaustive, BreakdownKind::Exhaustive);
        add(&v.partial, BreakdownKind::Partial);
        // `(` after a figure: a parenthesised breakdown when it holds two or more figures and
        // no keyword opens right after it (then the keyword is the opener).
        let mut figures_before = Vec::with_capacity(v.tokens.len() + 1);
        figures_before.push(0usize);
        for t in v.tokens {
            let last = figures_before.last().copied().unwrap_or(0);
            figures_before.push(last + usize::from(figure(t).is_some()));
        }
        // Keyword openers by token (then by position in `out`, so the first found is the one a
        // scan of `out` would find): a lookup per `(` instead of a scan that would grow with
        // every paren opener pushed (quadratic on `((((…`).
        let mut by_at: Vec<(usize, usize)> =
            out.iter().enumerate().map(|(i, o)| (o.at, i)).collect();
        by_at.sort_unstable();
        let is_open = |t: &Token| matches!(t.kind, TokenKind::Punct { ch: '(' });
        for (k, t) in v.tokens.iter().enumerate() {
            // Of `((`, only the inner parenthesis opens: a run of unclosed ones (damage, or a
            // hostile `((((…`) would otherwise give an opener each, every one over the rest of
            // the block.
            if !is_open(t) || v.tokens.get(k + 1).is_some_and(is_open) {
                continue;
            }
            let close = matching_paren(v, k).unwrap_or(v.tokens.len());
            let inside = figures_before.get(close).copied().unwrap_or(0)
                - figures_before.get(k + 1).copied().unwrap_or(0);
            let kw_index = by_at
                .get(by_at.partition_point(|&(at, _)| at < k + 1))
                .filter(|&&(at, _)| at == k + 1)
                .map(|&(_, i)| i);
            if let Some(kw) = kw_index.and_then(|i| out.get_mut(i)) {
                // `(trong đ : 1270 …; 1065 …)`: the parenthesis opens the breakdown on its
                // own, so a damaged keyword inside it assumes nothing.
                if inside >= 2 {
                    kw.assumption = None;
                }
                continue;
            }
            if inside >= 2 {
                out.push(Opener {
                    at: k,
                    after: k + 1,
                    kind: OpenerKind::Paren,
                    span: t.span,
                    assumption: None,
                });
            }
        }
        out.sort_by_key(|o| o.at);
        // A keyword inside a partial phrase that is also exhaustive (`gồm` in `bao gồm`) was
        // resolved by longest match within each list; across lists keep the first at a token.
        out.dedup_by_key(|o| o.at);
        out
    }

    /// The nearest figure of `group` (and of `noun`, when given) before the opener at token
    /// `at`, in the same sentence, or in the previous sentence when the opener starts its
    /// sentence (`… 1970 lượt người. Trong đó: …`); the flag says the link crossed a sentence.
    fn total_before<'t>(
        &self,
        v: &'t BlockView<'_>,
        at: usize,
        sentence_start: usize,
        group: Group,
        noun: Option<&str>,
    ) -> Option<(Figure<'t>, bool)> {
        let opens_sentence = at == sentence_start || leading_only_punct(v, sentence_start, at);
        let lower = if opens_sentence {
            v.sentences
                .iter()
                .find(|s| s.end == sentence_start)
                .map_or(sentence_start, |s| s.start)
        } else {
            sentence_start
        };
        let lower = lower.max(at.saturating_sub(MAX_TOTAL_DISTANCE));
        let mut k = at;
        while k > lower {
            k -= 1;
            let t = v.tokens.get(k)?;
            // A closed parenthesis before the opener hides its contents (`(01 dự án)`).
            if matches!(t.kind, TokenKind::Punct { ch: ')' }) {
                if let Some(open) = matching_paren_back(v, k) {
                    k = open;
                    continue;
                }
            }
            // A `;` ends the search, unless it stands right before the opener
            // (`… 3.624 hồ sơ; trong đó …`).
            if matches!(t.kind, TokenKind::Punct { ch: ';' }) && k + 1 != at {
                return None;
            }
            if let Some(f) = figure(t) {
                let noun_ok =
                    noun.is_none_or(|n| self.noun_key(&f).is_some_and(|m| nouns_compatible(m, n)));
                if f.group() == Some(group) && noun_ok {
                    return Some((f, k < sentence_start));
                }
            }
        }
        None
    }

    /// `… tổng kế hoạch vốn … 108 tỷ 789 triệu 440 nghìn đồng, trong đó:` then bullet lines:
    /// each following list item at the first item's depth gives one part, its first figure of
    /// the total's group.
    fn parts_from_bullets(
        &self,
        v: &BlockView<'_>,
        op: &Opener,
        following: &[Block],
        kind: BreakdownKind,
        assumptions: &[super::Assumption],
        out: &mut Vec<Claim>,
    ) {
        let mut items: Vec<&Block> = Vec::new();
        let mut depth = None;
        for b in following {
            let BlockKind::ListItem { depth: d, .. } = &b.kind else {
                break;
            };
            match depth {
                None => depth = Some(*d),
                Some(first) if *d < first => break,
                Some(first) if *d > first => continue,
                _ => {}
            }
            items.push(b);
        }
        if items.len() < 2 {
            return;
        }
        let sentence = sentence_containing(v, op.at.min(v.tokens.len().saturating_sub(1)));
        for group in [
            Group::Dim(Dimension::Money),
            Group::Dim(Dimension::Area),
            Group::Dim(Dimension::Mass),
            Group::Dim(Dimension::Volume),
            Group::Dim(Dimension::Count),
        ] {
            let Some((total, across)) = self.total_before(v, op.at, sentence.start, group, None)
            else {
                continue;
            };
            let mut parts = Vec::new();
            for b in &items {
                match b
                    .tokens
                    .iter()
                    .find_map(|t| figure(t).filter(|f| f.group() == Some(group)))
                {
                    Some(f) => parts.push(f),
                    None => {
                        parts.clear();
                        break;
                    }
                }
            }
            if parts.len() == items.len() {
                let members: Vec<&Figure<'_>> = parts.iter().collect();
                let ctx = ClaimCx {
                    block: v.index,
                    opener: op.span,
                    kind,
                    assumptions,
                    lost_separators: false,
                };
                push_claims(&ctx, &total, &members, across, Vec::new(), out);
                return;
            }
        }
    }
}

fn groups(parts: &[(usize, Figure<'_>)]) -> Vec<Group> {
    let mut gs: Vec<Group> = Vec::new();
    for (_, f) in parts {
        if let Some(g) = f.group() {
            if !gs.contains(&g) {
                gs.push(g);
            }
        }
    }
    gs
}

/// What every claim from one opener shares.
struct ClaimCx<'a> {
    block: usize,
    opener: Span,
    kind: BreakdownKind,
    assumptions: &'a [super::Assumption],
    /// The text lost letters and separators in PDF extraction.
    lost_separators: bool,
}

/// The figures of a scope with the item (slot) each stands in.
struct Slotted<'f> {
    items: Vec<(usize, usize, Figure<'f>)>,
}

impl<'f> Slotted<'f> {
    fn new(v: &BlockView<'_>, parts: &[(usize, Figure<'f>)], lost_separators: bool) -> Self {
        let slots = Slots { lost_separators };
        let mut items = Vec::new();
        let mut slot = 0usize;
        let mut k0 = parts.first().map_or(0, |p| p.0);
        for (k, f) in parts {
            for m in k0..*k {
                match v.tokens.get(m).map(|t| &t.kind) {
                    Some(TokenKind::Punct { ch: ',' | ';' }) => slot += 1,
                    Some(TokenKind::Word) if v.token_text(m) == "và" => slot += 1,
                    _ => {}
                }
            }
            if lost_separators && *k > 0 && slots.gap_before(v, *k) {
                slot += 1;
            }
            k0 = *k;
            items.push((*k, slot, f.clone()));
        }
        Slotted { items }
    }

    /// Figures alone in their item (no figure of `group` beside them) that are of another
    /// measured dimension or carry no unit, when `group` is a measured dimension.
    fn strays(&self, group: Group) -> Vec<Quantity> {
        let Group::Dim(d) = group else {
            return Vec::new();
        };
        if !is_measure(d) {
            return Vec::new();
        }
        let slot_has_group = |slot: usize| {
            self.items
                .iter()
                .any(|(_, s, f)| *s == slot && f.group() == Some(group))
        };
        self.items
            .iter()
            .filter(|(_, s, _)| !slot_has_group(*s))
            .filter_map(|(_, _, f)| match f {
                Figure::Qty(q) => match q.dimension() {
                    None => Some((*q).clone()),
                    Some(other) if other != d && is_measure(other) => Some((*q).clone()),
                    _ => None,
                },
                Figure::Ratio(_) => None,
            })
            .collect()
    }
}

/// Two count nouns name the same thing when equal or when one extends the other word-wise
/// (`cuộc` / `cuộc hội thảo`); `lượt người` and `lượt cháu` do not.
fn nouns_compatible(a: &str, b: &str) -> bool {
    let extends = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|rest| rest.starts_with(' '))
    };
    a == b || extends(a, b) || extends(b, a)
}

fn is_measure(d: Dimension) -> bool {
    matches!(
        d,
        Dimension::Money
            | Dimension::Area
            | Dimension::Mass
            | Dimension::Volume
            | Dimension::Length
    )
}

fn push_claims(
    cx: &ClaimCx<'_>,
    total: &Figure<'_>,
    parts: &[&Figure<'_>],
    across_sentences: bool,
    strays: Vec<Quantity>,
    out: &mut Vec<Claim>,
) {
    if parts.is_empty() {
        return;
    }
    let span = parts
        .iter()
        .fold(total.span().join(cx.opener), |s, p| s.join(p.span()));
    let mut push = |total: &Quantity, parts: Vec<Quantity>| {
        out.push(Claim {
            span,
            block: cx.block,
            kind: ClaimKind::Breakdown {
                total: Box::new(total.clone()),
                parts,
                kind: cx.kind,
                opener: cx.opener,
                across_sentences,
                strays: strays.clone(),
            },
            assumptions: cx.assumptions.to_vec(),
        });
    };
    match total {
        Figure::Qty(t) => {
            let ps: Option<Vec<Quantity>> = parts
                .iter()
                .map(|p| match p {
                    Figure::Qty(q) => Some((*q).clone()),
                    Figure::Ratio(_) => None,
                })
                .collect();
            if let Some(ps) = ps {
                push(t, ps);
            }
        }
        Figure::Ratio(t) => {
            let pairs: Option<Vec<(Quantity, Quantity)>> = parts
                .iter()
                .map(|p| match p {
                    Figure::Ratio(r) => Some((r.numerator.clone(), r.denominator.clone())),
                    Figure::Qty(_) => None,
                })
                .collect();
            if let Some(pairs) = pairs {
                // `7/7 trường …, trong đó 5/7 trường …; 02/7 trường …`: parts out of the same
                // denominator split only the numerator.
                let shared = pairs.iter().all(|(_, d)| d.value == t.denominator.value);
                let (nums, dens): (Vec<_>, Vec<_>) = pairs.into_iter().unzip();
                push(&t.numerator, nums);
                if !shared {
                    push(&t.denominator, dens);
                }
            }
        }
    }
}

/// How the items of a breakdown are told apart.
#[derive(Clone, Copy)]
struct Slots {
    /// Text lost letters and punctuation in PDF extraction: a run of two or more spaces
    /// before a figure stands for a lost `,` (`1270  ông văn  1065 quyết định`).
    lost_separators: bool,
}

impl Slots {
    /// Does every slot (text between `,`, `;` and `và`) hold at most one of the parts?
    fn one_per_slot(self, v: &BlockView<'_>, members: &[(usize, &Figure<'_>)]) -> bool {
        let (Some(first), Some(last)) = (members.first(), members.last()) else {
            return true;
        };
        let mut slot_of_last: Option<usize> = None;
        let mut slot = 0usize;
        let mut next = members.iter().peekable();
        for k in first.0..=last.0 {
            match v.tokens.get(k).map(|t| &t.kind) {
                Some(TokenKind::Punct { ch: ',' | ';' }) => slot += 1,
                Some(TokenKind::Word) if v.token_text(k) == "và" => slot += 1,
                _ => {}
            }
            if next.peek().is_some_and(|(m, _)| *m == k) {
                next.next();
                if self.lost_separators && k > 0 && self.gap_before(v, k) {
                    slot += 1;
                }
                if slot_of_last == Some(slot) {
                    return false;
                }
                slot_of_last = Some(slot);
            }
        }
        true
    }

    fn gap_before(self, v: &BlockView<'_>, k: usize) -> bool {
        let (Some(prev), Some(t)) = (v.tokens.get(k - 1), v.tokens.get(k)) else {
            return false;
        };
        v.text
            .get(prev.span.end as usize..t.span.start as usize)
            .is_some_and(|g| g.len() >= 2 && g.chars().all(|c| c == ' '))
    }
}

fn sentence_containing(v: &BlockView<'_>, i: usize) -> Range<usize> {
    // Sentences are ordered and disjoint: binary search keeps one call per opener cheap in a
    // block of many sentences.
    let at = v.sentences.partition_point(|r| r.end <= i);
    v.sentences
        .get(at)
        .filter(|r| r.contains(&i))
        .cloned()
        .unwrap_or(i..v.tokens.len().max(i))
}

fn leading_only_punct(v: &BlockView<'_>, from: usize, to: usize) -> bool {
    (from..to).all(|k| {
        matches!(
            v.tokens.get(k).map(|t| &t.kind),
            Some(TokenKind::Punct { .. })
        )
    })
}

/// Where the parts of an opener end.
fn scope_end(v: &BlockView<'_>, op: &Opener, sentence_end: usize) -> usize {
    if op.kind == OpenerKind::Paren {
        return matching_paren(v, op.at).unwrap_or(sentence_end);
    }
    // Inside an unclosed-before-the-opener parenthesis: end at its `)`.
    let mut depth = 0i32;
    let mut k = op.at;
    let sentence_start = sentence_containing(v, op.at)
        .start
        .max(op.at.saturating_sub(MAX_SCOPE_TOKENS));
    while k > sentence_start {
        k -= 1;
        match v.tokens.get(k).map(|t| &t.kind) {
            Some(TokenKind::Punct { ch: ')' }) => depth += 1,
            Some(TokenKind::Punct { ch: '(' }) => {
                if depth == 0 {
                    return matching_paren(v, k).unwrap_or(sentence_end);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    new_total_clause(v, op.after, sentence_end).unwrap_or(sentence_end)
}

/// The scope of a nested opener, bounded by its outer scope.
fn scope_end_nested(v: &BlockView<'_>, op: &Opener, outer_end: usize) -> usize {
    let s = sentence_containing(v, op.at).end.min(outer_end);
    scope_end(v, op, s).min(outer_end)
}

/// A `;` followed by a capitalised `Tổng` starts a new total: the parts end there
/// (`…; Tổng số hồ sơ đã giải quyết …`). A lowercase `tổng` names a part
/// (`…; tổng diện tích cây rau màu 70 ha`).
fn new_total_clause(v: &BlockView<'_>, from: usize, end: usize) -> Option<usize> {
    (from..end).find(|&k| {
        v.is_punct(k, ';')
            && v.tokens
                .get(k + 1)
                .and_then(|t| v.text.get(t.span.range()))
                .is_some_and(|w| w == "Tổng")
    })
}

fn matching_paren(v: &BlockView<'_>, open: usize) -> Option<usize> {
    v.paren_match
        .get(open)
        .copied()
        .filter(|&c| c != usize::MAX && c > open)
}

fn matching_paren_back(v: &BlockView<'_>, close: usize) -> Option<usize> {
    v.paren_match
        .get(close)
        .copied()
        .filter(|&o| o != usize::MAX && o < close)
}
