//! The repository's own knowledge base: it builds, every page is reachable from the home page (concept pages
//! within two clicks), and every facet value that names a page links to one that exists.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

fn hrefs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn bundled_site_is_connected_and_its_facet_links_resolve() {
    let out = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output-dir")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the bundled site must build:\n{}",
        stderr(&o)
    );
    // Rule errors fail the build; warnings do not, but the bundled catalog passes every rule, warnings included.
    assert!(
        !stderr(&o).contains("warning: rule `"),
        "the bundled catalog breaks a warning-level rule:\n{}",
        stderr(&o)
    );
    // Every keyword of the bundled catalog is read by the explorer: none is a single word in disguise.
    assert!(
        !stderr(&o).contains("is never read"),
        "the bundled catalog has a keyword the explorer never reads:\n{}",
        stderr(&o)
    );
    let site = out.path().join("site");
    // A binary built without the widget would publish pages whose explorer never loads: fail loudly instead.
    let explorer_files: Vec<String> = std::fs::read_dir(site.join("explorer"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let has = |wanted: &dyn Fn(&str) -> bool| explorer_files.iter().any(|n| wanted(n));
    for (file, found) in [
        ("the module loader", has(&|n| n == "shoreline-explorer.js")),
        (
            "the classic bundle",
            has(&|n| n == "shoreline-explorer.bundle.js"),
        ),
        (
            "the hashed glue",
            has(&|n| n.starts_with("shoreline-explorer-core.") && n.ends_with(".js")),
        ),
        ("the hashed wasm", has(&|n| n.ends_with(".wasm"))),
    ] {
        assert!(
            found,
            "the build wrote no {file}: the shoreline binary carries no explorer bundle. It embeds \
             generator/widget/ (committed; `cargo xtask explorer` rebuilds it)"
        );
    }
    let pages = pages(&site);
    assert!(pages.len() > 80, "only {} pages", pages.len());

    // Breadth-first from the home page, through same-site links.
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([("/".to_string(), 0usize)]);
    depth.insert("/".into(), 0);
    while let Some((url, d)) = queue.pop_front() {
        let Some(html) = pages.get(&url) else {
            continue;
        };
        for h in hrefs(html) {
            let h = h.split('#').next().unwrap_or("").to_string();
            if !h.starts_with('/') || h.starts_with("//") {
                continue;
            }
            if pages.contains_key(&h) && !depth.contains_key(&h) {
                depth.insert(h.clone(), d + 1);
                queue.push_back((h, d + 1));
            }
        }
    }
    let unreachable: Vec<&String> = pages.keys().filter(|u| !depth.contains_key(*u)).collect();
    assert!(
        unreachable.is_empty(),
        "pages not reachable from the home page: {unreachable:?}"
    );
    for section in [
        "/bpo/",
        "/call-centers/",
        "/sourcing-models/",
        "/pricing/",
        "/guides/",
    ] {
        for (url, d) in &depth {
            if url.starts_with(section) {
                assert!(*d <= 2, "{url} is {d} clicks from the home page");
            }
        }
    }
    assert!(depth.get("/glossary/").is_some_and(|d| *d <= 2));

    // Every link inside a service page's facet table points at a page that exists.
    let mut checked = BTreeSet::new();
    for (url, html) in pages
        .iter()
        .filter(|(u, _)| u.starts_with("/services/") && u.len() > "/services/".len())
    {
        let table = html
            .split("<table")
            .nth(1)
            .unwrap_or_else(|| panic!("{url} has no facet table"));
        let table = table.split("</table>").next().unwrap_or("");
        for h in hrefs(table) {
            let target = h.split('#').next().unwrap_or("").to_string();
            assert!(
                pages.contains_key(&target),
                "{url} links facet value to missing {h}"
            );
            checked.insert(target);
        }
    }
    assert!(
        checked.len() >= 20,
        "facet tables link to {} concept pages only",
        checked.len()
    );
    let cat =
        shoreline_catalog::from_json(&std::fs::read_to_string(site.join("catalog.json")).unwrap())
            .unwrap();
    assert!(cat.services.len() >= 40);
}

#[test]
fn the_bundled_site_builds_to_the_same_bytes_every_time() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = snapshot(&build_bundled(a.path()));
    let second = snapshot(&build_bundled(b.path()));
    assert!(
        first.keys().any(|p| p.ends_with("catalog.json"))
            && first
                .keys()
                .any(|p| p.to_string_lossy().contains("shoreline-explorer.bundle.js")),
        "the catalog and the widget are part of what is compared"
    );
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            second[path] == *bytes,
            "{} differs between two builds",
            path.display()
        );
    }
}
