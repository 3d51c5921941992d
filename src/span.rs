//! Spans and offset maps.
//!
//! Every stage after decoding works on a *derived* text (normalised, reflowed), but every
//! finding must point into the user's original file. An [`OffsetMap`] maps byte offsets of a
//! derived text back to the text it was derived from; maps compose, so the logical text the
//! parser sees maps to the decoded source in one lookup.

use serde::Serialize;
use std::ops::Range;

/// A byte range in the logical (analysed) text of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One piece of a piecewise map: derived offsets from `derived` on map to `base` on.
/// When `linear` is false the piece was rewritten (e.g. NFC recomposition changed its length)
/// and every offset inside it maps to the piece's start in the base text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    derived: usize,
    base: usize,
    linear: bool,
}

/// Maps byte offsets in a derived text to byte offsets in its base text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    anchors: Vec<Anchor>,
}

impl OffsetMap {
    /// The identity map (derived text == base text).
    pub fn identity() -> Self {
        OffsetMap {
            anchors: vec![Anchor {
                derived: 0,
                base: 0,
                linear: true,
            }],
        }
    }

    /// A map that shifts every offset by `delta` (e.g. a stripped BOM).
    pub fn shifted(delta: usize) -> Self {
        OffsetMap {
            anchors: vec![Anchor {
                derived: 0,
                base: delta,
                linear: true,
            }],
        }
    }

    /// Starts a piece at `derived` that copies the base text from `base` on.
    /// Pieces must be pushed in increasing `derived` order.
    pub fn push_copy(&mut self, derived: usize, base: usize) {
        self.push(Anchor {
            derived,
            base,
            linear: true,
        });
    }

    /// Starts a piece at `derived` whose bytes all stand for the base offset `base`
    /// (rewritten text, inserted separators).
    pub fn push_opaque(&mut self, derived: usize, base: usize) {
        self.push(Anchor {
            derived,
            base,
            linear: false,
        });
    }

    fn push(&mut self, a: Anchor) {
        if let Some(last) = self.anchors.last_mut() {
            if last.derived == a.derived {
                *last = a;
                return;
            }
            // A linear piece that continues the previous linear piece adds nothing.
            if a.linear && last.linear && last.base + (a.derived - last.derived) == a.base {
                return;
            }
        }
        self.anchors.push(a);
    }

    fn piece_at(&self, offset: usize, end_side: bool) -> Option<&Anchor> {
        // For an end offset, the piece is the one containing offset-1, so a range that ends
        // exactly at a piece boundary maps to the end of the earlier piece.
        let idx = if end_side {
            self.anchors.partition_point(|a| a.derived < offset)
        } else {
            self.anchors.partition_point(|a| a.derived <= offset)
        };
        idx.checked_sub(1).and_then(|i| self.anchors.get(i))
    }

    /// Maps a start offset.
    pub fn map_start(&self, offset: usize) -> usize {
        match self.piece_at(offset, false) {
            Some(a) if a.linear => a.base + (offset - a.derived),
            Some(a) => a.base,
            None => offset,
        }
    }

    /// Maps an exclusive end offset. For an opaque piece the end maps to the base offset of
    /// the next piece (so the whole rewritten run is covered).
    pub fn map_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.map_start(0);
        }
        let idx = self.anchors.partition_point(|a| a.derived < offset);
        let Some(a) = idx.checked_sub(1).and_then(|i| self.anchors.get(i)) else {
            return offset;
        };
        if a.linear {
            a.base + (offset - a.derived)
        } else {
            // Cover the whole rewritten run: up to where the next piece starts in the base,
            // if that is after this one; else just past the anchor.
            match self.anchors.get(idx) {
                Some(next) if next.base > a.base => next.base,
                _ => a.base + 1,
            }
        }
    }

    pub fn map_range(&self, r: Range<usize>) -> Range<usize> {
        let s = self.map_start(r.start);
        let e = self.map_end(r.end).max(s);
        s..e
    }

    /// `self` maps C→B and `inner` maps B→A; the result maps C→A.
    pub fn then(&self, inner: &OffsetMap) -> OffsetMap {
        if inner.is_identity() {
            // Composing with the identity (text that normalisation left alone, the usual
            // case) re-pushes every anchor unchanged: the general walk below would map each
            // base offset through `inner` to itself, with a search per anchor.
            let mut out = OffsetMap {
                anchors: Vec::with_capacity(self.anchors.len()),
            };
            for a in &self.anchors {
                out.push(*a);
            }
            return out;
        }
        self.then_general(inner)
    }

    fn is_identity(&self) -> bool {
        matches!(
            self.anchors.as_slice(),
            [Anchor {
                derived: 0,
                base: 0,
                linear: true
            }]
        )
    }

    /// [`OffsetMap::then`] for any `inner`.
    fn then_general(&self, inner: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap::default();
        for (i, a) in self.anchors.iter().enumerate() {
            let next_derived = self.anchors.get(i + 1).map(|n| n.derived);
            if !a.linear {
                out.push_opaque(a.derived, inner.map_start(a.base));
                continue;
            }
            // Walk the inner anchors that fall inside this linear piece.
            let piece_len = next_derived.map(|n| n - a.derived);
            let base_end = piece_len.map(|l| a.base + l);
            out.push_inner(a.derived, a.base, inner);
            let first = inner.anchors.partition_point(|b| b.derived <= a.base);
            for b in inner.anchors.iter().skip(first) {
                if base_end.is_some_and(|e| b.derived >= e) {
                    break;
                }
                let d = a.derived + (b.derived - a.base);
                out.push(Anchor {
                    derived: d,
                    base: b.base,
                    linear: b.linear,
                });
            }
        }
        out
    }

    fn push_inner(&mut self, derived: usize, base: usize, inner: &OffsetMap) {
        match inner.piece_at(base, false) {
            Some(b) if b.linear => self.push_copy(derived, b.base + (base - b.derived)),
            Some(b) => self.push_opaque(derived, b.base),
            None => self.push_copy(derived, base),
        }
    }
}

/// The inverse of an [`OffsetMap`]: base offsets → derived offsets, for facts found in the
/// base text (e.g. a legacy code point in the decoded source) that must be shown on the
/// derived text. Built once, O(log n) per lookup.
#[derive(Debug, Clone, Default)]
pub struct InverseMap {
    /// (base start, base end or `usize::MAX`, derived start, derived end, linear), sorted by base.
    pieces: Vec<(usize, usize, usize, usize, bool)>,
}

impl InverseMap {
    /// Inverts `map`; `derived_len` is the length of the derived text (where the last piece
    /// ends).
    pub fn new(map: &OffsetMap, derived_len: usize) -> Self {
        let a = &map.anchors;
        let mut by_base: Vec<usize> = (0..a.len()).collect();
        by_base.sort_by_key(|&i| a.get(i).map(|x| (x.base, x.derived)));
        let mut pieces = Vec::with_capacity(a.len());
        for (k, &i) in by_base.iter().enumerate() {
            let Some(x) = a.get(i) else { continue };
            let d_end = a
                .get(i + 1)
                .map_or(derived_len, |n| n.derived)
                .max(x.derived);
            let next_base = by_base
                .get(k + 1)
                .and_then(|&j| a.get(j))
                .map_or(usize::MAX, |n| n.base);
            let b_end = if x.linear {
                x.base
                    .saturating_add(d_end - x.derived)
                    .min(next_base.max(x.base))
            } else {
                next_base.max(x.base + 1)
            };
            pieces.push((x.base, b_end, x.derived, d_end, x.linear));
        }
        InverseMap { pieces }
    }

    fn lookup(&self, base: usize, end_side: bool) -> Option<usize> {
        let idx = if end_side {
            self.pieces.partition_point(|p| p.0 < base)
        } else {
            self.pieces.partition_point(|p| p.0 <= base)
        };
        let &(b0, b1, d0, d1, linear) = self.pieces.get(idx.checked_sub(1)?)?;
        if base >= b1 {
            // Base text the derived text dropped (a page number): the nearest derived point.
            return Some(d1);
        }
        if linear {
            Some((d0 + (base - b0)).min(d1))
        } else if end_side {
            Some(d1)
        } else {
            Some(d0)
        }
    }

    /// Derived range of a base range; `None` when the range lies before every piece.
    pub fn map_range(&self, r: Range<usize>) -> Option<Range<usize>> {
        let s = self.lookup(r.start, false)?;
        let e = if r.end > r.start {
            self.lookup(r.end, true)?
        } else {
            s
        };
        Some(s..e.max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_shift() {
        let m = OffsetMap::identity();
        assert_eq!(m.map_range(3..7), 3..7);
        let s = OffsetMap::shifted(3);
        assert_eq!(s.map_range(0..4), 3..7);
    }

    #[test]
    fn opaque_piece_covers_rewritten_run() {
        // derived "ab|X|cd" where X (1 byte) replaced base bytes 2..5
        let mut m = OffsetMap::default();
        m.push_copy(0, 0);
        m.push_opaque(2, 2);
        m.push_copy(3, 5);
        assert_eq!(m.map_range(0..2), 0..2);
        assert_eq!(m.map_range(2..3), 2..5);
        assert_eq!(m.map_range(3..5), 5..7);
        assert_eq!(m.map_range(1..4), 1..6);
    }

    #[test]
    fn composition() {
        // C→B: drop the first 2 bytes of B.  B→A: drop the first 3 bytes of A.
        let cb = OffsetMap::shifted(2);
        let ba = OffsetMap::shifted(3);
        assert_eq!(cb.then(&ba).map_range(0..1), 5..6);
        // C→B with a moved piece: C[0..4]=B[10..14], C[4..8]=B[0..4]; B→A opaque at B[2..3]
        let mut cb = OffsetMap::default();
        cb.push_copy(0, 10);
        cb.push_copy(4, 0);
        let mut ba = OffsetMap::default();
        ba.push_copy(0, 0);
        ba.push_opaque(2, 2);
        ba.push_copy(3, 6);
        let ca = cb.then(&ba);
        assert_eq!(ca.map_start(0), 13);
        assert_eq!(ca.map_start(4), 0);
        assert_eq!(ca.map_start(6), 2);
        assert_eq!(ca.map_start(7), 6);
    }

    #[test]
    fn inverse_map_round_trips_through_rewritten_pieces() {
        // derived "ab|X|cd" where X (1 byte) replaced base bytes 2..5
        let mut m = OffsetMap::default();
        m.push_copy(0, 0);
        m.push_opaque(2, 2);
        m.push_copy(3, 5);
        let inv = InverseMap::new(&m, 5);
        assert_eq!(inv.map_range(0..2), Some(0..2));
        assert_eq!(inv.map_range(2..5), Some(2..3));
        assert_eq!(inv.map_range(5..7), Some(3..5));
        assert_eq!(inv.map_range(3..4), Some(2..3));
        // Moved pieces: C[0..4]=B[10..14], C[4..8]=B[0..4].
        let mut cb = OffsetMap::default();
        cb.push_copy(0, 10);
        cb.push_copy(4, 0);
        let inv = InverseMap::new(&cb, 8);
        assert_eq!(inv.map_range(11..13), Some(1..3));
        assert_eq!(inv.map_range(1..3), Some(5..7));
        // Base bytes 4..10 were dropped: they map to the end of the piece before them.
        assert_eq!(inv.map_range(6..7), Some(8..8));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Composing with the identity by re-pushing anchors gives exactly the map the
        /// general walk gives (same anchors, not only the same offsets), on maps built like
        /// the layout and normalisation maps: copies and opaque pieces at growing offsets,
        /// some at the same offset, some continuing the previous piece.
        #[test]
        fn identity_shortcut_agrees_with_general_walk(
            steps in proptest::collection::vec((0usize..4, 0usize..40, proptest::bool::ANY, 0usize..3), 0..40)
        ) {
            let mut m = OffsetMap::default();
            let (mut d, mut b) = (0usize, 0usize);
            for (dd, db, linear, mode) in steps {
                d += dd;
                // Mode 0 continues the previous piece linearly, the others jump in the base.
                b = match mode {
                    0 => b + dd,
                    1 => b + db,
                    _ => db,
                };
                if linear {
                    m.push_copy(d, b);
                } else {
                    m.push_opaque(d, b);
                }
            }
            let id = OffsetMap::identity();
            proptest::prop_assert_eq!(m.then(&id), m.then_general(&id));
            proptest::prop_assert_eq!(id.then(&id), id.then_general(&id));
        }
    }
}
