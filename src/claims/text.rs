//! Text helpers for claim extraction: keyword search (exact, and tolerant of letters lost in
//! PDF extraction), and splitting a block's tokens into sentences and clauses.

use super::Assumption;
use crate::ast::{Quantity, Token, TokenKind};
use crate::packed::{load8, low_mask, pack, PackedTable};
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
    /// The same search driven from the words of the text (see [`WordStarts`]); the automata
    /// are built only when some needle does not allow it.
    word_starts: Option<WordStarts>,
}

/// The needles of a [`PhraseMatcher`] indexed by their anchor: the first run of word chars
/// after the needle's leading spaces (`trong` for `trong đó`, `hông` for the lost-letter
/// variant `" hông đạt"`, `kh` for `"kh ng đạt"`). Scanning the words of a block and checking
/// the needles anchored on each costs a third of running the automata over its bytes.
///
/// Why the words find every occurrence the automata report that [`PhraseMatcher::find`] keeps:
/// let a needle with `lead` leading spaces and anchor `w` occur at `s`, and `p = s + lead`.
/// The text has `w` at `p`, then a space of the needle or the needle's end. If `lead > 0` the
/// byte before `p` is a space; if `lead == 0` a kept occurrence passes [`at_boundaries`], so
/// the char before `p` is no word char either. Either way `p` starts a maximal run of word
/// chars, and that run is `w`: after `w` comes the needle's space, or the needle's end, where
/// [`at_boundaries`] again asks for a non-word char.
///
/// The other occurrences (not at word starts) are not found, which matters only for the
/// variants: `find` skips a variant occurrence overlapping the variant's previous unskipped
/// occurrence, kept or not. Two occurrences overlap only at a distance `d` where the needle
/// equals itself shifted by `d` (a period); for each found occurrence the periods are tried
/// backwards to rebuild the chain of overlapping occurrences before it, and the skipping is
/// replayed on that chain, so exactly the occurrences `find` would not skip are reported.
#[derive(Debug, Clone)]
struct WordStarts {
    /// Anchors by first byte and length ([`bucket`]): a range of `anchors`. Only words
    /// longer than eight bytes are looked up here; shorter ones in `short`.
    buckets: Vec<(usize, usize)>,
    /// The anchors of up to eight bytes, by their packed bytes, with the range of `entries`.
    /// A packed word is never 0 (no word char has a zero byte), and it tells its length
    /// (its nonzero low bytes), so equal keys mean equal words.
    short: PackedTable<(usize, usize)>,
    /// By first byte, bit `len` set when some anchor of `short` starts with that byte and
    /// has `len` bytes: many words are ruled out by this before hashing.
    short_lens: Vec<u16>,
    /// (anchor packed by [`pack`], anchor, range of `entries`).
    anchors: Vec<(Option<u64>, String, usize, usize)>,
    /// Each with the needle's bytes after its anchor (up to eight, packed) and their mask:
    /// text that differs there from the needle is ruled out without a `memcmp`.
    entries: Vec<Entry>,
    /// The exact needles, by index of `exact_ids`.
    exact: Vec<String>,
    /// The periods of each variant (shifts at which two occurrences overlap), ascending.
    periods: Vec<Vec<usize>>,
}

/// A needle anchored on a word, with its bytes after the anchor (up to eight, packed) and
/// their mask (see [`WordStarts::entries`]).
type Entry = (Anchored, u64, u64);

#[derive(Debug, Clone, Copy)]
enum Anchored {
    /// Exact needle (index of `exact_ids`).
    Exact(usize),
    /// Lost-letter variant (index of `variants`) and its leading spaces.
    Variant { vi: usize, lead: usize },
}

/// The leading spaces and the anchor of a needle (see [`WordStarts`]), if it has a usable one.
fn anchor(needle: &str) -> Option<(usize, &str)> {
    let rest = needle.trim_start_matches(' ');
    let lead = needle.len() - rest.len();
    let word = rest.split(' ').next().unwrap_or("");
    (!word.is_empty() && word.chars().all(is_word_char)).then_some((lead, word))
}

/// The shifts `d` (ascending, `0 < d < len`) at which `needle` overlaps itself: its bytes
/// from `d` on equal its first `len - d` bytes.
fn periods(needle: &[u8]) -> Vec<usize> {
    (1..needle.len())
        .filter(|&d| needle.get(d..) == needle.get(..needle.len() - d))
        .collect()
}

/// Whether the char at byte `i` of `s` (a char boundary) is a word char, and its width;
/// `None` at the end. The same answer as [`is_word_char`], from the bytes for the letters
/// Vietnamese uses ([`crate::chars::letter_at`]).
#[inline(always)]
fn word_char_at(s: &str, i: usize) -> Option<(usize, bool)> {
    let (width, letter) = crate::chars::letter_at(s, i)?;
    Some((
        width,
        letter || s.as_bytes().get(i).is_some_and(u8::is_ascii_digit),
    ))
}

/// Classes of a char's first byte for the word scan of [`WordStarts::occurrences`].
#[cfg(test)]
const NON_WORD: u8 = 0;
#[cfg(test)]
const ASCII_WORD: u8 = 1;
/// U+0100–U+023F (lead bytes 0xC4–0xC8): letters (see [`crate::chars::letter_at`]).
#[cfg(test)]
const LETTER_2: u8 = 2;
/// Anything else: decoded by [`word_char_at`].
#[cfg(test)]
const OTHER: u8 = 3;
/// 0xC3 and 0xE1: told by the second byte (the same answers as [`crate::chars::letter_at`]).
#[cfg(test)]
const LEAD_C3: u8 = 4;
#[cfg(test)]
const LEAD_E1: u8 = 5;

#[cfg(test)]
const BYTE_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut c = 0;
    while c < 0x80 {
        t[c] = if (c as u8).is_ascii_alphanumeric() {
            ASCII_WORD
        } else {
            NON_WORD
        };
        c += 1;
    }
    let mut c = 0xC4;
    while c <= 0xC8 {
        t[c] = LETTER_2;
        c += 1;
    }
    t[0xC3] = LEAD_C3;
    t[0xE1] = LEAD_E1;
    t
};

/// Classes of a byte for [`scan_words`]. `IN`: ASCII letters and digits, and the lead bytes
/// 0xC4–0xC8 (U+0100–U+023F, all letters, see [`crate::chars::letter_at`]); `CONT`: UTF-8
/// continuation bytes; `NON`: other ASCII; `C3` and `E1`: told by the next byte; `DECODE`:
/// any other lead byte, decoded by [`word_char_at`].
const S_IN: u8 = 0;
const S_CONT: u8 = 1;
const S_NON: u8 = 2;
const S_C3: u8 = 3;
const S_E1: u8 = 4;
const S_DECODE: u8 = 5;

const SCAN_CLASS: [u8; 256] = {
    let mut t = [S_DECODE; 256];
    let mut c = 0;
    while c < 0x80 {
        t[c] = if (c as u8).is_ascii_alphanumeric() {
            S_IN
        } else {
            S_NON
        };
        c += 1;
    }
    let mut c = 0x80;
    while c < 0xC0 {
        t[c] = S_CONT;
        c += 1;
    }
    let mut c = 0xC4;
    while c <= 0xC8 {
        t[c] = S_IN;
        c += 1;
    }
    t[0xC3] = S_C3;
    t[0xE1] = S_E1;
    t
};

/// Calls `on_word(p, i)` for every maximal run `p..i` of word chars ([`is_word_char`]) of
/// `s`, in order.
///
/// Byte by byte rather than char by char: inside a run, a continuation byte belongs to the
/// char whose lead byte was just taken as a word char (a lead byte of class `IN` is stepped
/// over alone, the others with their whole char), so it needs no test, and ASCII and the
/// `IN` leads are told by the table alone. Outside a run every step covers a whole char, so
/// a position tested there is a char boundary, as `word_char_at` needs. The answers per char
/// are those of [`word_char_at`]: 0xC3 starts a letter but for `×` (C3 97) and `÷` (C3 B7),
/// 0xE1 followed by B8–BB is U+1E00–U+1EFF (letters); the rest is decoded.
#[inline(always)]
fn scan_words(s: &str, mut on_word: impl FnMut(usize, usize)) {
    let b = s.as_bytes();
    let class_at = |i: usize| {
        b.get(i)
            .map(|&c| SCAN_CLASS.get(usize::from(c)).copied().unwrap_or(S_DECODE))
    };
    // The next byte tells 0xC3 and 0xE1 (see above); `None` when it does not.
    let told = |i: usize, class: u8| -> Option<bool> {
        let next = b.get(i + 1).copied();
        match class {
            S_C3 => Some(!matches!(next, Some(0x97 | 0xB7))),
            S_E1 if matches!(next, Some(0xB8..=0xBB)) => Some(true),
            _ => None,
        }
    };
    let mut i = 0;
    'words: loop {
        // Outside a run: up to the next word char.
        let p = loop {
            let Some(class) = class_at(i) else {
                break 'words;
            };
            match class {
                S_IN => break i,
                S_NON | S_CONT => i += 1,
                _ => match told(i, class) {
                    Some(true) => break i,
                    // × or ÷.
                    Some(false) => i += 2,
                    None => match decode(s, i) {
                        (_, true) => break i,
                        (width, false) => i += width,
                    },
                },
            }
        };
        // Inside the run (from its first char, a word char): up to the next non-word char
        // or the end. A word char's continuation bytes are stepped over as `CONT`.
        i += 1;
        while let Some(class) = class_at(i) {
            match class {
                S_IN | S_CONT => i += 1,
                S_NON => break,
                _ => match told(i, class) {
                    Some(true) => i += 1,
                    Some(false) => break,
                    None => match decode(s, i) {
                        (width, true) => i += width,
                        (_, false) => break,
                    },
                },
            }
        }
        on_word(p, i);
    }
}

/// [`word_char_at`] as (width, word char), one byte and no word char at the end; out of
/// line, as the chars it is asked about are rare in a report.
#[cold]
#[inline(never)]
fn decode(s: &str, i: usize) -> (usize, bool) {
    word_char_at(s, i).map_or((1, false), |(width, word)| (width, word))
}

/// The word scan as it was before [`scan_words`], char by char: kept to check it.
#[cfg(test)]
fn scan_words_by_width(lower: &str, mut on_word: impl FnMut(usize, usize)) {
    let b = lower.as_bytes();
    // The width of the word char at `i`, 0 for a non-word char (or the end): ASCII and
    // the lead bytes that always start a letter by table, other chars by `word_char_at`.
    let word_width = |i: usize| -> usize {
        let Some(&c) = b.get(i) else {
            return 0;
        };
        match BYTE_CLASS.get(usize::from(c)).copied().unwrap_or(OTHER) {
            NON_WORD => 0,
            ASCII_WORD => 1,
            LETTER_2 => 2,
            // U+00C0–U+00FF: letters but × and ÷.
            LEAD_C3 if matches!(b.get(i + 1), Some(0x97 | 0xB7)) => 0,
            LEAD_C3 => 2,
            // U+1E00–U+1EFF: letters.
            LEAD_E1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => 3,
            _ => match word_char_at(lower, i) {
                Some((width, true)) => width,
                _ => 0,
            },
        }
    };
    let mut i = 0;
    while i < b.len() {
        let p = i;
        let width = word_width(i);
        if width == 0 {
            // A non-word char: ASCII (one byte) or decoded for its width.
            i += match b.get(i) {
                Some(&c) if c < 0x80 => 1,
                _ => word_char_at(lower, i).map_or(1, |(w, _)| w),
            };
            continue;
        }
        i += width;
        loop {
            let width = word_width(i);
            if width == 0 {
                break;
            }
            i += width;
        }
        on_word(p, i);
    }
}

/// Anchors are bucketed by first byte and by length up to this; longer ones share the last
/// bucket.
const LEN_BUCKETS: usize = 16;

fn bucket(first: u8, len: usize) -> usize {
    usize::from(first) * LEN_BUCKETS + len.min(LEN_BUCKETS - 1)
}

impl WordStarts {
    /// `None` when some needle has no usable anchor (see [`anchor`]).
    fn new(exact: &[&str], variants: &[(usize, String)]) -> Option<Self> {
        // The needle's bytes after the anchor, packed, and their mask.
        let tail = |needle: &str, from: usize| {
            let rest = needle.as_bytes().get(from..).unwrap_or(&[]);
            (load8(rest, 0), low_mask(rest.len()))
        };
        let mut grouped: std::collections::BTreeMap<&str, Vec<Entry>> = Default::default();
        for (id, needle) in exact.iter().enumerate() {
            let (lead, word) = anchor(needle)?;
            // Exact needles start with their first word (see `PhraseMatcher::new`).
            if lead != 0 {
                return None;
            }
            let (t, mask) = tail(needle, word.len());
            grouped
                .entry(word)
                .or_default()
                .push((Anchored::Exact(id), t, mask));
        }
        for (vi, (_, needle)) in variants.iter().enumerate() {
            let (lead, word) = anchor(needle)?;
            let (t, mask) = tail(needle, lead + word.len());
            grouped
                .entry(word)
                .or_default()
                .push((Anchored::Variant { vi, lead }, t, mask));
        }
        let mut w = WordStarts {
            buckets: vec![(0, 0); 256 * LEN_BUCKETS],
            short: PackedTable::default(),
            short_lens: vec![0; 256],
            anchors: Vec::new(),
            entries: Vec::new(),
            exact: exact.iter().map(|n| n.to_string()).collect(),
            periods: variants
                .iter()
                .map(|(_, n)| periods(n.as_bytes()))
                .collect(),
        };
        // Anchors ordered by bucket, so that each bucket is a range.
        let mut grouped: Vec<(&str, Vec<Entry>)> = grouped.into_iter().collect();
        grouped.sort_by_key(|(word, _)| {
            bucket(word.as_bytes().first().copied().unwrap_or(0), word.len())
        });
        for (word, entries) in grouped {
            let from = w.entries.len();
            w.entries.extend(entries);
            let key = bucket(word.as_bytes().first().copied().unwrap_or(0), word.len());
            let at = w.anchors.len();
            w.anchors.push((
                pack(word.as_bytes()),
                word.to_string(),
                from,
                w.entries.len(),
            ));
            if let Some(r) = w.buckets.get_mut(key) {
                *r = if r.0 == r.1 {
                    (at, at + 1)
                } else {
                    (r.0, at + 1)
                };
            }
        }
        let short: Vec<(u64, usize, usize)> = w
            .anchors
            .iter()
            .filter_map(|(key, _, from, to)| Some(((*key)?, *from, *to)))
            .collect();
        for &(key, _, _) in &short {
            let first = usize::from(key.to_le_bytes()[0]);
            let len = 8 - key.leading_zeros() as usize / 8;
            if let Some(lens) = w.short_lens.get_mut(first) {
                *lens |= 1 << len;
            }
        }
        w.short = PackedTable::build(short.into_iter().map(|(key, from, to)| (key, (from, to))));
        Some(w)
    }

    /// The range of `entries` anchored on the word `b[p..i]`, if it is an anchor.
    #[inline(always)]
    fn lookup(&self, b: &[u8], p: usize, i: usize) -> Option<(usize, usize)> {
        if i - p > 8 {
            return self.lookup_by_bucket(b, p, i);
        }
        let first = usize::from(b.get(p).copied().unwrap_or(0));
        if self
            .short_lens
            .get(first)
            .is_none_or(|lens| lens & (1 << (i - p)) == 0)
        {
            return None;
        }
        // `pack(&b[p..i])`, from one load.
        self.short.get(load8(b, p) & low_mask(i - p))
    }

    /// [`Self::lookup`] through the buckets, for any length (the only way for words of more
    /// than eight bytes).
    fn lookup_by_bucket(&self, b: &[u8], p: usize, i: usize) -> Option<(usize, usize)> {
        let first = b.get(p).copied().unwrap_or(0);
        let &(from, to) = self.buckets.get(bucket(first, i - p))?;
        if from == to {
            return None;
        }
        let w = b.get(p..i)?;
        let key = pack(w);
        self.anchors
            .get(from..to)?
            .iter()
            .find(|(k, a, _, _)| match (k, key) {
                (Some(k), Some(key)) => *k == key,
                _ => a.as_bytes() == w,
            })
            .map(|&(_, _, from, to)| (from, to))
    }

    /// The occurrences the automata of [`PhraseMatcher::find`] report that can be kept:
    /// exact ones as (start, needle, end) when `exact` is set, and, when `variants` (the
    /// matcher's) is given, the lost-letter ones `find` does not skip as (variant, start).
    fn occurrences(
        &self,
        lower: &str,
        exact: bool,
        variants: Option<&[(usize, String)]>,
        exact_out: &mut Vec<(usize, usize, usize)>,
        variant_out: &mut Vec<(usize, usize)>,
    ) {
        let b = lower.as_bytes();
        // Per variant found so far: (its last occurrence, end of the last one not skipped).
        let mut replay: Vec<(usize, usize, usize)> = Vec::new();
        let mut chain: Vec<usize> = Vec::new();
        scan_words(lower, |p, i| {
            let Some((e_from, e_to)) = self.lookup(b, p, i) else {
                return;
            };
            // The text after the word, for the needles' tails: a needle whose tail differs
            // from it does not occur here.
            let after = load8(b, i);
            for &(entry, tail, mask) in self.entries.get(e_from..e_to).unwrap_or(&[]) {
                if after & mask != tail {
                    continue;
                }
                match entry {
                    Anchored::Exact(id) => {
                        let Some(needle) = self.exact.get(id).filter(|_| exact) else {
                            continue;
                        };
                        let end = p + needle.len();
                        if b.get(p..end) == Some(needle.as_bytes()) {
                            exact_out.push((p, id, end));
                        }
                    }
                    Anchored::Variant { vi, lead } => {
                        let Some(((_, needle), s)) =
                            variants.and_then(|v| v.get(vi)).zip(p.checked_sub(lead))
                        else {
                            continue;
                        };
                        let needle = needle.as_bytes();
                        let occurs = |x: usize| b.get(x..x + needle.len()) == Some(needle);
                        if !occurs(s) {
                            continue;
                        }
                        let periods = self.periods.get(vi).map_or(&[][..], Vec::as_slice);
                        let last = replay.iter().position(|r| r.0 == vi);
                        // Walk back through the occurrences overlapping one another, to the
                        // last one already replayed or to the first of the chain.
                        chain.clear();
                        chain.push(s);
                        let mut end = 0;
                        let mut cur = s;
                        while let Some(x) = periods
                            .iter()
                            .filter_map(|d| cur.checked_sub(*d))
                            .find(|&x| occurs(x))
                        {
                            if let Some(r) = last.and_then(|k| replay.get(k)).filter(|r| x <= r.1) {
                                end = r.2;
                                break;
                            }
                            chain.push(x);
                            cur = x;
                        }
                        // Replay the skipping: an occurrence starting before the end of the
                        // last unskipped one is skipped.
                        let mut kept = false;
                        for &x in chain.iter().rev() {
                            kept = x >= end;
                            if kept {
                                end = x + needle.len();
                            }
                        }
                        match last.and_then(|k| replay.get_mut(k)) {
                            Some(r) => *r = (vi, s, end),
                            None => replay.push((vi, s, end)),
                        }
                        if kept {
                            variant_out.push((vi, s));
                        }
                    }
                }
            }
        });
    }
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
            word_starts: None,
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
        m.word_starts = WordStarts::new(&exact, &m.variants);
        // The automata took more to build than a check of a long report (they are the
        // fallback only). They could fail to build beyond aho-corasick's limits (millions of
        // states) and then found nothing; the word scan has no such limit.
        if m.word_starts.is_none() {
            m.exact_searcher = build(exact.iter().map(|p| p.as_bytes()).collect());
            m.variant_searcher = build(m.variants.iter().map(|(_, v)| v.as_bytes()).collect());
        }
        m
    }

    /// The matcher with the automata and without the word scan (the search as it was).
    #[cfg(test)]
    fn automata_only(&self) -> Self {
        let mut m = self.clone();
        if m.word_starts.take().is_some() {
            let build = |patterns: Vec<&[u8]>| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::Standard)
                    .build(patterns)
                    .ok()
            };
            let mut exact: Vec<&str> = Vec::new();
            for ids in &m.exact_ids {
                if let Some((_, p)) = ids.first().and_then(|&pi| m.phrases.get(pi)) {
                    exact.push(p);
                }
            }
            m.exact_searcher = build(exact.iter().map(|p| p.as_bytes()).collect());
            m.variant_searcher = build(m.variants.iter().map(|(_, v)| v.as_bytes()).collect());
        }
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
        // Not `vec![Vec::new(); n]`, which clones an empty vector into each list.
        let mut hits: Vec<Vec<Hit>> = std::iter::repeat_with(Vec::new).take(self.lists).collect();
        let bytes = lower.as_bytes();
        let scan = self.word_starts.as_ref();
        let want_exact = scan.is_some() || self.exact_searcher.is_some();
        let want_variants =
            tolerate_lost_letters && (scan.is_some() || self.variant_searcher.is_some());
        // Occurrences: exact (start, needle, end), variants (variant, start).
        let mut exact: Vec<(usize, usize, usize)> = Vec::new();
        let mut variant: Vec<(usize, usize)> = Vec::new();
        match scan {
            Some(ws) => ws.occurrences(
                lower,
                want_exact,
                want_variants.then_some(self.variants.as_slice()),
                &mut exact,
                &mut variant,
            ),
            None => {
                if let Some(searcher) = &self.exact_searcher {
                    exact.extend(
                        searcher
                            .find_overlapping_iter(bytes)
                            .map(|m| (m.start(), m.pattern().as_usize(), m.end())),
                    );
                }
                if let (true, Some(searcher)) = (want_variants, &self.variant_searcher) {
                    variant.extend(
                        searcher
                            .find_overlapping_iter(bytes)
                            .map(|m| (m.pattern().as_usize(), m.start())),
                    );
                }
            }
        }
        if want_exact {
            // In text order, and at one place in the order of the lists.
            let mut found: Vec<(usize, usize, usize)> = Vec::with_capacity(exact.len());
            for (s, id, e) in exact {
                // A UTF-8 needle matches only on char boundaries of UTF-8 text.
                if !at_boundaries(lower, s, e) {
                    continue;
                }
                for &pi in self.exact_ids.get(id).into_iter().flatten() {
                    found.push((s, pi, e));
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
        if want_variants {
            // Per variant, in text order, each match starting at or after the end of the
            // variant's previous match: the leftmost non-overlapping matches of one search per
            // variant, as hits were found before the single automaton.
            let mut found = variant;
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
        // In place: a `map(..).collect()` over the lists costs a pass and a check of its own.
        for h in &mut hits {
            keep_longest_first(h);
        }
        hits
    }
}

/// [`keep_longest_first`] by value.
#[cfg(test)]
fn longest_first(mut hits: Vec<Hit>) -> Vec<Hit> {
    keep_longest_first(&mut hits);
    hits
}

/// Keeps the longest hit at each start and drops hits overlapping an earlier kept one.
fn keep_longest_first(hits: &mut Vec<Hit>) {
    if hits.len() < 2 {
        return;
    }
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
    // In place: `retain` visits the hits in order, so `end` is the end of the last kept one.
    let mut end: Option<u32> = None;
    hits.retain(|h| {
        if end.is_some_and(|e| h.span.start < e) {
            return false;
        }
        end = Some(h.span.end);
        true
    });
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
    crate::ast::TokenKinds::of_kind(&t.kind).any(crate::ast::TokenKinds::FIGURE)
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
            prop_assert!(m.word_starts.is_some());
            static AUTOMATA: std::sync::OnceLock<PhraseMatcher> = std::sync::OnceLock::new();
            let automata = AUTOMATA.get_or_init(|| m.automata_only());
            let found = m.find(&text, &lower, 5, tolerate);
            prop_assert_eq!(&found, &find_by_scan(m, &text, &lower, 5, tolerate));
            prop_assert_eq!(&found, &automata.find(&text, &lower, 5, tolerate));
        }

        /// Made-up keyword lists over a few letters, so that lost-letter variants overlap
        /// themselves (`ab ab ab` with a letter lost) and chains of overlapping occurrences
        /// stand at word starts: the word scan must skip exactly what the automata skip.
        #[test]
        fn word_scan_finds_what_the_automata_find(
            lists in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::collection::vec(
                        proptest::sample::select(vec!["ab", "ba", "a", "b", "aba", "đa", "aạ", "1"]),
                        1..5,
                    ),
                    1..4,
                ),
                1..4,
            ),
            picks in proptest::collection::vec((0..4u8, any::<usize>()), 0..24),
            tolerate in any::<bool>(),
        ) {
            let lists: Vec<Vec<String>> = lists
                .iter()
                .map(|l| l.iter().map(|words| words.join(" ")).collect())
                .collect();
            let refs: Vec<&[String]> = lists.iter().map(Vec::as_slice).collect();
            let m = PhraseMatcher::new(&refs);
            prop_assert!(m.word_starts.is_some());
            // Filler, whole phrases, lost-letter variants, and a variant cut at its first
            // period, so that the next variant overlaps it (a chain of occurrences).
            let filler = ["a", "b", "ab", "ba", "đa", "1", " ", "  ", ",", "-"];
            let mut text = String::new();
            for (kind, i) in picks {
                let variant = m.variants.get(i % m.variants.len().max(1)).map(|(_, v)| v.as_str());
                let piece = match (kind, variant) {
                    (1, _) => m.phrases.get(i % m.phrases.len().max(1)).map_or("", |(_, p)| p),
                    (2, Some(v)) => v,
                    (3, Some(v)) => periods(v.as_bytes())
                        .first()
                        .and_then(|&d| v.get(..d))
                        .unwrap_or(v),
                    _ => filler[i % filler.len()],
                };
                text.push_str(piece);
            }
            let lower = crate::chars::lower_same_len(&text);
            let found = m.find(&text, &lower, 0, tolerate);
            prop_assert_eq!(&found, &m.automata_only().find(&text, &lower, 0, tolerate));
            prop_assert_eq!(&found, &find_by_scan(&m, &text, &lower, 0, tolerate));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The byte-class word scan finds the same runs of word chars as the char-by-char
        /// scan, on text mixing ASCII, Vietnamese letters (precomposed and NFD), the
        /// Latin-1 signs that are no letters (`×`, `÷`), other scripts, superscripts, dashes
        /// and quotes, digits and punctuation.
        #[test]
        fn byte_scan_finds_the_words_of_the_char_scan(
            chars in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(vec![
                        'a', 'Z', '0', '9', ' ', ',', '.', '/', '\t', '\n', '-', '%', '(',
                        'đ', 'Đ', 'ạ', 'ế', 'ộ', 'ư', 'ơ', 'à', 'Ý', 'ă', 'ƣ', 'ǅ',
                        '×', '÷', '\u{300}', '\u{301}', '\u{323}', '²', '³', '⁽', '–', '…',
                        '“', '”', '\u{a0}', 'Ω', 'ж', 'ک', '中', '😀', 'ᴀ', '\u{1dc0}',
                        '\u{1e00}', '\u{1eff}', '\u{1f00}', 'ÿ', '\u{c0}', '\u{24f}', '\u{250}',
                    ]),
                    any::<char>(),
                ],
                0..40,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            let mut fast = Vec::new();
            scan_words(&text, |p, i| fast.push((p, i)));
            let mut slow = Vec::new();
            scan_words_by_width(&text, |p, i| slow.push((p, i)));
            prop_assert_eq!(fast, slow);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The hashed lookup of short words finds the anchors the buckets find: the
        /// lexicon's anchors, as they are, cut, lengthened or with another first letter,
        /// followed by more text (which the packed load reads and must mask off).
        #[test]
        fn hashed_lookup_finds_what_the_buckets_find(
            pick in any::<usize>(),
            how in 0..5u8,
            after in proptest::sample::select(vec!["", " ", " đạt", "x", "ạt 1", "\u{300}abc"]),
        ) {
            let lex = crate::lexicon::Lexicon::builtin();
            let ws = lex.claim_phrases.word_starts.as_ref();
            prop_assert!(ws.is_some());
            let Some(ws) = ws else { return Ok(()) };
            let anchors: Vec<&str> = ws.anchors.iter().map(|a| a.1.as_str()).collect();
            let word = anchors[pick % anchors.len()];
            let word = match how {
                0 => word.to_string(),
                1 => word.chars().skip(1).collect(),
                2 => {
                    let mut w: String = word.chars().collect();
                    w.pop();
                    w
                }
                3 => format!("{word}a"),
                _ => format!("đ{word}"),
            };
            let text = format!("{word}{after}");
            let (b, i) = (text.as_bytes(), word.len());
            prop_assert_eq!(ws.lookup(b, 0, i), ws.lookup_by_bucket(b, 0, i), "{:?}", text);
            if how == 0 {
                prop_assert!(ws.lookup(b, 0, i).is_some());
            }
        }
    }

    /// Chains of three and more overlapping occurrences of a variant (`v` cut at its period
    /// `d`, repeated, then `v`): the occurrences at word starts inside the chain are skipped
    /// or kept as the automata skip them, also when the chain is met again at its next word.
    #[test]
    fn overlapping_variant_chains_skip_as_the_automata_do() {
        let phrases: Vec<String> = [
            "aba a aba",
            "ab ab ab ab",
            "a a a a a a",
            "aa aa aa",
            "aba aba aba",
        ]
        .map(String::from)
        .to_vec();
        let m = PhraseMatcher::new(&[&phrases]);
        assert!(m.word_starts.is_some());
        let automata = m.automata_only();
        let mut chains = 0;
        for (_, v) in &m.variants {
            for &d in &periods(v.as_bytes()) {
                let Some(cut) = v.get(..d) else { continue };
                for reps in 1..5 {
                    for (before, after) in [("", ""), (" ", " "), ("x ", ""), ("", "a")] {
                        let text = format!("{before}{}{v}{after}", cut.repeat(reps));
                        let lower = crate::chars::lower_same_len(&text);
                        assert_eq!(
                            m.find(&text, &lower, 0, true),
                            automata.find(&text, &lower, 0, true),
                            "{text:?}"
                        );
                        chains += 1;
                    }
                }
            }
        }
        assert!(chains > 100, "{chains}");
    }
}
