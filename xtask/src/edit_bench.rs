//! The dev server step of `cargo xtask bench` (also `cargo xtask bench-edit [N] [--reps R] [--bin PATH]`):
//! edit-to-served latency under `shoreline serve` for each kind of content edit, on the synthetic corpus.

use crate::bench::shared;
use crate::run;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// The corpus's sections, in the order its pages are spread over them (page `i` is in `SECTIONS[i % 10]`).
const SECTIONS: [&str; 10] = [
    "bpo",
    "call-centers",
    "sourcing-models",
    "it-outsourcing",
    "finance-accounting",
    "hr-outsourcing",
    "customer-support",
    "data-services",
    "legal-process",
    "vendor-management",
];

/// The kinds of edit measured.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Title,
    NewPage,
    Deleted,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Body => "body edit",
            Kind::Title => "front matter title edit",
            Kind::NewPage => "new page",
            Kind::Deleted => "page deleted",
        }
    }
}

/// `cargo xtask bench-edit [N] [--reps R] [--bin PATH]`: the dev server figures alone; `--bin` measures
/// another build of shoreline (an older one, for a before/after on the same machine).
pub(crate) fn bench_edit(root: &Path, args: &[String]) -> Result<()> {
    let mut n = 10_000;
    let mut reps = 20;
    let mut bin = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--reps" => reps = it.next().context("--reps R")?.parse()?,
            "--bin" => bin = Some(PathBuf::from(it.next().context("--bin PATH")?)),
            other => n = other.parse().context("N must be a number of pages")?,
        }
    }
    let bin = match bin {
        Some(b) => b,
        None => crate::build_shoreline(root)?,
    };
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;
    edit_latency(root, &bin, &work, n, reps)
}

/// Times from writing a content file to (a) the edited page's HTML on disk (or gone, for a deletion) and
/// (b) serve's line saying the batch is written (the whole site consistent), median of `reps` each.
pub(crate) fn edit_latency(
    root: &Path,
    bin: &Path,
    work: &Path,
    n: usize,
    reps: usize,
) -> Result<()> {
    let site = corpus(root, work, n)?;
    // Full build of the same corpus in the same run, for the ratio.
    let _ = std::fs::remove_dir_all(site.join("public"));
    let t = Instant::now();
    let ok = Command::new(bin)
        .arg("build")
        .current_dir(&site)
        .stdout(Stdio::null())
        .status()?
        .success();
    if !ok {
        bail!("shoreline build of the edit corpus failed");
    }
    let full = t.elapsed().as_secs_f64() * 1000.0;

    let out = work.join(format!("edit-serve-{n}"));
    let _ = std::fs::remove_dir_all(&out);
    let (mut child, batches) = start_serve(bin, &site, &out)?;
    let mut rows = Vec::new();
    let result = (|| -> Result<()> {
        for kind in [Kind::Body, Kind::Title, Kind::NewPage, Kind::Deleted] {
            let mut page = Vec::new();
            let mut whole = Vec::new();
            for k in 0..reps {
                let (p, w) = measure(kind, k, n, &site, &out, &batches)?;
                page.push(p);
                whole.push(w);
            }
            rows.push((kind, page, whole));
        }
        Ok(())
    })();
    let _ = child.kill();
    let _ = child.wait();
    result?;
    println!("\n| dev server at {n} pages, median of {reps} | edit -> page served | edit -> site consistent | worst page served | full build / page served |\n|---|---:|---:|---:|---:|");
    for (kind, mut page, mut whole) in rows {
        page.sort_by(|a, b| a.total_cmp(b));
        whole.sort_by(|a, b| a.total_cmp(b));
        let median = page[page.len() / 2];
        println!(
            "| {} | {median:.1} ms | {:.0} ms | {:.1} ms | {:.0}x |",
            kind.label(),
            whole[whole.len() / 2],
            page[page.len() - 1],
            full / median
        );
    }
    println!("| full build, same corpus, same run | {full:.0} ms | | | |");
    Ok(())
}

/// The `shoreline` layout of the `n`-page corpus under `work`, generated when missing.
fn corpus(root: &Path, work: &Path, n: usize) -> Result<PathBuf> {
    let corpus = work.join(format!("edit-{n}"));
    let site = corpus.join("shoreline");
    if !site.join("shoreline.toml").is_file() {
        run(Command::new("python3")
            .arg(shared(root).join("gen_corpus.py"))
            .args(["--n", &n.to_string(), "--layout", "shoreline", "--out"])
            .arg(&corpus))?;
    }
    Ok(site)
}

/// Starts `serve` on a free port; the receiver gets the time of each line saying a batch is written.
fn start_serve(bin: &Path, site: &Path, out: &Path) -> Result<(Child, Receiver<Instant>)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut child = Command::new(bin)
        .args(["serve", "--port", &port.to_string(), "--output-dir"])
        .arg(out)
        .current_dir(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().context("serve's stdout")?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains(" file(s) written in ") && tx.send(Instant::now()).is_err() {
                return;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(300);
    // A socket the kernel joined to itself (its source port picked as the target) is no server.
    let listening = || {
        std::net::TcpStream::connect(("127.0.0.1", port))
            .is_ok_and(|c| c.local_addr().ok() != c.peer_addr().ok())
    };
    while !listening() {
        if Instant::now() > deadline {
            let _ = child.kill();
            bail!("serve did not start");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((child, rx))
}

/// One edit of `kind` (the `k`-th), timed, then undone; returns (page served, site consistent) in ms.
fn measure(
    kind: Kind,
    k: usize,
    n: usize,
    site: &Path,
    out: &Path,
    batches: &Receiver<Instant>,
) -> Result<(f64, f64)> {
    let i = (37 * k + 11 + 1000 * kind as usize) % n;
    let sec = SECTIONS[i % 10];
    let (stem, marker) = match kind {
        Kind::NewPage | Kind::Deleted => (format!("bench-new-{k}"), format!("new-page-{k}")),
        _ => (
            format!("svc-{i:05}"),
            format!("edit-marker-{k}-{}", std::process::id()),
        ),
    };
    let src = site.join("content").join(sec).join(format!("{stem}.md"));
    let dst = out.join(sec).join(&stem).join("index.html");
    let new_page = format!("+++\ntitle = \"{marker}\"\ndate = 2024-01-01\n\n[taxonomies]\ntags = [\"offshore\"]\n+++\n\nA new page.\n");
    let original = match kind {
        Kind::NewPage => None,
        // The corpus's pages link to each other, so deleting one of them breaks the build: a page nothing
        // links to is made first, then deleted.
        Kind::Deleted => {
            while batches.try_recv().is_ok() {}
            std::fs::write(&src, &new_page)?;
            batches
                .recv_timeout(Duration::from_secs(120))
                .context("serve never built the page to delete")?;
            std::thread::sleep(Duration::from_millis(300));
            None
        }
        _ => Some(std::fs::read_to_string(&src)?),
    };
    while batches.try_recv().is_ok() {}
    let t = Instant::now();
    match (kind, &original) {
        (Kind::Body, Some(text)) => std::fs::write(&src, format!("{text}\n{marker}\n"))?,
        (Kind::Title, Some(text)) => std::fs::write(
            &src,
            text.replacen("title = \"", &format!("title = \"{marker} "), 1),
        )?,
        (Kind::NewPage, _) => std::fs::write(&src, &new_page)?,
        (Kind::Deleted, _) => std::fs::remove_file(&src)?,
        _ => bail!("no text to edit"),
    }
    loop {
        let done = match kind {
            Kind::Deleted => !dst.exists(),
            _ => std::fs::read_to_string(&dst)
                .map(|h| h.contains(&marker))
                .unwrap_or(false),
        };
        if done {
            break;
        }
        if t.elapsed().as_secs() > 120 {
            bail!(
                "{} of {} never reached {}",
                kind.label(),
                src.display(),
                dst.display()
            );
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let page = t.elapsed().as_secs_f64() * 1000.0;
    let whole = batches
        .recv_timeout(Duration::from_secs(120))
        .context("serve never said the batch was written")?
        .duration_since(t)
        .as_secs_f64()
        * 1000.0;
    // Undo (a deletion undid the page made for it), and let that batch finish too, so edits never queue
    // behind each other.
    if kind != Kind::Deleted {
        match original {
            Some(text) => std::fs::write(&src, text)?,
            None => std::fs::remove_file(&src)?,
        }
        batches
            .recv_timeout(Duration::from_secs(120))
            .context("serve never finished undoing the edit")?;
    }
    std::thread::sleep(Duration::from_millis(300));
    Ok((page, whole))
}
