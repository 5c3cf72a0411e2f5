//! The graph again after an edit that moves nothing: the dev server's last graph, with the pages whose parse
//! changed made anew and everything else (order, taxonomies, URL claims, the by-path index) kept from it.
//!
//! A title or summary edit at 10,000 pages would otherwise make every page, sort every section, and claim every
//! URL again, for a graph that differs from the last one in one page. The full graph (`site::graph`) stays the
//! reference: this path only answers when the result is provably the one the full graph would give, and
//! otherwise says so and leaves the work to it.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::load::Asset;
use crate::parse::ParsedFile;
use crate::site::{drafts_of, list_key, page_of, parent_dir, sources_of, Graph, Page, Site};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What changed since the last graph, when nothing moved: the pages anew, with the parses behind the pages and
/// the sections.
pub(crate) struct Again {
    pages: Vec<Page>,
    page_parsed: Vec<Arc<ParsedFile>>,
    section_parsed: SectionParses,
}

/// The graph of `again`: `previous` with its pages replaced, its order, taxonomies, URL claims and by-path
/// index kept.
pub(crate) fn graph_again(
    previous: &Site,
    again: Again,
    config: Config,
    assets: Vec<Asset>,
    errors: Vec<Diagnostic>,
) -> Graph {
    let Again {
        pages,
        page_parsed,
        section_parsed,
    } = again;
    Graph {
        site: Site {
            config,
            pages,
            sections: previous.sections.clone(),
            taxonomies: previous.taxonomies.clone(),
            assets,
            by_rel: previous.by_rel.clone(),
            aliases: previous.aliases.clone(),
        },
        sources: sources_of(&page_parsed, &section_parsed),
        drafts: drafts_of(&page_parsed, &section_parsed),
        errors,
        same_urls: true,
    }
}

/// Parsed sections by section index (`None` for a made-up one), as the full graph lists them.
type SectionParses = Vec<Option<Arc<ParsedFile>>>;

/// The pages of `ok` (the parsed files, drafts already left out) where the pages of `previous` stood, or `None`
/// when anything the rest of the graph depends on moved: a file added, removed or renamed, a section edited, a
/// page's URL, list position, terms, date or aliases changed, or a page that no longer makes a page.
/// `previous` is a graph that built without problems (the dev server keeps only those).
pub(crate) fn pages_again(previous: &Site, ok: &[Arc<ParsedFile>]) -> Option<Again> {
    let (section_files, page_files): (Vec<&Arc<ParsedFile>>, Vec<&Arc<ParsedFile>>) =
        ok.iter().partition(|p| p.is_section());
    // The full graph puts a made-up root section first when there is no `_index.md`; whether the last graph had
    // one cannot be told from its sections alone, so such sites take the full path.
    let same_sections = section_files.iter().any(|p| p.rel == "_index.md")
        && previous.sections.len() == section_files.len()
        && previous
            .sections
            .iter()
            .zip(&section_files)
            .all(|(old, new)| old.rel == new.rel && Arc::ptr_eq(&old.rendered, &new.rendered));
    if !same_sections || previous.pages.len() != page_files.len() {
        return None;
    }
    let section_by_dir: BTreeMap<String, usize> = previous
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (parent_dir(&s.rel).to_string(), i))
        .collect();
    let pages = previous
        .pages
        .iter()
        .zip(&page_files)
        .map(|(old, new)| page_again(previous, old, new, &section_by_dir))
        .collect::<Option<Vec<Page>>>()?;
    Some(Again {
        pages,
        page_parsed: page_files.into_iter().cloned().collect(),
        section_parsed: section_files.into_iter().cloned().map(Some).collect(),
    })
}

/// The page of `new` where `old` stood: `old` itself when its file was not parsed again, else made anew, as long
/// as it keeps its URL, its section, its place in the section's order, its terms, date and aliases.
fn page_again(
    previous: &Site,
    old: &Page,
    new: &ParsedFile,
    section_by_dir: &BTreeMap<String, usize>,
) -> Option<Page> {
    if *old.rel != *new.rel {
        return None;
    }
    if Arc::ptr_eq(&old.meta, &new.meta) && Arc::ptr_eq(&old.rendered, &new.rendered) {
        return Some(old.clone());
    }
    let page = page_of(new, section_by_dir).ok()?;
    let sort_by = previous.sections.get(old.section)?.meta.sort_by;
    let stays = page.path == old.path
        && page.section == old.section
        && list_key(&page, sort_by) == list_key(old, sort_by)
        && page.meta.date == old.meta.date
        && page.meta.taxonomies == old.meta.taxonomies
        && page.meta.aliases == old.meta.aliases;
    stays.then_some(Page {
        lower: old.lower,
        higher: old.higher,
        ..page
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::RawFile;
    use crate::markdown::MdOptions;
    use crate::site::{graph, GraphOptions};
    use std::path::PathBuf;

    const CONFIG: &str = "base_url = \"https://x.org\"\ntaxonomies = [{ name = \"tags\" }]\n";

    fn file(rel: &str, text: &str) -> RawFile {
        RawFile {
            shown: PathBuf::from(format!("content/{rel}")),
            rel: rel.to_string(),
            text: text.to_string(),
        }
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
            files.push(file(
                &format!("news/n{i}.md"),
                &format!("+++\ntitle = \"News {i}\"\ndate = 2024-01-1{i}\n[taxonomies]\ntags = [\"t{}\"]\n+++\nBody {i}.\n", i % 2),
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
        let config = Config::parse(CONFIG, std::path::Path::new("shoreline.toml")).expect("config");
        let (parsed, errors) =
            crate::parse::parse_all(files, MdOptions::from_config(&config), false);
        assert!(errors.is_empty(), "{errors:?}");
        parsed.into_iter().map(Arc::new).collect()
    }

    fn full(parsed: &[Arc<ParsedFile>], previous: Option<&Site>) -> Graph {
        let config = Config::parse(CONFIG, std::path::Path::new("shoreline.toml")).expect("config");
        let opts = GraphOptions {
            drafts: false,
            previous,
        };
        graph(config, parsed.to_vec(), Vec::new(), opts, Vec::new())
    }

    /// Everything a render reads from the graph, in a stable order.
    fn shape(site: &Site) -> String {
        let mut by_rel: Vec<_> = site.by_rel.iter().collect();
        by_rel.sort_by(|a, b| a.0.cmp(b.0));
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{by_rel:?}",
            site.pages, site.sections, site.taxonomies, site.aliases
        )
    }

    /// The last graph's parses with file `rel` parsed again from `text`: what the dev server's cache holds
    /// after an edit.
    fn edited(before: &[Arc<ParsedFile>], rel: &str, text: &str) -> Vec<Arc<ParsedFile>> {
        let again = parsed(vec![file(rel, text)]);
        before
            .iter()
            .map(|p| {
                if p.rel == rel {
                    again[0].clone()
                } else {
                    p.clone()
                }
            })
            .collect()
    }

    #[test]
    fn an_edit_that_moves_nothing_gives_the_full_graph() {
        let before = parsed(files());
        let last = full(&before, None);
        assert!(last.errors.is_empty(), "{:?}", last.errors);
        let text = "+++\ntitle = \"Retitled news\"\ndate = 2024-01-12\n[taxonomies]\ntags = [\"t0\"]\n+++\nNew body.\n";
        let after = edited(&before, "news/n2.md", text);
        let config = Config::parse(CONFIG, std::path::Path::new("shoreline.toml")).expect("config");
        let again = pages_again(&last.site, &after).expect("a title and body edit moves nothing");
        let again = graph_again(&last.site, again, config, Vec::new(), Vec::new());
        assert_eq!(shape(&again.site), shape(&full(&after, None).site));
        assert!(shape(&again.site).contains("Retitled news"));
        assert_eq!(again.drafts.pages.len(), last.drafts.pages.len());
    }

    #[test]
    fn an_edit_that_moves_something_is_left_to_the_full_graph() {
        let before = parsed(files());
        let last = full(&before, None);
        let moving = [
            // A later date moves the page up its date-sorted section.
            (
                "news/n2.md",
                "+++\ntitle = \"News 2\"\ndate = 2024-02-01\n[taxonomies]\ntags = [\"t0\"]\n+++\n",
            ),
            // Another term.
            (
                "news/n2.md",
                "+++\ntitle = \"News 2\"\ndate = 2024-01-12\n[taxonomies]\ntags = [\"t9\"]\n+++\n",
            ),
            // Another title in a title-sorted section.
            (
                "guides/g1.md",
                "+++\ntitle = \"z guide\"\naliases = [\"/old/g1/\"]\n+++\n",
            ),
            // Another alias, another slug.
            (
                "guides/g1.md",
                "+++\ntitle = \"a guide\"\naliases = [\"/older/g1/\"]\n+++\n",
            ),
            (
                "guides/g1.md",
                "+++\ntitle = \"a guide\"\nslug = \"moved\"\naliases = [\"/old/g1/\"]\n+++\n",
            ),
            // A section's own front matter.
            (
                "news/_index.md",
                "+++\ntitle = \"News\"\nsort_by = \"title\"\n+++\n",
            ),
        ];
        for (rel, text) in moving {
            let after = edited(&before, rel, text);
            assert!(pages_again(&last.site, &after).is_none(), "{rel}: {text}");
            // Through `graph`, the previous graph changes nothing: the full graph is made.
            assert_eq!(
                shape(&full(&after, Some(&last.site)).site),
                shape(&full(&after, None).site)
            );
        }
        // A page added or removed changes the file set.
        let mut more = before.clone();
        more.extend(parsed(vec![file(
            "news/n9.md",
            "+++\ntitle = \"N9\"\n+++\n",
        )]));
        assert!(pages_again(&last.site, &more).is_none());
    }
}
