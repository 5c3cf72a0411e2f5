//! The query engine: built once from a catalog, then answers each keystroke with filtered, ranked services,
//! live counts for every facet value, inferred needs and the call-center-or-BPO advice.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::advice::{advise, classify_needs, Advice, NeedSide};
use crate::bitset::Bitset;
use crate::catalog::Catalog;
use crate::need_inference::{InferredNeed, NeedPhrases};
use crate::schema::{FacetKind, MatchKind, Schema};
use crate::service::ServiceRecord;
use crate::sort::{smallest, sort};
use crate::text::{ends_mid_word, words};
use crate::text_index::{ServiceText, TextIndex};

/// The facet whose values are the buyer's needs: inferred from text, shown as near-misses, used for advice.
pub const NEEDS_FACET: &str = "needs";

/// How inferred needs and text relevance (scaled to 0..1 by the best match) weigh in the ranking: a service
/// that carries a clearly inferred need stays above one that merely shares words with the query.
const INFERRED_WEIGHT: f32 = 4.0;
const TEXT_WEIGHT: f32 = 2.0;

/// Words of free text looked at per query.
const MAX_QUERY_WORDS: usize = 64;

/// What the buyer asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Facet id -> selected value ids (or the number, as text, for integer facets). Unknown ids are ignored so
    /// that a shared link keeps working after the catalog changes.
    pub selected: BTreeMap<String, Vec<String>>,
    /// Free text; the last word matches as a prefix while the buyer is still typing it.
    pub text: String,
    /// Most results to return; 0 returns all.
    pub limit: usize,
}

/// One service in the results.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    /// Higher ranks first: selected needs covered, plus a blend of inferred needs covered and text relevance.
    /// Comparable within one result only.
    pub score: f64,
    /// Ids of selected needs this service lacks; empty for a full match.
    pub missing: Vec<String>,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    pub advice: Advice,
    /// How many services fully match (near-misses are not counted).
    pub total: usize,
    /// Full matches first, then near-misses (services with some but not all selected needs).
    pub results: Vec<Hit>,
    /// Facet id -> value id -> how many services would match with that value selected (integer facets: one
    /// entry per number that occurs in the catalog, meaning "at most this").
    pub counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Need ids read from the free text (excluding ones already selected), strongest first.
    pub inferred_needs: Vec<String>,
}

/// The query engine over one catalog.
#[derive(Debug, Clone)]
pub struct Engine {
    schema: Schema,
    services: Vec<Listing>,
    listing_text: String,
    facets: Vec<FacetSets>,
    /// Built on first use: it is most of the cost of `new`, and the first results (no text yet) do not need it.
    text: OnceLock<TextIndex>,
    needs: Option<(usize, NeedPhrases)>,
    need_sides: Vec<Option<NeedSide>>,
}

#[derive(Debug, Clone)]
struct Listing {
    /// Where the service's slug, title, URL and summary (in that order, back to back) start and end in
    /// `Engine::listing_text`: one allocation for the whole catalog instead of four per service.
    bounds: [usize; 5],
    /// How many needs the service lists, for preferring specialists when needs tie.
    need_count: usize,
}

/// Positions of a listing's fields in `Listing::bounds`.
const SLUG: usize = 0;
const TITLE: usize = 1;
const URL: usize = 2;
const SUMMARY: usize = 3;

/// Precomputed service sets of one facet.
#[derive(Debug, Clone, Default)]
struct FacetSets {
    /// Per value: services that list it, as written (what text search sees).
    listed: Vec<Bitset>,
    /// Per value: services a selection of this value matches, with `matches_all` and the facet's rule applied,
    /// so any selection is a union (or, for `all`, an intersection) of these.
    matches: Vec<Bitset>,
    /// Integer facets: each number occurring in the catalog with the services at or below it, ascending.
    at_most: Vec<(i64, Bitset)>,
}

/// The values a selection of `id` also accepts under a built-in rule (besides `id` itself).
fn also_accepted(rule: MatchKind, id: &str) -> &'static [&'static str] {
    match (rule, id) {
        (MatchKind::Office, "front" | "back") => &["hybrid"],
        (MatchKind::Direction, "inbound" | "outbound") => &["both"],
        (MatchKind::Staffing, "shared" | "dedicated") => &["either"],
        _ => &[],
    }
}

impl FacetSets {
    fn build(schema: &Schema, f: usize, services: &[ServiceRecord]) -> FacetSets {
        let n = services.len();
        let Some(facet) = schema.facets.get(f) else {
            return FacetSets::default();
        };
        if facet.kind == FacetKind::Integer {
            let mut numbered: Vec<(i64, usize)> = services
                .iter()
                .enumerate()
                .filter_map(|(s, service)| service.facets.integer(f).map(|v| (v, s)))
                .collect();
            sort(&mut numbered);
            let mut at_most: Vec<(i64, Bitset)> = Vec::new();
            let mut running = Bitset::empty(n);
            for (i, &(value, s)) in numbered.iter().enumerate() {
                running.insert(s);
                let last_of_value = numbered.get(i + 1).is_none_or(|(next, _)| *next != value);
                if last_of_value {
                    at_most.push((value, running.clone()));
                }
            }
            return FacetSets {
                listed: Vec::new(),
                matches: Vec::new(),
                at_most,
            };
        }
        let mut listed = vec![Bitset::empty(n); facet.values.len()];
        for (s, service) in services.iter().enumerate() {
            for &v in service.facets.values(f) {
                if let Some(set) = listed.get_mut(v) {
                    set.insert(s);
                }
            }
        }
        // A service with a matches-all value (industry `general`) has every value of the facet.
        let mut everything = Bitset::empty(n);
        for (value, set) in facet.values.iter().zip(&listed) {
            if value.matches_all {
                everything.or_with(set);
            }
        }
        let has: Vec<Bitset> = listed
            .iter()
            .map(|set| {
                let mut has = set.clone();
                has.or_with(&everything);
                has
            })
            .collect();
        let matches = facet
            .values
            .iter()
            .enumerate()
            .map(|(v, value)| {
                let mut set = has.get(v).cloned().unwrap_or_else(|| Bitset::empty(n));
                if facet.match_kind == MatchKind::AtLeast {
                    // Values are ordered lowest first: a service at this level or any higher one qualifies.
                    for higher in has.iter().skip(v + 1) {
                        set.or_with(higher);
                    }
                }
                for id in also_accepted(facet.match_kind, &value.id) {
                    if let Some(other) = facet.value_index(id).and_then(|i| has.get(i)) {
                        set.or_with(other);
                    }
                }
                set
            })
            .collect();
        FacetSets {
            listed,
            matches,
            at_most: Vec::new(),
        }
    }

    /// Services with a number at or below `limit`.
    fn at_most(&self, limit: i64, n: usize) -> Bitset {
        let upto = self.at_most.partition_point(|(value, _)| *value <= limit);
        match upto.checked_sub(1).and_then(|i| self.at_most.get(i)) {
            Some((_, set)) => set.clone(),
            None => Bitset::empty(n),
        }
    }
}

/// Per facet, the selection resolved against the schema.
enum Resolved {
    None,
    Values(Vec<usize>),
    AtMost(i64),
}

impl Engine {
    /// Builds the indexes that filtering and counting need; the free-text index follows at the first query
    /// with text, or at `prepare_text_search`. The catalog is not needed afterwards.
    pub fn new(catalog: &Catalog) -> Engine {
        let schema = catalog.schema.clone();
        let services = &catalog.services;
        let facets: Vec<FacetSets> = (0..schema.facets.len())
            .map(|f| FacetSets::build(&schema, f, services))
            .collect();
        let listed: Vec<&[Bitset]> = facets.iter().map(|f| f.listed.as_slice()).collect();
        let needs_index = schema.facet_index(NEEDS_FACET);
        let needs = needs_index.and_then(|f| {
            schema
                .facets
                .get(f)
                .map(|facet| (f, NeedPhrases::build(facet)))
        });
        let need_sides = needs_index
            .and_then(|f| facets.get(f))
            .map(|sets| classify_needs(&schema, &listed, &sets.matches))
            .unwrap_or_default();
        fn fields(s: &ServiceRecord) -> [&String; 4] {
            [&s.slug, &s.title, &s.url, &s.summary]
        }
        let mut listing_text =
            String::with_capacity(services.iter().flat_map(fields).map(String::len).sum());
        let listings = services
            .iter()
            .map(|s| {
                let mut bounds = [listing_text.len(); 5];
                for (field, end) in fields(s).into_iter().zip(bounds.iter_mut().skip(1)) {
                    listing_text.push_str(field);
                    *end = listing_text.len();
                }
                Listing {
                    bounds,
                    need_count: needs_index.map_or(0, |f| s.facets.values(f).len()),
                }
            })
            .collect();
        Engine {
            services: listings,
            listing_text,
            schema,
            facets,
            text: OnceLock::new(),
            needs,
            need_sides,
        }
    }

    /// The schema the engine was built from.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// How many services the engine holds.
    pub fn service_count(&self) -> usize {
        self.services.len()
    }

    /// Builds the free-text index now, so that the first query with text answers as fast as the rest (the
    /// explorer calls this once its first results are on screen).
    pub fn prepare_text_search(&self) {
        self.text_index();
    }

    fn text_index(&self) -> &TextIndex {
        self.text.get_or_init(|| {
            let texts: Vec<ServiceText<'_>> = (0..self.services.len())
                .map(|s| ServiceText {
                    title: self.field(s, TITLE),
                    summary: self.field(s, SUMMARY),
                })
                .collect();
            let listed: Vec<&[Bitset]> = self.facets.iter().map(|f| f.listed.as_slice()).collect();
            TextIndex::build(&self.schema, &texts, &listed)
        })
    }

    /// Field `field` (`SLUG`, `TITLE`, ...) of service `s`.
    fn field(&self, s: usize, field: usize) -> &str {
        self.services
            .get(s)
            .and_then(|l| {
                self.listing_text
                    .get(*l.bounds.get(field)?..*l.bounds.get(field + 1)?)
            })
            .unwrap_or("")
    }

    /// Filters, counts, ranks and advises for one query.
    pub fn query(&self, q: &Query) -> QueryResult {
        let n = self.services.len();
        let resolved: Vec<Resolved> = self
            .schema
            .facets
            .iter()
            .map(|facet| self.resolve(facet, q.selected.get(&facet.id)))
            .collect();
        let selections: Vec<Option<Bitset>> = resolved
            .iter()
            .enumerate()
            .map(|(f, r)| self.selection_set(f, r, n))
            .collect();

        // Free text narrows to services that mention at least one of the words, and ranks them.
        let mut query_words = words(&q.text);
        // A pasted essay should not cost more than a sentence: beyond this, more words add nothing useful.
        let cut = query_words.len() > MAX_QUERY_WORDS;
        query_words.truncate(MAX_QUERY_WORDS);
        let last_is_prefix = ends_mid_word(&q.text) && !cut;
        let mut text_scores = vec![0f32; n];
        let listed: Vec<&[Bitset]> = self.facets.iter().map(|f| f.listed.as_slice()).collect();
        // No words, no search: the index is not even built.
        let searched = !query_words.is_empty()
            && self
                .text_index()
                .score(&query_words, last_is_prefix, &listed, &mut text_scores);
        let text_set = searched.then(|| {
            let mut set = Bitset::empty(n);
            for (s, score) in text_scores.iter().enumerate() {
                if *score > 0.0 {
                    set.insert(s);
                }
            }
            set
        });

        let and_all_except = |skip: Option<usize>| {
            let mut set = Bitset::full(n);
            for (f, selection) in selections.iter().enumerate() {
                if Some(f) != skip {
                    if let Some(selection) = selection {
                        set.and_with(selection);
                    }
                }
            }
            if let Some(t) = &text_set {
                set.and_with(t);
            }
            set
        };
        let full = and_all_except(None);

        // Selected needs, when the needs facet requires all of them: services with only some are near-misses.
        let needs_facet = self.needs.as_ref().map(|(f, _)| *f);
        let selected_needs: Vec<usize> = match needs_facet.and_then(|f| resolved.get(f)) {
            Some(Resolved::Values(v)) => v.clone(),
            _ => Vec::new(),
        };
        let needs_sets = needs_facet.and_then(|f| self.facets.get(f));
        let needs_rule = needs_facet
            .and_then(|f| self.schema.facets.get(f))
            .map(|facet| facet.match_kind);
        let near = match (needs_sets, needs_rule) {
            (Some(sets), Some(MatchKind::All)) if selected_needs.len() > 1 => {
                let mut some = Bitset::empty(n);
                for v in &selected_needs {
                    if let Some(set) = sets.matches.get(*v) {
                        some.or_with(set);
                    }
                }
                let mut near = and_all_except(needs_facet);
                near.and_with(&some);
                near.and_not_with(&full);
                near
            }
            _ => Bitset::empty(n),
        };

        let counts = self.counts(&selections, &full, &and_all_except);

        let inferred: Vec<InferredNeed> = match &self.needs {
            Some((_, phrases)) => phrases
                .infer(&query_words)
                .into_iter()
                .filter(|need| !selected_needs.contains(&need.value))
                .collect(),
            None => Vec::new(),
        };

        let results = self.rank(
            &full,
            &near,
            &selected_needs,
            &inferred,
            &text_scores,
            q.limit,
        );

        let mut advice_needs = selected_needs.clone();
        advice_needs.extend(inferred.iter().map(|need| need.value));
        let needs_schema = needs_facet.and_then(|f| self.schema.facets.get(f));
        let advice = advise(
            &advice_needs,
            &self.need_sides,
            needs_schema,
            &self.schema.advice,
        );
        let inferred_needs = inferred
            .iter()
            .filter_map(|need| {
                needs_schema
                    .and_then(|f| f.values.get(need.value))
                    .map(|v| v.id.clone())
            })
            .collect();

        QueryResult {
            advice,
            total: full.count(),
            results,
            counts,
            inferred_needs,
        }
    }

    fn resolve(&self, facet: &crate::schema::Facet, raw: Option<&Vec<String>>) -> Resolved {
        let Some(raw) = raw else {
            return Resolved::None;
        };
        if !facet.filter {
            return Resolved::None;
        }
        match facet.kind {
            FacetKind::Integer => raw
                .iter()
                .filter_map(|s| s.trim().parse::<i64>().ok())
                .max()
                .map_or(Resolved::None, Resolved::AtMost),
            FacetKind::Enum | FacetKind::Set => {
                let mut values: Vec<usize> =
                    raw.iter().filter_map(|id| facet.value_index(id)).collect();
                sort(&mut values);
                values.dedup();
                if values.is_empty() {
                    Resolved::None
                } else {
                    Resolved::Values(values)
                }
            }
        }
    }

    fn selection_set(&self, f: usize, resolved: &Resolved, n: usize) -> Option<Bitset> {
        let sets = self.facets.get(f)?;
        let rule = self.schema.facets.get(f)?.match_kind;
        match resolved {
            Resolved::None => None,
            Resolved::AtMost(limit) => Some(sets.at_most(*limit, n)),
            Resolved::Values(values) => {
                let mut chosen = values.iter().filter_map(|v| sets.matches.get(*v));
                let mut set = chosen.next()?.clone();
                for other in chosen {
                    if rule == MatchKind::All {
                        set.and_with(other);
                    } else {
                        // at-least with several selections keeps the lowest level; the nested sets make that
                        // the same as a union.
                        set.or_with(other);
                    }
                }
                Some(set)
            }
        }
    }

    fn counts(
        &self,
        selections: &[Option<Bitset>],
        full: &Bitset,
        and_all_except: &dyn Fn(Option<usize>) -> Bitset,
    ) -> BTreeMap<String, BTreeMap<String, usize>> {
        let mut counts = BTreeMap::new();
        for (f, (facet, sets)) in self.schema.facets.iter().zip(&self.facets).enumerate() {
            if !facet.filter {
                continue;
            }
            // An `all` facet narrows further with each extra value, so its counts start from the current
            // result; any other facet's values are alternatives, so they start from the other facets' result.
            let base = if facet.match_kind == MatchKind::All
                || selections.get(f).is_none_or(Option::is_none)
            {
                full.clone()
            } else {
                and_all_except(Some(f))
            };
            // Inserted one by one: collecting would sort first, with sort code of its own for this pair type.
            let mut per_value: BTreeMap<String, usize> = BTreeMap::new();
            if facet.kind == FacetKind::Integer {
                for (value, set) in &sets.at_most {
                    per_value.insert(value.to_string(), base.count_and(set));
                }
            } else {
                for (value, set) in facet.values.iter().zip(&sets.matches) {
                    per_value.insert(value.id.clone(), base.count_and(set));
                }
            }
            counts.insert(facet.id.clone(), per_value);
        }
        counts
    }

    /// Orders full matches before near-misses, then by selected needs covered, then by a blend of the
    /// inferred needs covered and the text relevance.
    fn rank(
        &self,
        full: &Bitset,
        near: &Bitset,
        selected_needs: &[usize],
        inferred: &[InferredNeed],
        text_scores: &[f32],
        limit: usize,
    ) -> Vec<Hit> {
        let needs_sets = self.needs.as_ref().and_then(|(f, _)| self.facets.get(*f));
        let has_need = |need: usize, s: usize| {
            needs_sets
                .and_then(|sets| sets.matches.get(need))
                .is_some_and(|set| set.contains(s))
        };
        let max_text = full
            .iter()
            .chain(near.iter())
            .filter_map(|s| text_scores.get(s).copied())
            .fold(0f32, f32::max);
        struct Ranked {
            service: usize,
            full: bool,
            selected_covered: usize,
            blended: f32,
        }
        let ranked: Vec<Ranked> = full
            .iter()
            .map(|s| (s, true))
            .chain(near.iter().map(|s| (s, false)))
            .map(|(s, is_full)| {
                let selected_covered = selected_needs.iter().filter(|&&v| has_need(v, s)).count();
                let inferred_covered: Vec<&InferredNeed> = inferred
                    .iter()
                    .filter(|need| has_need(need.value, s))
                    .collect();
                // Of the needs this service lists, the share the buyer asked for: a specialist in the buyer's
                // need ranks above a broad bundle that also happens to cover it.
                let listed = self.services.get(s).map_or(0, |l| l.need_count);
                let focus = if listed == 0 {
                    0.0
                } else {
                    (selected_covered + inferred_covered.len()) as f32 / listed as f32
                };
                let inferred_part: f32 = inferred_covered
                    .iter()
                    .map(|need| need.confidence * (0.5 + 0.5 * focus.min(1.0)))
                    .sum();
                let text = text_scores.get(s).copied().unwrap_or(0.0);
                let text_part = if max_text > 0.0 { text / max_text } else { 0.0 };
                Ranked {
                    service: s,
                    full: is_full,
                    selected_covered,
                    blended: INFERRED_WEIGHT * inferred_part + TEXT_WEIGHT * text_part,
                }
            })
            .collect();
        let title = |s: usize| self.field(s, TITLE);
        // Total (the catalog position breaks the last ties), so the first `limit` are well defined. Only the
        // first `limit` are put in order: with a small limit most services cost one comparison.
        let ranked = smallest(ranked, limit, &|a: &Ranked, b: &Ranked| {
            b.full
                .cmp(&a.full)
                .then(b.selected_covered.cmp(&a.selected_covered))
                .then(b.blended.total_cmp(&a.blended))
                .then_with(|| title(a.service).cmp(title(b.service)))
                .then(a.service.cmp(&b.service))
        });

        let needs_facet = self
            .needs
            .as_ref()
            .and_then(|(f, _)| self.schema.facets.get(*f));
        ranked
            .into_iter()
            .filter_map(|r| {
                // A ranked service always has a listing; the check only keeps out-of-range indexes harmless.
                self.services.get(r.service)?;
                let missing = if r.full {
                    Vec::new()
                } else {
                    selected_needs
                        .iter()
                        .filter(|&&v| !has_need(v, r.service))
                        .filter_map(|&v| {
                            needs_facet
                                .and_then(|f| f.values.get(v))
                                .map(|v| v.id.clone())
                        })
                        .collect()
                };
                let score = r.selected_covered as f64 + f64::from(r.blended);
                let field = |f: usize| self.field(r.service, f).to_string();
                Some(Hit {
                    slug: field(SLUG),
                    title: field(TITLE),
                    url: field(URL),
                    summary: field(SUMMARY),
                    score: (score * 1000.0).round() / 1000.0,
                    missing,
                })
            })
            .collect()
    }
}

/// The JSON the explorer reads for one query: exactly `advice {verdict, reason}`, `total`,
/// `results [{slug, title, url, score, missing}]` and `counts`.
#[cfg(feature = "serde")]
pub fn query_json(result: &QueryResult) -> serde_json::Value {
    serde_json::to_value(result).unwrap_or(serde_json::Value::Null)
}

#[cfg(feature = "serde")]
impl serde::Serialize for QueryResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        use serde::Serialize;
        #[derive(Serialize)]
        struct AdviceView<'a> {
            verdict: Option<crate::advice::Verdict>,
            reason: &'a str,
        }
        #[derive(Serialize)]
        struct HitView<'a> {
            slug: &'a str,
            title: &'a str,
            url: &'a str,
            score: f64,
            missing: &'a [String],
        }
        let mut out = serializer.serialize_struct("QueryResult", 4)?;
        out.serialize_field(
            "advice",
            &AdviceView {
                verdict: self.advice.verdict,
                reason: &self.advice.reason,
            },
        )?;
        out.serialize_field("total", &self.total)?;
        let hits: Vec<HitView<'_>> = self
            .results
            .iter()
            .map(|h| HitView {
                slug: &h.slug,
                title: &h.title,
                url: &h.url,
                // JSON has no NaN; scores are finite by construction, this only guards the format.
                score: if h.score.is_finite() { h.score } else { 0.0 },
                missing: &h.missing,
            })
            .collect();
        out.serialize_field("results", &hits)?;
        out.serialize_field("counts", &self.counts)?;
        out.end()
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
