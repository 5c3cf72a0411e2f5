//! The taxonomies of the graph: which terms the pages use, each term named by the first value that gives its
//! slug and listing its pages newest first. Pages are read in runs on every core, then merged in page order,
//! so the result is the one a single pass would give.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, SortBy};
use crate::parse::ParsedFile;
use crate::site::{slugify, sort_pages, Page, Taxonomy, Term};
use crate::url_claims::fm_split;
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Fewest pages a run read on one core holds: below this, splitting costs more than it saves.
const MIN_RUN: usize = 256;

/// What a run of pages says: each (taxonomy, value) in the order first met, with the pages giving it (in
/// page order, each once), and the problems of the run's pages.
struct Run<'a> {
    values: Vec<(usize, &'a str, Vec<usize>)>,
    errors: Vec<Diagnostic>,
}

/// The taxonomies of `config` over `pages` (`parsed` holds each page's parse, by index, for locating an
/// unknown taxonomy at its key).
pub(crate) fn build_taxonomies(
    config: &Config,
    pages: &[Page],
    parsed: &[Arc<ParsedFile>],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let run_len = (pages.len() / (rayon::current_num_threads() * 4)).max(MIN_RUN);
    let runs: Vec<Run> = (0..pages.len())
        .step_by(run_len)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| {
            read_run(
                pages,
                parsed,
                &names,
                start..(start + run_len).min(pages.len()),
            )
        })
        .collect();
    let mut out: Vec<Taxonomy> = names
        .iter()
        .map(|name| Taxonomy {
            name: name.to_string(),
            path: format!("/{name}/"),
            terms: Vec::new(),
        })
        .collect();
    let mut terms: Vec<Vec<Term>> = vec![Vec::new(); out.len()];
    let mut by_slug: Vec<HashMap<String, usize>> = vec![HashMap::new(); out.len()];
    // Thousands of pages share a handful of terms: each value of each taxonomy finds its term once (none when
    // it slugs to nothing), and two values with one slug share the term named by the first.
    let mut term_of: HashMap<(usize, &str), Option<usize>> = HashMap::new();
    for run in runs {
        errors.extend(run.errors);
        for (ti, value, listed) in run.values {
            let found = *term_of.entry((ti, value)).or_insert_with(|| {
                let slug = slugify(value);
                if slug.is_empty() {
                    return None;
                }
                let list = &mut terms[ti];
                let path = format!("/{}/{}/", names[ti], slug);
                Some(*by_slug[ti].entry(slug.clone()).or_insert_with(|| {
                    list.push(Term {
                        name: value.to_string(),
                        slug,
                        path,
                        pages: Vec::new(),
                    });
                    list.len() - 1
                }))
            });
            if let Some(term) = found.and_then(|t| terms[ti].get_mut(t)) {
                term.pages.extend(listed);
            }
        }
    }
    // Every term lists its pages in date order: the pages are sorted once, and each term by their rank there
    // (a page with two values of one slug was listed twice, once per value).
    let mut by_date: Vec<usize> = (0..pages.len()).collect();
    sort_pages(pages, &mut by_date, SortBy::Date);
    let mut rank = vec![0; pages.len()];
    for (r, &i) in by_date.iter().enumerate() {
        rank[i] = r;
    }
    for (t, mut list) in out.iter_mut().zip(terms) {
        list.sort_by(|a, b| a.slug.cmp(&b.slug));
        for term in list.iter_mut() {
            term.pages.sort_by_key(|&i| rank[i]);
            term.pages.dedup();
        }
        t.terms = list;
    }
    out
}

/// Reads the terms of the pages in `range`.
fn read_run<'a>(
    pages: &'a [Page],
    parsed: &[Arc<ParsedFile>],
    names: &[&str],
    range: Range<usize>,
) -> Run<'a> {
    let mut run = Run {
        values: Vec::new(),
        errors: Vec::new(),
    };
    let mut at: HashMap<(usize, &str), usize> = HashMap::new();
    for i in range {
        let p = &pages[i];
        for (tax, values) in &p.meta.taxonomies {
            let Some(ti) = names.iter().position(|n| n == tax) else {
                run.errors.push(unknown_taxonomy(p, &parsed[i], tax, names));
                continue;
            };
            for v in values {
                let k = *at.entry((ti, v.as_str())).or_insert_with(|| {
                    run.values.push((ti, v.as_str(), Vec::new()));
                    run.values.len() - 1
                });
                let listed = &mut run.values[k].2;
                if listed.last() != Some(&i) {
                    listed.push(i);
                }
            }
        }
    }
    run
}

/// A page's front matter names a taxonomy the config does not declare.
fn unknown_taxonomy(p: &Page, parsed: &ParsedFile, tax: &str, names: &[&str]) -> Diagnostic {
    let split = fm_split(p, parsed);
    let off = front_matter::key_offset(&split, tax);
    let mut help = if names.is_empty() {
        "this site declares no taxonomies; add `taxonomies = [{name = \"...\"}]` to shoreline.toml"
            .to_string()
    } else {
        format!("declared taxonomies: {}", names.join(", "))
    };
    if let Some(m) = crate::diagnostic::did_you_mean(tax, names.iter().copied()) {
        help = format!("did you mean `{m}`? {help}");
    }
    Diagnostic::new(&*p.shown, format!("unknown taxonomy `{tax}`"))
        .at_offset(parsed.lines.head(), off)
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::RawFile;
    use crate::site::{compare_pages, graph_of};
    use std::path::PathBuf;

    const TAGS: &str = "base_url = \"https://x.org\"\ntaxonomies = [{name = \"tags\"}]\n";

    fn page(rel: &str, date: &str, tags: &str) -> RawFile {
        RawFile {
            shown: PathBuf::from(format!("content/{rel}")),
            rel: rel.into(),
            text: format!("+++\ndate = {date}\n[taxonomies]\ntags = {tags}\n+++\nText.\n"),
        }
    }

    #[test]
    fn terms_are_sorted_by_slug_named_by_their_first_value_and_list_pages_newest_first() {
        let files = vec![
            page("a.md", "2024-01-01", "[\"Voice\", \"Front Office\"]"),
            // Two values with one slug list the page once; a value that slugs to nothing makes no term.
            page(
                "b.md",
                "2024-03-01",
                "[\"front-office\", \"Front office\", \"!!!\"]",
            ),
            page("c.md", "2024-02-01", "[\"Front Office\"]"),
        ];
        let site = graph_of(TAGS, files);
        let tags = &site.taxonomies[0];
        let named: Vec<(&str, &str, &str)> = tags
            .terms
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str(), t.path.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("front-office", "Front Office", "/tags/front-office/"),
                ("voice", "Voice", "/tags/voice/"),
            ]
        );
        let rels = |t: &Term| -> Vec<String> {
            t.pages
                .iter()
                .map(|&i| site.pages[i].rel.to_string())
                .collect()
        };
        assert_eq!(rels(&tags.terms[0]), ["b.md", "c.md", "a.md"]);
        assert_eq!(rels(&tags.terms[1]), ["a.md"]);
    }

    /// Many pages (several runs on several cores) give the terms one plain pass in page order gives.
    #[test]
    fn runs_read_on_every_core_merge_as_one_pass_would() {
        let pool = [
            "Voice",
            "voice",
            "Front Office",
            "front-office",
            "Chat",
            "!!!",
            "Billing",
        ];
        let files: Vec<RawFile> = (0..1500)
            .map(|i: usize| {
                let tags: Vec<String> = (0..1 + i % 3)
                    .map(|k| format!("\"{}\"", pool[(i * 5 + k * 3) % pool.len()]))
                    .collect();
                let date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + (i * 13) % 28);
                page(
                    &format!("p{i:04}.md"),
                    &date,
                    &format!("[{}]", tags.join(", ")),
                )
            })
            .collect();
        let site = graph_of(TAGS, files);
        // The plain pass: terms named by the first value met, pages newest first (then by URL), each once.
        let mut expected: Vec<(String, String, Vec<usize>)> = Vec::new();
        for (i, p) in site.pages.iter().enumerate() {
            for v in &p.meta.taxonomies["tags"] {
                let slug = slugify(v);
                if slug.is_empty() {
                    continue;
                }
                match expected.iter_mut().find(|(s, _, _)| *s == slug) {
                    Some((_, _, pages)) if pages.contains(&i) => {}
                    Some((_, _, pages)) => pages.push(i),
                    None => expected.push((slug, v.clone(), vec![i])),
                }
            }
        }
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, _, pages) in expected.iter_mut() {
            pages.sort_by(|&a, &b| compare_pages(&site.pages[a], &site.pages[b], SortBy::Date));
        }
        let got: Vec<(String, String, Vec<usize>)> = site.taxonomies[0]
            .terms
            .iter()
            .map(|t| (t.slug.clone(), t.name.clone(), t.pages.clone()))
            .collect();
        assert_eq!(got, expected);
    }
}
