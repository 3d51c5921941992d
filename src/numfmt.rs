//! Formats values the way a Vietnamese report writes them: `.` groups thousands, `,` marks
//! decimals (`1.113,6`). Messages quote computed values in this form so a signer can copy them.

use rust_decimal::Decimal;

/// `1113.6` → `1.113,6`; `-4` → `-4`. Trailing zeros after the decimal mark are dropped.
pub fn vi(value: Decimal) -> String {
    let v = value.normalize();
    let s = v.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// Like [`vi`], but pads an integer to `width` digits with leading zeros (reports write
/// `03 hồ sơ`; a suggested correction should read `04`, not `4`).
pub fn vi_padded(value: Decimal, width: usize) -> String {
    let s = vi(value);
    if value.is_integer() && !value.is_sign_negative() && s.len() < width {
        format!("{}{}", "0".repeat(width - s.len()), s)
    } else {
        s
    }
}

/// `value` rounded to `decimals` places, in vi-VN form (`99,81`).
pub fn vi_round(value: Decimal, decimals: u32) -> String {
    vi(value.round_dp(decimals))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn formats_vi_vn() {
        assert_eq!(vi(d("1113.6")), "1.113,6");
        assert_eq!(vi(d("6413384669")), "6.413.384.669");
        assert_eq!(vi(d("16")), "16");
        assert_eq!(vi(d("999")), "999");
        assert_eq!(vi(d("1000")), "1.000");
        assert_eq!(vi(d("0.50")), "0,5");
        assert_eq!(vi(d("-4")), "-4");
        assert_eq!(vi(d("99.8084")), "99,8084");
        assert_eq!(vi_round(d("99.8084"), 2), "99,81");
    }

    #[test]
    fn pads_like_the_text() {
        assert_eq!(vi_padded(d("4"), 2), "04");
        assert_eq!(vi_padded(d("12"), 2), "12");
        assert_eq!(vi_padded(d("4"), 1), "4");
    }
}
