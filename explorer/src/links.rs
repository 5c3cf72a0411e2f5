//! The URLs the widget writes: service pages and guides (relative to catalog.json) and call-to-action links.

use web_sys::Url;

/// `url` resolved against `base`; None when either is not a URL, or when it is not a web address
/// (`javascript:`, `data:` and the like never reach an `href`).
pub(crate) fn absolute(url: &str, base: &str) -> Option<String> {
    Url::new_with_base(url, base)
        .ok()
        .filter(is_web)
        .map(|u| u.href())
}

/// Whether a URL is an http(s) address: the only kind the widget links to.
fn is_web(url: &Url) -> bool {
    matches!(url.protocol().as_str(), "http:" | "https:")
}

/// A link from catalog.json (a service or guide URL) as an absolute URL, resolved against catalog.json's own
/// URL so that it points at the knowledge base even when the widget is embedded on another origin.
/// A file reference left as written in catalog.toml ("@/guides/x.md#a") maps to the page's pretty URL,
/// relative to the site root where catalog.json lives.
pub(crate) fn site_link(link: &str, catalog_url: &str) -> Option<String> {
    match link.strip_prefix("@/") {
        Some(file) => absolute(&pretty_url(file), catalog_url),
        None => absolute(link, catalog_url),
    }
}

/// "guides/bpo.md#x" -> "guides/bpo/#x"; "bpo/_index.md" -> "bpo/".
fn pretty_url(file: &str) -> String {
    let (path, anchor) = match file.split_once('#') {
        Some((path, anchor)) => (path, ["#", anchor].concat()),
        None => (file, String::new()),
    };
    let path = path.strip_suffix(".md").unwrap_or(path);
    let path = path
        .strip_suffix("_index")
        .or_else(|| path.strip_suffix("index"))
        .unwrap_or(path);
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        anchor
    } else {
        [path, "/", &anchor].concat()
    }
}

/// The call-to-action URL for one service: the configured href with `service=<slug>` added, keeping its own
/// query, plus any utm_* parameters of the host page it does not set itself (campaign pass-through).
pub(crate) fn cta_link(cta_href: &str, slug: Option<&str>) -> Option<String> {
    // Only http(s) and relative addresses: a `javascript:` call to action would run on the host page.
    let url = Url::new_with_base(cta_href, &crate::settings::page_base())
        .ok()
        .filter(is_web)?;
    let params = url.search_params();
    if let Some(slug) = slug {
        params.set("service", slug);
    }
    let page_query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if let Ok(page_params) = web_sys::UrlSearchParams::new_with_str(&page_query) {
        for name in UTM_PARAMS {
            if let (Some(value), false) = (page_params.get(name), params.has(name)) {
                params.set(name, &value);
            }
        }
    }
    url.set_search(&params.to_string().as_string().unwrap_or_default());
    Some(url.href())
}

const UTM_PARAMS: [&str; 5] = [
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
];

#[cfg(test)]
mod tests {
    use super::pretty_url;

    #[test]
    fn file_references_map_to_pretty_urls() {
        assert_eq!(
            pretty_url("guides/bpo-vs-call-center.md#the-test"),
            "guides/bpo-vs-call-center/#the-test"
        );
        assert_eq!(pretty_url("bpo/_index.md"), "bpo/");
        assert_eq!(pretty_url("_index.md#top"), "#top");
    }
}
