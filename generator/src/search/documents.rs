//! What the search index reads from the site graph: one plain-text document per page and section.

use crate::bodies::Bodies;
use crate::markdown::TocEntry;
use crate::site::{Page, Section, Site};
use rayon::prelude::*;
use shoreline_catalog::{Catalog, NEEDS_FACET};
use std::sync::Mutex;

/// One searchable page or section, in plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Document {
    pub title: String,
    /// URL path, `/bpo/payroll/`.
    pub url: String,
    /// Index into `Documents::sections` (the owning section's title).
    pub section: usize,
    /// The headings' text, one after another.
    pub headings: String,
    /// The body without tags.
    pub body: String,
    /// The description, or the body's first words: what a result shows under its title.
    pub excerpt: String,
    /// For a service page, indexes of its needs in `Documents::needs`.
    pub needs: Vec<usize>,
}

/// Every document plus the tables they point into.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Documents {
    pub docs: Vec<Document>,
    /// Section titles, shared by all the documents of a section.
    pub sections: Vec<String>,
    /// The catalog's needs as (id, label), when the site has a catalog.
    pub needs: Vec<(String, String)>,
}

/// How many words of the body stand in for a missing description.
const EXCERPT_WORDS: usize = 30;
/// Body words indexed per page (title, headings and description always are). Reading every word of a
/// 10,000-page site took about 40% of the build's rendering time; the opening of a page says what it is about,
/// and the headings carry the rest.
pub(crate) const MAX_BODY_WORDS: usize = 250;

/// Reads pages (services included) and sections; the root section's page is the home page. The documents
/// come as a stream, made on all cores in document order, for the index to read each one's words as it is
/// made: the text of every page is never held at once. With the stream come the tables the documents point
/// into: the section titles and the catalog's needs.
///
/// A lean build's pages hold no body: their texts come from `kept`, filled as their render jobs made them.
pub(crate) fn stream<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    kept: Option<&'a [Mutex<Option<String>>]>,
    catalog: Option<&'a Catalog>,
) -> (
    Vec<String>,
    Vec<(String, String)>,
    impl IndexedParallelIterator<Item = Document> + 'a,
) {
    let sections: Vec<String> = site.sections.iter().map(|s| s.title.clone()).collect();
    let (needs, needs_by_slug) = catalog_needs(catalog);
    // The index is read by a script, not rewritten with the pages: its URLs carry the site's sub-path here.
    let base = crate::base_path::of(&site.config.base_url);
    let with_base = move |mut doc: Document| {
        if !base.is_empty() {
            doc.url = format!("{base}{}", doc.url);
        }
        doc
    };
    let pages = site
        .pages
        .par_iter()
        .zip(&bodies.pages)
        .enumerate()
        .map(move |(i, (p, b))| {
            let text = match kept.and_then(|k| k.get(i)) {
                Some(slot) => slot
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_default(),
                None => page_text(&b.html),
            };
            page_document(p, text, &needs_by_slug)
        });
    let section_docs = site
        .sections
        .par_iter()
        .zip(&bodies.sections)
        .enumerate()
        .map(|(i, (s, b))| section_document(i, s, &b.html));
    (sections, needs, pages.chain(section_docs).map(with_base))
}

/// The part of a page's body the index reads.
pub(crate) fn page_text(html: &str) -> String {
    plain_text(html, MAX_BODY_WORDS)
}

fn page_document(
    p: &Page,
    body: String,
    needs_by_slug: &(impl Fn(&str) -> Vec<usize> + Sync),
) -> Document {
    let description = p.meta.description.clone().unwrap_or_default();
    let needs = if crate::catalog_site::is_service_page(p) {
        needs_by_slug(&crate::catalog_site::service_slug(p))
    } else {
        Vec::new()
    };
    Document {
        title: p.title.clone(),
        url: p.path.clone(),
        section: p.section,
        headings: headings(&p.rendered.toc),
        excerpt: excerpt(&description, &body),
        body: format!("{description} {body}"),
        needs,
    }
}

fn section_document(i: usize, s: &Section, html: &str) -> Document {
    let body = plain_text(html, MAX_BODY_WORDS);
    let description = s.meta.description.clone().unwrap_or_default();
    Document {
        title: s.title.clone(),
        url: s.path.clone(),
        section: s.parent.unwrap_or(i),
        headings: headings(&s.rendered.toc),
        excerpt: excerpt(&description, &body),
        body: format!("{description} {body}"),
        needs: Vec::new(),
    }
}

/// The needs facet's values, and a lookup from a service slug to the indexes of its needs.
fn catalog_needs(
    catalog: Option<&Catalog>,
) -> (
    Vec<(String, String)>,
    impl Fn(&str) -> Vec<usize> + Sync + '_,
) {
    let facet = catalog.and_then(|c| c.schema.facet_index(NEEDS_FACET));
    let needs = match (catalog, facet) {
        (Some(c), Some(f)) => c.schema.facets[f]
            .values
            .iter()
            .map(|v| (v.id.clone(), v.label.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let by_slug = move |slug: &str| -> Vec<usize> {
        let (Some(c), Some(f)) = (catalog, facet) else {
            return Vec::new();
        };
        c.services
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .and_then(|i| c.services.get(i))
            .map(|s| s.facets.values(f).to_vec())
            .unwrap_or_default()
    };
    (needs, by_slug)
}

fn headings(toc: &[TocEntry]) -> String {
    let mut out = String::new();
    let mut stack: Vec<&TocEntry> = toc.iter().rev().collect();
    while let Some(e) = stack.pop() {
        out.push_str(&e.title);
        out.push(' ');
        stack.extend(e.children.iter().rev());
    }
    out
}

fn excerpt(description: &str, body: &str) -> String {
    let source = if description.trim().is_empty() {
        body
    } else {
        description
    };
    let words: Vec<&str> = source.split_whitespace().take(EXCERPT_WORDS + 1).collect();
    let mut out = words
        .iter()
        .take(EXCERPT_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if words.len() > EXCERPT_WORDS {
        out.push('…');
    }
    out
}

/// The text of an HTML fragment, up to about `max_words` words: tags dropped (each one a word break), scripts
/// and styles skipped, the entities the Markdown renderer writes decoded. Not a general HTML parser: it only
/// reads our own output.
pub(crate) fn plain_text(html: &str, max_words: usize) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut words = 0;
    while let Some(lt) = rest.find('<') {
        if words >= max_words {
            return out;
        }
        words += rest[..lt].split_whitespace().count();
        push_decoded(&rest[..lt], &mut out);
        out.push(' ');
        let after = &rest[lt..];
        let skip_to = ["script", "style"].iter().find_map(|name| {
            let open = after.get(1..=name.len())?;
            open.eq_ignore_ascii_case(name)
                .then(|| {
                    after
                        .find(&format!("</{name}>"))
                        .map(|e| e + name.len() + 3)
                })
                .flatten()
        });
        let end = skip_to.or_else(|| after.find('>').map(|e| e + 1));
        rest = match end {
            Some(e) => &after[e..],
            None => "",
        };
    }
    push_decoded(rest, &mut out);
    out
}

fn push_decoded(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let entity = after.find(';').filter(|e| *e <= 8).map(|e| &after[..=e]);
        let decoded = match entity {
            Some("&amp;") => Some('&'),
            Some("&lt;") => Some('<'),
            Some("&gt;") => Some('>'),
            Some("&quot;") => Some('"'),
            Some("&#39;") | Some("&#x27;") => Some('\''),
            Some("&nbsp;") => Some(' '),
            _ => None,
        };
        match (decoded, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e.len()..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_scripts_and_decodes_entities() {
        let html = "<h2 id=\"x\">Pay &amp; roll</h2><p>Hi<script>var a = '<b>';</script> there&nbsp;&lt;3 &bogus</p>";
        let text = plain_text(html, 100);
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, ["Pay", "&", "roll", "Hi", "there", "<3", "&bogus"]);
        let long = "<p>one two three</p>".repeat(50);
        let cut = plain_text(&long, 10);
        assert_eq!(
            cut.split_whitespace().count(),
            12,
            "stops at the first tag past the limit"
        );
    }

    #[test]
    fn excerpt_prefers_the_description_and_cuts_long_bodies() {
        assert_eq!(excerpt("Short one.", "body"), "Short one.");
        let long = "w ".repeat(40);
        let e = excerpt("", &long);
        assert_eq!(e.split_whitespace().count(), EXCERPT_WORDS);
        assert!(e.ends_with('…'));
    }
}
