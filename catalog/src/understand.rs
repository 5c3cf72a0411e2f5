//! Reading a buyer's sentence into constraints: which facet values it asks for or rules out ("Spanish",
//! "HIPAA", "we don't need chat"), which amounts it names ("live within two weeks", "a team of 10 agents"),
//! and whether it hands over only the conversations or the work behind them. Everything it knows comes from
//! the schema's keywords and `[vocabulary]`.

use crate::clauses::{occurrences, pattern, ClausePhrases, Clauses};
use crate::compounds::Compounds;
use crate::pairs::PairReader;
use crate::phrases::FacetPhrases;
use crate::schema::{FacetKind, MatchKind, Schema};
use crate::synonyms::Synonyms;
use crate::text::{folded, hyphenated, implied, is_conjunction, stem_of, Token, Word, JOIN};

/// Stands between the words of two clauses in the list a sentence is matched on; no keyword contains it.
const BREAK: &str = ",";
/// How many words after a need a product word may stand ("freight dispatch app").
const PRODUCT_REACH: usize = 2;
/// How many words a keyword of another facet needs to swallow a need read inside it that has other evidence.
const SWALLOWING_WORDS: usize = 3;
/// How many words before a phrase a negation may stand ("we don't really need chat").
const NEGATION_REACH: usize = 3;
/// How many words before an amount its cue may stand ("live in about 2 weeks").
const CUE_REACH: usize = 5;
/// How many words may stand between a number and its unit ("30 extra agents").
const UNIT_REACH: usize = 2;
/// How many words before or after a place a `place_cues` word may be ("agents, ideally in Colombia or Costa
/// Rica").
const PLACE_REACH: usize = 6;
/// Words that make the people after them the buyer's own ("our developers").
const OWNERS: [&str; 2] = ["our", "my"];
/// How many words before a `staff` word its owner may stand ("our two recruiters"); one more would take "our
/// team needs developers" for the team's own developers.
const OWNER_REACH: usize = 2;
/// How many words after a `markets` phrase an organisation may stand ("software for about 1,500 independent
/// restaurants").
const MARKET_REACH: usize = 5;
/// How strongly a pair of words ("call our members") points at its value: as much as one whole keyword.
const PAIR_CONFIDENCE: f32 = 1.0;

/// What a constraint asks of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// A value of an enum or set facet (its index).
    Value(usize),
    /// At most this number, for an integer facet.
    AtMost(i64),
}

/// One thing the sentence says, with where it says it (byte offsets into the text).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Constraint {
    pub facet: usize,
    pub wanted: Wanted,
    pub confidence: f32,
    /// "we don't need chat": the value is ruled out, not asked for.
    pub negated: bool,
    pub start: usize,
    pub end: usize,
    /// Read from one whole keyword and nothing else in the text.
    pub sole: bool,
    /// Read from a keyword, whose words say the value and nothing else (a pair of words far apart does not
    /// speak for the words between them).
    pub keyword: bool,
}

/// A phrase saying how much work the buyer hands over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signal {
    /// True for "the work behind the conversations too" (BPO), false for "only the conversations".
    pub bpo: bool,
    pub start: usize,
    pub end: usize,
}

/// A phrase saying the buyer keeps some work ("refunds stay with our own team"), with the needs its clause
/// names (ruled out by it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kept {
    pub needs: Vec<usize>,
    pub start: usize,
    pub end: usize,
    /// The byte range of the phrase's clause: a scope signal said in it ("stays in-house") says the same thing.
    pub clause: (usize, usize),
}

/// Everything read from one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Understanding {
    pub constraints: Vec<Constraint>,
    pub signals: Vec<Signal>,
    pub kept: Vec<Kept>,
    /// The byte ranges of the words a refusal or a retention phrase rules out, whatever they name: what the
    /// buyer keeps or does not want ("we keep the accounts, payment plans and posting").
    pub ruled_out: Vec<(usize, usize)>,
    /// The byte ranges of phrases with another meaning ("dental lab"): their words name no service either, so
    /// search leaves them out too.
    pub other_meanings: Vec<(usize, usize)>,
}

/// The readers of one schema, built once per engine.
#[derive(Debug, Clone)]
pub(crate) struct Reader {
    facets: Vec<(usize, FacetPhrases, MatchKind, FacetKind)>,
    /// (facet, at least, then facet, then value) from `[[vocabulary.implies]]`.
    implies: Vec<(usize, usize, usize, usize)>,
    matches_all: Vec<(usize, usize)>,
    negations: Vec<String>,
    /// `lacks`, as patterns.
    lacks: Vec<Vec<String>>,
    clauses: ClausePhrases,
    /// Facets of which only one value is inferred (`one_value`).
    one_value: Vec<usize>,
    needs_facet: Option<usize>,
    /// The needs that say how the work is done (`capabilities`): they restate other facets' keywords.
    capabilities: Vec<usize>,
    /// `products`, folded.
    products: Vec<String>,
    /// Facets read even in a clause about work the buyer keeps (`facts`).
    facts: Vec<usize>,
    /// Facets read only near a `place_cues` word (`places`).
    places: Vec<usize>,
    /// `place_cues`, stemmed.
    place_cues: Vec<String>,
    /// `organisations`, folded (matched as written, like the pairs they stand in).
    organisations: Vec<String>,
    /// `staff`, folded: matched as written, since "our bookkeeping" shares the stem of "our bookkeepers" but
    /// names work, not people.
    staff: Vec<String>,
    /// `markets`, as stemmed patterns.
    markets: Vec<Vec<String>>,
    /// `other_meanings`, as stemmed patterns.
    other_meanings: Vec<Vec<String>>,
    numbers: Vec<(String, i64)>,
    amounts: Vec<AmountReader>,
    pairs: Vec<PairReader>,
    tied: Vec<TiedReader>,
    /// Compounds such as "on-call", read as one word in the keywords and the buyer's words alike.
    compounds: Compounds,
    call_center: Vec<Vec<String>>,
    bpo: Vec<Vec<String>>,
}

/// A sentence as the constraint reader needs it: its text, its tokens (corrected and as written) and its
/// clauses.
#[derive(Clone, Copy)]
struct Said<'a> {
    text: &'a str,
    tokens: &'a [Token],
    written: &'a [Token],
    clauses: &'a Clauses,
}

/// A `[[vocabulary.tied]]` entry as indices: `needs` concern `value` of `facet`.
#[derive(Debug, Clone)]
struct TiedReader {
    needs: Vec<usize>,
    facet: usize,
    value: usize,
    /// Every other value of the facet when the entry names none.
    against: Vec<usize>,
    unless: Vec<usize>,
}

#[derive(Debug, Clone)]
struct AmountReader {
    facet: usize,
    /// Folded, matched as written: the vocabulary lists each form ("agent", "agents"), and a stem would
    /// take "a call" for one caller.
    units: Vec<(String, i64)>,
    cues: Vec<String>,
    /// Folded.
    owners: Vec<String>,
}

impl Reader {
    pub(crate) fn build(
        schema: &Schema,
        needs_facet: Option<usize>,
        synonyms: &Synonyms,
    ) -> Reader {
        let v = &schema.vocabulary;
        let compounds = Compounds::of_schema(schema);
        let facets = schema
            .facets
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind != FacetKind::Integer && !v.not_inferred.contains(&f.id))
            .map(|(i, f)| {
                let is_needs = Some(i) == needs_facet;
                (
                    i,
                    FacetPhrases::build(f, is_needs, synonyms, &compounds),
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
                    units: a.units.iter().map(|(w, n)| (folded(w), *n)).collect(),
                    cues: a.cues.iter().map(|w| stem_of(&folded(w))).collect(),
                    owners: a.owners.iter().map(|w| folded(w)).collect(),
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
        let tied = tied_readers(schema, needs_facet);
        Reader {
            facets,
            implies,
            tied,
            compounds,
            matches_all,
            negations: v.negations.iter().map(|w| folded(w)).collect(),
            lacks: v.lacks.iter().map(|p| pattern(p)).collect(),
            clauses: ClausePhrases::build(v),
            one_value: v
                .one_value
                .iter()
                .filter_map(|id| schema.facet_index(id))
                .collect(),
            needs_facet,
            facts: v
                .facts
                .iter()
                .filter_map(|id| schema.facet_index(id))
                .collect(),
            products: v.products.iter().map(|w| folded(w)).collect(),
            places: v
                .places
                .iter()
                .filter_map(|id| schema.facet_index(id))
                .collect(),
            place_cues: v.place_cues.iter().map(|w| stem_of(&folded(w))).collect(),
            organisations: v.organisations.iter().map(|w| folded(w)).collect(),
            staff: v.staff.iter().map(|w| folded(w)).collect(),
            markets: v.markets.iter().map(|p| pattern(p)).collect(),
            other_meanings: v.other_meanings.iter().map(|p| pattern(p)).collect(),
            capabilities: needs_facet
                .and_then(|f| schema.facets.get(f))
                .map(|facet| {
                    v.capabilities
                        .iter()
                        .filter_map(|id| facet.value_index(id))
                        .collect()
                })
                .unwrap_or_default(),
            numbers: v.numbers.iter().map(|(w, n)| (folded(w), *n)).collect(),
            amounts,
            pairs: PairReader::build(schema),
            call_center: v.call_center_signals.iter().map(|p| pattern(p)).collect(),
            bpo: v.bpo_signals.iter().map(|p| pattern(p)).collect(),
        }
    }

    /// Reads `tokens` (the whole sentence, stop words included) of `text`.
    /// `written` holds the same words before any spelling correction (`tokens` itself when none was made).
    pub(crate) fn read(
        &self,
        text: &str,
        tokens: &[Token],
        written: &[Token],
        synonyms: &Synonyms,
    ) -> Understanding {
        // The content words, then the words they imply, and for each the position of its token. The implied
        // words come last, each on its own, so they never come between the words of a keyword ("overnight"
        // implies "night", which must not split "overnight monitoring").
        let mut positions: Vec<usize> = Vec::new();
        let mut content: Vec<Word> = Vec::new();
        let mut extras: Vec<(usize, Word)> = Vec::new();
        for (i, t) in tokens.iter().enumerate().filter(|(_, t)| !t.stop) {
            // A keyword is not read across a comma or a full stop: "then call, and our phone team" holds no
            // "call ... phone". A mark that matches no keyword keeps the words apart.
            let after_break = positions
                .last()
                .and_then(|&p| tokens.get(p))
                .is_some_and(|prev| {
                    clause_break(text, prev.end, t.start)
                        && content.last().is_some_and(|w| w.stem != BREAK)
                });
            // Likewise a conjunction, unless the keyword has one there too (see `JOIN`).
            let after_join = !after_break
                && positions.last().is_some_and(|&p| {
                    tokens
                        .get(p + 1..i)
                        .is_some_and(|gap| gap.iter().any(|g| is_conjunction(&g.surface)))
                });
            if after_break || after_join {
                positions.push(i);
                let mark = if after_break { BREAK } else { JOIN };
                content.push(Word {
                    stem: mark.to_string(),
                    surface: mark.to_string(),
                });
            }
            positions.push(i);
            content.push(Word {
                stem: self
                    .compounds
                    .stem(text, tokens, i)
                    .unwrap_or_else(|| t.stem.clone()),
                surface: t.surface.clone(),
            });
            extras.extend(implied(&t.surface).into_iter().map(|w| (i, w)));
        }
        for (i, extra) in extras {
            positions.extend([i, i]);
            content.push(Word {
                stem: BREAK.to_string(),
                surface: BREAK.to_string(),
            });
            content.push(extra);
        }
        synonyms.apply(&mut content);
        let content = self.without_other_meanings(content, &positions, tokens);
        // The phrases that shape a sentence (refusals, retention, exclusions, scope) are read as written: they
        // are common words, which a spelling correction only bends into other phrases ("keep going" is not
        // "keep doing").
        let clauses = self.clauses.read(text, written);
        let mut kept: Vec<(usize, usize)> = Vec::new();
        let mut constraints = Vec::new();
        let said = Said {
            text,
            tokens,
            written,
            clauses: &clauses,
        };
        let needs_content = self.without_own_staff(&content, &positions, tokens);
        let served = self.served(written, &clauses);
        let fact_content = masked(&content, &positions, |at| within(&served, at));
        for (facet, phrases, rule, kind) in &self.facets {
            let words = if Some(*facet) == self.needs_facet {
                &needs_content
            } else if self.facts.contains(facet) && self.one_value.contains(facet) {
                // What the buyer is (their industry) is not read from who they serve; what they must
                // comply with may well come from their market ("software for HIPAA-covered practices").
                &fact_content
            } else {
                &content
            };
            let found = self.read_facet(
                &said,
                (*facet, phrases, *rule, *kind),
                (words, &positions),
                &mut kept,
            );
            constraints.extend(found);
        }
        self.drop_swallowed_needs(&mut constraints, tokens);
        self.drop_refusals_of_a_need(&mut constraints);
        self.drop_product_needs(&mut constraints, text, tokens);
        self.drop_market_facts(&mut constraints, text, tokens);
        self.drop_untied_needs(&mut constraints);
        self.add_implied(&mut constraints);
        constraints.extend(self.amounts(text, tokens));
        Understanding {
            constraints,
            signals: self.signals(text, written),
            kept: kept_phrases(&clauses, tokens, &kept),
            ruled_out: (0..tokens.len())
                .filter(|&i| clauses.rules_out(i))
                .filter_map(|i| tokens.get(i).map(|t| (t.start, t.end)))
                .collect(),
            other_meanings: self
                .other_meaning_spans(tokens)
                .into_iter()
                .filter_map(|(first, last)| Some((tokens.get(first)?.start, tokens.get(last)?.end)))
                .collect(),
        }
    }

    /// Whether a place read at tokens `first..=last` for `facet` is tied to the work: always for facets not in
    /// `places`; otherwise a cue word must be among or near its words, in its sentence ("a team in Colombia",
    /// "offshore in India", but not "our hotels in Mexico").
    fn placed(
        &self,
        facet: usize,
        text: &str,
        tokens: &[Token],
        first: usize,
        last: usize,
    ) -> bool {
        if !self.places.contains(&facet) {
            return true;
        }
        let cue = |t: &Token| self.place_cues.contains(&t.stem);
        // Tokens `a` and `b` (in order) are in one sentence.
        let joined = |a: usize, b: usize| match (tokens.get(a), tokens.get(b)) {
            (Some(x), Some(y)) => text
                .get(x.end..y.start)
                .is_some_and(|gap| !gap.contains(['.', ';', '!', '?', ':'])),
            _ => false,
        };
        let inside = tokens
            .get(first..=last)
            .is_some_and(|span| span.iter().any(cue));
        let before = (first.saturating_sub(PLACE_REACH)..first)
            .rev()
            .take_while(|&i| joined(i, i + 1))
            .any(|i| tokens.get(i).is_some_and(cue));
        let after = (last + 1..=last + PLACE_REACH)
            .take_while(|&i| joined(i - 1, i))
            .any(|i| tokens.get(i).is_some_and(cue));
        inside || before || after
    }

    /// The values of one facet the sentence asks for or rules out: its keywords and word pairs, read again
    /// around refusals, each value once, and for an ordered or one-value facet only the one that counts.
    fn read_facet(
        &self,
        said: &Said<'_>,
        (facet, phrases, rule, kind): (usize, &FacetPhrases, MatchKind, FacetKind),
        (content, positions): (&[Word], &[usize]),
        kept: &mut Vec<(usize, usize)>,
    ) -> Vec<Constraint> {
        let keyworded = phrases
            .infer_all(content)
            .into_iter()
            // A value that matches everything ("any industry") says nothing about a service.
            .filter(|inf| !self.matches_all.contains(&(facet, inf.value)))
            .filter_map(|inf| {
                let first = *positions.get(inf.first)?;
                let last = *positions.get(inf.last)?;
                Some((inf.value, inf.confidence, first, last, Some(inf.sole)))
            });
        let paired = self
            .pairs
            .iter()
            .filter(|p| p.facet == facet)
            .flat_map(|p| {
                p.find(said.text, said.tokens)
                    .into_iter()
                    .map(|(first, last)| (p.value, PAIR_CONFIDENCE, first, last, None))
            });
        let mut found: Vec<Constraint> = keyworded
            .chain(paired)
            .filter_map(|(value, confidence, first, last, sole)| {
                self.constraint(said, facet, value, (first, last), kept)
                    .map(|c| Constraint {
                        confidence: confidence.min(2.0),
                        sole: sole == Some(true),
                        keyword: sole.is_some(),
                        ..c
                    })
            })
            .collect();
        // The cap counts what is asked for, strongest first: a need the buyer rules out takes no place.
        let mut asked = 0;
        found.retain(|c| {
            asked += usize::from(c.keyword && !c.negated);
            !c.keyword || c.negated || asked <= phrases.most()
        });
        self.read_again_around_refusals(said, facet, phrases, (content, positions), &mut found);
        // Two word pairs (or a pair and a keyword) may read the same value from the same words.
        let mut seen: Vec<(Wanted, usize, usize)> = Vec::new();
        found.retain(|c| {
            let key = (c.wanted, c.start, c.end);
            let first = !seen.contains(&key);
            seen.push(key);
            first
        });
        if rule == MatchKind::AtLeast {
            keep_highest(&mut found);
        } else if kind == FacetKind::Enum || self.one_value.contains(&facet) {
            keep_strongest(&mut found);
        }
        found
    }

    /// A value ruled out where it is said most strongly may still be asked for elsewhere ("when a customer
    /// misses a payment, call them; payment plans stay with our team"): the sentence is read again without
    /// the clause of each ruled-out value, and a value found there, asked for, replaces its ruled-out reading.
    /// Another mention in the same clause is the same thing said again ("the claims are already handled by
    /// an outside claims administrator").
    fn read_again_around_refusals(
        &self,
        said: &Said<'_>,
        facet: usize,
        phrases: &FacetPhrases,
        (content, positions): (&[Word], &[usize]),
        found: &mut Vec<Constraint>,
    ) {
        let ruled_out: Vec<(usize, usize, usize)> = found
            .iter()
            .filter(|c| c.negated && c.keyword)
            .filter_map(|c| match c.wanted {
                Wanted::Value(v) => Some((v, c.start, c.end)),
                Wanted::AtMost(_) => None,
            })
            .collect();
        if ruled_out.is_empty() {
            return;
        }
        let clause_at = |byte: usize| {
            said.tokens
                .iter()
                .position(|t| t.start == byte)
                .and_then(|i| said.clauses.of(i))
        };
        let ruled_out_clauses: Vec<usize> = ruled_out
            .iter()
            .filter_map(|&(_, start, _)| clause_at(start))
            .collect();
        let masked: Vec<Word> = content
            .iter()
            .zip(positions)
            .map(|(w, &p)| {
                let inside = said
                    .clauses
                    .of(p)
                    .is_some_and(|c| ruled_out_clauses.contains(&c));
                if inside {
                    Word {
                        stem: BREAK.to_string(),
                        surface: BREAK.to_string(),
                    }
                } else {
                    w.clone()
                }
            })
            .collect();
        let mut unused = Vec::new();
        for inf in phrases.infer(&masked) {
            if !ruled_out.iter().any(|&(v, ..)| v == inf.value) {
                continue;
            }
            let (Some(&first), Some(&last)) = (positions.get(inf.first), positions.get(inf.last))
            else {
                continue;
            };
            let Some(asked) = self
                .constraint(said, facet, inf.value, (first, last), &mut unused)
                .filter(|c| !c.negated)
            else {
                continue;
            };
            found.retain(|c| c.wanted != Wanted::Value(inf.value));
            found.push(Constraint {
                confidence: inf.confidence.min(2.0),
                sole: inf.sole,
                ..asked
            });
        }
    }

    /// The constraint a value read at tokens `first..=last` makes, asked for or ruled out, or none when the
    /// sentence only tolerates it, guesses it, places it away from the work, or describes work the buyer keeps.
    /// A retention phrase that rules out a need is noted in `kept`.
    fn constraint(
        &self,
        said: &Said<'_>,
        facet: usize,
        value: usize,
        (first, last): (usize, usize),
        kept: &mut Vec<(usize, usize)>,
    ) -> Option<Constraint> {
        let Said {
            text,
            tokens,
            written,
            clauses,
        } = *said;
        // "Offshore is fine": any answer will do, so nothing is asked.
        if clauses.tolerated(text, written, last)
            || guessed(text, tokens, first, last)
            || !self.placed(facet, text, tokens, first, last)
        {
            return None;
        }
        // The work the buyer keeps is described, not asked for: "we keep the posting" asks for no write
        // access. Facts about the buyer hold wherever they are said.
        if Some(facet) != self.needs_facet
            && !self.facts.contains(&facet)
            && clauses.kept(first).is_some()
        {
            return None;
        }
        let keeps = self.kept_by(clauses, facet, first);
        if let Some(phrase) = keeps {
            kept.push((phrase, value));
        }
        Some(Constraint {
            facet,
            wanted: Wanted::Value(value),
            confidence: 1.0,
            negated: self.negated(text, tokens, first)
                || clauses.refused(first)
                || clauses.excluded(text, written, first, last)
                || keeps.is_some(),
            // A compound is quoted whole: "on-call engineer", not "call engineer".
            start: match self.compounds.stem(text, tokens, first) {
                Some(_) => tokens.get(first.checked_sub(1)?)?.start,
                None => tokens.get(first)?.start,
            },
            end: tokens.get(last)?.end,
            sole: false,
            keyword: true,
        })
    }

    /// The first token of the retention phrase that keeps a need named at token `first` in the buyer's hands:
    /// "refunds stay with our accounts team" rules out the refunds, and only the needs of its own clause.
    fn kept_by(&self, clauses: &Clauses, facet: usize, first: usize) -> Option<usize> {
        if Some(facet) != self.needs_facet {
            return None;
        }
        clauses.kept(first).map(|(phrase, _)| phrase)
    }

    /// A need read from words that a longer keyword of another facet spans says what that keyword says, not
    /// more: "can't justify hiring" is a shared team, not a wish to recruit, and "fulfilment warehouse" the
    /// buyer's business. A two-word keyword swallows only a need read from one keyword and nothing else: "phone
    /// lines" names the channel, and the busy lines around it are still an overflow. A capability restates
    /// another facet on purpose and stays: "around the clock" is hours and 24/7 cover.
    fn drop_swallowed_needs(&self, constraints: &mut Vec<Constraint>, tokens: &[Token]) {
        let spans: Vec<(usize, usize, usize)> = constraints
            .iter()
            .filter(|c| Some(c.facet) != self.needs_facet && c.keyword)
            .map(|c| {
                let words = tokens
                    .iter()
                    .filter(|t| c.start <= t.start && t.end <= c.end)
                    .count();
                (c.start, c.end, words)
            })
            .collect();
        constraints.retain(|c| {
            // A need read from one keyword alone is swallowed by any longer keyword around it ("fulfilment
            // warehouse" is the buyer's business); one with evidence elsewhere only by a long one.
            let reach = if c.sole { 2 } else { SWALLOWING_WORDS };
            Some(c.facet) != self.needs_facet
                || c.negated
                || matches!(c.wanted, Wanted::Value(v) if self.capabilities.contains(&v))
                || !spans.iter().any(|&(start, end, words)| {
                    words >= reach
                        && start <= c.start
                        && c.end <= end
                        && end - start > c.end - c.start
                })
        });
    }

    /// Words that rule out a need rule out that work, not every value of another facet their keyword also
    /// names: "no cold calling" refuses lead generation, not outbound calls, which the buyer may still want.
    fn drop_refusals_of_a_need(&self, constraints: &mut Vec<Constraint>) {
        let refused: Vec<(usize, usize)> = constraints
            .iter()
            .filter(|c| c.negated && Some(c.facet) == self.needs_facet)
            .map(|c| (c.start, c.end))
            .collect();
        constraints.retain(|c| {
            !c.negated
                || Some(c.facet) == self.needs_facet
                || !refused
                    .iter()
                    .any(|&(start, end)| start <= c.start && c.end <= end)
        });
    }

    /// A need named just before a word for what the buyer makes or sells (within two words, in the same
    /// clause) is the subject of their product: "our freight dispatch app" asks for no freight coordination.
    fn drop_product_needs(&self, constraints: &mut Vec<Constraint>, text: &str, tokens: &[Token]) {
        if self.products.is_empty() {
            return;
        }
        constraints.retain(|c| {
            Some(c.facet) != self.needs_facet
                || c.negated
                || !tokens
                    .iter()
                    .filter(|t| t.start >= c.end)
                    .take(PRODUCT_REACH)
                    .any(|t| {
                        self.products.contains(&t.surface) && !clause_break(text, c.end, t.start)
                    })
        });
    }

    /// The content words with those of an `other_meanings` phrase hidden: "three veterinary clinics" says
    /// nothing of healthcare, though "clinics" alone would.
    fn without_other_meanings(
        &self,
        content: Vec<Word>,
        positions: &[usize],
        tokens: &[Token],
    ) -> Vec<Word> {
        let spans = self.other_meaning_spans(tokens);
        if spans.is_empty() {
            return content;
        }
        masked(&content, positions, |at| within(&spans, at))
    }

    /// The token spans (first, last) of the `other_meanings` phrases in the text.
    fn other_meaning_spans(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        self.other_meanings
            .iter()
            .flat_map(|p| occurrences(tokens, p))
            .collect()
    }

    /// The content words as the needs are read from them: a word for the buyer's own people (`staff`) written
    /// just after "our" or "my" (one word may stand between: "our two recruiters") stands for no work, since
    /// "bugs go to our developers" is where the work ends up, not software to be built. Other words still say
    /// what they say ("our recruiters can't keep up; screen the applicants").
    fn without_own_staff(
        &self,
        content: &[Word],
        positions: &[usize],
        tokens: &[Token],
    ) -> Vec<Word> {
        let owned = |at: usize| {
            tokens
                .get(at)
                .is_some_and(|t| self.staff.contains(&t.surface))
                && (at.saturating_sub(OWNER_REACH)..at)
                    .filter_map(|i| tokens.get(i))
                    .any(|t| OWNERS.contains(&t.surface.as_str()))
        };
        masked(content, positions, owned)
    }

    /// Drops a fact about the buyer (`facts`: their industry) read from an organisation the buyer calls or is
    /// called by: in "cold call clinics" or "restaurants ring us" the clinics and restaurants are the buyer's
    /// market. Their customers as people ("call our patients", "tenants phone us") still say what the buyer is.
    fn drop_market_facts(&self, constraints: &mut Vec<Constraint>, text: &str, tokens: &[Token]) {
        if self.organisations.is_empty()
            || !constraints.iter().any(|c| self.facts.contains(&c.facet))
        {
            return;
        }
        let markets: Vec<(usize, usize)> = self
            .pairs
            .iter()
            .flat_map(|p| p.find(text, tokens))
            .flat_map(|(first, last)| [first, last])
            .filter_map(|i| tokens.get(i))
            .filter(|t| self.organisations.contains(&t.surface))
            .map(|t| (t.start, t.end))
            .collect();
        constraints.retain(|c| {
            !self.facts.contains(&c.facet)
                || !markets
                    .iter()
                    .any(|&(start, end)| c.start >= start && c.end <= end)
        });
    }

    /// The tokens naming who the buyer serves: the words after a `markets` phrase, at most `MARKET_REACH`, in
    /// its clause, up to an owner ("software for restaurants"; "software for our restaurants" is the buyer's
    /// own). What the buyer is (a `facts` facet read as one value: the industry) is not read from them.
    fn served(&self, tokens: &[Token], clauses: &Clauses) -> Vec<(usize, usize)> {
        self.markets
            .iter()
            .flat_map(|p| occurrences(tokens, p))
            .filter_map(|(_, last)| {
                let clause = clauses.of(last);
                let end = (last + 1..tokens.len().min(last + 1 + MARKET_REACH))
                    .take_while(|&i| {
                        clauses.of(i) == clause && !OWNERS.contains(&tokens[i].surface.as_str())
                    })
                    .last()?;
                Some((last + 1, end))
            })
            .collect()
    }

    /// Drops the needs of a `tied` entry where the sentence speaks against its value: it rules the value out,
    /// or names values of `against` and not the value itself ("the chat desk is offline in the evenings" asks
    /// for no calls answered at night, nor does "evening calling" of borrowers), and reads none of its
    /// `unless` needs ("we miss calls after 6pm; call the customers back").
    fn drop_untied_needs(&self, constraints: &mut Vec<Constraint>) {
        let Some(needs) = self.needs_facet else {
            return;
        };
        let read = |facet: usize, value: usize, negated: bool| {
            constraints.iter().any(|c| {
                c.facet == facet && c.wanted == Wanted::Value(value) && c.negated == negated
            })
        };
        let dropped: Vec<usize> = self
            .tied
            .iter()
            .filter(|t| {
                let others = t.against.iter().any(|&v| read(t.facet, v, false));
                !read(t.facet, t.value, false)
                    && (others || read(t.facet, t.value, true))
                    && !t.unless.iter().any(|&n| read(needs, n, false))
            })
            .flat_map(|t| t.needs.iter().copied())
            .collect();
        if dropped.is_empty() {
            return;
        }
        constraints.retain(|c| {
            c.facet != needs
                || c.negated
                || !matches!(c.wanted, Wanted::Value(v) if dropped.contains(&v))
        });
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
                sole: false,
                keyword: false,
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
                // A negation inside a hyphenated word negates nothing: "do-not-call rules", "not-for-profit".
                let inside_a_word = hyphenated(text, Some(prev), Some(next))
                    || hyphenated(
                        text,
                        i.checked_sub(2).and_then(|b| tokens.get(b)),
                        Some(prev),
                    );
                return !inside_a_word
                    && !third_party(text, tokens, i - 1)
                    && !self.lacking(tokens, i - 1);
            }
            i -= 1;
        }
        false
    }

    /// Whether the negation at token `at` starts a phrase of what the buyer lacks ("no time to call").
    fn lacking(&self, tokens: &[Token], at: usize) -> bool {
        self.lacks.iter().any(|p| {
            tokens
                .get(at..at + p.len())
                .is_some_and(|window| window.iter().zip(p).all(|(t, w)| w == "*" || t.stem == *w))
        })
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
                        let (_, per) = amount.units.iter().find(|(u, _)| *u == t.surface)?;
                        Some((j, *per))
                    });
                let Some((j, per)) = unit else { continue };
                let before = &tokens[i.saturating_sub(CUE_REACH)..i];
                let cued =
                    amount.cues.is_empty() || before.iter().any(|t| amount.cues.contains(&t.stem));
                // "Our support team is 6 people" counts the people the buyer has, not what they ask for.
                let owned = before.iter().any(|t| {
                    amount.owners.contains(&t.surface) && !clause_break(text, t.end, token.start)
                });
                if !cued || owned {
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
                    sole: false,
                    keyword: false,
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

    fn signals(&self, text: &str, tokens: &[Token]) -> Vec<Signal> {
        let mut out = Vec::new();
        for (bpo, phrases) in [(false, &self.call_center), (true, &self.bpo)] {
            for phrase in phrases {
                for (first, last) in occurrences(tokens, phrase) {
                    // "We don't just need extra hands on the phone" says the opposite of "just need".
                    if self.negated(text, tokens, first) {
                        continue;
                    }
                    let (Some(first), Some(last)) = (tokens.get(first), tokens.get(last)) else {
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
        crate::sort::sort_by(&mut out, &|a, b| a.start.cmp(&b.start));
        out
    }
}

/// Every retention phrase of the sentence, with the needs it keeps (`kept`: (phrase's first token, need)).
/// The `[[vocabulary.tied]]` entries whose facet and value exist, with the needs and values they name.
fn tied_readers(schema: &Schema, needs_facet: Option<usize>) -> Vec<TiedReader> {
    let needs = needs_facet.and_then(|f| schema.facets.get(f));
    let need_ids = |ids: &[String]| -> Vec<usize> {
        ids.iter().filter_map(|id| needs?.value_index(id)).collect()
    };
    schema
        .vocabulary
        .tied
        .iter()
        .filter_map(|t| {
            let facet = schema.facet_index(&t.facet)?;
            let values = schema.facets.get(facet)?;
            let value = values.value_index(&t.value)?;
            let against = if t.against.is_empty() {
                (0..values.values.len()).filter(|&v| v != value).collect()
            } else {
                t.against
                    .iter()
                    .filter_map(|id| values.value_index(id))
                    .collect()
            };
            Some(TiedReader {
                needs: need_ids(&t.needs),
                facet,
                value,
                against,
                unless: need_ids(&t.unless),
            })
        })
        .collect()
}

/// Whether token `at` lies in one of `spans` (first and last token of each).
fn within(spans: &[(usize, usize)], at: usize) -> bool {
    spans
        .iter()
        .any(|&(first, last)| (first..=last).contains(&at))
}

fn kept_phrases(clauses: &Clauses, tokens: &[Token], kept: &[(usize, usize)]) -> Vec<Kept> {
    clauses
        .kept
        .iter()
        .filter_map(|&(c, first, last)| {
            let in_clause = |i: &usize| clauses.of(*i) == Some(c);
            let from = (0..tokens.len()).find(in_clause)?;
            let to = (0..tokens.len()).rev().find(in_clause)?;
            Some(Kept {
                needs: kept
                    .iter()
                    .filter(|(phrase, _)| *phrase == first)
                    .map(|(_, need)| *need)
                    .collect(),
                start: tokens.get(first)?.start,
                end: tokens.get(last)?.end,
                clause: (tokens.get(from)?.start, tokens.get(to)?.end),
            })
        })
        .collect()
}

/// Whether one word `at` is too weak to infer a value from: the spelling correction guessed for a word the
/// catalog does not know ("charts" read as "chats") is a guess, not a statement, unless a whole keyword
/// around it confirms it ("purchace orders") or the word is the catalog's with one of the commonest slips of
/// the hand ("payrol", "bookeeping", "tenents").
fn guessed(text: &str, tokens: &[Token], first: usize, last: usize) -> bool {
    first == last
        && tokens.get(first).is_some_and(|t| {
            text.get(t.start..t.end).is_some_and(|w| {
                let written = folded(w);
                written != t.surface && !slip(&written, &t.surface)
            })
        })
}

/// Whether `written` is `meant` with one of the commonest typing slips, which a real word of its own rarely
/// is: a doubled letter typed once or a letter typed twice ("payrol", "adress"), two neighbouring letters
/// swapped ("recieve"), or, in a word of six letters or more, one vowel for another past the first letter
/// ("tenents"), or, in a word of eight letters or more, one vowel past the first letter dropped or typed
/// extra ("moderaton", "devlopers"). A dropped or changed consonant ("charts" for "chats", "going" for "doing")
/// makes another word too often to be read as a slip.
fn slip(written: &str, meant: &str) -> bool {
    let (w, m): (Vec<char>, Vec<char>) = (written.chars().collect(), meant.chars().collect());
    let vowel = |c: Option<&char>| c.is_some_and(|c| "aeiou".contains(*c));
    // `long` is `short` with one letter past the first added: a doubled letter, or a vowel in a long word.
    let added = |short: &[char], long: &[char]| {
        long.len() == short.len() + 1
            && (1..long.len()).any(|i| {
                (long.get(i) == long.get(i - 1) || (long.len() >= 8 && vowel(long.get(i))))
                    && long.get(..i) == short.get(..i)
                    && long.get(i + 1..) == short.get(i..)
            })
    };
    if added(&w, &m) || added(&m, &w) {
        return true;
    }
    if w.len() != m.len() {
        return false;
    }
    let differ: Vec<usize> = (0..w.len()).filter(|&i| w.get(i) != m.get(i)).collect();
    match differ.as_slice() {
        [a, b] => *b == a + 1 && w.get(*a) == m.get(*b) && w.get(*b) == m.get(*a),
        [a] => *a > 0 && w.len() >= 6 && vowel(w.get(*a)) && vowel(m.get(*a)),
        _ => false,
    }
}

/// Whether the verbal negation at token `at` ("don't", "isn't") has a noun of its own just before it:
/// "customers don't pay on time" and "calls aren't answered" tell the buyer's problem, where "we don't need
/// chat" or "don't want chat" rules something out. "No" and "not" are not verbs and keep their reach.
fn third_party(text: &str, tokens: &[Token], at: usize) -> bool {
    let Some(negation) = tokens.get(at) else {
        return false;
    };
    let verbal = negation.surface.len() > 3 && negation.surface.ends_with("nt");
    verbal
        && at
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|subject| {
                !subject.stop && !clause_break(text, subject.end, negation.start)
            })
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

/// A service has one value of an enum facet (and a buyer one industry), so only the value read most strongly
/// counts; on a tie the one named first, as a buyer introduces themselves before they digress.
fn keep_strongest(found: &mut Vec<Constraint>) {
    let best = found
        .iter()
        .filter(|c| !c.negated)
        .min_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(a.start.cmp(&b.start))
        })
        .map(|c| (c.wanted, c.start));
    found.retain(|c| c.negated || Some((c.wanted, c.start)) == best);
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

/// `content` with each word whose token position `hidden` names replaced by a break, so no phrase reads
/// across it.
fn masked(content: &[Word], positions: &[usize], hidden: impl Fn(usize) -> bool) -> Vec<Word> {
    content
        .iter()
        .zip(positions)
        .map(|(w, &at)| {
            if w.stem != BREAK && w.stem != JOIN && hidden(at) {
                Word {
                    stem: BREAK.to_string(),
                    surface: BREAK.to_string(),
                }
            } else {
                w.clone()
            }
        })
        .collect()
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
  { id = "payroll", label = "Run payroll", keywords = ["payroll", "payslips", "payroll up to date"] },
  { id = "monitoring", label = "Watch servers", keywords = ["overnight monitoring"] },
  { id = "recruiting", label = "Recruit", keywords = ["recruiters", "screen applicants", "recruiting"] },
  { id = "after-hours", label = "Answer calls after hours", keywords = ["after hours"] },
  { id = "missed-calls", label = "Stop missing calls", keywords = ["voicemail"] },
  { id = "paging", label = "Wake the duty crew", keywords = ["on-call team"] },
]
[[facet]]
id = "channels"
label = "Channels"
kind = "set"
values = [
  { id = "voice", label = "Phone", keywords = ["phone"] },
  { id = "chat", label = "Chat", keywords = ["whatsapp"] },
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
[[facet]]
id = "industries"
label = "Industry"
kind = "set"
values = [
  { id = "healthcare", label = "Healthcare", keywords = ["clinic", "medical"] },
  { id = "retail", label = "Retail", keywords = ["online shop", "shop"] },
  { id = "bureaus", label = "Service bureaus", keywords = ["payroll service bureau", "payroll shop"] },
]
[[facet]]
id = "delivery_regions"
label = "Countries"
kind = "set"
values = [{ id = "MX", label = "Mexico", keywords = ["mexico", "monterrey"] }]
[[facet]]
id = "direction"
label = "Direction"
kind = "enum"
values = [
  { id = "outbound", label = "We contact customers" },
  { id = "inbound", label = "Customers contact us", keywords = ["answer calls"] },
]
[vocabulary]
negations = ["no", "dont", "without"]
clause_words = ["but", "only"]
products = ["app", "software"]
retention = ["stay with us", "our * will keep"]
refusals = ["don't need"]
tolerances = ["is fine"]
exclusions = ["isn't part of", "is up to date"]
one_value = ["industries"]
places = ["delivery_regions"]
facts = ["industries"]
lacks = ["no time"]
place_cues = ["team", "agents", "based"]
organisations = ["clinics"]
staff = ["recruiters"]
markets = ["software for", "sell to"]
other_meanings = ["vet clinic"]
numbers = { two = 2 }
synonyms = [["payroll", "wages"]]
[vocabulary.scope]
call_center = ["only need"]
bpo = ["whole cycle"]
[[vocabulary.amount]]
facet = "ramp_up_weeks"
units = { week = 1, weeks = 1, month = 4 }
cues = ["live", "within"]
owners = ["our"]
[[vocabulary.pair]]
facet = "coverage_hours"
value = "extended"
first = ["open"]
then = ["late"]
reach = 2
[[vocabulary.pair]]
facet = "direction"
value = "outbound"
first = ["call"]
then = ["clinics", "patients"]
reach = 1
[[vocabulary.implies]]
facet = "languages"
at_least = 2
then_facet = "needs"
value = "live-chat"
[[vocabulary.tied]]
needs = ["after-hours", "missed-calls"]
facet = "channels"
value = "voice"
[[vocabulary.tied]]
needs = ["after-hours"]
facet = "direction"
value = "inbound"
unless = ["missed-calls"]
"#;

    /// (facet, value, negated, words) per constraint, and (is BPO, words) per signal.
    type Read = (Vec<(String, String, bool, String)>, Vec<(bool, String)>);

    fn read(text: &str) -> Read {
        let schema = parse_schema(SCHEMA).expect("valid");
        let synonyms = Synonyms::new(&schema.vocabulary.synonyms);
        let reader = Reader::build(&schema, Some(0), &synonyms);
        let u = reader.read(text, &tokens(text), &tokens(text), &synonyms);
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
    fn a_pair_of_words_reads_its_value_like_a_keyword() {
        let (found, _) = read("we stay open really late");
        assert_eq!(
            found,
            [c("coverage_hours", "extended", false, "open really late")]
        );
        let (found, _) = read("we are no longer open late");
        assert_eq!(found, [c("coverage_hours", "extended", true, "open late")]);
        // The words between the pair still say what they say.
        let (found, _) = read("open payroll late");
        assert_eq!(
            found,
            [
                c("needs", "payroll", false, "payroll"),
                c("coverage_hours", "extended", false, "open payroll late"),
            ]
        );
    }

    #[test]
    fn a_value_kept_in_one_clause_and_asked_for_in_another_is_asked_for() {
        let (found, _) = read("payslips stay with us. We need payroll for the new office");
        assert_eq!(found, [c("needs", "payroll", false, "payroll")]);
        // Said again in the clause that rules it out, it stays ruled out.
        let (found, _) = read("payroll isn't part of it as our payroll firm does it");
        assert_eq!(found, [c("needs", "payroll", true, "payroll")]);
        // Said only where it is kept, it stays ruled out.
        let (found, _) = read("payslips stay with us. We need chat agents");
        assert_eq!(
            found,
            [
                c("needs", "live-chat", false, "chat agents"),
                c("needs", "payroll", true, "payslips"),
            ]
        );
    }

    #[test]
    fn an_industry_the_buyer_calls_is_their_market_not_their_own() {
        let (found, _) = read("we cold call clinics to sell lab work");
        assert!(
            !found.iter().any(|c| c.0 == "industries"),
            "clinics called are the market: {found:?}"
        );
        assert!(found.contains(&c("direction", "outbound", false, "call clinics")));
        // Patients are the buyer's own customers: they say what the buyer is.
        let (found, _) = read("we call patients from our clinic");
        assert!(
            found.contains(&c("industries", "healthcare", false, "clinic")),
            "{found:?}"
        );
        // Named outside a pair, the organisation is the buyer's own industry.
        let (found, _) = read("we run three clinics and need chat agents");
        assert!(found.iter().any(|c| c.0 == "industries"), "{found:?}");
    }

    #[test]
    fn the_buyers_own_people_are_no_need() {
        let recruiting = |text: &str| {
            read(text)
                .0
                .into_iter()
                .filter(|c| c.1 == "recruiting")
                .map(|c| c.3)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            recruiting("we need recruiters for the new site"),
            ["recruiters"]
        );
        // One word may stand between the owner and the people; with two, the owner may be someone else's.
        assert!(recruiting("our two recruiters cannot keep up").is_empty());
        assert!(recruiting("my recruiters cannot keep up").is_empty());
        assert_eq!(recruiting("our team needs recruiters"), ["recruiters"]);
        // The people are named as written: "our recruiting" is the work, though it shares their stem.
        assert_eq!(recruiting("our recruiting is slow"), ["recruiting"]);
        // The rest of the sentence still says what it says.
        assert_eq!(
            recruiting("our recruiters cannot keep up, so screen applicants for us"),
            ["screen applicants"]
        );
    }

    #[test]
    fn the_buyers_market_is_not_the_buyer() {
        let industry = |text: &str| {
            read(text)
                .0
                .into_iter()
                .filter(|c| c.0 == "industries")
                .map(|c| c.1)
                .collect::<Vec<_>>()
        };
        assert_eq!(industry("we run a clinic"), ["healthcare"]);
        assert!(industry("we write software for clinics").is_empty());
        assert!(industry("we sell to a few hundred small clinics").is_empty());
        // Owned, the organisation is the buyer's; past the reach or the clause, it is read again.
        assert_eq!(
            industry("scheduling software for our clinic"),
            ["healthcare"]
        );
        assert_eq!(
            industry("we sell to banks, insurers and brokers and one clinic"),
            ["healthcare"]
        );
        assert_eq!(
            industry("we sell to banks. Our clinic is new"),
            ["healthcare"]
        );
    }

    #[test]
    fn a_negated_scope_phrase_is_no_signal() {
        let (_, signals) = read("we only need chat agents");
        assert_eq!(signals, [(false, "only need".to_string())]);
        // "We don't only need chat agents" asks for more, not less.
        let (_, signals) = read("we dont only need chat agents");
        assert!(signals.is_empty(), "{signals:?}");
    }

    #[test]
    fn a_phrase_of_what_the_buyer_lacks_is_no_negation() {
        let (found, _) = read("we have no time for the live chat");
        assert_eq!(found, [c("needs", "live-chat", false, "live chat")]);
        let (found, _) = read("we have no live chat");
        assert_eq!(found, [c("needs", "live-chat", true, "live chat")]);
    }

    #[test]
    fn only_the_commonest_slips_read_as_the_word_meant() {
        for (written, meant) in [
            ("payrol", "payroll"),
            ("bookeeping", "bookkeeping"),
            ("adddress", "address"),
            ("recieve", "receive"),
            ("tenents", "tenants"),
            ("moderaton", "moderation"),
            ("devlopers", "developers"),
            ("schedualing", "scheduling"),
        ] {
            assert!(slip(written, meant), "{written} -> {meant}");
        }
        for (written, meant) in [
            ("charts", "chats"),
            ("going", "doing"),
            ("think", "thank"),
            ("tenants", "tenants2"),
            ("apple", "epple"),
            ("payroll", "payroll"),
            // A dropped vowel in a short word, or a dropped consonant in a long one.
            ("chats", "chaits"),
            ("scheduing", "scheduling"),
        ] {
            assert!(!slip(written, meant), "{written} -> {meant}");
        }
    }

    #[test]
    fn a_place_is_where_the_work_is_done_only_with_a_cue_near_it() {
        let regions = |text: &str| -> Vec<String> {
            read(text)
                .0
                .into_iter()
                .filter(|c| c.0 == "delivery_regions")
                .map(|c| c.1)
                .collect()
        };
        assert_eq!(regions("a team in Mexico, please"), ["MX"]);
        assert_eq!(regions("agents, ideally somewhere like Monterrey"), ["MX"]);
        assert_eq!(regions("Mexico-based"), ["MX"]);
        // Where the buyer is or sells says nothing of where the work is done...
        assert!(regions("we run six hotels in Mexico").is_empty());
        // ...and a cue in another sentence does not reach.
        assert!(regions("Our plant is in Monterrey. We need a team.").is_empty());
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
    fn an_exclusion_ending_the_keyword_it_starts_in_rules_the_value_out() {
        let (found, _) = read("our payroll is up to date");
        assert_eq!(
            found,
            [c("needs", "payroll", true, "payroll is up to date")]
        );
        let (found, _) = read("get our payroll up to date");
        assert_eq!(found, [c("needs", "payroll", false, "payroll up to date")]);
    }

    #[test]
    fn a_phrase_with_another_meaning_says_nothing_of_its_keywords() {
        let (found, _) = read("we run two clinics");
        assert_eq!(found, [c("industries", "healthcare", false, "clinics")]);
        let (found, _) = read("we run two vet clinics");
        assert!(found.is_empty(), "{found:?}");
        // Only the phrase's own words are hidden.
        let (found, _) = read("vet clinics needing payroll");
        assert_eq!(found, [c("needs", "payroll", false, "payroll")]);
    }

    #[test]
    fn a_compound_keyword_needs_its_compound() {
        let (found, _) = read("ring the on call team");
        assert_eq!(found, [c("needs", "paging", false, "on call team")]);
        let (found, _) = read("wake the on-call team");
        assert_eq!(found, [c("needs", "paging", false, "on-call team")]);
        let (found, _) = read("customers call our team");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_negation_inside_a_hyphenated_word_negates_nothing() {
        let (found, _) = read("we follow do-not-phone lists");
        assert_eq!(found, [c("channels", "voice", false, "phone")]);
        let (found, _) = read("a not-for-profit with no phone");
        assert_eq!(found, [c("channels", "voice", true, "phone")]);
    }

    #[test]
    fn a_need_tied_to_a_value_is_not_read_where_the_sentence_speaks_against_it() {
        let needs = |text: &str| -> Vec<String> {
            read(text)
                .0
                .into_iter()
                .filter(|(f, _, negated, _)| f == "needs" && !negated)
                .map(|(_, v, _, _)| v)
                .collect()
        };
        // Another channel named and the phone not: the hours are the chat desk's.
        assert!(needs("whatsapp messages pile up after hours").is_empty());
        assert_eq!(needs("phone and whatsapp after hours"), ["after-hours"]);
        assert_eq!(needs("calls after hours"), ["after-hours"]);
        // The phone ruled out.
        assert!(needs("help after hours, no phone").is_empty());
        assert!(needs("voicemail fills up, no phone").is_empty());
        // Only outgoing calls: the hours are the campaign's, unless a need of the `unless` list speaks for
        // incoming calls too; incoming calls named as well keep the need.
        assert!(needs("call patients after hours").is_empty());
        assert_eq!(
            needs("voicemail fills up after hours, call patients back"),
            ["after-hours", "missed-calls"]
        );
        assert_eq!(
            needs("answer calls after hours, then call patients back"),
            ["after-hours"]
        );
    }

    #[test]
    fn a_long_keyword_of_another_facet_swallows_the_need_inside_it() {
        // Three words name the buyer's business; their "payroll" is no wish for a payroll service.
        let (found, _) = read("we are a payroll service bureau");
        assert_eq!(
            found,
            [c("industries", "bureaus", false, "payroll service bureau")]
        );
        // Two words swallow a need read from that one word alone...
        let (found, _) = read("our payroll shop");
        assert_eq!(found, [c("industries", "bureaus", false, "payroll shop")]);
        // ...but not one the text also asks for elsewhere: the payslips are still wanted.
        let (found, _) = read("our payroll shop needs payslips run");
        assert_eq!(
            found,
            [
                c("needs", "payroll", false, "payroll"),
                c("industries", "bureaus", false, "payroll shop")
            ]
        );
    }

    #[test]
    fn a_need_naming_the_buyers_product_is_not_asked_for() {
        let (found, _) = read("we sell payroll software");
        assert!(found.is_empty(), "{found:?}");
        let (found, _) = read("our payroll app needs chat agents");
        assert_eq!(found, [c("needs", "live-chat", false, "chat agents")]);
        // Only just before it, and in the same clause.
        let (found, _) = read("payroll for the team behind our app");
        assert_eq!(found, [c("needs", "payroll", false, "payroll")]);
        let (found, _) = read("payroll. Software later");
        assert_eq!(found, [c("needs", "payroll", false, "payroll")]);
    }

    #[test]
    fn amounts_need_their_unit_and_cue() {
        let (found, _) = read("we must be live within two weeks");
        assert_eq!(found, [c("ramp_up_weeks", "2", false, "two weeks")]);
        let (found, _) = read("live in 1 month");
        assert_eq!(found, [c("ramp_up_weeks", "4", false, "1 month")]);
        let (found, _) = read("our season lasts two weeks");
        assert!(found.is_empty(), "{found:?}");
        // After one of its owners the amount is what the buyer has, not a wish, unless a clause ends between.
        let (found, _) = read("our team went live within two weeks");
        assert!(found.is_empty(), "{found:?}");
        let (found, _) = read("it is our turn. Live within two weeks");
        assert_eq!(found, [c("ramp_up_weeks", "2", false, "two weeks")]);
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

    #[test]
    fn a_need_ruled_out_takes_no_place_among_the_needs_asked_for() {
        let asked = |found: &[(String, String, bool, String)]| {
            found
                .iter()
                .filter(|(f, _, negated, _)| f == "needs" && !negated)
                .count()
        };
        // Five needs asked: the strongest four are kept.
        let (found, _) =
            read("live chat, payroll, overnight monitoring, screen applicants and voicemail");
        assert_eq!(asked(&found), 4, "{found:?}");
        // Four asked and one ruled out: all five are read.
        let (found, _) =
            read("live chat, overnight monitoring, screen applicants and voicemail; we don't need payroll");
        assert_eq!(asked(&found), 4, "{found:?}");
        assert!(
            found.contains(&c("needs", "payroll", true, "payroll")),
            "{found:?}"
        );
    }

    #[test]
    fn a_retention_clause_rules_out_only_its_own_needs() {
        let (found, _) =
            read("we want chat agents, but payroll and payslips stay with us. Evenings too");
        assert_eq!(
            found,
            [
                c("needs", "payroll", true, "payroll"),
                c("needs", "live-chat", false, "chat agents"),
                c("coverage_hours", "extended", false, "Evenings"),
            ]
        );
        // The other facets of its clause describe the kept work, not a wish; facts about the buyer still hold.
        let (found, _) = read("our engineers will keep the clinic payroll in Spanish");
        assert_eq!(
            found,
            [
                c("needs", "payroll", true, "payroll"),
                c("industries", "healthcare", false, "clinic"),
            ]
        );
    }

    #[test]
    fn a_retention_phrase_is_reported_with_the_needs_it_keeps() {
        let schema = parse_schema(SCHEMA).expect("valid");
        let synonyms = Synonyms::new(&schema.vocabulary.synonyms);
        let reader = Reader::build(&schema, Some(0), &synonyms);
        let text = "chat agents please; payroll will stay with us";
        let u = reader.read(text, &tokens(text), &tokens(text), &synonyms);
        let kept: Vec<(&str, Vec<usize>)> = u
            .kept
            .iter()
            .map(|k| (&text[k.start..k.end], k.needs.clone()))
            .collect();
        assert_eq!(kept, [("stay with us", vec![1])]);
    }

    #[test]
    fn a_refusal_reaches_every_value_after_it_in_its_clause() {
        let (found, _) = read("we don't need anyone on live chat or the payroll - Spanish please");
        assert_eq!(
            found,
            [
                c("needs", "live-chat", true, "live chat"),
                c("needs", "payroll", true, "payroll"),
                c("languages", "es", false, "Spanish"),
            ]
        );
    }

    #[test]
    fn a_refusal_ends_where_the_buyer_turns_to_what_they_want() {
        let (found, _) = read("we don't need payroll, only live chat");
        assert_eq!(
            found,
            [
                c("needs", "live-chat", false, "live chat"),
                c("needs", "payroll", true, "payroll"),
            ]
        );
    }

    #[test]
    fn a_negation_with_its_own_subject_tells_the_problem() {
        let (found, _) = read("our staff dont get payroll on time");
        assert_eq!(found, [c("needs", "payroll", false, "payroll")]);
        let (found, _) = read("we dont want payroll");
        assert_eq!(found, [c("needs", "payroll", true, "payroll")]);
        let (found, _) = read("staff, dont add payroll");
        assert_eq!(found, [c("needs", "payroll", true, "payroll")]);
    }

    #[test]
    fn a_tolerated_value_is_not_asked_for() {
        let (found, _) = read("payroll in German, Spanish is fine");
        assert_eq!(
            found,
            [
                c("needs", "payroll", false, "payroll"),
                c("languages", "de", false, "German"),
            ]
        );
    }

    #[test]
    fn an_excluded_value_is_ruled_out_and_only_that_one() {
        let (found, _) = read("German payroll; live chat isn't part of it");
        assert_eq!(
            found,
            [
                c("needs", "live-chat", true, "live chat"),
                c("needs", "payroll", false, "payroll"),
                c("languages", "de", false, "German"),
            ]
        );
        // A comma ends its reach: the value before it is a list item of its own.
        let (found, _) = read("live chat, payroll isn't part of it");
        assert_eq!(found[0], c("needs", "live-chat", false, "live chat"));
    }

    #[test]
    fn a_buyer_names_one_industry_the_first_when_equally_strong() {
        let (found, _) = read("our clinic sells creams in an online shop");
        assert_eq!(found, [c("industries", "retail", false, "online shop")]);
        let (found, _) = read("our clinic has a shop");
        assert_eq!(found, [c("industries", "healthcare", false, "clinic")]);
    }

    #[test]
    fn a_word_that_implies_another_does_not_split_a_keyword() {
        let (constraints, _) = read("we need overnight monitoring of our servers");
        assert!(
            constraints.contains(&c("needs", "monitoring", false, "overnight monitoring")),
            "{constraints:?}"
        );
    }

    #[test]
    fn keywords_are_not_read_across_a_comma_and_guessed_words_alone_infer_only_slips() {
        let (found, _) = read("live, chat agents");
        assert_eq!(found, [c("needs", "live-chat", false, "chat agents")]);
        let (found, _) = read("live, chat");
        assert!(found.is_empty(), "{found:?}");
        // The engine corrects the spelling before reading; the reader sees a guess by its spelling, and takes
        // it only when the word is the catalog's with a common slip.
        let schema = parse_schema(SCHEMA).expect("valid");
        let synonyms = Synonyms::new(&schema.vocabulary.synonyms);
        let reader = Reader::build(&schema, Some(0), &synonyms);
        let corrected = |text: &str, to: &str| {
            let mut guessed = tokens(text);
            guessed[0].surface = to.into();
            guessed[0].stem = crate::text::stem_of(to);
            reader
                .read(text, &guessed, &tokens(text), &synonyms)
                .constraints
                .len()
        };
        assert_eq!(corrected("payrol", "payroll"), 1);
        assert_eq!(corrected("paytoll", "payroll"), 0);
    }
}
