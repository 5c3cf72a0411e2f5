//! Splits the terms into shards keyed by a short prefix, deepening the prefix only where a shard grows too
//! large, so a query word loads one small file whatever the site's size.

use super::postings::{Posting, Postings};

/// A shard whose encoded terms pass this many bytes is split by one more letter of prefix (about 4 to 6 KB
/// once compressed by the host).
pub(crate) const MAX_SHARD_BYTES: usize = 14_000;
/// Prefixes never grow past this many letters: one term's postings alone then fill the shard.
pub(crate) const MAX_PREFIX: usize = 4;

/// Terms sharing a key, as encoded JSON members (`"term":[gap,weight,...]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shard {
    pub key: String,
    pub members: Vec<String>,
}

impl Shard {
    /// The shard as one JSON object.
    pub(crate) fn json(&self) -> String {
        format!("{{{}}}", self.members.join(","))
    }
}

/// Every term in exactly one shard; keys sorted. A word belongs to the shard with the longest key it starts
/// with (`shard_for`).
pub(crate) fn split(postings: &Postings) -> Vec<Shard> {
    let encoded: Vec<(&str, String)> = postings
        .iter()
        .map(|(term, list)| (term.as_str(), member(term, list)))
        .collect();
    let mut shards = Vec::new();
    split_into(&encoded, "", &mut shards);
    shards.sort_by(|a, b| a.key.cmp(&b.key));
    shards
}

/// The index of the shard a word is looked up in: the longest key it starts with. The client script does
/// this lookup; this copy checks the keys against it in the tests.
#[cfg(test)]
fn shard_for(keys: &[String], word: &str) -> Option<usize> {
    keys.iter()
        .enumerate()
        .filter(|(_, k)| !k.is_empty() && word.starts_with(k.as_str()))
        .max_by_key(|(_, k)| k.len())
        .map(|(i, _)| i)
}

fn split_into(terms: &[(&str, String)], prefix: &str, out: &mut Vec<Shard>) {
    let size: usize = terms.iter().map(|(_, m)| m.len() + 1).sum();
    let depth = prefix.chars().count();
    if !prefix.is_empty() && (size <= MAX_SHARD_BYTES || depth >= MAX_PREFIX) {
        out.push(Shard {
            key: prefix.to_string(),
            members: terms.iter().map(|(_, m)| m.clone()).collect(),
        });
        return;
    }
    // Terms are sorted: the one equal to the prefix (if any) comes first and keeps the prefix as its own
    // key; the rest fall into runs that share one more letter.
    let mut rest = terms;
    if let Some(((term, m), tail)) = rest.split_first() {
        if *term == prefix {
            out.push(Shard {
                key: prefix.to_string(),
                members: vec![m.clone()],
            });
            rest = tail;
        }
    }
    let mut start = 0;
    while let Some((term, _)) = rest.get(start) {
        let key: String = term.chars().take(depth + 1).collect();
        let run = rest[start..]
            .iter()
            .take_while(|(t, _)| t.starts_with(key.as_str()))
            .count();
        split_into(&rest[start..start + run], &key, out);
        start += run.max(1);
    }
}

/// `"term":[first id, weight, gap to the next id, weight, ...]`: gaps keep the numbers short.
fn member(term: &str, list: &[Posting]) -> String {
    let mut out = serde_json::to_string(term).unwrap_or_else(|_| "\"\"".into());
    out.push_str(":[");
    let mut last = 0u32;
    for (i, p) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("{},{}", p.doc - last, p.weight));
        last = p.doc;
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn postings(terms: &[(&str, usize)]) -> Postings {
        let mut p = BTreeMap::new();
        for (t, n) in terms {
            let list = (0..*n as u32)
                .map(|doc| Posting { doc, weight: 1 })
                .collect();
            p.insert(t.to_string(), list);
        }
        p
    }

    #[test]
    fn small_sites_get_one_letter_shards() {
        let shards = split(&postings(&[("payroll", 2), ("pay", 1), ("call", 3)]));
        let keys: Vec<&str> = shards.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["c", "p"]);
        assert_eq!(shards[1].json(), r#"{"pay":[0,1],"payroll":[0,1,1,1]}"#);
    }

    #[test]
    fn large_shards_split_by_longer_prefixes_and_every_term_has_one_home() {
        let many: Vec<(String, usize)> = (0..400).map(|i| (format!("pa{i:03}x"), 40)).collect();
        let mut terms: Vec<(&str, usize)> = many.iter().map(|(t, n)| (t.as_str(), *n)).collect();
        terms.extend([("p", 1), ("pa", 1), ("call", 1)]);
        let p = postings(&terms);
        let shards = split(&p);
        let keys: Vec<String> = shards.iter().map(|s| s.key.clone()).collect();
        assert!(keys.iter().any(|k| k.len() >= 3), "{keys:?}");
        for s in &shards {
            assert!(
                s.json().len() <= MAX_SHARD_BYTES || s.key.len() >= MAX_PREFIX,
                "{}",
                s.key
            );
        }
        let total: usize = shards.iter().map(|s| s.members.len()).sum();
        assert_eq!(total, p.len(), "no term lost or doubled");
        // A word finds its terms in the shard with the longest key it starts with.
        for term in ["pa123x", "pa", "p", "call"] {
            let i = shard_for(&keys, term).unwrap();
            assert!(
                shards[i].json().contains(&format!("\"{term}\":")),
                "{term} in {}",
                keys[i]
            );
        }
        assert_eq!(shard_for(&keys, "zebra"), None);
    }
}
