//! `cargo xtask site | test | bench | explorer`: set-up and orchestration, nothing else.

mod bench;
mod browser;
mod edit_bench;
mod explorer;
mod fuzz;
mod search_bench;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("site") => site(&root, &args[1..]),
        Some("test") => test(&root),
        Some("bench") => bench::bench(&root, &args[1..]),
        Some("bench-edit") => edit_bench::bench_edit(&root, &args[1..]),
        Some("bench-search") => search_bench::bench_search(&root, &args[1..]),
        Some("bench-explorer") => bench::bench_explorer(&root),
        Some("bench-large") => bench::bench_large(&root, &args[1..]),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        Some("explorer") => explorer_bundle(&root).and_then(|dist| explorer::publish(&root, &dist)),
        _ => {
            eprintln!("usage: cargo xtask <site|test|bench|explorer|fuzz>\n  site      set up, build and serve the bundled site\n  test      set up and run every test\n  bench     build-time, size and speed measurements\n  bench-edit  the dev server step of bench alone [N pages, default 10000] [--reps R] [--bin PATH]\n  bench-search  the site search step of bench alone [N pages, default 10000]\n  bench-explorer  the explorer steps of bench alone (query times, widget size, scenarios, browser)\n  bench-large  Shoreline alone on a large corpus [N pages, default 100000]: time, peak memory, phases\n  explorer  build the explorer widget bundle\n  fuzz      run the cargo-fuzz targets (--seconds N)");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn workspace_root() -> PathBuf {
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("xtask"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Runs a command, echoing it, and fails with its name when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd.status().with_context(|| format!("starting {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Installs the widget's tools and builds the bundle when its sources changed.
fn explorer_bundle(root: &Path) -> Result<PathBuf> {
    explorer::ensure_tools(root)?;
    if explorer::is_stale(root) {
        explorer::build(root)
    } else {
        Ok(explorer::dist_dir(root))
    }
}

/// Builds the `shoreline` binary (release), which embeds the committed widget in `generator/widget/`.
pub fn build_shoreline(root: &Path) -> Result<PathBuf> {
    run(Command::new("cargo")
        .args(["build", "--release", "-p", "shoreline"])
        .env_remove("SHORELINE_EXPLORER_DIST")
        .current_dir(root))?;
    Ok(root.join("target/release/shoreline"))
}

fn site(root: &Path, extra: &[String]) -> Result<()> {
    // An editor who changed the widget's sources sees the change: the committed copy follows the build.
    let dist = explorer_bundle(root)?;
    explorer::publish(root, &dist)?;
    let bin = build_shoreline(root)?;
    let mut cmd = Command::new(&bin);
    cmd.arg("serve")
        .arg("--root")
        .arg(root)
        .args(extra)
        .current_dir(root);
    run(&mut cmd)
}

fn test(root: &Path) -> Result<()> {
    let dist = explorer_bundle(root)?;
    // What `cargo install --path generator` embeds must be what these sources build.
    explorer::check_published(root, &dist)?;
    browser::ensure_chromium()?;
    run(Command::new("cargo")
        .args(["test", "--workspace"])
        .env_remove("SHORELINE_EXPLORER_DIST")
        .current_dir(root))?;
    // The browser tests drive the real bundled site, widget included.
    let bin = build_shoreline(root)?;
    let out = root.join("target/test-site");
    run(Command::new(&bin)
        .args(["build", "--force", "--output-dir"])
        .arg(&out)
        .arg("--root")
        .arg(root)
        .current_dir(root))?;
    browser::run_browser_tests(root, &out)?;
    // Hostile catalog and page strings: nothing injected may run, in the page or inside the widget.
    let evil = root.join("target/evil-site");
    run(Command::new(&bin)
        .args(["build", "--force", "--output-dir"])
        .arg(&evil)
        .arg("--root")
        .arg(root.join("tests/browser/evil-site"))
        .current_dir(root))?;
    run(Command::new("node")
        .arg(root.join("tests/browser/injection.mjs"))
        .arg(&evil)
        .env("SHORELINE_CHROMIUM", browser::CHROMIUM)
        .current_dir(root))?;
    eprintln!("xtask: every test passed");
    Ok(())
}
