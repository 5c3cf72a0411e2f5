//! What search engines and chat apps read about a page: JSON-LD (a BreadcrumbList on every page, `Service` on
//! service pages, `ItemList` on a section listing services, `FAQPage` where a page has a frequently-asked
//! section) and the title card fields of OpenGraph and Twitter, as one typed template value, `seo`.

use crate::bodies::Body;
use crate::markdown::TocEntry;
use crate::site::Site;
use serde::Serialize;

/// The template value `seo`: the card fields and the JSON-LD, ready to print.
#[derive(Debug, Serialize)]
pub(crate) struct Seo {
    pub title: String,
    pub description: String,
    /// The page's canonical address.
    pub url: String,
    /// OpenGraph type: `article` for pages, `website` for the rest.
    pub kind: &'static str,
    pub site_name: String,
    /// JSON-LD text, safe inside `<script type="application/ld+json">`.
    pub json_ld: String,
}

#[derive(Serialize)]
struct Graph {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
enum Node {
    BreadcrumbList {
        #[serde(rename = "itemListElement")]
        items: Vec<ListItem>,
    },
    ItemList {
        name: String,
        #[serde(rename = "numberOfItems")]
        count: usize,
        #[serde(rename = "itemListElement")]
        items: Vec<ListItem>,
    },
    Service {
        name: String,
        description: String,
        url: String,
        provider: Organization,
        #[serde(rename = "serviceType", skip_serializing_if = "Option::is_none")]
        service_type: Option<String>,
    },
    #[serde(rename = "FAQPage")]
    FaqPage {
        #[serde(rename = "mainEntity")]
        questions: Vec<Question>,
    },
}

#[derive(Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: String,
    item: String,
}

#[derive(Serialize)]
struct Organization {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    url: String,
}

#[derive(Serialize)]
struct Question {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(rename = "acceptedAnswer")]
    answer: Answer,
}

#[derive(Serialize)]
struct Answer {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: String,
}

/// Headings that open a frequently-asked section; its `###` headings ending in `?` are the questions.
const FAQ_HEADINGS: [&str; 3] = ["frequently asked", "faq", "common questions"];
/// Longest description a card shows before it is cut, in characters.
const DESCRIPTION_CHARS: usize = 200;
/// Text read from a page for its description: far more than `DESCRIPTION_CHARS`, so entities and runs of
/// whitespace collapsing cannot leave it short.
const DESCRIPTION_TEXT_BYTES: usize = 16 * DESCRIPTION_CHARS;

/// `seo` for page `i`; `service_type` names the kind of service when the page is one.
pub(crate) fn for_page(site: &Site, body: &Body, i: usize, service_type: Option<String>) -> Seo {
    let p = &site.pages[i];
    let url = site.config.permalink(&p.path);
    let description = describe(
        site,
        p.meta.description.as_deref(),
        body.summary.as_deref().or(Some(&body.html)),
    );
    let mut graph = vec![breadcrumbs(site, Some(p.section), Some((&p.title, &url)))];
    if p.meta.has_service {
        graph.push(Node::Service {
            name: p.title.to_string(),
            description: description.clone(),
            url: url.clone(),
            provider: provider(site),
            service_type,
        });
    }
    let questions = faq(&p.rendered.toc, &body.html);
    if !questions.is_empty() {
        graph.push(Node::FaqPage { questions });
    }
    seo(site, &p.title, description, url, "article", graph)
}

/// `seo` for section `i` (its first pager page): an ItemList when it lists service pages.
pub(crate) fn for_section(site: &Site, body: &Body, i: usize, path: &str) -> Seo {
    let s = &site.sections[i];
    let url = site.config.permalink(path);
    let description = describe(site, s.meta.description.as_deref(), Some(&body.html));
    let here = (s.parent.is_some()).then_some((s.title.as_str(), url.as_str()));
    let mut graph = vec![breadcrumbs(site, s.parent, here)];
    let services: Vec<ListItem> = s
        .pages
        .iter()
        .map(|&j| &site.pages[j])
        .filter(|p| p.meta.has_service)
        .enumerate()
        .map(|(n, p)| list_item(n + 1, &p.title, site.config.permalink(&p.path)))
        .collect();
    if !services.is_empty() {
        graph.push(Node::ItemList {
            name: s.title.clone(),
            count: services.len(),
            items: services,
        });
    }
    let title = if s.parent.is_none() {
        site.config.title.clone()
    } else {
        s.title.clone()
    };
    seo(site, &title, description, url, "website", graph)
}

/// `seo` for a generated page (taxonomy list or term): home, then `trail` (name, path) in order.
pub(crate) fn for_listing(site: &Site, trail: &[(&str, &str)]) -> Seo {
    let (title, path) = trail.last().copied().unwrap_or(("", "/"));
    let mut items = vec![list_item(1, &site.config.title, site.config.permalink("/"))];
    for (n, (name, path)) in trail.iter().enumerate() {
        items.push(list_item(n + 2, name, site.config.permalink(path)));
    }
    let description = describe(site, None, None);
    let url = site.config.permalink(path);
    let graph = vec![Node::BreadcrumbList { items }];
    seo(site, title, description, url, "website", graph)
}

fn seo(
    site: &Site,
    title: &str,
    description: String,
    url: String,
    kind: &'static str,
    graph: Vec<Node>,
) -> Seo {
    let json = serde_json::to_string(&Graph {
        context: "https://schema.org",
        graph,
    })
    .unwrap_or_default();
    Seo {
        title: title.to_string(),
        description,
        url,
        kind,
        site_name: site.config.title.clone(),
        // No `<` at all, so nothing in a title can end or confuse the script element; JSON reads the escapes.
        json_ld: json
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    }
}

/// Home, the sections above, then `here` (name, absolute URL) when it is not the home page itself.
fn breadcrumbs(site: &Site, section: Option<usize>, here: Option<(&str, &str)>) -> Node {
    let mut items: Vec<ListItem> = site
        .ancestors(section)
        .into_iter()
        .map(|s| {
            let s = &site.sections[s];
            let name = if s.parent.is_none() {
                &site.config.title
            } else {
                &s.title
            };
            (name.clone(), site.config.permalink(&s.path))
        })
        .chain(here.map(|(name, url)| (name.to_string(), url.to_string())))
        .enumerate()
        .map(|(n, (name, url))| list_item(n + 1, &name, url))
        .collect();
    if items.is_empty() {
        items.push(list_item(1, &site.config.title, site.config.permalink("/")));
    }
    Node::BreadcrumbList { items }
}

fn list_item(position: usize, name: &str, item: String) -> ListItem {
    ListItem {
        kind: "ListItem",
        position,
        name: name.to_string(),
        item,
    }
}

/// `[provider]` in shoreline.toml, else the site itself.
fn provider(site: &Site) -> Organization {
    let given = site.config.provider.as_ref();
    Organization {
        kind: "Organization",
        name: given.map_or_else(|| site.config.title.clone(), |p| p.name.clone()),
        url: given
            .and_then(|p| p.url.clone())
            .unwrap_or_else(|| site.config.permalink("/")),
    }
}

/// The front matter's description, else the start of the given HTML as text, else the site's description.
fn describe(site: &Site, description: Option<&str>, html: Option<&str>) -> String {
    let text = match description.filter(|d| !d.trim().is_empty()) {
        Some(d) => d.trim().to_string(),
        // A description needs the page's opening only: reading a long page whole on every render would not.
        None => html
            .map(|h| plain_text_upto(h, DESCRIPTION_TEXT_BYTES, DESCRIPTION_CHARS))
            .unwrap_or_default(),
    };
    if text.is_empty() {
        return site.config.description.clone();
    }
    shorten(&text, DESCRIPTION_CHARS)
}

/// Cuts at a word boundary with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '.']))
}

/// Tags that end a line of text: a space stands in for them, where inline tags (`<em>`) leave none.
const BLOCK_TAGS: [&str; 12] = [
    "p",
    "div",
    "li",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "td",
    "th",
    "tr",
    "blockquote",
];

/// The text of an HTML fragment: tags dropped, the common entities read, whitespace collapsed.
fn plain_text(html: &str) -> String {
    plain_text_upto(html, usize::MAX, usize::MAX)
}

/// `plain_text` of the fragment's start: reading stops once `max_bytes` of raw text are gathered, or once the
/// text has more than `max_chars` characters (a description is cut from its opening; reading on would only
/// be thrown away).
fn plain_text_upto(html: &str, max_bytes: usize, max_chars: usize) -> String {
    let mut text = Collapsed::default();
    // Raw bytes read so far, counting the space a block tag stands for.
    let mut raw = 0;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        if raw >= max_bytes || text.chars > max_chars {
            return text.out;
        }
        raw += open;
        text.push(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            return text.out;
        };
        let tag = rest[open + 1..open + close].trim_start_matches('/');
        let end = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        if BLOCK_TAGS
            .iter()
            .any(|b| b.eq_ignore_ascii_case(&tag[..end]))
        {
            raw += 1;
            text.push(" ");
        }
        rest = &rest[open + close + 1..];
    }
    text.push(rest);
    text.out
}

/// Text with its entities decoded and every run of whitespace one space, trimmed, built piece by piece.
#[derive(Default)]
struct Collapsed {
    out: String,
    chars: usize,
    /// Whitespace was seen since the last word: a space goes before the next one.
    gap: bool,
}

impl Collapsed {
    fn push(&mut self, raw: &str) {
        // An entity never spans a tag, so each piece decodes on its own as the whole text would.
        let decoded = raw
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        for c in decoded.chars() {
            if c.is_whitespace() {
                self.gap = true;
                continue;
            }
            if std::mem::take(&mut self.gap) && !self.out.is_empty() {
                self.out.push(' ');
                self.chars += 1;
            }
            self.out.push(c);
            self.chars += 1;
        }
    }
}

/// The questions of a frequently-asked section: each `###` heading ending in `?` under a `##` heading named
/// like "Frequently asked questions", with the text up to the next heading as its answer.
fn faq(toc: &[TocEntry], html: &str) -> Vec<Question> {
    let section = toc.iter().find(|h| {
        let title = h.title.to_lowercase();
        FAQ_HEADINGS.iter().any(|f| title.contains(f))
    });
    let Some(section) = section else {
        return Vec::new();
    };
    section
        .children
        .iter()
        .filter(|q| q.title.trim_end().ends_with('?'))
        .filter_map(|q| {
            let text = plain_text(answer_html(html, &q.id)?);
            (!text.is_empty()).then(|| Question {
                kind: "Question",
                name: q.title.clone(),
                answer: Answer {
                    kind: "Answer",
                    text,
                },
            })
        })
        .collect()
}

/// The HTML between the heading with `id` and the next heading of any level.
fn answer_html<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = at + html[at..].find("</h")? + 5;
    let rest = html.get(start..)?;
    let end = ["<h1", "<h2", "<h3", "<h4"]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_read_from_the_opening_is_the_one_read_from_the_whole_page() {
        let html = "<h1>Title &amp; more</h1>\n\n  <p>First   words &lt;here&gt;</p>".to_string()
            + &"<p>Lorem ipsum dolor <em>sit</em> amet, consectetur.</p>\n".repeat(400);
        let opening = plain_text_upto(&html, DESCRIPTION_TEXT_BYTES, DESCRIPTION_CHARS);
        assert!(opening.len() < 400, "{}", opening.len());
        assert_eq!(
            shorten(&opening, DESCRIPTION_CHARS),
            shorten(&plain_text(&html), DESCRIPTION_CHARS)
        );
        assert!(opening.starts_with("Title & more First words <here> Lorem ipsum dolor sit amet,"));
    }

    fn heading(level: u8, id: &str, title: &str, children: Vec<TocEntry>) -> TocEntry {
        TocEntry {
            level,
            id: id.into(),
            title: title.into(),
            children,
        }
    }

    #[test]
    fn questions_under_a_faq_heading_become_faq_entries_with_their_answers() {
        let html = "<h2 id=\"faq\">Frequently asked questions</h2>\
            <h3 id=\"q1\">Is BPO only for big firms?</h3><p>No. Small firms <em>often</em> start with one process.</p>\
            <h3 id=\"note\">A note</h3><p>Not a question.</p>\
            <h3 id=\"q2\">How long does a transition take?</h3><p>Four to six weeks &amp; more.</p>\
            <h2 id=\"next\">Next</h2><p>Elsewhere.</p>";
        let toc = vec![
            heading(
                2,
                "faq",
                "Frequently asked questions",
                vec![
                    heading(3, "q1", "Is BPO only for big firms?", vec![]),
                    heading(3, "note", "A note", vec![]),
                    heading(3, "q2", "How long does a transition take?", vec![]),
                ],
            ),
            heading(2, "next", "Next", vec![]),
        ];
        let qs = faq(&toc, html);
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].name, "Is BPO only for big firms?");
        assert_eq!(
            qs[0].answer.text,
            "No. Small firms often start with one process."
        );
        assert_eq!(qs[1].answer.text, "Four to six weeks & more.");
        // "Questions to ask a provider" is a checklist, not questions with answers.
        let checklist = vec![heading(
            2,
            "ask",
            "Questions to ask a provider",
            vec![heading(3, "q", "Who owns the data?", vec![])],
        )];
        assert!(faq(&checklist, html).is_empty());
    }

    #[test]
    fn descriptions_are_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
        assert_eq!(plain_text("<p>a <b>b</b>\n c</p>"), "a b c");
        assert_eq!(
            plain_text("<p>Check the <strong>contract</strong>.</p><p>Next</p>"),
            "Check the contract. Next"
        );
    }
}
