//! Site search built at build time: a static index under `search/`, split so a query loads only the shards
//! its words need, read by a small client script (`generator/search/search.js`). No server.
//!
//! The flow: `documents` reads pages and sections as plain text; `postings` weighs each stemmed word (with the
//! catalog's tokenizer and synonyms, so index and query agree); `shards` splits the terms by prefix; `output`
//! writes the files.

pub(crate) mod documents;
pub(crate) mod output;
pub(crate) mod postings;
pub(crate) mod shards;

use crate::diagnostic::Diagnostic;
use crate::render::OutputFile;
use crate::site::Site;
use rayon::prelude::*;
use shoreline_catalog::{Catalog, Synonyms};

/// Why the index could not be written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SearchError {
    #[error("cannot encode the search index: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("the search index holds at most {max} pages and sections; this site has {found}")]
    TooLarge { max: usize, found: usize },
}

impl SearchError {
    /// The error as a diagnostic placed at the setting that turns search off.
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new("shoreline.toml", self.to_string()).with_help(
            "set `[search] enabled = false` in shoreline.toml to build without the index",
        )
    }
}

/// The files of `search/` for `site`; none when `[search] enabled = false`. A lean build's pages were read into
/// `live` by their render jobs; every other document is read here.
pub(crate) fn files(
    site: &Site,
    bodies: &crate::bodies::Bodies,
    live: Option<&LiveIndex>,
    catalog: Option<&Catalog>,
) -> Result<Vec<OutputFile>, SearchError> {
    if !site.config.search.enabled {
        return Ok(Vec::new());
    }
    let t0 = std::time::Instant::now();
    let found = site.pages.len() + site.sections.len();
    if found > u32::MAX as usize {
        return Err(SearchError::TooLarge {
            max: u32::MAX as usize,
            found,
        });
    }
    let synonyms = synonyms_of(catalog);
    let (postings, documents) = match live {
        Some(live) => live.finish(bodies),
        None => {
            let (sections, needs, stream) = documents::stream(site, bodies, catalog);
            let (postings, docs) = postings::build(stream, &synonyms);
            let documents = documents::Documents {
                docs,
                sections,
                needs,
            };
            (postings, documents)
        }
    };
    crate::pipeline::trace("search: documents and postings", t0);
    let shards = shards::split(&postings);
    crate::pipeline::trace("search: shards", t0);
    let explorer = catalog.and(explorer_page(site));
    output::files(
        &documents,
        &shards,
        &output::Extras {
            synonyms: synonyms.pairs(),
            explorer: explorer.as_deref(),
        },
    )
}

/// The catalog's synonyms, which index and query both apply.
fn synonyms_of(catalog: Option<&Catalog>) -> Synonyms {
    Synonyms::new(
        catalog
            .map(|c| c.schema.vocabulary.synonyms.as_slice())
            .unwrap_or(&[]),
    )
}

/// A lean build's index while it renders: each page's document is read as its render job makes its body
/// (`page_bodies`), so neither the bodies nor their texts are held for the index.
pub(crate) struct LiveIndex<'a> {
    site: &'a Site,
    reader: documents::Reader<'a>,
    synonyms: Synonyms,
    /// Read-locked by every page added (the gathering splits its own locks); taken once rendering is done.
    gathering: std::sync::RwLock<Option<postings::Gathering>>,
    /// Each page's document once read, without the text only the postings read.
    docs: Vec<std::sync::Mutex<Option<documents::Document>>>,
}

impl<'a> LiveIndex<'a> {
    /// `None` when the site has no search index.
    pub(crate) fn new(site: &'a Site, catalog: Option<&'a Catalog>) -> Option<Self> {
        site.config.search.enabled.then(|| LiveIndex {
            site,
            reader: documents::Reader::new(site, catalog),
            synonyms: synonyms_of(catalog),
            gathering: std::sync::RwLock::new(Some(postings::Gathering::new())),
            docs: site.pages.iter().map(|_| Default::default()).collect(),
        })
    }

    /// Reads page `i` from its body's HTML; a page read already (a feed makes a body again) is not read twice.
    pub(crate) fn add_page(&self, i: usize, html: &str) {
        let (Some(slot), Some(page)) = (self.docs.get(i), self.site.pages.get(i)) else {
            return;
        };
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() {
            return;
        }
        let doc = self.reader.page(page, html);
        let gathering = self.gathering.read().unwrap_or_else(|e| e.into_inner());
        if let Some(g) = gathering.as_ref() {
            *slot = Some(g.add(i as u32, doc, &self.synonyms));
        }
    }

    /// The postings and documents: the pages read so far, then the sections from their held bodies.
    fn finish(&self, bodies: &crate::bodies::Bodies) -> (postings::Postings, documents::Documents) {
        let gathering = self
            .gathering
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_else(postings::Gathering::new);
        let n = self.site.pages.len();
        let sections: Vec<documents::Document> = documents::sections_of(self.site, bodies)
            .map(|(i, s, html)| {
                let doc = self.reader.section(i, s, html);
                gathering.add((n + i) as u32, doc, &self.synonyms)
            })
            .collect();
        let docs = self
            .docs
            .iter()
            .map(|d| {
                d.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_default()
            })
            .chain(sections)
            .collect();
        let (section_titles, needs) = self.reader.tables();
        let documents = documents::Documents {
            docs,
            sections: section_titles,
            needs,
        };
        (gathering.finish(), documents)
    }
}

/// The catalog section's URL: the page whose explorer service results open.
fn explorer_page(site: &Site) -> Option<String> {
    let rel = format!("{}_index.md", crate::catalog_site::SERVICES_DIR);
    site.sections
        .iter()
        .find(|s| s.rel == rel)
        .map(|s| format!("{}{}", crate::base_path::of(&site.config.base_url), s.path))
}
