//! `cargo xtask bench`: full builds against Hugo and the Markdown floor, on the shared synthetic corpus.

use crate::run;
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

pub(crate) fn shared(root: &Path) -> std::path::PathBuf {
    root.join("../shared/bench")
}

fn ensure_hugo() -> Result<String> {
    if Command::new("hugo")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
    {
        return Ok("hugo".into());
    }
    eprintln!("xtask: installing hugo with apt-get");
    let install = || {
        run(Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "hugo"])
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    if install().is_err() {
        run(Command::new("apt-get").arg("update"))?;
        install()?;
    }
    Ok("hugo".into())
}

/// `run_bench.py` comparing Shoreline (`bin`) with Hugo on corpora of each of `sizes` pages under `work`.
fn run_bench(root: &Path, bin: &Path, hugo: &str, work: &Path, sizes: &[String]) -> Command {
    let mut cmd = Command::new("python3");
    cmd.arg(shared(root).join("run_bench.py"))
        .arg("--shoreline")
        .arg(bin)
        .arg("--hugo")
        .arg(hugo)
        .arg("--work")
        .arg(work);
    for n in sizes {
        cmd.arg("--n").arg(n);
    }
    cmd
}

/// The same comparison with corpus and output in memory (tmpfs), where it exists. On a file system without
/// a journal, ext4 passes over every recently deleted inode before it hands out a new one, and the bench
/// deletes each engine's last output just before its next run: both engines then spend most of their wall
/// time creating folders, which hides what the engines themselves cost.
fn in_memory(root: &Path, bin: &Path, hugo: &str, n: usize) -> Result<()> {
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        return Ok(());
    }
    let work = shm.join(format!("shoreline-bench-{}", std::process::id()));
    println!("\n{n} pages again, corpus and output in memory (/dev/shm):\n");
    let result = run(run_bench(root, bin, hugo, &work, &[n.to_string()]).args(["--runs", "3"]));
    let _ = std::fs::remove_dir_all(&work);
    result
}

pub(crate) fn bench(root: &Path, args: &[String]) -> Result<()> {
    let sizes: Vec<String> = if args.is_empty() {
        vec!["1000".into(), "10000".into()]
    } else {
        args.to_vec()
    };
    let bin = crate::build_shoreline(root)?;
    let hugo = ensure_hugo()?;
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;

    // Build the floor (pulldown-cmark alone) from the shared bench folder, into our own target dir.
    let floor_dir = shared(root).join("floor");
    run(Command::new("cargo")
        .args(["build", "--release", "--manifest-path"])
        .arg(floor_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target/floor")))?;
    let floor_bin = root.join("target/floor/release/md-floor");

    run(&mut run_bench(root, &bin, &hugo, &work, &sizes))?;
    let largest = sizes
        .iter()
        .filter_map(|n| n.parse::<usize>().ok())
        .max()
        .unwrap_or(10_000);
    in_memory(root, &bin, &hugo, largest)?;

    println!("\n| floor (pulldown-cmark only, render + write) | N | wall s |\n|---|---:|---:|");
    for n in &sizes {
        let corpus = work.join(format!("raw-{n}"));
        if !corpus.join("raw").is_dir() {
            run(Command::new("python3")
                .arg(shared(root).join("gen_corpus.py"))
                .args(["--n", n, "--layout", "raw", "--out"])
                .arg(&corpus))?;
        }
        let out = work.join(format!("floor-out-{n}"));
        let _ = std::fs::remove_dir_all(&out);
        let t = Instant::now();
        let status = Command::new(&floor_bin)
            .arg(corpus.join("raw/content"))
            .arg("--write")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .status()
            .context("running md-floor")?;
        if !status.success() {
            bail!("md-floor failed");
        }
        println!("| floor | {n} | {:.3} |", t.elapsed().as_secs_f64());
    }

    crate::edit_bench::edit_latency(root, &bin, &work, largest, 20)?;
    crate::search_bench::search_index(root, &bin, &work, largest)?;
    explorer_figures(root, &bin)
}

/// `cargo xtask bench-large [N]`: Shoreline alone on a corpus of N pages (100,000 by default, where Hugo does
/// not fit in this machine's memory): wall time, CPU and peak RSS from `run_bench.py`, then the phases of one
/// traced build with the memory resident at the end of each.
pub(crate) fn bench_large(root: &Path, args: &[String]) -> Result<()> {
    let n = args.first().map_or("100000", String::as_str);
    let bin = crate::build_shoreline(root)?;
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;
    let site = work.join(format!("N{n}/shoreline"));
    // Made once (about a minute at 100,000 pages) and kept, as bench keeps its corpora.
    if !site.join("content").is_dir() {
        run(Command::new("python3")
            .arg(shared(root).join("gen_corpus.py"))
            .args(["--n", n, "--layout", "shoreline", "--out"])
            .arg(work.join(format!("N{n}"))))?;
    }
    run(Command::new("python3")
        .arg(shared(root).join("run_bench.py"))
        .arg("--shoreline")
        .arg(&bin)
        .arg("--work")
        .arg(&work)
        .args(["--n", n, "--runs", "1", "--warmup", "1", "--no-generate"]))?;
    let out = work.join(format!("large-out-{n}"));
    let _ = std::fs::remove_dir_all(&out);
    let traced = Command::new(&bin)
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output-dir")
        .arg(&out)
        .env("SHORELINE_TRACE", "1")
        .output()
        .context("running the traced build")?;
    if !traced.status.success() {
        bail!(
            "the traced build failed:\n{}",
            String::from_utf8_lossy(&traced.stderr)
        );
    }
    println!("\n| phase ({n} pages, one traced build) | done at | resident |\n|---|---:|---:|");
    for line in String::from_utf8_lossy(&traced.stderr).lines() {
        let Some(rest) = line.strip_prefix("trace: ") else {
            continue;
        };
        let Some((phase, tail)) = rest.split_once(" done at ") else {
            continue;
        };
        let (at, resident) = tail.split_once(" (").unwrap_or((tail, ""));
        println!("| {phase} | {at} | {} |", resident.trim_end_matches(')'));
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

/// `cargo xtask bench-explorer`: the explorer's figures alone (a few minutes, against bench's most of an hour).
pub(crate) fn bench_explorer(root: &Path) -> Result<()> {
    let bin = crate::build_shoreline(root)?;
    explorer_figures(root, &bin)
}

/// Engine query times at 10,000 services, widget sizes, the scenario tables and the widget in Chromium.
fn explorer_figures(root: &Path, bin: &Path) -> Result<()> {
    run(Command::new("cargo")
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "shoreline-catalog",
            "--features",
            "synthetic",
            "--example",
            "query_bench",
            "10000",
        ])
        .current_dir(root))?;
    widget_size(root, bin)?;
    scenarios(root)?;
    crate::browser::browser_bench(root)?;
    Ok(())
}

/// The buyer-understanding figures on the scenario tables (top-5 hits, look-alikes in a top 3, advice,
/// understood precision and recall), printed by the catalog test that also holds them to their floors.
fn scenarios(root: &Path) -> Result<()> {
    let out = Command::new("cargo")
        .args([
            "test",
            "--quiet",
            "-p",
            "shoreline-catalog",
            "--test",
            "bundled_catalog",
            "scenarios",
            "--",
            "--nocapture",
        ])
        .current_dir(root)
        .output()
        .context("running the scenario evaluation")?;
    let text = String::from_utf8_lossy(&out.stdout);
    println!("\n| scenario table | figures (targets: 38/40 hits, <= 2 look-alikes, 38/40 advice, 90% precision, 80% recall) |\n|---|---|");
    for line in text
        .lines()
        .filter(|l| l.ends_with("%") && l.contains(".json: "))
    {
        // The test runner's progress dots can share the line.
        if let Some((table, figures)) = line.trim_start_matches('.').split_once(": ") {
            println!("| {table} | {figures} |");
        }
    }
    if !out.status.success() {
        bail!("the scenario evaluation failed:\n{text}");
    }
    Ok(())
}

/// Transfer size of the widget as a host page loads it, raw, gzip and brotli: the module bundle (loader, glue,
/// wasm; catalog.json comes on top) and the classic bundle (all of it plus the bundled site's catalog, in one
/// file), both as `shoreline build` writes them for the bundled site.
fn widget_size(root: &Path, bin: &Path) -> Result<()> {
    let site = root.join("target/bench-widget-site");
    run(Command::new(bin)
        .args(["build", "--force", "--output-dir"])
        .arg(&site)
        .arg("--root")
        .arg(root))?;
    let script = r#"
import sys, gzip, os, brotli
site = sys.argv[1]
explorer = os.path.join(site, 'explorer')
def sizes(path):
    b = open(path, 'rb').read()
    return len(b), len(gzip.compress(b, 9)), len(brotli.compress(b, quality=11))
module = sorted(n for n in os.listdir(explorer) if n != 'shoreline-explorer.bundle.js')
rows = [(n, sizes(os.path.join(explorer, n))) for n in module]
total = tuple(sum(r[1][i] for r in rows) for i in range(3))
rows.append(('**module bundle** (loader + glue + wasm)', total))
rows.append(('catalog.json (fetched by the module bundle)', sizes(os.path.join(site, 'catalog.json'))))
rows.append(('**classic bundle** (wasm + glue + catalog, one file)', sizes(os.path.join(explorer, 'shoreline-explorer.bundle.js'))))
for name, (raw, gz, br) in rows:
    print('| %s | %d | %d | %d |' % (name, raw, gz, br))
"#;
    let has_brotli = Command::new("python3")
        .args(["-c", "import brotli"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !has_brotli {
        run(Command::new("python3").args(["-m", "pip", "install", "--quiet", "brotli"]))?;
    }
    println!("\n| widget file | raw bytes | gzip | brotli |\n|---|---:|---:|---:|");
    run(Command::new("python3").args(["-c", script]).arg(&site))
}
