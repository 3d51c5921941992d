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

/// Money the way reports write it with scale words: `52262391000` → `52 tỷ 262 triệu 391
/// nghìn`. Falls back to [`vi`] when the value has a part below a thousand or is fractional.
pub fn vi_scaled(value: Decimal) -> String {
    let thousand = Decimal::from(1000);
    if !value.is_integer()
        || value.is_sign_negative()
        || !(value % thousand).is_zero()
        || value.is_zero()
    {
        return vi(value);
    }
    let scales = [
        (Decimal::from(1_000_000_000u64), "tỷ"),
        (Decimal::from(1_000_000u64), "triệu"),
        (thousand, "nghìn"),
    ];
    let mut rest = value;
    let mut parts = Vec::new();
    for (i, (unit, word)) in scales.iter().enumerate() {
        let n = (rest / unit).trunc();
        rest -= n * unit;
        if i == 0 {
            // Everything above a tỷ stays in tỷ (`1.200 tỷ`).
            if !n.is_zero() {
                parts.push(format!("{} {word}", vi(n)));
            }
        } else if !n.is_zero() {
            parts.push(format!("{} {word}", n));
        }
    }
    parts.join(" ")
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
    fn money_with_scale_words() {
        assert_eq!(vi_scaled(d("52262391000")), "52 tỷ 262 triệu 391 nghìn");
        assert_eq!(vi_scaled(d("120523000000")), "120 tỷ 523 triệu");
        assert_eq!(vi_scaled(d("1200000000000")), "1.200 tỷ");
        assert_eq!(vi_scaled(d("40000000")), "40 triệu");
        assert_eq!(vi_scaled(d("25848600")), "25.848.600");
    }

    #[test]
    fn pads_like_the_text() {
        assert_eq!(vi_padded(d("4"), 2), "04");
        assert_eq!(vi_padded(d("12"), 2), "12");
        assert_eq!(vi_padded(d("4"), 1), "4");
    }
}
