//! Synonym groups from `[vocabulary]`: every word of a group is read as the group's first word, on both sides
//! (service text when indexed, buyer text when asked), so "physician" finds what "doctor" finds.

use crate::sort::sort_by;
use crate::text::{folded, stem_of, Word};

/// Stem -> the stem of its group's first word, sorted by stem for binary search.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    canonical: Vec<(String, String)>,
}

impl Synonyms {
    /// The lookup for `groups` as written in `[vocabulary] synonyms`, each group's first word being the one the
    /// others are read as.
    pub fn new(groups: &[Vec<String>]) -> Synonyms {
        let mut canonical = Vec::new();
        for group in groups {
            let Some(head) = group.first() else { continue };
            let head = stem_of(&folded(head));
            for word in group.iter().skip(1) {
                let stem = stem_of(&folded(word));
                if stem != head {
                    canonical.push((stem, head.clone()));
                }
            }
        }
        sort_by(&mut canonical, &|a, b| a.0.cmp(&b.0));
        canonical.dedup_by(|a, b| a.0 == b.0);
        Synonyms { canonical }
    }

    /// Every (stem, canonical stem) pair, sorted by stem: what a client that reads queries on its own needs.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.canonical
    }

    /// The stem a word with `stem` is read as.
    pub fn canonical<'a>(&'a self, stem: &'a str) -> &'a str {
        match self
            .canonical
            .binary_search_by(|(s, _)| s.as_str().cmp(stem))
        {
            Ok(i) => self.canonical.get(i).map_or(stem, |(_, c)| c.as_str()),
            Err(_) => stem,
        }
    }

    /// Rewrites the stems of `words` in place.
    pub fn apply(&self, words: &mut [Word]) {
        for w in words {
            let canonical = self.canonical(&w.stem);
            if canonical != w.stem {
                w.stem = canonical.to_string();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_members_read_as_the_first_word() {
        let s = Synonyms::new(&[vec!["doctor".into(), "physicians".into(), "GP".into()]]);
        assert_eq!(s.canonical(&stem_of("physician")), stem_of("doctor"));
        assert_eq!(s.canonical("gp"), stem_of("doctor"));
        assert_eq!(s.canonical("nurse"), "nurse");
    }
}
