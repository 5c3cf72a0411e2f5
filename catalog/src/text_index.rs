//! The inverted index behind free-text search: stems to the services whose title, summary or facet values
//! mention them, plus a sorted list of surface words for matching the word the buyer is still typing.

use std::collections::BTreeMap;

use crate::bitset::Bitset;
use crate::schema::Schema;
use crate::synonyms::Synonyms;
use crate::text::{for_each_word, Word};
use crate::validate::edit_distance;

/// Typo tolerance: a word this long may be one edit away from a known word, and from `TWO_EDITS_FROM` two.
const ONE_EDIT_FROM: usize = 5;
const TWO_EDITS_FROM: usize = 9;

/// How much a word counts, by where a service mentions it: its own title says most about it, the labels and
/// keywords of its facet values were chosen to describe it, the summary is prose.
const TITLE_WEIGHT: f32 = 3.0;
const VALUE_WEIGHT: f32 = 2.0;
const SUITS_WEIGHT: f32 = 1.5;
const SUMMARY_WEIGHT: f32 = 1.0;
/// A prefix match is a guess about an unfinished word, so it counts a little less than a whole word.
const PREFIX_FACTOR: f32 = 0.8;
/// Half-typed words shorter than this match too much to be useful.
const MIN_PREFIX_CHARS: usize = 2;

/// The index: token ids are positions in `stems`.
#[derive(Debug, Clone)]
pub(crate) struct TextIndex {
    stems: Vec<String>,
    /// (folded surface word, token id), sorted by word, for prefix lookups.
    surfaces: Vec<(String, u32)>,
    /// Per token: (service, weight) from titles and summaries, at most one entry per service.
    service_postings: Vec<Vec<(u32, f32)>>,
    /// Per token: (facet, value, weight) whose label or keywords contain it.
    value_postings: Vec<Vec<(u32, u32, f32)>>,
    /// Per token: services whose page sends readers using this word elsewhere (and which do not use the word
    /// in their own title, summary or "who it suits" text).
    against_postings: Vec<Vec<u32>>,
    /// Per token: ln(1 + services / services mentioning it): rare words decide more.
    idf: Vec<f32>,
    services: usize,
}

/// A service's text as the index needs it.
pub(crate) struct ServiceText<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub suits: &'a str,
    pub not_for: &'a str,
}

impl TextIndex {
    /// Indexes every service; `listed[f][v]` is the set of services that list value `v` of facet `f`.
    pub(crate) fn build(
        schema: &Schema,
        services: &[ServiceText<'_>],
        listed: &[&[Bitset]],
        synonyms: &Synonyms,
    ) -> TextIndex {
        let mut builder = Builder {
            synonyms,
            ids: BTreeMap::new(),
            surfaces: BTreeMap::new(),
            service_postings: Vec::new(),
            value_postings: Vec::new(),
            against_postings: Vec::new(),
        };
        // Per service: (token, weight) with the best weight of each token, in first-seen order.
        let mut best: Vec<(u32, f32)> = Vec::new();
        for (s, service) in services.iter().enumerate() {
            let Ok(s) = u32::try_from(s) else { break };
            best.clear();
            for (text, weight) in [
                (service.title, TITLE_WEIGHT),
                (service.summary, SUMMARY_WEIGHT),
                (service.suits, SUITS_WEIGHT),
            ] {
                for_each_word(text, &mut |surface, stem| {
                    let id = builder.token(surface, stem);
                    match best.iter_mut().find(|(t, _)| *t == id) {
                        Some((_, w)) => *w = w.max(weight),
                        None => best.push((id, weight)),
                    }
                });
            }
            for &(id, weight) in &best {
                if let Some(list) = builder.service_postings.get_mut(id as usize) {
                    list.push((s, weight));
                }
            }
            let mut against: Vec<u32> = Vec::new();
            for_each_word(service.not_for, &mut |surface, stem| {
                let id = builder.token(surface, stem);
                if !best.iter().any(|(t, _)| *t == id) && !against.contains(&id) {
                    against.push(id);
                }
            });
            for id in against {
                if let Some(list) = builder.against_postings.get_mut(id as usize) {
                    list.push(s);
                }
            }
        }
        for (f, facet) in schema.facets.iter().enumerate() {
            for (v, value) in facet.values.iter().enumerate() {
                let (Ok(f), Ok(v)) = (u32::try_from(f), u32::try_from(v)) else {
                    continue;
                };
                let mut seen: Vec<u32> = Vec::new();
                let texts = std::iter::once(value.label.as_str())
                    .chain(value.keywords.iter().map(String::as_str));
                for text in texts {
                    for_each_word(text, &mut |surface, stem| {
                        let id = builder.token(surface, stem);
                        if !seen.contains(&id) {
                            seen.push(id);
                            if let Some(list) = builder.value_postings.get_mut(id as usize) {
                                list.push((f, v, VALUE_WEIGHT));
                            }
                        }
                    });
                }
            }
        }
        // A word a service's own facet values use is not a reason to steer the buyer away from it.
        for (against, values) in builder
            .against_postings
            .iter_mut()
            .zip(&builder.value_postings)
        {
            against.retain(|&s| {
                !values.iter().any(|&(f, v, _)| {
                    listed
                        .get(f as usize)
                        .and_then(|vs| vs.get(v as usize))
                        .is_some_and(|set| set.contains(s as usize))
                })
            });
        }
        builder.finish(services.len(), listed)
    }

    /// Adds to `scores[s]` the relevance of each service to `query` words; the last word is matched as a
    /// prefix when `last_is_prefix`. Returns whether any word was searched for.
    /// `against[s]` gains the weight of query words that service `s`'s page points elsewhere for.
    pub(crate) fn score(
        &self,
        query: &[Word],
        last_is_prefix: bool,
        listed: &[&[Bitset]],
        scores: &mut [f32],
        against: &mut [f32],
    ) -> bool {
        let mut searched = false;
        let mut best = vec![0f32; self.services];
        for (i, word) in query.iter().enumerate() {
            let is_last = i + 1 == query.len();
            let mut tokens: Vec<(u32, f32)> = Vec::new();
            if let Ok(id) = self.stems.binary_search(&word.stem) {
                if let Ok(id) = u32::try_from(id) {
                    tokens.push((id, 1.0));
                }
            }
            if is_last && last_is_prefix && word.surface.chars().count() >= MIN_PREFIX_CHARS {
                for id in self.prefix_tokens(&word.surface) {
                    if !tokens.iter().any(|(t, _)| *t == id) {
                        tokens.push((id, PREFIX_FACTOR));
                    }
                }
            } else if is_last && last_is_prefix {
                // A single typed character: wait for more before filtering on it.
                continue;
            }
            searched = true;
            best.iter_mut().for_each(|b| *b = 0.0);
            for &(id, factor) in &tokens {
                self.token_scores(id, factor, listed, &mut best);
            }
            // Whole words only: a half-typed word says too little to steer anyone away.
            if let Some(&(id, _)) = tokens.first().filter(|(_, f)| *f == 1.0) {
                let idf = self.idf.get(id as usize).copied().unwrap_or(0.0);
                for &s in self
                    .against_postings
                    .get(id as usize)
                    .map_or(&[][..], Vec::as_slice)
                {
                    if let Some(a) = against.get_mut(s as usize) {
                        *a += idf;
                    }
                }
            }
            for (total, b) in scores.iter_mut().zip(&best) {
                *total += *b;
            }
        }
        searched
    }

    fn token_scores(&self, id: u32, factor: f32, listed: &[&[Bitset]], best: &mut [f32]) {
        let i = id as usize;
        let idf = self.idf.get(i).copied().unwrap_or(0.0) * factor;
        let mut raise = |s: usize, weight: f32| {
            if let Some(b) = best.get_mut(s) {
                *b = b.max(weight * idf);
            }
        };
        for &(s, weight) in self.service_postings.get(i).map_or(&[][..], Vec::as_slice) {
            raise(s as usize, weight);
        }
        for &(f, v, weight) in self.value_postings.get(i).map_or(&[][..], Vec::as_slice) {
            if let Some(set) = listed
                .get(f as usize)
                .and_then(|values| values.get(v as usize))
            {
                for s in set.iter() {
                    raise(s, weight);
                }
            }
        }
    }

    /// Whether the index knows the stem.
    pub(crate) fn knows(&self, stem: &str) -> bool {
        self.stems
            .binary_search_by(|s| s.as_str().cmp(stem))
            .is_ok()
    }

    /// Whether some indexed word starts with `prefix`.
    pub(crate) fn has_prefix(&self, prefix: &str) -> bool {
        let start = self.surfaces.partition_point(|(w, _)| w.as_str() < prefix);
        self.surfaces
            .get(start)
            .is_some_and(|(w, _)| w.starts_with(prefix))
    }

    /// The indexed word closest to a misspelt `surface` (one edit from 5 letters, two from 9), as (surface,
    /// stem); `None` when the word is known or nothing is close enough. Ties go to the alphabetically first.
    pub(crate) fn correct(&self, surface: &str) -> Option<(String, String)> {
        let len = surface.chars().count();
        let allowed = if len >= TWO_EDITS_FROM {
            2
        } else if len >= ONE_EDIT_FROM {
            1
        } else {
            return None;
        };
        if !surface.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let mut best: Option<(usize, &(String, u32))> = None;
        for entry in &self.surfaces {
            let other = entry.0.len();
            if other + allowed < len || other > len + allowed {
                continue;
            }
            let d = edit_distance(surface, &entry.0);
            if d <= allowed && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, entry));
            }
        }
        let (_, (word, id)) = best?;
        let stem = self.stems.get(*id as usize)?;
        Some((word.clone(), stem.clone()))
    }

    /// Token ids of every indexed word that starts with `prefix`.
    fn prefix_tokens(&self, prefix: &str) -> Vec<u32> {
        let start = self.surfaces.partition_point(|(w, _)| w.as_str() < prefix);
        let mut ids: Vec<u32> = self
            .surfaces
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(w, _)| w.starts_with(prefix))
            .map(|(_, id)| *id)
            .collect();
        crate::sort::sort(&mut ids);
        ids.dedup();
        ids
    }
}

struct Builder<'s> {
    synonyms: &'s Synonyms,
    against_postings: Vec<Vec<u32>>,
    ids: BTreeMap<String, u32>,
    surfaces: BTreeMap<String, u32>,
    service_postings: Vec<Vec<(u32, f32)>>,
    value_postings: Vec<Vec<(u32, u32, f32)>>,
}

impl Builder<'_> {
    /// The id of `stem`, new if it was not seen before; records `surface` as a spelling of it. Looks up before
    /// inserting, so a word seen before costs no allocation.
    fn token(&mut self, surface: &str, stem: &str) -> u32 {
        let stem = self.synonyms.canonical(stem);
        let id = match self.ids.get(stem) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                self.ids.insert(stem.to_string(), id);
                self.service_postings.push(Vec::new());
                self.value_postings.push(Vec::new());
                self.against_postings.push(Vec::new());
                id
            }
        };
        if !self.surfaces.contains_key(surface) {
            self.surfaces.insert(surface.to_string(), id);
        }
        id
    }

    /// Renumbers tokens in stem order (so lookups can binary-search) and computes idf.
    fn finish(self, services: usize, listed: &[&[Bitset]]) -> TextIndex {
        // In stem order: the map iterates by key.
        let order: Vec<(String, u32)> = self.ids.into_iter().collect();
        let mut new_id = vec![0u32; order.len()];
        for (position, (_, old)) in order.iter().enumerate() {
            if let Some(slot) = new_id.get_mut(*old as usize) {
                *slot = u32::try_from(position).unwrap_or(u32::MAX);
            }
        }
        let mut service_postings = vec![Vec::new(); order.len()];
        let mut value_postings = vec![Vec::new(); order.len()];
        let mut against_postings = vec![Vec::new(); order.len()];
        for (old, ((sp, vp), ap)) in self
            .service_postings
            .into_iter()
            .zip(self.value_postings)
            .zip(self.against_postings)
            .enumerate()
        {
            if let Some(&new) = new_id.get(old) {
                if let Some(slot) = service_postings.get_mut(new as usize) {
                    *slot = sp;
                }
                if let Some(slot) = value_postings.get_mut(new as usize) {
                    *slot = vp;
                }
                if let Some(slot) = against_postings.get_mut(new as usize) {
                    *slot = ap;
                }
            }
        }
        // In word order: the map iterates by key, and each word has one entry.
        let surfaces: Vec<(String, u32)> = self
            .surfaces
            .into_iter()
            .map(|(w, old)| (w, new_id.get(old as usize).copied().unwrap_or(0)))
            .collect();

        // Document frequency by marking each service once per token.
        let mut mark = vec![u32::MAX; services];
        let mut idf = Vec::with_capacity(order.len());
        for (token, (sp, vp)) in service_postings.iter().zip(&value_postings).enumerate() {
            let token = u32::try_from(token).unwrap_or(u32::MAX);
            let mut df = 0usize;
            let mut visit = |s: usize| {
                if let Some(m) = mark.get_mut(s) {
                    if *m != token {
                        *m = token;
                        df += 1;
                    }
                }
            };
            for &(s, _) in sp {
                visit(s as usize);
            }
            for &(f, v, _) in vp {
                if let Some(set) = listed
                    .get(f as usize)
                    .and_then(|values| values.get(v as usize))
                {
                    set.iter().for_each(&mut visit);
                }
            }
            // A word no service uses for itself (only in pointers elsewhere) is as telling as the rarest.
            idf.push((1.0 + services as f32 / df.max(1) as f32).ln());
        }
        TextIndex {
            stems: order.into_iter().map(|(stem, _)| stem).collect(),
            surfaces,
            service_postings,
            value_postings,
            against_postings,
            idf,
            services,
        }
    }
}
