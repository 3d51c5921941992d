//! Number literals (nom): `39.554`, `1.113,6`, `75,5`, `02`, `13.82` (ambiguous), `1000`,
//! `6.413.384.669`. See `../shared/PRIMER.md` §3.
//!
//! Policy (vi-VN first, never guess silently):
//! - `.` followed by exactly three digits, after a head of 1–3 digits, groups thousands; the
//!   groups continue while each next `.` is followed by exactly three digits. A `,` after the
//!   groups starts the decimals (`1.113,6`).
//! - `.` followed by 1–2 or 4+ digits (or after a head of 4+ digits) is a decimal dot as in
//!   `13.82%`: the decimal reading is preferred, the digits read as one integer are `alt`,
//!   reading `Ambiguous`.
//! - `,` followed by exactly three digits with no dot groups (`140,583`) is the vi-VN decimal
//!   comma, but an en-US writer may have meant grouping: `Ambiguous`, `alt` the integer.
//!   Two or more `,ddd` groups (`1,234,567`) can only be en-US grouping: Certain integer with
//!   `group_mark` `,`.
//! - Malformed groupings keep the longest valid prefix: `1.234.56` → `1.234` (1234, the `.56`
//!   is left to the caller); `1.23.456` → `1.23` (ambiguous 1,23 / 123, `.456` left).
//! - A digit run too long for `Decimal` (28+ significant digits) is consumed whole, with its
//!   separators and digits, in one linear pass: value 0, reading `Damaged`.

use crate::ast::{NumberLit, Reading};
use crate::span::Span;
use nom::character::complete::digit1;
use nom::IResult;
use nom::Parser;
use rust_decimal::Decimal;

/// Maximum significant digits we accept (rust_decimal holds 28–29; stay on the safe side).
const MAX_DIGITS: usize = 27;

fn digits(input: &str) -> IResult<&str, &str> {
    digit1(input)
}

/// `sep` followed by a digit run; returns the run.
fn sep_digits(sep: char) -> impl Fn(&str) -> IResult<&str, &str> {
    move |input: &str| {
        let (rest, _) = nom::character::complete::char(sep).parse(input)?;
        digits(rest)
    }
}

/// Builds `int_digits` + `frac_digits` as a Decimal with `frac_digits.len()` decimals.
fn build(int_parts: &[&str], frac: &str) -> Option<Decimal> {
    let mut mant: u128 = 0;
    let mut significant = 0usize;
    for part in int_parts.iter().chain(std::iter::once(&frac)) {
        for b in part.bytes() {
            let d = u128::from(b.wrapping_sub(b'0'));
            if mant > 0 || d > 0 {
                significant += 1;
            }
            if significant > MAX_DIGITS {
                return None;
            }
            mant = mant.checked_mul(10)?.checked_add(d)?;
        }
    }
    let scale = u32::try_from(frac.len()).ok()?;
    if scale > 28 {
        return None;
    }
    let m = i128::try_from(mant).ok()?;
    Decimal::try_from_i128_with_scale(m, scale).ok()
}

/// Length of the run of digits and `.`/`,` separators that are followed by a digit.
fn numeric_run_len(input: &str) -> usize {
    let b = input.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let sep_then_digit =
            (c == b'.' || c == b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(c.is_ascii_digit() || sep_then_digit) {
            break;
        }
        i += 1;
    }
    i
}

fn damaged(offset: usize, len: usize) -> (NumberLit, usize) {
    (
        NumberLit {
            span: Span::new(offset, offset + len),
            value: Decimal::ZERO,
            alt: None,
            decimals: 0,
            reading: Reading::Damaged,
            zero_padded: false,
            decimal_mark: None,
            group_mark: None,
        },
        len,
    )
}

/// Parses the number literal at the start of `input`; `offset` is the position of `input` in
/// the logical text (for the span). Returns the literal and the number of bytes consumed.
///
/// Most numbers of a report are a bare digit run (`2025`, `13`, `04`): a run of at most 19
/// digits (a `u64`, far below [`MAX_DIGITS`]) with no `.`/`,` and digit after it is read
/// here directly; [`parse_number_full`] gives the same literal for it (no group, no
/// decimals, `Certain`), and reads everything else.
pub fn parse_number(input: &str, offset: usize) -> Option<(NumberLit, usize)> {
    let b = input.as_bytes();
    let mut n = 0;
    let mut v: u64 = 0;
    while let Some(&c) = b.get(n).filter(|c| c.is_ascii_digit()) {
        if n == 19 {
            return parse_number_full(input, offset);
        }
        v = v * 10 + u64::from(c - b'0');
        n += 1;
    }
    if n == 0 {
        return None;
    }
    if matches!(b.get(n), Some(b'.' | b',')) && b.get(n + 1).is_some_and(u8::is_ascii_digit) {
        return parse_number_full(input, offset);
    }
    Some((
        NumberLit {
            span: Span::new(offset, offset + n),
            value: Decimal::from(v),
            alt: None,
            decimals: 0,
            reading: Reading::Certain,
            zero_padded: n > 1 && b.first() == Some(&b'0'),
            decimal_mark: None,
            group_mark: None,
        },
        n,
    ))
}

/// [`parse_number`] for every form (the nom parser).
fn parse_number_full(input: &str, offset: usize) -> Option<(NumberLit, usize)> {
    let (mut rest, head) = digits(input).ok()?;
    let zero_padded = head.len() > 1 && head.starts_with('0');
    // Up to 10 groups: more would exceed MAX_DIGITS anyway (no allocation per number).
    let mut parts: [&str; 10] = [""; 10];
    parts[0] = head;
    let mut n_parts = 1usize;
    let mut frac: &str = "";
    let mut decimal_mark = None;
    let mut group_mark = None;
    let mut reading = Reading::Certain;
    let mut alt = None;

    // A digit run that cannot be a number: consume everything numeric-looking at once.
    if head.trim_start_matches('0').len() > MAX_DIGITS {
        return Some(damaged(offset, numeric_run_len(input)));
    }

    let followed_by_digit = |s: &str| s.as_bytes().first().is_some_and(u8::is_ascii_digit);

    if let Ok((after, g)) = sep_digits('.')(rest) {
        if g.len() == 3 && head.len() <= 3 {
            // Thousands groups.
            group_mark = Some('.');
            parts[1] = g;
            n_parts = 2;
            rest = after;
            while let Ok((after, g)) = sep_digits('.')(rest) {
                if g.len() != 3 {
                    break;
                }
                let Some(slot) = parts.get_mut(n_parts) else {
                    return Some(damaged(offset, numeric_run_len(input)));
                };
                *slot = g;
                n_parts += 1;
                rest = after;
            }
            if let Ok((after, f)) = sep_digits(',')(rest) {
                frac = f;
                decimal_mark = Some(',');
                rest = after;
            }
        } else {
            // Decimal dot (`13.82`), or a dot after a long head (`2025.5`).
            frac = g;
            decimal_mark = Some('.');
            reading = Reading::Ambiguous;
            rest = after;
            alt = build(&[head, g], "");
        }
    } else if let Ok((after, f)) = sep_digits(',')(rest) {
        if f.len() == 3 && head.len() <= 3 && head != "0" {
            // `140,583`: vi-VN decimal or en-US grouping; `1,234,567`: only grouping.
            let mut groups: [&str; 10] = [""; 10];
            groups[0] = head;
            groups[1] = f;
            let mut n_groups = 2usize;
            let mut r = after;
            while let Ok((a, g)) = sep_digits(',')(r) {
                if g.len() != 3 {
                    break;
                }
                let Some(slot) = groups.get_mut(n_groups) else {
                    return Some(damaged(offset, numeric_run_len(input)));
                };
                *slot = g;
                n_groups += 1;
                r = a;
            }
            if n_groups > 2 && !followed_by_digit(r) {
                group_mark = Some(',');
                parts = groups;
                n_parts = n_groups;
                rest = r;
            } else {
                frac = f;
                decimal_mark = Some(',');
                reading = Reading::Ambiguous;
                alt = build(&[head, f], "");
                rest = after;
            }
        } else {
            frac = f;
            decimal_mark = Some(',');
            rest = after;
        }
    }

    let consumed = input.len() - rest.len();
    let value = match build(parts.get(..n_parts).unwrap_or(&[]), frac) {
        Some(v) => v,
        None => return Some(damaged(offset, numeric_run_len(input))),
    };
    if alt.is_none() && reading == Reading::Ambiguous {
        reading = Reading::Certain;
    }
    Some((
        NumberLit {
            span: Span::new(offset, offset + consumed),
            value,
            alt,
            decimals: u32::try_from(frac.len()).unwrap_or(u32::MAX),
            reading,
            zero_padded,
            decimal_mark,
            group_mark,
        },
        consumed,
    ))
}

/// The value of a canonical Roman numeral (`XIV` → 14) up to 3999; `None` for anything else
/// (`CCCD`, `DC`-like abbreviations that merely use the letters).
pub fn roman_value(s: &str) -> Option<u32> {
    // Words after a context noun are tested here and almost none is a numeral: any byte
    // other than the seven letters fails the char map of `roman_value_by_map` anyway,
    // without its allocation.
    if !s
        .bytes()
        .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
    {
        return None;
    }
    roman_value_by_map(s)
}

/// [`roman_value`] without the byte pre-check: each char through the letter map.
fn roman_value_by_map(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let val = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Vec<i64> = s.chars().map(val).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (k, &d) in digits.iter().enumerate() {
        match digits.get(k + 1) {
            Some(&next) if next > d => total -= d,
            _ => total += d,
        }
    }
    // Canonical form check: re-encode and compare.
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = total;
    let mut out = String::new();
    for (v, r) in table {
        while n >= v {
            out.push_str(r);
            n -= v;
        }
    }
    (total > 0 && total < 4000 && out == s).then(|| u32::try_from(total).ok())?
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn p(s: &str) -> (NumberLit, usize) {
        parse_number(s, 10).unwrap()
    }

    #[test]
    fn vi_vn_grouping_and_decimals() {
        let (n, len) = p("39.554 người");
        assert_eq!(
            (n.value, len, n.reading, n.group_mark),
            (d("39554"), 6, Reading::Certain, Some('.'))
        );
        assert_eq!(n.span, Span::new(10, 16));
        let (n, _) = p("1.113,6");
        assert_eq!(
            (n.value, n.decimals, n.decimal_mark),
            (d("1113.6"), 1, Some(','))
        );
        assert_eq!(p("6.413.384.669").0.value, d("6413384669"));
        assert_eq!(p("75,5%").0.value, d("75.5"));
        let (n, _) = p("0,5");
        assert!(!n.zero_padded);
        assert_eq!(n.value, d("0.5"));
    }

    #[test]
    fn ambiguous_forms() {
        let (n, len) = p("13.82%");
        assert_eq!(
            (n.value, n.alt, n.reading, len),
            (d("13.82"), Some(d("1382")), Reading::Ambiguous, 5)
        );
        let (n, _) = p("140,583");
        assert_eq!(
            (n.value, n.alt, n.reading),
            (d("140.583"), Some(d("140583")), Reading::Ambiguous)
        );
        assert_eq!(p("1.2345").0.alt, Some(d("12345")));
    }

    #[test]
    fn padded_overflow_malformed() {
        assert!(p("03").0.zero_padded);
        assert!(!p("0").0.zero_padded);
        let big = "9".repeat(1_000_000);
        let (n, len) = p(&big);
        assert_eq!(
            (n.reading, len, n.value),
            (Reading::Damaged, 1_000_000, Decimal::ZERO)
        );
        let (n, len) = p("1.234.56");
        assert_eq!((n.value, len), (d("1234"), 5));
        let (n, len) = p("1.23.456");
        assert_eq!(
            (n.value, len, n.reading),
            (d("1.23"), 4, Reading::Ambiguous)
        );
        assert!(parse_number("abc", 0).is_none());
        assert!(parse_number("", 0).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// The bare-digit-run path gives the literal the nom parser gives, on digit runs
        /// of every length around the `u64` cut, with separators, zero padding and letters.
        #[test]
        fn digit_run_path_agrees_with_the_full_parser(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    '0', '0', '1', '2', '5', '9', '9', '7', '3', '.', ',', 'a', ' ', '%', '/',
                    'ệ',
                ]),
                0..32,
            ),
            run in 0usize..24,
        ) {
            let mut t = "9".repeat(run);
            t.extend(chars);
            let fast = parse_number(&t, 5);
            let full = parse_number_full(&t, 5);
            proptest::prop_assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{}", t);
            if let (Some((a, _)), Some((b, _))) = (fast, full) {
                proptest::prop_assert_eq!(a.value.scale(), b.value.scale());
                proptest::prop_assert_eq!(a.value.to_string(), b.value.to_string());
            }
        }

        /// The byte pre-check of `roman_value` rejects only what the char map rejects.
        #[test]
        fn roman_pre_check_changes_no_answer(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'I', 'V', 'X', 'L', 'C', 'D', 'M', 'i', 'x', 'A', 'Ⅻ', '.', 'Đ',
                ]),
                0..8,
            ),
        ) {
            let t: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(roman_value(&t), roman_value_by_map(&t), "{}", t);
        }
    }
}
