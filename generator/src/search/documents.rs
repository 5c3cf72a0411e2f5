//! What the search index reads from the site graph: one plain-text document per page and section.

use crate::bodies::Bodies;
use crate::markdown::TocEntry;
use crate::site::{Page, Section, Site};
use rayon::prelude::*;
use shoreline_catalog::{Catalog, NEEDS_FACET};

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
pub(crate) fn stream<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    catalog: Option<&'a Catalog>,
) -> (
    Vec<String>,
    Vec<(String, String)>,
    impl IndexedParallelIterator<Item = Document> + 'a,
) {
    let reader = Reader::new(site, catalog);
    let (sections, needs) = reader.tables();
    let for_sections = reader.clone();
    let pages = site
        .pages
        .par_iter()
        .zip(&bodies.pages)
        .map(move |(p, b)| reader.page(p, &b.html));
    let section_docs =
        sections_of(site, bodies).map(move |(i, s, html)| for_sections.section(i, s, html));
    (sections, needs, pages.chain(section_docs))
}

/// Every section with its body, in document order after the pages.
pub(crate) fn sections_of<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
) -> impl IndexedParallelIterator<Item = (usize, &'a Section, &'a str)> + 'a {
    site.sections
        .par_iter()
        .zip(&bodies.sections)
        .enumerate()
        .map(|(i, (s, b))| (i, s, b.html.as_str()))
}

/// Makes documents: from a page or section and its body's HTML, with the site's sub-path on its URL and, for a
/// service page, its needs.
#[derive(Clone)]
pub(crate) struct Reader<'a> {
    site: &'a Site,
    catalog: Option<&'a Catalog>,
    /// The catalog's needs facet, when the site has a catalog.
    needs: Option<usize>,
    /// The path of the site's `base_url`.
    base: String,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(site: &'a Site, catalog: Option<&'a Catalog>) -> Self {
        let needs = catalog.and_then(|c| c.schema.facet_index(NEEDS_FACET));
        Reader {
            site,
            catalog,
            needs,
            base: crate::base_path::of(&site.config.base_url),
        }
    }

    /// The section titles and the catalog's needs as (id, label): the tables documents point into.
    pub(crate) fn tables(&self) -> (Vec<String>, Vec<(String, String)>) {
        let sections = self.site.sections.iter().map(|s| s.title.clone()).collect();
        let needs = match (self.catalog, self.needs) {
            (Some(c), Some(f)) => c.schema.facets[f]
                .values
                .iter()
                .map(|v| (v.id.clone(), v.label.clone()))
                .collect(),
            _ => Vec::new(),
        };
        (sections, needs)
    }

    /// Page `p`'s document from its body's HTML.
    pub(crate) fn page(&self, p: &Page, html: &str) -> Document {
        let body = plain_text(html, MAX_BODY_WORDS);
        let description = p.meta.description.clone().unwrap_or_default();
        let needs = if crate::catalog_site::is_service_page(p) {
            self.needs_of(&crate::catalog_site::service_slug(p))
        } else {
            Vec::new()
        };
        Document {
            title: p.title.to_string(),
            url: self.url(&p.path),
            section: p.section,
            headings: headings(&p.rendered.toc),
            excerpt: excerpt(&description, &body),
            body: format!("{description} {body}"),
            needs,
        }
    }

    /// Section `i`'s document from its body's HTML.
    pub(crate) fn section(&self, i: usize, s: &Section, html: &str) -> Document {
        let body = plain_text(html, MAX_BODY_WORDS);
        let description = s.meta.description.clone().unwrap_or_default();
        Document {
            title: s.title.clone(),
            url: self.url(&s.path),
            section: s.parent.unwrap_or(i),
            headings: headings(&s.rendered.toc),
            excerpt: excerpt(&description, &body),
            body: format!("{description} {body}"),
            needs: Vec::new(),
        }
    }

    /// The index is read by a script, not rewritten with the pages: its URLs carry the site's sub-path here.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The indexes of a service's needs in the needs table.
    fn needs_of(&self, slug: &str) -> Vec<usize> {
        let (Some(c), Some(f)) = (self.catalog, self.needs) else {
            return Vec::new();
        };
        c.services
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .and_then(|i| c.services.get(i))
            .map(|s| s.facets.values(f).to_vec())
            .unwrap_or_default()
    }
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
