//! Products: `67 hộ x 64.300đ/hộ/tháng … quý I, quý II năm 2026 … tổng số tiền 25.848.600 đồng`.
//!
//! Factors are quantities joined by `x`, `×` or `*`; the result is the next money amount in
//! the sentence. When a factor is a rate per month or per year (`đ/hộ/tháng`), the period it
//! applies for is read from the same sentence: quarters named (`quý I, quý II` → 6 months),
//! a duration (`6 tháng`), or `cả năm` / `năm` for a yearly count of months.

use super::block::BlockView;
use super::{Claim, ClaimKind, Period};
use crate::ast::{Dimension, NonQuantityKind, Quantity, TokenKind};
use crate::span::Span;

pub fn extract(v: &BlockView<'_>, out: &mut Vec<Claim>) {
    for sentence in &v.sentences {
        let mut k = sentence.start;
        while k < sentence.end {
            let Some(first) = v.tokens.get(k).and_then(super::text::quantity) else {
                k += 1;
                continue;
            };
            // Borrowed until a claim is made, and `first` joins only with a second factor:
            // most quantities are no factor of anything.
            let mut factors: Vec<&Quantity> = Vec::new();
            let mut m = k + 1;
            loop {
                // The counted noun may stand between a factor and the sign (`20 bộ x …`)
                // when the lexicon does not know it as a unit.
                let sign = (m..m + MAX_NOUN_WORDS + 1)
                    .take_while(|&i| i == m || is_word(v, i - 1))
                    .find(|&i| is_times(v, i));
                let Some(sign) = sign else { break };
                match v.tokens.get(sign + 1).and_then(super::text::quantity) {
                    Some(q) => {
                        if factors.is_empty() {
                            factors.push(first);
                        }
                        factors.push(q);
                        m = sign + 2;
                    }
                    None => break,
                }
            }
            // Only an amount of money is computed this way in a report: one factor must be
            // money or a price per unit (`64.300đ/hộ/tháng`). `20 x 40 m` is a size.
            if factors.len() < 2 || !factors.iter().any(|f| is_price(f)) {
                k = m.max(k + 1);
                continue;
            }
            let result = (m..sentence.end).find_map(|r| {
                v.tokens
                    .get(r)
                    .and_then(super::text::quantity)
                    .filter(|q| q.dimension() == Some(Dimension::Money))
            });
            if let Some(result) = result {
                // `x 12 tháng` among the factors already states the period.
                let explicit = factors
                    .iter()
                    .any(|f| f.dimension() == Some(Dimension::Time));
                let per = if explicit {
                    None
                } else {
                    factors.iter().find_map(|f| rate_period(f))
                };
                let period = per.and_then(|p| period_in(v, sentence.clone(), p));
                let span = factors.iter().fold(result.span, |s, f| s.join(f.span));
                out.push(Claim {
                    span,
                    block: v.index,
                    kind: ClaimKind::Product {
                        factors: factors.into_iter().cloned().collect(),
                        result: Box::new(result.clone()),
                        period: period.map(Box::new),
                    },
                    assumptions: Vec::new(),
                });
            }
            k = m;
        }
    }
}

/// Words allowed between a factor and the times sign.
const MAX_NOUN_WORDS: usize = 2;

fn is_word(v: &BlockView<'_>, i: usize) -> bool {
    matches!(v.tokens.get(i).map(|t| &t.kind), Some(TokenKind::Word))
        && !matches!(v.token_text(i), "x" | "X")
}

fn is_price(q: &Quantity) -> bool {
    match &q.unit {
        Some(u) if u.dimension == Dimension::Money => true,
        Some(u) if u.dimension == Dimension::Rate => {
            let head = u.name.split('/').next().unwrap_or("");
            matches!(head, "đồng" | "đ" | "vnđ")
        }
        _ => false,
    }
}

fn is_times(v: &BlockView<'_>, i: usize) -> bool {
    match v.tokens.get(i).map(|t| &t.kind) {
        Some(TokenKind::Punct {
            ch: '×' | '*' | 'x' | 'X',
        }) => true,
        Some(TokenKind::Word) => matches!(v.token_text(i), "x" | "X"),
        _ => false,
    }
}

/// `đồng/hộ/tháng` → `tháng`.
fn rate_period(q: &Quantity) -> Option<&'static str> {
    let u = q.unit.as_ref()?;
    if u.name.ends_with("/tháng") {
        Some("tháng")
    } else if u.name.ends_with("/năm") {
        Some("năm")
    } else {
        None
    }
}

fn period_in(v: &BlockView<'_>, sentence: std::ops::Range<usize>, per: &str) -> Option<Period> {
    let mut quarters: Vec<&str> = Vec::new();
    let mut quarter_span: Option<Span> = None;
    for i in sentence.clone() {
        let t = v.tokens.get(i)?;
        let w = v.token_text(i);
        // `quý I, quý II`: the numeral after `quý`.
        if w.eq_ignore_ascii_case("quý") || w == "Quý" {
            if let Some(n) = v.tokens.get(i + 1) {
                let numeral = v.text.get(n.span.range()).unwrap_or("");
                if matches!(numeral, "I" | "II" | "III" | "IV" | "1" | "2" | "3" | "4")
                    && !quarters.contains(&numeral)
                {
                    quarters.push(numeral);
                    let s = t.span.join(n.span);
                    quarter_span = Some(quarter_span.map_or(s, |q| q.join(s)));
                }
            }
        }
        if let TokenKind::Quantity(q) = &t.kind {
            if q.dimension() == Some(Dimension::Time)
                && q.unit.as_ref().is_some_and(|u| u.name == per)
                && q.value.is_integer()
            {
                let count = rust_decimal::prelude::ToPrimitive::to_u32(&q.value)?;
                return Some(Period {
                    count,
                    per: per.to_string(),
                    span: q.span,
                });
            }
        }
        if let TokenKind::NonQuantity {
            what: NonQuantityKind::Period,
        } = &t.kind
        {
            // `6 tháng đầu năm`: the leading number is the count of months.
            let text = v.text.get(t.span.range()).unwrap_or("");
            let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
            if per == "tháng" && text.contains("tháng") {
                if let Ok(count) = digits.parse::<u32>() {
                    return Some(Period {
                        count,
                        per: per.to_string(),
                        span: t.span,
                    });
                }
            }
        }
    }
    if per == "tháng" && !quarters.is_empty() {
        return Some(Period {
            count: 3 * quarters.len() as u32,
            per: per.to_string(),
            span: quarter_span?,
        });
    }
    None
}
