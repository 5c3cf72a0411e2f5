//! Hostile strings in front matter and the catalog come out inert in the built site (default theme).

mod common;
use common::*;

const EVIL_TITLE: &str = "\\\"><img src=x onerror=alert(1)>";
const EVIL_DESC: &str = "</script><script>alert(2)</script>";

fn evil_site() -> Site {
    let s = Site::empty();
    s.write("shoreline.toml", "base_url = \"https://kb.example.com\"\ntitle = \"<script>alert(3)</script>\"\ntaxonomies = [{ name = \"topics\" }]\ngenerate_feeds = true\n");
    s.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n{{ explorer(needs=\"payroll\", cta_label=\"Talk & 'go'\") }}\n");
    s.write(
        "content/guides/_index.md",
        "+++\ntitle = \"Guides\"\n+++\nGuides.\n",
    );
    s.write(
        "content/guides/evil.md",
        &format!("+++\ntitle = \"{EVIL_TITLE}\"\ndescription = \"{EVIL_DESC}\"\n[taxonomies]\ntopics = [\"<b>x</b>\"]\n+++\nBody.\n"),
    );
    s.write(
        "content/catalog.toml",
        "version = 1\n[[facet]]\nid = \"needs\"\nlabel = \"<img src=x onerror=alert(5)>\"\nkind = \"set\"\nvalues = [ { id = \"payroll\", label = \"</script><script>alert(6)</script>\", page = \"@/guides/evil.md\", keywords = [\"payroll\"] } ]\n",
    );
    s.write(
        "content/services/_index.md",
        "+++\ntitle = \"Services\"\ntemplate = \"catalog.html\"\n+++\n",
    );
    s.write(
        "content/services/evil-service.md",
        &format!("+++\ntitle = \"{EVIL_TITLE}\"\ndescription = \"{EVIL_DESC}\"\n[service]\nneeds = [\"payroll\"]\n+++\nBody.\n"),
    );
    s
}

#[test]
fn hostile_strings_are_escaped_everywhere() {
    let s = evil_site();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut checked = 0;
    for (path, bytes) in snapshot(&s.out()) {
        let name = path.to_string_lossy().into_owned();
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for bad in [
            "<img src=x onerror",
            "<script>alert(",
            "onmouseover=\"alert",
            "<b>x</b>",
        ] {
            if let Some(at) = text.find(bad) {
                let context = &text[at.saturating_sub(120)..(at + 60).min(text.len())];
                panic!("{name} contains raw `{bad}`: …{context}…");
            }
        }
        checked += 1;
    }
    assert!(checked > 8, "checked {checked} files");
    let page = s.read_out("guides/evil/index.html");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "escaped, still readable"
    );
    assert!(
        s.read_out("index.html")
            .contains("cta-label=\"Talk &amp; &#39;go&#39;\""),
        "shortcode arguments are escaped as attribute values"
    );
    // catalog.json stays valid JSON that holds the strings as data.
    let json = s.read_out("catalog.json");
    let cat = shoreline_catalog::from_json(&json).unwrap();
    assert_eq!(cat.services[0].summary, EVIL_DESC);
    // A quote smuggled into a shortcode argument ends the value; what follows is an unknown argument, refused
    // at its line rather than written into the page.
    s.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n{{ explorer(needs=\"payroll\\\" onmouseover=\\\"alert(4)\") }}\n");
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/_index.md:4"), "{}", stderr(&o));
    assert!(!s.read_out("index.html").contains("onmouseover"));
}

#[test]
fn javascript_urls_cannot_be_facet_pages() {
    let s = evil_site();
    s.write(
        "content/catalog.toml",
        "version = 1\n[[facet]]\nid = \"needs\"\nlabel = \"Needs\"\nkind = \"set\"\nvalues = [ { id = \"payroll\", label = \"Payroll\", page = \"javascript:alert(1)\" } ]\n",
    );
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`javascript:alert(1)` is not a page of this site"),
        "{}",
        stderr(&o)
    );
}
