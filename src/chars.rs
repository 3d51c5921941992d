//! Character classes and lowercasing for Vietnamese text, shared by every stage.
//!
//! The standard library's `char::is_alphabetic` and `to_lowercase` search Unicode tables for
//! every non-ASCII character, and nearly every Vietnamese word has one: profiling showed those
//! lookups as the largest single cost of a check. The Latin blocks Vietnamese is written in
//! are answered here from their code point arithmetic; anything else falls back to the
//! standard library, so the answers are the same, only faster.

/// The lowercase form of `c` when it is a single char of the same UTF-8 length, else `c`.
/// (Every Vietnamese letter lowercases that way, so byte offsets survive lowercasing.)
#[inline]
pub fn lower(c: char) -> char {
    if let Some(l) = fast_lower(c) {
        return l;
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Lowercase by code point arithmetic for the blocks Vietnamese uses; `None` elsewhere.
#[inline]
fn fast_lower(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        0..=0x7f => Some(c.to_ascii_lowercase()),
        0xc0..=0xde if u != 0xd7 => char::from_u32(u + 0x20),
        0xdf..=0xff => Some(c),
        // Latin Extended-A pairs (Ă ă, Đ đ, Ĩ ĩ, Ũ ũ…): upper even, lower odd.
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 => char::from_u32(u | 1),
        // Ơ ơ, Ư ư.
        0x1a0 | 0x1af => char::from_u32(u + 1),
        0x1a1 | 0x1b0 => Some(c),
        // Latin Extended Additional (Ạ ạ … Ỹ ỹ): upper even, lower odd.
        0x1e00..=0x1e95 | 0x1ea0..=0x1eff => char::from_u32(u | 1),
        // Combining marks, punctuation, super- and subscripts and currency signs have no case.
        0x300..=0x36f | 0x2000..=0x20bf => Some(c),
        _ => None,
    }
}

/// True for a letter of any script, with the Latin blocks Vietnamese uses answered first.
/// Combining marks count as letters: in NFD text they are part of the word.
#[inline]
pub fn is_letter(c: char) -> bool {
    is_alphabetic(c) || ('\u{300}'..='\u{36f}').contains(&c)
}

/// `char::is_alphabetic`, answered from the code point for ASCII and the Latin blocks
/// Vietnamese uses (std's table search is slow for them).
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphabetic();
    }
    if (0xc0..=0x24f).contains(&u) {
        return u != 0xd7 && u != 0xf7;
    }
    if (0x1e00..=0x1eff).contains(&u) {
        return true;
    }
    c.is_alphabetic()
}

/// The width in bytes of the char at byte `i` of `s` and whether it is a letter; `None` at
/// the end (or off a char boundary). ASCII and the two- and three-byte letters Vietnamese
/// uses are classified from their bytes; other chars are decoded. (Word scans call this for
/// every byte of a report.)
#[inline(always)]
pub fn letter_at(s: &str, i: usize) -> Option<(usize, bool)> {
    let bytes = s.as_bytes();
    let &b = bytes.get(i)?;
    Some(match b {
        0x00..=0x7f => (1, b.is_ascii_alphabetic()),
        // U+00C0–U+024F except × ÷, and U+1E00–U+1EFF.
        0xC3 => (2, !matches!(bytes.get(i + 1), Some(0x97 | 0xB7))),
        0xC4..=0xC8 => (2, true),
        0xE1 if matches!(bytes.get(i + 1), Some(0xB8..=0xBB)) => (3, true),
        _ => {
            let c = s.get(i..).and_then(|r| r.chars().next())?;
            (c.len_utf8(), is_letter(c))
        }
    })
}

/// ASCII digits written as superscripts (`12` → `¹²`), for rebuilt footnote marks; other
/// chars are kept.
pub fn superscript(digits: &str) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    digits
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| SUP.get(d as usize).copied())
                .unwrap_or(c)
        })
        .collect()
}

/// True for a letter or a digit of any script (`char::is_alphanumeric` with the fast paths of
/// [`is_letter`]).
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if (0xc0..=0x24f).contains(&u) || (0x1e00..=0x1eff).contains(&u) {
        return u != 0xd7 && u != 0xf7;
    }
    c.is_alphanumeric()
}

/// `str::to_lowercase`, with the chars of the blocks Vietnamese uses lowercased by code point
/// arithmetic ([`fast_lower`]) rather than std's table search. Equal to std's answer: std
/// lowercases char by char except `Σ` (final or not depending on the chars around it),
/// whose text is left to std whole, and for every char [`fast_lower`] answers, std's
/// lowercase is that one char (the test `fast_lower_is_std_lowercase` checks them all).
pub fn to_lowercase(s: &str) -> String {
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fast_lower(c) {
            Some(l) => out.push(l),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// True when `c` is an uppercase letter (fast for the Vietnamese Latin blocks).
#[inline]
pub fn is_upper(c: char) -> bool {
    match fast_lower(c) {
        Some(l) => l != c,
        None => c.is_uppercase(),
    }
}

/// A lowercase copy of `s` with the same byte offsets (see [`lower`]).
///
/// Works on the UTF-8 bytes: ASCII is lowercased in bulk, and the two- and three-byte forms of
/// the Latin blocks Vietnamese uses are lowercased by adjusting their last byte (the code
/// point arithmetic of [`lower`] carries over to UTF-8 because upper/lower pairs differ only
/// in bits of the last byte). Other chars go through [`lower`].
pub fn lower_same_len(s: &str) -> String {
    let mut out = s.to_owned();
    lower_tail_in_place(&mut out, 0);
    out
}

/// Lowercases `s[from..]` in place; `from` must be a char boundary (else nothing changes).
///
/// Only chars whose lead byte is `C3` or above can have a non-ASCII lowercase form, and most
/// of those in a report are lowercase letters or punctuation already. The text is read
/// sixteen bytes at a time: [`may_lower`], a test of each byte and the two after it that the
/// compiler turns into vector compares, rules out every char of the chunk at once (the
/// usual case), and only a chunk with a candidate has its lead bytes lowercased one by one.
/// Skipping a chunk is exact: a char [`may_lower`] rejects is left as it is by
/// [`lower_char_at`] (see there), and lowercasing keeps every char's width, so lead bytes
/// stay where they were found.
fn lower_tail_in_place(s: &mut String, from: usize) {
    if !s.is_char_boundary(from) {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above (the only requirement of a
        // `target_feature` function).
        unsafe { lower_leads_avx2(s, from) };
        return;
    }
    lower_leads::<18>(s, from);
}

/// [`lower_leads`] on 32-byte chunks, compiled with AVX2 (twice the bytes per compare).
/// (`unsafe fn` rather than a safe `target_feature` function, which needs Rust 1.86: the
/// crate supports 1.85.)
///
/// # Safety
///
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn lower_leads_avx2(s: &mut String, from: usize) {
    lower_leads::<34>(s, from);
}

/// [`lower_tail_in_place`] on chunks of `W - 2` bytes (a multiple of eight; `W` is the
/// [`window`] size): ASCII in bulk, then the lead bytes of the chunks that may hold an
/// uppercase letter. The answer does not depend on `W`.
#[inline(always)]
fn lower_leads<const W: usize>(s: &mut String, from: usize) {
    let Some(tail) = s.get_mut(from..) else {
        return;
    };
    tail.make_ascii_lowercase();
    let chunk = W - 2;
    let mut at = from;
    while at < s.len() {
        let w = window::<W>(s.as_bytes(), at);
        if any_lane(&w, may_lower) {
            for half in (at..at + chunk).step_by(8) {
                let mut leads = lead_byte_mask(s.as_bytes(), half);
                while leads != 0 {
                    let i = half + (leads.trailing_zeros() / 8) as usize;
                    leads &= leads - 1;
                    lower_char_at(s, i);
                }
            }
        }
        at += chunk;
    }
}

/// False when the byte `l` (followed by `b1`, `b2`) is not the lead byte of a char that
/// [`lower_char_at`] could change: bytes below `C3` (ASCII, continuation bytes, U+0080–U+00BF),
/// and the lowercase letters and caseless signs Vietnamese text is made of: Latin-1 `ß`–`ÿ`
/// (`C3 9F`–`C3 BF`, tested from `A0`), `ă đ ĩ` and the other odd members of the Latin
/// Extended-A pairs U+0100–U+012F and U+014A–U+016F, `ơ ư`, the odd (lowercase) letters of
/// Latin Extended Additional, and General Punctuation, super- and subscripts and currency
/// signs U+2000–U+20BF (`E2 80`–`E2 82`). Each of these is an early return of
/// [`lower_char_at`] or a `Some(false)` of [`upper_to_lower`]; the test
/// `may_lower_rejects_only_unchanged_chars` checks every char.
#[inline(always)]
fn may_lower(l: u8, b1: u8, b2: u8) -> bool {
    let odd1 = b1 & 1 == 1;
    let lower_or_caseless = ((l == 0xC3) & (b1 >= 0xA0))
        | (((l == 0xC4) | ((l == 0xC5) & (b1 >= 0x8A))) & odd1 & (b1 <= 0xAF))
        | ((l == 0xC6) & ((b1 == 0xA1) | (b1 == 0xB0)))
        | ((l == 0xE1) & (b1 & 0xFC == 0xB8) & (b2 & 1 == 1))
        | ((l == 0xE2) & (b1 <= 0x82));
    (l >= 0xC3) & !lower_or_caseless
}

/// The `W` bytes of `b` from `at`, zeros past the end: a chunk of `W - 2` bytes and the two
/// bytes after it, so that a byte test at each position of the chunk can see the two bytes
/// after it (a lead byte's own continuation bytes).
#[inline(always)]
pub(crate) fn window<const W: usize>(b: &[u8], at: usize) -> [u8; W] {
    if let Some(w) = b
        .get(at..at.saturating_add(W))
        .and_then(|s| <[u8; W]>::try_from(s).ok())
    {
        return w;
    }
    let mut w = [0u8; W];
    let tail = b.get(at..).unwrap_or_default();
    let n = tail.len().min(W);
    if let (Some(dst), Some(src)) = (w.get_mut(..n), tail.get(..n)) {
        dst.copy_from_slice(src);
    }
    w
}

/// True when `pred(byte, next, after next)` holds at any of the first `W - 2` positions of a
/// [`window`]. Written lane by lane over fixed-size arrays, with the answers gathered in a
/// byte array rather than a branch per byte, so that the compiler evaluates them all with
/// vector compares (SSE2 on x86-64, AVX2 inside a function compiled for it); `pred` must be
/// branch-free (`&`, `|` on bools).
#[inline(always)]
pub(crate) fn any_lane<const W: usize>(w: &[u8; W], pred: impl Fn(u8, u8, u8) -> bool) -> bool {
    let mut f = [0u8; W];
    let b1s = w.get(1..).unwrap_or_default();
    let b2s = w.get(2..).unwrap_or_default();
    for (((x, &l), &b1), &b2) in f.iter_mut().zip(w.iter()).zip(b1s).zip(b2s) {
        *x = u8::from(pred(l, b1, b2));
    }
    f.iter().fold(0, |acc, &x| acc | x) != 0
}

/// Bit 7 of byte `k` of the result is set when `b[at + k]` is the lead byte of a multi-byte
/// char (bits 7 and 6 set: ≥ `C0`), for the eight bytes from `at`; bytes past the end count as
/// ASCII. Scans that only look at non-ASCII chars walk a text eight bytes at a time with it,
/// passing over ASCII and continuation bytes in bulk: `trailing_zeros() / 8` is the offset of
/// the first lead byte, and `mask &= mask - 1` moves to the next.
#[inline]
pub fn lead_byte_mask(b: &[u8], at: usize) -> u64 {
    let x = crate::packed::load8(b, at);
    x & (x << 1) & 0x8080_8080_8080_8080
}

/// Lowercases the char whose lead byte (≥ `C0`) is at `i`, when it has a same-length
/// lowercase form.
#[inline]
fn lower_char_at(s: &mut String, i: usize) {
    let (lead, b1, b2) = match s.as_bytes().get(i..) {
        Some([a, b, c, ..]) => (*a, *b, *c),
        Some([a, b]) => (*a, *b, 0),
        _ => return,
    };
    // The common lowercase letters, decided from the bytes alone: Latin Extended Additional
    // and A (lowercase is the odd member of each pair), Latin-1 `ß`–`ÿ`, `ơ ư`. U+0080–U+00BF (lead
    // `C2`) have no case.
    let odd = b2 & 1 == 1;
    match (lead, b1) {
        (0x00..=0xC2, _) => return,
        (0xE1, 0xB8 | 0xB9 | 0xBB) if odd => return,
        (0xE1, 0xBA) if odd && (b2 <= 0x95 || b2 >= 0xA0) => return,
        (0xC3, 0x9F..=0xBF) => return,
        // `ă đ ĩ ũ` and `ơ ư`.
        (0xC4, 0x80..=0xAF) if b1 & 1 == 1 => return,
        (0xC6, 0xA1 | 0xB0) => return,
        _ => {}
    }
    let width = match lead {
        0xC3..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    if let Some(l) = upper_to_lower(s, i, width, lead, b1, b2) {
        let mut buf = [0u8; 4];
        s.replace_range(i..i + width, l.encode_utf8(&mut buf));
    }
}

/// The lowercase letter for the char of `width` bytes at `i` (lead byte `lead`, then `b1`,
/// `b2`), when it is an uppercase letter with a same-length lowercase form.
fn upper_to_lower(s: &str, i: usize, width: usize, lead: u8, b1: u8, b2: u8) -> Option<char> {
    // In the paired blocks an even last byte is the uppercase letter of its pair.
    let fast_upper = match (lead, b1, b2) {
        (0xC3, b, _) => Some((0x80..=0x9E).contains(&b) && b != 0x97),
        (0xC4, b, _) if b <= 0xAF || (0xB2..=0xB7).contains(&b) => Some(b % 2 == 0),
        (0xC5, b, _) if (0x8A..=0xB7).contains(&b) => Some(b % 2 == 0),
        // Ơ ơ Ư ư.
        (0xC6, b @ (0xA0 | 0xA1 | 0xAF | 0xB0), _) => Some(b == 0xA0 || b == 0xAF),
        (0xE1, 0xB8 | 0xB9 | 0xBB, b) => Some(b % 2 == 0),
        (0xE1, 0xBA, b) if b <= 0x95 || b >= 0xA0 => Some(b % 2 == 0),
        // General Punctuation, super- and subscripts, currency signs (– “ ” … ² ₫): no case.
        (0xE2, 0x80..=0x82, _) => Some(false),
        _ => None,
    };
    if fast_upper == Some(false) {
        return None;
    }
    let c = s.get(i..i + width)?.chars().next()?;
    let l = lower(c);
    (l != c && l.len_utf8() == width).then_some(l)
}

/// True when `word` lowercases to `target` (which must already be lowercase), without
/// allocating.
pub fn eq_lower(word: &str, target: &str) -> bool {
    word.len() == target.len() && word.chars().map(lower).eq(target.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char the fast paths answer gives the standard library's answer.
    #[test]
    fn fast_paths_agree_with_std() {
        for u in 0..0x2000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut it = c.to_lowercase();
            let std_lower = match (it.next(), it.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            };
            assert_eq!(lower(c), std_lower, "lower U+{u:04X}");
            let combining = (0x300..=0x36f).contains(&u);
            assert_eq!(
                is_letter(c),
                c.is_alphabetic() || combining,
                "letter U+{u:04X}"
            );
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "alphabetic U+{u:04X}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "alnum U+{u:04X}");
            assert_eq!(is_upper(c), c.is_uppercase(), "upper U+{u:04X}");
        }
    }

    /// For every char [`fast_lower`] answers, std's lowercase is exactly that char; and
    /// [`to_lowercase`] is `str::to_lowercase`, `Σ` in every position included.
    #[test]
    fn fast_lower_is_std_lowercase() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(l) = fast_lower(c) {
                assert!(c.to_lowercase().eq([l]), "U+{u:04X}");
            }
        }
        let all: String = (0..0x2000u32).filter_map(char::from_u32).collect();
        assert_eq!(to_lowercase(&all), all.to_lowercase());
        for s in [
            "ΣΑΣ ΟΔΟΣ",
            "Σ",
            "AΣ.",
            "Kè Sắt, NGÀY 5 THÁNG 6 NĂM 2026",
            "İ K Å ẞ Ω",
        ] {
            assert_eq!(to_lowercase(s), s.to_lowercase(), "{s}");
        }
    }

    /// The byte-level lowercasing agrees with [`lower`] char by char.
    #[test]
    fn lower_same_len_agrees_with_lower() {
        let all: String = (0..0x2000u32).filter_map(char::from_u32).collect();
        let expected: String = all.chars().map(lower).collect();
        assert_eq!(lower_same_len(&all), expected);
        let mixed = "Ấp ĐÔNG Hòa – ƯU TIÊN 10% Ǆ İ Ω ẞ Ỹ ĺ";
        assert_eq!(
            lower_same_len(mixed),
            mixed.chars().map(lower).collect::<String>()
        );
    }

    #[test]
    fn letter_at_agrees_with_is_letter() {
        let all: String = (0x20..0x2100u32).filter_map(char::from_u32).collect();
        for (i, c) in all.char_indices() {
            assert_eq!(
                letter_at(&all, i),
                Some((c.len_utf8(), is_letter(c))),
                "{c:?}"
            );
        }
        assert_eq!(letter_at(&all, all.len()), None);
    }

    #[test]
    fn vietnamese_words() {
        assert_eq!(lower_same_len("ĐƯỜNG Kè Sắt"), "đường kè sắt");
        assert!(eq_lower("Khóa", "khóa"));
        assert!(!eq_lower("Khoá", "khóa"));
    }

    /// The byte-by-byte loop [`lower_tail_in_place`] replaced: the oracle. Lowercases `s[from..]` in place; `from` must be a char boundary (else nothing changes).
    fn lower_tail_in_place_bytewise(s: &mut String, from: usize) {
        let Some(tail) = s.get_mut(from..) else {
            return;
        };
        tail.make_ascii_lowercase();
        let mut i = from;
        while let Some(&lead) = s.as_bytes().get(i) {
            if lead < 0xC3 {
                // ASCII (done), a continuation byte, or U+0080–U+00BF (no case): move on.
                i += 1;
                continue;
            }
            let width = match lead {
                0xC3..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let byte = |k: usize| s.as_bytes().get(k).copied().unwrap_or(0);
            if let Some(l) = upper_to_lower(s, i, width, lead, byte(i + 1), byte(i + 2)) {
                let mut buf = [0u8; 4];
                s.replace_range(i..i + width, l.encode_utf8(&mut buf));
            }
            i += width;
        }
    }

    /// The eight-byte lead loop [`lower_tail_in_place`] used before it ruled out sixteen-byte
    /// chunks at once: the second oracle.
    fn lower_tail_by_leads(s: &mut String, from: usize) {
        let Some(tail) = s.get_mut(from..) else {
            return;
        };
        tail.make_ascii_lowercase();
        let mut at = from;
        while at < s.len() {
            let mut leads = lead_byte_mask(s.as_bytes(), at);
            while leads != 0 {
                let i = at + (leads.trailing_zeros() / 8) as usize;
                leads &= leads - 1;
                lower_char_at(s, i);
            }
            at += 8;
        }
    }

    /// Every char whose bytes [`may_lower`] rejects lowercases to itself, so the chunks it
    /// rules out need no look; and it rejects the lowercase Vietnamese letters.
    #[test]
    fn may_lower_rejects_only_unchanged_chars() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let at = |k: usize| b.get(k).copied().unwrap_or(0);
            if !may_lower(at(0), at(1), at(2)) {
                let mut one = c.to_string();
                lower_char_at(&mut one, 0);
                assert_eq!(one, c.to_string(), "U+{u:04X}");
                // ASCII is lowercased in bulk before the scan.
                assert!(u < 0x80 || lower(c) == c, "U+{u:04X}");
            }
            // Continuation bytes are never taken for a lead.
            for &cb in b.iter().skip(1) {
                assert!(!may_lower(cb, 0x80, 0x80));
            }
        }
        for c in "aăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ–“”…".chars()
        {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let at = |k: usize| b.get(k).copied().unwrap_or(0);
            assert!(!may_lower(at(0), at(1), at(2)), "{c}");
        }
    }

    /// Chars lowercasing treats specially: ASCII, Vietnamese precomposed and decomposed
    /// (NFD) letters in both cases, Latin-1 and Latin Extended letters and signs, combining
    /// marks, punctuation, line ends, control chars, other scripts and emoji.
    fn soup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let pieces = proptest::sample::select(vec![
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
            "ABCDEFGH",
            "đ",
            "Đ",
            "ư",
            "Ư",
            "ơ",
            "Ơ",
            "ệ",
            "Ệ",
            "Ế",
            "ổ",
            "Ỗ",
            "ỹ",
            "Ỹ",
            "À",
            "É",
            "×",
            "÷",
            "Ă",
            "ă",
            "Ĩ",
            "Ũ",
            "ǅ",
            "Ǆ",
            "İ",
            "ẞ",
            "Ω",
            "Σ",
            "Я",
            "ĺ",
            "Ĺ",
            "Ŋ",
            "Ł",
            "Ź",
            "ž",
            "\u{13a0}",
            "\u{10a0}",
            "Ÿ",
            "E\u{302}\u{301}",
            "O\u{31b}",
            "a\u{300}",
            "\u{301}",
            "ƣ",
            "Ƣ",
            "\u{a0}",
            "“",
            "”",
            "–",
            "…",
            "⁽¹⁾",
            "³",
            "₫",
            "≥",
            "Ⅳ",
            "Ⓐ",
            "漢",
            "🙂",
            "\u{10400}",
            "\u{10ffff}",
            "\u{80}",
            "\u{7ff}",
            "\u{800}",
        ]);
        proptest::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The lead-byte loop lowercases exactly as the byte-by-byte one and as [`lower`]
        /// char by char, from every char boundary (so every chunk alignment is met).
        #[test]
        fn lead_byte_loop_agrees_with_bytewise_loop(t in soup()) {
            let by_chars: String = t.chars().map(lower).collect();
            proptest::prop_assert_eq!(&lower_same_len(&t), &by_chars);
            for (i, _) in t.char_indices() {
                let (mut fast, mut slow, mut leads) = (t.clone(), t.clone(), t.clone());
                lower_tail_in_place(&mut fast, i);
                lower_tail_in_place_bytewise(&mut slow, i);
                lower_tail_by_leads(&mut leads, i);
                // Both chunk widths, whichever the CPU runs.
                for w in [18, 34] {
                    let mut other = t.clone();
                    if w == 18 {
                        lower_leads::<18>(&mut other, i);
                    } else {
                        lower_leads::<34>(&mut other, i);
                    }
                    proptest::prop_assert_eq!(&other, &slow, "width {} from {}", w, i);
                }
                proptest::prop_assert_eq!(&fast, &slow, "from {}", i);
                proptest::prop_assert_eq!(&fast, &leads, "from {}", i);
            }
        }
    }
}
