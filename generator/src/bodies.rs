//! The bodies stage: each page's and section's final HTML, its links, images and shortcodes resolved in one
//! pass over the placeholders Markdown left, once the graph knows every URL and anchor.

use crate::diagnostic::Diagnostic;
use crate::image_processing::Processor;
use crate::markdown::Rendered;
use crate::shortcodes::{Caller, Shortcodes};
use crate::site::{Draft, Drafts, Site, Sources};
use crate::source_lines::SourceLines;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// One page's or section's final HTML.
#[derive(Debug, Clone, Default)]
pub(crate) struct Body {
    pub html: String,
    /// The part before `<!-- more -->`, when the page has one.
    pub summary: Option<String>,
    /// Set in a lean build (`parse::Hold::Lean`), where `html` is left empty: the hash of the text the body is
    /// made again from in its render job (`page_bodies`).
    pub made_again_from: Option<u64>,
}

/// Every body of the site, by page and section index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bodies {
    pub pages: Vec<Arc<Body>>,
    pub sections: Vec<Arc<Body>>,
}

/// The body page `i` of a new graph may keep from the last build, when nothing it was made from changed
/// (the dev server's); it is given the resolver the other bodies are made with.
pub(crate) type Reuse<'r> = &'r (dyn Fn(&Resolver, usize) -> Option<Arc<Body>> + Sync);

/// What resolving placeholders needs to know about the site.
pub(crate) struct Resolver<'a> {
    site: &'a Site,
    urls: &'a HashSet<String>,
    images: crate::images::Finder<'a>,
    shortcodes: &'a Shortcodes<'a>,
}

impl<'a> Resolver<'a> {
    /// `urls` are every URL the site writes (links resolve against them); `static_dir` is the site's
    /// `static/`, where root-relative images are found; `images` makes their resized copies.
    pub(crate) fn new(
        site: &'a Site,
        urls: &'a HashSet<String>,
        static_dir: Option<&'a Path>,
        images: Option<&'a Processor>,
        shortcodes: &'a Shortcodes<'a>,
    ) -> Self {
        Resolver {
            site,
            urls,
            images: crate::images::Finder::new(site, static_dir, images),
            shortcodes,
        }
    }

    /// The graph bodies are resolved against.
    pub(crate) fn site(&self) -> &'a Site {
        self.site
    }

    /// Every URL the site writes, as links are checked against them.
    pub(crate) fn urls(&self) -> &HashSet<String> {
        self.urls
    }

    /// The body of page `i` from its draft and `rendered` (its Markdown, possibly just edited); `lines` are
    /// what the file kept of its text.
    pub(crate) fn page(
        &self,
        i: usize,
        rendered: &Rendered,
        draft: &Draft,
        lines: &SourceLines,
    ) -> (Body, Vec<Diagnostic>) {
        let p = &self.site.pages[i];
        let caller = self.caller("page", &p.title, &p.path, &p.rel, &p.meta);
        self.body(rendered, draft, &p.rel, &p.shown, lines, &caller)
    }

    /// The body of section `i` from its draft.
    pub(crate) fn section(
        &self,
        i: usize,
        draft: &Draft,
        lines: &SourceLines,
    ) -> (Body, Vec<Diagnostic>) {
        let s = &self.site.sections[i];
        let caller = self.caller("section", &s.title, &s.path, &s.rel, &s.meta);
        self.body(&s.rendered, draft, &s.rel, &s.shown, lines, &caller)
    }

    /// The page or section as its shortcodes see it.
    fn caller<'b>(
        &self,
        kind: &'static str,
        title: &'b str,
        path: &'b str,
        rel: &'b str,
        meta: &'b crate::front_matter::Meta,
    ) -> Caller<'b> {
        Caller {
            kind,
            title,
            path,
            permalink: self.site.config.permalink(path),
            relative_path: rel,
            description: meta.description.as_deref(),
            date: meta.date.as_ref().map(|d| d.0.as_str()),
            taxonomies: &meta.taxonomies,
            extra: &meta.extra,
        }
    }

    fn body(
        &self,
        rendered: &Rendered,
        draft: &Draft,
        rel: &str,
        shown: &Path,
        lines: &SourceLines,
        caller: &Caller,
    ) -> (Body, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let mut locate = |offset: usize, message: String, help: Option<String>| {
            let d = lines.place(Diagnostic::new(shown, message), offset);
            errors.push(match help {
                Some(help) => d.with_help(help),
                None => d,
            });
        };
        for p in &rendered.shortcode_problems {
            locate(p.offset, p.message.clone(), Some(p.help.clone()));
        }
        let links = rendered
            .links
            .iter()
            .map(|link| {
                let url = crate::links::url_for(self.site, link, rendered, rel, self.urls)
                    .unwrap_or_else(|(message, help)| {
                        locate(link.offset, message, Some(help));
                        link.written.clone()
                    });
                crate::markdown::escape_attr(&url)
            })
            .collect();
        let images = crate::images::tags_for(&rendered.images, rel, &self.images, |img, m| {
            locate(img.offset, m, None)
        });
        let mut fill = Fill {
            links,
            images,
            rendered,
            shortcodes: self.shortcodes,
            caller,
            done: vec![None; rendered.shortcodes.len()],
            problems: Vec::new(),
        };
        let mut html = fill.fill(&draft.html);
        // Held for every page until rendering ends: the room kept for filled-in placeholders is given back.
        html.shrink_to_fit();
        // The summary repeats the body's opening: its calls are already rendered, its problems reported.
        let summary = draft.summary.as_deref().map(|s| fill.fill(s));
        for (offset, (message, help)) in std::mem::take(&mut fill.problems) {
            locate(offset, message, Some(help));
        }
        let body = Body {
            html,
            summary,
            made_again_from: draft.made_again_from,
        };
        (body, errors)
    }
}

/// Every page's and section's body, on all cores; every problem, located. Each draft is freed as soon as its
/// body exists, so the site's HTML is never held twice. `reuse` (the dev server's) offers bodies kept from
/// the last build.
pub(crate) fn produce(
    resolver: &Resolver,
    sources: &Sources,
    drafts: Drafts,
    reuse: Option<Reuse>,
) -> (Bodies, Vec<Diagnostic>) {
    let site = resolver.site;
    let (pages, page_errors): (Vec<Arc<Body>>, Vec<Vec<Diagnostic>>) = drafts
        .pages
        .into_par_iter()
        .enumerate()
        .map(|(i, draft)| {
            if let Some(kept) = reuse.and_then(|r| r(resolver, i)) {
                return (kept, Vec::new());
            }
            let (body, errors) = resolver.page(
                i,
                &site.pages[i].rendered,
                &draft,
                lines_of(&sources.pages, i),
            );
            // A lean page has only its summary here: its problems are found when its body is made again.
            let errors = match draft.made_again_from {
                Some(_) => Vec::new(),
                None => errors,
            };
            (Arc::new(body), errors)
        })
        .unzip();
    let (sections, section_errors): (Vec<Arc<Body>>, Vec<Vec<Diagnostic>>) = drafts
        .sections
        .into_par_iter()
        .enumerate()
        .map(|(i, draft)| {
            let (body, errors) = resolver.section(i, &draft, lines_of(&sources.sections, i));
            (Arc::new(body), errors)
        })
        .unzip();
    let errors = page_errors
        .into_iter()
        .chain(section_errors)
        .flatten()
        .collect();
    (Bodies { pages, sections }, errors)
}

fn lines_of(all: &[Arc<SourceLines>], i: usize) -> &SourceLines {
    all.get(i).map_or(SourceLines::none(), |l| l)
}

/// One body's placeholders and what replaces them.
struct Fill<'r> {
    links: Vec<String>,
    images: Vec<String>,
    rendered: &'r Rendered,
    shortcodes: &'r Shortcodes<'r>,
    caller: &'r Caller<'r>,
    /// Each call's HTML once rendered, so the summary reuses it.
    done: Vec<Option<String>>,
    problems: Vec<(usize, crate::shortcodes::Problem)>,
}

const MARK: &str = "@@shoreline:";

impl Fill<'_> {
    /// `html` with every placeholder replaced; a body-form call gets the HTML between its two placeholders,
    /// already filled, so calls nest.
    fn fill(&mut self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        // Open body-form calls: (call, where its body starts in `out`), innermost last.
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find(MARK) {
            out.push_str(&rest[..at]);
            let after = &rest[at + MARK.len()..];
            let Some((kind, n, len)) = placeholder(after) else {
                out.push_str(MARK);
                rest = after;
                continue;
            };
            rest = &after[len..];
            match kind {
                "link" => out.push_str(self.links.get(n).map_or("", String::as_str)),
                "image" => out.push_str(self.images.get(n).map_or("", String::as_str)),
                "shortcode" => out.push_str(&self.call(n, None)),
                "open" => {
                    rest = rest.strip_prefix('\n').unwrap_or(rest);
                    open.push((n, out.len()));
                }
                "close" => {
                    if let Some(&(_, start)) = open.last().filter(|(m, _)| *m == n) {
                        open.pop();
                        let body = out.split_off(start);
                        out.push_str(&self.call(n, Some(body.trim_end())));
                    }
                }
                _ => {
                    out.push_str(MARK);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The HTML of call `n` (rendered once); its problem, if any, is kept for the caller to locate.
    fn call(&mut self, n: usize, body: Option<&str>) -> String {
        if let Some(Some(html)) = self.done.get(n) {
            return html.clone();
        }
        let Some(call) = self.rendered.shortcodes.get(n) else {
            return String::new();
        };
        let nth = self.rendered.shortcodes[..n]
            .iter()
            .filter(|c| c.name == call.name)
            .count()
            + 1;
        let html = match self.shortcodes.render(call, body, self.caller, nth) {
            Ok(html) => html,
            Err(problem) => {
                self.problems.push((call.offset, problem));
                String::new()
            }
        };
        self.done[n] = Some(html.clone());
        html
    }
}

/// `kind:N@@...` -> (kind, N, length up to and with the closing `@@`).
fn placeholder(after: &str) -> Option<(&str, usize, usize)> {
    let end = after.find("@@")?;
    let (kind, n) = after[..end].split_once(':')?;
    Some((kind, n.parse().ok()?, end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_read_their_kind_and_number() {
        assert_eq!(placeholder("link:12@@ rest"), Some(("link", 12, 9)));
        assert_eq!(placeholder("link:x@@"), None);
        assert_eq!(placeholder("link:1"), None);
    }
}
