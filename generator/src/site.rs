//! The site graph: sections, pages and taxonomies with their URLs assigned and every internal link resolved.

use crate::config::{is_safe_segment, Config};
use crate::diagnostic::Diagnostic;
use crate::front_matter::{Format, Meta, SortBy};
use crate::load::{Asset, RawFile};
use crate::markdown::{MdOptions, Rendered};
use crate::parse::ParsedFile;
use crate::source_lines::SourceLines;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A content page after parsing and rendering.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub rel: Arc<str>,
    pub shown: Arc<Path>,
    /// Shared with the parse result it came from (the dev server's cache hands it on without a copy).
    pub meta: Arc<Meta>,
    pub title: Arc<str>,
    pub slug: Arc<str>,
    /// URL path, `/bpo/what-is-bpo/`.
    pub path: Arc<str>,
    /// Index of the owning section in `Site::sections`.
    pub section: usize,
    /// What rendering its Markdown found: links, anchors, shortcode calls, images, the table of contents.
    /// Its HTML went to the graph's `Drafts`.
    pub rendered: Arc<Rendered>,
    /// The front matter text, kept for the catalog (service pages) and diagnostics.
    pub front_matter: Arc<str>,
    pub front_matter_offset: usize,
    pub format: Format,
    /// Previous and next page in the section's order.
    pub lower: Option<usize>,
    pub higher: Option<usize>,
}

/// A folder with an `_index.md` (or the content root).
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub rel: String,
    pub shown: PathBuf,
    pub meta: Meta,
    pub title: String,
    pub path: String,
    pub rendered: Arc<Rendered>,
    /// Page indexes in display order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
}

/// One term of a taxonomy, with its pages in date order.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub pages: Vec<usize>,
}

/// A taxonomy declared in the config and the terms pages use.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    pub name: String,
    pub path: String,
    pub terms: Vec<Term>,
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub assets: Vec<Asset>,
    /// Content path (`bpo/x.md`) -> page or section.
    pub by_rel: HashMap<Arc<str>, Node>,
    /// Alias URL path -> the URL path it redirects to.
    pub aliases: BTreeMap<String, String>,
}

/// A page or a section, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    Page(usize),
    Section(usize),
}

/// Options that change what the graph holds.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct GraphOptions<'p> {
    pub drafts: bool,
    /// The last graph of the same site (the dev server's): the edited, added and removed pages are put into
    /// it (`site_again`) when no section changed.
    pub previous: Option<&'p Site>,
}

/// A page's or section's Markdown as HTML, with placeholders where the bodies stage writes links, images and
/// shortcodes. Kept apart from the graph so each is freed as soon as its final HTML exists.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    pub html: String,
    /// The part before `<!-- more -->`, when the page has one.
    pub summary: Option<String>,
    /// Set when `html` was left out (`parse::Hold::Lean`): the hash of the text the page's body is made again
    /// from in its render job.
    pub made_again_from: Option<u64>,
}

impl Draft {
    /// Moves the HTML out of a fresh rendering; the rest of it (links, anchors, calls) stays with the page.
    pub(crate) fn take(rendered: &mut Rendered) -> Draft {
        // Held until the bodies stage, for every page at once: the room the HTML grew into is given back.
        let mut html = std::mem::take(&mut rendered.html);
        html.shrink_to_fit();
        Draft {
            html,
            summary: rendered.summary.take(),
            made_again_from: None,
        }
    }
}

/// What the graph stage hands on: the site, the texts and drafts the bodies stage needs, and every problem.
pub(crate) struct Graph {
    pub site: Site,
    pub sources: Sources,
    pub drafts: Drafts,
    pub errors: Vec<Diagnostic>,
    /// The site writes the URLs of the last graph (`GraphOptions::previous`): no URL moved since it.
    pub same_urls: bool,
}

/// Each file's page index in `previous` (`None` for a file new to it), for files given in file order as
/// (parse, content path); `None` when the files `previous` also has are not in its order. Most files share
/// their parse with the last graph's page, so a pointer comparison matches them without hashing a path.
pub(crate) fn old_pages<'a>(
    previous: &Site,
    files: impl Iterator<Item = (&'a Arc<Meta>, &'a str)>,
) -> Option<Vec<Option<usize>>> {
    let mut olds = Vec::with_capacity(previous.pages.len());
    // The last graph's page after the last one matched.
    let mut next = 0;
    for (meta, rel) in files {
        let old = match previous.pages.get(next) {
            Some(p) if Arc::ptr_eq(&p.meta, meta) || &*p.rel == rel => Some(next),
            _ => match previous.by_rel.get(rel) {
                // The pages between were removed.
                Some(Node::Page(i)) if *i >= next => Some(*i),
                Some(Node::Page(_)) => return None,
                _ => None,
            },
        };
        if let Some(i) = old {
            next = i + 1;
        }
        olds.push(old);
    }
    Some(olds)
}

/// Content path -> page or section, for every page and section.
pub(crate) fn by_rel_of(pages: &[Page], sections: &[Section]) -> HashMap<Arc<str>, Node> {
    let mut by_rel = HashMap::with_capacity(pages.len() + sections.len());
    for (i, p) in pages.iter().enumerate() {
        by_rel.insert(p.rel.clone(), Node::Page(i));
    }
    for (i, s) in sections.iter().enumerate() {
        by_rel.insert(Arc::from(s.rel.as_str()), Node::Section(i));
    }
    by_rel
}

/// Every page's and section's draft, by index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Drafts {
    pub pages: Vec<Arc<Draft>>,
    pub sections: Vec<Arc<Draft>>,
}

/// What every page and section kept of its text, by index: later stages locate their problems in it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    pub pages: Vec<Arc<SourceLines>>,
    pub sections: Vec<Arc<SourceLines>>,
}

/// Parses every file, assigns URLs and renders Markdown; all problems come back together.
pub(crate) fn build(
    config: Config,
    files: Vec<RawFile>,
    assets: Vec<Asset>,
    opts: GraphOptions<'_>,
) -> Result<Site, Vec<Diagnostic>> {
    match build_reporting(config, files, assets, opts) {
        Graph { site, errors, .. } if errors.is_empty() => Ok(site),
        Graph { errors, .. } => Err(errors),
    }
}

/// The graph, the sources behind it and every problem found building it. Files that failed to parse are left
/// out, so the later stages can still run and report their own problems in the same run.
pub(crate) fn build_reporting(
    config: Config,
    files: Vec<RawFile>,
    assets: Vec<Asset>,
    opts: GraphOptions<'_>,
) -> Graph {
    let md = MdOptions::from_config(&config);
    let (parsed, errors) = crate::parse::parse_all(files, md, opts.drafts);
    let parsed = parsed.into_iter().map(Arc::new).collect();
    graph(config, parsed, assets, opts, errors)
}

/// The graph of files parsed already (by `parse`, or kept by the dev server); `errors` are the parse
/// problems, reported with the graph's own.
pub(crate) fn graph(
    config: Config,
    mut ok: Vec<Arc<ParsedFile>>,
    assets: Vec<Asset>,
    opts: GraphOptions<'_>,
    errors: Vec<Diagnostic>,
) -> Graph {
    ok.retain(|p| opts.drafts || !p.meta.draft);
    // After an edit that moves nothing, the dev server's last graph with the edited pages made anew.
    if let Some(previous) = opts.previous {
        if let Some(again) = crate::site_again::pages_again(previous, &ok) {
            return crate::site_again::graph_again(previous, again, config, assets, errors);
        }
    }
    let mut errors = errors;

    // Sections first, so every page can find its nearest section folder.
    let (section_files, page_files): (Vec<Arc<ParsedFile>>, Vec<Arc<ParsedFile>>) =
        ok.into_iter().partition(|p| p.is_section());
    let mut sections: Vec<Section> = Vec::new();
    let mut section_by_dir: BTreeMap<String, usize> = BTreeMap::new();
    let mut section_parsed: Vec<Option<Arc<ParsedFile>>> = Vec::new();
    let has_root = section_files.iter().any(|p| p.rel == "_index.md");
    if !has_root {
        section_by_dir.insert(String::new(), 0);
        sections.push(Section {
            rel: "_index.md".into(),
            shown: PathBuf::from("content/_index.md"),
            meta: Meta::default(),
            title: config.title.clone(),
            path: "/".into(),
            rendered: Arc::default(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
        });
        section_parsed.push(None);
    }
    for p in section_files {
        let dir = parent_dir(&p.rel).to_string();
        let path = dir_url(&dir);
        if let Err(seg) = check_segments(&dir) {
            errors.push(unsafe_path(&p.shown, &seg));
            continue;
        }
        let title = p.meta.title.clone().unwrap_or_else(|| {
            if dir.is_empty() {
                config.title.clone()
            } else {
                titleize(dir.rsplit('/').next().unwrap_or(&dir))
            }
        });
        section_by_dir.insert(dir, sections.len());
        sections.push(Section {
            rel: p.rel.clone(),
            shown: p.shown.clone(),
            meta: Meta::clone(&p.meta),
            title,
            path,
            rendered: Arc::default(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
        });
        section_parsed.push(Some(p));
    }
    for i in 0..sections.len() {
        let dir = parent_dir(&sections[i].rel).to_string();
        if dir.is_empty() {
            continue;
        }
        let parent = nearest_section(&section_by_dir, parent_dir_of_dir(&dir));
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }

    // Each page on its own, on every core: at 10,000 pages this is most of the graph's time, and the dev
    // server builds the graph again on each front matter edit.
    let built: Vec<Result<Page, Diagnostic>> = page_files
        .par_iter()
        .map(|p| page_of(p, &section_by_dir))
        .collect();
    let mut pages: Vec<Page> = Vec::with_capacity(built.len());
    let mut page_parsed: Vec<Arc<ParsedFile>> = Vec::with_capacity(built.len());
    for (page, p) in built.into_iter().zip(page_files) {
        match page {
            Ok(page) => {
                pages.push(page);
                page_parsed.push(p);
            }
            Err(d) => errors.push(d),
        }
    }

    // The drafts go to the bodies stage; the graph keeps what rendering found.
    let drafts = drafts_of(&page_parsed, &section_parsed);
    for (s, p) in sections.iter_mut().zip(&section_parsed) {
        let Some(p) = p else {
            continue;
        };
        if s.meta.title.is_none() {
            if let Some(h) = &p.rendered.first_heading {
                s.title = h.clone();
            }
        }
        s.rendered = p.rendered.clone();
    }

    // Pages into sections, in the section's order.
    for (i, p) in pages.iter().enumerate() {
        sections[p.section].pages.push(i);
    }
    for s in sections.iter_mut() {
        let sort_by = s.meta.sort_by;
        sort_pages(&pages, &mut s.pages, sort_by);
        for w in 0..s.pages.len() {
            let here = s.pages[w];
            pages[here].lower = if w > 0 { Some(s.pages[w - 1]) } else { None };
            pages[here].higher = s.pages.get(w + 1).copied();
        }
    }
    let section_order: Vec<(String, i64, String)> = sections
        .iter()
        .map(|s| {
            (
                s.path.clone(),
                s.meta.weight.unwrap_or(i64::MAX),
                s.title.clone(),
            )
        })
        .collect();
    for s in sections.iter_mut() {
        s.subsections.sort_by(|&a, &b| {
            let (pa, wa, ta) = &section_order[a];
            let (pb, wb, tb) = &section_order[b];
            wa.cmp(wb).then_with(|| ta.cmp(tb)).then_with(|| pa.cmp(pb))
        });
    }

    let taxonomies =
        crate::taxonomies::build_taxonomies(&config, &pages, &page_parsed, &mut errors);
    let by_rel = by_rel_of(&pages, &sections);

    let aliases =
        crate::url_claims::check_urls(&pages, &sections, &taxonomies, &page_parsed, &mut errors);

    let site = Site {
        config,
        pages,
        sections,
        taxonomies,
        assets,
        by_rel,
        aliases,
    };
    Graph {
        site,
        sources: sources_of(&page_parsed, &section_parsed),
        drafts,
        errors,
        same_urls: false,
    }
}

/// Every page's and section's draft, by index, from their parses (a made-up section has none).
pub(crate) fn drafts_of(pages: &[Arc<ParsedFile>], sections: &[Option<Arc<ParsedFile>>]) -> Drafts {
    let (pages, sections) = per_file(pages, sections, |p| &p.draft);
    Drafts { pages, sections }
}

/// What every page and section kept of its text, by index, from their parses.
pub(crate) fn sources_of(
    pages: &[Arc<ParsedFile>],
    sections: &[Option<Arc<ParsedFile>>],
) -> Sources {
    let (pages, sections) = per_file(pages, sections, |p| &p.lines);
    Sources { pages, sections }
}

/// One shared part of each page's and section's parse, by index (the empty part for a made-up section).
fn per_file<T: Default>(
    pages: &[Arc<ParsedFile>],
    sections: &[Option<Arc<ParsedFile>>],
    part: impl Fn(&ParsedFile) -> &Arc<T>,
) -> (Vec<Arc<T>>, Vec<Arc<T>>) {
    (
        pages.iter().map(|p| part(p).clone()).collect(),
        sections
            .iter()
            .map(|p| p.as_deref().map(|p| part(p).clone()).unwrap_or_default())
            .collect(),
    )
}

/// A page of the graph from its parse (its place among its section's pages is set later), or why its URL
/// cannot be made.
pub(crate) fn page_of(
    p: &ParsedFile,
    section_by_dir: &BTreeMap<String, usize>,
) -> Result<Page, Diagnostic> {
    let dir = parent_dir(&p.rel);
    check_segments(dir).map_err(|seg| unsafe_path(&p.shown, &seg))?;
    let stem = p
        .rel
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md");
    let slug = p
        .meta
        .slug
        .clone()
        .unwrap_or_else(|| stem.replace(' ', "-"));
    if !is_safe_segment(&slug) {
        return Err(unsafe_path(&p.shown, &slug));
    }
    let path = if dir.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{dir}/{slug}/")
    };
    let title = p
        .meta
        .title
        .clone()
        .or_else(|| p.rendered.first_heading.clone())
        .unwrap_or_else(|| titleize(&slug));
    Ok(Page {
        rel: p.rel.as_str().into(),
        shown: p.shown.as_path().into(),
        meta: p.meta.clone(),
        title: title.into(),
        slug: slug.into(),
        path: path.into(),
        section: nearest_section(section_by_dir, dir),
        rendered: p.rendered.clone(),
        front_matter: p.front_matter.clone(),
        front_matter_offset: p.front_matter_offset,
        format: p.format,
        lower: None,
        higher: None,
    })
}

fn unsafe_path(shown: &Path, seg: &str) -> Diagnostic {
    Diagnostic::new(shown, format!("`{seg}` cannot be part of a URL")).with_help(
        "file, folder and slug names must not be `..`, absolute, or hold `/`, `\\` or `:`",
    )
}

fn check_segments(dir: &str) -> Result<(), String> {
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        if !is_safe_segment(seg) {
            return Err(seg.to_string());
        }
    }
    Ok(())
}

/// Where a page stands in a list sorted by `sort_by`: by the section's key, ties broken by URL so builds are
/// reproducible (newest first, lightest first, titles A to Z; pages without a date or weight last).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ListKey<'a> {
    Date(
        bool,
        std::cmp::Reverse<Option<&'a crate::front_matter::Date>>,
        &'a str,
    ),
    Weight(bool, Option<i64>, &'a str),
    Title(String, &'a str),
    File(&'a str),
}

pub(crate) fn list_key(p: &Page, sort_by: SortBy) -> ListKey<'_> {
    let path = &*p.path;
    match sort_by {
        SortBy::Date => ListKey::Date(
            p.meta.date.is_none(),
            std::cmp::Reverse(p.meta.date.as_ref()),
            path,
        ),
        SortBy::Weight => ListKey::Weight(p.meta.weight.is_none(), p.meta.weight, path),
        SortBy::Title => ListKey::Title(p.title.to_lowercase(), path),
        SortBy::None => ListKey::File(path),
    }
}

/// Sorts page indices into list order, reading each page's key once: at 10,000 pages, following each page's
/// front matter (and lowercasing titles) on every comparison costs more than the sort itself.
pub(crate) fn sort_pages(pages: &[Page], idx: &mut [usize], sort_by: SortBy) {
    idx.sort_by_cached_key(|&i| list_key(&pages[i], sort_by));
}

/// The order of two pages in a list sorted by `sort_by`.
pub(crate) fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> std::cmp::Ordering {
    list_key(a, sort_by).cmp(&list_key(b, sort_by))
}

/// A term to a URL segment: lowercase letters, digits and dashes.
pub(crate) fn slugify(s: &str) -> String {
    crate::markdown::slug_words(s, false)
}

/// A file or folder name as a title: `my-page` -> `My page`.
pub(crate) fn titleize(s: &str) -> String {
    let s = s.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub(crate) fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

fn parent_dir_of_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

fn dir_url(dir: &str) -> String {
    if dir.is_empty() {
        "/".into()
    } else {
        format!("/{dir}/")
    }
}

fn nearest_section(by_dir: &BTreeMap<String, usize>, dir: &str) -> usize {
    let mut d = dir;
    loop {
        if let Some(&i) = by_dir.get(d) {
            return i;
        }
        if d.is_empty() {
            return 0;
        }
        d = parent_dir_of_dir(d);
    }
}

impl Site {
    /// The URL path of a content file, for `get_url` and links.
    pub(crate) fn url_of_rel(&self, rel: &str) -> Option<&str> {
        match self.by_rel.get(rel)? {
            Node::Page(i) => Some(&self.pages[*i].path),
            Node::Section(i) => Some(&self.sections[*i].path),
        }
    }

    /// Ancestor sections of a node, root first.
    pub(crate) fn ancestors(&self, mut section: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(s) = section {
            out.push(s);
            section = self.sections[s].parent;
            if out.len() > self.sections.len() {
                break;
            }
        }
        out.reverse();
        out
    }
}

/// The graph of `files` under the config `shoreline_toml`, for tests of the graph's parts.
#[cfg(test)]
pub(crate) fn graph_of(shoreline_toml: &str, files: Vec<RawFile>) -> Site {
    let config = Config::parse(shoreline_toml, Path::new("shoreline.toml")).expect("valid config");
    let opts = GraphOptions {
        drafts: false,
        previous: None,
    };
    build(config, files, Vec::new(), opts).expect("the graph builds")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys read once give the order of the comparison, for every way a section sorts.
    #[test]
    fn sorting_by_cached_keys_orders_as_compare_pages_does() {
        let files: Vec<RawFile> = (0..300)
            .map(|i: usize| {
                let mut fm = format!("+++\ntitle = \"{} page\"\n", ["b", "A", "a", "C"][i % 4]);
                if !i.is_multiple_of(5) {
                    fm.push_str(&format!("date = 2024-0{}-1{}\n", 1 + i % 3, i % 7));
                }
                if !i.is_multiple_of(4) {
                    fm.push_str(&format!("weight = {}\n", i % 6));
                }
                RawFile {
                    shown: PathBuf::from(format!("content/p{i:03}.md")),
                    rel: format!("p{i:03}.md"),
                    text: format!("{fm}+++\nText.\n"),
                }
            })
            .collect();
        let site = graph_of("base_url = \"https://x.org\"\n", files);
        for sort_by in [SortBy::Date, SortBy::Weight, SortBy::Title, SortBy::None] {
            let mut expected: Vec<usize> = (0..site.pages.len()).rev().collect();
            expected.sort_by(|&a, &b| compare_pages(&site.pages[a], &site.pages[b], sort_by));
            let mut got: Vec<usize> = (0..site.pages.len()).rev().collect();
            sort_pages(&site.pages, &mut got, sort_by);
            assert_eq!(got, expected, "{sort_by:?}");
        }
    }
}
