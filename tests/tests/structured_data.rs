//! What search engines and link previews read from the bundled site: every page's JSON-LD parses and carries
//! the fields each type requires, and every page has a canonical link and its title card.

mod common;
use common::*;
use serde_json::Value;

/// The JSON-LD of a page: the text of its one `application/ld+json` script, parsed.
fn json_ld(url: &str, html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    assert_eq!(html.matches(open).count(), 1, "{url}: one JSON-LD script");
    let start = html.find(open).unwrap() + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end])
        .unwrap_or_else(|e| panic!("{url}: JSON-LD does not parse: {e}"))
}

fn nodes<'a>(doc: &'a Value, kind: &str) -> Vec<&'a Value> {
    doc["@graph"]
        .as_array()
        .map(|g| g.iter().filter(|n| n["@type"] == kind).collect())
        .unwrap_or_default()
}

fn text<'a>(node: &'a Value, field: &str, url: &str) -> &'a str {
    let v = node[field].as_str().unwrap_or_default();
    assert!(!v.trim().is_empty(), "{url}: `{field}` is empty in {node}");
    v
}

fn meta(html: &str, attr: &str, name: &str) -> Option<String> {
    let key = format!("<meta {attr}=\"{name}\" content=\"");
    let start = html.find(&key)? + key.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

#[test]
fn every_page_carries_valid_json_ld_a_canonical_link_and_a_title_card() {
    let out = tempfile::tempdir().unwrap();
    let site = build_bundled(out.path());
    let base = "http://127.0.0.1:1111";
    let (mut services, mut faqs) = (0, 0);
    for (url, html) in pages(&site) {
        let doc = json_ld(&url, &html);
        assert_eq!(doc["@context"], "https://schema.org", "{url}");
        // Breadcrumbs: positions count from 1, every item is an absolute URL, the last one is this page.
        let crumbs = nodes(&doc, "BreadcrumbList");
        assert_eq!(crumbs.len(), 1, "{url}: one BreadcrumbList");
        let items = crumbs[0]["itemListElement"].as_array().expect("items");
        assert!(!items.is_empty(), "{url}");
        for (n, item) in items.iter().enumerate() {
            assert_eq!(item["@type"], "ListItem");
            assert_eq!(item["position"], n + 1, "{url}");
            text(item, "name", &url);
            assert!(text(item, "item", &url).starts_with(base), "{url}: {item}");
        }
        assert_eq!(
            items.last().unwrap()["item"],
            format!("{base}{url}"),
            "{url}"
        );
        for service in nodes(&doc, "Service") {
            services += 1;
            text(service, "name", &url);
            text(service, "description", &url);
            assert_eq!(service["url"], format!("{base}{url}"));
            assert_eq!(service["provider"]["@type"], "Organization");
            assert_eq!(
                service["provider"]["name"], "Shoreline",
                "[provider] in shoreline.toml"
            );
        }
        for faq in nodes(&doc, "FAQPage") {
            let questions = faq["mainEntity"].as_array().expect("questions");
            assert!(!questions.is_empty(), "{url}");
            for q in questions {
                assert!(text(q, "name", &url).ends_with('?'));
                text(&q["acceptedAnswer"], "text", &url);
            }
            faqs += 1;
        }
        // The card and the canonical link.
        let canonical = format!("<link rel=\"canonical\" href=\"{base}{url}\">");
        assert!(html.contains(&canonical), "{url}: no {canonical}");
        assert_eq!(
            meta(&html, "property", "og:url").as_deref(),
            Some(format!("{base}{url}").as_str())
        );
        for (attr, name) in [
            ("property", "og:title"),
            ("property", "og:description"),
            ("property", "og:type"),
            ("name", "twitter:card"),
        ] {
            let value = meta(&html, attr, name).unwrap_or_default();
            assert!(!value.trim().is_empty(), "{url}: no {name}");
        }
    }
    assert!(
        services >= 40,
        "only {services} service pages carry a Service"
    );
    assert!(
        faqs >= 1,
        "no page carries its frequently-asked section as FAQPage"
    );
    // The catalog lists its services for search engines.
    let catalog = json_ld(
        "/services/",
        &std::fs::read_to_string(site.join("services/index.html")).unwrap(),
    );
    let list = nodes(&catalog, "ItemList");
    assert_eq!(list.len(), 1);
    let items = list[0]["itemListElement"].as_array().unwrap();
    assert_eq!(list[0]["numberOfItems"], items.len());
    assert_eq!(
        items.len(),
        services,
        "every service page is in the catalog's ItemList"
    );
}
