//! The site search step of `cargo xtask bench` (also `cargo xtask bench-search [N]`): the index's share of
//! build time, its files and bytes, and a cold query's transfer and answer time, on the synthetic corpus.

use crate::bench::shared;
use crate::run;
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Queries replayed on the corpus: one word, several words, a misspelling, a word being typed.
const QUERIES: &[&str] = &[
    "payroll",
    "offshore payroll compliance",
    "nearshore call center pricing",
    "outsorcing",
    "multiling",
];
/// Builds per setting; the fastest of each is compared, as disk noise only ever adds time.
const RUNS: usize = 3;

/// `cargo xtask bench-search [N]`.
pub(crate) fn bench_search(root: &Path, args: &[String]) -> Result<()> {
    let n = match args.first() {
        Some(n) => n.parse().context("N must be a number of pages")?,
        None => 10_000,
    };
    let bin = crate::build_shoreline(root)?;
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;
    search_index(root, &bin, &work, n)
}

/// Prints the search tables for the `n`-page corpus (generated under `work` when missing).
pub(crate) fn search_index(root: &Path, bin: &Path, work: &Path, n: usize) -> Result<()> {
    let site = work.join(format!("edit-{n}")).join("shoreline");
    if !site.join("shoreline.toml").is_file() {
        run(Command::new("python3")
            .arg(shared(root).join("gen_corpus.py"))
            .args(["--n", &n.to_string(), "--layout", "shoreline", "--out"])
            .arg(site.parent().unwrap_or(work)))?;
    }
    let config = site.join("shoreline.toml");
    let original = std::fs::read_to_string(&config)?;
    let off_config = format!("{original}\n[search]\nenabled = false\n");
    let on_out = work.join(format!("search-on-{n}"));
    let off_out = work.join(format!("search-off-{n}"));
    let (mut on, mut off, mut index) = (f64::MAX, f64::MAX, f64::MAX);
    let timed = (|| -> Result<()> {
        for _ in 0..RUNS {
            std::fs::write(&config, &off_config)?;
            off = off.min(build(bin, &site, &off_out)?.0);
            std::fs::write(&config, &original)?;
            let (wall, phase) = build(bin, &site, &on_out)?;
            on = on.min(wall);
            index = index.min(phase.context("the build printed no search index timing")?);
        }
        Ok(())
    })();
    std::fs::write(&config, &original)?;
    timed?;
    let (files, bytes) = folder_size(&on_out.join("search"))?;
    println!("\n| site search at {n} pages | value |\n|---|---:|");
    println!("| build with search off, fastest of {RUNS} | {off:.2} s |");
    println!("| build with search on, fastest of {RUNS} | {on:.2} s |");
    // The index is built while the pages render, so its phase overlaps the rest: what it costs the build is
    // the difference between the two builds.
    println!("| index phase (alongside rendering, fastest of {RUNS}) | {index:.2} s |");
    println!(
        "| index share of build time ((build on - build off) / build off) | {:.1}% |",
        ((on - off) / off * 100.0).max(0.0)
    );
    println!("| index files (meta, term and fragment shards, script) | {files} |");
    println!("| index bytes on disk | {:.1} MB |", bytes as f64 / 1e6);
    println!("\n| cold query at {n} pages | results | files fetched | transferred (brotli 11: script + meta + shards) | answer after files arrive (parse + rank, median) | same query again (median) |\n|---|---:|---:|---:|---:|---:|");
    run(Command::new("node")
        .arg(root.join("tests/browser/search-bench.mjs"))
        .arg(&on_out)
        .args(QUERIES))
}

/// Wall seconds of one build, and the seconds of its search index phase (from `SHORELINE_TRACE`), which runs
/// alongside rendering.
fn build(bin: &Path, site: &Path, out: &Path) -> Result<(f64, Option<f64>)> {
    let t = Instant::now();
    let o = Command::new(bin)
        .args(["build", "--force", "--output-dir"])
        .arg(out)
        .current_dir(site)
        .env("SHORELINE_TRACE", "1")
        .stdout(Stdio::null())
        .output()?;
    if !o.status.success() {
        bail!("shoreline build of {} failed", site.display());
    }
    let wall = t.elapsed().as_secs_f64();
    let phase = String::from_utf8_lossy(&o.stderr).lines().find_map(|l| {
        l.strip_prefix("trace: search index alone done at ")
            .and_then(|s| s.split('s').next()?.parse().ok())
    });
    Ok((wall, phase))
}

fn folder_size(dir: &Path) -> Result<(usize, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let e = e?;
            if e.file_type()?.is_dir() {
                stack.push(e.path());
            } else {
                files += 1;
                bytes += e.metadata()?.len();
            }
        }
    }
    Ok((files, bytes))
}
