//! The files of `search/`: the client script, `meta.json`, term shards (`t/N.json`) and fragment shards
//! (`f/N.json`: what a result shows), as typed values serialised once.

use super::documents::{Document, Documents};
use super::shards::Shard;
use super::SearchError;
use crate::render::OutputFile;
use serde::Serialize;
use std::collections::BTreeMap;

/// The output folder of the index.
pub(crate) const FOLDER: &str = "search";
/// The client: a plain ES module with no dependencies, loaded by the search box.
pub(crate) const SCRIPT: &str = include_str!("../../search/search.js");
/// Bumped when the files' shape changes, so a cached script never reads a newer index wrongly.
pub(crate) const VERSION: u32 = 1;
/// Documents per fragment file: a result page needs a few of them, each small.
pub(crate) const FRAGMENT_DOCS: usize = 16;

/// `search/meta.json`: what the client reads before its first shard.
#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    documents: usize,
    /// Term shard keys; shard `i` is `t/i.json`.
    shards: Vec<&'a str>,
    /// Documents per `f/N.json`.
    fragment_docs: usize,
    sections: &'a [String],
    /// Stem -> the stem its synonym group is indexed under.
    synonyms: BTreeMap<&'a str, &'a str>,
    /// The catalog's needs, `[id, label]`; fragments point into this list.
    needs: Vec<[&'a str; 2]>,
    /// The page carrying the explorer, which reads `#explorer=needs:a,b` (absent without a catalog).
    #[serde(skip_serializing_if = "Option::is_none")]
    explorer: Option<&'a str>,
}

/// One result as shown: title, URL, section index, excerpt, need indexes (services only).
#[derive(Serialize)]
struct Fragment<'a>(&'a str, &'a str, usize, &'a str, &'a [usize]);

/// What the writer needs besides the documents.
pub(crate) struct Extras<'a> {
    pub synonyms: &'a [(String, String)],
    pub explorer: Option<&'a str>,
}

/// Every file of the index.
pub(crate) fn files(
    documents: &Documents,
    shards: &[Shard],
    extras: &Extras<'_>,
) -> Result<Vec<OutputFile>, SearchError> {
    let meta = Meta {
        version: VERSION,
        documents: documents.docs.len(),
        shards: shards.iter().map(|s| s.key.as_str()).collect(),
        fragment_docs: FRAGMENT_DOCS,
        sections: &documents.sections,
        synonyms: extras
            .synonyms
            .iter()
            .map(|(s, c)| (s.as_str(), c.as_str()))
            .collect(),
        needs: documents
            .needs
            .iter()
            .map(|(id, label)| [id.as_str(), label.as_str()])
            .collect(),
        explorer: extras.explorer,
    };
    let mut out = vec![
        bytes("search.js", SCRIPT.as_bytes().to_vec()),
        bytes("meta.json", serde_json::to_vec(&meta)?),
    ];
    for (i, shard) in shards.iter().enumerate() {
        out.push(bytes(&format!("t/{i}.json"), shard.json().into_bytes()));
    }
    for (i, chunk) in documents.docs.chunks(FRAGMENT_DOCS).enumerate() {
        out.push(bytes(&format!("f/{i}.json"), fragments(chunk)?));
    }
    Ok(out)
}

fn fragments(docs: &[Document]) -> Result<Vec<u8>, SearchError> {
    let list: Vec<Fragment<'_>> = docs
        .iter()
        .map(|d| Fragment(&d.title, &d.url, d.section, &d.excerpt, &d.needs))
        .collect();
    Ok(serde_json::to_vec(&list)?)
}

fn bytes(name: &str, bytes: Vec<u8>) -> OutputFile {
    OutputFile::Bytes {
        path: format!("{FOLDER}/{name}"),
        bytes,
    }
}
