//! Checks every internal link against the graph and writes the target URLs into the rendered HTML.

use crate::diagnostic::Diagnostic;
use crate::markdown::{link_placeholder, InternalLink, Rendered};
use crate::site::{Node, Site};
use std::collections::HashSet;
use std::path::Path;

/// Fills the link placeholders of every page and section; broken links and anchors become diagnostics.
/// `page_texts`/`section_texts` are the whole files, for locating errors.
pub fn resolve(
    site: &mut Site,
    page_texts: &[&str],
    section_texts: &[&str],
    errors: &mut Vec<Diagnostic>,
) {
    let urls = known_urls(site);
    let filled: Vec<(String, Option<String>, Vec<Diagnostic>)> = {
        use rayon::prelude::*;
        let s: &Site = site;
        s.pages
            .par_iter()
            .zip(page_texts.par_iter())
            .map(|(p, text)| {
                let mut errs = Vec::new();
                let html = fill(
                    s,
                    &p.rendered.html,
                    &p.rendered,
                    &p.rel,
                    &p.shown,
                    text,
                    &urls,
                    &mut errs,
                );
                // The summary repeats the body's first links; their problems are already reported.
                let summary = p.rendered.summary.as_ref().map(|x| {
                    fill(
                        s,
                        x,
                        &p.rendered,
                        &p.rel,
                        &p.shown,
                        text,
                        &urls,
                        &mut Vec::new(),
                    )
                });
                (html, summary, errs)
            })
            .collect()
    };
    for (p, (html, summary, errs)) in site.pages.iter_mut().zip(filled) {
        p.content = html;
        p.summary = summary;
        errors.extend(errs);
    }
    let mut section_html = Vec::new();
    for (s, text) in site.sections.iter().zip(section_texts) {
        let mut errs = Vec::new();
        section_html.push(fill(
            site,
            &s.rendered.html,
            &s.rendered,
            &s.rel,
            &s.shown,
            text,
            &urls,
            &mut errs,
        ));
        errors.extend(errs);
    }
    for (s, html) in site.sections.iter_mut().zip(section_html) {
        s.content = html;
    }
}

/// Every URL the site writes a page for.
pub fn known_urls(site: &Site) -> HashSet<String> {
    let mut urls: HashSet<String> = HashSet::new();
    urls.extend(site.pages.iter().map(|p| p.path.clone()));
    urls.extend(site.sections.iter().map(|s| s.path.clone()));
    urls.extend(site.aliases.keys().cloned());
    for t in &site.taxonomies {
        urls.insert(t.path.clone());
        urls.extend(t.terms.iter().map(|t| t.path.clone()));
    }
    urls
}

/// Writes resolved URLs into one rendered body; link problems go to `errors`.
#[allow(clippy::too_many_arguments)]
pub fn fill(
    site: &Site,
    html: &str,
    own: &Rendered,
    rel: &str,
    shown: &Path,
    text: &str,
    urls: &HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) -> String {
    if own.links.is_empty() {
        return html.to_string();
    }
    let mut out = html.to_string();
    for (n, link) in own.links.iter().enumerate() {
        let url = match target_url(site, link, own, rel, urls) {
            Ok(u) => u,
            Err((msg, help)) => {
                errors.push(
                    Diagnostic::new(shown, msg)
                        .at_offset(text, link.offset)
                        .with_help(help),
                );
                link.written.clone()
            }
        };
        let ph = link_placeholder(n);
        out = out.replacen(&ph, &crate::markdown::escape_attr(&url), usize::MAX);
    }
    out
}

type LinkError = (String, String);

fn target_url(
    site: &Site,
    link: &InternalLink,
    own: &Rendered,
    rel: &str,
    urls: &HashSet<String>,
) -> Result<String, LinkError> {
    if let Some(path) = &link.url_path {
        if site.config.links.is_served_elsewhere(path) {
            return Ok(match &link.anchor {
                Some(a) => format!("{path}#{a}"),
                None => path.clone(),
            });
        }
        let with_slash = if path.ends_with('/') {
            path.clone()
        } else {
            format!("{path}/")
        };
        if !urls.contains(&with_slash) {
            return Err((
                format!("broken link `{}`: no page has the URL `{with_slash}`", link.written),
                "link to the Markdown file instead (`@/section/page.md`) so the build can follow renames; a path \
                 another app serves on this domain goes in `[links] served_elsewhere` in shoreline.toml"
                    .into(),
            ));
        }
        return Ok(match &link.anchor {
            Some(a) => format!("{path}#{a}"),
            None => path.clone(),
        });
    }
    if link.target.is_empty() {
        let anchor = link.anchor.clone().unwrap_or_default();
        if !anchor.is_empty() && !own.anchors.contains(&anchor) {
            return Err((
                format!("broken anchor `#{anchor}`: no heading on this page has that id"),
                anchor_help(&own.anchors),
            ));
        }
        return Ok(format!("#{anchor}"));
    }
    let node = site.by_rel.get(&link.target).copied().ok_or_else(|| {
        let mut help =
            "internal links name a file under content/, e.g. `@/call-centers/inbound.md`"
                .to_string();
        let names: Vec<&str> = site.by_rel.keys().map(String::as_str).collect();
        if let Some(m) = crate::diagnostic::did_you_mean(&link.target, names) {
            help = format!("did you mean `@/{m}`?");
        }
        if link.target.starts_with("..") {
            help = "the link climbs above content/".into();
        }
        (
            format!(
                "broken link `{}`: `{}` is not a page of this site (from {rel})",
                link.written, link.target
            ),
            help,
        )
    })?;
    let (path, anchors) = match node {
        Node::Page(i) => (&site.pages[i].path, &site.pages[i].rendered.anchors),
        Node::Section(i) => (&site.sections[i].path, &site.sections[i].rendered.anchors),
    };
    match &link.anchor {
        None => Ok(path.clone()),
        Some(a) if a.is_empty() => Ok(path.clone()),
        Some(a) => {
            if anchors.iter().any(|x| x == a) {
                Ok(format!("{path}#{a}"))
            } else {
                Err((
                    format!(
                        "broken anchor `{}`: `{}` has no heading with id `{a}`",
                        link.written, link.target
                    ),
                    anchor_help(anchors),
                ))
            }
        }
    }
}

fn anchor_help(anchors: &[String]) -> String {
    if anchors.is_empty() {
        "that page has no headings".into()
    } else {
        let list: Vec<&str> = anchors.iter().take(12).map(String::as_str).collect();
        format!("heading ids there: {}", list.join(", "))
    }
}
