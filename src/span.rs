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
}
