//! `shoreline check --external` against a local HTTP server: each kind of answer reported at its Markdown
//! file:line in one run, OK answers reused from the cache, a time budget that lists what it left unchecked, and
//! `build` / plain `check` never touching the network.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long `/slow` takes to answer: longer than the `--external-timeout 2` the tests pass (2 s leaves the
/// other local answers ample time on a loaded machine).
const SLOW: Duration = Duration::from_secs(4);

/// A server on 127.0.0.1 that counts the requests it gets, by path. Written on `std::net` with a thread per
/// connection: tiny_http 0.12's pool can leave a new connection queued behind open keep-alive ones for as
/// long as they stay open, which made some answers here arrive after the client's timeout.
struct LinkServer {
    port: u16,
    hits: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl LinkServer {
    fn start() -> LinkServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let hits = Arc::new(Mutex::new(BTreeMap::new()));
        let counted = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counted = counted.clone();
                std::thread::spawn(move || serve_one(stream, &counted));
            }
        });
        LinkServer { port, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

/// Reads one request head, counts it and answers it; every answer closes the connection.
fn serve_one(mut stream: TcpStream, hits: &Mutex<BTreeMap<String, usize>>) {
    let mut head = String::new();
    let mut reader = BufReader::new(&stream);
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => head.push_str(&line),
        }
    }
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    *hits.lock().unwrap().entry(path.to_string()).or_insert(0) += 1;
    let (status, location) = route(method == "HEAD", path);
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Length: 4\r\nConnection: close\r\n");
    if let Some(to) = location {
        response.push_str(&format!("Location: {to}\r\n"));
    }
    response.push_str("\r\n");
    if method != "HEAD" {
        response.push_str("body");
    }
    let _ = stream.write_all(response.as_bytes());
}

/// Status line and redirect target of each path.
fn route(head: bool, path: &str) -> (&'static str, Option<&'static str>) {
    match path {
        "/ok" => ("200 OK", None),
        "/moved" => ("301 Moved Permanently", Some("/ok")),
        "/loop" => ("302 Found", Some("/loop")),
        "/busy" => ("429 Too Many Requests", None),
        "/head-refused" if head => ("405 Method Not Allowed", None),
        "/head-refused" => ("200 OK", None),
        p if p.starts_with("/slow") => {
            std::thread::sleep(SLOW);
            ("200 OK", None)
        }
        _ => ("404 Not Found", None),
    }
}

/// Runs the CLI in the site with no proxy settings, so 127.0.0.1 is reached directly.
fn run(site: &Site, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shoreline-cli"));
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.args(args)
        .current_dir(site.root())
        .output()
        .expect("run shoreline")
}

/// Locations (`file:line:col`) of the diagnostics of `level` whose message holds `fragment`.
fn located(stderr: &str, level: &str, fragment: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with(&format!("{level}: ")) && w[0].contains(fragment))
        .filter_map(|w| w[1].strip_prefix("  --> ").map(str::to_string))
        .collect()
}

/// The number before `what` in the summary line of `stdout`.
fn count(stdout: &str, what: &str) -> usize {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("external links: "))
        .unwrap_or_else(|| panic!("no summary line in:\n{stdout}"));
    let at = line
        .find(what)
        .unwrap_or_else(|| panic!("no `{what}` in {line}"));
    line[..at]
        .split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count before `{what}` in {line}"))
}

fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The fixture site with two pages linking to every route of `server`, and one prefix it must skip.
fn linking_site(server: &LinkServer) -> Site {
    let site = Site::new();
    site.write(
        "shoreline.toml",
        &format!(
            "{CONFIG}[links]\nskip_external = [\"{}\"]\n",
            server.url("/skipped/")
        ),
    );
    let page = format!(
        "+++\ntitle = \"Links\"\n+++\n\
         Fine: [ok]({}).\n\
         Gone: [gone]({}).\n\
         Moved: [moved]({}).\n\
         HEAD refused: <{}>\n\
         Slow: [slow]({}).\n\
         Busy: [busy]({}).\n\
         Loop: [loop]({}).\n\
         Closed: [closed](http://127.0.0.1:{}/).\n\
         Own: [home](https://kb.example.com/call-centers/).\n\
         Robots: [skip]({}).\n",
        server.url("/ok"),
        server.url("/gone"),
        server.url("/moved"),
        server.url("/head-refused"),
        server.url("/slow"),
        server.url("/busy"),
        server.url("/loop"),
        closed_port(),
        server.url("/skipped/page"),
    );
    site.write("content/call-centers/links.md", &page);
    site.write(
        "content/call-centers/more.md",
        &format!(
            "+++\ntitle = \"More\"\n+++\nAgain [ok]({}) and\n[gone]({}).\n",
            server.url("/ok"),
            server.url("/gone")
        ),
    );
    site
}

const LINKS: &str = "content/call-centers/links.md";
const MORE: &str = "content/call-centers/more.md";

#[test]
fn every_outcome_is_reported_at_its_line_and_ok_answers_come_from_the_cache() {
    let server = LinkServer::start();
    let site = linking_site(&server);
    let args = ["check", "--external", "--external-timeout", "2"];
    let o = run(&site, &args);
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    let gone = server.url("/gone");
    assert_eq!(
        located(&err, "error", &format!("`{gone}`: 404 Not Found")),
        [format!("{LINKS}:5:7"), format!("{MORE}:5:1")],
        "{err}"
    );
    assert_eq!(
        located(&err, "error", "more than 5 redirects"),
        [format!("{LINKS}:10:7")],
        "{err}"
    );
    assert_eq!(
        located(&err, "error", "cannot connect"),
        [format!("{LINKS}:11:9")],
        "{err}"
    );
    assert_eq!(
        located(&err, "warning", "no answer within 2 s"),
        [format!("{LINKS}:8:7")],
        "{err}"
    );
    assert_eq!(
        located(&err, "warning", "429 Too Many Requests"),
        [format!("{LINKS}:9:7")],
        "{err}"
    );
    for fine in [
        "/ok`",
        "/moved`",
        "/head-refused`",
        "kb.example.com",
        "/skipped/",
    ] {
        assert!(!err.contains(fine), "`{fine}` must not be reported:\n{err}");
    }
    assert_eq!(
        server.hits("/skipped/page"),
        0,
        "skip_external is never fetched"
    );
    assert_eq!(count(&out, "links to"), 10, "{out}");
    assert_eq!(count(&out, "URLs;"), 8, "{out}");
    assert_eq!(count(&out, "URLs from cache"), 0, "{out}");
    assert_eq!(count(&out, "broken"), 3, "{out}");
    assert_eq!(count(&out, "could not be checked"), 2, "{out}");
    assert_eq!(count(&out, "links skipped"), 2, "{out}");
    assert!(site.root().join(".shoreline/cache/links.json").is_file());

    // Again: the three OK URLs come from the cache and are not fetched; the failures are fetched again.
    let before: Vec<usize> = ["/ok", "/moved", "/head-refused", "/gone"]
        .iter()
        .map(|p| server.hits(p))
        .collect();
    let again = run(&site, &args);
    let out = stdout(&again);
    assert_eq!(again.status.code(), Some(1), "{out}");
    assert_eq!(count(&out, "URLs from cache"), 3, "{out}");
    assert_eq!(count(&out, "broken"), 3, "{out}");
    let after: Vec<usize> = ["/ok", "/moved", "/head-refused", "/gone"]
        .iter()
        .map(|p| server.hits(p))
        .collect();
    assert_eq!(after[..3], before[..3], "cached URLs are not fetched");
    assert!(after[3] > before[3], "a broken URL is always fetched again");

    // With a max age of 0 hours nothing is reused.
    let fresh = run(&site, &[&args[..], &["--external-max-age", "0"]].concat());
    assert_eq!(count(&stdout(&fresh), "URLs from cache"), 0);
}

#[test]
fn a_spent_budget_lists_the_urls_it_left_unchecked_as_warnings() {
    let server = LinkServer::start();
    let site = Site::new();
    let lines: String = (1..=20)
        .map(|i| format!("Slow [{i}]({}).\n", server.url(&format!("/slow/{i}"))))
        .collect();
    site.write(
        "content/call-centers/slow.md",
        &format!("+++\ntitle = \"Slow\"\n+++\n{lines}"),
    );
    let o = run(
        &site,
        &[
            "check",
            "--external",
            "--external-budget",
            "1",
            "--external-timeout",
            "10",
        ],
    );
    let (out, err) = (stdout(&o), stderr(&o));
    // Only warnings: a budget overrun is not a broken link. That all 20 are unchecked also shows the run
    // stopped at the budget: any request let run past it would have had its answer after 4 s.
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert_eq!(count(&out, "not checked (time budget)"), 20, "{out}");
    let listed = located(&err, "warning", "not checked (time budget)");
    let expected: Vec<String> = (4..=23)
        .map(|line| format!("content/call-centers/slow.md:{line}:6"))
        .collect();
    assert_eq!(listed, expected, "{err}");
}

#[test]
fn build_and_plain_check_never_touch_the_network() {
    let server = LinkServer::start();
    let site = linking_site(&server);
    let built = run(&site, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let checked = run(&site, &["check"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(!stdout(&checked).contains("external links"));
    assert_eq!(
        server.total(),
        0,
        "requests: {:?}",
        server.hits.lock().unwrap()
    );
    assert!(!site.root().join(".shoreline/cache/links.json").exists());
    // The external flags only make sense with --external.
    let refused = run(&site, &["check", "--external-budget", "5"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
}
