//! The dev server's rebuild after content edits: a new graph from the parse cache (only the edited files are
//! parsed again), each body kept when nothing it was made from changed, the edited pages rendered and
//! written first, then the rest of the site, writing only the files whose bytes changed.

use super::parse_cache::{Changes, NeedsFullBuild, ParseCache};
use super::{write_files, Session, Shared};
use crate::bodies::{Body, Resolver};
use crate::diagnostic::Diagnostic;
use crate::pipeline::{assemble_from, First, Kept};
use crate::render::OutputFile;
use crate::site::Node;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A full build that also fills the parse cache (left empty when some file did not parse: the next edit then
/// runs the full pipeline again).
pub(super) fn full(
    opts: &crate::pipeline::BuildOptions,
) -> Result<(crate::pipeline::Built, Option<ParseCache>), Vec<Diagnostic>> {
    let config = crate::pipeline::load_config(&opts.root, opts.base_url.as_deref())?;
    let Ok(content) = crate::pipeline::load_content(opts, &config) else {
        // Unreadable content: the plain build reports it with every other problem it finds.
        return crate::pipeline::assemble(opts).map(|b| (b, None));
    };
    let md = crate::markdown::MdOptions::from_config(&config);
    let kept = content.errors.is_empty().then(|| content.clone());
    let built = assemble_from(opts, config, content, None, None)?;
    let cache = kept.map(|c| ParseCache::fill(c, md, opts.drafts));
    Ok((built, cache))
}

/// Rebuilds after a batch of paths under `content/`; `None` when the batch needs the full pipeline.
pub(super) fn content_edit(
    s: &mut Session,
    content_dir: &Path,
    batch: &[PathBuf],
    shared: &Arc<Mutex<Shared>>,
) -> Option<Result<(&'static str, usize), Vec<Diagnostic>>> {
    let cache = s.cache.as_mut()?;
    let changes = match cache.update(&s.opts.root, content_dir, batch) {
        Ok(c) => c,
        Err(NeedsFullBuild) => {
            // The cache may hold part of the batch: the full build fills it again.
            s.cache = None;
            return None;
        }
    };
    let nothing = changes.changed.is_empty() && changes.removed.is_empty() && !changes.catalog;
    if nothing && !s.broken {
        return Some(Ok(("unchanged", 0)));
    }
    // A body edit of existing pages re-renders less still (the page, its lists, feeds, search index).
    if changes.removed.is_empty() && !changes.catalog && !s.broken {
        match super::fast_pages(s, content_dir, batch) {
            Ok(Some(n)) => return Some(Ok(("page", n))),
            Ok(None) => {}
            Err(d) => return Some(Err(d)),
        }
    }
    let content = s.cache.as_mut()?.content();
    crate::pipeline::trace("parse cache read", s.batch_started);
    let gone = gone_pages(&s.built.site, &changes.removed);
    Some(rebuild(s, content, &changes, &gone, shared).map(|n| ("content", n)))
}

/// The output files of the pages and sections whose Markdown was removed, as the last build wrote them.
fn gone_pages(site: &crate::site::Site, removed: &BTreeSet<String>) -> Vec<String> {
    removed
        .iter()
        .filter_map(|rel| site.url_of_rel(rel))
        .map(|path| format!("{}index.html", path.trim_start_matches('/')))
        .collect()
}

/// The new site from the cache: the changed pages on disk first and the `gone` ones off it (once the new
/// site is known to build); then every file, stale ones removed.
fn rebuild(
    s: &mut Session,
    content: crate::pipeline::Content,
    changes: &Changes,
    gone: &[String],
    shared: &Arc<Mutex<Shared>>,
) -> Result<usize, Vec<Diagnostic>> {
    let prev = &s.built;
    let mut rels: Vec<String> = changes.changed.iter().cloned().collect();
    if changes.catalog {
        // The services section and its pages show the catalog: they go to disk first.
        rels.extend(
            s.cache
                .as_ref()
                .map(|c| c.catalog_pages())
                .unwrap_or_default(),
        );
        rels.sort();
        rels.dedup();
    }
    // After a failed rebuild the last good graph is older than this batch: every file may differ from it.
    let since_last = (!s.broken).then_some(changes);
    let moves = OnceLock::new();
    let prev_urls = &prev.urls;
    let reuse = |r: &Resolver, i: usize| {
        let moves = moves.get_or_init(|| Moves::between(r, prev, prev_urls, since_last));
        reusable(r, i, prev, moves)
    };
    let kept = Kept {
        templates: (
            prev.templates.clone(),
            prev.statics.clone(),
            prev.tera.clone(),
        ),
        site_static: prev.site_static.clone(),
        reuse: &reuse,
        previous: prev,
    };
    let (output, written) = (&s.output, &mut s.written);
    let started = s.batch_started;
    let mut first_written = 0;
    let mut served = Vec::new();
    let mut write_first = |files: &[OutputFile]| {
        for path in gone {
            // Only what this session wrote is removed; a page the new site writes again comes back below.
            if written.remove(path).is_some() {
                let _ = std::fs::remove_file(output.join(path));
                first_written += 1;
            }
        }
        if let Ok(n) = write_files(output, written, files, false) {
            first_written += n;
            served = files
                .iter()
                .filter_map(|f| url_of_output(f.path()))
                .collect();
            crate::pipeline::trace("edited page on disk", started);
            if !served.is_empty() {
                let mut sh = shared.lock().unwrap_or_else(|e| e.into_inner());
                sh.broadcast("page", &served.join("\n"));
            }
        }
    };
    let first = First {
        rels: &rels,
        write: &mut write_first,
    };
    let config = prev.site.config.clone();
    let mut built = assemble_from(&s.opts, config, content, Some(kept), Some(first))?;
    s.served_early = served;
    eprint!("{}", crate::diagnostic::report_warnings(&built.warnings));
    let files = std::mem::take(&mut built.files);
    s.built = built;
    let n = super::write_all(s, &files).map_err(|d| vec![d])?;
    Ok(first_written + n)
}

/// The URL path a written page answers at (`bpo/x/index.html` -> `/bpo/x/`), for the browser to compare with
/// its own location.
fn url_of_output(path: &str) -> Option<String> {
    let dir = path.strip_suffix("index.html")?;
    Some(format!("/{dir}"))
}

/// What moved between the last good graph and the new one: the content files whose URL or heading ids
/// differ (or that left it) and the URLs the last build wrote that the new one does not.
/// Links elsewhere resolve as they did: the last build passed, so each of its links resolved then.
struct Moves {
    targets: HashSet<String>,
    urls_gone: HashSet<String>,
    /// Each page's index in the last graph, by its index now (`None` for a page new to it).
    old_of: Vec<Option<usize>>,
}

impl Moves {
    /// `since_last`: the batch, when the last graph is the one just before it (only its files can have
    /// moved); `None` compares every file.
    fn between(
        r: &Resolver,
        prev: &crate::pipeline::Built,
        prev_urls: &HashSet<String>,
        since_last: Option<&Changes>,
    ) -> Moves {
        let (new, old) = (r.site(), &prev.site);
        let targets = match since_last {
            Some(c) => c
                .changed
                .iter()
                .chain(&c.removed)
                .filter(|rel| has_moved(new, old, rel))
                .cloned()
                .collect(),
            None => old
                .by_rel
                .keys()
                .chain(new.by_rel.keys())
                .filter(|rel| has_moved(new, old, rel))
                .map(|rel| rel.to_string())
                .collect(),
        };
        let urls_gone = prev_urls
            .iter()
            .filter(|u| !r.urls().contains(*u))
            .cloned()
            .collect();
        let files = new.pages.iter().map(|p| (&p.meta, &*p.rel));
        let old_of = crate::site::old_pages(old, files).unwrap_or_else(|| {
            let old_page = |p: &crate::site::Page| match old.by_rel.get(&*p.rel) {
                Some(Node::Page(i)) => Some(*i),
                _ => None,
            };
            new.pages.iter().map(old_page).collect()
        });
        Moves {
            targets,
            urls_gone,
            old_of,
        }
    }

    /// Whether the URL path a link points at (with or without its closing slash) is one the new site does
    /// not write. Asked for every link of every page: no path is copied to ask it.
    fn is_gone(&self, path: &str) -> bool {
        match path.strip_suffix('/') {
            Some(_) => self.urls_gone.contains(path),
            None if self.urls_gone.len() <= 8 => self
                .urls_gone
                .iter()
                .any(|u| u.strip_suffix('/') == Some(path)),
            None => self.urls_gone.contains(&*crate::links::with_slash(path)),
        }
    }

    fn none(&self) -> bool {
        self.targets.is_empty() && self.urls_gone.is_empty()
    }
}

/// Whether the content file `rel` left the graph or has another URL or other heading ids. A file new to
/// the graph has not moved: no link of the last build pointed at it, or that build would have failed.
fn has_moved(new: &crate::site::Site, old: &crate::site::Site, rel: &str) -> bool {
    let Some(before) = old.by_rel.get(rel) else {
        return false;
    };
    let Some(now) = new.by_rel.get(rel) else {
        return true;
    };
    let (path, rendered) = target_of(new, *now);
    let (old_path, old_rendered) = target_of(old, *before);
    let same_anchors =
        Arc::ptr_eq(rendered, old_rendered) || rendered.anchors == old_rendered.anchors;
    path != old_path || !same_anchors
}

/// The body page `i` of the new graph keeps from the last build: its parse result is the very one the last
/// build used, it calls no shortcode and shows no image (their output depends on the graph and on files),
/// and none of its internal links points at something that moved.
fn reusable(
    r: &Resolver,
    i: usize,
    prev: &crate::pipeline::Built,
    moves: &Moves,
) -> Option<Arc<Body>> {
    let site = r.site();
    let p = &site.pages[i];
    if !p.rendered.shortcodes.is_empty() || !p.rendered.images.is_empty() {
        return None;
    }
    let old = moves.old_of.get(i).copied().flatten()?;
    if !Arc::ptr_eq(&prev.site.pages[old].rendered, &p.rendered) {
        return None;
    }
    let unchanged = moves.none()
        || p.rendered.links.iter().all(|l| match &l.url_path {
            Some(path) => !moves.is_gone(path),
            // A link to a heading of the page itself: the page's parse (so its headings) is the same.
            None if l.target.is_empty() => true,
            None => !moves.targets.contains(&l.target),
        });
    unchanged
        .then(|| prev.bodies.pages.get(old).cloned())
        .flatten()
}

/// The URL of a page or section and what its Markdown rendered (its heading ids).
fn target_of(site: &crate::site::Site, node: Node) -> (&str, &Arc<crate::markdown::Rendered>) {
    match node {
        Node::Page(i) => (&site.pages[i].path, &site.pages[i].rendered),
        Node::Section(i) => (&site.sections[i].path, &site.sections[i].rendered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_pages_map_to_their_urls() {
        assert_eq!(
            url_of_output("bpo/x/index.html").as_deref(),
            Some("/bpo/x/")
        );
        assert_eq!(url_of_output("index.html").as_deref(), Some("/"));
        assert_eq!(url_of_output("sitemap.xml"), None);
    }
}
