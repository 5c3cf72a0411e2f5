//! A fixed-size set of service indexes, one bit each, so filters are word-wide ANDs and ORs and counts are
//! popcounts.

/// A set of service indexes below a fixed length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
    len: usize,
}

impl Bitset {
    /// The empty set over `len` services.
    pub fn empty(len: usize) -> Bitset {
        Bitset {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// The set of all `len` services.
    pub fn full(len: usize) -> Bitset {
        let mut set = Bitset::empty(len);
        for word in &mut set.words {
            *word = u64::MAX;
        }
        set.clear_tail();
        set
    }

    /// How many services the set ranges over.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set ranges over no services at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds `index`; indexes past the length are ignored rather than growing the set.
    pub fn insert(&mut self, index: usize) {
        if index < self.len {
            if let Some(word) = self.words.get_mut(index / 64) {
                *word |= 1u64 << (index % 64);
            }
        }
    }

    /// Whether `index` is in the set.
    pub fn contains(&self, index: usize) -> bool {
        self.words
            .get(index / 64)
            .is_some_and(|word| word & (1u64 << (index % 64)) != 0)
    }

    /// Keeps only the members also in `other`.
    pub fn and_with(&mut self, other: &Bitset) {
        for (a, b) in self
            .words
            .iter_mut()
            .zip(other.words.iter().chain(std::iter::repeat(&0)))
        {
            *a &= *b;
        }
    }

    /// Adds every member of `other`.
    pub fn or_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= *b;
        }
        self.clear_tail();
    }

    /// Removes every member of `other`.
    pub fn and_not_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !*b;
        }
    }

    /// How many members the set has.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// How many members this set shares with `other`, without building the intersection.
    pub fn count_and(&self, other: &Bitset) -> usize {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(i * 64 + bit)
            })
        })
    }

    // Bits past `len` in the last word must stay zero, or counts would include services that do not exist.
    fn clear_tail(&mut self) {
        let used = self.len % 64;
        if used != 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= (1u64 << used) - 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations_and_counts() {
        let mut a = Bitset::empty(130);
        for i in [0, 5, 64, 129, 500] {
            a.insert(i);
        }
        assert_eq!(a.count(), 4);
        assert!(a.contains(129) && !a.contains(130) && !a.contains(10_000));
        let mut b = Bitset::empty(130);
        b.insert(5);
        b.insert(129);
        b.insert(7);
        assert_eq!(a.count_and(&b), 2);
        let mut c = a.clone();
        c.and_with(&b);
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![5, 129]);
        c.or_with(&b);
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![5, 7, 129]);
        c.and_not_with(&a);
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![7]);
        assert_eq!(Bitset::full(130).count(), 130);
        assert_eq!(Bitset::full(128).count(), 128);
        assert_eq!(Bitset::full(0).count(), 0);
    }
}
