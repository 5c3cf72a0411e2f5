//! The taxonomies again after content edits: each term's page list with the removed pages taken out and the
//! added or moved ones put in date order, terms made and emptied, and each touched term named as the full
//! build names it (by the first page, in file order, that gives its slug).

use crate::front_matter::SortBy;
use crate::site::{slugify, Page, Taxonomy, Term};
use std::collections::HashMap;

/// The taxonomies of `previous` for `pages`: `remap` takes each old page index to its index now (`None` for
/// a page removed), and `placed` marks the pages whose terms or place in their lists may have changed.
/// Returns whether a term was made or emptied (its URL comes or goes), or `None` when a placed page names a
/// taxonomy the config does not declare: the full graph locates that problem.
pub(super) fn taxonomies_again(
    previous: &[Taxonomy],
    pages: &[Page],
    remap: &[Option<usize>],
    placed: &[bool],
) -> Option<(Vec<Taxonomy>, bool)> {
    let declared = |name: &String| previous.iter().any(|t| &t.name == name);
    let placed_pages: Vec<usize> = (0..pages.len()).filter(|&i| placed[i]).collect();
    if placed_pages
        .iter()
        .any(|&i| !pages[i].meta.taxonomies.keys().all(declared))
    {
        return None;
    }
    let mut made_or_emptied = false;
    let taxonomies = previous
        .iter()
        .map(|t| {
            let (t, changed) = taxonomy_again(t, pages, remap, placed, &placed_pages);
            made_or_emptied |= changed;
            t
        })
        .collect();
    Some((taxonomies, made_or_emptied))
}

/// One taxonomy again (see `taxonomies_again`), and whether a term of it was made or emptied.
fn taxonomy_again(
    previous: &Taxonomy,
    pages: &[Page],
    remap: &[Option<usize>],
    placed: &[bool],
    placed_pages: &[usize],
) -> (Taxonomy, bool) {
    let mut terms: Vec<Term> = previous.terms.clone();
    let mut touched = vec![false; terms.len()];
    for (term, touched) in terms.iter_mut().zip(touched.iter_mut()) {
        let before = term.pages.len();
        term.pages = term
            .pages
            .iter()
            .filter_map(|&old| remap[old])
            .filter(|&now| !placed[now])
            .collect();
        *touched = term.pages.len() != before;
    }
    let mut by_slug: HashMap<String, usize> = terms
        .iter()
        .enumerate()
        .map(|(k, t)| (t.slug.clone(), k))
        .collect();
    let mut made = false;
    for &i in placed_pages {
        let Some(values) = pages[i].meta.taxonomies.get(&previous.name) else {
            continue;
        };
        for value in values {
            let slug = slugify(value);
            if slug.is_empty() {
                continue;
            }
            let k = *by_slug.entry(slug.clone()).or_insert_with(|| {
                made = true;
                terms.push(Term {
                    name: value.clone(),
                    path: format!("/{}/{}/", previous.name, slug),
                    slug,
                    pages: Vec::new(),
                });
                touched.push(true);
                terms.len() - 1
            });
            touched[k] = true;
            if !terms[k].pages.contains(&i) {
                // Date order (newest first, ties by URL), as the full build lists a term's pages.
                super::place(&mut terms[k].pages, i, pages, SortBy::Date);
            }
        }
    }
    let emptied = terms.iter().any(|t| t.pages.is_empty());
    for (term, touched) in terms.iter_mut().zip(&touched) {
        if *touched {
            if let Some(name) = first_name(term, pages, &previous.name) {
                term.name = name;
            }
        }
    }
    terms.retain(|t| !t.pages.is_empty());
    terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    let taxonomy = Taxonomy {
        name: previous.name.clone(),
        path: previous.path.clone(),
        terms,
    };
    (taxonomy, made || emptied)
}

/// The name the full build gives `term`: the first value, on the first of its pages in file order, that
/// gives its slug.
fn first_name(term: &Term, pages: &[Page], taxonomy: &str) -> Option<String> {
    let first = *term.pages.iter().min()?;
    pages[first]
        .meta
        .taxonomies
        .get(taxonomy)?
        .iter()
        .find(|v| slugify(v) == term.slug)
        .cloned()
}
