//! Reading one facet's values out of plain language: "we miss calls after 6pm" -> `after-hours-calls`,
//! `missed-calls`. Each value is scored by how much of its keywords (and, for needs, its label) the buyer's
//! words contain; whole keywords count, multi-word ones most, single words only from a need's label, and a word
//! shared by many values counts little.

use crate::compounds::Compounds;
use crate::schema::{Facet, Schema};
use crate::sort::{sort, sort_by};
use crate::synonyms::Synonyms;
use crate::text::{phrase_words_joined, Word, GAP, JOIN};

/// Score a value must reach to be inferred: one keyword used by that value alone, or several weaker hints.
const THRESHOLD: f32 = 0.9;
/// What a buyer word that matches a single word of a value's label (not a whole keyword) is worth.
const LOOSE_WORD: f32 = 0.35;
/// Extra credit for each additional word of a multi-word keyword found in order.
const PHRASE_BONUS: f32 = 0.75;
/// At most this many needs are inferred, so a rambling text does not light up the whole list through its loose
/// words. Other facets are read from whole keywords only: a buyer who names six languages wants all six.
const MAX_INFERRED: usize = 4;

/// One facet's phrases, stemmed once at engine build time.
#[derive(Debug, Clone)]
pub(crate) struct FacetPhrases {
    /// Whether single words of the label count on their own (needs: yes; other facets need a whole keyword,
    /// because "data" alone says nothing about which system or region is meant).
    loose: bool,
    /// Per value: its label and keywords as word sequences.
    phrases: Vec<Vec<Vec<Word>>>,
    /// Per stem: how many values use it, for down-weighting shared words; sorted by stem.
    values_using: Vec<(String, usize)>,
    /// Per word as written (folded, unstemmed): how many values use it, sorted by word. Checked first, because
    /// "hiring" written in one value's keywords is a sharper signal than the stem it shares with another value's
    /// "new hires".
    values_using_surface: Vec<(String, usize)>,
    /// Per stem: how many values list it as a keyword of one word. A one-word keyword of a facet other than
    /// needs competes only with these: "phone" said alone names the voice channel, even though "nobody should
    /// phone" is a keyword of another value.
    values_listing_alone: Vec<(String, usize)>,
}

/// A value read from the text, with how strongly the text points at it and which query words (positions in
/// the word list handed to `infer`) earned it the most.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inferred {
    pub value: usize,
    pub confidence: f32,
    pub first: usize,
    pub last: usize,
    /// All of the evidence is one whole keyword at `first..=last`: no other word of the text points here.
    pub sole: bool,
}

impl FacetPhrases {
    /// Stems the keywords (and, when `with_labels`, the label) of every value of `facet`, each of `compounds`
    /// one word; `loose` as above.
    pub(crate) fn build(
        facet: &Facet,
        with_labels: bool,
        synonyms: &Synonyms,
        compounds: &Compounds,
    ) -> FacetPhrases {
        let worded: Vec<Vec<Vec<Word>>> = facet
            .values
            .iter()
            .map(|v| {
                let label = with_labels.then_some(v.label.as_str());
                label
                    .into_iter()
                    .map(|l| (true, l))
                    .chain(v.keywords.iter().map(|k| (false, k.as_str())))
                    .map(|(is_label, text)| {
                        let mut w = phrase_words_joined(text, compounds);
                        // A label's words count one by one anyway.
                        if !is_label && reduced_to_one(text, &w) {
                            w.clear();
                        }
                        synonyms.apply(&mut w);
                        w
                    })
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .collect();
        let count_needs = |part: fn(&Word) -> &String, longest: usize| {
            // Each need's distinct words, all needs together; sorted, equal words are neighbours to count.
            let mut all: Vec<&String> = Vec::new();
            for need in &worded {
                let mut seen: Vec<&String> = need
                    .iter()
                    .filter(|phrase| phrase.len() <= longest)
                    .flatten()
                    .map(part)
                    .collect();
                sort(&mut seen);
                seen.dedup();
                all.extend(seen);
            }
            sort(&mut all);
            let mut using: Vec<(String, usize)> = Vec::new();
            for word in all {
                match using.last_mut() {
                    Some((last, n)) if last == word => *n += 1,
                    _ => using.push((word.clone(), 1)),
                }
            }
            using
        };
        let values_using = count_needs(|w| &w.stem, usize::MAX);
        let values_using_surface = count_needs(|w| &w.surface, usize::MAX);
        let values_listing_alone = count_needs(|w| &w.stem, 1);
        FacetPhrases {
            loose: with_labels,
            phrases: worded,
            values_using,
            values_using_surface,
            values_listing_alone,
        }
    }

    /// The values `query` points at, strongest first (ties by schema order), at most [`Self::most`].
    pub(crate) fn infer(&self, query: &[Word]) -> Vec<Inferred> {
        let mut found = self.infer_all(query);
        found.truncate(self.most());
        found
    }

    /// How many values of this facet one text may ask for: `MAX_INFERRED` needs, any number of the rest.
    pub(crate) fn most(&self) -> usize {
        if self.loose {
            MAX_INFERRED
        } else {
            usize::MAX
        }
    }

    /// Every value `query` points at, strongest first (ties by schema order).
    pub(crate) fn infer_all(&self, query: &[Word]) -> Vec<Inferred> {
        let mut found: Vec<Inferred> = self
            .phrases
            .iter()
            .enumerate()
            .map(|(value, phrases)| {
                let (confidence, first, last, sole) = self.value_score(phrases, query);
                Inferred {
                    value,
                    confidence,
                    first,
                    last,
                    sole,
                }
            })
            .filter(|n| n.confidence >= THRESHOLD)
            .collect();
        sort_by(&mut found, &|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(a.value.cmp(&b.value))
        });
        found
    }

    /// Credits each buyer word not yet credited that is a word of the value's label (`phrases[0]`), once per
    /// word however often it is said; returns the position of the first word so credited.
    fn add_label_words(
        &self,
        phrases: &[Vec<Word>],
        query: &[Word],
        credit: &mut [f32],
    ) -> Option<usize> {
        let mut first = None;
        let mut seen: Vec<&str> = Vec::new();
        for (i, (q, c)) in query.iter().zip(credit.iter_mut()).enumerate() {
            // A number alone ("7", "24") is no hint of what it counts; a conjunction none at all.
            let no_hint = q.stem.bytes().all(|b| b.is_ascii_digit()) || q.stem == JOIN;
            if *c > 0.0 || no_hint || seen.contains(&q.stem.as_str()) {
                continue;
            }
            seen.push(&q.stem);
            // Only the label's words count on their own: a keyword is a way of saying the value as a whole, so
            // an editor who adds "vacation cover" does not make every "vacation" a hint of it.
            let best = phrases
                .iter()
                .take(1)
                .flatten()
                .filter(|p| p.stem == q.stem)
                .map(|p| self.specificity(q, p, false))
                .fold(0f32, f32::max);
            if best > 0.0 {
                *c = LOOSE_WORD * best;
                first.get_or_insert(i);
            }
        }
        first
    }

    /// How telling it is that buyer word `q` matched value word `p`: 1 when only one value uses it, less the more
    /// values share it. Spelled the same, the written word is counted; otherwise only the shared stem is.
    fn specificity(&self, q: &Word, p: &Word, alone: bool) -> f32 {
        let (table, word) = if alone {
            (&self.values_listing_alone, &q.stem)
        } else if q.surface == p.surface {
            (&self.values_using_surface, &q.surface)
        } else {
            (&self.values_using, &q.stem)
        };
        let used = table
            .binary_search_by(|(w, _)| w.cmp(word))
            .ok()
            .and_then(|i| table.get(i))
            .map_or(1, |(_, n)| *n);
        1.0 / (used.max(1) as f32).sqrt()
    }

    /// The value's score, the first and last query word of its best whole keyword (or best single word), and
    /// whether that keyword is all the evidence.
    fn value_score(&self, phrases: &[Vec<Word>], query: &[Word]) -> (f32, usize, usize, bool) {
        // Each buyer word earns credit once per value: its best use among this value's phrases.
        let mut credit = vec![0f32; query.len()];
        let mut best_span = (0f32, 0usize, 0usize);
        for phrase in phrases {
            let len = phrase.len();
            if len == 0 {
                continue;
            }
            for start in 0..query.len() {
                let Some(window) = query.get(start..start + len) else {
                    break;
                };
                if !window.iter().zip(phrase).all(|(q, p)| matches(q, p)) {
                    continue;
                }
                // A one-word keyword of a facet other than needs must be written nearly as listed: the stem
                // "bank" of "banking" is not the "bank" of "phone bank".
                if !self.loose
                    && len == 1
                    && !window.iter().zip(phrase).all(|(q, p)| close_form(q, p))
                {
                    continue;
                }
                let alone = !self.loose && len == 1;
                // A conjunction the keyword has ("nights and weekends") joins its words; it is no word itself.
                let said: Vec<(&Word, &Word)> = window
                    .iter()
                    .zip(phrase)
                    .filter(|(_, p)| p.stem != JOIN && p.stem != GAP)
                    .collect();
                let words = said.len().max(1);
                let spec: f32 = said
                    .iter()
                    .map(|(q, p)| self.specificity(q, p, alone))
                    .sum::<f32>()
                    / words as f32;
                // A whole keyword: specificity-weighted credit, more for longer phrases, shared by its words.
                let share = (spec.max(0.5) + PHRASE_BONUS * (words - 1) as f32) / len as f32;
                for c in credit.iter_mut().skip(start).take(len) {
                    *c = c.max(share);
                }
                let weight = share * len as f32;
                if weight > best_span.0 {
                    best_span = (weight, start, start + len - 1);
                }
            }
        }
        let whole = best_span.0 > 0.0;
        let sole = |credit: &[f32], (_, first, last): (f32, usize, usize)| {
            whole
                && credit
                    .iter()
                    .enumerate()
                    .all(|(i, c)| *c == 0.0 || (first..=last).contains(&i))
        };
        if !self.loose {
            return (
                credit.iter().sum(),
                best_span.1,
                best_span.2,
                sole(&credit, best_span),
            );
        }
        if let Some(first) = self.add_label_words(phrases, query, &mut credit) {
            if !whole {
                best_span = loose_span(&credit, first);
            }
        }
        (
            credit.iter().sum(),
            best_span.1,
            best_span.2,
            sole(&credit, best_span),
        )
    }
}

/// The run of credited words around `at`: loose words said together ("days a week") are quoted together.
fn loose_span(credit: &[f32], at: usize) -> (f32, usize, usize) {
    let credited = |i: usize| credit.get(i).is_some_and(|c| *c > 0.0);
    let (mut first, mut last) = (at, at);
    while first > 0 && credited(first - 1) {
        first -= 1;
    }
    while credited(last + 1) {
        last += 1;
    }
    (credit.get(at).copied().unwrap_or(0.0), first, last)
}

/// Whether the buyer's word `q` is the keyword's word `p`: the same stem, or any one word for a gap (not a
/// mark the reader put between clauses or at a conjunction, which have no letters or digits).
fn matches(q: &Word, p: &Word) -> bool {
    q.stem == p.stem
        || (p.stem == GAP && q.stem != JOIN && q.stem.chars().any(char::is_alphanumeric))
}

/// Whether two words with one stem are the same word up to a plural ending ("patient", "patients").
fn close_form(q: &Word, p: &Word) -> bool {
    let (short, long) = if q.surface.len() <= p.surface.len() {
        (&q.surface, &p.surface)
    } else {
        (&p.surface, &q.surface)
    };
    long.starts_with(short.as_str()) && long.len() - short.len() <= 2
}

/// Whether keyword `text`, written as several words, keeps one (`words`) once common words are left out: "in
/// our system" or "who has paid" says no more than "system" or "paid", so the engine does not read it. A
/// compound kept whole ("on-call") is still the compound.
fn reduced_to_one(text: &str, words: &[Word]) -> bool {
    words.len() == 1
        && words.iter().all(|w| !w.stem.contains('-'))
        && text.split([' ', '-']).filter(|p| !p.is_empty()).count() > 1
}

/// A keyword of catalog.toml the engine never reads (see [`unread_keywords`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadKeyword {
    /// The facet id.
    pub facet: String,
    /// The value id.
    pub value: String,
    /// The keyword as written.
    pub keyword: String,
    /// The one word it keeps once common words are left out.
    pub kept: String,
}

/// The keywords an editor wrote that the engine never reads: written as several words, each keeps a single
/// word once common words are left out, and a single word says less than the phrase meant ("is on call" keeps
/// "call"). Editors get a warning naming each, with the word it kept.
pub fn unread_keywords(schema: &Schema) -> Vec<UnreadKeyword> {
    let mut out = Vec::new();
    let compounds = Compounds::of_schema(schema);
    for facet in &schema.facets {
        for value in &facet.values {
            for keyword in &value.keywords {
                let words = phrase_words_joined(keyword, &compounds);
                if reduced_to_one(keyword, &words) {
                    out.push(UnreadKeyword {
                        facet: facet.id.clone(),
                        value: value.id.clone(),
                        keyword: keyword.clone(),
                        kept: words[0].surface.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_schema;
    use crate::text::phrase_words;

    const SCHEMA: &str = r#"version = 1
[[facet]]
id = "needs"
label = "Needs"
kind = "set"
values = [
  { id = "24x7-coverage", label = "Cover 24 hours a day, 7 days a week", keywords = ["around the clock"] },
  { id = "weekend-rota", label = "Weekend rota", keywords = ["weekend shifts"] },
  { id = "holiday-desk", label = "Staff the holiday desk", keywords = ["vacation relief rota"] },
  { id = "payment-tracking", label = "Track receipts", keywords = ["who has paid", "payment posting"] },
  { id = "callbacks", label = "Return missed calls", keywords = ["call everyone back"] },
]
[[facet]]
id = "channels"
label = "Channels"
kind = "set"
values = [
  { id = "voice", label = "Phone", keywords = ["phone", "phone calls"] },
  { id = "none", label = "None", keywords = ["nobody should phone"] },
]
[[facet]]
id = "direction"
label = "Direction"
kind = "enum"
values = [
  { id = "outbound", label = "Outbound", keywords = ["ring people"] },
  { id = "both", label = "Both", keywords = ["inbound and outbound"] },
]
[[facet]]
id = "languages"
label = "Languages"
kind = "set"
values = [
  { id = "en", label = "English", keywords = ["english"] },
  { id = "es", label = "Spanish", keywords = ["spanish"] },
  { id = "pt", label = "Portuguese", keywords = ["portuguese"] },
  { id = "fr", label = "French", keywords = ["french"] },
  { id = "de", label = "German", keywords = ["german"] },
  { id = "it", label = "Italian", keywords = ["italian"] },
]
[[facet]]
id = "system_access"
label = "System access"
kind = "enum"
values = [{ id = "read-write", label = "Read and write", keywords = ["update * records"] }]
"#;

    /// (value id, the words that earned it) for each value `text` points at in facet `f`.
    fn infer(f: usize, text: &str) -> Vec<(String, String)> {
        let schema = parse_schema(SCHEMA).expect("valid");
        let synonyms = Synonyms::new(&schema.vocabulary.synonyms);
        let facet = &schema.facets[f];
        let phrases = FacetPhrases::build(facet, f == 0, &synonyms, &Compounds::default());
        let mut query = phrase_words(text);
        synonyms.apply(&mut query);
        phrases
            .infer(&query)
            .into_iter()
            .map(|i| {
                let words: Vec<&str> = query[i.first..=i.last]
                    .iter()
                    .map(|w| w.surface.as_str())
                    .collect();
                (facet.values[i.value].id.clone(), words.join(" "))
            })
            .collect()
    }

    #[test]
    fn only_needs_are_capped_a_buyer_naming_six_languages_wants_six() {
        let six = infer(
            3,
            "English, Spanish, Portuguese, French, German and Italian",
        );
        assert_eq!(six.len(), 6, "{six:?}");
        let needs = infer(
            0,
            "around the clock, weekend shifts, vacation relief rota, payment posting; call everyone back",
        );
        assert_eq!(needs.len(), MAX_INFERRED, "{needs:?}");
    }

    #[test]
    fn a_one_word_keyword_is_not_weakened_by_a_longer_keyword_of_another_value() {
        assert_eq!(
            infer(1, "phone"),
            [("voice".to_string(), "phone".to_string())]
        );
        assert_eq!(
            infer(1, "nobody should phone")
                .first()
                .map(|v| v.0.as_str()),
            Some("none")
        );
    }

    #[test]
    fn a_keyword_is_read_across_a_conjunction_only_when_it_has_one() {
        assert!(infer(2, "the phone rings and people hang up").is_empty());
        assert_eq!(
            infer(2, "we ring people").first().map(|v| v.0.as_str()),
            Some("outbound")
        );
        assert_eq!(
            infer(2, "inbound and outbound calls"),
            [("both".to_string(), "inbound & outbound".to_string())]
        );
        assert!(infer(2, "inbound, outbound").is_empty());
    }

    #[test]
    fn keywords_that_keep_one_word_are_named_unread() {
        let text = SCHEMA.replace(
            "keywords = [\"weekend shifts\"]",
            "keywords = [\"weekend shifts\", \"is on call\", \"weekends\", \"in our system\"]",
        );
        let schema = parse_schema(&text).expect("valid");
        let unread: Vec<(String, String)> = unread_keywords(&schema)
            .into_iter()
            .map(|u| (u.keyword, u.kept))
            .collect();
        // A single word as written and a phrase that keeps two words are read; the others are named.
        assert_eq!(
            unread,
            [
                ("is on call".to_string(), "call".to_string()),
                ("in our system".to_string(), "system".to_string()),
                ("who has paid".to_string(), "paid".to_string())
            ]
        );
        // A compound a keyword writes with a hyphen is one word wherever it is written: "on-call" is read, and
        // so is "is on call" once the compound exists.
        let with_compound = text.replace("\"in our system\"]", "\"in our system\", \"on-call\"]");
        let schema = parse_schema(&with_compound).expect("valid");
        let unread: Vec<String> = unread_keywords(&schema)
            .into_iter()
            .map(|u| u.keyword)
            .collect();
        assert_eq!(unread, ["in our system", "who has paid"]);
    }

    #[test]
    fn single_words_count_only_from_the_label() {
        // The keyword's words out of order are no keyword: adding a keyword adds no loose hints.
        assert!(infer(0, "relief for the vacation rota").is_empty());
        assert_eq!(
            infer(0, "vacation relief rota"),
            [(
                "holiday-desk".to_string(),
                "vacation relief rota".to_string()
            )]
        );
        assert_eq!(
            infer(0, "staff a desk for the holiday"),
            [("holiday-desk".to_string(), "staff desk holiday".to_string())]
        );
    }

    #[test]
    fn a_keyword_that_shrinks_to_one_word_is_left_out() {
        // "who has paid" is "paid" once its stop words go: the word alone says nothing of tracking payments.
        assert!(infer(0, "the invoice was paid").is_empty());
        assert_eq!(
            infer(0, "payment posting"),
            [(
                "payment-tracking".to_string(),
                "payment posting".to_string()
            )]
        );
    }

    #[test]
    fn numbers_earn_no_loose_credit_and_loose_words_are_quoted_together() {
        // "7", "days" and "week" are all words of the label: without the number, two loose words are not enough.
        assert!(infer(0, "7 days a week").is_empty());
        assert_eq!(
            infer(0, "cover all hours of the day"),
            [("24x7-coverage".to_string(), "cover hours day".to_string())]
        );
    }

    #[test]
    fn a_gap_in_a_keyword_takes_any_one_word() {
        let f = 4;
        assert_eq!(
            infer(f, "updating member records every night"),
            [(
                "read-write".to_string(),
                "updating member records".to_string()
            )]
        );
        assert_eq!(
            infer(f, "update the student records"),
            [(
                "read-write".to_string(),
                "update student records".to_string()
            )]
        );
        // One word, not two, and never none.
        assert!(infer(f, "update old member records").is_empty());
        assert!(infer(f, "update records").is_empty());
    }
}
