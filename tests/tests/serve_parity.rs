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
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut current = String::new();
    let mut line = String::new();
    loop {
        assert!(Instant::now() < deadline, "no reload after {what}");
        line.clear();
        let n = events.read_line(&mut line).unwrap();
        assert!(n > 0, "event stream closed after {what}");
        if let Some(ev) = line.strip_prefix("event: ") {
            current = ev.trim().to_string();
        } else if line.starts_with("data: ") {
            assert_ne!(current, "problems", "{what} did not build: {line}");
            if current == "reload" || current == "css" {
                return;
            }
        }
    }
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
    let edits: [(&str, &dyn Fn()); 7] = [
        ("a body edit", &|| {
            site.write("content/call-centers/outbound.md", "---\ntitle: Outbound\nweight: 2\ndate: 2024-01-03\ntaxonomies:\n  tags: [voice]\n---\nEdited body. Back to [inbound](@/call-centers/inbound.md).\n")
        }),
        ("a front matter edit", &|| {
            site.write("content/call-centers/outbound.md", "---\ntitle: Outbound calls\nweight: 2\ndate: 2024-02-03\ntaxonomies:\n  tags: [voice, sales]\n---\nEdited body.\n")
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
        reloaded(&mut events, what);
        same_as_full_build(&site, &server, &served, what);
    }
}
