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

/// The files of `search/` for `site`; none when `[search] enabled = false`.
/// A lean build's page texts come from `kept`, filled by the render jobs (`page_bodies`).
pub(crate) fn files(
    site: &Site,
    bodies: &crate::bodies::Bodies,
    kept: Option<&[std::sync::Mutex<Option<String>>]>,
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
    let synonyms = Synonyms::new(
        catalog
            .map(|c| c.schema.vocabulary.synonyms.as_slice())
            .unwrap_or(&[]),
    );
    let (sections, needs, stream) = documents::stream(site, bodies, kept, catalog);
    let (postings, docs) = postings::build(stream, &synonyms);
    let documents = documents::Documents {
        docs,
        sections,
        needs,
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

/// The catalog section's URL: the page whose explorer service results open.
fn explorer_page(site: &Site) -> Option<String> {
    let rel = format!("{}_index.md", crate::catalog_site::SERVICES_DIR);
    site.sections
        .iter()
        .find(|s| s.rel == rel)
        .map(|s| format!("{}{}", crate::base_path::of(&site.config.base_url), s.path))
}
