//! Compounds whose first word is a stop word ("on-call", "in-app"): read as one word on both sides, so a
//! keyword "on-call team" needs the buyer's "on call team" or "on-call team", and "customers call our team"
//! is no such thing. The compounds are the ones the keywords write with a hyphen; a buyer may write a space.

use crate::text::{hyphenated, tokens, Token};

/// The (stop word, stem of the word after it) pairs the keywords join with a hyphen.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compounds {
    pairs: Vec<(String, String)>,
}

impl Compounds {
    /// The compounds written in `keywords`: a stop word joined by a hyphen to the word after it, and not
    /// itself the tail of a longer compound ("out-of-hours" names no "of-hours").
    pub(crate) fn from_keywords<'a>(keywords: impl Iterator<Item = &'a str>) -> Compounds {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for keyword in keywords {
            let words = tokens(keyword);
            for (i, pair) in words.windows(2).enumerate() {
                let [head, tail] = pair else { continue };
                let after_hyphen = hyphenated(
                    keyword,
                    i.checked_sub(1).and_then(|b| words.get(b)),
                    Some(head),
                );
                let entry = (head.surface.clone(), tail.stem.clone());
                if head.stop
                    && !after_hyphen
                    && hyphenated(keyword, Some(head), Some(tail))
                    && !pairs.contains(&entry)
                {
                    pairs.push(entry);
                }
            }
        }
        Compounds { pairs }
    }

    /// The compounds written in every keyword of `schema`.
    pub(crate) fn of_schema(schema: &crate::schema::Schema) -> Compounds {
        Compounds::from_keywords(
            schema
                .facets
                .iter()
                .flat_map(|f| f.values.iter())
                .flat_map(|value| value.keywords.iter().map(String::as_str)),
        )
    }

    /// The stem the word at `at` is read as: the compound's, "on-call", when the stop word of a compound
    /// stands just before it, joined by a hyphen or one space; none otherwise.
    pub(crate) fn stem(&self, text: &str, words: &[Token], at: usize) -> Option<String> {
        let word = words.get(at)?;
        let head = words.get(at.checked_sub(1)?)?;
        let gap = text.get(head.end..word.start)?;
        let joined = head.stop
            && (gap == "-" || gap == " ")
            && self
                .pairs
                .iter()
                .any(|(stop, stem)| *stop == head.surface && *stem == word.stem);
        joined.then(|| format!("{}-{}", head.surface, word.stem))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(compounds: &Compounds, text: &str) -> Vec<String> {
        let words = tokens(text);
        (0..words.len())
            .filter(|&i| !words[i].stop)
            .map(|i| {
                compounds
                    .stem(text, &words, i)
                    .unwrap_or_else(|| words[i].stem.clone())
            })
            .collect()
    }

    #[test]
    fn a_stop_word_joined_by_a_hyphen_in_a_keyword_makes_a_compound() {
        let compounds =
            Compounds::from_keywords(["on-call nurse", "out-of-hours", "in house"].into_iter());
        assert_eq!(compounds.pairs, [("on".to_string(), "call".to_string())]);
        // Written with a hyphen or a space, the compound is one word; "call" alone stays itself (stems).
        assert_eq!(stems(&compounds, "the on-call nurse"), ["on-call", "nurs"]);
        assert_eq!(stems(&compounds, "the on call nurse"), ["on-call", "nurs"]);
        assert_eq!(stems(&compounds, "call our nurse"), ["call", "nurs"]);
        // Only the compounds the keywords write.
        assert_eq!(stems(&compounds, "on site in house"), ["sit", "hous"]);
    }
}
