//! Values said by two kinds of word near each other, in order: "call our members" asks for outbound work and
//! "guests ring us" for inbound, though neither names a keyword. The word lists are `[[vocabulary.pair]]` data,
//! matched as written.

use crate::schema::Schema;
use crate::text::{folded, hyphenated, Token};

/// How many words, stop words included, a pair may span per word its reach allows.
const STOP_WORDS_PER_WORD: usize = 4;

/// One pair of word lists and the value it says, stemmed once per engine.
#[derive(Debug, Clone)]
pub(crate) struct PairReader {
    pub facet: usize,
    pub value: usize,
    first: Vec<String>,
    then: Vec<String>,
    /// How many words, stop words aside, may stand between the two.
    reach: usize,
}

impl PairReader {
    /// The pairs of the schema's vocabulary whose facet and value exist.
    pub(crate) fn build(schema: &Schema) -> Vec<PairReader> {
        // Matched as written, not by stem: "call our members" is outbound work, "calls from members" is not.
        let forms = |words: &[String]| words.iter().map(|w| folded(w)).collect();
        schema
            .vocabulary
            .pairs
            .iter()
            .filter_map(|p| {
                let facet = schema.facet_index(&p.facet)?;
                Some(PairReader {
                    facet,
                    value: schema.facets.get(facet)?.value_index(&p.value)?,
                    first: forms(&p.first),
                    then: forms(&p.then),
                    reach: usize::try_from(p.reach).unwrap_or(0),
                })
            })
            .collect()
    }

    /// The first and last token of each place in `tokens` (of `text`) where a word of `first` is followed by
    /// a word of `then`: within `reach` words and with no comma or clause break between, so "call, and our
    /// members" is no pair.
    pub(crate) fn find(&self, text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        // A word joined to the next or the last by a hyphen is part of another word: "phone-screen them" and
        // "the on-call nurse" hold no "phone ... them" or "... call".
        for (i, t) in tokens.iter().enumerate() {
            if !self.first.contains(&t.surface) || hyphenated(text, Some(t), tokens.get(i + 1)) {
                continue;
            }
            let mut between = 0;
            // Stop words do not count towards the reach, but a run of them ends the search all the same: a
            // pasted wall of "the the the" must not make every first word scan to the end of the text.
            let span = (self.reach + 1) * STOP_WORDS_PER_WORD;
            for (j, next) in tokens.iter().enumerate().skip(i + 1).take(span) {
                let gap = tokens
                    .get(j - 1)
                    .and_then(|prev| text.get(prev.end..next.start))
                    .unwrap_or("");
                if crate::clauses::breaks_phrase(gap) {
                    break;
                }
                if self.then.contains(&next.surface)
                    && !hyphenated(text, tokens.get(j - 1), Some(next))
                {
                    out.push((i, j));
                    break;
                }
                if !next.stop {
                    between += 1;
                    if between > self.reach {
                        break;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens;

    fn reader(reach: usize) -> PairReader {
        let forms = |w: &[&str]| w.iter().map(|w| w.to_string()).collect();
        PairReader {
            facet: 0,
            value: 0,
            first: forms(&["call", "phoning"]),
            then: forms(&["members", "donors"]),
            reach,
        }
    }

    fn found(text: &str, reach: usize) -> Vec<String> {
        let t = tokens(text);
        reader(reach)
            .find(text, &t)
            .into_iter()
            .map(|(a, b)| text[t[a].start..t[b].end].to_string())
            .collect()
    }

    #[test]
    fn a_pair_is_its_words_in_order_within_reach() {
        assert_eq!(
            found("we want someone to call our members", 1),
            ["call our members"]
        );
        // Stop words do not count towards the reach; words are matched as written.
        assert_eq!(
            found("phoning each of the lapsed donors", 2),
            ["phoning each of the lapsed donors"]
        );
        // Too far apart, the wrong order, or across a comma: no pair.
        assert!(found("call our loyal lapsed members", 1).is_empty());
        assert!(found("members call us", 3).is_empty());
        assert!(found("calls from members", 3).is_empty());
        // Nor inside a hyphenated word.
        assert!(found("phoning-list members", 3).is_empty());
        assert!(found("call our non-members", 3).is_empty());
        // However many stop words stand between, the search for the second word ends.
        let wall = format!("call {} members", "the ".repeat(5000));
        assert!(found(&wall, 1).is_empty());
        assert!(found("we call, and members answer", 3).is_empty());
    }
}
