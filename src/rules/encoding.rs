//! # encoding
//!
//! ## What it does
//! Reports text damaged at the character level, one finding per kind per document, with the
//! number of places and the first five labelled:
//! - **legacy code points**: `ƣ` (U+01A3) / `Ƣ` (U+01A2) written by old fonts and PDF
//!   extraction where `ư` / `Ư` is meant (`phƣờng`);
//! - **non-NFC text**: letters written as a base letter plus combining marks (NFD), alone or
//!   mixed with precomposed (NFC) text;
//! - **U+FFFD** (`�`): a character lost when the file was converted;
//! - **TCVN3 / VNI mojibake**: Vietnamese typed in a legacy 8-bit font and read as Latin-1
//!   (`Céng hoµ x· héi`, `Coäng hoøa`), recognised by the signatures in `rules/encoding.toml`;
//! - **numbers broken by extraction**, in a document whose extraction lost letters: a group of
//!   1–3 digits, one space, and 1–2 digits glued to `%` or followed by a measurement unit
//!   (`10 75%` was `10,75%`, `5 39 ha` was `5,39 ha`).
//!
//! ## Why it matters
//! `phƣờng` and `phường` look alike on screen but are different strings: search, sorting,
//! copy into a database and every keyword this linter reads miss the legacy spelling. NFD and
//! NFC forms of one word differ the same way. A `�` or a mojibake word is text the reader
//! cannot read, and a broken number is a figure no one can quote.
//!
//! ## Example
//! ```text
//! Kiểm điểm công tác chỉ đạo, điều hành của UBND phƣờng năm 2025; phƣơng hƣớng năm 2026
//! ```
//! is reported once: `Văn bản có 3 ký tự mã cũ “ƣ”/“Ƣ” …`, each `ƣ` labelled, with a safe fix
//! replacing each by `ư`.
//!
//! ## Known limits
//! - Severity: **error** for `�` (a character is certainly gone and must be retyped from the
//!   original); **warning** for the others (the text is still readable, or, for broken
//!   numbers and mojibake, the reading is a likelihood, not a certainty).
//! - Fixes: legacy code points and NFD runs get a **safe** fix per place. The analysed text
//!   is already NFC with `ƣ` mapped, so each fix carries `source_range`, the range of the
//!   decoded source it replaces, and a replacement computed from the original characters.
//!   NFD runs on one line share one fix; a legacy letter inside that line's range is fixed
//!   by it, so fixes never overlap.
//!   Mojibake, `�` and broken numbers get no fix: the original is not certain.
//! - Mojibake needs at least three words (two different) matching the signatures, so one
//!   foreign name (`Müller`) stays silent; a word ending in its only signature character
//!   (`x·` = `xã`) is not counted. The table named is TCVN3 when any TCVN3-only character is
//!   seen, else VNI.
//! - Broken numbers are only looked for when the layout found lost letters (`letter_loss`).
//!   A second group of three digits is read as thousands grouping (`1 500 ha`) and skipped;
//!   so is a number after a label noun (`thôn 5 12 ha`). Counts followed by a count noun
//!   (`2 15 hộ`) are not read.

use super::{Context, Rule, RuleMeta};
use crate::ast::Dimension;
use crate::chars;
use crate::diagnostic::{Diagnostic, Fix, Message, Severity};
use crate::lexicon::Lexicon;
use crate::span::Span;
use serde::Deserialize;
use std::ops::Range;
use std::sync::OnceLock;

pub struct Encoding;

static META: RuleMeta = RuleMeta {
    id: "encoding",
    default_severity: Severity::Warning,
    summary:
        "legacy code points, NFD text, U+FFFD, TCVN3/VNI mojibake and numbers broken by extraction",
    source: include_str!("encoding.rs"),
};

/// How many places of one kind are labelled.
const MAX_LABELS: usize = 5;

const ENCODING_TOML: &str = include_str!("../../rules/encoding.toml");

#[derive(Debug, Default, Deserialize)]
struct Signatures {
    tcvn3: Tcvn3,
    vni: Vni,
    min_words: usize,
}

#[derive(Debug, Default, Deserialize)]
struct Tcvn3 {
    inner: Vec<String>,
    initial: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Vni {
    after_letter: Vec<String>,
    initial: Vec<String>,
}

/// The signature sets as chars.
#[derive(Debug, Default)]
struct Sig {
    tcvn3_inner: Vec<char>,
    tcvn3_initial: Vec<char>,
    vni_after: Vec<char>,
    vni_initial: Vec<char>,
    min_words: usize,
    /// Code points below 256 that are in any list above: the byte scan's first test.
    latin1: [u64; 4],
}

impl Sig {
    fn latin1_has(&self, code: usize) -> bool {
        self.latin1
            .get(code / 64)
            .is_some_and(|w| w & (1u64 << (code % 64)) != 0)
    }
}

fn sig_chars(v: &[String]) -> Vec<char> {
    v.iter().filter_map(|s| s.chars().next()).collect()
}

fn sig() -> &'static Sig {
    static SIG: OnceLock<Sig> = OnceLock::new();
    SIG.get_or_init(|| {
        // Embedded data, checked by a unit test; an empty set only loses recall.
        let s: Signatures = toml::from_str(ENCODING_TOML).unwrap_or_default();
        let mut sig = Sig {
            tcvn3_inner: sig_chars(&s.tcvn3.inner),
            tcvn3_initial: sig_chars(&s.tcvn3.initial),
            vni_after: sig_chars(&s.vni.after_letter),
            vni_initial: sig_chars(&s.vni.initial),
            min_words: s.min_words.max(1),
            latin1: [0; 4],
        };
        let all = [
            &sig.tcvn3_inner,
            &sig.tcvn3_initial,
            &sig.vni_after,
            &sig.vni_initial,
        ];
        let codes: Vec<usize> = all
            .iter()
            .flat_map(|v| v.iter())
            .map(|&c| c as usize)
            .collect();
        for c in codes {
            if let Some(w) = sig.latin1.get_mut(c / 64) {
                *w |= 1u64 << (c % 64);
            }
        }
        sig
    })
}

impl Rule for Encoding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let fix_ranges = nfc_fix_ranges(cx.source, &cx.normalization.non_nfc);
        legacy(cx, &fix_ranges, out);
        non_nfc(cx, &fix_ranges, out);
        replacement_chars(cx, out);
        mojibake(cx, out);
        if cx.layout.letter_loss {
            broken_numbers(cx, out);
        }
    }
}

/// Logical span of a decoded-source range.
fn logical(cx: &Context<'_>, r: Range<usize>) -> Option<Span> {
    cx.from_source
        .map_range(r)
        .map(|l| Span::new(l.start, l.end))
}

/// The original text with legacy code points mapped and NFC applied.
fn repaired(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.chars()
        .map(|c| match c {
            '\u{01A3}' => '\u{01B0}',
            '\u{01A2}' => '\u{01AF}',
            c => c,
        })
        .nfc()
        .collect()
}

fn inside(r: &Range<usize>, runs: &[Range<usize>]) -> bool {
    let i = runs.partition_point(|x| x.end <= r.start);
    runs.get(i)
        .is_some_and(|x| x.start <= r.start && r.end <= x.end)
}

/// One finding over `places` (decoded-source ranges), the first labelled.
fn source_finding(
    cx: &Context<'_>,
    places: &[Range<usize>],
    count: usize,
    kind: &str,
    severity: Severity,
    label: impl Fn(&str) -> Message,
    fix: impl Fn(&Range<usize>) -> Option<String>,
) -> Option<Diagnostic> {
    let first = places.iter().find_map(|r| logical(cx, r.clone()))?;
    let mut d = Diagnostic::new(
        META.id,
        severity,
        first,
        Message::new(format!("encoding.{kind}.message")).arg("count", count),
    )
    .with_help(Message::new(format!("encoding.{kind}.help")));
    let mut labelled = 0;
    for r in places {
        let Some(span) = logical(cx, r.clone()) else {
            continue;
        };
        let seen = cx.source.get(r.clone()).unwrap_or_default();
        if labelled < MAX_LABELS {
            d = d.with_label(span, label(seen));
            labelled += 1;
        }
        if let Some(replacement) = fix(r) {
            d = d.with_fix(Fix {
                span,
                replacement,
                safe: true,
                source_range: Some(r.clone()),
            });
        }
    }
    Some(d)
}

fn legacy(cx: &Context<'_>, nfc_fixes: &[Range<usize>], out: &mut Vec<Diagnostic>) {
    let facts = cx.normalization;
    if facts.legacy.is_empty() {
        return;
    }
    // One place per legacy char (adjacent ones were merged into one range).
    let mut places = Vec::new();
    for r in &facts.legacy {
        let Some(s) = cx.source.get(r.clone()) else {
            continue;
        };
        for (i, c) in s.char_indices() {
            places.push(r.start + i..r.start + i + c.len_utf8());
        }
    }
    let count = places.len();
    let d = source_finding(
        cx,
        &places,
        count,
        "legacy",
        Severity::Warning,
        |seen| {
            Message::new("encoding.legacy.label")
                .arg("seen", seen)
                .arg("read", repaired(seen))
        },
        // A legacy letter inside an NFD run is fixed by the run's own fix.
        |r| (!inside(r, nfc_fixes)).then(|| repaired(cx.source.get(r.clone()).unwrap_or(""))),
    );
    out.extend(d);
}

/// The non-NFC runs merged line by line: one fix per source line keeps a fully decomposed
/// document at one fix per line instead of one per letter. Text between the runs is NFC
/// already, so repairing the merged range changes only the runs (and legacy letters, which
/// are then left out of the legacy fixes).
fn nfc_fix_ranges(source: &str, runs: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in runs {
        if let Some(last) = out.last_mut() {
            let between = source.get(last.end..r.start).unwrap_or("\n");
            if !between.contains(['\n', '\r']) {
                last.end = r.end;
                continue;
            }
        }
        out.push(r.clone());
    }
    out
}

fn non_nfc(cx: &Context<'_>, fix_ranges: &[Range<usize>], out: &mut Vec<Diagnostic>) {
    let facts = cx.normalization;
    if facts.non_nfc.is_empty() {
        return;
    }
    let Some(mut d) = source_finding(
        cx,
        &facts.non_nfc,
        facts.non_nfc.len(),
        "nfc",
        Severity::Warning,
        |seen| Message::new("encoding.nfc.label").arg("read", repaired(seen)),
        |_| None,
    ) else {
        return;
    };
    for r in fix_ranges {
        let (Some(span), Some(orig)) = (logical(cx, r.clone()), cx.source.get(r.clone())) else {
            continue;
        };
        d = d.with_fix(Fix {
            span,
            replacement: repaired(orig),
            safe: true,
            source_range: Some(r.clone()),
        });
    }
    out.push(d);
}

/// Spans of the `U+FFFD` chars of `text`. Searched for as the byte string EF BF BD: a char
/// search looks for its last byte, BD, which ends `ý` and many Vietnamese letters, so it
/// stopped all over a correct document.
fn replacement_places(text: &str) -> Vec<Span> {
    static FFFD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{FFFD}"));
    let len = FFFD.needle().len();
    FFFD.find_iter(text.as_bytes())
        .map(|i| Span::new(i, i + len))
        .collect()
}

/// [`replacement_places`] of the logical `text`, skipping the search when normalisation
/// recorded no U+FFFD. Normalisation records every U+FFFD of the source
/// (`source::push_cluster`: the char is never clean, so its line is rewritten cluster by
/// cluster), and the logical text is made of the normalised text's chars (NFC creates no
/// U+FFFD; layout only drops text or adds line breaks): none recorded, none in the text.
fn replacement_spans(text: &str, facts: &crate::source::NormalizationFacts) -> Vec<Span> {
    if facts.replacement_chars.is_empty() {
        return Vec::new();
    }
    replacement_places(text)
}

fn replacement_chars(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let places = replacement_spans(cx.text, cx.normalization);
    let Some(first) = places.first() else {
        return;
    };
    let mut d = Diagnostic::new(
        META.id,
        Severity::Error,
        *first,
        Message::new("encoding.replacement.message").arg("count", places.len()),
    )
    .with_help(Message::new("encoding.replacement.help"));
    for s in places.iter().take(MAX_LABELS) {
        d = d.with_label(*s, Message::new("encoding.replacement.label"));
    }
    out.push(d);
}

// ---------------------------------------------------------------------------------------------
// Mojibake

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Tcvn3,
    Vni,
}

/// Which signatures a word shows: (TCVN3, TCVN3-only, VNI).
fn word_signature(word: &[char], sig: &Sig) -> (bool, bool, bool) {
    let is_sig = |c: char| {
        sig.tcvn3_inner.contains(&c)
            || sig.tcvn3_initial.contains(&c)
            || sig.vni_after.contains(&c)
            || sig.vni_initial.contains(&c)
    };
    let letter = |c: Option<&char>| c.is_some_and(|&c| chars::is_letter(c) || is_sig(c));
    let (mut tcvn3, mut tcvn3_only, mut vni) = (false, false, false);
    for (i, &c) in word.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| word.get(j));
        let after = word.get(i + 1);
        let vni_char = sig.vni_after.contains(&c) || sig.vni_initial.contains(&c);
        let t = (sig.tcvn3_inner.contains(&c) && letter(before) && letter(after))
            || (sig.tcvn3_initial.contains(&c) && i == 0 && letter(after));
        if t {
            tcvn3 = true;
            tcvn3_only |= !vni_char;
        }
        if (sig.vni_after.contains(&c) && letter(before))
            || (sig.vni_initial.contains(&c) && i == 0 && letter(after))
        {
            vni = true;
        }
    }
    (tcvn3, tcvn3_only, vni)
}

/// Byte-wise constants for the eight-bytes-at-a-time tests below.
const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `w` that is `C2` or `C3` (the test of the eight-byte scan,
/// kept with it as the oracle of [`signature_leads`]). The bytes of `x` that are zero are
/// those; `x - LO` sets the high bit of each zero byte, and its borrow runs on only through
/// zero bytes, setting a false high bit in a byte above them only when that byte is `01` (or
/// `80`–`FF`, masked by `!x`). With bit 0 of every byte of `x` cleared there is no `01`: exact,
/// in three operations fewer than [`lead_mask_carry_free`].
#[cfg(test)]
fn lead_mask(w: u64) -> u64 {
    let x = (w ^ (0xC2 * LO)) & !LO;
    x.wrapping_sub(LO) & !x & HI
}

/// [`lead_mask`] with no borrow between bytes: the form it replaced, kept as its oracle.
#[cfg(test)]
fn lead_mask_carry_free(w: u64) -> u64 {
    let x = (w & !LO) ^ (0xC2 * LO);
    !(((x & !HI) + !HI) | x | !HI)
}

/// Bit `k` set when byte `k` of `chunk` is `C2` or `C3`: sixteen bytes compared at once
/// ([`crate::packed::eq_bits16`]) where [`lead_mask`] took as many instructions for eight.
#[inline(always)]
fn lead_bits16(chunk: &[u8; 16]) -> u32 {
    // `C2` and `C3` differ only in the lowest bit.
    crate::packed::eq_bits16(&chunk.map(|b| b & 0xFE), &[0xC2; 16])
}

/// True when the `C2`/`C3` pair at `i` encodes a signature char.
fn is_signature_pair(bytes: &[u8], sig: &Sig, i: usize) -> bool {
    let (Some(&lead), Some(&cont)) = (bytes.get(i), bytes.get(i + 1)) else {
        return false;
    };
    sig.latin1_has((usize::from(lead & 0x1f) << 6) | usize::from(cont & 0x3f))
}

/// Offsets of the lead bytes of the signature chars in `bytes`, in order. Nearly every
/// Vietnamese Latin-1 letter (`à á â é ê ô`) is a `C3` pair, so a memchr2 stopped every few
/// bytes; sixteen bytes are tested at once instead ([`lead_bits16`]) and only the pairs found
/// are decoded.
fn signature_leads(bytes: &[u8], sig: &Sig) -> Vec<usize> {
    let mut out = Vec::new();
    let mut hit = |i: usize| {
        if is_signature_pair(bytes, sig, i) {
            out.push(i);
        }
    };
    let chunks = bytes.chunks_exact(16);
    let tail = chunks.remainder();
    let mut base = 0;
    for chunk in chunks {
        let Ok(chunk) = <&[u8; 16]>::try_from(chunk) else {
            // Never: the chunks are sixteen bytes.
            break;
        };
        let mut m = lead_bits16(chunk);
        while m != 0 {
            hit(base + m.trailing_zeros() as usize);
            m &= m - 1;
        }
        base += 16;
    }
    for (k, &b) in tail.iter().enumerate() {
        if b == 0xC2 || b == 0xC3 {
            hit(base + k);
        }
    }
    out
}

/// [`signature_leads`] eight bytes at a time with [`lead_mask`]: the scan it replaced, kept
/// as its oracle.
#[cfg(test)]
fn signature_leads_by_eight(bytes: &[u8], sig: &Sig) -> Vec<usize> {
    let mut out = Vec::new();
    let mut hit = |i: usize| {
        if is_signature_pair(bytes, sig, i) {
            out.push(i);
        }
    };
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    let mut base = 0;
    for chunk in chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mut m = lead_mask(u64::from_le_bytes(word));
        while m != 0 {
            hit(base + (m.trailing_zeros() / 8) as usize);
            m &= m - 1;
        }
        base += 8;
    }
    for (k, &b) in tail.iter().enumerate() {
        if b == 0xC2 || b == 0xC3 {
            hit(base + k);
        }
    }
    out
}

/// The words of `text` (runs of letters, digits and signature chars) that contain a
/// signature char, with their byte offsets. Every signature is a Latin-1 char (U+00A1–U+00FF,
/// two UTF-8 bytes `C2`/`C3 xx`), so only those byte pairs are looked at: correct Vietnamese
/// text is passed over without decoding a char.
fn signed_words(text: &str) -> Vec<(usize, &str)> {
    words_around(text, signature_leads(text.as_bytes(), sig()))
}

/// The words (see [`signed_words`]) around the signature chars starting at `leads`, in order;
/// a word is taken once, however many signature chars it holds.
fn words_around(text: &str, leads: impl IntoIterator<Item = usize>) -> Vec<(usize, &str)> {
    let sig = sig();
    let part = |c: char| {
        chars::is_alphanumeric(c)
            || sig.tcvn3_inner.contains(&c)
            || sig.tcvn3_initial.contains(&c)
            || sig.vni_initial.contains(&c)
    };
    let mut out = Vec::new();
    let mut covered = 0;
    for i in leads {
        if i < covered {
            continue;
        }
        let before = text.get(..i).unwrap_or("");
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| part(c))
            .last()
            .map_or(i, |(j, _)| j);
        let after = text.get(i..).unwrap_or("");
        let len = after
            .char_indices()
            .find(|&(_, c)| !part(c))
            .map_or(after.len(), |(j, _)| j);
        covered = i + len.max(1);
        if let Some(w) = text.get(start..i + len) {
            out.push((start, w));
        }
    }
    out
}

/// `signed_words` with the signature chars found as before `signature_leads`: a memchr2 stop
/// at every `C2`/`C3` byte, each pair looked up.
#[cfg(test)]
fn signed_words_oracle(text: &str) -> Vec<(usize, &str)> {
    let sig = sig();
    let bytes = text.as_bytes();
    let leads = memchr::memchr2_iter(0xC2, 0xC3, bytes).filter(|&i| {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(&lead), Some(&cont)) => {
                sig.latin1_has((usize::from(lead & 0x1f) << 6) | usize::from(cont & 0x3f))
            }
            _ => false,
        }
    });
    words_around(text, leads)
}

fn mojibake(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let sig = sig();
    let mut hits: Vec<Span> = Vec::new();
    let mut distinct: Vec<&str> = Vec::new();
    let mut any_tcvn3_only = false;
    let mut buf: Vec<char> = Vec::new();
    for (start, w) in signed_words(cx.text) {
        buf.clear();
        buf.extend(w.chars());
        let (t, t_only, v) = word_signature(&buf, sig);
        if !(t || v) {
            continue;
        }
        any_tcvn3_only |= t_only;
        hits.push(Span::new(start, start + w.len()));
        if distinct.len() < 2 && !distinct.contains(&w) {
            distinct.push(w);
        }
    }
    if hits.len() < sig.min_words || distinct.len() < 2 {
        return;
    }
    let table = if any_tcvn3_only {
        Table::Tcvn3
    } else {
        Table::Vni
    };
    let name = match table {
        Table::Tcvn3 => "TCVN3",
        Table::Vni => "VNI",
    };
    let Some(first) = hits.first() else {
        return;
    };
    let example = cx.text.get(first.range()).unwrap_or_default();
    let mut d = Diagnostic::new(
        META.id,
        Severity::Warning,
        *first,
        Message::new("encoding.mojibake.message")
            .arg("count", hits.len())
            .arg("table", name)
            .arg("example", example),
    )
    .with_help(Message::new("encoding.mojibake.help").arg("table", name));
    for s in hits.iter().take(MAX_LABELS) {
        d = d.with_label(
            *s,
            Message::new("encoding.mojibake.label").arg("table", name),
        );
    }
    out.push(d);
}

// ---------------------------------------------------------------------------------------------
// Numbers broken by extraction

/// A broken number found in the logical text: the digits-space-digits part and what follows.
#[derive(Debug, PartialEq)]
struct Broken {
    span: Span,
    guess: String,
}

fn measurement(d: Dimension) -> bool {
    matches!(
        d,
        Dimension::Percent
            | Dimension::Area
            | Dimension::Mass
            | Dimension::Volume
            | Dimension::Length
            | Dimension::Rate
    )
}

/// Length of the unit (or `%`) at the start of `rest`, after at most one space, ending at a
/// word boundary.
fn unit_after(rest: &str, lex: &Lexicon) -> Option<usize> {
    if rest.starts_with('%') {
        return Some(1);
    }
    let (skip, r) = match rest.strip_prefix(' ') {
        Some(r) => (1, r),
        None => (0, rest),
    };
    let lower = r.chars().take(12).collect::<String>().to_lowercase();
    for u in &lex.units {
        if !measurement(u.dimension) || !lower.starts_with(&u.alias) {
            continue;
        }
        let tail = lower.get(u.alias.len()..).unwrap_or("");
        if tail.chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        // Unit aliases are lowercase ASCII or NFC letters whose lowercase has the same length.
        return Some(skip + u.alias.len());
    }
    None
}

fn digits_at(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .map(|s| s.iter().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0)
}

/// The last word before byte `i`, lowercased, and the two-word phrase ending there.
fn words_before(text: &str, i: usize) -> (String, String) {
    let before = text.get(..i).unwrap_or("").trim_end();
    let mut it = before.rsplit(|c: char| c.is_whitespace());
    let w1 = it.next().unwrap_or("").to_lowercase();
    let w2 = it.next().unwrap_or("").to_lowercase();
    let two = if w2.is_empty() {
        w1.clone()
    } else {
        format!("{w2} {w1}")
    };
    (w1, two)
}

/// First offset at or after `from` holding an ASCII digit, or `b.len()`. Eight bytes are
/// tested at once: most of a document is not digits, and the scan used to call `digits_at`
/// at every byte.
fn next_digit(b: &[u8], from: usize) -> usize {
    let Some(rest) = b.get(from..) else {
        return b.len();
    };
    let chunks = rest.chunks_exact(8);
    let tail = chunks.remainder();
    let mut base = from;
    for chunk in chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A byte is a digit when `byte ^ 0x30` is below 10 (exact: no carry crosses a byte).
        let x = u64::from_le_bytes(word) ^ (0x30 * LO);
        let m = !(((x & !HI) + 0x76 * LO) | x) & HI;
        if m != 0 {
            return base + (m.trailing_zeros() / 8) as usize;
        }
        base += 8;
    }
    tail.iter()
        .position(u8::is_ascii_digit)
        .map_or(b.len(), |k| base + k)
}

fn find_broken(text: &str, lex: &Lexicon) -> Vec<Broken> {
    find_broken_stepping(text, lex, next_digit)
}

/// The scan of [`find_broken`]; `skip(b, i)` is where the next group may start when none
/// starts before `i`. The tests pass a byte-by-byte step as the oracle of [`next_digit`].
fn find_broken_stepping(
    text: &str,
    lex: &Lexicon,
    skip: impl Fn(&[u8], usize) -> usize,
) -> Vec<Broken> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let n1 = digits_at(b, i);
        if n1 == 0 {
            // No group starts before the next digit.
            i = skip(b, i + 1);
            continue;
        }
        let start = i;
        i += n1;
        // The first group stands alone: not the tail of a longer number, a date or a code.
        let prev = start.checked_sub(1).and_then(|j| b.get(j)).copied();
        if n1 > 3
            || prev.is_some_and(|p| p.is_ascii_alphanumeric() || b".,/-:".contains(&p))
            || b.get(i) != Some(&b' ')
        {
            continue;
        }
        let n2 = digits_at(b, i + 1);
        // A second group of three digits is ordinary thousands grouping (`1 500 ha`).
        if n2 == 0 || n2 > 2 {
            continue;
        }
        let end = i + 1 + n2;
        let next = b.get(end).copied();
        if next.is_some_and(|c| c == b',' || c == b'.' || c == b'/')
            && b.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            continue;
        }
        let Some(ulen) = text.get(end..).and_then(|r| unit_after(r, lex)) else {
            continue;
        };
        let (w1, w2) = words_before(text, start);
        let labels = &lex.keywords.label_nouns;
        if labels.contains(&w1) || labels.contains(&w2) {
            continue;
        }
        let (Some(a), Some(c), Some(unit)) = (
            text.get(start..i),
            text.get(i + 1..end),
            text.get(end..end + ulen),
        ) else {
            continue;
        };
        out.push(Broken {
            span: Span::new(start, end + ulen),
            guess: format!("{a},{c}{unit}"),
        });
        i = end;
    }
    out
}

fn broken_numbers(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let found = find_broken(cx.text, cx.lex);
    let Some(first) = found.first() else {
        return;
    };
    let example = cx.text.get(first.span.range()).unwrap_or_default();
    let mut d = Diagnostic::new(
        META.id,
        Severity::Warning,
        first.span,
        Message::new("encoding.broken-number.message")
            .arg("count", found.len())
            .arg("example", example),
    )
    .with_help(
        Message::new("encoding.broken-number.help")
            .arg("example", example)
            .arg("guess", &first.guess),
    );
    for f in found.iter().take(MAX_LABELS) {
        d = d.with_label(
            f.span,
            Message::new("encoding.broken-number.label").arg("guess", &f.guess),
        );
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_load() {
        let s: Signatures = toml::from_str(ENCODING_TOML).expect("encoding.toml parses");
        assert!(s.tcvn3.inner.len() > 30);
        assert_eq!(s.min_words, 3);
        assert!(sig().vni_after.contains(&'ä'));
    }

    fn sig_of(w: &str) -> (bool, bool, bool) {
        let v: Vec<char> = w.chars().collect();
        word_signature(&v, sig())
    }

    #[test]
    fn word_signatures() {
        // TCVN3: ạ = ¹, â = ©, ư = U+00AD, Đ = §.
        assert_eq!(sig_of("H¹nh"), (true, true, false));
        assert_eq!(sig_of("nh©n"), (true, true, false));
        assert_eq!(sig_of("ng\u{AD}êi"), (true, true, false));
        assert_eq!(sig_of("§éc"), (true, true, false));
        // VNI: ệ = eä, ò = oø.
        assert!(sig_of("Vieät").2);
        assert!(sig_of("hoøa").2);
        assert!(sig_of("Ñoäc").2);
        // Correct Vietnamese and a footnote mark glued to a word never match.
        for w in ["Việt", "người", "Độc", "hòa", "Sắt¹", "m²", "Hoà", "thủy"] {
            assert_eq!(sig_of(w), (false, false, false), "{w}");
        }
    }

    #[test]
    fn repaired_maps_legacy_and_composes() {
        assert_eq!(repaired("\u{01A3}"), "ư");
        assert_eq!(repaired("\u{01A3}\u{0300}"), "ừ");
        assert_eq!(repaired("e\u{0302}\u{0323}"), "ệ");
    }

    use proptest::prelude::*;

    /// Pieces of Vietnamese text, damaged text, numbers and units: the generated documents
    /// mix them with spaces and newlines.
    fn piece() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "Việt",
            "người",
            "Độc",
            "hòa",
            "Hạnh",
            "phường",
            "năm",
            "thôn",
            "diện tích",
            "H¹nh",
            "nh©n",
            "ng\u{AD}êi",
            "§éc",
            "¢m",
            "Vieät",
            "Coäng",
            "hoøa",
            "Töï",
            "Ñoäc",
            "ñaõ",
            "Müller",
            "x·",
            "Sắt¹",
            "m²",
            "àáâãèéêìíòóôõùúý",
            "ÀÁÂÃ",
            "ha",
            "%",
            "tấn",
            "km",
            "hộ",
            "(",
            ")",
            "“",
            "”",
            "\"",
            "'",
            ".",
            ",",
            "/",
            "-",
            ":",
            " ",
            "  ",
            "\n",
            "\u{A0}",
            "·",
            "«»",
            "\u{FFFD}",
            "ƣ",
        ]);
        prop_oneof![
            words.prop_map(str::to_string),
            "[0-9]{1,4}",
            "[0-9]{1,3}[ .,/-][0-9]{1,3}",
            "[0-9]{1,3} [0-9]{1,2}(%| ha| tấn|ha)",
            "[a-zđ]{1,5}",
            "[\\u{80}-\\u{2FF}]{1,3}",
        ]
    }

    fn doc() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (piece(), prop::sample::select(vec!["", " ", "  ", "\n"])),
            0..40,
        )
        .prop_map(|v| {
            v.into_iter()
                .flat_map(|(p, s)| [p, s.to_string()])
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Words of eight bytes drawn mostly from the bytes that matter: `C2`/`C3`, their
        /// neighbours `C0 C1 C4`, `00`/`01` (borrows), `80`, `FF`, `42`/`43` (`C2`/`C3` without
        /// the high bit).
        #[test]
        fn lead_mask_matches_carry_free_form(
            bytes in proptest::collection::vec(
                prop_oneof![
                    3 => proptest::sample::select(vec![
                        0xC2u8, 0xC3, 0xC0, 0xC1, 0xC4, 0x00, 0x01, 0x80, 0xFF, 0x42, 0x43, 0x82,
                    ]),
                    1 => any::<u8>(),
                ],
                8,
            ),
        ) {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes);
            let w = u64::from_le_bytes(word);
            prop_assert_eq!(lead_mask(w), lead_mask_carry_free(w));
        }

        #[test]
        fn signature_leads_match_eight_byte_scan(text in doc()) {
            let b = text.as_bytes();
            prop_assert_eq!(signature_leads(b, sig()), signature_leads_by_eight(b, sig()));
        }

        /// The skip of `replacement_spans`: text without a recorded U+FFFD has none in its
        /// logical text.
        #[test]
        fn replacement_spans_skip_only_text_without_one(text in doc()) {
            let p = crate::engine::prepare(&text);
            prop_assert_eq!(
                replacement_spans(&p.text, &p.normalization),
                replacement_places(&p.text)
            );
        }

        #[test]
        fn signed_words_match_oracle(text in doc()) {
            prop_assert_eq!(signed_words(&text), signed_words_oracle(&text));
        }

        #[test]
        fn find_broken_matches_oracle(text in doc()) {
            let lex = Lexicon::builtin();
            prop_assert_eq!(find_broken(&text, &lex), find_broken_stepping(&text, &lex, |_, i| i));
        }

        #[test]
        fn replacement_places_match_char_search(text in doc()) {
            let want: Vec<Span> = text
                .match_indices('\u{FFFD}')
                .map(|(i, c)| Span::new(i, i + c.len()))
                .collect();
            prop_assert_eq!(replacement_places(&text), want);
        }

        #[test]
        fn next_digit_finds_first_digit(text in doc(), from in 0usize..64) {
            let b = text.as_bytes();
            let want = b
                .get(from..)
                .and_then(|r| r.iter().position(u8::is_ascii_digit).map(|k| from + k))
                .unwrap_or(b.len());
            prop_assert_eq!(next_digit(b, from), want);
        }
    }
}
