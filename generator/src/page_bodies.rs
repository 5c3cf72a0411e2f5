//! Where the render stage gets a page's body: held from the bodies stage, or, in a lean build, made again from
//! the page's file in its render job, so the HTML of every page is never held at once.

use crate::bodies::{Bodies, Body, Resolver};
use crate::diagnostic::Diagnostic;
use crate::image_processing::Processor;
use crate::markdown::MdOptions;
use crate::parse::Hold;
use crate::shortcodes::Shortcodes;
use crate::site::Site;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Markdown bytes up to which a build holds every page's HTML between stages (the fastest way). A larger
/// site builds lean: each page's file is read and its Markdown rendered again in its render job. On the bench
/// corpus at 10,000 pages that is about a quarter more CPU for less than half the memory (96 against 221 MiB
/// peak); at 100,000 pages, where the HTML alone is about a gigabyte, it is what keeps the build under 1 GiB.
pub const HOLD_HTML_UP_TO: u64 = 256 << 20;

/// How a build holds pages' HTML between stages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HoldHtml {
    /// Held up to `HOLD_HTML_UP_TO` bytes of Markdown, lean beyond.
    #[default]
    Auto,
    /// Always held (the dev server keeps every draft for its next rebuild).
    Always,
    /// Always lean.
    Never,
}

impl HoldHtml {
    /// The parse stage's choice; the site's Markdown is measured (`markdown_bytes`) only when it decides.
    pub(crate) fn for_size(self, markdown_bytes: impl FnOnce() -> u64) -> Hold {
        match self {
            HoldHtml::Always => Hold::Html,
            HoldHtml::Never => Hold::Lean,
            HoldHtml::Auto if markdown_bytes() <= HOLD_HTML_UP_TO => Hold::Html,
            HoldHtml::Auto => Hold::Lean,
        }
    }
}

/// Makes a lean page's body again: its file read through `load`, parsed, and resolved against the graph by
/// the same resolver (and shortcode templates) the bodies stage uses.
pub(crate) struct Remake<'a> {
    resolver: Resolver<'a>,
    content_dir: PathBuf,
    md: MdOptions,
    drafts: bool,
}

impl<'a> Remake<'a> {
    /// For the site at `root` and the URLs it writes, with the shortcodes (and their Tera) the bodies stage
    /// used.
    pub(crate) fn new(
        (site, urls, root): (&'a Site, &'a HashSet<String>, &Path),
        static_dir: &'a Path,
        images: &'a Processor,
        shortcodes: &'a Shortcodes<'a>,
        drafts: bool,
    ) -> Self {
        Remake {
            resolver: Resolver::new(site, urls, Some(static_dir), Some(images), shortcodes),
            content_dir: crate::load::content_dir(root),
            md: MdOptions::from_config(&site.config),
            drafts,
        }
    }

    /// Page `i`'s body from its file, whose text must still hash to `hash` (the text the graph was built from).
    fn page(&self, i: usize, hash: u64) -> Result<(Body, Vec<Diagnostic>), Vec<Diagnostic>> {
        let p = &self.resolver.site().pages[i];
        let found = crate::load::Found {
            path: self.content_dir.join(&*p.rel),
            shown: p.shown.to_path_buf(),
            rel: p.rel.to_string(),
        };
        let raw = crate::load::read(&found).map_err(|d| vec![d])?;
        // The parse hashes the text: the same text parsed before, so a parse that fails means it changed too.
        match crate::parse::parse_file(raw, self.md, self.drafts, Hold::Html) {
            Ok(parsed) if parsed.hash == hash => {
                Ok(self
                    .resolver
                    .page(i, &parsed.rendered, &parsed.draft, &parsed.lines))
            }
            _ => Err(vec![Diagnostic::new(
                &*p.shown,
                "the file changed while the site was being built",
            )
            .with_help("build again")]),
        }
    }
}

/// The bodies render reads, with what makes a lean page's body again. A lean page is read into the search
/// index as its body is made, so no body is kept for the index built after rendering.
#[derive(Clone, Copy)]
pub(crate) struct PageBodies<'a> {
    pub held: &'a Bodies,
    pub remake: Option<&'a Remake<'a>>,
    /// The search index lean pages are read into as their bodies are made, when the site has one.
    pub search: Option<&'a crate::search::LiveIndex<'a>>,
}

impl<'a> PageBodies<'a> {
    /// Bodies that are all held (a build that is not lean, the dev server).
    pub(crate) fn held(held: &'a Bodies) -> Self {
        PageBodies {
            held,
            remake: None,
            search: None,
        }
    }

    /// Page `i`'s body, and the problems found making it (only a lean page's body is made here).
    pub(crate) fn page(&self, i: usize) -> (Arc<Body>, Vec<Diagnostic>) {
        let Some(held) = self.held.pages.get(i) else {
            return (Arc::default(), Vec::new());
        };
        let (Some(hash), Some(remake)) = (held.made_again_from, self.remake) else {
            return (held.clone(), Vec::new());
        };
        match remake.page(i, hash) {
            Ok((body, problems)) => {
                if let Some(index) = self.search {
                    index.add_page(i, &body.html);
                }
                (Arc::new(body), problems)
            }
            Err(problems) => (held.clone(), problems),
        }
    }
}
