//! Property tests for the number parser: a Decimal written in every vi-VN style parses back to
//! the same value and the same number of decimals (precision).

use doisoat::ast::{Reading, TokenKind};
use doisoat::lexicon::Lexicon;
use doisoat::parse::inline::tokenize;
use doisoat::parse::number::parse_number;
use doisoat::span::Span;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// `1234567` → `1.234.567`.
fn grouped(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The integer and fraction digits of `d` as printed with exactly `scale` decimals.
fn digits(d: Decimal) -> (String, String) {
    let s = d.abs().to_string();
    match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s, String::new()),
    }
}

fn vi(int: &str, frac: &str, group: bool) -> String {
    let mut s = if group { grouped(int) } else { int.to_string() };
    if !frac.is_empty() {
        s.push(',');
        s.push_str(frac);
    }
    s
}

fn check(written: &str, want: Decimal, decimals: u32) -> Result<(), TestCaseError> {
    let input = format!("{written} hồ sơ");
    let (lit, used) = parse_number(&input, 5).ok_or_else(|| TestCaseError::fail("no number"))?;
    prop_assert_eq!(used, written.len(), "{}", written);
    prop_assert_eq!(lit.span, Span::new(5, 5 + written.len()));
    prop_assert_eq!(lit.value, want, "{}", written);
    prop_assert_eq!(lit.decimals, decimals, "{}", written);
    prop_assert_ne!(lit.reading, Reading::Damaged);
    // The tokenizer, with a count noun after it, reads the same value.
    let lex = Lexicon::builtin();
    let toks = tokenize(&input, Span::new(0, input.len()), &lex);
    let q = toks.iter().find_map(|t| match &t.kind {
        TokenKind::Quantity(q) => Some(q.value),
        _ => None,
    });
    prop_assert_eq!(q, Some(want), "{}", written);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// `1.234.567,89` and `1234567,89`, 0–4 decimals, trailing zeros kept (`12,50` → 2).
    #[test]
    fn grouped_and_ungrouped_round_trip(mant in 0i64..1_000_000_000_000_000, scale in 0u32..=4) {
        let d = Decimal::new(mant, scale);
        let (int, frac) = digits(d);
        prop_assert_eq!(frac.len() as u32, scale);
        check(&vi(&int, &frac, true), d, scale)?;
        check(&vi(&int, &frac, false), d, scale)?;
    }

    /// Zero-padded counts: `03`, `007`.
    #[test]
    fn zero_padded_counts(n in 0u32..100, width in 2usize..=3) {
        let written = format!("{n:0width$}");
        let input = format!("{written} hồ sơ");
        let (lit, used) = parse_number(&input, 0).ok_or_else(|| TestCaseError::fail("no number"))?;
        prop_assert_eq!(used, written.len());
        prop_assert_eq!(lit.value, Decimal::from(n));
        prop_assert_eq!(lit.decimals, 0);
        prop_assert_eq!(lit.zero_padded, written.starts_with('0'));
        prop_assert_eq!(lit.reading, Reading::Certain);
    }
}

#[test]
fn examples_of_each_style() {
    check("1.234.567,89", Decimal::new(123456789, 2), 2).unwrap();
    check("1234567,89", Decimal::new(123456789, 2), 2).unwrap();
    check("12,50", Decimal::new(1250, 2), 2).unwrap();
    check("0,05", Decimal::new(5, 2), 2).unwrap();
}
