//! Interval arithmetic at printed precision.
//!
//! A written value stands for an interval fixed by how it is printed: counts are exact;
//! `75,5` is [75,45; 75,55] when the writer rounded and [75,5; 75,6) when they truncated.
//! Reports do both, so a figure's *loose* interval covers both readings: [v − r/2, v + r].
//! Two statements are inconsistent only when their loose intervals do not overlap (the
//! method of XBRL Calculations 1.1). All arithmetic is on `Decimal`.

use crate::ast::Quantity;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
    /// The upper bound is excluded: a truncated `99%` stands for [99; 100), so an exact 100 %
    /// does not fit it.
    pub hi_open: bool,
}

impl Interval {
    pub fn point(v: Decimal) -> Self {
        Interval {
            lo: v,
            hi: v,
            hi_open: false,
        }
    }

    /// The loose interval of a value printed with resolution `r` (rounded or truncated).
    pub fn printed(v: Decimal, r: Decimal, exact: bool) -> Self {
        if exact || r.is_zero() {
            return Interval::point(v);
        }
        let half = r / Decimal::TWO;
        Interval {
            lo: v - half,
            hi: v + r,
            hi_open: true,
        }
    }

    /// Interval of a quantity in its dimension's base unit (unit factor applied).
    pub fn of(q: &Quantity) -> Self {
        let f = q.unit.as_ref().map_or(Decimal::ONE, |u| u.factor);
        Interval::printed(q.value * f, q.resolution * f, q.exact)
    }

    pub fn overlaps(self, o: Interval) -> bool {
        let below = |lo: Decimal, hi: Decimal, open: bool| if open { lo < hi } else { lo <= hi };
        below(self.lo, o.hi, o.hi_open) && below(o.lo, self.hi, self.hi_open)
    }

    /// Widens by a relative margin (for hedged values: `khoảng`, `hơn`…).
    pub fn widen(self, rel: Decimal) -> Interval {
        let m = self.lo.abs().max(self.hi.abs()) * rel;
        Interval {
            lo: self.lo - m,
            hi: self.hi + m,
            hi_open: self.hi_open,
        }
    }
}

impl std::ops::Add for Interval {
    type Output = Interval;
    fn add(self, o: Interval) -> Interval {
        Interval {
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
            hi_open: self.hi_open || o.hi_open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounded_and_truncated_readings_both_fit() {
        // 130,8 / 106,9 = 1,22357…: written 122,3 % (truncated) must be accepted.
        let written = Interval::printed(d("122.3"), d("0.1"), false);
        assert!(written.overlaps(Interval::point(d("122.357"))));
        // 99,9 % for 521/522 = 99,808…: neither rounding (99,8) nor truncation (99,8) fits.
        let written = Interval::printed(d("99.9"), d("0.1"), false);
        assert!(!written.overlaps(Interval::point(d("99.808"))));
    }

    #[test]
    fn sums_of_rounded_parts() {
        // 14 tỷ 917 triệu + 105 tỷ 506 triệu vs 120 tỷ 423 triệu (each rounded to the million).
        let m = d("1000000");
        let a = Interval::printed(d("14917") * m, m, false);
        let b = Interval::printed(d("105506") * m, m, false);
        let t = Interval::printed(d("120423") * m, m, false);
        assert!((a + b).overlaps(t));
        let t2 = Interval::printed(d("120426") * m, m, false);
        assert!(!(a + b).overlaps(t2));
    }

    #[test]
    fn truncation_excludes_the_next_value() {
        // 94/94 = 100 % is not "99 %" under either reading.
        let written = Interval::printed(d("99"), d("1"), false);
        assert!(!written.overlaps(Interval::point(d("100"))));
        assert!(written.overlaps(Interval::point(d("99.99"))));
        assert!(written.overlaps(Interval::point(d("98.5"))));
    }

    #[test]
    fn exact_counts_are_points() {
        let a = Interval::printed(d("13"), d("1"), true);
        let b = Interval::printed(d("3"), d("1"), true);
        assert!(!(a + b).overlaps(Interval::point(d("17"))));
        assert!((a + b).overlaps(Interval::point(d("16"))));
    }
}
