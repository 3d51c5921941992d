//! Units of table cells. Plans end with an appendix table whose unit column (`Đơn vị tính`,
//! `ĐVT`) says what every figure in the row measures (`%`, `Tỷ đồng`, `Triệu đồng/ha`,
//! `Lượt/năm`, `Cơ sở`). The tokenizer sees a cell's `19` alone; this pass gives it the
//! row's unit, folding a scale word into the value (`Tỷ đồng`: 210 → 210 000 000 000 đồng).

use crate::ast::{BlockKind, Dimension, Document, Quantity, TokenKind, UnitName, UnitRef};
use crate::lexicon::{normalize_keyword, Lexicon};
use crate::span::Span;
use rust_decimal::Decimal;

/// Header words that name the unit column (not a bare `Đơn vị`: that heads a column of
/// organisational units — villages, offices).
const UNIT_HEADERS: &[&str] = &["đơn vị tính", "đvt"];

pub fn apply_units(doc: &mut Document, range: std::ops::Range<usize>, text: &str, lex: &Lexicon) {
    let mut unit_col: Option<usize> = None;
    for block in doc.blocks.get_mut(range).unwrap_or_default() {
        let BlockKind::TableRow { cells, header } = &block.kind else {
            unit_col = None;
            continue;
        };
        if *header {
            unit_col = cells.iter().position(|c| {
                let h = normalize_keyword(text.get(c.range()).unwrap_or(""));
                UNIT_HEADERS.contains(&h.as_str())
            });
            continue;
        }
        let Some(col) = unit_col else { continue };
        let Some(unit_cell) = cells.get(col).copied() else {
            continue;
        };
        let Some((unit, scale)) =
            resolve(text.get(unit_cell.range()).unwrap_or(""), unit_cell, lex)
        else {
            continue;
        };
        for token in &mut block.tokens {
            let in_other_cell = cells
                .iter()
                .enumerate()
                .any(|(i, c)| i != col && c.contains(token.span));
            if !in_other_cell {
                continue;
            }
            match &mut token.kind {
                TokenKind::Quantity(q) => give_unit(q, &unit, scale),
                TokenKind::Range(r) => {
                    give_unit(&mut r.low, &unit, scale);
                    give_unit(&mut r.high, &unit, scale);
                }
                _ => {}
            }
        }
    }
}

fn give_unit(q: &mut Quantity, unit: &UnitRef, scale: Decimal) {
    if q.unit.is_some() {
        return;
    }
    q.value *= scale;
    q.resolution *= scale;
    if scale != Decimal::ONE {
        q.exact = false;
    }
    q.unit = Some(unit.clone());
}

/// The unit a unit cell names, and the scale word's multiplier if it has one.
fn resolve(cell: &str, span: Span, lex: &Lexicon) -> Option<(UnitRef, Decimal)> {
    let key = normalize_keyword(cell);
    if key.is_empty() {
        return None;
    }
    // Lexicon names are borrowed (interned): every figure of the column copies this unit.
    let unit = |name: UnitName, dimension, factor| UnitRef {
        name,
        dimension,
        factor,
        span,
    };
    let cell_name = || UnitName::owned(cell.trim().to_string());
    if key.contains('/') {
        return Some((
            unit(cell_name(), Dimension::Rate, Decimal::ONE),
            Decimal::ONE,
        ));
    }
    let (scale, rest) = lex.split_scale(&key);
    if let Some(u) = lex.units.iter().find(|u| u.alias == rest) {
        return Some((
            unit(UnitName::Borrowed(u.name), u.dimension, u.factor),
            scale,
        ));
    }
    if let Some(i) = lex.count_nouns.iter().position(|n| n == rest) {
        let name = match lex.count_names.get(i) {
            Some(&n) => UnitName::Borrowed(n),
            None => UnitName::owned(rest.to_string()),
        };
        return Some((unit(name, Dimension::Count, Decimal::ONE), scale));
    }
    Some((unit(cell_name(), Dimension::Other, Decimal::ONE), scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_unit_cells() {
        let lex = Lexicon::builtin();
        let s = Span::default();
        let (u, f) = resolve("Tỷ đồng", s, &lex).unwrap();
        assert_eq!(
            (&*u.name, u.dimension, f),
            ("đồng", Dimension::Money, Decimal::from(1_000_000_000u64))
        );
        let (u, f) = resolve("%", s, &lex).unwrap();
        assert_eq!(
            (&*u.name, u.dimension, f),
            ("%", Dimension::Percent, Decimal::ONE)
        );
        let (u, _) = resolve("Triệu đồng/ha", s, &lex).unwrap();
        assert_eq!(u.dimension, Dimension::Rate);
        let (u, _) = resolve("Cơ sở", s, &lex).unwrap();
        assert_eq!((&*u.name, u.dimension), ("cơ sở", Dimension::Count));
        let (u, _) = resolve("Lần", s, &lex).unwrap();
        assert_eq!(u.dimension, Dimension::Count);
        assert!(resolve("  ", s, &lex).is_none());
    }
}
