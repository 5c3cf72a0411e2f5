//! The query engine: built once from a catalog, then answers each keystroke with filtered, ranked services,
//! live counts for every facet value, inferred needs and the call-center-or-BPO advice.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::advice::{
    advise, classify_needs, Advice, AdviceNeed, BestFit, NeedSide, SCOPE_BPO, SCOPE_CALL_CENTER,
    SCOPE_FACET,
};
use crate::bitset::Bitset;
use crate::catalog::Catalog;
use crate::schema::{FacetKind, MatchKind, Schema};
use crate::service::ServiceRecord;
use crate::sort::{smallest, sort};
use crate::synonyms::Synonyms;
use crate::text::{ends_mid_word, implied, tokens, Word};
use crate::text_index::{ServiceText, TextIndex};
use crate::understand::{Reader, Signal, Understanding, Wanted};

/// The facet whose values are the buyer's needs: inferred from text, shown as near-misses, used for advice.
pub const NEEDS_FACET: &str = "needs";

/// How the parts of a score weigh: a need the buyer asked for (read or checked), text relevance (scaled to 0..1
/// by the best match), any other facet value asked for, and a service of the wrong scope when the buyer said
/// how much work they hand over. A service that carries a clearly asked-for need stays above one that merely
/// shares words with the query.
const NEED_WEIGHT: f32 = 4.0;
const TEXT_WEIGHT: f32 = 2.0;
const FACET_WEIGHT: f32 = 2.0;
/// How much of a `focus` facet's weight depends on the service listing only what was asked for.
const FOCUS_PULL: f32 = 0.4;
/// How much a `contact_facets` constraint weighs when every need the buyer clearly asked for is work behind the
/// scenes: "phone the candidates" says how recruiting goes, and must not bury the only recruiting service
/// under services that phone.
const CONTACT_IN_BACK_OFFICE: f32 = 0.25;
/// What doing some of the work the buyer asked for is worth on top of each need: the work is what they buy, the
/// other facets how it is done, so one incidental word ("phone-screen the applicants" read as the voice channel)
/// must not bury the only service that does the work.
const WORK_DONE: f32 = 2.0;
const SCOPE_WEIGHT: f32 = 5.0;
/// How much the buyer's words matching a service's pointers elsewhere ("medical practices should look at
/// ...") count against it, on the same 0..1 scale as text relevance.
const AGAINST_WEIGHT: f32 = 4.0;
/// How much a service loses for matching the words of what the buyer rules out, and gains for naming them
/// in its own "does not suit" text.
const RULED_OUT_WEIGHT: f32 = 4.0;
const RULED_OUT_AGAINST_WEIGHT: f32 = 0.0;
/// With text, a match counts in `total` when it scores at least this share of the best match (and at least
/// `MIN_STRONG`); weaker ones are "also related".
const STRONG_SHARE: f32 = 0.5;
const MIN_STRONG: f32 = 0.5;

/// Words of free text searched (and spelling-corrected) per query.
const MAX_QUERY_WORDS: usize = 64;
/// Words of free text read for what the buyer asks (needs, hours, languages, refusals...): a buyer's story runs
/// longer than a search, and its last sentence often holds the languages or the rules.
const MAX_READ_WORDS: usize = 256;
/// How many leading results are kept distinct from each other: a look-alike of a service ranked above it
/// (one page names the other as the place to go instead) waits for the next distinct service of its tier.
const DISTINCT_TOP: usize = 3;
/// A match leaves the matches for "also related" only when it scores at most this share of its look-alike
/// above: two collection services a short query fits nearly alike both stay matches.
const FAR_BEHIND: f32 = 0.8;
/// Queries of at most this many words (typed as search terms, not told as a story) keep a look-alike whose
/// title they name.
const NAMING_WORDS: usize = 6;
/// Places in which every need the buyer clearly asked for is done by some service, when a match does it.
const COVERED_TOP: usize = 5;
/// How sure a need must be read to claim a place: a whole keyword, not loose label words.
const SURE_NEED: f32 = 1.0;
/// How many candidates past the limit are put in order for the distinct places to draw from.
const DISTINCT_LOOKAHEAD: usize = 16;
/// How far below its look-alike (as a share of the best score) a service must score to give way.
const CLEARLY_WEAKER: f32 = 0.15;

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
    /// Constraints read from the text that the buyer removed, as `facet=value` (the chips they closed).
    pub dismissed: Vec<String>,
}

/// One service in the results.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The service's id: its page's file name without `.md`.
    pub slug: String,
    /// The service page's title.
    pub title: String,
    /// The service page's URL path from the site's root (`/services/after-hours-answering/`).
    pub url: String,
    /// The service page's description, shown under the title.
    pub summary: String,
    /// Higher ranks first: selected needs covered, plus a blend of inferred needs covered and text relevance.
    /// Comparable within one result only.
    pub score: f64,
    /// Ids of selected needs this service lacks; empty for a full match.
    pub missing: Vec<String>,
    /// A full match below the relevance threshold: shown under "also related", not counted in `total`.
    pub related: bool,
    /// Words of the title and summary the query matched, as written there (for highlighting).
    pub highlights: Vec<String>,
}

/// One constraint read from the buyer's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Understood {
    /// The id of the facet the constraint is on.
    pub facet: String,
    /// The value id, or the number for an integer facet ("at most").
    pub value: String,
    /// Its English name for `shoreline query` and `--json`: the value's label, or "<facet label>: at most <n>".
    pub label: String,
    /// The buyer's words that said it.
    pub words: String,
    /// Ruled out ("we don't need chat") rather than asked for.
    pub negated: bool,
}

/// The selection to drop when nothing matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The id of the facet whose selection to drop from.
    pub facet: String,
    /// The value to drop; `None` drops the whole facet's selection.
    pub value: Option<String>,
    /// What to call it on a button ("Remove Portuguese").
    pub label: String,
    /// How many services match without it.
    pub count: usize,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    /// Call center or broader BPO, judged from the needs checked and read and from what the buyer said.
    pub advice: Advice,
    /// How many services match: fully (near-misses are not counted) and, with text, above the relevance
    /// threshold.
    pub total: usize,
    /// Full matches below the relevance threshold ("also related").
    pub related: usize,
    /// Full matches first, then near-misses (services with some but not all selected needs).
    pub results: Vec<Hit>,
    /// Facet id -> value id -> how many services would match with that value selected (integer facets: one
    /// entry per number that occurs in the catalog, meaning "at most this").
    pub counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Need ids read from the free text (excluding ones already selected), strongest first.
    pub inferred_needs: Vec<String>,
    /// Everything read from the free text, in facet order.
    pub understood: Vec<Understood>,
    /// When nothing matches, the selection whose removal shows the most services.
    pub recovery: Option<Recovery>,
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
    /// Each service's place in title order (ties by catalog position), built with the text index: with text,
    /// equal scores compare these numbers at every keystroke instead of titles.
    title_ranks: OnceLock<Vec<u32>>,
    needs_facet: Option<usize>,
    /// The facets of `[vocabulary] focus`, by index, each with how many of its values every service lists.
    focus_facets: Vec<(usize, Vec<usize>)>,
    /// The facets of `[vocabulary] contact_facets`, by index.
    contact_facets: Vec<usize>,
    need_sides: Vec<Option<NeedSide>>,
    reader: Reader,
    synonyms: Synonyms,
    /// The scope facet with its BPO and call-center values, for the scope signals.
    scope: Option<(usize, usize, usize)>,
}

/// Per service, how well the query's words match it and its "does not suit" text, and the same for the
/// words of what the buyer rules out; `searched` when there were words to search for.
struct TextMatch {
    matched: Vec<f32>,
    against: Vec<f32>,
    ruled_out: Vec<f32>,
    ruled_out_against: Vec<f32>,
    searched: bool,
}

/// The free text as the ranking reads it.
#[derive(Debug, Default)]
struct Reading {
    words: Vec<Word>,
    /// The words of what the buyer rules out.
    ruled_out: Vec<Word>,
    last_is_prefix: bool,
    understanding: Understanding,
}

/// One thing the ranking weighs.
#[derive(Debug)]
struct Ask {
    facet: usize,
    wanted: Wanted,
    weight: f32,
    negated: bool,
}

/// The needs a service's focus is measured on (see `Engine::focus_needs`).
struct FocusNeeds {
    needs: Vec<usize>,
    /// Whether only work needs count (the buyer asked for at least one).
    by_work: bool,
}

/// A candidate with its place in the ordering.
#[derive(Clone, Copy)]
struct Ranked {
    service: usize,
    full: bool,
    selected_covered: usize,
    score: f32,
    /// A match moved to "also related" because a look-alike above fits the words clearly better.
    yielded: bool,
    /// Brought into the first places because it does a need the buyer asked for that no service there does:
    /// a match, whatever its score.
    brought: bool,
}

/// Where the distinct service for a top place was found: among the ordered prefix, or past it.
enum Found {
    At(usize),
    Beyond(Ranked),
}

#[derive(Debug, Clone)]
struct Listing {
    /// Where the service's slug, title, URL, summary, "suits" and "not for" texts (in that order, back to
    /// back) start and end in `Engine::listing_text`: one allocation for the whole catalog instead of six per
    /// service.
    bounds: [usize; 7],
    /// How many needs the service lists, all and work needs only (see `work_need`), for preferring
    /// specialists when needs tie.
    need_count: usize,
    work_need_count: usize,
    /// The services this one's page names as alternatives, or whose pages name it (catalog positions).
    alike: Vec<u32>,
}

/// Positions of a listing's fields in `Listing::bounds`.
const SLUG: usize = 0;
const TITLE: usize = 1;
const URL: usize = 2;
const SUMMARY: usize = 3;
const SUITS: usize = 4;
const NOT_FOR: usize = 5;

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

/// Whether need `v` of facet `f` is work (what is done) rather than a capability (how it is done): only work
/// needs count in a service's focus.
fn work_need(schema: &Schema, f: usize, v: usize) -> bool {
    let id = schema
        .facets
        .get(f)
        .and_then(|facet| facet.values.get(v))
        .map(|value| value.id.as_str());
    !id.is_some_and(|id| schema.vocabulary.capabilities.iter().any(|c| c == id))
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
        let synonyms = Synonyms::new(&schema.vocabulary.synonyms);
        let reader = Reader::build(&schema, needs_index, &synonyms);
        let scope = schema.facet_index(SCOPE_FACET).and_then(|f| {
            let facet = schema.facets.get(f)?;
            Some((
                f,
                facet.value_index(SCOPE_BPO)?,
                facet.value_index(SCOPE_CALL_CENTER)?,
            ))
        });
        let need_sides = needs_index
            .and_then(|f| facets.get(f))
            .map(|sets| classify_needs(&schema, &listed, &sets.matches))
            .unwrap_or_default();
        fn fields(s: &ServiceRecord) -> [&String; 6] {
            [&s.slug, &s.title, &s.url, &s.summary, &s.suits, &s.not_for]
        }
        let mut listing_text =
            String::with_capacity(services.iter().flat_map(fields).map(String::len).sum());
        let alike = alike_services(services);
        let listings = services
            .iter()
            .zip(alike)
            .map(|(s, alike)| {
                let mut bounds = [listing_text.len(); 7];
                for (field, end) in fields(s).into_iter().zip(bounds.iter_mut().skip(1)) {
                    listing_text.push_str(field);
                    *end = listing_text.len();
                }
                Listing {
                    bounds,
                    need_count: needs_index.map_or(0, |f| s.facets.values(f).len()),
                    work_need_count: needs_index.map_or(0, |f| {
                        s.facets
                            .values(f)
                            .iter()
                            .filter(|&&v| work_need(&schema, f, v))
                            .count()
                    }),
                    alike,
                }
            })
            .collect();
        let focus_facets = schema
            .vocabulary
            .focus
            .iter()
            .filter_map(|id| schema.facet_index(id))
            .map(|f| {
                (
                    f,
                    services.iter().map(|s| s.facets.values(f).len()).collect(),
                )
            })
            .collect();
        let contact_facets = schema
            .vocabulary
            .contact_facets
            .iter()
            .filter_map(|id| schema.facet_index(id))
            .collect();
        Engine {
            services: listings,
            listing_text,
            schema,
            facets,
            text: OnceLock::new(),
            title_ranks: OnceLock::new(),
            needs_facet: needs_index,
            focus_facets,
            contact_facets,
            need_sides,
            reader,
            synonyms,
            scope,
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
        self.title_ranks();
    }

    fn title_ranks(&self) -> &[u32] {
        self.title_ranks.get_or_init(|| {
            let mut by_title: Vec<usize> = (0..self.services.len()).collect();
            crate::sort::sort_by(&mut by_title, &|&a, &b| {
                self.field(a, TITLE)
                    .cmp(self.field(b, TITLE))
                    .then(a.cmp(&b))
            });
            let mut ranks = vec![0u32; by_title.len()];
            for (rank, &i) in by_title.iter().enumerate() {
                if let Some(slot) = ranks.get_mut(i) {
                    *slot = rank as u32;
                }
            }
            ranks
        })
    }

    fn text_index(&self) -> &TextIndex {
        self.text.get_or_init(|| {
            let texts: Vec<ServiceText<'_>> = (0..self.services.len())
                .map(|s| ServiceText {
                    title: self.field(s, TITLE),
                    summary: self.field(s, SUMMARY),
                    suits: self.field(s, SUITS),
                    not_for: self.field(s, NOT_FOR),
                })
                .collect();
            let listed: Vec<&[Bitset]> = self.facets.iter().map(|f| f.listed.as_slice()).collect();
            TextIndex::build(&self.schema, &texts, &listed, &self.synonyms)
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

        let mut reading = self.read(&q.text);
        if !q.dismissed.is_empty() {
            let schema = &self.schema;
            reading.understanding.constraints.retain(|c| {
                let facet = schema.facets.get(c.facet).map_or("", |f| f.id.as_str());
                let value = match c.wanted {
                    Wanted::Value(v) => schema
                        .facets
                        .get(c.facet)
                        .and_then(|f| f.values.get(v))
                        .map_or(String::new(), |v| v.id.clone()),
                    Wanted::AtMost(n) => n.to_string(),
                };
                !q.dismissed.contains(&format!("{facet}={value}"))
            });
        }
        let texts = self.text_match(&reading);
        let searched = texts.searched;
        let text_scores = &texts.matched;
        // Free text narrows to services that mention at least one of the words (directly or through their
        // facet values); the relevance threshold then decides which of them count as matches.
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

        let needs_facet = self.needs_facet;
        let selected_needs: Vec<usize> = match needs_facet.and_then(|f| resolved.get(f)) {
            Some(Resolved::Values(v)) => v.clone(),
            _ => Vec::new(),
        };
        let near = self.near_misses(&full, &selected_needs, &and_all_except);
        let counts = self.counts(&selections, &full, &and_all_except);
        let asks = self.asks(&resolved, &reading.understanding);
        let scored = self.score(&full, &near, &selected_needs, &asks, &reading, &texts);
        let cutoff = self.cutoff(&scored, searched);
        let total = scored
            .iter()
            .filter(|r| r.full && r.score >= cutoff)
            .count();
        let related = scored.iter().filter(|r| r.full).count() - total;
        let recovery = if full.count() == 0 {
            self.recovery(&resolved, &selections, text_set.as_ref())
        } else {
            None
        };
        let (ranked, yielded, brought) = self.order(scored, q.limit, cutoff, &reading);
        // Matches that yielded to a look-alike count under "also related"; services brought in for a need
        // count as matches.
        let (total, related) = (
            total.saturating_sub(yielded) + brought,
            (related + yielded).saturating_sub(brought),
        );
        let best_fit = self.best_fit(&ranked, cutoff, searched);
        let results = self.hits(ranked, cutoff, &selected_needs, &reading);
        let understood = self.understood(&q.text, &reading.understanding);
        let advice = self.advice(&selected_needs, &reading, &q.text, best_fit);
        let inferred_needs = understood
            .iter()
            .filter(|u| !u.negated && Some(u.facet.as_str()) == self.needs_id())
            .filter(|u| {
                !selected_needs
                    .iter()
                    .any(|&v| self.value_id(needs_facet, v) == Some(u.value.as_str()))
            })
            .map(|u| u.value.clone())
            .collect();

        QueryResult {
            advice,
            total,
            related,
            results,
            counts,
            inferred_needs,
            understood,
            recovery,
        }
    }

    /// How well the query's words, and apart the words of what the buyer rules out, match every service.
    fn text_match(&self, reading: &Reading) -> TextMatch {
        let n = self.services.len();
        let mut m = TextMatch {
            matched: vec![0f32; n],
            against: vec![0f32; n],
            ruled_out: vec![0f32; n],
            ruled_out_against: vec![0f32; n],
            searched: false,
        };
        let listed: Vec<&[Bitset]> = self.facets.iter().map(|f| f.listed.as_slice()).collect();
        // No words, no search: the index is not even built.
        m.searched = !reading.words.is_empty()
            && self.text_index().score(
                &reading.words,
                reading.last_is_prefix,
                &listed,
                &mut m.matched,
                &mut m.against,
            );
        // What the buyer rules out scores apart, against the services it describes.
        if m.searched && !reading.ruled_out.is_empty() {
            self.text_index().score(
                &reading.ruled_out,
                false,
                &listed,
                &mut m.ruled_out,
                &mut m.ruled_out_against,
            );
        }
        m
    }

    /// The query's words for search (typos corrected, synonyms applied) and everything its sentence says.
    fn read(&self, text: &str) -> Reading {
        if text.trim().is_empty() {
            return Reading::default();
        }
        // One reading of the text serves both search and understanding: each word is tokenized and corrected
        // once per keystroke.
        let mut tokens = tokens(text);
        // A pasted essay should not cost more than a story: beyond this, more words add nothing useful.
        let content = tokens.iter().filter(|t| !t.stop).count();
        let cut = content > MAX_READ_WORDS;
        if cut {
            let keep = tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.stop)
                .nth(MAX_READ_WORDS)
                .map_or(tokens.len(), |(i, _)| i);
            tokens.truncate(keep);
        }
        let last_is_prefix = ends_mid_word(text) && !cut;
        let index = self.text_index();
        let last = tokens.len().saturating_sub(1);
        let mut query_words = Vec::with_capacity(content.min(MAX_QUERY_WORDS));
        // Where each query word was said (an implied word where the word implying it was).
        let mut said_at: Vec<usize> = Vec::with_capacity(content.min(MAX_QUERY_WORDS));
        // Spelling corrections, applied to the tokens once all are found: the reader also needs the words as
        // written, and only a sentence with a correction pays for a second copy.
        let mut fixes: Vec<(usize, Word)> = Vec::new();
        let searched = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.stop)
            .take(MAX_QUERY_WORDS);
        for (i, t) in searched {
            let mut w = Word {
                stem: t.stem.clone(),
                surface: t.surface.clone(),
            };
            self.correct(index, &mut w, i == last && last_is_prefix);
            if w.surface != t.surface {
                fixes.push((i, w.clone()));
            }
            let implied = implied(&w.surface);
            said_at.resize(query_words.len() + 1 + implied.len(), t.start);
            query_words.push(w);
            query_words.extend(implied);
        }
        let written = (!fixes.is_empty()).then(|| tokens.clone());
        for (i, w) in fixes {
            if let Some(t) = tokens.get_mut(i) {
                t.stem = w.stem;
                t.surface = w.surface;
            }
        }
        self.synonyms.apply(&mut query_words);
        let written = written.as_deref().unwrap_or(&tokens);
        let mut understanding = self.reader.read(text, &tokens, written, &self.synonyms);
        self.drop_narrowed_back_office_signals(&mut understanding, text);
        self.add_kept_signals(&mut understanding);
        self.add_refused_signals(&mut understanding);
        crate::sort::sort_by(&mut understanding.signals, &|a, b| a.start.cmp(&b.start));
        let (words, ruled_out, last_is_prefix) =
            unsaid(query_words, &said_at, last_is_prefix, &understanding);
        Reading {
            words,
            ruled_out,
            last_is_prefix,
            understanding,
        }
    }

    /// A buyer who rules out conversation work ("we don't need anyone answering buyers' questions") while
    /// asking only for work behind the scenes says so about the kind of provider too: broader BPO; and the
    /// other way round. Ruling out one channel among conversations asked for says nothing of the kind.
    fn add_refused_signals(&self, understanding: &mut Understanding) {
        let side = |c: &crate::understand::Constraint| match c.wanted {
            Wanted::Value(v) if Some(c.facet) == self.needs_facet => {
                self.need_sides.get(v).copied().flatten()
            }
            _ => None,
        };
        let asked: Vec<NeedSide> = understanding
            .constraints
            .iter()
            .filter(|c| !c.negated)
            .filter(|c| match c.wanted {
                Wanted::Value(v) => self
                    .needs_facet
                    .is_some_and(|f| c.facet == f && work_need(&self.schema, f, v)),
                Wanted::AtMost(_) => false,
            })
            .filter_map(side)
            .collect();
        let Some(&first) = asked.first() else {
            return;
        };
        if asked.iter().any(|&s| s != first) {
            return;
        }
        let refused: Vec<(usize, usize)> = understanding
            .constraints
            .iter()
            .filter(|c| c.negated && side(c).is_some_and(|s| s != first))
            .map(|c| (c.start, c.end))
            .collect();
        for (start, end) in refused {
            add_signal(
                &mut understanding.signals,
                first == NeedSide::BackOffice,
                start,
                end,
            );
        }
    }

    /// A buyer who keeps the work behind the conversations ("refunds stay with our accounts team", "anything
    /// else is handed back to our staff") says a call center is enough; one who keeps only conversations
    /// ("our receptionists keep the phones") says nothing about the rest, so that retention is no signal.
    fn add_kept_signals(&self, understanding: &mut Understanding) {
        // Keeping some of the work behind the conversations while asking for other such work ("onboarding
        // stays with our office manager; we want candidates screened") says nothing of the kind.
        if self.asks_back_office(understanding) {
            return;
        }
        for kept in &understanding.kept {
            let back_office = kept.needs.is_empty()
                || kept.needs.iter().any(|&v| {
                    self.need_sides.get(v).copied().flatten() == Some(NeedSide::BackOffice)
                });
            // One clause keeping the work says so once, however many ways it says it.
            let (from, to) = kept.clause;
            let said = understanding
                .signals
                .iter()
                .any(|s| !s.bpo && s.start < to && from < s.end);
            if back_office && !said {
                add_signal(&mut understanding.signals, false, kept.start, kept.end);
            }
        }
    }

    /// Whether the sentence asks for work behind the conversations (a back-office need, not ruled out).
    fn asks_back_office(&self, understanding: &Understanding) -> bool {
        self.back_office_asked(understanding).next().is_some()
    }

    /// Whether every need the sentence clearly asks for (a whole keyword, not ruled out) is work behind the
    /// conversations, and there is at least one.
    fn asks_only_back_office(&self, understanding: &Understanding) -> bool {
        let mut sides = understanding
            .constraints
            .iter()
            .filter(|c| {
                !c.negated && c.confidence >= SURE_NEED && Some(c.facet) == self.needs_facet
            })
            .filter_map(|c| match c.wanted {
                Wanted::Value(v)
                    if self
                        .needs_facet
                        .is_some_and(|f| work_need(&self.schema, f, v)) =>
                {
                    Some(self.need_sides.get(v).copied().flatten())
                }
                _ => None,
            })
            .peekable();
        sides.peek().is_some() && sides.all(|side| side == Some(NeedSide::BackOffice))
    }

    /// Where the sentence asks for work behind the conversations: the byte ranges of those needs.
    fn back_office_asked<'a>(
        &'a self,
        understanding: &'a Understanding,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        understanding
            .constraints
            .iter()
            .filter(|c| !c.negated && Some(c.facet) == self.needs_facet)
            .filter(move |c| match c.wanted {
                Wanted::Value(v) => {
                    self.need_sides.get(v).copied().flatten() == Some(NeedSide::BackOffice)
                }
                Wanted::AtMost(_) => false,
            })
            .map(|c| (c.start, c.end))
    }

    /// "We only want" before back-office work in its sentence ("we only want help screening candidates")
    /// narrows that work, not the provider down to a call center: such a signal is dropped.
    fn drop_narrowed_back_office_signals(&self, understanding: &mut Understanding, text: &str) {
        let asked: Vec<(usize, usize)> = self.back_office_asked(understanding).collect();
        understanding.signals.retain(|s| {
            s.bpo
                || !asked.iter().any(|&(start, _)| {
                    start >= s.end
                        && text
                            .get(s.end..start)
                            .is_some_and(|gap| !gap.contains(['.', ';', '!', '?']))
                })
        });
    }

    /// Replaces a misspelt word by the closest word the catalog uses; a word still being typed is left alone
    /// while it is the start of a known word.
    fn correct(&self, index: &TextIndex, w: &mut Word, typing: bool) {
        let canonical = self.synonyms.canonical(&w.stem);
        if index.knows(canonical) || (typing && index.has_prefix(&w.surface)) {
            return;
        }
        if let Some((surface, stem)) = index.correct(&w.surface) {
            w.surface = surface;
            w.stem = stem;
        }
    }

    /// Services with some but not all of two or more selected needs (when the needs facet requires all).
    fn near_misses(
        &self,
        full: &Bitset,
        selected_needs: &[usize],
        and_all_except: &dyn Fn(Option<usize>) -> Bitset,
    ) -> Bitset {
        let n = self.services.len();
        let Some(f) = self.needs_facet else {
            return Bitset::empty(n);
        };
        let (Some(sets), Some(facet)) = (self.facets.get(f), self.schema.facets.get(f)) else {
            return Bitset::empty(n);
        };
        if facet.match_kind != MatchKind::All || selected_needs.len() < 2 {
            return Bitset::empty(n);
        }
        let mut some = Bitset::empty(n);
        for v in selected_needs {
            if let Some(set) = sets.matches.get(*v) {
                some.or_with(set);
            }
        }
        let mut near = and_all_except(Some(f));
        near.and_with(&some);
        near.and_not_with(full);
        near
    }

    /// What the ranking weighs: the checked values (they already filter, so they rank by how squarely a
    /// service fits them) and the constraints read from the text.
    fn asks(&self, resolved: &[Resolved], understanding: &Understanding) -> Vec<Ask> {
        let mut asks = Vec::new();
        for (f, r) in resolved.iter().enumerate() {
            match r {
                Resolved::Values(values) => asks.extend(values.iter().map(|&v| Ask {
                    facet: f,
                    wanted: Wanted::Value(v),
                    weight: 1.0,
                    negated: false,
                })),
                Resolved::AtMost(n) => asks.push(Ask {
                    facet: f,
                    wanted: Wanted::AtMost(*n),
                    weight: 1.0,
                    negated: false,
                }),
                Resolved::None => {}
            }
        }
        let back_office_only = self.asks_only_back_office(understanding);
        for c in &understanding.constraints {
            let already = asks
                .iter()
                .any(|a| a.facet == c.facet && a.wanted == c.wanted);
            if !already {
                let contact = back_office_only && self.contact_facets.contains(&c.facet);
                asks.push(Ask {
                    facet: c.facet,
                    wanted: c.wanted,
                    weight: c.confidence * if contact { CONTACT_IN_BACK_OFFICE } else { 1.0 },
                    negated: c.negated,
                });
            }
        }
        asks
    }

    /// Scores every full match and near-miss.
    fn score(
        &self,
        full: &Bitset,
        near: &Bitset,
        selected_needs: &[usize],
        asks: &[Ask],
        reading: &Reading,
        texts: &TextMatch,
    ) -> Vec<Ranked> {
        let TextMatch {
            matched: text_scores,
            against,
            ruled_out,
            ruled_out_against,
            ..
        } = texts;
        let max_text = full
            .iter()
            .chain(near.iter())
            .filter_map(|s| text_scores.get(s).copied())
            .fold(0f32, f32::max);
        // What is ruled out is measured on its own: the service it describes best loses the whole weight,
        // however many other words the buyer wrote.
        let max_ruled_out = full
            .iter()
            .chain(near.iter())
            .filter_map(|s| ruled_out.get(s).copied())
            .fold(0f32, f32::max);
        let scope = self.scope_wanted(&reading.understanding);
        let focus_on = self.focus_needs(asks);
        full.iter()
            .map(|s| (s, true))
            .chain(near.iter().map(|s| (s, false)))
            .map(|(s, is_full)| {
                let selected_covered = selected_needs
                    .iter()
                    .filter(|&&v| self.has(self.needs_facet, v, s))
                    .count();
                let text = text_scores.get(s).copied().unwrap_or(0.0);
                let scale = |v: f32| if max_text > 0.0 { v / max_text } else { 0.0 };
                let ruled_out_scale = |v: f32| {
                    if max_ruled_out > 0.0 {
                        (v / max_ruled_out).min(1.0)
                    } else {
                        0.0
                    }
                };
                let at = |v: &[f32]| v.get(s).copied().unwrap_or(0.0);
                let mut score = TEXT_WEIGHT * scale(text)
                    - AGAINST_WEIGHT * scale(at(against))
                    - RULED_OUT_WEIGHT * ruled_out_scale(at(ruled_out))
                    + RULED_OUT_AGAINST_WEIGHT * ruled_out_scale(at(ruled_out_against))
                    + self.fit(s, asks, &focus_on);
                if let Some(bpo) = scope {
                    if self.scope_of(s) == Some(!bpo) {
                        score -= SCOPE_WEIGHT;
                    }
                }
                Ranked {
                    service: s,
                    full: is_full,
                    selected_covered,
                    score,
                    yielded: false,
                    brought: false,
                }
            })
            .collect()
    }

    /// The asked-for needs a service's focus is measured on, once per query. Capabilities ("in three
    /// languages") do not dilute a service's focus on its work, unless they are all the buyer asked for.
    fn focus_needs(&self, asks: &[Ask]) -> FocusNeeds {
        let asked: Vec<usize> = asks
            .iter()
            .filter(|a| !a.negated && Some(a.facet) == self.needs_facet)
            .filter_map(|a| match a.wanted {
                Wanted::Value(v) => Some(v),
                Wanted::AtMost(_) => None,
            })
            .collect();
        let work = |v: usize| {
            self.needs_facet
                .is_some_and(|f| work_need(&self.schema, f, v))
        };
        let by_work = asked.iter().any(|&v| work(v));
        FocusNeeds {
            needs: asked.into_iter().filter(|&v| !by_work || work(v)).collect(),
            by_work,
        }
    }

    /// How well service `s` fits what was asked: squarely (listed as such), loosely (through a rule such as
    /// "any industry" or a higher level), or not at all; a ruled-out value it has counts against it.
    fn fit(&self, s: usize, asks: &[Ask], focus_on: &FocusNeeds) -> f32 {
        let listed_needs = self.services.get(s).map_or(0, |l| {
            if focus_on.by_work {
                l.work_need_count
            } else {
                l.need_count
            }
        });
        let asked_needs_had = focus_on
            .needs
            .iter()
            .filter(|&&v| self.has(self.needs_facet, v, s))
            .count();
        // Of the needs this service lists, the share the buyer asked for: a specialist in the buyer's need
        // ranks above a broad bundle that also happens to cover it.
        let focus = if listed_needs == 0 {
            0.0
        } else {
            (asked_needs_had as f32 / listed_needs as f32).min(1.0)
        };
        let mut total = if asked_needs_had > 0 && focus_on.by_work {
            WORK_DONE
        } else {
            0.0
        };
        for a in asks {
            let is_needs = Some(a.facet) == self.needs_facet;
            let (squarely, loosely) = match a.wanted {
                Wanted::Value(v) => (self.lists(a.facet, v, s), self.has(Some(a.facet), v, s)),
                Wanted::AtMost(limit) => {
                    let fits = self.integer(a.facet, s).is_some_and(|n| n <= limit);
                    (fits, fits)
                }
            };
            let part = match (is_needs, a.negated) {
                (true, false) if loosely => NEED_WEIGHT * (0.4 + 0.6 * focus),
                (true, false) => 0.0,
                (true, true) if loosely => -NEED_WEIGHT,
                (false, false) if squarely => FACET_WEIGHT * self.focus_share(a.facet, asks, s),
                (false, false) if loosely => FACET_WEIGHT * 0.4,
                (false, false) => -FACET_WEIGHT * 3.0,
                (_, true) if squarely => -FACET_WEIGHT,
                (_, true) => 0.0,
            };
            total += a.weight * part;
        }
        total
    }

    /// The score a match needs to count in `total`: a share of the best, once there is text to judge by.
    fn cutoff(&self, scored: &[Ranked], searched: bool) -> f32 {
        if !searched {
            return f32::NEG_INFINITY;
        }
        let best = scored
            .iter()
            .filter(|r| r.full)
            .map(|r| r.score)
            .fold(f32::NEG_INFINITY, f32::max);
        (best * STRONG_SHARE).max(MIN_STRONG)
    }

    /// When nothing matches: the one selection whose removal brings back the most services.
    fn recovery(
        &self,
        resolved: &[Resolved],
        selections: &[Option<Bitset>],
        text_set: Option<&Bitset>,
    ) -> Option<Recovery> {
        let n = self.services.len();
        let mut best: Option<Recovery> = None;
        for (f, r) in resolved.iter().enumerate() {
            let facet = self.schema.facets.get(f)?;
            let candidates: Vec<(Option<usize>, Option<Bitset>)> = match r {
                Resolved::None => continue,
                Resolved::Values(values) if values.len() > 1 => values
                    .iter()
                    .map(|&v| {
                        let rest: Vec<usize> = values.iter().copied().filter(|&o| o != v).collect();
                        (Some(v), self.selection_set(f, &Resolved::Values(rest), n))
                    })
                    .collect(),
                Resolved::Values(values) => vec![(values.first().copied(), None)],
                Resolved::AtMost(_) => vec![(None, None)],
            };
            for (value, replacement) in candidates {
                let mut set = text_set.cloned().unwrap_or_else(|| Bitset::full(n));
                for (g, selection) in selections.iter().enumerate() {
                    let chosen = if g == f {
                        replacement.as_ref()
                    } else {
                        selection.as_ref()
                    };
                    if let Some(chosen) = chosen {
                        set.and_with(chosen);
                    }
                }
                let count = set.count();
                if count > 0 && best.as_ref().is_none_or(|b| count > b.count) {
                    best = Some(Recovery {
                        facet: facet.id.clone(),
                        value: value
                            .and_then(|v| facet.values.get(v))
                            .map(|v| v.id.clone()),
                        label: value
                            .and_then(|v| facet.values.get(v))
                            .map_or_else(|| facet.label.clone(), |v| v.label.clone()),
                        count,
                    });
                }
            }
        }
        best
    }

    /// Orders full matches before near-misses, then by selected needs covered, then by score; keeps `limit`.
    /// The first `limit` candidates (all for 0) in result order, and how many matches yielded. With text, the
    /// first `DISTINCT_TOP` are distinct: a clearly weaker look-alike of a service already placed gives its
    /// place to the best distinct candidate of its tier and follows it; a match with no distinct match left
    /// yields to the best distinct "also related" service and joins that fold, so the list the widget
    /// splits into matches and "also related" keeps this order. Returns the first `limit`, how many of the
    /// matches yielded, and how many services under the cutoff were brought in for a need (see
    /// `cover_asked_needs`).
    fn order(
        &self,
        ranked: Vec<Ranked>,
        limit: usize,
        cutoff: f32,
        reading: &Reading,
    ) -> (Vec<Ranked>, usize, usize) {
        let searched = !reading.words.is_empty();
        // Total (titles, then catalog positions, break the last ties), so the first `limit` are well defined.
        let fit = |a: &Ranked, b: &Ranked| {
            b.full
                .cmp(&a.full)
                .then(b.selected_covered.cmp(&a.selected_covered))
                .then(b.score.total_cmp(&a.score))
        };
        let wanted = if limit == 0 { ranked.len() } else { limit };
        let ranks = if searched {
            Some(self.title_ranks())
        } else {
            self.title_ranks.get().map(Vec::as_slice)
        };
        let Some(ranks) = ranks else {
            // The first results do not wait for the title ranks: titles are compared as text. Only the first
            // `limit` are put in order: with a small limit most services cost one comparison.
            let title = |s: usize| self.field(s, TITLE);
            let first = smallest(ranked, wanted, &|a: &Ranked, b: &Ranked| {
                fit(a, b)
                    .then_with(|| title(a.service).cmp(title(b.service)))
                    .then(a.service.cmp(&b.service))
            });
            return (first, 0, 0);
        };
        let rank = |s: usize| ranks.get(s).copied().unwrap_or(u32::MAX);
        let cmp =
            |a: &Ranked, b: &Ranked| fit(a, b).then_with(|| rank(a.service).cmp(&rank(b.service)));
        if !searched {
            return (smallest(ranked, wanted, &cmp), 0, 0);
        }
        // A few more than asked for, in order: the distinct services the top places need are nearly always
        // among them, and the whole list is searched only when they are not.
        let mut top = smallest(
            ranked.clone(),
            wanted.saturating_add(DISTINCT_LOOKAHEAD),
            &cmp,
        );
        let tier = |r: &Ranked| {
            (
                r.full,
                r.full && r.score >= cutoff && !r.yielded,
                r.selected_covered,
            )
        };
        let best = top.first().map_or(0.0, |r| r.score.abs());
        for place in 1..DISTINCT_TOP.min(top.len()) {
            let (placed, rest) = top.split_at(place);
            // Only a clearly weaker look-alike gives way: two look-alikes the words fit about equally well
            // both stay, as the buyer has not said which one they are.
            // Nor does one whose title holds a word of the query the other's lacks: the buyer named it.
            let alike = |r: &Ranked| {
                placed.iter().any(|h| {
                    self.alike(h.service, r.service)
                        && h.score - r.score >= CLEARLY_WEAKER * best
                        && !self.names_more(r.service, h.service, reading)
                })
            };
            let Some(here) = rest.first().filter(|r| alike(r)) else {
                continue;
            };
            let t = tier(here);
            let far_behind = |r: &Ranked| {
                placed
                    .iter()
                    .any(|h| self.alike(h.service, r.service) && r.score <= FAR_BEHIND * h.score)
            };
            let in_tier = |tier_wanted: (bool, bool, usize)| {
                move |c: &Ranked| tier(c) == tier_wanted && !alike(c)
            };
            let find = |want: &dyn Fn(&Ranked) -> bool| -> Option<Found> {
                if let Some(at) = rest.iter().position(want) {
                    return Some(Found::At(place + at));
                }
                let shown: Vec<usize> = top.iter().map(|r| r.service).collect();
                ranked
                    .iter()
                    .filter(|c| !shown.contains(&c.service) && want(c))
                    .min_by(|a, b| cmp(a, b))
                    .map(|r| Found::Beyond(*r))
            };
            // A match with no distinct match left to yield to moves to "also related", behind the best
            // distinct service there: the buyer's words point past it to the look-alike above.
            let (found, yields) = match find(&in_tier(t)) {
                Some(found) => (Some(found), false),
                None if t.1 && far_behind(here) => (find(&in_tier((t.0, false, t.2))), true),
                None => (None, false),
            };
            let Some(found) = found else {
                continue;
            };
            // Every look-alike match left yields with it, so no match follows an "also related" service.
            let yielding: Vec<usize> = if yields {
                (place..top.len())
                    .filter(|&i| top.get(i).is_some_and(|r| tier(r) == t && alike(r)))
                    .collect()
            } else {
                Vec::new()
            };
            for i in yielding {
                if let Some(r) = top.get_mut(i) {
                    r.yielded = true;
                }
            }
            let r = match found {
                Found::At(at) => top.remove(at),
                Found::Beyond(r) => r,
            };
            top.insert(place, r);
        }
        self.cover_asked_needs(&mut top, &ranked, reading);
        let yielded = top.iter().filter(|r| r.yielded).count();
        let brought = top.iter().filter(|r| r.brought && r.score < cutoff).count();
        top.truncate(wanted);
        (top, yielded, brought)
    }

    /// A need the buyer clearly asked for that none of the first `COVERED_TOP` places does gets the best
    /// service that does into the last of those places, however the rest of the sentence scores it: a buyer
    /// with two jobs ("a service desk for our staff, and two developers for our permit app") sees a service
    /// for each, not five variations of the first, and the second job's service is not marked down for the
    /// hours and channels the first job asked for. Only the first such need claims the place: a misread need
    /// costs one place, never the answer.
    fn cover_asked_needs(&self, top: &mut Vec<Ranked>, ranked: &[Ranked], reading: &Reading) {
        let Some(f) = self.needs_facet else { return };
        let last = COVERED_TOP.min(top.len()).saturating_sub(1);
        if last == 0 {
            return;
        }
        let asked = reading.understanding.constraints.iter().filter_map(|c| {
            let sure = c.facet == f && !c.negated && c.confidence >= SURE_NEED;
            match c.wanted {
                Wanted::Value(v) if sure && work_need(&self.schema, f, v) => Some(v),
                _ => None,
            }
        });
        for v in asked {
            let does = |r: &Ranked| self.lists(f, v, r.service);
            if top.iter().take(COVERED_TOP).any(does) {
                continue;
            }
            let candidate = |r: &Ranked| does(r) && r.full && !r.yielded;
            let found = match top.iter().position(candidate) {
                Some(at) => top.remove(at),
                None => {
                    let shown: Vec<usize> = top.iter().map(|r| r.service).collect();
                    let best = ranked
                        .iter()
                        .filter(|r| candidate(r) && !shown.contains(&r.service))
                        .max_by(|a, b| a.score.total_cmp(&b.score).then(b.service.cmp(&a.service)));
                    let Some(best) = best else { continue };
                    *best
                }
            };
            top.insert(
                last,
                Ranked {
                    brought: true,
                    ..found
                },
            );
            return;
        }
    }

    /// Whether a short query (a few words, each chosen) names, in service `a`'s title, a word that service
    /// `b`'s title lacks. In a long description some word meets any title by chance.
    fn names_more(&self, a: usize, b: usize, reading: &Reading) -> bool {
        if reading.words.len() > NAMING_WORDS {
            return false;
        }
        let theirs = self.named_in_title(b, reading);
        self.named_in_title(a, reading)
            .iter()
            .any(|stem| !theirs.contains(stem))
    }

    /// Whether two services are look-alikes: one's page names the other as the place to go instead.
    fn alike(&self, a: usize, b: usize) -> bool {
        self.services
            .get(a)
            .is_some_and(|l| l.alike.iter().any(|&x| x as usize == b))
    }

    fn hits(
        &self,
        ranked: Vec<Ranked>,
        cutoff: f32,
        selected_needs: &[usize],
        reading: &Reading,
    ) -> Vec<Hit> {
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
                        .filter(|&&v| !self.has(self.needs_facet, v, r.service))
                        .filter_map(|&v| self.value_id(self.needs_facet, v).map(str::to_string))
                        .collect()
                };
                let field = |f: usize| self.field(r.service, f).to_string();
                let score = r.selected_covered as f64 + f64::from(r.score);
                Some(Hit {
                    slug: field(SLUG),
                    title: field(TITLE),
                    url: field(URL),
                    summary: field(SUMMARY),
                    score: (score * 1000.0).round() / 1000.0,
                    missing,
                    related: r.full && !r.brought && (r.score < cutoff || r.yielded),
                    highlights: self.highlights(r.service, reading),
                })
            })
            .collect()
    }

    /// The words of a service's title and summary that the query matched, as written there.
    fn highlights(&self, s: usize, reading: &Reading) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        self.matched_words(s, reading, &[TITLE, SUMMARY], &mut |_, written| {
            if !out.iter().any(|o| o == written) {
                out.push(written.to_string());
            }
        });
        out
    }

    /// The query words service `s`'s title holds, as stems.
    fn named_in_title(&self, s: usize, reading: &Reading) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        self.matched_words(s, reading, &[TITLE], &mut |stem, _| {
            if !out.iter().any(|o| o == stem) {
                out.push(stem.to_string());
            }
        });
        out
    }

    /// Calls `each` with (stem, word as written) for every word of `fields` of service `s` the query holds
    /// (the word being typed counts as a prefix).
    fn matched_words(
        &self,
        s: usize,
        reading: &Reading,
        fields: &[usize],
        each: &mut dyn FnMut(&str, &str),
    ) {
        let Some(last) = reading.words.len().checked_sub(1) else {
            return;
        };
        for &field in fields {
            let text = self.field(s, field);
            for t in tokens(text) {
                if t.stop {
                    continue;
                }
                let stem = self.synonyms.canonical(&t.stem);
                let hit = reading.words.iter().enumerate().any(|(i, w)| {
                    w.stem == stem
                        || (i == last
                            && reading.last_is_prefix
                            && w.surface.chars().count() >= 2
                            && t.surface.starts_with(&w.surface))
                });
                let written = text.get(t.start..t.end).unwrap_or("");
                if hit && !written.is_empty() {
                    each(stem, written);
                }
            }
        }
    }

    /// The constraints read from the text, with the buyer's words, for chips and `--json`.
    fn understood(&self, text: &str, understanding: &Understanding) -> Vec<Understood> {
        understanding
            .constraints
            .iter()
            .filter_map(|c| {
                let facet = self.schema.facets.get(c.facet)?;
                let (value, label) = match c.wanted {
                    Wanted::Value(v) => {
                        let value = facet.values.get(v)?;
                        (value.id.clone(), value.label.clone())
                    }
                    Wanted::AtMost(n) => (n.to_string(), format!("{}: at most {n}", facet.label)),
                };
                Some(Understood {
                    facet: facet.id.clone(),
                    value,
                    label,
                    words: text.get(c.start..c.end).unwrap_or("").to_string(),
                    negated: c.negated,
                })
            })
            .collect()
    }

    /// The first result, when it is a match for words: checkboxes alone rank by little more than title
    /// order, so it speaks for the advice only when there is text.
    fn best_fit(&self, ranked: &[Ranked], cutoff: f32, searched: bool) -> Option<BestFit> {
        let r = ranked
            .first()
            .filter(|r| searched && r.full && r.score >= cutoff)?;
        Some(BestFit {
            bpo: self.scope_of(r.service)?,
            title: self.field(r.service, TITLE).to_string(),
        })
    }

    /// The call-center-or-BPO advice from the needs (checked and read), the scope signals and the kind of
    /// the best fit.
    fn advice(
        &self,
        selected_needs: &[usize],
        reading: &Reading,
        text: &str,
        best_fit: Option<BestFit>,
    ) -> Advice {
        let needs_schema = self.needs_facet.and_then(|f| self.schema.facets.get(f));
        // Capabilities (around the clock, many languages) fit either kind of provider: they decide nothing,
        // unless they are all the buyer asked for.
        let work = |v: usize| {
            self.needs_facet
                .is_some_and(|f| work_need(&self.schema, f, v))
        };
        let mut needs = self.advice_needs(selected_needs, reading, text, &work);
        if needs.is_empty() {
            needs = self.advice_needs(selected_needs, reading, text, &|_| true);
        }
        let signals: Vec<(bool, String)> = reading
            .understanding
            .signals
            .iter()
            .filter_map(|s| Some((s.bpo, text.get(s.start..s.end)?.to_string())))
            .collect();
        advise(
            &needs,
            &signals,
            best_fit,
            &self.need_sides,
            needs_schema,
            &self.schema.advice,
        )
    }

    /// The needs the advice weighs: checked ones, then those read from the text, each once.
    fn advice_needs(
        &self,
        selected_needs: &[usize],
        reading: &Reading,
        text: &str,
        keep: &dyn Fn(usize) -> bool,
    ) -> Vec<AdviceNeed> {
        let mut needs: Vec<AdviceNeed> = selected_needs
            .iter()
            .filter(|&&v| keep(v))
            .map(|&v| AdviceNeed {
                value: v,
                weight: 1.0,
                words: None,
            })
            .collect();
        for c in &reading.understanding.constraints {
            if Some(c.facet) != self.needs_facet || c.negated {
                continue;
            }
            if let Wanted::Value(v) = c.wanted {
                if keep(v) && !needs.iter().any(|n| n.value == v) {
                    needs.push(AdviceNeed {
                        value: v,
                        weight: c.confidence,
                        words: text.get(c.start..c.end).map(str::to_string),
                    });
                }
            }
        }
        needs
    }

    /// Whether the scope signals ask for BPO (`Some(true)`) or only a call center (`Some(false)`).
    fn scope_wanted(&self, understanding: &Understanding) -> Option<bool> {
        let bpo = understanding.signals.iter().filter(|s| s.bpo).count();
        let cc = understanding.signals.len() - bpo;
        match bpo.cmp(&cc) {
            std::cmp::Ordering::Greater => Some(true),
            std::cmp::Ordering::Less => Some(false),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// Whether service `s` is BPO-scoped (`Some(true)`), call-center-scoped, or neither.
    fn scope_of(&self, s: usize) -> Option<bool> {
        let (f, bpo, cc) = self.scope?;
        if self.lists(f, bpo, s) {
            Some(true)
        } else if self.lists(f, cc, s) {
            Some(false)
        } else {
            None
        }
    }

    fn needs_id(&self) -> Option<&str> {
        self.needs_facet
            .and_then(|f| self.schema.facets.get(f))
            .map(|f| f.id.as_str())
    }

    fn value_id(&self, facet: Option<usize>, v: usize) -> Option<&str> {
        let facet = self.schema.facets.get(facet?)?;
        facet.values.get(v).map(|v| v.id.as_str())
    }

    /// Whether service `s` matches value `v` of `facet` (with the facet's rules applied).
    fn has(&self, facet: Option<usize>, v: usize, s: usize) -> bool {
        facet
            .and_then(|f| self.facets.get(f))
            .and_then(|sets| sets.matches.get(v))
            .is_some_and(|set| set.contains(s))
    }

    /// For a `focus` facet, how squarely service `s` fits by the share of the values it lists that the buyer
    /// asked for: from `1 - FOCUS_PULL` (it lists many besides) to 1 (only those asked); 1 for other facets.
    fn focus_share(&self, facet: usize, asks: &[Ask], s: usize) -> f32 {
        let Some((_, counts)) = self.focus_facets.iter().find(|(f, _)| *f == facet) else {
            return 1.0;
        };
        let listed = counts.get(s).copied().unwrap_or(0);
        let asked = asks
            .iter()
            .filter(|a| a.facet == facet && !a.negated)
            .filter(|a| matches!(a.wanted, Wanted::Value(v) if self.lists(facet, v, s)))
            .count();
        if listed == 0 {
            return 1.0;
        }
        (1.0 - FOCUS_PULL) + FOCUS_PULL * (asked as f32 / listed as f32).min(1.0)
    }

    /// Whether service `s` lists value `v` of `facet` itself.
    fn lists(&self, facet: usize, v: usize, s: usize) -> bool {
        self.facets
            .get(facet)
            .and_then(|sets| sets.listed.get(v))
            .is_some_and(|set| set.contains(s))
    }

    fn integer(&self, facet: usize, s: usize) -> Option<i64> {
        let sets = self.facets.get(facet)?;
        // The first (lowest) number whose set holds the service is its own number.
        sets.at_most
            .iter()
            .find(|(_, set)| set.contains(s))
            .map(|(n, _)| *n)
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
}

/// The query words less those of a phrase with another meaning ("dental lab") and those the buyer ruled out
/// ("claims aren't part of it", "payroll stays with us"), and those ruled out apart: a service is not a better
/// match for sharing the words of what the buyer does not want, but a worse one. The last word is still being
/// typed only if it is still there.
fn unsaid(
    words: Vec<Word>,
    said_at: &[usize],
    last_is_prefix: bool,
    understanding: &Understanding,
) -> (Vec<Word>, Vec<Word>, bool) {
    let ruled_out: Vec<std::ops::Range<usize>> = understanding
        .constraints
        .iter()
        .filter(|c| c.negated)
        .map(|c| c.start..c.end)
        .chain(understanding.ruled_out.iter().map(|&(a, b)| a..b))
        .collect();
    let in_other_meaning = |at: &usize| {
        understanding
            .other_meanings
            .iter()
            .any(|&(a, b)| (a..b).contains(at))
    };
    // A query of nothing else ("vet clinic") still searches its words rather than showing the whole catalog.
    let nothing_else = said_at.iter().all(in_other_meaning);
    let elsewhere = |at: &usize| !nothing_else && in_other_meaning(at);
    if ruled_out.is_empty() && understanding.other_meanings.is_empty() {
        return (words, Vec::new(), last_is_prefix);
    }
    let kept = |at: &usize| !elsewhere(at) && !ruled_out.iter().any(|r| r.contains(at));
    let last_kept = said_at.last().is_some_and(kept);
    let (words, out): (Vec<_>, Vec<_>) = words
        .into_iter()
        .zip(said_at)
        .filter(|(_, at)| !elsewhere(at))
        .partition(|(_, at)| kept(at));
    let strip = |v: Vec<(Word, &usize)>| v.into_iter().map(|(w, _)| w).collect::<Vec<_>>();
    let (words, mut out) = (strip(words), strip(out));
    // A word the buyer also asks for is no evidence against a service: "calls must be recorded" and "no cold
    // calling" share "call".
    out.retain(|w| !words.iter().any(|k| k.stem == w.stem));
    (words, out, last_is_prefix && last_kept)
}

/// Adds a scope signal over the buyer's words `start..end`, unless one the buyer said already covers them.
fn add_signal(signals: &mut Vec<Signal>, bpo: bool, start: usize, end: usize) {
    if !signals.iter().any(|s| s.start < end && start < s.end) {
        signals.push(Signal { bpo, start, end });
    }
}

/// Per service, the catalog positions of its look-alikes: the alternatives its page names and the services
/// whose pages name it (a link either way makes two services alike). Unknown slugs are left out.
fn alike_services(services: &[ServiceRecord]) -> Vec<Vec<u32>> {
    if services.iter().all(|s| s.alternatives.is_empty()) {
        return vec![Vec::new(); services.len()];
    }
    let mut by_slug: Vec<(&str, u32)> = services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.as_str(), i as u32))
        .collect();
    crate::sort::sort_by(&mut by_slug, &|a, b| a.0.cmp(b.0));
    let mut alike = vec![Vec::new(); services.len()];
    for (i, s) in services.iter().enumerate() {
        for slug in &s.alternatives {
            let Ok(at) = by_slug.binary_search_by(|(x, _)| (*x).cmp(slug.as_str())) else {
                continue;
            };
            let Some(&(_, j)) = by_slug.get(at) else {
                continue;
            };
            if j as usize == i {
                continue;
            }
            for (from, to) in [(i, j), (j as usize, i as u32)] {
                if let Some(list) = alike.get_mut(from) {
                    if !list.contains(&to) {
                        list.push(to);
                    }
                }
            }
        }
    }
    alike
}

/// The JSON of one query (`shoreline query --json`): `advice {verdict, reason}`, `total` (above the relevance
/// threshold), `related`, `results [{slug, title, url, score, missing, related, highlights}]`, `counts`,
/// `understood [{facet, value, label, words, negated}]` and `recovery` (null or `{facet, value, label, count}`).
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
        struct AdviceView {
            verdict: Option<crate::advice::Verdict>,
            reason: String,
        }
        #[derive(Serialize)]
        struct HitView<'a> {
            slug: &'a str,
            title: &'a str,
            url: &'a str,
            score: f64,
            missing: &'a [String],
            related: bool,
            highlights: &'a [String],
        }
        #[derive(Serialize)]
        struct UnderstoodView<'a> {
            facet: &'a str,
            value: &'a str,
            label: &'a str,
            words: &'a str,
            negated: bool,
        }
        #[derive(Serialize)]
        struct RecoveryView<'a> {
            facet: &'a str,
            value: Option<&'a str>,
            label: &'a str,
            count: usize,
        }
        let mut out = serializer.serialize_struct("QueryResult", 7)?;
        out.serialize_field(
            "advice",
            &AdviceView {
                verdict: self.advice.verdict,
                reason: self.advice.english(),
            },
        )?;
        out.serialize_field("total", &self.total)?;
        out.serialize_field("related", &self.related)?;
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
                related: h.related,
                highlights: &h.highlights,
            })
            .collect();
        out.serialize_field("results", &hits)?;
        out.serialize_field("counts", &self.counts)?;
        let understood: Vec<UnderstoodView<'_>> = self
            .understood
            .iter()
            .map(|u| UnderstoodView {
                facet: &u.facet,
                value: &u.value,
                label: &u.label,
                words: &u.words,
                negated: u.negated,
            })
            .collect();
        out.serialize_field("understood", &understood)?;
        out.serialize_field(
            "recovery",
            &self.recovery.as_ref().map(|r| RecoveryView {
                facet: &r.facet,
                value: r.value.as_deref(),
                label: &r.label,
                count: r.count,
            }),
        )?;
        out.end()
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
