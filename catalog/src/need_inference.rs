//! Reading needs out of plain language: "we miss calls after 6pm" -> `after-hours-calls`, `missed-calls`.
//! Each need is scored by how much of its label and keywords the buyer's words contain; whole multi-word
//! keywords count most, and a word shared by many needs counts little.

use crate::schema::Facet;
use crate::sort::{sort, sort_by};
use crate::text::{words, Word};

/// Score a need must reach to be inferred: one keyword used by that need alone, or several weaker hints.
const THRESHOLD: f32 = 0.9;
/// What a buyer word that matches a single word of a need's phrases (not a whole phrase) is worth.
const LOOSE_WORD: f32 = 0.35;
/// Extra credit for each additional word of a multi-word keyword found in order.
const PHRASE_BONUS: f32 = 0.75;
/// At most this many needs are inferred, so a rambling text does not light up the whole list.
const MAX_INFERRED: usize = 4;

/// The needs' phrases, stemmed once at engine build time.
#[derive(Debug, Clone)]
pub struct NeedPhrases {
    /// Per need value: its label and keywords as word sequences.
    phrases: Vec<Vec<Vec<Word>>>,
    /// Per stem: how many needs use it, for down-weighting shared words; sorted by stem.
    needs_using: Vec<(String, usize)>,
    /// Per word as written (folded, unstemmed): how many needs use it, sorted by word. Checked first, because
    /// "hiring" written in one need's keywords is a sharper signal than the stem it shares with another need's
    /// "new hires".
    needs_using_surface: Vec<(String, usize)>,
}

/// A need read from the text, with how strongly the text points at it.
#[derive(Debug, Clone, PartialEq)]
pub struct InferredNeed {
    pub value: usize,
    pub confidence: f32,
}

impl NeedPhrases {
    /// Stems the label and keywords of every value of the needs facet.
    pub fn build(needs: &Facet) -> NeedPhrases {
        let worded: Vec<Vec<Vec<Word>>> = needs
            .values
            .iter()
            .map(|v| {
                std::iter::once(v.label.as_str())
                    .chain(v.keywords.iter().map(String::as_str))
                    .map(words)
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .collect();
        let count_needs = |part: fn(&Word) -> &String| {
            // Each need's distinct words, all needs together; sorted, equal words are neighbours to count.
            let mut all: Vec<&String> = Vec::new();
            for need in &worded {
                let mut seen: Vec<&String> = need.iter().flatten().map(part).collect();
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
        let needs_using = count_needs(|w| &w.stem);
        let needs_using_surface = count_needs(|w| &w.surface);
        NeedPhrases {
            phrases: worded,
            needs_using,
            needs_using_surface,
        }
    }

    /// The needs `query` points at, strongest first (ties by schema order).
    pub fn infer(&self, query: &[Word]) -> Vec<InferredNeed> {
        let mut found: Vec<InferredNeed> = self
            .phrases
            .iter()
            .enumerate()
            .map(|(value, phrases)| InferredNeed {
                value,
                confidence: self.need_score(phrases, query),
            })
            .filter(|n| n.confidence >= THRESHOLD)
            .collect();
        sort_by(&mut found, &|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(a.value.cmp(&b.value))
        });
        found.truncate(MAX_INFERRED);
        found
    }

    /// How telling it is that buyer word `q` matched need word `p`: 1 when only one need uses it, less the more
    /// needs share it. Spelled the same, the written word is counted; otherwise only the shared stem is.
    fn specificity(&self, q: &Word, p: &Word) -> f32 {
        let (table, word) = if q.surface == p.surface {
            (&self.needs_using_surface, &q.surface)
        } else {
            (&self.needs_using, &q.stem)
        };
        let used = table
            .binary_search_by(|(w, _)| w.cmp(word))
            .ok()
            .and_then(|i| table.get(i))
            .map_or(1, |(_, n)| *n);
        1.0 / (used.max(1) as f32).sqrt()
    }

    fn need_score(&self, phrases: &[Vec<Word>], query: &[Word]) -> f32 {
        // Each buyer word earns credit once per need: its best use among this need's phrases.
        let mut credit = vec![0f32; query.len()];
        for phrase in phrases {
            let len = phrase.len();
            if len == 0 {
                continue;
            }
            for start in 0..query.len() {
                let Some(window) = query.get(start..start + len) else {
                    break;
                };
                if !window.iter().zip(phrase).all(|(q, p)| q.stem == p.stem) {
                    continue;
                }
                let spec: f32 = window
                    .iter()
                    .zip(phrase)
                    .map(|(q, p)| self.specificity(q, p))
                    .sum::<f32>()
                    / len as f32;
                // A whole keyword: specificity-weighted credit, more for longer phrases, shared by its words.
                let share = (spec.max(0.5) + PHRASE_BONUS * (len - 1) as f32) / len as f32;
                for c in credit.iter_mut().skip(start).take(len) {
                    *c = c.max(share);
                }
            }
        }
        for (q, c) in query.iter().zip(credit.iter_mut()) {
            let best = phrases
                .iter()
                .flatten()
                .filter(|p| p.stem == q.stem)
                .map(|p| self.specificity(q, p))
                .fold(0f32, f32::max);
            *c = c.max(LOOSE_WORD * best);
        }
        credit.iter().sum()
    }
}
