//! Term -> postings: every document a stemmed word occurs in, weighted by where it occurs.

use super::documents::Document;
use rayon::prelude::*;
use shoreline_catalog::{for_each_word, Synonyms};
use std::collections::BTreeMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The index counts millions of short words: a multiply-rotate hash (FxHash's) instead of SipHash, whose
/// protection against crafted keys buys nothing for a site's own text.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// A word in the title counts for this much, once.
pub(crate) const TITLE_WEIGHT: u8 = 8;
/// A word in a heading counts for this much, once.
pub(crate) const HEADING_WEIGHT: u8 = 3;
/// Each occurrence in the body counts one, up to this many: a long page does not win by repetition.
pub(crate) const BODY_CAP: u8 = 4;
/// Only the best-weighted documents of a term are kept. A search box shows a handful of results, and the
/// words every page uses would otherwise make their shard as large as the site.
pub(crate) const MAX_POSTINGS: usize = 100;

/// One document's weight for one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Posting {
    pub doc: u32,
    pub weight: u8,
}

/// Stem (synonyms applied) -> postings sorted by document id.
pub(crate) type Postings = BTreeMap<String, Vec<Posting>>;

/// One run of documents read: its postings, and its documents as results show them.
type Run = (HashMap<String, Vec<Posting>>, Vec<Document>);

/// The postings of every term of every document, read as the documents come; each document is handed back,
/// in order, without its body and headings, which only the postings read.
pub(crate) fn build(
    docs: impl IndexedParallelIterator<Item = Document>,
    synonyms: &Synonyms,
) -> (Postings, Vec<Document>) {
    // Each thread gathers postings for its run of documents; runs are joined left to right, so every list
    // stays in document order without a sort.
    let (merged, kept) = docs
        .enumerate()
        .fold(Run::default, |(mut acc, mut kept): Run, (id, mut doc)| {
            for (term, weight) in weights(&doc, synonyms) {
                let posting = Posting {
                    doc: id as u32,
                    weight,
                };
                match acc.get_mut(&term) {
                    Some(list) => push_trimmed(list, posting),
                    None => {
                        acc.insert(term, vec![posting]);
                    }
                }
            }
            doc.body = String::new();
            doc.headings = String::new();
            kept.push(doc);
            (acc, kept)
        })
        .reduce(Run::default, |(mut left, mut kept), (right, more)| {
            for (term, list) in right {
                let into = left.entry(term).or_default();
                into.extend(list);
                if into.len() >= TRIM_AT {
                    keep_best(into);
                }
            }
            kept.extend(more);
            (left, kept)
        });
    let mut lists: Vec<(String, Vec<Posting>)> = merged
        .into_par_iter()
        .map(|(term, mut list)| {
            keep_best(&mut list);
            (term, list)
        })
        .collect();
    lists.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    (lists.into_iter().collect(), kept)
}

/// Postings gathered as documents arrive in any order and from any thread (a lean build's render jobs each
/// add the page they made), split by the term's hash so threads rarely wait on one another.
pub(crate) struct Gathering {
    shards: Vec<std::sync::Mutex<HashMap<String, Vec<Posting>>>>,
}

/// How many parts `Gathering` splits its terms into.
const SHARDS: usize = 64;

impl Gathering {
    pub(crate) fn new() -> Self {
        Gathering {
            shards: (0..SHARDS).map(|_| Default::default()).collect(),
        }
    }

    /// Adds document `id`'s terms; returns it without its body and headings, which only the postings read.
    pub(crate) fn add(&self, id: u32, mut doc: Document, synonyms: &Synonyms) -> Document {
        let mut by_shard: Vec<Vec<(String, u8)>> = vec![Vec::new(); SHARDS];
        for (term, weight) in weights(&doc, synonyms) {
            let mut h = WordHasher::default();
            h.write(term.as_bytes());
            by_shard[h.finish() as usize % SHARDS].push((term, weight));
        }
        for (shard, terms) in self.shards.iter().zip(by_shard) {
            if terms.is_empty() {
                continue;
            }
            let mut shard = shard.lock().unwrap_or_else(|e| e.into_inner());
            for (term, weight) in terms {
                push_trimmed(shard.entry(term).or_default(), Posting { doc: id, weight });
            }
        }
        doc.body = String::new();
        doc.headings = String::new();
        doc
    }

    /// Every term's postings, the heaviest kept, by document id: what `build` gives for the same documents.
    pub(crate) fn finish(self) -> Postings {
        let mut lists: Vec<(String, Vec<Posting>)> = self
            .shards
            .into_par_iter()
            .flat_map_iter(|shard| shard.into_inner().unwrap_or_else(|e| e.into_inner()))
            .map(|(term, mut list)| {
                keep_best(&mut list);
                (term, list)
            })
            .collect();
        lists.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        lists.into_iter().collect()
    }
}

/// The weight of each term of one document: title, then headings, then body occurrences; synonyms are
/// applied once per distinct word, not once per occurrence.
fn weights(doc: &Document, synonyms: &Synonyms) -> HashMap<String, u8> {
    let mut out: HashMap<String, u8> = HashMap::default();
    for (text, weight) in [(&doc.title, TITLE_WEIGHT), (&doc.headings, HEADING_WEIGHT)] {
        let mut field: HashMap<String, u8> = HashMap::default();
        for_each_word(text, &mut |_, stem| {
            field.insert(stem.to_string(), weight);
        });
        merge(&mut out, field, synonyms);
    }
    let mut body: HashMap<String, u8> = HashMap::default();
    for_each_word(&doc.body, &mut |_, stem| {
        // Most body words repeat: look up before allocating the key.
        match body.get_mut(stem) {
            Some(n) => *n = (*n + 1).min(BODY_CAP),
            None => {
                body.insert(stem.to_string(), 1);
            }
        }
    });
    merge(&mut out, body, synonyms);
    out
}

/// Adds one field's weights, each stem under its synonym group's first word (a group's words within one
/// field count once, as one word would).
fn merge(into: &mut HashMap<String, u8>, mut field: HashMap<String, u8>, synonyms: &Synonyms) {
    let mut renamed: Vec<(String, u8)> = Vec::new();
    field.retain(|stem, w| {
        let term = synonyms.canonical(stem);
        if term != stem {
            renamed.push((term.to_string(), *w));
        }
        term == stem
    });
    for (term, w) in renamed {
        let e = field.entry(term).or_default();
        *e = (*e).max(w);
    }
    for (term, w) in field {
        let e = into.entry(term).or_default();
        *e = e.saturating_add(w);
    }
}

/// A list this long is trimmed to its `MAX_POSTINGS` heaviest as it grows. A posting dropped then has that many
/// better ones already, and keeps them whatever comes later, so the end result is the same; the words every
/// page uses no longer hold a posting per page until the end.
const TRIM_AT: usize = 2 * MAX_POSTINGS;

fn push_trimmed(list: &mut Vec<Posting>, posting: Posting) {
    list.push(posting);
    if list.len() >= TRIM_AT {
        keep_best(list);
    }
}

/// Keeps the `MAX_POSTINGS` heaviest postings (lower ids win ties, so builds are reproducible), by id.
fn keep_best(list: &mut Vec<Posting>) {
    if !list.windows(2).all(|w| w[0].doc < w[1].doc) {
        list.sort_unstable_by_key(|p| p.doc);
    }
    if list.len() > MAX_POSTINGS {
        // Linear selection, not a sort: the commonest words have a posting on every page.
        list.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| {
            b.weight.cmp(&a.weight).then(a.doc.cmp(&b.doc))
        });
        list.truncate(MAX_POSTINGS);
        list.sort_by_key(|p| p.doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, headings: &str, body: &str) -> Document {
        Document {
            title: title.into(),
            headings: headings.into(),
            body: body.into(),
            ..Document::default()
        }
    }

    fn index(docs: Vec<Document>, synonyms: &Synonyms) -> Postings {
        build(docs.into_par_iter(), synonyms).0
    }

    #[test]
    fn documents_come_back_in_order_without_the_text_only_postings_read() {
        let docs: Vec<Document> = (0..50)
            .map(|i| doc(&format!("Page {i}"), "Heading", "body words"))
            .collect();
        let (_, kept) = build(docs.into_par_iter(), &Synonyms::default());
        let titles: Vec<String> = kept.iter().map(|d| d.title.clone()).collect();
        let expected: Vec<String> = (0..50).map(|i| format!("Page {i}")).collect();
        assert_eq!(titles, expected);
        assert!(kept
            .iter()
            .all(|d| d.body.is_empty() && d.headings.is_empty()));
    }

    #[test]
    fn title_outweighs_headings_outweigh_body() {
        let docs = vec![
            doc("Payroll outsourcing", "", ""),
            doc("Other", "Running payroll", ""),
            doc(
                "Other",
                "",
                "payroll payroll payroll payroll payroll payroll",
            ),
        ];
        let p = index(docs, &Synonyms::default());
        let w: Vec<u8> = p["payroll"].iter().map(|p| p.weight).collect();
        assert_eq!(w, [TITLE_WEIGHT, HEADING_WEIGHT, BODY_CAP]);
        // Stemmed and stop words dropped: "Running" is "run", "the" is not indexed.
        assert!(p.contains_key("run") && !p.contains_key("the"));
    }

    #[test]
    fn synonyms_are_indexed_under_the_first_word_of_their_group() {
        let s = Synonyms::new(&[vec!["doctor".into(), "physician".into()]]);
        let p = index(vec![doc("Physicians", "", "")], &s);
        assert!(p.contains_key("doctor") && !p.contains_key("physician"));
    }

    /// Every posting of every document, trimmed once at the end: what trimming as lists grow must equal.
    fn trimmed_once(docs: &[Document], synonyms: &Synonyms) -> Postings {
        let mut all: Postings = BTreeMap::new();
        for (id, d) in docs.iter().enumerate() {
            for (term, weight) in weights(d, synonyms) {
                all.entry(term).or_default().push(Posting {
                    doc: id as u32,
                    weight,
                });
            }
        }
        all.values_mut().for_each(keep_best);
        all
    }

    #[test]
    fn lists_trimmed_as_they_grow_in_any_order_equal_lists_trimmed_once() {
        // Weights vary (title, headings, 1-4 body words), so which postings are kept depends on all of them.
        let docs: Vec<Document> = (0..3 * TRIM_AT + 17)
            .map(|i| {
                let title = if i % 11 == 0 { "Payroll" } else { "Page" };
                let headings = if i % 3 == 0 { "Payroll runs" } else { "" };
                doc(title, headings, &"payroll word ".repeat(i % 5))
            })
            .collect();
        let synonyms = Synonyms::default();
        let expected = trimmed_once(&docs, &synonyms);
        assert_eq!(expected["payroll"].len(), MAX_POSTINGS);
        assert_eq!(index(docs.clone(), &synonyms), expected);
        let gathering = Gathering::new();
        docs.par_iter()
            .enumerate()
            .rev()
            .for_each(|(i, d)| drop(gathering.add(i as u32, d.clone(), &synonyms)));
        assert_eq!(gathering.finish(), expected);
    }

    #[test]
    fn common_words_keep_only_their_heaviest_documents() {
        let mut docs: Vec<Document> = (0..MAX_POSTINGS + 20)
            .map(|_| doc("x", "", "service"))
            .collect();
        docs.push(doc("Service", "", ""));
        let p = index(docs, &Synonyms::default());
        let list = &p["servic"];
        assert_eq!(list.len(), MAX_POSTINGS);
        assert!(list.windows(2).all(|w| w[0].doc < w[1].doc), "sorted by id");
        assert_eq!(list.last().map(|p| p.weight), Some(TITLE_WEIGHT));
    }
}
