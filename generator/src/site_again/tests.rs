//! The graph again against the full graph, after each kind of edit the dev server sees.

use super::*;
use crate::load::RawFile;
use crate::markdown::MdOptions;
use crate::site::{graph, GraphOptions};
use std::path::PathBuf;

const CONFIG: &str = "base_url = \"https://x.org\"\ntaxonomies = [{ name = \"tags\" }]\n";

fn config() -> Config {
    Config::parse(CONFIG, std::path::Path::new("shoreline.toml")).expect("config")
}

fn file(rel: &str, text: &str) -> RawFile {
    RawFile {
        shown: PathBuf::from(format!("content/{rel}")),
        rel: rel.to_string(),
        text: text.to_string(),
    }
}

fn news(i: usize, date: &str, tags: &str) -> String {
    format!(
        "+++\ntitle = \"News {i}\"\ndate = {date}\n[taxonomies]\ntags = [{tags}]\n+++\nBody {i}.\n"
    )
}

/// A small site: a root, a date-sorted section and a title-sorted one, pages with tags and an alias.
fn files() -> Vec<RawFile> {
    let mut files = vec![
        file("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        file(
            "news/_index.md",
            "+++\ntitle = \"News\"\nsort_by = \"date\"\n+++\n",
        ),
        file(
            "guides/_index.md",
            "+++\ntitle = \"Guides\"\nsort_by = \"title\"\n+++\n",
        ),
    ];
    for i in 0..6 {
        let tag = format!("\"t{}\"", i % 2);
        files.push(file(
            &format!("news/n{i}.md"),
            &news(i, &format!("2024-01-1{i}"), &tag),
        ));
        files.push(file(
            &format!("guides/g{i}.md"),
            &format!(
                "+++\ntitle = \"{} guide\"\naliases = [\"/old/g{i}/\"]\n+++\n# Guide\n",
                ["b", "a", "c"][i % 3]
            ),
        ));
    }
    files
}

fn parsed(files: Vec<RawFile>) -> Vec<Arc<ParsedFile>> {
    let (parsed, errors) = crate::parse::parse_all(files, MdOptions::from_config(&config()), false);
    assert!(errors.is_empty(), "{errors:?}");
    parsed.into_iter().map(Arc::new).collect()
}

fn full(parsed: &[Arc<ParsedFile>], previous: Option<&Site>) -> Graph {
    let opts = GraphOptions {
        drafts: false,
        previous,
    };
    graph(config(), parsed.to_vec(), Vec::new(), opts, Vec::new())
}

/// Everything a render reads from the graph, in a stable order, with the problems found making it.
fn shape(g: &Graph) -> String {
    let site = &g.site;
    let mut by_rel: Vec<_> = site.by_rel.iter().collect();
    by_rel.sort_by(|a, b| a.0.cmp(b.0));
    let drafts: Vec<&str> = g.drafts.pages.iter().map(|d| d.html.as_str()).collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{by_rel:?}\n{drafts:?}\n{:?}",
        site.pages, site.sections, site.taxonomies, site.aliases, g.errors
    )
}

/// The last graph's parses with file `rel` parsed again from `text`, or added in file order: what the dev
/// server's cache holds after an edit.
fn edited(before: &[Arc<ParsedFile>], rel: &str, text: &str) -> Vec<Arc<ParsedFile>> {
    let again = parsed(vec![file(rel, text)]).remove(0);
    let mut after = before.to_vec();
    match after.iter().position(|p| p.rel == rel) {
        Some(at) => after[at] = again,
        None => {
            let at = after
                .iter()
                .position(|p| !p.is_section() && p.rel > again.rel)
                .unwrap_or(after.len());
            after.insert(at, again);
        }
    }
    after
}

fn removed(before: &[Arc<ParsedFile>], rels: &[&str]) -> Vec<Arc<ParsedFile>> {
    let mut after = before.to_vec();
    after.retain(|p| !rels.contains(&p.rel.as_str()));
    after
}

/// The graph again after `after`, which must take this path and give the full graph.
fn again_matches_full(last: &Graph, after: &[Arc<ParsedFile>], what: &str) -> Graph {
    let again = pages_again(&last.site, after).unwrap_or_else(|| panic!("{what}: not taken"));
    let again = graph_again(&last.site, again, config(), Vec::new(), Vec::new());
    assert_eq!(shape(&again), shape(&full(after, None)), "{what}");
    again
}

#[test]
fn an_edit_that_moves_nothing_keeps_every_url() {
    let before = parsed(files());
    let last = full(&before, None);
    assert!(last.errors.is_empty(), "{:?}", last.errors);
    let text = "+++\ntitle = \"Retitled news\"\ndate = 2024-01-12\n[taxonomies]\ntags = [\"t0\"]\n+++\nNew body.\n";
    let after = edited(&before, "news/n2.md", text);
    let again = again_matches_full(&last, &after, "title and body");
    assert!(shape(&again).contains("Retitled news"));
    assert!(again.same_urls);
}

#[test]
fn edits_that_move_pages_give_the_full_graph() {
    let before = parsed(files());
    let last = full(&before, None);
    let moving = [
        ("later date", "news/n2.md", news(2, "2024-02-01", "\"t0\"")),
        ("new term", "news/n2.md", news(2, "2024-01-12", "\"t9\"")),
        ("no term", "news/n0.md", news(0, "2024-01-10", "")),
        // The first page of term t0 names it.
        (
            "respelled term",
            "news/n0.md",
            news(0, "2024-01-10", "\"T0\""),
        ),
        (
            "retitled in a title-sorted section",
            "guides/g1.md",
            "+++\ntitle = \"z guide\"\naliases = [\"/old/g1/\"]\n+++\n".into(),
        ),
        (
            "another alias",
            "guides/g1.md",
            "+++\ntitle = \"a guide\"\naliases = [\"/older/g1/\"]\n+++\n".into(),
        ),
        (
            "another slug",
            "guides/g1.md",
            "+++\ntitle = \"a guide\"\nslug = \"moved\"\naliases = [\"/old/g1/\"]\n+++\n".into(),
        ),
        (
            "a draft now",
            "news/n3.md",
            "+++\ntitle = \"N3\"\ndraft = true\n+++\n".into(),
        ),
        // Problems come out as the full graph finds them; two pages with one title and URL list in file order.
        (
            "a slug clash",
            "guides/g4.md",
            "+++\ntitle = \"a guide\"\nslug = \"g1\"\n+++\n".into(),
        ),
        (
            "a page added",
            "news/n9.md",
            news(9, "2024-01-13", "\"t1\", \"fresh\""),
        ),
        // Before every other page in file order: it names term t1 now.
        (
            "a first page added",
            "guides/a.md",
            news(7, "2023-01-01", "\"T1\""),
        ),
        (
            "a page on an alias",
            "old/g0.md",
            "+++\ntitle = \"Old\"\n+++\n".into(),
        ),
    ];
    for (what, rel, text) in moving {
        let after: Vec<_> = edited(&before, rel, &text)
            .into_iter()
            .filter(|p| !p.meta.draft)
            .collect();
        let again = again_matches_full(&last, &after, what);
        // These move a page in its lists or rename a term, but no URL comes or goes.
        let same = [
            "later date",
            "no term",
            "respelled term",
            "retitled in a title-sorted section",
        ];
        assert_eq!(again.same_urls, same.contains(&what), "{what}");
    }
}

#[test]
fn pages_removed_give_the_full_graph() {
    let before = parsed(files());
    let last = full(&before, None);
    let cases: [(&str, &[&str]); 4] = [
        ("one page", &["news/n1.md"]),
        (
            "every page of a term",
            &["news/n1.md", "news/n3.md", "news/n5.md"],
        ),
        (
            "the page naming a term, and an alias",
            &["news/n0.md", "guides/g0.md"],
        ),
        (
            "a whole section's pages",
            &[
                "guides/g0.md",
                "guides/g1.md",
                "guides/g2.md",
                "guides/g3.md",
                "guides/g4.md",
                "guides/g5.md",
            ],
        ),
    ];
    for (what, rels) in cases {
        let after = removed(&before, rels);
        let again = again_matches_full(&last, &after, what);
        assert!(!again.same_urls, "{what}");
    }
    // Added and removed in one batch.
    let after = edited(
        &removed(&before, &["news/n4.md"]),
        "news/n8.md",
        &news(8, "2024-01-09", "\"t0\""),
    );
    again_matches_full(&last, &after, "one in, one out");
}

#[test]
fn what_only_the_full_graph_can_tell_is_left_to_it() {
    let before = parsed(files());
    let last = full(&before, None);
    let left = [
        (
            "a section's own front matter",
            edited(
                &before,
                "news/_index.md",
                "+++\ntitle = \"News\"\nsort_by = \"title\"\n+++\n",
            ),
        ),
        (
            "an undeclared taxonomy",
            edited(
                &before,
                "news/n1.md",
                "+++\ntitle = \"N1\"\n[taxonomies]\ncategories = [\"x\"]\n+++\n",
            ),
        ),
        (
            "a section added",
            edited(&before, "more/_index.md", "+++\ntitle = \"More\"\n+++\n"),
        ),
        ("files in another order", {
            let mut after = before.clone();
            let n = after.len();
            after.swap(n - 1, n - 2);
            after
        }),
    ];
    for (what, after) in left {
        assert!(pages_again(&last.site, &after).is_none(), "{what}");
        // Through `graph`, the previous graph changes nothing: the full graph is made.
        assert_eq!(
            shape(&full(&after, Some(&last.site))),
            shape(&full(&after, None)),
            "{what}"
        );
    }
}
