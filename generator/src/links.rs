//! Checks internal links against the graph: the URL each one points at, or why it points nowhere.

use crate::markdown::{InternalLink, Rendered};
use crate::site::{Node, Site};
use std::collections::HashSet;

/// Every URL the site writes a page for.
pub(crate) fn known_urls(site: &Site) -> HashSet<String> {
    let mut urls: HashSet<String> = HashSet::new();
    urls.extend(site.pages.iter().map(|p| p.path.to_string()));
    urls.extend(site.sections.iter().map(|s| s.path.clone()));
    urls.extend(site.aliases.keys().cloned());
    for t in &site.taxonomies {
        urls.insert(t.path.clone());
        urls.extend(t.terms.iter().map(|t| t.path.clone()));
    }
    urls
}

type LinkError = (String, String);

/// Whether the URL path a link names resolves: another app serves it, or the site writes a page there.
pub(crate) fn url_resolves(site: &Site, path: &str, urls: &HashSet<String>) -> bool {
    site.config.links.is_served_elsewhere(path) || urls.contains(&*with_slash(path))
}

/// A URL path as pages are known by, with its trailing slash.
pub(crate) fn with_slash(path: &str) -> std::borrow::Cow<'_, str> {
    if path.ends_with('/') {
        path.into()
    } else {
        format!("{path}/").into()
    }
}

/// The URL link `link` of a body points at, or why it cannot (`own`: the linking body, for its anchors).
pub(crate) fn url_for(
    site: &Site,
    link: &InternalLink,
    own: &Rendered,
    rel: &str,
    urls: &HashSet<String>,
) -> Result<String, LinkError> {
    if let Some(path) = &link.url_path {
        if !url_resolves(site, path, urls) {
            return Err((
                format!(
                    "broken link `{}`: no page has the URL `{}`",
                    link.written,
                    with_slash(path)
                ),
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
    let node = site
        .by_rel
        .get(link.target.as_str())
        .copied()
        .ok_or_else(|| {
            let mut help =
                "internal links name a file under content/, e.g. `@/call-centers/inbound.md`"
                    .to_string();
            let names: Vec<&str> = site.by_rel.keys().map(|k| &**k).collect();
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
        Node::Page(i) => (&*site.pages[i].path, &site.pages[i].rendered.anchors),
        Node::Section(i) => (
            site.sections[i].path.as_str(),
            &site.sections[i].rendered.anchors,
        ),
    };
    match &link.anchor {
        None => Ok(path.to_string()),
        Some(a) if a.is_empty() => Ok(path.to_string()),
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
