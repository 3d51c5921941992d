//! Stage 1 — source: bytes → text, with a map back to the bytes, and NFC normalisation.
//!
//! `SourceFile` holds the decoded original text (what miette shows and what line/column
//! numbers count in) and maps its offsets to byte offsets of the file as given. `normalize`
//! produces the analysis text: NFC, legacy code points mapped (`ƣ` → `ư`), with a map back.

use crate::span::OffsetMap;
use std::borrow::Cow;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// Why a file could not be read as text. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("not valid UTF-8 at byte {offset}")]
    InvalidUtf8 { offset: usize },
    #[error("binary data (NUL byte) at byte {offset}")]
    Binary { offset: usize },
    #[error("not valid UTF-16 at byte {offset}")]
    InvalidUtf16 { offset: usize },
    #[error(
        "too large: {bytes} bytes of text, and doisoat reads at most 4 GiB (4 294 967 295 bytes)"
    )]
    TooLarge { bytes: usize },
}

/// The longest text doisoat reads: every offset is kept as a `u32`.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// [`InputError::TooLarge`] for a text or input longer than [`MAX_TEXT_BYTES`]: the decoder
/// asks it of the bytes and of a transcoded text, the CLI of a file's size before reading it.
pub fn check_size(len: u64) -> Result<(), InputError> {
    match usize::try_from(len) {
        Ok(n) if n <= MAX_TEXT_BYTES => Ok(()),
        _ => Err(InputError::TooLarge {
            bytes: usize::try_from(len).unwrap_or(usize::MAX),
        }),
    }
}

/// [`check_size`] of a length in memory.
fn within(len: usize) -> Result<(), InputError> {
    check_size(len as u64)
}

/// A decoded input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display name (path as given, or `<stdin>`).
    pub name: String,
    /// The decoded text, line ends untouched.
    pub text: String,
    pub encoding: Encoding,
    /// Decoded-text offsets → original byte offsets.
    to_bytes: OffsetMap,
    /// Byte offsets (in `text`) where each line starts.
    line_starts: Vec<usize>,
    /// (byte offset, chars before it) about every [`CHAR_MARK_STRIDE`] bytes, so a column
    /// inside a very long line is counted from a nearby mark, not from the line start.
    char_marks: Vec<(usize, usize)>,
}

/// Bytes between two entries of `SourceFile::char_marks`.
const CHAR_MARK_STRIDE: usize = 4096;

impl SourceFile {
    /// Decodes `bytes`: UTF-8 with or without BOM, UTF-16 with BOM.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, InputError> {
        decode(bytes).map(|decoded| SourceFile::new(name.into(), decoded))
    }

    /// [`SourceFile::from_bytes`] on bytes the caller owns (a file just read): UTF-8 becomes
    /// the text in place, without a copy of a big file beside its bytes.
    pub fn from_vec(name: impl Into<String>, bytes: Vec<u8>) -> Result<SourceFile, InputError> {
        decode_vec(bytes).map(|decoded| SourceFile::new(name.into(), decoded))
    }

    fn new(name: String, (text, encoding, to_bytes): (String, Encoding, OffsetMap)) -> Self {
        SourceFile {
            name,
            line_starts: line_starts(&text),
            char_marks: char_marks(&text),
            text,
            encoding,
            to_bytes,
        }
    }

    /// Original-file byte range of a range of `text`.
    pub fn byte_range(&self, r: Range<usize>) -> Range<usize> {
        self.to_bytes.map_range(r)
    }

    /// 1-based line and column (column counted in Unicode scalar values) of a `text` offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .chars_before(offset)
            .saturating_sub(self.chars_before(start));
        (line, col + 1)
    }

    /// Chars of `text` before byte `offset` (a char boundary), counted from the nearest mark.
    fn chars_before(&self, offset: usize) -> usize {
        let k = self.char_marks.partition_point(|&(b, _)| b <= offset);
        let (mark, chars) = k
            .checked_sub(1)
            .and_then(|k| self.char_marks.get(k))
            .copied()
            .unwrap_or((0, 0));
        chars + self.text.get(mark..offset).map_or(0, |s| s.chars().count())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// A mark at the first char boundary at or after every multiple of [`CHAR_MARK_STRIDE`].
fn char_marks(text: &str) -> Vec<(usize, usize)> {
    let mut marks = Vec::with_capacity(text.len() / CHAR_MARK_STRIDE + 1);
    let (mut at, mut chars) = (0, 0);
    while at < text.len() {
        let mut next = (at + CHAR_MARK_STRIDE).min(text.len());
        while !text.is_char_boundary(next) {
            next += 1;
        }
        chars += text.get(at..next).map_or(0, |s| s.chars().count());
        marks.push((next, chars));
        at = next;
    }
    marks
}

/// Line starts, treating `\n`, `\r\n` and a lone `\r` as line ends.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        match bytes.get(i) {
            Some(b'\n') => starts.push(i + 1),
            Some(b'\r') if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
    }
    // Kept as long as the file's findings: no growth slack (up to half of it).
    starts.shrink_to_fit();
    starts
}

fn decode(bytes: &[u8]) -> Result<(String, Encoding, OffsetMap), InputError> {
    // UTF-16 text may come out longer than its bytes: checked again after transcoding.
    within(bytes.len())?;
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = utf8(rest, 3)?;
        return Ok((text, Encoding::Utf8Bom, OffsetMap::shifted(3)));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (text, map) = utf16(rest, 2, u16::from_le_bytes)?;
        within(text.len())?;
        return Ok((text, Encoding::Utf16Le, map));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (text, map) = utf16(rest, 2, u16::from_be_bytes)?;
        within(text.len())?;
        return Ok((text, Encoding::Utf16Be, map));
    }
    let text = utf8(bytes, 0)?;
    Ok((text, Encoding::Utf8, OffsetMap::identity()))
}

/// [`decode`] of owned bytes: UTF-8 (with or without BOM) is turned into the text in place;
/// UTF-16 is transcoded as by [`decode`].
fn decode_vec(bytes: Vec<u8>) -> Result<(String, Encoding, OffsetMap), InputError> {
    const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
    within(bytes.len())?;
    if bytes.starts_with(&BOM) {
        let text = utf8_vec(bytes, BOM.len())?;
        return Ok((text, Encoding::Utf8Bom, OffsetMap::shifted(BOM.len())));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return decode(&bytes);
    }
    let text = utf8_vec(bytes, 0)?;
    Ok((text, Encoding::Utf8, OffsetMap::identity()))
}

/// The bytes after the first `skip` (a BOM) as a `String` in the same buffer: the BOM is
/// removed by one move of the bytes after it, and nothing is copied.
fn utf8_vec(mut bytes: Vec<u8>, skip: usize) -> Result<String, InputError> {
    check_utf8(bytes.get(skip..).unwrap_or_default(), skip)?;
    bytes.drain(..skip.min(bytes.len()));
    // SAFETY: `check_utf8` has just validated exactly these bytes as UTF-8 (those after the
    // first `skip`, which `drain` removed). `String::from_utf8` would validate them again with
    // std's validator, several times slower than simdutf8's on Vietnamese text.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

fn utf8(bytes: &[u8], base: usize) -> Result<String, InputError> {
    check_utf8(bytes, base).map(str::to_string)
}

/// `bytes` as text if it is UTF-8 without a NUL. Errors count offsets from `base`, where
/// `bytes` starts in the file.
fn check_utf8(bytes: &[u8], base: usize) -> Result<&str, InputError> {
    // A NUL before the first invalid byte means binary data; report whichever comes first.
    let nul = memchr::memchr(0, bytes);
    // simdutf8's validator is several times faster than std's on Vietnamese text, and its
    // `compat` flavour gives the same `valid_up_to`.
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => match nul {
            Some(pos) => Err(InputError::Binary { offset: base + pos }),
            None => Ok(s),
        },
        Err(e) => match nul {
            Some(pos) if pos < e.valid_up_to() => Err(InputError::Binary { offset: base + pos }),
            _ => Err(InputError::InvalidUtf8 {
                offset: base + e.valid_up_to(),
            }),
        },
    }
}

/// Transcodes UTF-16 code units (after the BOM, which sits at bytes `0..base`). Every decoded
/// char gets an opaque piece anchored at its first original byte, so a range of decoded text
/// maps to exactly the original bytes of its chars.
fn utf16(
    bytes: &[u8],
    base: usize,
    unit: fn([u8; 2]) -> u16,
) -> Result<(String, OffsetMap), InputError> {
    let mut text = String::with_capacity(bytes.len() / 2 * 3 / 2);
    let mut map = OffsetMap::default();
    let mut chunks = bytes.chunks_exact(2);
    let mut pending: Option<(u16, usize)> = None;
    for (i, c) in chunks.by_ref().enumerate() {
        let off = base + i * 2;
        let u = unit([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ]);
        let (ch, at) = match (pending.take(), u) {
            (None, 0xD800..=0xDBFF) => {
                pending = Some((u, off));
                continue;
            }
            (None, 0xDC00..=0xDFFF) => return Err(InputError::InvalidUtf16 { offset: off }),
            (None, u) => (char::from_u32(u32::from(u)), off),
            (Some((hi, at)), 0xDC00..=0xDFFF) => {
                let cp = 0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                (char::from_u32(cp), at)
            }
            (Some((_, at)), _) => return Err(InputError::InvalidUtf16 { offset: at }),
        };
        let Some(ch) = ch else {
            return Err(InputError::InvalidUtf16 { offset: at });
        };
        if ch == '\0' {
            return Err(InputError::Binary { offset: at });
        }
        map.push_opaque(text.len(), at);
        text.push(ch);
    }
    if let Some((_, at)) = pending {
        return Err(InputError::InvalidUtf16 { offset: at });
    }
    if !chunks.remainder().is_empty() {
        return Err(InputError::InvalidUtf16 {
            offset: base + bytes.len() - 1,
        });
    }
    // End anchor: the last char's range ends where the file ends.
    map.push_opaque(text.len(), base + bytes.len());
    if text.is_empty() {
        return Ok((text, OffsetMap::shifted(base)));
    }
    Ok((text, map))
}

/// What normalisation changed, for the `encoding` rule.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NormalizationFacts {
    /// Ranges (in the decoded text) of legacy code points such as `ƣ`.
    pub legacy: Vec<Range<usize>>,
    /// Ranges (in the decoded text) of runs that were not in NFC.
    pub non_nfc: Vec<Range<usize>>,
    /// Ranges of U+FFFD replacement characters.
    pub replacement_chars: Vec<Range<usize>>,
}

/// The analysis text: NFC, legacy code points mapped.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    /// The input itself when it is already clean (most typed drafts): no copy.
    pub text: Cow<'a, str>,
    /// Analysis-text offsets → decoded-text offsets.
    pub map: OffsetMap,
    pub facts: NormalizationFacts,
}

/// Legacy code points written by old Vietnamese fonts where a modern letter is meant.
fn legacy(c: char) -> Option<char> {
    match c {
        '\u{01A3}' => Some('\u{01B0}'), // ƣ → ư
        '\u{01A2}' => Some('\u{01AF}'), // Ƣ → Ư
        _ => None,
    }
}

/// Unicode spaces that stand for an ordinary space (NBSP and friends).
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Invisible characters that only split words for the parser.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Already NFC with nothing to rewrite. Checks char by char with a fast answer for the
/// blocks Vietnamese text is made of: below U+0300 (ASCII, Latin-1, Latin Extended A/B,
/// none of which composes with a following starter) and the precomposed letters of Latin
/// Extended Additional (U+1E00–U+1EFF); anything else asks the normalisation tables.
fn is_clean(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    match scan_clean(text.as_bytes()) {
        Clean::Yes => true,
        Clean::No => false,
        Clean::Ask => {
            is_nfc_quick(text.chars()) == IsNormalized::Yes && !text.chars().any(is_special)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clean {
    Yes,
    No,
    /// A char outside the blocks decided here: ask the tables.
    Ask,
}

/// A byte-level pass over UTF-8 (no decoding). Only lead bytes of multi-byte chars can make
/// text unclean, and in valid UTF-8 they are exactly the bytes ≥ `C0`. The two-byte letters
/// of Latin-1 and Latin Extended A/B and the three-byte precomposed letters of Latin Extended
/// Additional (lead `E1`, second byte `B8`–`BB`) are clean, except the legacy `Ƣ`/`ƣ`
/// (`C6 A2`/`C6 A3`) and NBSP (`C2 A0`); combining marks (lead `CC`/`CD`) and everything else
/// are left to the tables (see [`lead_class`]). The chars that are not clean are found by
/// [`next_unclean`].
fn scan_clean(b: &[u8]) -> Clean {
    let mut ask = false;
    let mut from = 0;
    while let Some((i, class)) = next_unclean(b, from) {
        if class == Clean::No {
            return Clean::No;
        }
        ask = true;
        from = i + 1;
    }
    if ask {
        Clean::Ask
    } else {
        Clean::Yes
    }
}

/// The first char at or after byte `from` whose [`lead_class`] is not [`Clean::Yes`], with
/// that class. The text is read sixteen bytes at a time: [`surely_clean`], a test of each
/// byte and the two after it that the compiler turns into vector compares, passes a chunk of
/// clean text at once (the usual case), and only the lead bytes of a chunk it does not pass
/// are classified one by one. Passing a chunk is exact: every lead byte [`surely_clean`]
/// accepts has the class `Yes`, and non-lead bytes have no class.
fn next_unclean(b: &[u8], from: usize) -> Option<(usize, Clean)> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above (the only requirement of a
        // `target_feature` function).
        return unsafe { next_unclean_avx2(b, from) };
    }
    next_unclean_in::<18>(b, from)
}

/// [`next_unclean_in`] on 32-byte chunks, compiled with AVX2 (twice the bytes per compare).
/// (`unsafe fn` rather than a safe `target_feature` function, which needs Rust 1.86: the
/// crate supports 1.85.)
///
/// # Safety
///
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn next_unclean_avx2(b: &[u8], from: usize) -> Option<(usize, Clean)> {
    next_unclean_in::<34>(b, from)
}

/// [`next_unclean`] on chunks of `W - 2` bytes (a multiple of eight; `W` is the window
/// size). The answer does not depend on `W`.
#[inline(always)]
fn next_unclean_in<const W: usize>(b: &[u8], from: usize) -> Option<(usize, Clean)> {
    let chunk = W - 2;
    let mut at = from;
    while at < b.len() {
        let w = crate::chars::window::<W>(b, at);
        if crate::chars::any_lane(&w, |l, b1, b2| !surely_clean(l, b1, b2)) {
            for half in (at..at + chunk).step_by(8) {
                let mut leads = crate::chars::lead_byte_mask(b, half);
                while leads != 0 {
                    let i = half + (leads.trailing_zeros() / 8) as usize;
                    leads &= leads - 1;
                    match lead_class(b, i) {
                        Clean::Yes => {}
                        class => return Some((i, class)),
                    }
                }
            }
        }
        at += chunk;
    }
    None
}

/// True when the byte `l` (followed by `b1`, `b2`) is not a lead byte (below `C0`), or leads a
/// char that [`lead_class`] calls clean: a subset of its `Yes` answers, written branch-free
/// so that sixteen bytes are tested at once. Latin-1 except NBSP (`C2`), Latin Extended A/B
/// except `Ƣ ƣ` (`C3`–`CB`), Latin Extended Additional (`E1 B8`–`E1 BB`), the dashes, quotes,
/// bullets and `…` of `E2 80 90`–`E2 80 BF` except U+202F, and the superscripts and
/// currency signs of `E2 81`–`E2 82` except U+205F. The test
/// `surely_clean_accepts_only_clean_chars` checks every char.
#[inline(always)]
fn surely_clean(l: u8, b1: u8, b2: u8) -> bool {
    (l < 0xC0)
        | ((l == 0xC2) & (b1 != 0xA0))
        | ((0xC3..=0xCB).contains(&l) & !((l == 0xC6) & (b1 & 0xFE == 0xA2)))
        | ((l == 0xE1) & (b1 & 0xFC == 0xB8))
        | ((l == 0xE2)
            & (((b1 == 0x80) & (b2 >= 0x90) & (b2 != 0xAF))
                | ((b1 == 0x81) & (b2 != 0x9F))
                | (b1 == 0x82)))
}

/// What the char whose lead byte (≥ `C0`) is at `i` says about cleanliness.
#[inline]
fn lead_class(b: &[u8], i: usize) -> Clean {
    let lead = b.get(i).copied().unwrap_or(0);
    let next = b.get(i + 1).copied().unwrap_or(0);
    match lead {
        0xc2 if next == 0xa0 => Clean::No,
        0xc6 if next == 0xa2 || next == 0xa3 => Clean::No,
        0xc2..=0xcb => Clean::Yes,
        0xe1 if (0xb8..=0xbb).contains(&next) => Clean::Yes,
        // U+2000–U+2BFF: punctuation (`“ ” – …`), superscripts (`⁽¹⁾ ⁴`), arrows and
        // operators (`≥`) are clean; the odd spaces and zero-width characters of
        // U+2000–U+200F, U+202F and U+205F are rewritten; the letterlike symbols, the
        // U+2300 and U+2A80 blocks hold a few singletons (`Ω`, `〈`), left to the tables.
        0xe2 => {
            let third = b.get(i + 2).copied().unwrap_or(0);
            match next {
                0x80 if third <= 0x8f || third == 0xaf => Clean::No,
                0x81 if third == 0x9f => Clean::No,
                0x84 | 0x8c | 0xab => Clean::Ask,
                0x80..=0xaf => Clean::Yes,
                _ => Clean::Ask,
            }
        }
        _ => Clean::Ask,
    }
}

fn is_special(c: char) -> bool {
    legacy(c).is_some() || is_odd_space(c) || is_zero_width(c) || c == '\u{FFFD}'
}

fn push_range(v: &mut Vec<Range<usize>>, r: Range<usize>) {
    if let Some(last) = v.last_mut() {
        if last.end == r.start {
            last.end = r.end;
            return;
        }
    }
    v.push(r);
}

/// Buffers reused for every rewritten cluster.
#[derive(Default)]
struct ClusterBuffers {
    scratch: String,
    composed: String,
}

/// Appends the first cluster of `rest` (one char and the non-starters, combining marks, that
/// follow it; `rest` starts at `pos` of the text) to `out` in NFC, with legacy letters,
/// odd spaces and zero-width chars rewritten, recording what it found in `facts` and how the
/// output maps back in `map`. Returns the cluster's length; `None` when `rest` is empty.
fn push_cluster(
    rest: &str,
    pos: usize,
    out: &mut String,
    map: &mut OffsetMap,
    facts: &mut NormalizationFacts,
    bufs: &mut ClusterBuffers,
) -> Option<usize> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let ClusterBuffers { scratch, composed } = bufs;
    let mut len = 0;
    for (i, c) in rest.char_indices() {
        if i > 0 && unicode_normalization::char::canonical_combining_class(c) == 0 {
            break;
        }
        len = i + c.len_utf8();
    }
    let cluster = rest.get(..len).filter(|c| !c.is_empty())?;
    let range = pos..pos + len;
    let special = cluster.chars().any(is_special);
    if !special && is_nfc_quick(cluster.chars()) == IsNormalized::Yes {
        map.push_copy(out.len(), pos);
        out.push_str(cluster);
        return Some(len);
    }
    scratch.clear();
    for (i, c) in cluster.char_indices() {
        let at = pos + i..pos + i + c.len_utf8();
        if c == '\u{FFFD}' {
            push_range(&mut facts.replacement_chars, at.clone());
        }
        if let Some(m) = legacy(c) {
            push_range(&mut facts.legacy, at);
            scratch.push(m);
        } else if is_odd_space(c) {
            scratch.push(' ');
        } else if !is_zero_width(c) {
            scratch.push(c);
        }
    }
    composed.clear();
    composed.extend(scratch.nfc());
    if composed != scratch {
        push_range(&mut facts.non_nfc, range);
    }
    let first = cluster.chars().next().filter(|f| composed.starts_with(*f));
    if composed == cluster {
        map.push_copy(out.len(), pos);
    } else if let Some(f) = first.filter(|f| f.len_utf8() < composed.len()) {
        // The base char came through unchanged (`B` + U+0341 → `B` + U+0301: nothing
        // composes with it), so it maps to itself; only the marks are rewritten.
        map.push_copy(out.len(), pos);
        map.push_opaque(out.len() + f.len_utf8(), pos + f.len_utf8());
    } else if !composed.is_empty() {
        map.push_opaque(out.len(), pos);
    }
    out.push_str(composed);
    Some(len)
}

/// Normalises decoded text for analysis: NFC, `ƣ`/`Ƣ` → `ư`/`Ư`, Unicode spaces → `' '`,
/// zero-width characters removed. Unchanged runs map linearly; each rewritten cluster (a
/// starter and the combining marks after it) is one opaque piece.
pub fn normalize(text: &str) -> Normalized<'_> {
    // Fast path: most typed drafts are already clean NFC. Without a char of class other
    // than `Yes` the text is clean (`scan_clean` says `Yes`). With one, the loop below is
    // taken even when the tables would call the whole text clean (`Ask`): it then copies
    // every line whole, giving the same text and, its linear pieces merged, the identity map.
    let b = text.as_bytes();
    let Some((first, _)) = next_unclean(b, 0) else {
        return Normalized {
            text: Cow::Borrowed(text),
            map: OffsetMap::identity(),
            facts: NormalizationFacts::default(),
        };
    };
    // The first char at or after `pos` whose class is not `Yes` (`text.len()`: none).
    let mut next_bad = first;
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    let mut facts = NormalizationFacts::default();
    let mut bufs = ClusterBuffers::default();
    let mut rest = text;
    let mut pos = 0usize;
    while !rest.is_empty() {
        if next_bad < pos {
            next_bad = next_unclean(b, pos).map_or(text.len(), |(i, _)| i);
        }
        // Every line (or rest of a line) that ends before the line holding `next_bad` has
        // only `Yes` chars, so `is_clean` says so and the step below would copy it whole:
        // copy them all at once. The per-line copies were linear pieces continuing each
        // other, which the map merges into the one piece pushed here.
        let bulk = b
            .get(pos..next_bad)
            .and_then(|before| memchr::memrchr(b'\n', before))
            .map_or(0, |k| k + 1);
        if let Some(lines) = rest.get(..bulk).filter(|l| !l.is_empty()) {
            map.push_copy(out.len(), pos);
            out.push_str(lines);
            pos += bulk;
            rest = rest.get(bulk..).unwrap_or("");
            continue;
        }
        // A clean line (the usual case even in a damaged file) is copied whole. The line
        // break after it is a starter, so it cannot combine with what follows.
        let line_len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        if let Some(line) = rest.get(..line_len).filter(|l| is_clean(l)) {
            map.push_copy(out.len(), pos);
            out.push_str(line);
            pos += line_len;
            rest = rest.get(line_len..).unwrap_or("");
            continue;
        }
        let Some(len) = push_cluster(rest, pos, &mut out, &mut map, &mut facts, &mut bufs) else {
            break;
        };
        pos += len;
        rest = rest.get(len..).unwrap_or("");
    }
    // End anchor so a range ending at the end of the text covers the last rewritten cluster.
    map.push_copy(out.len(), text.len());
    Normalized {
        text: Cow::Owned(out),
        map,
        facts,
    }
}

#[cfg(test)]
mod line_col_tests {
    use super::SourceFile;

    /// Columns counted from the marks agree with counting from the line start, on lines far
    /// longer than the mark stride and around multi-byte chars.
    #[test]
    fn columns_on_long_lines_agree_with_counting() {
        let line = "Tổng số 1.234 hồ sơ, đạt 98,5%; ".repeat(700);
        let text = format!("đầu\n{line}\r{line}\r\nx");
        let src = SourceFile::from_bytes("t", text.as_bytes()).unwrap();
        for (offset, _) in text.char_indices().step_by(997).chain([(text.len(), ' ')]) {
            let before = &text[..offset];
            let line_no = before.matches('\n').count() + before.matches('\r').count()
                - before.matches("\r\n").count()
                + 1;
            let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let col = text[start..offset].chars().count() + 1;
            assert_eq!(src.line_col(offset), (line_no, col), "offset {offset}");
        }
    }
}

#[cfg(test)]
mod size_limit_tests {
    use super::{within, InputError, MAX_TEXT_BYTES};

    /// Offsets are `u32`: a longer text is refused with a clear error, not read with wrapped
    /// offsets. (A 4 GiB input cannot be made in a test; the limit is checked at its edge.)
    #[test]
    fn texts_over_4_gib_are_refused() {
        assert_eq!(MAX_TEXT_BYTES, 4_294_967_295);
        assert_eq!(within(MAX_TEXT_BYTES), Ok(()));
        let err = within(MAX_TEXT_BYTES + 1);
        assert_eq!(
            err,
            Err(InputError::TooLarge {
                bytes: 4_294_967_296
            })
        );
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err(
                "too large: 4294967296 bytes of text, and doisoat reads at most 4 GiB \
                 (4 294 967 295 bytes)"
                    .to_string()
            )
        );
    }
}

#[cfg(test)]
mod from_vec_tests {
    use super::{Encoding, InputError, SourceFile};

    fn both(bytes: &[u8]) -> Result<SourceFile, InputError> {
        let borrowed = SourceFile::from_bytes("t", bytes);
        let owned = SourceFile::from_vec("t", bytes.to_vec());
        match (&borrowed, &owned) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.text, b.text);
                assert_eq!(a.encoding, b.encoding);
                for r in [0..0, 0..a.text.len(), a.text.len()..a.text.len()] {
                    assert_eq!(a.byte_range(r.clone()), b.byte_range(r));
                }
            }
            (a, b) => assert_eq!(a.as_ref().err(), b.as_ref().err()),
        }
        owned
    }

    /// Owned bytes decode exactly as borrowed ones: text, encoding, offsets and errors.
    #[test]
    fn owned_bytes_decode_like_borrowed_ones() {
        let src = both("Tổng số 1.234 hồ sơ".as_bytes()).unwrap();
        assert_eq!(
            (src.text.as_str(), src.encoding),
            ("Tổng số 1.234 hồ sơ", Encoding::Utf8)
        );

        let src = both(b"\xEF\xBB\xBFd\xC3\xA2n").unwrap();
        assert_eq!(
            (src.text.as_str(), src.encoding),
            ("dân", Encoding::Utf8Bom)
        );
        assert_eq!(src.byte_range(1..3), 4..6);
        assert_eq!(both(b"\xEF\xBB\xBF").unwrap().text, "");
        assert_eq!(both(b"").unwrap().text, "");

        let src = both(b"\xFF\xFEa\x00\xE2\x00").unwrap();
        assert_eq!((src.text.as_str(), src.encoding), ("aâ", Encoding::Utf16Le));
        let src = both(b"\xFE\xFF\x00a").unwrap();
        assert_eq!((src.text.as_str(), src.encoding), ("a", Encoding::Utf16Be));

        let err = |b: &[u8]| both(b).err();
        assert_eq!(err(b"ab\xFFc"), Some(InputError::InvalidUtf8 { offset: 2 }));
        assert_eq!(
            err(b"\xEF\xBB\xBFab\xC3"),
            Some(InputError::InvalidUtf8 { offset: 5 })
        );
        assert_eq!(err(b"a\0b\xFF"), Some(InputError::Binary { offset: 1 }));
        assert_eq!(
            err(b"a\xFFb\0"),
            Some(InputError::InvalidUtf8 { offset: 1 })
        );
        assert_eq!(
            err(b"\xEF\xBB\xBFab\0"),
            Some(InputError::Binary { offset: 5 })
        );
    }
}

#[cfg(test)]
mod scan_clean_tests {
    use super::{next_unclean_in, scan_clean, Clean};
    use proptest::prelude::*;

    /// The char-by-char pass `scan_clean` replaced: the oracle. A byte-level pass over UTF-8 (no decoding): ASCII is skipped eight bytes at a time; the
    /// two-byte letters of Latin-1 and Latin Extended A/B and the three-byte precomposed letters
    /// of Latin Extended Additional (lead `E1`, second byte `B8`–`BB`) are clean, except the
    /// legacy `Ƣ`/`ƣ` (`C6 A2`/`C6 A3`) and NBSP (`C2 A0`); combining marks (lead `CC`/`CD`) and
    /// everything else are left to the tables.
    fn scan_clean_bytewise(b: &[u8]) -> Clean {
        let mut i = 0;
        let mut ask = false;
        while i < b.len() {
            if let Some(chunk) = b.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                if u64::from_ne_bytes(w) & 0x8080_8080_8080_8080 == 0 {
                    i += 8;
                    continue;
                }
            }
            let Some(&lead) = b.get(i) else { break };
            let next = b.get(i + 1).copied().unwrap_or(0);
            match lead {
                0x00..=0x7f => i += 1,
                0xc2 if next == 0xa0 => return Clean::No,
                0xc6 if next == 0xa2 || next == 0xa3 => return Clean::No,
                0xc2..=0xcb => i += 2,
                0xe1 if (0xb8..=0xbb).contains(&next) => i += 3,
                // U+2000–U+2BFF: punctuation (`“ ” – …`), superscripts (`⁽¹⁾ ⁴`), arrows and
                // operators (`≥`) are clean; the odd spaces and zero-width characters of
                // U+2000–U+200F, U+202F and U+205F are rewritten; the letterlike symbols, the
                // U+2300 and U+2A80 blocks hold a few singletons (`Ω`, `〈`), left to the tables.
                0xe2 => {
                    let third = b.get(i + 2).copied().unwrap_or(0);
                    match next {
                        0x80 if third <= 0x8f || third == 0xaf => return Clean::No,
                        0x81 if third == 0x9f => return Clean::No,
                        0x84 | 0x8c | 0xab => ask = true,
                        0x80..=0xaf => {}
                        _ => ask = true,
                    }
                    i += 3;
                }
                _ => {
                    ask = true;
                    i += match lead {
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        _ => 4,
                    };
                }
            }
        }
        if ask {
            Clean::Ask
        } else {
            Clean::Yes
        }
    }

    /// Chars the scan treats specially or that normalisation rewrites: ASCII, Vietnamese
    /// precomposed and decomposed (NFD) letters, combining marks, legacy letters, odd and
    /// zero-width spaces, punctuation and superscripts of U+2000–U+2BFF, line ends, control
    /// chars, CJK and emoji.
    fn soup() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            "0",
            " ",
            "\n",
            "\r",
            "\r\n",
            "\t",
            "\u{1}",
            "\u{7f}",
            "12",
            "abcdefgh",
            "đ",
            "Đ",
            "ư",
            "Ư",
            "ơ",
            "ệ",
            "Ế",
            "ổ",
            "ỹ",
            "à",
            "é",
            "×",
            "Ă",
            "ǅ",
            "e\u{302}\u{301}",
            "o\u{31b}",
            "a\u{300}",
            "\u{301}",
            "\u{323}",
            "\u{341}",
            "ƣ",
            "Ƣ",
            "\u{a0}",
            "\u{2009}",
            "\u{202f}",
            "\u{205f}",
            "\u{3000}",
            "\u{200b}",
            "\u{200d}",
            "\u{2060}",
            "\u{feff}",
            "\u{fffd}",
            "“",
            "”",
            "–",
            "…",
            "⁽¹⁾",
            "³",
            "≥",
            "→",
            "Ω",
            "\u{2126}",
            "〈",
            "\u{2329}",
            "\u{2adc}",
            "ḁ",
            "\u{1e9e}",
            "漢",
            "🙂",
            "\u{10ffff}",
            "ñ",
            "\u{80}",
            "\u{7ff}",
            "\u{800}",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The lead-byte scan answers exactly as the char-by-char one, on every suffix (so
        /// every alignment of the eight-byte chunks is met).
        #[test]
        fn lead_byte_scan_agrees_with_char_scan(t in soup()) {
            for (i, _) in t.char_indices() {
                let s = &t.as_bytes()[i..];
                prop_assert_eq!(scan_clean(s), scan_clean_bytewise(s), "{:?}", &t[i..]);
                // Both chunk widths, whichever the CPU runs, find the same first char.
                prop_assert_eq!(next_unclean_in::<18>(s, 0), next_unclean_in::<34>(s, 0));
            }
            prop_assert_eq!(scan_clean(b""), Clean::Yes);
        }
    }

    #[test]
    fn long_clean_and_unclean_texts() {
        let clean = "Tổng số hồ sơ tiếp nhận: 1.234; “đạt” – ⁽¹⁾\r\n".repeat(50);
        assert_eq!(scan_clean(clean.as_bytes()), Clean::Yes);
        for bad in ["ƣ", "\u{a0}", "\u{200b}"] {
            let t = format!("{clean}{bad}{clean}");
            assert_eq!(scan_clean(t.as_bytes()), Clean::No, "{bad:?}");
        }
        let t = format!("{clean}e\u{301}{clean}");
        assert_eq!(scan_clean(t.as_bytes()), Clean::Ask);
    }
}

#[cfg(test)]
mod normalize_tests {
    use super::{lead_class, normalize, surely_clean, Clean, Normalized};
    use proptest::prelude::*;

    /// `normalize` before it copied the lines ahead of the next unclean char in one piece and
    /// skipped the whole-text check: the oracle. Every line is asked `is_clean` in turn.
    fn normalize_line_by_line(text: &str) -> Normalized<'_> {
        use super::*;

        // Fast path: most typed drafts are already clean NFC.
        if is_clean(text) {
            return Normalized {
                text: Cow::Borrowed(text),
                map: OffsetMap::identity(),
                facts: NormalizationFacts::default(),
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut map = OffsetMap::default();
        let mut facts = NormalizationFacts::default();
        let mut bufs = ClusterBuffers::default();
        let mut rest = text;
        let mut pos = 0usize;
        while !rest.is_empty() {
            // A clean line (the usual case even in a damaged file) is copied whole. The line
            // break after it is a starter, so it cannot combine with what follows.
            let line_len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            if let Some(line) = rest.get(..line_len).filter(|l| is_clean(l)) {
                map.push_copy(out.len(), pos);
                out.push_str(line);
                pos += line_len;
                rest = rest.get(line_len..).unwrap_or("");
                continue;
            }
            let Some(len) = push_cluster(rest, pos, &mut out, &mut map, &mut facts, &mut bufs)
            else {
                break;
            };
            pos += len;
            rest = rest.get(len..).unwrap_or("");
        }
        // End anchor so a range ending at the end of the text covers the last rewritten cluster.
        map.push_copy(out.len(), text.len());
        Normalized {
            text: Cow::Owned(out),
            map,
            facts,
        }
    }

    fn same(a: &Normalized, b: &Normalized) -> bool {
        a.text == b.text
            && a.map == b.map
            && a.facts.legacy == b.facts.legacy
            && a.facts.non_nfc == b.facts.non_nfc
            && a.facts.replacement_chars == b.facts.replacement_chars
    }

    /// Every char whose bytes `surely_clean` accepts is one `lead_class` calls clean.
    #[test]
    fn surely_clean_accepts_only_clean_chars() {
        for u in 0x80..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let at = |k: usize| b.get(k).copied().unwrap_or(0);
            if surely_clean(at(0), at(1), at(2)) {
                assert_eq!(lead_class(b, 0), Clean::Yes, "U+{u:04X}");
            }
        }
        for c in
            "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ–“”…•⁽¹⁾⁴".chars()
        {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let at = |k: usize| b.get(k).copied().unwrap_or(0);
            assert!(surely_clean(at(0), at(1), at(2)), "{c}");
        }
    }

    /// Lines of clean and unclean text: Vietnamese precomposed and NFD letters, combining
    /// marks alone and out of order, legacy letters, odd and zero-width spaces, replacement
    /// chars, punctuation, singletons the tables rewrite, line ends of every kind.
    fn lines() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Tổng số ",
            "hồ sơ ",
            "đạt ",
            "ư",
            "Ư",
            "a",
            " ",
            "12",
            "abcdefghijklmnop",
            "\n",
            "\r\n",
            "\r",
            "\n\n",
            "e\u{302}\u{301}",
            "o\u{31b}",
            "a\u{300}",
            "\u{301}",
            "\u{323}\u{302}",
            "\u{302}\u{323}",
            "\u{341}",
            "B\u{341}",
            "ƣ",
            "Ƣ",
            "\u{a0}",
            "\u{2009}",
            "\u{202f}",
            "\u{3000}",
            "\u{200b}",
            "\u{feff}",
            "\u{fffd}",
            "“",
            "”",
            "–",
            "…",
            "⁽¹⁾",
            "≥",
            "\u{2126}",
            "\u{2329}",
            "\u{212b}",
            "漢",
            "🙂",
            "ñ",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Same text, map and facts as the line-by-line loop.
        #[test]
        fn bulk_copy_agrees_with_line_by_line(t in lines()) {
            let (fast, slow) = (normalize(&t), normalize_line_by_line(&t));
            prop_assert!(same(&fast, &slow), "{:?}\n{:?}\n{:?}", t, fast, slow);
        }
    }
}
