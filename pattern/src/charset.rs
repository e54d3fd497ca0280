//! Sets of code points as sorted, disjoint, non-adjacent inclusive ranges.
//!
//! Every class of a pattern (`[a-z]`, `\d`, `\p{L}`, a literal, `.`) becomes one of these at
//! parse time, so the automaton only ever tests "is this character in that set".

/// The largest Unicode code point.
pub const MAX_CODE_POINT: u32 = 0x10_FFFF;

/// A set of code points (surrogates included: the set algebra does not care, and a Rust string
/// never holds one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    /// The empty set.
    pub fn empty() -> CharSet {
        CharSet::default()
    }

    /// Every code point.
    pub fn full() -> CharSet {
        CharSet::range(0, MAX_CODE_POINT)
    }

    /// One code point.
    pub fn single(c: u32) -> CharSet {
        CharSet::range(c, c)
    }

    /// `lo..=hi` (empty when `lo > hi`).
    pub fn range(lo: u32, hi: u32) -> CharSet {
        CharSet::from_ranges([(lo, hi)])
    }

    /// The union of the given ranges, in any order, overlapping or not.
    pub fn from_ranges(ranges: impl IntoIterator<Item = (u32, u32)>) -> CharSet {
        let mut all: Vec<(u32, u32)> = ranges
            .into_iter()
            .filter(|&(lo, hi)| lo <= hi)
            .map(|(lo, hi)| (lo, hi.min(MAX_CODE_POINT)))
            .filter(|&(lo, hi)| lo <= hi)
            .collect();
        all.sort_unstable();
        let mut ranges: Vec<(u32, u32)> = Vec::with_capacity(all.len());
        for (lo, hi) in all {
            match ranges.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => ranges.push((lo, hi)),
            }
        }
        CharSet { ranges }
    }

    /// The ranges: sorted, disjoint and not adjacent.
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// Whether `c` is in the set.
    #[cfg(test)]
    pub fn contains(&self, c: u32) -> bool {
        let i = self.ranges.partition_point(|&(_, hi)| hi < c);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
    }

    /// The code points in either set.
    pub fn union(&self, other: &CharSet) -> CharSet {
        CharSet::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    /// Adds the code points of `other`.
    pub fn add(&mut self, other: &CharSet) {
        *self = self.union(other);
    }

    /// The code points not in the set.
    pub fn complement(&self) -> CharSet {
        let mut ranges = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                ranges.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX_CODE_POINT {
            ranges.push((next, MAX_CODE_POINT));
        }
        CharSet { ranges }
    }

    /// The code points in both sets.
    pub fn intersection(&self, other: &CharSet) -> CharSet {
        self.complement().union(&other.complement()).complement()
    }

    /// The set with each ASCII letter's other case added: case-insensitive matching as Java does
    /// it by default (`(?i)` folds US-ASCII only).
    pub fn ascii_case_folded(&self) -> CharSet {
        let mut extra = Vec::new();
        for &(lo, hi) in &self.ranges {
            for (from, to) in [(b'a', b'A'), (b'A', b'a')] {
                let (a, z) = (u32::from(from), u32::from(from) + 25);
                let (lo, hi) = (lo.max(a), hi.min(z));
                if lo <= hi {
                    let shift = |c: u32| c - u32::from(from) + u32::from(to);
                    extra.push((shift(lo), shift(hi)));
                }
            }
        }
        CharSet::from_ranges(self.ranges.iter().copied().chain(extra))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_normalised() {
        let s = CharSet::from_ranges([(10, 20), (5, 9), (30, 40), (21, 21), (35, 36), (50, 40)]);
        assert_eq!(s.ranges(), &[(5, 21), (30, 40)]);
        assert!(s.contains(5) && s.contains(21) && s.contains(30) && s.contains(40));
        assert!(!s.contains(4) && !s.contains(22) && !s.contains(41));
        assert_eq!(CharSet::range(0, u32::MAX).ranges(), &[(0, MAX_CODE_POINT)]);
    }

    #[test]
    fn set_algebra() {
        let a = CharSet::from_ranges([(b'a'.into(), b'z'.into())]);
        let v = CharSet::from_ranges([(b'a'.into(), b'a'.into()), (b'e'.into(), b'e'.into())]);
        assert_eq!(a.complement().complement(), a);
        assert_eq!(CharSet::empty().complement(), CharSet::full());
        assert_eq!(CharSet::full().complement(), CharSet::empty());
        assert_eq!(a.intersection(&v), v);
        assert!(a.intersection(&v.complement()).contains('b'.into()));
        assert!(!a.intersection(&v.complement()).contains('e'.into()));
        assert_eq!(
            CharSet::range('a'.into(), 'c'.into()).ascii_case_folded(),
            CharSet::from_ranges([('a'.into(), 'c'.into()), ('A'.into(), 'C'.into())])
        );
        assert_eq!(
            CharSet::range('W'.into(), 'b'.into()).ascii_case_folded(),
            CharSet::from_ranges([
                ('W'.into(), 'b'.into()),
                ('w'.into(), 'z'.into()),
                ('A'.into(), 'B'.into())
            ])
        );
    }
}
