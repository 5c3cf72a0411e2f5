//! Turns the site graph into output files: Tera pages, lists, taxonomies, redirects, feeds and copies.
//! Every page value is serialised once per build and shared, so no template sees a per-page copy of the site.

use crate::bodies::{Bodies, Body};
use crate::diagnostic::Diagnostic;
use crate::markdown::escape_attr;
use crate::page_bodies::PageBodies;
use crate::site::{Node, Site};
use crate::template_context::{
    to_value, Context, FullPage, Link, PageValue, Paginator, SectionContext, SectionValue,
    SubsectionLink, TaxonomyValue, TermValue,
};
use crate::templates::TemplateSet;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// One file of the output: bytes to write or a file to copy.
pub(crate) enum OutputFile {
    Bytes {
        path: String,
        bytes: Vec<u8>,
    },
    Copy {
        path: String,
        source: PathBuf,
    },
    Static {
        path: String,
        bytes: &'static [u8],
    },
    /// Rendered straight into the build's staging folder: only its path is kept.
    Written {
        path: String,
    },
}

impl OutputFile {
    pub(crate) fn path(&self) -> &str {
        match self {
            OutputFile::Bytes { path, .. }
            | OutputFile::Copy { path, .. }
            | OutputFile::Written { path }
            | OutputFile::Static { path, .. } => path,
        }
    }
}

/// Renders the explorer element for the given shortcode or function arguments.
pub(crate) type ExplorerFn = Arc<
    dyn Fn(
            &std::collections::BTreeMap<String, String>,
        ) -> Result<String, crate::explorer_args::ArgError>
        + Send
        + Sync,
>;

/// Values shared by all templates and template functions of one build.
pub(crate) struct Lookup {
    pub config: Value,
    /// Light page values (no content), by page index; the dev server swaps single entries after an edit.
    pub page_light: RwLock<Vec<Arc<PageValue>>>,
    /// Section values without their pages (`section_pages` lists them, in order).
    pub section_values: RwLock<Vec<Value>>,
    pub section_pages: Vec<Vec<usize>>,
    pub by_rel: HashMap<Arc<str>, Node>,
    pub taxonomy_urls: HashMap<(String, String), String>,
    /// The path part of `base_url` (`/kb`), prefixed to every root-relative URL a page carries.
    pub base_path: String,
    /// Extra per-page values added by the catalog (service facet tables, services of a concept page).
    pub page_extra: Vec<Value>,
    /// HTML of `explorer()` by its arguments; the catalog decides what the fallback lists.
    pub explorer: ExplorerFn,
    /// Context the catalog page template gets as `catalog`.
    pub catalog: Value,
    /// Resized copies for `resize_image()`; unset, the function is an error.
    pub images: Option<Arc<crate::image_processing::Processor>>,
}

impl Lookup {
    /// The light value of page `i` (Null when out of range).
    pub(crate) fn page(&self, i: usize) -> Value {
        let v = self.page_light.read().unwrap_or_else(|e| e.into_inner());
        v.get(i).map_or(Value::Null, |p| to_value(&**p))
    }

    /// The value of section `i` with its pages (Null when out of range).
    pub(crate) fn section(&self, i: usize) -> Value {
        let sections = self
            .section_values
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let Some(mut value) = sections.get(i).cloned() else {
            return Value::Null;
        };
        let pages = self.page_light.read().unwrap_or_else(|e| e.into_inner());
        if let Value::Object(map) = &mut value {
            let listed = self.section_pages.get(i).into_iter().flatten();
            let listed = listed.filter_map(|&p| pages.get(p).map(|p| to_value(&**p)));
            map.insert("pages".into(), Value::Array(listed.collect()));
        }
        value
    }

    /// The URL path of a page or section, read in place.
    fn path_of(&self, node: Node) -> String {
        let path = |v: Option<&Value>| {
            v.and_then(|v| v["path"].as_str())
                .unwrap_or("/")
                .to_string()
        };
        match node {
            Node::Page(i) => self
                .page_light
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .get(i)
                .map_or_else(|| "/".to_string(), |p| p.path.clone()),
            Node::Section(i) => path(
                self.section_values
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(i),
            ),
        }
    }

    /// Refreshes page `i` after an edit that changed only its body (URL, title and order are the same).
    pub(crate) fn refresh_page(&self, site: &Site, bodies: &Bodies, i: usize) {
        // Sections hold no copy of their pages' values: the one value is all there is to swap.
        let light = light_page(site, bodies, i);
        if let Ok(mut v) = self.page_light.write() {
            if let Some(slot) = v.get_mut(i) {
                *slot = light;
            }
        }
    }
}

fn light_page(site: &Site, bodies: &Bodies, i: usize) -> Arc<PageValue> {
    let p = &site.pages[i];
    Arc::new(PageValue {
        meta: p.meta.clone(),
        title: p.title.to_string(),
        slug: p.slug.to_string(),
        path: p.path.to_string(),
        permalink: site.config.permalink(&p.path),
        relative_path: p.rel.to_string(),
        summary: bodies.pages.get(i).and_then(|b| b.summary.clone()),
        word_count: p.rendered.word_count,
    })
}

/// The last build of the same site (the dev server's), whose page values are kept for unchanged pages.
pub(crate) struct Previous<'a> {
    pub site: &'a Site,
    pub bodies: &'a Bodies,
    pub lookup: &'a Lookup,
}

impl Previous<'_> {
    /// The last build's value of page `i` of the new `site`, when everything it is made of is the same: the
    /// front matter and Markdown result shared with the last graph, the same body, title, URL and base URL.
    fn light_page(
        &self,
        site: &Site,
        bodies: &Bodies,
        i: usize,
        values: &[Arc<PageValue>],
    ) -> Option<Arc<PageValue>> {
        let p = site.pages.get(i)?;
        let Some(&Node::Page(j)) = self.site.by_rel.get(&*p.rel) else {
            return None;
        };
        let old = self.site.pages.get(j)?;
        let same = Arc::ptr_eq(&p.meta, &old.meta)
            && Arc::ptr_eq(&p.rendered, &old.rendered)
            && Arc::ptr_eq(bodies.pages.get(i)?, self.bodies.pages.get(j)?)
            && p.title == old.title
            && p.slug == old.slug
            && p.path == old.path
            && site.config.base_url == self.site.config.base_url;
        same.then(|| values.get(j).cloned()).flatten()
    }
}

/// Section `i` without its pages: they are added from the page values wherever the section is used.
fn section_value(site: &Site, bodies: &Bodies, i: usize) -> Value {
    let s = &site.sections[i];
    to_value(SectionValue {
        title: &s.title,
        description: s.meta.description.as_deref(),
        path: &s.path,
        permalink: site.config.permalink(&s.path),
        relative_path: &s.rel,
        content: bodies.sections.get(i).map_or("", |b| b.html.as_str()),
        toc: &s.rendered.toc,
        extra: &s.meta.extra,
        weight: s.meta.weight,
        pages: Vec::new(),
        subsections: s
            .subsections
            .iter()
            .map(|&x| site.sections[x].rel.as_str())
            .collect(),
        subsection_list: s
            .subsections
            .iter()
            .map(|&x| {
                let sub = &site.sections[x];
                SubsectionLink {
                    title: &sub.title,
                    path: &sub.path,
                    permalink: site.config.permalink(&sub.path),
                    description: sub.meta.description.as_deref(),
                    page_count: sub.pages.len(),
                }
            })
            .collect(),
        ancestors: crumbs(site, s.parent),
    })
}

fn crumbs(site: &Site, section: Option<usize>) -> Vec<Link<'_>> {
    site.ancestors(section)
        .into_iter()
        .map(|s| link(site, &site.sections[s].title, &site.sections[s].path))
        .collect()
}

fn link<'a>(site: &Site, title: &'a str, path: &'a str) -> Link<'a> {
    Link {
        title,
        path,
        permalink: site.config.permalink(path),
    }
}

/// Serialises what templates share; `page_extra` and the explorer come from the catalog stage.
pub(crate) fn lookup(
    site: &Site,
    bodies: &Bodies,
    previous: Option<Previous<'_>>,
    page_extra: Vec<Value>,
    explorer: ExplorerFn,
    catalog: Value,
) -> Lookup {
    let kept = previous.as_ref().map(|p| {
        (
            p,
            p.lookup
                .page_light
                .read()
                .unwrap_or_else(|e| e.into_inner()),
        )
    });
    let page_light: Vec<Arc<PageValue>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            kept.as_ref()
                .and_then(|(p, values)| p.light_page(site, bodies, i, values))
                .unwrap_or_else(|| light_page(site, bodies, i))
        })
        .collect();
    drop(kept);
    let section_values = (0..site.sections.len())
        .into_par_iter()
        .map(|i| section_value(site, bodies, i))
        .collect();
    let mut taxonomy_urls = HashMap::new();
    for t in &site.taxonomies {
        for term in &t.terms {
            taxonomy_urls.insert((t.name.clone(), term.name.clone()), term.path.clone());
            taxonomy_urls.insert((t.name.clone(), term.slug.clone()), term.path.clone());
        }
    }
    Lookup {
        config: serde_json::to_value(&site.config).unwrap_or(Value::Null),
        page_light: RwLock::new(page_light),
        section_values: RwLock::new(section_values),
        section_pages: site.sections.iter().map(|s| s.pages.clone()).collect(),
        by_rel: site.by_rel.clone(),
        taxonomy_urls,
        base_path: crate::base_path::of(&site.config.base_url),
        page_extra,
        explorer,
        catalog,
        images: None,
    }
}

fn arg_str(args: &HashMap<String, Value>, key: &str) -> tera::Result<String> {
    match args.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Ok(other.to_string()),
        None => Err(tera::Error::msg(format!("missing argument `{key}`"))),
    }
}

/// Registers `get_url`, `get_page`, `get_section`, `get_taxonomy_url`, `explorer`, `fact` and `resize_image`.
pub(crate) fn register_functions(tera: &mut tera::Tera, site: &Site, lookup: &Arc<Lookup>) {
    let l = lookup.clone();
    let base = site.config.base_url.clone();
    tera.register_function("get_url", move |args: &HashMap<String, Value>| {
        let path = arg_str(args, "path")?;
        let (file, anchor) = match path.split_once('#') {
            Some((f, a)) => (f.to_string(), format!("#{a}")),
            None => (path.clone(), String::new()),
        };
        let url = if let Some(rel) = file.strip_prefix("@/") {
            let node = l
                .by_rel
                .get(rel)
                .ok_or_else(|| tera::Error::msg(format!("get_url: no content file `{rel}`")))?;
            format!("{}{anchor}", l.path_of(*node))
        } else {
            format!("/{}{anchor}", file.trim_start_matches('/'))
        };
        let relative = matches!(args.get("relative"), Some(Value::Bool(true)));
        Ok(Value::String(if relative {
            url
        } else {
            format!("{base}{url}")
        }))
    });
    let l = lookup.clone();
    tera.register_function("get_page", move |args: &HashMap<String, Value>| {
        let path = arg_str(args, "path")?;
        match l.by_rel.get(path.trim_start_matches("@/")) {
            Some(Node::Page(i)) => Ok(l.page(*i)),
            _ => Err(tera::Error::msg(format!("get_page: no page `{path}`"))),
        }
    });
    let l = lookup.clone();
    tera.register_function("get_section", move |args: &HashMap<String, Value>| {
        let path = arg_str(args, "path")?;
        match l.by_rel.get(path.trim_start_matches("@/")) {
            Some(Node::Section(i)) => Ok(l.section(*i)),
            _ => Err(tera::Error::msg(format!(
                "get_section: no section `{path}`"
            ))),
        }
    });
    let l = lookup.clone();
    let base = site.config.base_url.clone();
    tera.register_function("get_taxonomy_url", move |args: &HashMap<String, Value>| {
        let kind = arg_str(args, "kind")?;
        let name = arg_str(args, "name")?;
        let path = l
            .taxonomy_urls
            .get(&(kind.clone(), name.clone()))
            .ok_or_else(|| {
                tera::Error::msg(format!("get_taxonomy_url: no term `{name}` in `{kind}`"))
            })?;
        let relative = matches!(args.get("relative"), Some(Value::Bool(true)));
        Ok(Value::String(if relative {
            path.clone()
        } else {
            format!("{base}{path}")
        }))
    });
    register_content_functions(tera, site, lookup);
}

/// `explorer`, `fact` and `resize_image`: the functions behind the built-in shortcodes and images.
fn register_content_functions(tera: &mut tera::Tera, site: &Site, lookup: &Arc<Lookup>) {
    let l = lookup.clone();
    tera.register_function("explorer", move |args: &HashMap<String, Value>| {
        (l.explorer)(&text_args(args))
            .map(Value::String)
            .map_err(|e| {
                // The typed error rides along, so a shortcode keeps the explorer's own words and hint.
                let message = format!("explorer(): {e} ({})", e.help());
                tera::Error::chain(message, e)
            })
    });
    let facts = crate::shortcodes::facts(&site.config);
    tera.register_function("fact", move |args: &HashMap<String, Value>| {
        crate::shortcodes::fact(&text_args(args), &facts)
            .map(Value::String)
            .map_err(|e| tera::Error::chain(format!("fact(): {e}"), e))
    });
    let l = lookup.clone();
    tera.register_function("resize_image", move |args: &HashMap<String, Value>| {
        let fail = |m: String| tera::Error::msg(format!("resize_image: {m}"));
        let path = arg_str(args, "path")?;
        let width = args
            .get("width")
            .and_then(Value::as_u64)
            .filter(|w| (1..=u64::from(crate::config::MAX_IMAGE_WIDTH)).contains(w))
            .ok_or_else(|| {
                fail(format!(
                    "`width` must be a whole number of pixels from 1 to {}",
                    crate::config::MAX_IMAGE_WIDTH
                ))
            })?;
        let images = l
            .images
            .as_ref()
            .ok_or_else(|| fail("images are not processed here".into()))?;
        crate::image_processing::template_value(images, &path, width as u32).map_err(fail)
    });
}

/// Function arguments as text, the way an attribute carries them; `args=` (a shortcode passing all of its
/// arguments on) is spread out.
fn text_args(args: &HashMap<String, Value>) -> std::collections::BTreeMap<String, String> {
    let spread = match args.get("args") {
        Some(Value::Object(all)) if args.len() == 1 => all.iter().collect::<Vec<_>>(),
        _ => args.iter().collect(),
    };
    spread
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Array(xs) => xs
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

/// Renders every output file; template problems are collected, one per distinct error.
/// Where rendered pages go.
#[derive(Clone, Copy)]
pub(crate) enum Sink<'a> {
    /// Kept in memory, for a caller that writes them itself (the dev server).
    Keep,
    /// Written as soon as each is rendered.
    Write(&'a crate::write::Staging),
    /// Dropped once rendered: `check` validates every page and writes none.
    Discard,
}

pub(crate) fn render_all(
    site: &Site,
    bodies: PageBodies,
    set: &TemplateSet,
    tera: &tera::Tera,
    lookup: &Lookup,
    serve_script: Option<&str>,
    sink: Sink,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let jobs = all_jobs(site);
    let mut files = render_jobs(site, bodies, set, tera, lookup, &jobs, serve_script, sink)?;
    for (alias, target) in &site.aliases {
        files.push(OutputFile::Bytes {
            path: index_of(alias),
            bytes: redirect_html(&site.config.permalink(target)).into_bytes(),
        });
    }
    files.push(OutputFile::Bytes {
        path: "sitemap.xml".into(),
        bytes: sitemap(site).into_bytes(),
    });
    files.push(OutputFile::Bytes {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
            site.config.base_url
        )
        .into_bytes(),
    });
    files.extend(feeds(site, bodies));
    for a in &site.assets {
        files.push(OutputFile::Copy {
            path: a.rel.clone(),
            source: a.source.clone(),
        });
    }
    Ok(files)
}

/// One output page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Job {
    Page(usize),
    Section(usize, usize),
    TaxonomyList(usize),
    Term(usize, usize),
    NotFound,
}

fn index_of(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

/// The shared values a job's context borrows from: read once per job, so each value is copied once, when the
/// context is serialised for Tera (list pages carry thousands of page values).
struct Shared<'a> {
    site: &'a Site,
    bodies: &'a Bodies,
    lookup: &'a Lookup,
    pages: &'a [Arc<PageValue>],
    sections: &'a [Value],
}

impl<'a> Shared<'a> {
    fn base(&self, path: &'a str) -> Context<'a> {
        Context {
            config: &self.lookup.config,
            current_path: path,
            current_url: self.site.config.permalink(path),
            catalog: &self.lookup.catalog,
            seo: None,
            page: None,
            section: None,
            paginator: None,
            taxonomy: None,
            terms: None,
            term: None,
        }
    }

    /// Page `i`'s context around its `body` (made by the job when the build is lean).
    fn page(&self, i: usize, body: &'a Body) -> Context<'a> {
        let (site, p) = (self.site, &self.site.pages[i]);
        let neighbour =
            |x: Option<usize>| x.map(|j| link(site, &site.pages[j].title, &site.pages[j].path));
        let mut ctx = self.base(&p.path);
        ctx.page = Some(FullPage {
            light: &self.pages[i],
            content: &body.html,
            toc: &p.rendered.toc,
            ancestors: crumbs(site, Some(p.section)),
            section: &site.sections[p.section].rel,
            lower: neighbour(p.lower),
            higher: neighbour(p.higher),
            catalog: self.lookup.page_extra.get(i).and_then(Value::as_object),
        });
        ctx.seo = Some(crate::structured_data::for_page(site, body, i, None));
        ctx
    }

    /// Pager page `k` of section `i`, published at `out`.
    fn section(&self, i: usize, k: usize, out: &'a str) -> Context<'a> {
        let s = &self.site.sections[i];
        let mut ctx = self.base(out);
        ctx.section = Some(SectionContext {
            value: &self.sections[i],
            pages: s.pages.iter().map(|&p| &*self.pages[p]).collect(),
        });
        ctx.seo = Some(crate::structured_data::for_section(
            self.site,
            &self.bodies.sections[i],
            i,
            out,
        ));
        if let Some(per) = s.meta.paginate_by.filter(|p| *p > 0) {
            let total = s.pages.len().div_ceil(per).max(1);
            ctx.paginator = Some(Paginator {
                paginate_by: per,
                current_index: k + 1,
                number_pagers: total,
                total_pages: s.pages.len(),
                first: pager_url(&s.path, 0),
                last: pager_url(&s.path, total - 1),
                previous: (k > 0).then(|| pager_url(&s.path, k - 1)),
                next: (k + 1 < total).then(|| pager_url(&s.path, k + 1)),
                pages: s
                    .pages
                    .iter()
                    .skip(k * per)
                    .take(per)
                    .map(|&p| &*self.pages[p])
                    .collect(),
            });
        }
        ctx
    }

    fn taxonomy(&self, ti: usize) -> TaxonomyValue<'a> {
        let t = &self.site.taxonomies[ti];
        TaxonomyValue {
            name: &t.name,
            path: &t.path,
            permalink: self.site.config.permalink(&t.path),
        }
    }

    /// A term with its pages, or without them (`pages` empty) for a template that never reads them.
    fn term(&self, term: &'a crate::site::Term, with_pages: bool) -> TermValue<'a> {
        TermValue {
            name: &term.name,
            slug: &term.slug,
            path: &term.path,
            permalink: self.site.config.permalink(&term.path),
            page_count: term.pages.len(),
            pages: match with_pages {
                true => term.pages.iter().map(|&p| &*self.pages[p]).collect(),
                false => Vec::new(),
            },
        }
    }

    /// Taxonomy `ti`'s list of terms; `with_pages` when its template may read the terms' pages (every page
    /// of the taxonomy, copied into the context: most lists show names and counts only).
    fn taxonomy_list(&self, ti: usize, with_pages: bool) -> Context<'a> {
        let t = &self.site.taxonomies[ti];
        let mut ctx = self.base(&t.path);
        ctx.taxonomy = Some(self.taxonomy(ti));
        let trail = [(t.name.as_str(), t.path.as_str())];
        ctx.seo = Some(crate::structured_data::for_listing(self.site, &trail));
        ctx.terms = Some(
            t.terms
                .iter()
                .map(|term| self.term(term, with_pages))
                .collect(),
        );
        ctx
    }

    fn term_page(&self, ti: usize, k: usize) -> Context<'a> {
        let t = &self.site.taxonomies[ti];
        let term = &t.terms[k];
        let mut ctx = self.base(&term.path);
        ctx.taxonomy = Some(self.taxonomy(ti));
        ctx.term = Some(self.term(term, true));
        let trail = [
            (t.name.as_str(), t.path.as_str()),
            (term.name.as_str(), term.path.as_str()),
        ];
        ctx.seo = Some(crate::structured_data::for_listing(self.site, &trail));
        ctx
    }
}

/// The URL of pager page `n` (from 0) of the section at `path`.
fn pager_url(path: &str, n: usize) -> String {
    if n == 0 {
        path.to_string()
    } else {
        format!("{path}page/{}/", n + 1)
    }
}

/// The page shown for a missing URL when the theme has no `404.html`.
fn plain_not_found(site: &Site) -> OutputFile {
    let html = format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Page not found</h1><p><a href=\"{}/\">Home</a></p></main></body></html>\n", escape_attr(&site.config.base_url));
    OutputFile::Bytes {
        path: "404.html".into(),
        bytes: html.into_bytes(),
    }
}

/// Renders one job; a page job is given its `body`.
#[allow(clippy::too_many_arguments)]
fn render_job(
    site: &Site,
    bodies: &Bodies,
    body: Option<&Body>,
    set: &TemplateSet,
    tera: &tera::Tera,
    lookup: &Lookup,
    job: &Job,
    serve_script: Option<&str>,
) -> Result<Option<OutputFile>, Diagnostic> {
    let pages = lookup.page_light.read().unwrap_or_else(|e| e.into_inner());
    let sections = lookup
        .section_values
        .read()
        .unwrap_or_else(|e| e.into_inner());
    let shared = Shared {
        site,
        bodies,
        lookup,
        pages: &pages,
        sections: &sections,
    };
    let pager_out;
    let (ctx, out_path, shown): (Context, String, Option<PathBuf>) = match *job {
        Job::Page(i) => {
            let p = &site.pages[i];
            let body = body.unwrap_or(&bodies.pages[i]);
            (
                shared.page(i, body),
                index_of(&p.path),
                Some(p.shown.to_path_buf()),
            )
        }
        Job::Section(i, k) => {
            let s = &site.sections[i];
            pager_out = pager_url(&s.path, k);
            (
                shared.section(i, k, &pager_out),
                index_of(&pager_out),
                Some(s.shown.clone()),
            )
        }
        Job::TaxonomyList(ti) => (
            shared.taxonomy_list(
                ti,
                crate::template_reads::reads_term_pages(tera, &job_template(site, set, job)),
            ),
            index_of(&site.taxonomies[ti].path),
            None,
        ),
        Job::Term(ti, k) => (
            shared.term_page(ti, k),
            index_of(&site.taxonomies[ti].terms[k].path),
            None,
        ),
        Job::NotFound => {
            if !set.sources.contains_key("404.html") {
                return Ok(Some(plain_not_found(site)));
            }
            (shared.base("/404.html"), "404.html".to_string(), None)
        }
    };
    let template = job_template(site, set, job);
    if !set.sources.contains_key(&template) {
        // A front matter `template` is the page's mistake; a missing default template is the theme's.
        let from_meta = match *job {
            Job::Page(i) => site.pages[i].meta.template.is_some(),
            Job::Section(i, _) => site.sections[i].meta.template.is_some(),
            _ => false,
        };
        let file = if from_meta {
            shown.clone().unwrap_or_default()
        } else {
            PathBuf::from(format!("templates/{template}"))
        };
        let known: Vec<&str> = set.sources.keys().map(String::as_str).collect();
        let mut help = format!("templates available: {}", known.join(", "));
        if let Some(m) = crate::diagnostic::did_you_mean(&template, known.iter().copied()) {
            help = format!("did you mean `{m}`? {help}");
        }
        return Err(
            Diagnostic::new(file, format!("unknown template `{template}`")).with_help(help),
        );
    }
    let html = tera::Context::from_serialize(&ctx)
        .and_then(|ctx| tera.render(&template, &ctx))
        .map_err(|e| {
            let (file, text) = &set.sources[&template];
            crate::templates::template_error(file, text, &e, shown.as_deref())
        })?;
    // Most sites live at a domain's root: then there is nothing to prefix, and no copy of the page to make.
    let html = if lookup.base_path.is_empty() {
        html
    } else {
        crate::base_path::prefix_html(&html, &lookup.base_path, &site.config.links)
    };
    let html = match serve_script {
        Some(script) if out_path.ends_with(".html") => inject_before_body_end(&html, script),
        _ => html,
    };
    Ok(Some(OutputFile::Bytes {
        path: out_path,
        bytes: html.into_bytes(),
    }))
}

/// Adds the dev server's script; never used by `build`.
pub(crate) fn inject_before_body_end(html: &str, script: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{}{}", &html[..i], script, &html[i..]),
        None => format!("{html}{script}"),
    }
}

fn redirect_html(to: &str) -> String {
    let to = escape_attr(to);
    format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redirect</title><link rel=\"canonical\" href=\"{to}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head><body><p>This page moved to <a href=\"{to}\">{to}</a>.</p></body></html>\n")
}

fn sitemap(site: &Site) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for s in &site.sections {
        entries.push((s.path.clone(), None));
    }
    for p in &site.pages {
        let lastmod = p
            .meta
            .updated
            .as_ref()
            .or(p.meta.date.as_ref())
            .map(|d| d.0.chars().take(10).collect());
        entries.push((p.path.to_string(), lastmod));
    }
    for t in &site.taxonomies {
        entries.push((t.path.clone(), None));
        for term in &t.terms {
            entries.push((term.path.clone(), None));
        }
    }
    entries.sort();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in entries {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&escape_attr(&site.config.permalink(&path)));
        out.push_str("</loc>\n");
        if let Some(l) = lastmod {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", escape_attr(&l)));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn rfc3339(d: &str) -> String {
    if d.len() == 10 {
        format!("{d}T00:00:00Z")
    } else {
        d.to_string()
    }
}

/// The site's feed, when `generate_feeds` is on, and a feed per term of the taxonomies that ask for one
/// (`{ name = "topics", feed = true }`).
pub(crate) fn feeds(site: &Site, bodies: PageBodies) -> Vec<OutputFile> {
    let mut files = Vec::new();
    if site.config.generate_feeds {
        files.push(OutputFile::Bytes {
            path: "atom.xml".into(),
            bytes: atom(site, bodies).into_bytes(),
        });
    }
    for (t, tc) in site.taxonomies.iter().zip(&site.config.taxonomies) {
        if !tc.feed {
            continue;
        }
        for term in &t.terms {
            let title = format!("{}: {}", site.config.title, term.name);
            files.push(OutputFile::Bytes {
                path: format!("{}atom.xml", term.path.trim_start_matches('/')),
                bytes: atom_of(site, bodies, &term.pages, &term.path, &title).into_bytes(),
            });
        }
    }
    files
}

/// The Atom feed of the newest dated pages.
pub(crate) fn atom(site: &Site, bodies: PageBodies) -> String {
    let all: Vec<usize> = (0..site.pages.len()).collect();
    atom_of(site, bodies, &all, "/", &site.config.title)
}

/// The Atom feed of the newest dated pages among `pages`, published at `<dir>atom.xml`.
pub(crate) fn atom_of(
    site: &Site,
    bodies: PageBodies,
    pages: &[usize],
    dir: &str,
    title: &str,
) -> String {
    let mut newest: Vec<(usize, &crate::site::Page)> = pages
        .iter()
        .filter_map(|&i| Some((i, site.pages.get(i)?)))
        .filter(|(_, p)| p.meta.date.is_some())
        .collect();
    newest.sort_by(|a, b| crate::site::compare_pages(a.1, b.1, crate::front_matter::SortBy::Date));
    newest.truncate(20);
    // Only the entries' bodies are needed (a lean build makes them again); their problems are the pages'.
    let dated: Vec<(&crate::site::Page, Arc<Body>)> = newest
        .into_iter()
        .map(|(i, p)| (p, bodies.page(i).0))
        .collect();
    let updated = dated
        .first()
        .and_then(|(p, _)| p.meta.updated.as_ref().or(p.meta.date.as_ref()))
        .map(|d| rfc3339(&d.0))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let c = &site.config;
    let base = crate::base_path::of(&c.base_url);
    let feed_dir = c.permalink(dir).trim_end_matches('/').to_string();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{}/atom.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}/\"/>\n  <updated>{}</updated>\n  <id>{}/atom.xml</id>\n",
        escape_attr(&c.default_language), escape_attr(title), escape_attr(&c.description), escape_attr(&feed_dir), escape_attr(&feed_dir), updated, escape_attr(&feed_dir)
    );
    for (p, b) in dated {
        let link = escape_attr(&c.permalink(&p.path));
        let date = p
            .meta
            .date
            .as_ref()
            .map(|d| rfc3339(&d.0))
            .unwrap_or_default();
        let upd = p
            .meta
            .updated
            .as_ref()
            .map(|d| rfc3339(&d.0))
            .unwrap_or_else(|| date.clone());
        let body = b.summary.as_deref().unwrap_or(&b.html);
        // A feed reader resolves the entry's links against the feed: they need the site's sub-path too.
        let body = crate::base_path::prefix_html(body, &base, &c.links);
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <published>{date}</published>\n    <updated>{upd}</updated>\n    <link rel=\"alternate\" href=\"{link}\" type=\"text/html\"/>\n    <id>{link}</id>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            escape_attr(&p.title), escape_attr(&body)
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// Renders the given jobs in parallel; template problems are collected, one per distinct error.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_jobs(
    site: &Site,
    bodies: PageBodies,
    set: &TemplateSet,
    tera: &tera::Tera,
    lookup: &Lookup,
    jobs: &[Job],
    serve_script: Option<&str>,
    sink: Sink,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    // With a sink each page is written as soon as it is rendered, so no page's HTML waits in memory for the
    // others: the build's peak memory stays that of the site graph, whatever the number of pages.
    let results: Vec<(JobResult, Vec<Diagnostic>)> = jobs
        .par_iter()
        .map(|job| {
            // A lean page's body is made here, and its problems (a broken link) found with it.
            let (body, problems) = match *job {
                Job::Page(i) => {
                    let (body, problems) = bodies.page(i);
                    (Some(body), problems)
                }
                _ => (None, Vec::new()),
            };
            let file = render_job(
                site,
                bodies.held,
                body.as_deref(),
                set,
                tera,
                lookup,
                job,
                serve_script,
            );
            (file.and_then(|file| sink_file(file, sink)), problems)
        })
        .collect();
    let mut files = Vec::new();
    // Body problems come first, as the bodies stage reports them before rendering when bodies are held.
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut template_errors: Vec<Diagnostic> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (r, problems) in results {
        errors.extend(problems);
        match r {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(d) => {
                // One broken template fails every page that uses it: report it once, with a count.
                let key = format!(
                    "{}:{}:{}",
                    d.file.display(),
                    d.line,
                    d.message.split(": ").skip(1).collect::<Vec<_>>().join(": ")
                );
                match seen.get(&key) {
                    Some(&idx) => {
                        let e: &mut Diagnostic = &mut template_errors[idx];
                        let n = e
                            .help
                            .as_deref()
                            .and_then(|h| h.strip_prefix("also fails on "))
                            .and_then(|h| h.split(' ').next())
                            .and_then(|x| x.parse::<usize>().ok())
                            .unwrap_or(0);
                        e.help = Some(format!("also fails on {} other page(s)", n + 1));
                    }
                    None => {
                        seen.insert(key, template_errors.len());
                        template_errors.push(d);
                    }
                }
            }
        }
    }
    errors.extend(template_errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(files)
}

/// One job's file (or its template problem).
type JobResult = Result<Option<OutputFile>, Diagnostic>;

/// A rendered file handed to `sink`: written (and then only named) or kept.
fn sink_file(file: Option<OutputFile>, sink: Sink) -> JobResult {
    match (file, sink) {
        (Some(file), Sink::Write(staging)) => {
            staging.write(&file)?;
            Ok(Some(OutputFile::Written {
                path: file.path().to_string(),
            }))
        }
        (Some(file), Sink::Discard) => Ok(Some(OutputFile::Written {
            path: file.path().to_string(),
        })),
        (file, _) => Ok(file),
    }
}

/// Every page the site renders through a template.
pub(crate) fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for i in 0..site.pages.len() {
        jobs.push(Job::Page(i));
    }
    for (i, s) in site.sections.iter().enumerate() {
        let per = s.meta.paginate_by.unwrap_or(0);
        let n = if per == 0 {
            1
        } else {
            s.pages.len().div_ceil(per).max(1)
        };
        for k in 0..n {
            jobs.push(Job::Section(i, k));
        }
    }
    for (ti, t) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(ti));
        for k in 0..t.terms.len() {
            jobs.push(Job::Term(ti, k));
        }
    }
    jobs.push(Job::NotFound);
    jobs
}

/// The template a job renders with (before checking that it exists).
pub(crate) fn job_template(site: &Site, set: &TemplateSet, job: &Job) -> String {
    match *job {
        Job::Page(i) => site.pages[i]
            .meta
            .template
            .clone()
            .unwrap_or_else(|| "page.html".into()),
        Job::Section(i, _) => {
            let s = &site.sections[i];
            let default = if s.path == "/" {
                "index.html"
            } else {
                "section.html"
            };
            s.meta.template.clone().unwrap_or_else(|| default.into())
        }
        Job::TaxonomyList(ti) => {
            let own = format!("{}/list.html", site.taxonomies[ti].name);
            if set.sources.contains_key(&own) {
                own
            } else {
                "taxonomy_list.html".into()
            }
        }
        Job::Term(ti, _) => {
            let own = format!("{}/single.html", site.taxonomies[ti].name);
            if set.sources.contains_key(&own) {
                own
            } else {
                "taxonomy_single.html".into()
            }
        }
        Job::NotFound => "404.html".into(),
    }
}
