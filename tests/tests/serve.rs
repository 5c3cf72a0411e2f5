//! `shoreline serve` against a temp site: edits show up, a reload event arrives, broken edits show an overlay
//! while the last good page is still served, and the server never leaves its folder.

mod common;
use common::serve::*;
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

#[test]
fn edit_shows_up_and_reload_event_arrives() {
    let site = Site::new();
    let srv = start(&site);
    let (status, ctype, body) = get(srv.port, "/call-centers/outbound/");
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(
        body.contains("/__shoreline/events"),
        "served pages carry the reload script"
    );
    let mut ev = events(srv.port);
    site.write("content/call-centers/outbound.md", "---\ntitle: Outbound\nweight: 2\ndate: 2024-01-03\ntaxonomies:\n  tags: [voice]\n---\nFreshly edited text. Back to [inbound](@/call-centers/inbound.md).\n");
    wait_event(&mut ev, "reload");
    wait_for(srv.port, "/call-centers/outbound/", "Freshly edited text");
    // The build output never gets the script.
    assert!(site.build().status.success());
    assert!(!site
        .read_out("call-centers/outbound/index.html")
        .contains("__shoreline"));
}

#[test]
fn broken_front_matter_shows_an_overlay_and_keeps_the_old_page() {
    let site = Site::new();
    let srv = start(&site);
    let mut ev = events(srv.port);
    site.write(
        "content/call-centers/outbound.md",
        "---\ntitle: [unclosed\n---\nBroken.\n",
    );
    let data = wait_event(&mut ev, "problems");
    let text: String = serde_json::from_str(&data).unwrap();
    assert!(
        text.contains("content/call-centers/outbound.md:2"),
        "{text}"
    );
    assert!(text.contains("invalid YAML front matter"), "{text}");
    let (status, _, body) = get(srv.port, "/call-centers/outbound/");
    assert_eq!(status, 200);
    assert!(
        body.contains("You call them."),
        "the last good page is still served"
    );
    // A new page load learns about the problem at once.
    let mut fresh = events(srv.port);
    wait_event(&mut fresh, "problems");
    site.write(
        "content/call-centers/outbound.md",
        "+++\ntitle = \"Outbound fixed\"\n+++\nFixed.\n",
    );
    wait_event(&mut ev, "reload");
    wait_for(srv.port, "/call-centers/outbound/", "Outbound fixed");
}

#[test]
fn new_renamed_and_deleted_pages() {
    let site = Site::new();
    let srv = start(&site);
    let mut ev = events(srv.port);
    site.write(
        "content/call-centers/new-one.md",
        "+++\ntitle = \"New one\"\n+++\nHello.\n",
    );
    wait_event(&mut ev, "reload");
    wait_for(srv.port, "/call-centers/new-one/", "New one");
    std::fs::rename(
        site.root().join("content/call-centers/new-one.md"),
        site.root().join("content/call-centers/renamed.md"),
    )
    .unwrap();
    wait_event(&mut ev, "reload");
    wait_for(srv.port, "/call-centers/renamed/", "New one");
    let deadline = Instant::now() + Duration::from_secs(10);
    while get(srv.port, "/call-centers/new-one/").0 != 404 {
        assert!(Instant::now() < deadline, "stale page left behind");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::remove_dir_all(site.root().join("content/call-centers")).unwrap();
    let data = wait_event(&mut ev, "problems");
    assert!(
        data.contains("broken link"),
        "the home page links into the deleted folder: {data}"
    );
}

#[test]
fn traversal_and_unknown_paths_get_404() {
    let site = Site::new();
    std::fs::write(site.root().join("secret.txt"), "secret").unwrap();
    let srv = start(&site);
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5csecret.txt",
        "/call-centers/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/no/such/page/",
    ] {
        let (status, _, body) = get(srv.port, bad);
        assert_eq!(status, 404, "{bad}");
        assert!(!body.contains("secret") && !body.contains("root:"), "{bad}");
        assert!(
            body.contains("Page not found"),
            "the site's 404 page: {bad}"
        );
    }
    let (status, ctype, _) = get(srv.port, "/sitemap.xml");
    assert_eq!(
        (status, ctype.as_str()),
        (200, "application/xml; charset=utf-8")
    );
}

#[test]
fn template_edit_rerenders_the_pages_that_use_it() {
    let site = Site::new();
    let srv = start(&site);
    let mut ev = events(srv.port);
    let (_, _, before_section) = get(srv.port, "/call-centers/");
    let section_tpl = TEMPLATES
        .iter()
        .find(|(p, _)| *p == "templates/page.html")
        .unwrap()
        .1;
    site.write(
        "templates/page.html",
        &section_tpl.replace(
            "<h1>{{ page.title }}</h1>",
            "<h1 class=edited>{{ page.title }}</h1>",
        ),
    );
    wait_event(&mut ev, "reload");
    wait_for(
        srv.port,
        "/call-centers/outbound/",
        "<h1 class=edited>Outbound</h1>",
    );
    let (_, _, after_section) = get(srv.port, "/call-centers/");
    assert_eq!(
        before_section, after_section,
        "pages on other templates are untouched"
    );
    // A broken template shows the overlay and keeps the pages.
    site.write("templates/base.html", "<html>{% block body %}</html>");
    let data = wait_event(&mut ev, "problems");
    assert!(data.contains("templates/base.html"), "{data}");
    wait_for(
        srv.port,
        "/call-centers/outbound/",
        "<h1 class=edited>Outbound</h1>",
    );
}

#[test]
fn stalled_clients_do_not_starve_a_normal_request() {
    let s = Site::new();
    // A page large enough that a client which never reads it blocks the server's write.
    s.write(
        "content/call-centers/big.md",
        &format!("+++\ntitle = \"Big\"\n+++\n{}\n", "word ".repeat(2_000_000)),
    );
    let server = start(&s);
    wait_for(server.port, "/call-centers/big/", "word");
    let mut stalled = Vec::new();
    for n in 0..64 {
        let mut c = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        if n % 2 == 0 {
            // Half a request: headers never finished.
            write!(c, "GET / HTTP/1.1\r\nHost: localhost\r\n").unwrap();
        } else {
            // A whole request whose (large) answer is never read.
            write!(
                c,
                "GET /call-centers/big/ HTTP/1.1\r\nHost: localhost\r\n\r\n"
            )
            .unwrap();
        }
        stalled.push(c);
    }
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let (status, _, body) = get(server.port, "/call-centers/inbound/");
    assert_eq!(status, 200);
    assert!(body.contains("Inbound"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a normal request waited {:?} behind stalled clients",
        started.elapsed()
    );
    drop(stalled);
}

/// A GET with `Accept-Encoding: accept`; returns the lowercased response head and the raw body.
fn get_encoded(port: u16, path: &str, accept: &str) -> (String, Vec<u8>) {
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        c,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: {accept}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = c.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    (head, raw[split + 4..].to_vec())
}

#[test]
fn text_is_gzipped_for_clients_that_accept_it() {
    let s = Site::new();
    let server = start(&s);
    wait_for(server.port, "/call-centers/inbound/", "Inbound");
    let (_, _, plain) = get(server.port, "/call-centers/inbound/");
    let (head, raw) = get_encoded(server.port, "/call-centers/inbound/", "br;q=0.9, gzip");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(head.contains("vary: accept-encoding"), "{head}");
    let mut body = String::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_string(&mut body)
        .unwrap();
    assert_eq!(body, plain, "the gzipped page decodes to the plain one");
}

#[test]
fn brotli_is_preferred_when_listed_and_refused_at_q0() {
    let s = Site::new();
    let server = start(&s);
    wait_for(server.port, "/call-centers/inbound/", "Inbound");
    let (_, _, plain) = get(server.port, "/call-centers/inbound/");
    let (head, raw) = get_encoded(server.port, "/call-centers/inbound/", "gzip, deflate, br");
    assert!(head.contains("content-encoding: br"), "{head}");
    assert!(head.contains("vary: accept-encoding"), "{head}");
    let mut body = String::new();
    brotli::Decompressor::new(&raw[..], 4096)
        .read_to_string(&mut body)
        .unwrap();
    assert_eq!(body, plain, "the brotli page decodes to the plain one");
    let (head, _) = get_encoded(server.port, "/call-centers/inbound/", "br;q=0, gzip");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    let (head, raw) = get_encoded(server.port, "/call-centers/inbound/", "br;q=0");
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(
        head.contains("vary: accept-encoding"),
        "plain answers vary too: {head}"
    );
    assert_eq!(String::from_utf8(raw).unwrap(), plain);
}

#[test]
fn idle_half_open_connections_do_not_delay_a_request() {
    let s = Site::new();
    let server = start(&s);
    wait_for(server.port, "/call-centers/inbound/", "Inbound");
    // 64 clients that connect and then go quiet: half say nothing, half stop inside the request line.
    let idle: Vec<TcpStream> = (0..64)
        .map(|n| {
            let mut c = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            if n % 2 == 1 {
                write!(c, "GET /call-centers/inb").unwrap();
            }
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let (status, _, body) = get(server.port, "/call-centers/inbound/");
    let waited = started.elapsed();
    assert_eq!(status, 200);
    assert!(body.contains("Inbound"));
    assert!(
        waited < Duration::from_secs(1),
        "a normal request waited {waited:?} behind 64 idle connections"
    );
    drop(idle);
}
