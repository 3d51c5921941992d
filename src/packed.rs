//! Short words packed into a `u64`, and an open-addressing table keyed by them: the
//! tokenizer's phrase index and the claims' keyword search look up every word of a report,
//! and comparing one integer costs less than hashing a slice and calling `memcmp`.

/// Up to eight bytes as one little-endian integer, zero-padded; `None` for longer slices. A
/// word holds no zero byte, so its packed form is never 0 and tells its length.
#[inline]
pub fn pack(bytes: &[u8]) -> Option<u64> {
    let mut buf = [0u8; 8];
    buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u64::from_le_bytes(buf))
}

/// The eight bytes of `b` from `at` as [`pack`] packs them, zero-padded past the end: one
/// load, where [`pack`] of a slice of unknown length calls `memcpy`.
#[inline(always)]
pub fn load8(b: &[u8], at: usize) -> u64 {
    match b.get(at..at + 8) {
        Some(chunk) => {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            u64::from_le_bytes(buf)
        }
        None => {
            let mut buf = [0u8; 8];
            for (d, s) in buf.iter_mut().zip(b.get(at..).unwrap_or(&[])) {
                *d = *s;
            }
            u64::from_le_bytes(buf)
        }
    }
}

/// The bits of the first `len` bytes of a packed integer (all of them from 8 on).
#[inline(always)]
pub fn low_mask(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// Bit `k` set when byte `k` of `a` equals byte `k` of `b`: one vector compare and a
/// `movemask` (SSE2, part of the x86-64 baseline). The rules' sixteen-byte scans
/// (`encoding`'s signature bytes, `name-variant`'s case differences) read their chunks
/// through it.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn eq_bits16(a: &[u8; 16], b: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8};
    // SAFETY: SSE2 is part of the x86-64 baseline, and each unaligned load reads the sixteen
    // bytes of its array.
    let eq = unsafe {
        _mm_movemask_epi8(_mm_cmpeq_epi8(
            _mm_loadu_si128(a.as_ptr().cast()),
            _mm_loadu_si128(b.as_ptr().cast()),
        ))
    };
    eq as u32 & 0xFFFF
}

/// [`eq_bits16`] lane by lane, where SSE2 is not known to be there.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
pub fn eq_bits16(a: &[u8; 16], b: &[u8; 16]) -> u32 {
    a.iter()
        .zip(b)
        .enumerate()
        .fold(0u32, |m, (k, (x, y))| m | (u32::from(x == y) << k))
}

/// Open addressing with linear probing over `(packed key, value)`; key 0 marks a free slot,
/// so keys must be nonzero (packed words are). At most half full, so probes stay short and a
/// probe for an absent key ends at a free slot.
#[derive(Debug, Clone, Default)]
pub struct PackedTable<V> {
    slots: Vec<(u64, V)>,
    /// `64 - log2(slots.len())`: the hash keeps the product's top bits.
    shift: u32,
}

impl<V: Copy + Default> PackedTable<V> {
    /// The table of `entries`; zero keys are left out, and of equal keys the first is kept.
    pub fn build(entries: impl IntoIterator<Item = (u64, V)>) -> Self {
        let entries: Vec<(u64, V)> = entries.into_iter().filter(|e| e.0 != 0).collect();
        let len = (entries.len() * 2).next_power_of_two().max(16);
        let mut t = PackedTable {
            slots: vec![(0, V::default()); len],
            shift: 64 - len.trailing_zeros(),
        };
        let mask = len - 1;
        for (k, v) in entries {
            let mut h = t.home(k);
            while let Some(slot) = t.slots.get_mut(h) {
                if slot.0 == 0 {
                    *slot = (k, v);
                    break;
                }
                if slot.0 == k {
                    break;
                }
                h = (h + 1) & mask;
            }
        }
        t
    }

    #[inline(always)]
    fn home(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The value of key `k`, if the table holds it.
    #[inline]
    pub fn get(&self, k: u64) -> Option<V> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut h = self.home(k);
        loop {
            let &(key, v) = self.slots.get(h)?;
            if key == k {
                return Some(v);
            }
            if key == 0 {
                return None;
            }
            h = (h + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eq_bits16_marks_the_equal_bytes() {
        let a = *b"abcdefghijklmnop";
        let mut b = a;
        assert_eq!(eq_bits16(&a, &b), 0xFFFF);
        b[0] = b'x';
        b[9] = b'x';
        b[15] = 0xC3;
        assert_eq!(eq_bits16(&a, &b), 0xFFFF & !(1 | 1 << 9 | 1 << 15));
        assert_eq!(eq_bits16(&[0; 16], &[0xFF; 16]), 0);
    }

    #[test]
    fn packs_up_to_eight_bytes() {
        assert_eq!(pack(b"ab"), Some(0x6261));
        assert_eq!(pack(b"abcdefgh"), Some(u64::from_le_bytes(*b"abcdefgh")));
        assert_eq!(pack(b"abcdefghi"), None);
        assert_eq!(load8(b"abcdefghij", 2) & low_mask(3), pack(b"cde").unwrap());
        assert_eq!(load8(b"ab", 0), pack(b"ab").unwrap());
    }

    #[test]
    fn finds_every_key_and_no_other() {
        let words = [
            "và", "công", "xã", "năm", "chỉ", "tiêu", "nghiệp", "abcdefgh",
        ];
        let t = PackedTable::build(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (pack(w.as_bytes()).unwrap(), i)),
        );
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(pack(w.as_bytes()).unwrap()), Some(i), "{w}");
        }
        for w in ["v", "công ", "xa", "abcdefg", "năm2025"] {
            assert_eq!(t.get(pack(w.as_bytes()).unwrap()), None, "{w}");
        }
        // Far more keys than the minimum size: the table grows and still finds each.
        let many: Vec<u64> = (1..=1000u64).collect();
        let t = PackedTable::build(many.iter().map(|&k| (k, k)));
        assert!(many.iter().all(|&k| t.get(k) == Some(k)));
        assert_eq!(t.get(1001), None);
        assert_eq!(PackedTable::<u32>::default().get(5), None);
    }
}
