//! A lean build (each page's body made again in its render job, none held between stages: what a large site
//! gets) writes the same bytes and reports the same problems as a build that holds every page's HTML.

mod common;
use common::*;
use shoreline::pipeline::{build, BuildOptions, HoldHtml};
use std::path::Path;

fn build_with(root: &Path, out: &Path, hold_html: HoldHtml) -> Result<bool, String> {
    build(&BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        write: true,
        hold_html,
        ..BuildOptions::default()
    })
    .map(|report| report.lean)
    .map_err(|problems| {
        problems
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn the_bundled_site_built_lean_is_byte_for_byte_the_held_build() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (held, lean) = (tmp.path().join("held"), tmp.path().join("lean"));
    assert_eq!(build_with(repo_root(), &held, HoldHtml::Always), Ok(false));
    assert_eq!(build_with(repo_root(), &lean, HoldHtml::Never), Ok(true));
    let (a, b) = (snapshot(&held), snapshot(&lean));
    // The catalog's service pages (shortcodes), the search index and the feeds are all in it.
    for must in [
        "services/index.html",
        "search/meta.json",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(a.contains_key(Path::new(must)), "{must} is not built");
    }
    let differ: Vec<_> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(differ.is_empty(), "lean and held builds differ: {differ:?}");
}

/// Summaries, shortcodes in a summary and a body, a taxonomy feed and a pager: every place a body is read.
fn fixture() -> Site {
    let s = Site::new();
    s.write(
        "shoreline.toml",
        "base_url = \"https://kb.example.com/kb\"\ntitle = \"Fixture KB\"\ntaxonomies = [{ name = \"tags\", feed = true }]\ngenerate_feeds = true\n",
    );
    s.write(
        "templates/shortcodes/note.html",
        "<aside class=note>{{ body | safe }} ({{ page.title }}, {{ nth }})</aside>",
    );
    s.write(
        "content/call-centers/notes.md",
        "+++\ntitle = \"Notes\"\ndate = 2024-02-01\n[taxonomies]\ntags = [\"voice\"]\n+++\n{% note() %}\nOpening with [inbound](@/call-centers/inbound.md).\n{% end %}\n\n<!-- more -->\n\n{% note() %}\nLater.\n{% end %}\n\n![chart](/missing-not-needed.png \"x\")\n",
    );
    s
}

#[test]
fn a_fixture_with_summaries_shortcodes_and_feeds_builds_the_same_lean() {
    let s = fixture();
    // The image above is root-relative and missing: drop it so the site builds.
    s.write(
        "content/call-centers/notes.md",
        "+++\ntitle = \"Notes\"\ndate = 2024-02-01\n[taxonomies]\ntags = [\"voice\"]\n+++\n{% note() %}\nOpening with [inbound](@/call-centers/inbound.md).\n{% end %}\n\n<!-- more -->\n\n{% note() %}\nLater.\n{% end %}\n",
    );
    let (held, lean) = (s.root().join("held"), s.root().join("lean"));
    assert_eq!(build_with(s.root(), &held, HoldHtml::Always), Ok(false));
    assert_eq!(build_with(s.root(), &lean, HoldHtml::Never), Ok(true));
    let (a, b) = (snapshot(&held), snapshot(&lean));
    let page = String::from_utf8_lossy(&a[Path::new("call-centers/notes/index.html")]).into_owned();
    assert!(
        page.contains("Later.</p> (Notes, 2)</aside>")
            && page.contains("<aside><aside class=note><p>Opening"),
        "{page}"
    );
    assert!(a.contains_key(Path::new("tags/voice/atom.xml")));
    assert_eq!(a, b, "lean and held builds differ");
}

#[test]
fn a_lean_build_reports_every_body_problem_a_held_one_does() {
    let s = fixture();
    s.write(
        "content/call-centers/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nSee [nothing](@/call-centers/none.md) and {{ nosuch() }}.\n",
    );
    let held = build_with(s.root(), &s.root().join("held"), HoldHtml::Always).unwrap_err();
    let lean = build_with(s.root(), &s.root().join("lean"), HoldHtml::Never).unwrap_err();
    for expected in [
        "content/call-centers/broken.md:4:",
        "none.md",
        "nosuch",
        "content/call-centers/notes.md:17:",
        "missing-not-needed.png",
    ] {
        assert!(held.contains(expected), "held: `{expected}` in\n{held}");
    }
    let sorted = |s: &str| {
        let mut l: Vec<String> = s.lines().map(str::to_string).collect();
        l.sort();
        l
    };
    assert_eq!(sorted(&held), sorted(&lean));
    assert!(!s.root().join("lean").join("index.html").exists());
}
