//! Headless Chromium and the explorer's browser tests (`tests/browser/run.mjs`, driven by playwright-core).

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

/// Where Debian's chromium package puts the browser; run.mjs launches exactly this binary.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

/// Installs Debian's chromium when it is missing (playwright's own browser download is not reachable here).
pub(crate) fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    eprintln!("installing chromium with apt-get");
    if apt_install().is_err() {
        // A fresh container has no package lists yet.
        apt(&["update"])?;
        apt_install()?;
    }
    if !Path::new(CHROMIUM).exists() {
        bail!("apt-get installed chromium but {CHROMIUM} does not exist");
    }
    Ok(())
}

fn apt_install() -> Result<()> {
    apt(&["install", "-y", "--no-install-recommends", "chromium"])
}

fn apt(args: &[&str]) -> Result<()> {
    let status = Command::new("apt-get")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .context("starting apt-get")?;
    if !status.success() {
        bail!("apt-get {} failed with {status}", args.join(" "));
    }
    Ok(())
}

/// Runs the browser tests against a built site (which holds `explorer/` and `catalog.json`).
/// Fails when Chromium, the bundle or any check is missing: these tests never skip.
pub(crate) fn run_browser_tests(root: &Path, site_dir: &Path) -> Result<()> {
    for needed in ["explorer/shoreline-explorer.js", "catalog.json"] {
        if !site_dir.join(needed).is_file() {
            bail!(
                "{} has no {needed}: build the site with the explorer bundle first",
                site_dir.display()
            );
        }
    }
    crate::explorer::ensure_node_modules(root)?;
    let status = Command::new("node")
        .arg(root.join("tests/browser/run.mjs"))
        .arg(site_dir)
        .env("SHORELINE_CHROMIUM", CHROMIUM)
        .current_dir(root)
        .status()
        .context("starting node (is Node.js installed?)")?;
    if !status.success() {
        bail!("browser tests failed ({status}); see the output above");
    }
    Ok(())
}

/// Services in the browser benchmark's synthetic catalog.
const BENCH_SERVICES: &str = "10000";

/// The widget's browser benchmark (`tests/browser/bench.mjs`): load, keystroke and facet-click latency in
/// headless Chromium, against the built bundle and a synthetic catalog of `BENCH_SERVICES` services, prepared in
/// `target/explorer-bench/`. Prints a Markdown table; slow figures are reported, not failed.
pub(crate) fn browser_bench(root: &Path) -> Result<()> {
    crate::explorer::ensure_tools(root)?;
    let dist = crate::explorer::build(root)?;
    ensure_chromium()?;
    let dir = root.join("target/explorer-bench");
    let bundle = dir.join("explorer");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(&bundle)?;
    for file in crate::explorer::bundle_files(&dist) {
        std::fs::copy(dist.join(&file), bundle.join(&file))
            .with_context(|| format!("copying {file} from {}", dist.display()))?;
    }
    crate::run(
        Command::new("cargo")
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
                "--",
                BENCH_SERVICES,
                "--json",
            ])
            .arg(dir.join("catalog.json"))
            // The example also prints native query times; the browser figures are what this step is for.
            .stdout(std::process::Stdio::null())
            .current_dir(root),
    )?;
    crate::run(
        Command::new("node")
            .arg(root.join("tests/browser/bench.mjs"))
            .arg(&dir)
            .env("SHORELINE_CHROMIUM", CHROMIUM)
            .current_dir(root),
    )
}
