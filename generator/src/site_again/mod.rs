//! The graph again after content edits: the dev server's last graph with the edited, added and removed pages
//! taken out of and put into their places (section order, neighbours, term lists), and the rest (sections,
//! unchanged pages, the by-path index, the URL claims while no URL moved) kept from it.
//!
//! Making the whole graph again at 10,000 pages makes every page, sorts every section, reads every page's terms
//! and claims every URL, for a graph that differs from the last one in a page or two. The full graph
//! (`site::graph`) stays the reference: this path answers only where its result is the one the full graph
//! would give (the tests compare the two after each kind of edit), and leaves the rest to it: an edited
//! section, a page that no longer makes a page, a taxonomy the config does not declare, a site without a root
//! `_index.md`.

mod terms;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::front_matter::SortBy;
use crate::load::Asset;
use crate::parse::ParsedFile;
use crate::site::{
    by_rel_of, drafts_of, list_key, old_pages, page_of, parent_dir, sources_of, Graph, Page,
    Section, Site,
};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The pages, sections and taxonomies after the edits, with what the rest of the graph needs to know.
pub(crate) struct Again {
    pages: Vec<Page>,
    sections: Vec<Section>,
    taxonomies: Vec<crate::site::Taxonomy>,
    page_parsed: Vec<Arc<ParsedFile>>,
    section_parsed: SectionParses,
    /// The same pages stand at the same indexes (nothing added or removed): the by-path index is kept.
    same_files: bool,
    /// A URL may differ from the last graph's (a page added, removed or given another URL or aliases, a term
    /// made or emptied): every URL is claimed again.
    urls_moved: bool,
}

/// Parsed sections by section index (`None` for a made-up one), as the full graph lists them.
type SectionParses = Vec<Option<Arc<ParsedFile>>>;

/// What an edit changed of a page's places in the graph.
#[derive(Debug, Clone, Copy, Default)]
struct Moved {
    /// Its place in its section's order (a page new to the graph has none yet).
    in_section: bool,
    /// Its terms or its place in their lists (date order, ties by URL).
    in_terms: bool,
    /// Its URL or its aliases.
    url: bool,
}

/// The graph of `again`, with the by-path index kept or made again, and the URL claims kept or made again.
pub(crate) fn graph_again(
    previous: &Site,
    again: Again,
    config: Config,
    assets: Vec<Asset>,
    mut errors: Vec<Diagnostic>,
) -> Graph {
    let Again {
        pages,
        sections,
        taxonomies,
        page_parsed,
        section_parsed,
        same_files,
        urls_moved,
    } = again;
    let by_rel = match same_files {
        true => previous.by_rel.clone(),
        false => by_rel_of(&pages, &sections),
    };
    let aliases = match urls_moved {
        true => {
            crate::url_claims::check_urls(&pages, &sections, &taxonomies, &page_parsed, &mut errors)
        }
        false => previous.aliases.clone(),
    };
    Graph {
        site: Site {
            config,
            pages,
            sections,
            taxonomies,
            assets,
            by_rel,
            aliases,
        },
        sources: sources_of(&page_parsed, &section_parsed),
        drafts: drafts_of(&page_parsed, &section_parsed),
        errors,
        same_urls: !urls_moved,
    }
}

/// The pages, sections and taxonomies of `ok` (the parsed files, drafts already left out) made from
/// `previous`, or `None` where only the full graph can tell: a section added, removed or edited, a page that
/// no longer makes a page, a term of an undeclared taxonomy, files in another order.
/// `previous` is a graph that built without problems (the dev server keeps only those).
pub(crate) fn pages_again(previous: &Site, ok: &[Arc<ParsedFile>]) -> Option<Again> {
    let (section_files, page_files): (Vec<&Arc<ParsedFile>>, Vec<&Arc<ParsedFile>>) =
        ok.iter().partition(|p| p.is_section());
    if !same_sections(previous, &section_files) {
        return None;
    }
    let section_by_dir: BTreeMap<String, usize> = previous
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (parent_dir(&s.rel).to_string(), i))
        .collect();
    // Pages are listed in file order, and term names depend on it: files kept in another order take the
    // full path.
    let olds = old_pages(
        previous,
        page_files.iter().map(|f| (&f.meta, f.rel.as_str())),
    )?;
    // Old page index -> its index now, `None` for a page removed.
    let mut remap = vec![None; previous.pages.len()];
    for (now, old) in olds.iter().enumerate() {
        if let Some(old) = old {
            remap[*old] = Some(now);
        }
    }
    let same_files = olds.len() == previous.pages.len() && olds.iter().all(Option::is_some);
    let (mut pages, moved): (Vec<Page>, Vec<Moved>) = page_files
        .par_iter()
        .zip(&olds)
        .map(|(new, old)| {
            let old = old.map(|o| &previous.pages[o]);
            page_again(previous, old, new, &section_by_dir)
        })
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .unzip();
    let sections = sections_again(previous, &mut pages, &remap, &moved);
    let in_terms: Vec<bool> = moved.iter().map(|m| m.in_terms).collect();
    let (taxonomies, terms_moved) = match same_files && !in_terms.contains(&true) {
        true => (previous.taxonomies.clone(), false),
        false => terms::taxonomies_again(&previous.taxonomies, &pages, &remap, &in_terms)?,
    };
    let urls_moved = !same_files || terms_moved || moved.iter().any(|m| m.url);
    Some(Again {
        pages,
        sections,
        taxonomies,
        page_parsed: page_files.into_iter().cloned().collect(),
        section_parsed: section_files.into_iter().cloned().map(Some).collect(),
        same_files,
        urls_moved,
    })
}

/// Whether `section_files` are the sections of `previous`, unedited. The full graph puts a made-up root section
/// first when there is no `_index.md`; whether the last graph had one cannot be told from its sections alone,
/// so such sites take the full path.
fn same_sections(previous: &Site, section_files: &[&Arc<ParsedFile>]) -> bool {
    section_files.iter().any(|p| p.rel == "_index.md")
        && previous.sections.len() == section_files.len()
        && previous
            .sections
            .iter()
            .zip(section_files)
            .all(|(old, new)| old.rel == new.rel && Arc::ptr_eq(&old.rendered, &new.rendered))
}

/// The page of `new`: `old` itself when its file was not parsed again, else made anew, with what moved.
fn page_again(
    previous: &Site,
    old: Option<&Page>,
    new: &ParsedFile,
    section_by_dir: &BTreeMap<String, usize>,
) -> Option<(Page, Moved)> {
    if let Some(old) = old {
        if Arc::ptr_eq(&old.meta, &new.meta) && Arc::ptr_eq(&old.rendered, &new.rendered) {
            return Some((old.clone(), Moved::default()));
        }
    }
    let page = page_of(new, section_by_dir).ok()?;
    let moved = match old {
        None => Moved {
            in_section: true,
            in_terms: true,
            url: true,
        },
        Some(old) => {
            let sort_by = previous.sections.get(old.section)?.meta.sort_by;
            Moved {
                in_section: list_key(&page, sort_by) != list_key(old, sort_by),
                in_terms: page.path != old.path
                    || page.meta.date != old.meta.date
                    || page.meta.taxonomies != old.meta.taxonomies,
                url: page.path != old.path || page.meta.aliases != old.meta.aliases,
            }
        }
    };
    Some((page, moved))
}

/// The sections of `previous` with their page lists for `pages`: the pages kept where they stood (by their new
/// indexes), each page that `moved` in its section put where the full graph's sort puts it; then every page's
/// neighbours.
fn sections_again(
    previous: &Site,
    pages: &mut [Page],
    remap: &[Option<usize>],
    moved: &[Moved],
) -> Vec<Section> {
    let mut sections = previous.sections.clone();
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for (i, p) in pages.iter().enumerate() {
        if moved[i].in_section {
            incoming[p.section].push(i);
        }
    }
    for (s, incoming) in sections.iter_mut().zip(incoming) {
        let sort_by = s.meta.sort_by;
        let mut list: Vec<usize> = s
            .pages
            .iter()
            .filter_map(|&old| remap[old])
            .filter(|&now| !moved[now].in_section)
            .collect();
        for i in incoming {
            place(&mut list, i, pages, sort_by);
        }
        s.pages = list;
    }
    for s in &sections {
        for (w, &here) in s.pages.iter().enumerate() {
            pages[here].lower = w.checked_sub(1).map(|b| s.pages[b]);
            pages[here].higher = s.pages.get(w + 1).copied();
        }
    }
    sections
}

/// Puts page `i` into `list` (sorted by `sort_by`) where the full graph's stable sort of all pages by index
/// puts it: after every page with a lower key, and after those with an equal key and a lower index.
pub(super) fn place(list: &mut Vec<usize>, i: usize, pages: &[Page], sort_by: SortBy) {
    let key = (list_key(&pages[i], sort_by), i);
    let at = list.partition_point(|&j| (list_key(&pages[j], sort_by), j) < key);
    list.insert(at, i);
}

#[cfg(test)]
mod tests;
