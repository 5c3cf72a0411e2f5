//! A valid fixture site builds into the files a reader expects.

mod common;
use common::*;

#[test]
fn builds_pages_sections_taxonomies_and_feeds() {
    let s = Site::new();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let line = stdout(&o);
    assert!(line.starts_with("built 3 pages, 2 sections,"), "{line}");
    assert!(
        line.contains(" in ") && line.trim_end().ends_with('s'),
        "{line}"
    );

    let inbound = s.read_out("call-centers/inbound/index.html");
    assert!(inbound.contains("<h1>Inbound</h1>"));
    // Duplicate headings get unique ids; the TOC lists both.
    assert!(
        inbound.contains("id=\"pricing\"") && inbound.contains("id=\"pricing-1\""),
        "{inbound}"
    );
    assert!(
        inbound.contains("<div class=toc>pricing pricing-1 </div>"),
        "{inbound}"
    );
    // Relative file links become URLs.
    assert!(
        inbound.contains("href=\"/call-centers/outbound/\""),
        "{inbound}"
    );
    // Summary stops at <!-- more -->.
    assert!(
        inbound.contains("<aside><p>Customers call you.</p>\n</aside>"),
        "{inbound}"
    );
    // Breadcrumbs from the ancestors.
    assert!(
        inbound.contains(
            "<nav><a href=\"/\">Home</a><a href=\"/call-centers/\">Call centers</a></nav>"
        ),
        "{inbound}"
    );
    // Taxonomy links and pages.
    assert!(
        inbound.contains("href=\"/tags/front-office/\""),
        "{inbound}"
    );
    let term = s.read_out("tags/voice/index.html");
    assert!(
        term.find("Outbound").unwrap() < term.find("Inbound").unwrap(),
        "newest first: {term}"
    );
    let list = s.read_out("tags/index.html");
    assert!(list.contains("voice (2)"), "{list}");

    // Anchored link on the home page.
    let home = s.read_out("index.html");
    assert!(
        home.contains("href=\"/call-centers/inbound/#pricing\""),
        "{home}"
    );
    assert!(home.contains("href=\"/call-centers/\""), "{home}");

    // Section sorted by weight; YAML front matter works; title falls back to the first heading.
    let sec = s.read_out("call-centers/index.html");
    let (a, b, c) = (
        sec.find("Inbound").unwrap(),
        sec.find("Outbound").unwrap(),
        sec.find("Virtual call centers").unwrap(),
    );
    assert!(a < b && b < c, "{sec}");

    let sitemap = s.read_out("sitemap.xml");
    assert!(sitemap.contains("<loc>https://kb.example.com/call-centers/outbound/</loc>"));
    assert!(sitemap.contains("<lastmod>2024-01-03</lastmod>"));
    assert!(s.read_out("atom.xml").contains("<title>Outbound</title>"));
    assert!(s
        .read_out("robots.txt")
        .contains("Sitemap: https://kb.example.com/sitemap.xml"));
    assert!(s.read_out("404.html").contains("Page not found"));
    assert!(s.out().join(".shoreline-output").is_file());
}

#[test]
fn two_builds_are_byte_identical() {
    let s = Site::new();
    assert!(s.build().status.success());
    let first = snapshot(&s.out());
    assert!(s.build().status.success());
    assert_eq!(first, snapshot(&s.out()));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let s = Site::new();
    s.write(
        "content/call-centers/secret.md",
        "+++\ntitle = \"Secret\"\ndraft = true\n+++\nHidden.\n",
    );
    assert!(s.build().status.success());
    assert!(!s.out().join("call-centers/secret").exists());
    let o = s.cli(&["build", "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.out().join("call-centers/secret/index.html").is_file());
}

#[test]
fn slugs_aliases_pagination_and_static_files() {
    let s = Site::new();
    s.write("content/call-centers/crm.md", "+++\ntitle = \"CRM\"\nslug = \"crm-centers\"\naliases = [\"/old/crm/\"]\nweight = 4\n+++\nCRM.\n");
    s.write(
        "content/call-centers/_index.md",
        "+++\ntitle = \"Call centers\"\nsort_by = \"weight\"\npaginate_by = 2\n+++\nAll kinds.\n",
    );
    s.write("static/img/logo.svg", "<svg/>");
    s.write("content/call-centers/diagram.png", "png");
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s
        .out()
        .join("call-centers/crm-centers/index.html")
        .is_file());
    let redirect = s.read_out("old/crm/index.html");
    assert!(
        redirect.contains("url=https://kb.example.com/call-centers/crm-centers/"),
        "{redirect}"
    );
    let p1 = s.read_out("call-centers/index.html");
    assert!(
        p1.contains("Inbound") && p1.contains("Outbound") && !p1.contains("CRM"),
        "{p1}"
    );
    assert!(p1.contains("href=\"/call-centers/page/2/\""), "{p1}");
    let p2 = s.read_out("call-centers/page/2/index.html");
    assert!(p2.contains("Virtual") && p2.contains("CRM"), "{p2}");
    assert_eq!(s.read_out("img/logo.svg"), "<svg/>");
    assert_eq!(s.read_out("call-centers/diagram.png"), "png");
}

#[test]
fn check_validates_without_writing() {
    let s = Site::new();
    let o = s.cli(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("no problems"));
    assert!(!s.out().exists());
}

#[test]
fn base_url_flag_changes_permalinks() {
    let s = Site::new();
    let o = s.cli(&["build", "--base-url", "http://127.0.0.1:9999/"]);
    assert!(o.status.success());
    assert!(s
        .read_out("sitemap.xml")
        .contains("<loc>http://127.0.0.1:9999/call-centers/</loc>"));
}

#[test]
fn init_makes_a_site_that_builds_with_the_default_theme() {
    let d = tempfile::tempdir().unwrap();
    let site = d.path().join("new-site");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let page =
        std::fs::read_to_string(site.join("public/guides/getting-started/index.html")).unwrap();
    assert!(page.contains("Getting started"));
    assert!(
        site.join("public/style.css").is_file(),
        "the default theme's stylesheet is copied"
    );
    // init refuses to overwrite.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(!o.status.success());
}

#[test]
fn raw_html_can_be_disabled_in_config() {
    let s = Site::new();
    s.write(
        "content/call-centers/raw.md",
        "+++\ntitle = \"Raw\"\n+++\n<script>alert(1)</script>\n\nText <b>bold</b>.\n",
    );
    assert!(s.build().status.success());
    assert!(s
        .read_out("call-centers/raw/index.html")
        .contains("<script>alert(1)</script>"));
    s.write(
        "shoreline.toml",
        &format!("{CONFIG}[markdown]\nunsafe_html = false\n"),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read_out("call-centers/raw/index.html");
    assert!(!page.contains("<script>alert(1)</script>"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
}

/// A taxonomy list is rendered without its terms' pages when its templates never read them (a saving at
/// scale); one that reads them, here through an include, still gets every page.
#[test]
fn taxonomy_list_gets_term_pages_when_its_templates_read_them() {
    let s = Site::new();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let plain = s.read_out("tags/index.html");
    assert!(plain.contains("voice (2)"), "{plain}");
    s.write(
        "templates/taxonomy_list.html",
        "{% extends \"base.html\" %}{% block body %}{% include \"terms.html\" %}{% endblock %}",
    );
    s.write(
        "templates/terms.html",
        "{% for t in terms %}<h2>{{ t.name }}</h2>{% for p in t.pages %}<a href=\"{{ p.path }}\">{{ p.title }}</a>{% endfor %}{% endfor %}",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let listed = s.read_out("tags/index.html");
    assert!(
        listed.contains("<h2>voice</h2><a href=\"/call-centers/outbound/\">Outbound</a><a href=\"/call-centers/inbound/\">Inbound</a>"),
        "{listed}"
    );
}

#[test]
fn taxonomy_feeds_when_asked() {
    let s = Site::new();
    s.write(
        "shoreline.toml",
        &CONFIG.replace("{ name = \"tags\" }", "{ name = \"tags\", feed = true }"),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let feed = s.read_out("tags/voice/atom.xml");
    assert!(feed.contains("<title>Fixture KB: voice</title>"), "{feed}");
    assert!(
        feed.contains("<link href=\"https://kb.example.com/tags/voice/atom.xml\" rel=\"self\""),
        "{feed}"
    );
    assert!(
        feed.contains("<title>Outbound</title>") && feed.contains("<title>Inbound</title>"),
        "{feed}"
    );
    assert!(!s
        .read_out("tags/front-office/atom.xml")
        .contains("Outbound"));
}

#[test]
fn links_to_paths_another_app_serves_pass_once_declared() {
    let s = Site::new();
    s.write(
        "content/call-centers/contact.md",
        "+++\ntitle = \"Contact\"\n+++\n[Talk to sales](/contact/) or [log in](/app/login#top).\n",
    );
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("no page has the URL `/contact/`"), "{err}");
    assert!(
        err.contains("served_elsewhere"),
        "the help names the switch: {err}"
    );
    s.write(
        "shoreline.toml",
        &format!("{CONFIG}[links]\nserved_elsewhere = [\"/contact\", \"/app/\"]\n"),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let html = s.read_out("call-centers/contact/index.html");
    assert!(
        html.contains("href=\"/contact/\"") && html.contains("href=\"/app/login#top\""),
        "{html}"
    );
    // A page of the site under no declared prefix is still checked.
    s.write(
        "content/call-centers/contact.md",
        "+++\ntitle = \"Contact\"\n+++\n[gone](/contacts/)\n",
    );
    assert_eq!(
        s.build().status.code(),
        Some(1),
        "/contacts/ is not under /contact"
    );
    s.write(
        "shoreline.toml",
        &format!("{CONFIG}[links]\nserved_elsewhere = [\"contact\"]\n"),
    );
    let o = s.build();
    assert!(stderr(&o).contains("shoreline.toml:6"), "{}", stderr(&o));
}

#[test]
fn github_callouts_render_with_their_role_and_label() {
    let s = Site::new();
    let kinds = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];
    let body: String = kinds
        .iter()
        .map(|k| format!("> [!{k}]\n> About *{k}*.\n\n"))
        .collect();
    s.write(
        "content/call-centers/callouts.md",
        &format!("+++\ntitle = \"Callouts\"\n+++\n## Callout\n\n{body}> An ordinary quote.\n"),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let html = s.read_out("call-centers/callouts/index.html");
    let mut ids = Vec::new();
    for kind in kinds {
        let class = kind.to_lowercase();
        let title = format!("{}{}", &kind[..1], &class[1..]);
        let open =
            format!("<div class=\"callout callout--{class}\" role=\"note\" aria-labelledby=\"");
        let at = html
            .find(&open)
            .unwrap_or_else(|| panic!("no {kind} callout in {html}"));
        let id: String = html[at + open.len()..]
            .chars()
            .take_while(|&c| c != '"')
            .collect();
        assert!(
            html.contains(&format!(
                "<p class=\"callout__title\" id=\"{id}\">{title}</p>"
            )),
            "{kind}: the label names the callout"
        );
        assert!(html.contains(&format!("About <em>{kind}</em>.")));
        ids.push(id);
    }
    // Titles' ids are unique, also against the heading "Callout".
    ids.push("callout".into());
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(
        html.contains("<blockquote>\n<p>An ordinary quote.</p>\n</blockquote>"),
        "{html}"
    );
}

#[test]
fn markdown_images_get_their_size_and_lazy_loading_and_missing_ones_are_located() {
    let s = Site::new();
    s.write(
        "static/images/flow.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\"><title>Flow</title></svg>",
    );
    // A 3x2 PNG beside the page, narrower than every copy width and with WebP off: just its size (copies and
    // WebP are tested in images.rs).
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(3, 2)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    s.write_bytes("content/call-centers/photo.png", png.get_ref());
    s.write(
        "shoreline.toml",
        &format!("{CONFIG}[images]\nwebp = false\n"),
    );
    s.write(
        "content/call-centers/pictures.md",
        "+++\ntitle = \"Pictures\"\n+++\n![How work flows](/images/flow.svg)\n\n![A photo](photo.png \"Desk\")\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let html = s.read_out("call-centers/pictures/index.html");
    assert!(
        html.contains("<img src=\"/images/flow.svg\" alt=\"How work flows\" width=\"640\" height=\"360\" decoding=\"async\">"),
        "the first image loads at once, with its size: {html}"
    );
    assert!(
        html.contains("<img src=\"/call-centers/photo.png\" alt=\"A photo\" title=\"Desk\" width=\"3\" height=\"2\" loading=\"lazy\" decoding=\"async\">"),
        "a later image is lazy, and a page-relative source is written from the root: {html}"
    );
    s.write(
        "content/call-centers/pictures.md",
        "+++\ntitle = \"Pictures\"\n+++\nText.\n\n![Gone](/images/gone.png)\n",
    );
    fails(
        &s,
        &[
            "content/call-centers/pictures.md:6:1",
            "image `/images/gone.png` not found",
        ],
    );
}

#[test]
fn a_rebuild_keeps_the_time_of_every_unchanged_file() {
    let s = Site::new();
    s.write("static/site.css", "body{}\n");
    assert!(s.build().status.success());
    let time = |rel: &str| {
        std::fs::metadata(s.out().join(rel))
            .and_then(|m| m.modified())
            .unwrap()
    };
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for rel in ["index.html", "call-centers/inbound/index.html", "site.css"] {
        std::fs::File::options()
            .write(true)
            .open(s.out().join(rel))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    s.write(
        "content/call-centers/inbound.md",
        "+++\ntitle = \"Inbound\"\nweight = 1\n+++\nChanged.\n\n## Pricing\n\nPer minute.\n",
    );
    assert!(s.build().status.success());
    assert_eq!(time("index.html"), old, "an unchanged page keeps its time");
    assert_ne!(
        time("call-centers/inbound/index.html"),
        old,
        "a changed page is new"
    );
    let source = std::fs::metadata(s.root().join("static/site.css"))
        .and_then(|m| m.modified())
        .unwrap();
    assert_eq!(
        time("site.css"),
        source,
        "a copied file has its source's time"
    );
}
