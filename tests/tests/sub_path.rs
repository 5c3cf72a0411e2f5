//! A knowledge base published under a sub-path of a company's domain (`https://example.org/kb`): every URL a
//! page carries starts with `/kb`, resolves to a file of the output, and catalog.json's URLs do too.

mod common;
use common::*;
use std::path::Path;

/// Every value of `attr="..."` in `html`.
fn values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let key = format!(" {attr}=\"");
    html.match_indices(&key)
        .filter_map(|(at, _)| {
            let start = at + key.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// The output file a root-relative URL under `/kb` names, if any.
fn resolves(site: &Path, url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let Some(rel) = path.strip_prefix("/kb") else {
        return false;
    };
    let file = site.join(rel.trim_start_matches('/'));
    file.is_file() || file.join("index.html").is_file()
}

#[test]
fn every_root_relative_url_carries_the_sub_path_and_resolves() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .args(["build", "--base-url", "https://example.org/kb", "--root"])
        .arg(repo_root())
        .arg("--output-dir")
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut checked = 0;
    for (page, html) in pages(&site) {
        for attr in ["href", "src", "action"] {
            for url in values(&html, attr) {
                if !url.starts_with('/') || url.starts_with("//") {
                    continue;
                }
                assert!(
                    url.starts_with("/kb/"),
                    "{page}: {attr}=\"{url}\" lacks /kb"
                );
                assert!(
                    resolves(&site, url),
                    "{page}: {attr}=\"{url}\" names no output file"
                );
                checked += 1;
            }
        }
        assert!(
            html.contains(&format!(
                "<link rel=\"canonical\" href=\"https://example.org/kb{page}\">"
            )),
            "{page}: canonical URL"
        );
    }
    assert!(checked > 1000, "only {checked} URLs checked");
    let json = std::fs::read_to_string(site.join("catalog.json")).unwrap();
    let catalog = shoreline_catalog::from_json(&json).unwrap();
    for service in &catalog.services {
        assert!(service.url.starts_with("/kb/services/"), "{}", service.url);
        assert!(resolves(&site, &service.url), "{}", service.url);
    }
    // The search index is read by a script: its page URLs carry the sub-path too.
    let fragments = std::fs::read_to_string(site.join("search/f/0.json")).unwrap();
    let urls: Vec<&str> = fragments
        .split('"')
        .filter(|part| part.starts_with('/'))
        .collect();
    assert!(!urls.is_empty(), "{fragments}");
    for url in urls {
        assert!(
            resolves(&site, url),
            "search result {url} names no output file"
        );
    }
    // Feed entries carry page HTML (escaped): its links need the sub-path as well.
    let feed = std::fs::read_to_string(site.join("atom.xml")).unwrap();
    assert!(feed.contains("href=&quot;/kb/"), "feed links carry /kb");
    assert!(
        !feed.contains("href=&quot;/bpo/"),
        "no feed link written from the domain's root"
    );
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/kb/bpo/</loc>"),
        "{sitemap}"
    );
}
