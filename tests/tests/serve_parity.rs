//! `shoreline serve`'s output after each kind of edit, and after a restart, is the output of a fresh full
//! build byte for byte (less the reload script it adds to pages): its fast paths may not drift.

mod common;
use common::serve::*;
use common::*;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// Serves `site` into `out` and returns once its event stream is open.
fn serve(site: &Site, out: &Path) -> (Server, BufReader<TcpStream>) {
    let server = start_in(site, out);
    let events = events(server.port);
    (server, events)
}

/// Waits for the next `reload` event (`css` for a stylesheet); a `problems` event fails the test.
fn reloaded(events: &mut BufReader<TcpStream>, what: &str) {
    reloaded_after_page(events, what, None);
}

/// Fails unless `served` holds exactly what a fresh `shoreline build` of `site` writes (with the server's
/// address as its base URL, as serve uses).
fn same_as_full_build(site: &Site, server: &Server, served: &Path, what: &str) {
    let fresh = site.root().join("fresh");
    let base = format!("http://127.0.0.1:{}", server.port);
    let o = site.cli(&[
        "build",
        "--force",
        "--base-url",
        &base,
        "--output-dir",
        fresh.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The marker file says which command wrote the folder; it is not part of the site.
    let marker = Path::new(".shoreline-output");
    let mut built = snapshot(&fresh);
    built.remove(marker);
    let script = shoreline::serve::RELOAD_SCRIPT.as_bytes();
    let served: std::collections::BTreeMap<_, _> = snapshot(served)
        .into_iter()
        .filter(|(path, _)| path != marker)
        .map(|(path, bytes)| (path, without(&bytes, script)))
        .collect();
    let only_served: Vec<_> = served.keys().filter(|p| !built.contains_key(*p)).collect();
    let only_built: Vec<_> = built.keys().filter(|p| !served.contains_key(*p)).collect();
    assert!(
        only_served.is_empty() && only_built.is_empty(),
        "after {what}: served but not built {only_served:?}; built but not served {only_built:?}"
    );
    for (path, bytes) in &built {
        assert!(
            served[path] == *bytes,
            "after {what}: {} differs from a full build:\n--- served\n{}\n--- built\n{}",
            path.display(),
            String::from_utf8_lossy(&served[path]),
            String::from_utf8_lossy(bytes)
        );
    }
}

fn without(bytes: &[u8], script: &[u8]) -> Vec<u8> {
    match bytes.windows(script.len()).position(|w| w == script) {
        Some(at) => [&bytes[..at], &bytes[at + script.len()..]].concat(),
        None => bytes.to_vec(),
    }
}

fn site_with_feeds() -> Site {
    let s = Site::new();
    s.write(
        "shoreline.toml",
        &CONFIG.replace("{ name = \"tags\" }", "{ name = \"tags\", feed = true }"),
    );
    s
}

#[test]
fn every_kind_of_edit_serves_what_a_full_build_writes() {
    let site = site_with_feeds();
    let out = tempfile::tempdir().unwrap();
    let served = out.path().join("site");
    let (server, mut events) = serve(&site, &served);
    same_as_full_build(&site, &server, &served, "starting");
    let edits: [(&str, &dyn Fn()); 9] = [
        ("a body edit", &|| {
            site.write("content/call-centers/outbound.md", "---\ntitle: Outbound\nweight: 2\ndate: 2024-01-03\ntaxonomies:\n  tags: [voice]\n---\nEdited body. Back to [inbound](@/call-centers/inbound.md).\n")
        }),
        ("a front matter edit", &|| {
            site.write("content/call-centers/outbound.md", "---\ntitle: Outbound calls\nweight: 2\ndate: 2024-02-03\ntaxonomies:\n  tags: [voice, sales]\n---\nEdited body.\n")
        }),
        // The terms and dates stay: the last graph's taxonomies are kept, with the new title in their lists.
        ("a title edit", &|| {
            site.write("content/call-centers/outbound.md", "---\ntitle: Outbound calling\nweight: 2\ndate: 2024-02-03\ntaxonomies:\n  tags: [voice, sales]\n---\nEdited body.\n")
        }),
        // A date moves the page in every term's list: the taxonomies are built again.
        ("a date edit", &|| {
            site.write("content/call-centers/outbound.md", "---\ntitle: Outbound calling\nweight: 2\ndate: 2023-01-01\ntaxonomies:\n  tags: [voice, sales]\n---\nEdited body.\n")
        }),
        ("a new page", &|| {
            site.write("content/call-centers/new.md", "+++\ntitle = \"New\"\ndate = 2024-03-01\n[taxonomies]\ntags = [\"voice\"]\n+++\nNew page.\n")
        }),
        ("a deleted page", &|| {
            std::fs::remove_file(site.root().join("content/call-centers/virtual.md")).unwrap()
        }),
        ("a template edit", &|| {
            site.write(
                "templates/section.html",
                &TEMPLATES[2].1.replace("<h1>", "<h1 class=s>"),
            )
        }),
        ("a new static file", &|| {
            site.write("static/extra.css", "body{color:red}\n")
        }),
        ("a config edit", &|| {
            site.write(
                "shoreline.toml",
                &CONFIG
                    .replace("Fixture KB", "Renamed KB")
                    .replace("{ name = \"tags\" }", "{ name = \"tags\", feed = true }"),
            )
        }),
    ];
    for (what, edit) in edits {
        edit();
        reloaded(&mut events, what);
        same_as_full_build(&site, &server, &served, what);
    }
}

#[test]
fn a_restart_serves_no_page_deleted_while_it_was_stopped() {
    let site = site_with_feeds();
    let out = tempfile::tempdir().unwrap();
    let served = out.path().join("site");
    let (server, _) = serve(&site, &served);
    assert!(served.join("call-centers/virtual/index.html").is_file());
    drop(server);
    std::fs::remove_file(site.root().join("content/call-centers/virtual.md")).unwrap();
    let (server, _) = serve(&site, &served);
    same_as_full_build(&site, &server, &served, "a restart");
}

#[test]
fn catalog_edits_serve_what_a_full_build_writes() {
    let site = common::catalog_site::catalog_site();
    let out = tempfile::tempdir().unwrap();
    let served = out.path().join("site");
    let (server, mut events) = serve(&site, &served);
    same_as_full_build(&site, &server, &served, "starting");
    let catalog = common::catalog_site::CATALOG;
    let service = common::catalog_site::service;
    let suits = |who: &str| {
        service("\"after-hours-calls\"", "front", "answering-service")
            .replace("Body.", &format!("Body.\n\n## Who it suits\n\n{who}"))
    };
    let edits: [(&str, &dyn Fn()); 4] = [
        ("a service page body edit", &|| {
            site.write(
                "content/services/night-answering.md",
                &suits("Clinics that close at six."),
            )
        }),
        ("a change to who a service suits", &|| {
            site.write(
                "content/services/night-answering.md",
                &suits("Shops open at weekends."),
            )
        }),
        ("a service facet edit", &|| {
            site.write(
                "content/services/night-answering.md",
                &service(
                    "\"after-hours-calls\", \"payroll\"",
                    "hybrid",
                    "answering-service",
                ),
            )
        }),
        ("a catalog.toml edit", &|| {
            site.write(
                "content/catalog.toml",
                &catalog.replace("Run payroll", "Pay the staff"),
            )
        }),
    ];
    for (what, edit) in edits {
        edit();
        // After a catalog.toml edit the services section, which lists the catalog, is on disk first.
        let first = (what == "a catalog.toml edit").then_some("/services/");
        reloaded_after_page(&mut events, what, first);
        same_as_full_build(&site, &server, &served, what);
    }
}

/// Reads events until the batch's `reload` (`css` for a stylesheet); with `first`, a `page` event naming that
/// URL path must come before it (the edited page is written and announced before the rest of the site).
fn reloaded_after_page(events: &mut BufReader<TcpStream>, what: &str, first: Option<&str>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut current = String::new();
    let mut line = String::new();
    let mut announced = Vec::new();
    loop {
        assert!(Instant::now() < deadline, "no reload after {what}");
        line.clear();
        let n = events.read_line(&mut line).unwrap();
        assert!(n > 0, "event stream closed after {what}");
        if let Some(ev) = line.strip_prefix("event: ") {
            current = ev.trim().to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            assert_ne!(current, "problems", "{what} did not build: {line}");
            let paths: String = serde_json::from_str(data.trim()).unwrap();
            if current == "page" {
                announced.extend(paths.split('\n').map(str::to_string));
            }
            if current == "reload" || current == "css" {
                if let Some(path) = first {
                    assert!(
                        announced.iter().any(|p| p == path),
                        "after {what}: {path} was not announced first (announced: {announced:?})"
                    );
                }
                return;
            }
        }
    }
}

/// The data of the next `problems` event; any `reload` before it fails the test.
fn problems(events: &mut BufReader<TcpStream>, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut current = String::new();
    let mut line = String::new();
    loop {
        assert!(
            Instant::now() < deadline,
            "no problems reported after {what}"
        );
        line.clear();
        assert!(events.read_line(&mut line).unwrap() > 0, "stream closed");
        if let Some(ev) = line.strip_prefix("event: ") {
            current = ev.trim().to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            assert_ne!(current, "reload", "{what} built, but should have failed");
            if current == "problems" {
                return serde_json::from_str(data.trim()).unwrap();
            }
        }
    }
}

/// An edit, the URL path it must announce first (if it writes a page), and how to make it.
type AnnouncedEdit<'a> = (&'a str, Option<&'a str>, &'a dyn Fn());

const OUTBOUND: &str = "---\ntitle: Outbound\nweight: 2\ndate: 2024-01-03\ntaxonomies:\n  tags: [voice]\n---\nYou call them. Back to [inbound](@/call-centers/inbound.md).\n";

#[test]
fn content_edits_rebuild_from_the_parse_cache_as_a_full_build_would() {
    let site = site_with_feeds();
    let out = tempfile::tempdir().unwrap();
    let served = out.path().join("site");
    let (server, mut events) = serve(&site, &served);
    let inbound =
        std::fs::read_to_string(site.root().join("content/call-centers/inbound.md")).unwrap();
    let edits: [AnnouncedEdit; 8] = [
        ("a title edit", Some("/call-centers/outbound/"), &|| {
            site.write(
                "content/call-centers/outbound.md",
                &OUTBOUND.replace("title: Outbound", "title: Outbound calls"),
            )
        }),
        // Outbound's body links to inbound: its URL there must follow the new slug.
        (
            "a slug change of a page others link to",
            Some("/call-centers/in/"),
            &|| {
                site.write(
                    "content/call-centers/inbound.md",
                    &inbound.replace("weight = 1\n", "weight = 1\nslug = \"in\"\n"),
                )
            },
        ),
        ("a renamed page", Some("/call-centers/remote/"), &|| {
            let dir = site.root().join("content/call-centers");
            std::fs::rename(dir.join("virtual.md"), dir.join("remote.md")).unwrap()
        }),
        (
            "two pages edited in one save",
            Some("/call-centers/outbound/"),
            &|| {
                site.write(
                    "content/call-centers/outbound.md",
                    &OUTBOUND.replace("weight: 2", "weight: 5"),
                );
                site.write("content/call-centers/remote.md", "+++\nweight = 4\ndate = 2024-05-01\n[taxonomies]\ntags = [\"remote\"]\n+++\n# Remote agents\n\nAt home.\n");
            },
        ),
        (
            "a new page in a new section",
            Some("/bpo/payroll/"),
            &|| {
                site.write(
                    "content/bpo/_index.md",
                    "+++\ntitle = \"BPO\"\n+++\nBack office.\n",
                );
                site.write("content/bpo/payroll.md", "+++\ntitle = \"Payroll\"\ndate = 2024-06-01\n[taxonomies]\ntags = [\"voice\"]\n+++\nSee [pricing](@/call-centers/inbound.md#pricing).\n");
            },
        ),
        ("a page turned draft", None, &|| {
            site.write(
                "content/call-centers/remote.md",
                "+++\nweight = 4\ndraft = true\n+++\n# Remote agents\n\nAt home.\n",
            )
        }),
        ("a section's front matter edit", Some("/bpo/"), &|| {
            site.write(
                "content/bpo/_index.md",
                "+++\ntitle = \"Business process outsourcing\"\nweight = 1\n+++\nBack office.\n",
            )
        }),
        ("a section folder removed", None, &|| {
            std::fs::remove_dir_all(site.root().join("content/bpo")).unwrap()
        }),
    ];
    for (what, first, edit) in edits {
        edit();
        reloaded_after_page(&mut events, what, first);
        same_as_full_build(&site, &server, &served, what);
    }
}

#[test]
fn broken_content_is_reported_and_the_last_good_site_kept_until_fixed() {
    let site = site_with_feeds();
    let out = tempfile::tempdir().unwrap();
    let served = out.path().join("site");
    let (server, mut events) = serve(&site, &served);
    site.write(
        "content/call-centers/outbound.md",
        &OUTBOUND.replace("weight: 2", "weight: 2\nwieght: 3"),
    );
    let text = problems(&mut events, "an unknown front matter key");
    assert!(
        text.contains("content/call-centers/outbound.md:4"),
        "{text}"
    );
    let kept = std::fs::read_to_string(served.join("call-centers/outbound/index.html")).unwrap();
    assert!(
        kept.contains("You call them."),
        "the last good page stays on disk"
    );
    // A heading another page links to by anchor disappears: that page's link is reported, with its line.
    site.write(
        "content/call-centers/outbound.md",
        &OUTBOUND.replace("title: Outbound", "title: Outbound fixed"),
    );
    reloaded_after_page(&mut events, "the fix", Some("/call-centers/outbound/"));
    same_as_full_build(&site, &server, &served, "the fix");
    site.write(
        "content/call-centers/later.md",
        "+++\ntitle = \"Later\"\n+++\nSee [pricing](@/call-centers/inbound.md#pricing).\n",
    );
    reloaded_after_page(
        &mut events,
        "a page linking to an anchor",
        Some("/call-centers/later/"),
    );
    let inbound = site.root().join("content/call-centers/inbound.md");
    let text_before = std::fs::read_to_string(&inbound).unwrap();
    site.write(
        "content/call-centers/inbound.md",
        &text_before.replace("## Pricing", "## Prices"),
    );
    let text = problems(&mut events, "a heading renamed");
    assert!(text.contains("content/call-centers/later.md:4"), "{text}");
    assert!(text.contains("broken anchor"), "{text}");
    site.write("content/call-centers/inbound.md", &text_before);
    reloaded_after_page(
        &mut events,
        "the heading restored",
        Some("/call-centers/inbound/"),
    );
    same_as_full_build(&site, &server, &served, "the heading restored");
    // A page others link to moves while the site is broken, and a later save fixes another file: the fix
    // is compared with the last good site, so the links to the moved page follow it.
    site.write(
        "content/call-centers/inbound.md",
        &text_before.replace("weight = 1\n", "weight = 1\nslug = \"in\"\n"),
    );
    let later = "+++\ntitle = \"Later\"\n+++\nSee [pricing](@/call-centers/inbound.md#pricing).\n";
    site.write(
        "content/call-centers/later.md",
        &later.replace("#pricing", "#nowhere"),
    );
    let text = problems(&mut events, "a page moved beside a broken anchor");
    assert!(text.contains("content/call-centers/later.md:4"), "{text}");
    site.write("content/call-centers/later.md", later);
    reloaded_after_page(
        &mut events,
        "the anchor fixed",
        Some("/call-centers/later/"),
    );
    same_as_full_build(&site, &server, &served, "the anchor fixed");
}
