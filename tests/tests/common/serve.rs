//! A `shoreline serve` process for whole-site tests, and the requests and events they read from it.

use super::Site;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `shoreline serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub port: u16,
    _out: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port no other server of this test process was given: the OS may hand a just-released port out again,
/// and two servers on one port would answer each other's tests.
pub(crate) fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// Serves `site` into a temp folder of its own.
pub(crate) fn start(site: &Site) -> Server {
    let out = tempfile::tempdir().unwrap();
    let mut server = start_in(site, &out.path().join("site"));
    server._out = Some(out);
    server
}

/// Serves `site` into `out`; returns once it answers with one of its own pages.
///
/// The port `free_port` found free can be taken before the server binds it (another test's connection may get
/// it as its source port): the server then exits, and is started again on another port.
pub(crate) fn start_in(site: &Site, out: &Path) -> Server {
    let mut last = String::new();
    for _ in 0..5 {
        match try_start(site, out) {
            Ok(server) => return server,
            Err(why) => last = why,
        }
    }
    panic!("serve did not start in 5 tries; the last: {last}");
}

fn try_start(site: &Site, out: &Path) -> Result<Server, String> {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .args(["serve", "--port", &port.to_string(), "--output-dir"])
        .arg(out)
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server {
        child,
        port,
        _out: None,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        // A server that could not listen exits: then whatever answers is not ours.
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!("serve exited with {status} on port {port}"));
        }
        // Only a page with the dev server's reload script is an answer from this server: a connection alone
        // may be the kernel joining a socket to itself, or whatever else holds the port.
        if answers_as_serve(port) {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("serve did not start on port {port}");
}

/// Whether the server on `port` answers `/` with a page carrying the dev server's reload script.
fn answers_as_serve(port: u16) -> bool {
    let Ok(s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    if s.local_addr().ok() == s.peer_addr().ok() {
        return false;
    }
    let (status, _, body) = exchange(s, "/");
    status == 200 && body.contains("__shoreline")
}

/// A plain HTTP/1.1 GET; returns (status, content-type, body).
pub(crate) fn get(port: u16, path: &str) -> (u16, String, String) {
    exchange(TcpStream::connect(("127.0.0.1", port)).unwrap(), path)
}

/// A plain HTTP/1.1 GET on the connected `s`; returns (status, content-type, body).
fn exchange(mut s: TcpStream, path: &str) -> (u16, String, String) {
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let ctype = text
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-type:"))
        .map(|l| l[13..].trim().to_string())
        .unwrap_or_default();
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, ctype, body)
}

/// Opens the event stream and returns a reader positioned after the response head.
pub(crate) fn events(port: u16) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET /__shoreline/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    while r.read_line(&mut line).unwrap_or(0) > 0 {
        if line.trim().is_empty() {
            break;
        }
        line.clear();
    }
    r
}

/// Reads events until one named `name` arrives; returns its data line.
pub(crate) fn wait_event(r: &mut BufReader<TcpStream>, name: &str) -> String {
    let mut current = String::new();
    let mut line = String::new();
    // Keep-alive comments would reset the read timeout forever: the whole wait has a deadline of its own.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "no `{name}` event within 60 s");
        line.clear();
        let n = r
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("waiting for `{name}`: {e}"));
        assert!(n > 0, "stream closed before `{name}`");
        if let Some(ev) = line.strip_prefix("event: ") {
            current = ev.trim().to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            if current == name {
                return data.trim().to_string();
            }
        }
    }
}

pub(crate) fn wait_for(port: u16, path: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, _, body) = get(port, path);
        if body.contains(needle) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never contained `{needle}`; last body:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
