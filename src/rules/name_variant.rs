//! # name-variant
//!
//! ## What it does
//! Finds a proper name spelled with different tone or vowel marks in one document
//! (`Kè Sắt`, `Kê Sặt`, `Kẽ Sắt`, `Kẽ Sặt`). Names are compared with their marks removed;
//! when one name is written two or more ways, the rule reports the group once, with how often
//! each spelling occurs, labels the first occurrence of each, and suggests the most frequent.
//!
//! ## Why it matters
//! The name of a commune, a village or a unit is what the report is about; three spellings
//! make a reader wonder whether three places are meant, and a search for one misses the
//! others. Old- and new-style tone placement (`Hoà` / `Hòa`) is the same kind of
//! inconsistency in a name and is reported the same way.
//!
//! ## Example
//! ```text
//! Đến nay đã có 03 thôn đạt chuẩn, gồm: thôn Hòa Lạc, thôn Phú Xuân, thôn Tân Lập.
//! Cải tạo kênh tiêu thôn Hoà Lạc và thôn Phú Xuân.
//! ```
//! is reported: `Hòa Lạc` (1) and `Hoà Lạc` (1) are one name; `Hòa Lạc` comes first.
//!
//! ## Known limits
//! - Only names are compared, never ordinary words (`ma` / `mà`): a name is either the
//!   capitalised words after a place or unit noun (`xã`, `thôn`, `tổ dân phố`, `công ty` …;
//!   the list is `place_nouns` in `rules/keywords.toml`, matched in any case), or a run of two
//!   or more capitalised words. The first word of a sentence is capitalised anyway, so it is
//!   dropped from a run that starts a sentence (`Các Phó Chủ tịch` gives nothing;
//!   `Thôn My Thử` gives `My Thử` through the noun). Words in capitals (`UBND`, `KÈ SẮT`) are
//!   not read: headings and acronyms.
//! - Marks removed: the five tones, the vowel marks of `ă â ê ô ơ ư`, and the stroke of `đ`
//!   (a dropped stroke, `Dông` for `Đông`, is a common typing slip). Case is ignored, so
//!   `Thôn` / `thôn` never differ. Two real, different places whose names differ only in
//!   marks (`Vĩnh Hưng` and `Vĩnh Hùng`) would be reported: a warning, to be confirmed by the
//!   writer.
//! - On a tie the spelling met first is suggested. The fix (not safe: only the writer knows
//!   the right spelling) rewrites the other spellings to the suggested one.

use super::{Context, Rule, RuleMeta};
use crate::chars;
use crate::diagnostic::{Diagnostic, Fix, Message, Severity};
use crate::span::Span;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

pub struct NameVariant;

static META: RuleMeta = RuleMeta {
    id: "name-variant",
    default_severity: Severity::Warning,
    summary: "a proper name written with different tone or vowel marks in one document",
    source: include_str!("name_variant.rs"),
};

/// A word of a block: its byte range in the logical text, and whether the text before it
/// ends a sentence.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    sentence_start: bool,
    /// Only spaces separate it from the previous word (typed drafts often have two).
    joined: bool,
    /// See [`capitalised`].
    cap: bool,
    /// This word or one of the next `reach` words (see [`words`]) is capitalised.
    near_cap: bool,
}

/// Removes tone and vowel marks and the stroke of `đ`, and lowercases.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text[start..end]`, into `out` (cleared first; one buffer serves every block).
/// A byte loop: it runs over every byte of a report. `reach` sets [`Word::near_cap`].
fn words(text: &str, start: usize, end: usize, reach: usize, out: &mut Vec<Word>) {
    out.clear();
    let Some(s) = text.get(start..end) else {
        return;
    };
    let bytes = s.as_bytes();
    // End of the previous word: where the gap before the next one starts.
    let mut gap_start = 0;
    let mut i = 0;
    while let Some((width, letter)) = chars::letter_at(s, i) {
        if !letter {
            i += width;
            continue;
        }
        let ws = i;
        i += width;
        while let Some((width, true)) = chars::letter_at(s, i) {
            i += width;
        }
        let gap = bytes.get(gap_start..ws).unwrap_or_default();
        out.push(Word {
            start: start + ws,
            end: start + i,
            sentence_start: out.is_empty() || ends_sentence(gap),
            joined: !gap.is_empty() && gap.iter().all(|&b| b == b' '),
            cap: capitalised(s.get(ws..i).unwrap_or("")),
            near_cap: false,
        });
        gap_start = i;
    }
    // Backwards: the index of the nearest capitalised word at or after each word.
    let mut next_cap: Option<usize> = None;
    for (k, w) in out.iter_mut().enumerate().rev() {
        if w.cap {
            next_cap = Some(k);
        }
        w.near_cap = next_cap.is_some_and(|c| c - k <= reach);
    }
}

/// The gap between two words holds a sentence or clause end: `. ! ? : ;`, a line break, a
/// tab or `…`.
fn ends_sentence(gap: &[u8]) -> bool {
    gap.iter().enumerate().any(|(k, &b)| {
        matches!(b, b'.' | b'!' | b'?' | b':' | b';' | b'\n' | b'\t')
            || (b == 0xE2 && gap.get(k + 1..k + 3) == Some(&[0x80, 0xA6]))
    })
}

fn capitalised(w: &str) -> bool {
    let mut cs = w.chars();
    let Some(first) = cs.next() else {
        return false;
    };
    // All-capital words are headings and acronyms (UBND, KÈ SẮT), not names.
    chars::is_upper(first) && !cs.clone().any(chars::is_upper) && cs.next().is_some()
}

struct Occurrence {
    span: Span,
    /// Lowercase NFC spelling: what distinguishes variants.
    spelling: String,
}

/// Place nouns as lowercase word lists keyed by their first word, longest first.
#[derive(Default)]
struct PlaceNouns {
    by_first: rustc_hash::FxHashMap<String, Vec<Vec<String>>>,
    /// Words in the longest noun.
    longest: usize,
}

fn place_nouns(cx: &Context<'_>) -> PlaceNouns {
    let mut nouns = PlaceNouns::default();
    for n in &cx.lex.keywords.place_nouns {
        let words: Vec<String> = n.split(' ').map(str::to_string).collect();
        nouns.longest = nouns.longest.max(words.len());
        if let Some(first) = words.first() {
            nouns.by_first.entry(first.clone()).or_default().push(words);
        }
    }
    for v in nouns.by_first.values_mut() {
        v.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }
    nouns
}

/// Number of words of the place noun starting at word `i`, if any. `lower` is the
/// lowercased text (same byte offsets as the text).
#[inline]
fn noun_at(ws: &[Word], lower: &str, i: usize, nouns: &PlaceNouns) -> Option<usize> {
    // A noun matters only when it or the word after it is capitalised: otherwise stepping
    // over its words one by one ends in the same place. Most words are lowercase, so this
    // spares the lookup.
    if !ws.get(i)?.near_cap {
        return None;
    }
    let word = |w: &Word| lower.get(w.start..w.end).unwrap_or("");
    let candidates = nouns.by_first.get(word(ws.get(i)?))?;
    'n: for n in candidates {
        for (k, part) in n.iter().enumerate().skip(1) {
            let Some(w) = ws.get(i + k) else {
                continue 'n;
            };
            if !w.joined || word(w) != part {
                continue 'n;
            }
        }
        return Some(n.len());
    }
    None
}

fn names_in_block(
    text: &str,
    lower: &str,
    ws: &[Word],
    nouns: &PlaceNouns,
    out: &mut Vec<Occurrence>,
) {
    let cap = |w: &Word| w.cap;
    let mut i = 0;
    while i < ws.len() {
        // A place noun: the capitalised words right after it are a name.
        if let Some(n) = noun_at(ws, lower, i, nouns) {
            let mut j = i + n;
            let first = j;
            while let Some(w) = ws.get(j) {
                if !w.joined || w.sentence_start || !cap(w) {
                    break;
                }
                j += 1;
            }
            if j > first {
                push_name(text, &ws[first..j], out);
                i = j;
            } else {
                i += n;
            }
            continue;
        }
        let Some(w) = ws.get(i) else { break };
        if !cap(w) {
            i += 1;
            continue;
        }
        // A run of capitalised words joined by single spaces.
        let mut j = i + 1;
        while let Some(w) = ws.get(j) {
            if !w.joined || w.sentence_start || !cap(w) {
                break;
            }
            // A place noun inside the run starts its own name.
            if noun_at(ws, lower, j, nouns).is_some() {
                break;
            }
            j += 1;
        }
        let mut s = i;
        if w.sentence_start {
            s += 1;
        }
        if j >= s + 2 {
            push_name(text, &ws[s..j], out);
        }
        i = j;
    }
}

fn push_name(text: &str, ws: &[Word], out: &mut Vec<Occurrence>) {
    let (Some(a), Some(b)) = (ws.first(), ws.last()) else {
        return;
    };
    let Some(t) = text.get(a.start..b.end) else {
        return;
    };
    out.push(Occurrence {
        span: Span::new(a.start, b.end),
        spelling: chars::lower_same_len(t),
    });
}

/// One spelling of a name: how often, where first, and every place.
struct Variant {
    spelling: String,
    display: String,
    spans: Vec<Span>,
}

impl Rule for NameVariant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let nouns = place_nouns(cx);
        let lower = cx.lower;
        let mut occ = Vec::new();
        let mut ws = Vec::new();
        for b in &cx.doc.blocks {
            let (start, end) = (b.content.start as usize, b.content.end as usize);
            words(cx.text, start, end, nouns.longest, &mut ws);
            names_in_block(cx.text, lower, &ws, &nouns, &mut occ);
        }
        // Group by folded key, in order of first appearance.
        let mut groups: Vec<Vec<Variant>> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for o in occ {
            let key = fold(&o.spelling);
            let gi = *by_key.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            let Some(g) = groups.get_mut(gi) else {
                continue;
            };
            match g.iter_mut().find(|v| v.spelling == o.spelling) {
                Some(v) => v.spans.push(o.span),
                None => g.push(Variant {
                    display: cx.text.get(o.span.range()).unwrap_or("").to_string(),
                    spelling: o.spelling,
                    spans: vec![o.span],
                }),
            }
        }
        for g in groups.iter().filter(|g| g.len() > 1) {
            out.push(finding(g));
        }
    }
}

fn finding(g: &[Variant]) -> Diagnostic {
    // Most frequent; on a tie the first met (variants are in order of first appearance).
    let mut best = 0;
    for (i, v) in g.iter().enumerate() {
        if g.get(best).is_some_and(|b| v.spans.len() > b.spans.len()) {
            best = i;
        }
    }
    let suggest = g.get(best).map(|v| v.display.clone()).unwrap_or_default();
    let mut order: Vec<&Variant> = g.iter().collect();
    // Listed by frequency, then first appearance.
    order.sort_by_key(|v| (std::cmp::Reverse(v.spans.len()), v.spans.first().copied()));
    let list = order
        .iter()
        .map(|v| format!("“{}” ({})", v.display, v.spans.len()))
        .collect::<Vec<_>>()
        .join(", ");
    let primary = g
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .filter_map(|(_, v)| v.spans.first().copied())
        .min()
        .unwrap_or_default();
    let mut d = Diagnostic::new(
        META.id,
        META.default_severity,
        primary,
        Message::new("name-variant.message")
            .arg("name", &suggest)
            .arg("n", g.len())
            .arg("variants", &list),
    )
    .with_help(Message::new("name-variant.help").arg("name", &suggest));
    let mut firsts: Vec<(Span, &Variant)> = g
        .iter()
        .filter_map(|v| v.spans.first().map(|s| (*s, v)))
        .collect();
    firsts.sort_by_key(|f| f.0);
    for (s, v) in firsts {
        d = d.with_label(
            s,
            Message::new("name-variant.label")
                .arg("name", &v.display)
                .arg("count", v.spans.len()),
        );
    }
    for (i, v) in g.iter().enumerate() {
        if i == best {
            continue;
        }
        for s in &v.spans {
            d = d.with_fix(Fix::new(*s, suggest.clone(), false));
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_tones_vowel_marks_and_stroke() {
        assert_eq!(fold("Kè Sắt"), "ke sat");
        assert_eq!(fold("Kẽ Sặt"), "ke sat");
        assert_eq!(fold("Hoà Lạc"), fold("Hòa Lạc"));
        assert_eq!(fold("Đông"), "dong");
        assert_eq!(fold("Ưng"), "ung");
    }

    #[test]
    fn capitalised_words() {
        assert!(capitalised("Kè"));
        assert!(capitalised("Đông"));
        assert!(!capitalised("UBND"));
        assert!(!capitalised("KÈ"));
        assert!(!capitalised("thôn"));
        assert!(!capitalised("A"));
    }

    #[test]
    fn words_know_sentence_starts_and_single_spaces() {
        let t = "- Thôn My Thử; xã  Kè Sắt.";
        let mut ws = Vec::new();
        words(t, 0, t.len(), 3, &mut ws);
        let got: Vec<(&str, bool, bool)> = ws
            .iter()
            .map(|w| (&t[w.start..w.end], w.sentence_start, w.joined))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Thôn", true, false),
                ("My", false, true),
                ("Thử", false, true),
                ("xã", true, false),
                ("Kè", false, true),
                ("Sắt", false, true),
            ]
        );
    }
}
