//! Reading a buyer's sentence into constraints: which facet values it asks for or rules out ("Spanish",
//! "HIPAA", "we don't need chat"), which amounts it names ("live within two weeks", "a team of 10 agents"),
//! and whether it hands over only the conversations or the work behind them. Everything it knows comes from
//! the schema's keywords and `[vocabulary]`.

use crate::phrases::FacetPhrases;
use crate::schema::{FacetKind, MatchKind, Schema};
use crate::synonyms::Synonyms;
use crate::text::{folded, implied, stem_of, Token, Word};

/// How many words before a phrase a negation may stand ("we don't really need chat").
const NEGATION_REACH: usize = 3;
/// How many words before an amount its cue may stand ("live in about 2 weeks").
const CUE_REACH: usize = 5;
/// How many words may stand between a number and its unit ("30 extra agents").
const UNIT_REACH: usize = 2;

/// What a constraint asks of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// A value of an enum or set facet (its index).
    Value(usize),
    /// At most this number, for an integer facet.
    AtMost(i64),
}

/// One thing the sentence says, with where it says it (byte offsets into the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub facet: usize,
    pub wanted: Wanted,
    pub confidence: f32,
    /// "we don't need chat": the value is ruled out, not asked for.
    pub negated: bool,
    pub start: usize,
    pub end: usize,
}

/// A phrase saying how much work the buyer hands over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    /// True for "the work behind the conversations too" (BPO), false for "only the conversations".
    pub bpo: bool,
    pub start: usize,
    pub end: usize,
}

/// Everything read from one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understanding {
    pub constraints: Vec<Constraint>,
    pub signals: Vec<Signal>,
}

/// The readers of one schema, built once per engine.
#[derive(Debug, Clone)]
pub struct Reader {
    facets: Vec<(usize, FacetPhrases, MatchKind, FacetKind)>,
    /// (facet, at least, then facet, then value) from `[[vocabulary.implies]]`.
    implies: Vec<(usize, usize, usize, usize)>,
    matches_all: Vec<(usize, usize)>,
    negations: Vec<String>,
    numbers: Vec<(String, i64)>,
    amounts: Vec<AmountReader>,
    call_center: Vec<Vec<String>>,
    bpo: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
struct AmountReader {
    facet: usize,
    units: Vec<(String, i64)>,
    cues: Vec<String>,
}

/// A phrase as the stems of all its words, stop words included (signals such as "only need" are made of them).
fn stem_phrase(text: &str) -> Vec<String> {
    crate::text::tokens(text)
        .into_iter()
        .map(|t| t.stem)
        .collect()
}

impl Reader {
    pub fn build(schema: &Schema, needs_facet: Option<usize>, synonyms: &Synonyms) -> Reader {
        let v = &schema.vocabulary;
        let facets = schema
            .facets
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind != FacetKind::Integer && !v.not_inferred.contains(&f.id))
            .map(|(i, f)| {
                let is_needs = Some(i) == needs_facet;
                (
                    i,
                    FacetPhrases::build(f, is_needs, synonyms),
                    f.match_kind,
                    f.kind,
                )
            })
            .collect();
        let amounts = v
            .amounts
            .iter()
            .filter_map(|a| {
                Some(AmountReader {
                    facet: schema.facet_index(&a.facet)?,
                    units: a.units.iter().map(|(w, n)| (stem_of(w), *n)).collect(),
                    cues: a.cues.iter().map(|w| stem_of(&folded(w))).collect(),
                })
            })
            .collect();
        let matches_all = schema
            .facets
            .iter()
            .enumerate()
            .flat_map(|(f, facet)| {
                facet
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.matches_all)
                    .map(move |(v, _)| (f, v))
            })
            .collect();
        let implies = v
            .implies
            .iter()
            .filter_map(|i| {
                let then = schema.facet_index(&i.then_facet)?;
                let value = schema.facets.get(then)?.value_index(&i.value)?;
                let at_least = usize::try_from(i.at_least).ok()?;
                Some((schema.facet_index(&i.facet)?, at_least, then, value))
            })
            .collect();
        Reader {
            facets,
            implies,
            matches_all,
            negations: v.negations.iter().map(|w| folded(w)).collect(),
            numbers: v.numbers.iter().map(|(w, n)| (folded(w), *n)).collect(),
            amounts,
            call_center: v
                .call_center_signals
                .iter()
                .map(|p| stem_phrase(p))
                .collect(),
            bpo: v.bpo_signals.iter().map(|p| stem_phrase(p)).collect(),
        }
    }

    /// Reads `tokens` (the whole sentence, stop words included) of `text`.
    pub fn read(&self, text: &str, tokens: &[Token], synonyms: &Synonyms) -> Understanding {
        // The content words (each followed by the words it implies), and for each the position of its token.
        let mut positions: Vec<usize> = Vec::new();
        let mut content: Vec<Word> = Vec::new();
        for (i, t) in tokens.iter().enumerate().filter(|(_, t)| !t.stop) {
            positions.push(i);
            content.push(Word {
                stem: t.stem.clone(),
                surface: t.surface.clone(),
            });
            for extra in implied(&t.surface) {
                positions.push(i);
                content.push(extra);
            }
        }
        synonyms.apply(&mut content);
        let mut constraints = Vec::new();
        for (facet, phrases, rule, kind) in &self.facets {
            let mut found: Vec<Constraint> = phrases
                .infer(&content)
                .into_iter()
                // A value that matches everything ("any industry") says nothing about a service.
                .filter(|inf| !self.matches_all.contains(&(*facet, inf.value)))
                .filter_map(|inf| {
                    let first = *positions.get(inf.first)?;
                    let last = *positions.get(inf.last)?;
                    Some(Constraint {
                        facet: *facet,
                        wanted: Wanted::Value(inf.value),
                        confidence: inf.confidence.min(2.0),
                        negated: self.negated(text, tokens, first),
                        start: tokens.get(first)?.start,
                        end: tokens.get(last)?.end,
                    })
                })
                .collect();
            if *rule == MatchKind::AtLeast {
                keep_highest(&mut found);
            } else if *kind == FacetKind::Enum {
                keep_strongest(&mut found);
            }
            constraints.extend(found);
        }
        self.add_implied(&mut constraints);
        constraints.extend(self.amounts(text, tokens));
        Understanding {
            constraints,
            signals: self.signals(tokens),
        }
    }

    /// Adds what enough named values imply ("Spanish, French and German" -> the multilingual need), quoting
    /// the words that named them; nothing is added twice.
    fn add_implied(&self, constraints: &mut Vec<Constraint>) {
        for &(facet, at_least, then, value) in &self.implies {
            let named: Vec<&Constraint> = constraints
                .iter()
                .filter(|c| c.facet == facet && !c.negated)
                .collect();
            let present = constraints
                .iter()
                .any(|c| c.facet == then && c.wanted == Wanted::Value(value));
            if named.len() < at_least.max(1) || present {
                continue;
            }
            let (start, end) = named
                .iter()
                .fold((usize::MAX, 0), |(s, e), c| (s.min(c.start), e.max(c.end)));
            let implied = Constraint {
                facet: then,
                wanted: Wanted::Value(value),
                confidence: 1.0,
                negated: false,
                start,
                end,
            };
            // Facet order is kept: the implied value goes with the other values of its facet.
            let at = constraints
                .iter()
                .position(|c| c.facet > then)
                .unwrap_or(constraints.len());
            constraints.insert(at, implied);
        }
    }

    /// Whether a negation stands shortly before token `at`, in the same clause.
    fn negated(&self, text: &str, tokens: &[Token], at: usize) -> bool {
        let mut i = at;
        for _ in 0..NEGATION_REACH {
            let (Some(prev), Some(next)) =
                (i.checked_sub(1).and_then(|p| tokens.get(p)), tokens.get(i))
            else {
                return false;
            };
            if clause_break(text, prev.end, next.start) {
                return false;
            }
            if self.negations.contains(&prev.surface) {
                return true;
            }
            i -= 1;
        }
        false
    }

    fn amounts(&self, text: &str, tokens: &[Token]) -> Vec<Constraint> {
        let mut out = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let Some(n) = self.number(&token.surface) else {
                continue;
            };
            for amount in &self.amounts {
                let unit = tokens
                    .iter()
                    .enumerate()
                    .skip(i + 1)
                    .take(UNIT_REACH)
                    .find_map(|(j, t)| {
                        let (_, per) = amount.units.iter().find(|(u, _)| *u == t.stem)?;
                        Some((j, *per))
                    });
                let Some((j, per)) = unit else { continue };
                let cued = amount.cues.is_empty()
                    || tokens[i.saturating_sub(CUE_REACH)..i]
                        .iter()
                        .any(|t| amount.cues.contains(&t.stem));
                if !cued {
                    continue;
                }
                let (Some(end), true) = (tokens.get(j).map(|t| t.end), token.end <= text.len())
                else {
                    continue;
                };
                out.push(Constraint {
                    facet: amount.facet,
                    wanted: Wanted::AtMost(n.saturating_mul(per)),
                    confidence: 1.0,
                    negated: false,
                    start: token.start,
                    end,
                });
            }
        }
        out
    }

    /// The number a word stands for: digits, or a number word of the vocabulary.
    fn number(&self, surface: &str) -> Option<i64> {
        if surface.bytes().all(|b| b.is_ascii_digit()) {
            return surface.parse().ok();
        }
        self.numbers
            .iter()
            .find(|(w, _)| w == surface)
            .map(|(_, n)| *n)
    }

    fn signals(&self, tokens: &[Token]) -> Vec<Signal> {
        let mut out = Vec::new();
        for (bpo, phrases) in [(false, &self.call_center), (true, &self.bpo)] {
            for phrase in phrases {
                if phrase.is_empty() {
                    continue;
                }
                for (start, window) in tokens.windows(phrase.len()).enumerate() {
                    if window.iter().zip(phrase).all(|(t, p)| t.stem == *p) {
                        let (Some(first), Some(last)) =
                            (tokens.get(start), tokens.get(start + phrase.len() - 1))
                        else {
                            continue;
                        };
                        out.push(Signal {
                            bpo,
                            start: first.start,
                            end: last.end,
                        });
                    }
                }
            }
        }
        crate::sort::sort_by(&mut out, &|a, b| a.start.cmp(&b.start));
        out
    }
}

/// Whether the text between two words ends a clause (a sentence or a list item), so a negation before it
/// does not reach the phrase after it.
fn clause_break(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_some_and(|gap| {
        gap.contains([
            '.', ',', ';', ':', '!', '?', '(', ')', '\u{2013}', '\u{2014}',
        ])
    })
}

/// A service has one value of an enum facet, so only the value read most strongly counts (found is sorted
/// strongest first).
fn keep_strongest(found: &mut Vec<Constraint>) {
    let mut kept = false;
    found.retain(|c| {
        if c.negated {
            return true;
        }
        let keep = !kept;
        kept = true;
        keep
    });
}

/// For an ordered facet only the highest level read counts: "evenings, and overnight too" means 24/7.
fn keep_highest(found: &mut Vec<Constraint>) {
    let highest = found
        .iter()
        .filter(|c| !c.negated)
        .filter_map(|c| match c.wanted {
            Wanted::Value(v) => Some(v),
            Wanted::AtMost(_) => None,
        })
        .max();
    found.retain(|c| c.negated || matches!(c.wanted, Wanted::Value(v) if Some(v) == highest));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_schema;
    use crate::text::tokens;

    const SCHEMA: &str = r#"version = 1
[[facet]]
id = "needs"
label = "Needs"
kind = "set"
match = "all"
values = [
  { id = "live-chat", label = "Staff live chat", keywords = ["live chat", "chat agents"] },
  { id = "payroll", label = "Run payroll", keywords = ["payroll", "payslips"] },
]
[[facet]]
id = "coverage_hours"
label = "Hours"
kind = "enum"
match = "at-least"
values = [
  { id = "business-hours", label = "Business hours", keywords = ["office hours"] },
  { id = "extended", label = "Extended", keywords = ["evenings", "weekends"] },
  { id = "24x7", label = "24/7", keywords = ["24/7", "overnight"] },
]
[[facet]]
id = "languages"
label = "Languages"
kind = "set"
values = [
  { id = "es", label = "Spanish", keywords = ["spanish"] },
  { id = "de", label = "German", keywords = ["german", "germany"] },
]
[[facet]]
id = "ramp_up_weeks"
label = "Weeks"
kind = "integer"
[vocabulary]
negations = ["no", "dont", "without"]
numbers = { two = 2 }
synonyms = [["payroll", "wages"]]
[vocabulary.scope]
call_center = ["only need"]
bpo = ["whole cycle"]
[[vocabulary.amount]]
facet = "ramp_up_weeks"
units = { week = 1, weeks = 1, month = 4 }
cues = ["live", "within"]
[[vocabulary.implies]]
facet = "languages"
at_least = 2
then_facet = "needs"
value = "live-chat"
"#;

    /// (facet, value, negated, words) per constraint, and (is BPO, words) per signal.
    type Read = (Vec<(String, String, bool, String)>, Vec<(bool, String)>);

    fn read(text: &str) -> Read {
        let schema = parse_schema(SCHEMA).expect("valid");
        let synonyms = Synonyms::new(&schema.vocabulary.synonyms);
        let reader = Reader::build(&schema, Some(0), &synonyms);
        let u = reader.read(text, &tokens(text), &synonyms);
        let constraints = u
            .constraints
            .iter()
            .map(|c| {
                let facet = &schema.facets[c.facet];
                let value = match c.wanted {
                    Wanted::Value(v) => facet.values[v].id.clone(),
                    Wanted::AtMost(n) => n.to_string(),
                };
                (
                    facet.id.clone(),
                    value,
                    c.negated,
                    text[c.start..c.end].to_string(),
                )
            })
            .collect();
        let signals = u
            .signals
            .iter()
            .map(|s| (s.bpo, text[s.start..s.end].to_string()))
            .collect();
        (constraints, signals)
    }

    fn c(f: &str, v: &str, negated: bool, words: &str) -> (String, String, bool, String) {
        (f.into(), v.into(), negated, words.into())
    }

    #[test]
    fn facet_words_become_constraints_with_the_buyers_words() {
        let (found, _) = read("Spanish-speaking chat agents, evenings and overnight");
        assert_eq!(
            found,
            [
                c("needs", "live-chat", false, "chat agents"),
                c("coverage_hours", "24x7", false, "overnight"),
                c("languages", "es", false, "Spanish"),
            ]
        );
    }

    #[test]
    fn negations_reach_only_within_their_clause() {
        let (found, _) = read("we don't need live chat");
        assert_eq!(found, [c("needs", "live-chat", true, "live chat")]);
        let (found, _) = read("no, live chat please");
        assert_eq!(found, [c("needs", "live-chat", false, "live chat")]);
        // Four words back is beyond reach.
        let (found, _) = read("no big extra new live chat");
        assert_eq!(found, [c("needs", "live-chat", false, "live chat")]);
    }

    #[test]
    fn amounts_need_their_unit_and_cue() {
        let (found, _) = read("we must be live within two weeks");
        assert_eq!(found, [c("ramp_up_weeks", "2", false, "two weeks")]);
        let (found, _) = read("live in 1 month");
        assert_eq!(found, [c("ramp_up_weeks", "4", false, "1 month")]);
        let (found, _) = read("our season lasts two weeks");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn synonyms_and_scope_signals() {
        let (found, signals) = read("we only need someone for the wages");
        assert_eq!(found, [c("needs", "payroll", false, "wages")]);
        assert_eq!(signals, [(false, "only need".to_string())]);
        let (_, signals) = read("take the whole cycle off us");
        assert_eq!(signals, [(true, "whole cycle".to_string())]);
    }

    #[test]
    fn naming_enough_values_implies_another() {
        let (found, _) = read("Spanish speakers");
        assert_eq!(found, [c("languages", "es", false, "Spanish")]);
        let (found, _) = read("Spanish or German speakers");
        assert_eq!(
            found,
            [
                c("needs", "live-chat", false, "Spanish or German"),
                c("languages", "es", false, "Spanish"),
                c("languages", "de", false, "German"),
            ]
        );
    }
}
