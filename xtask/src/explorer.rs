//! Builds the explorer widget: Rust -> wasm32 -> wasm-bindgen glue -> wasm-opt -> `target/explorer-dist/`,
//! and keeps the copy the generator embeds (`generator/widget/`, committed) equal to it.
//!
//! The bundle is four files. `shoreline-explorer.js`, a module loader, imports the glue
//! `shoreline-explorer-core.<hash>.js`, which fetches `shoreline-explorer-core.<hash>.wasm` relative to its own
//! `import.meta.url`, so it works from any origin and any folder that sends CORS headers.
//! `shoreline-explorer.bundle.js` is one classic script holding the glue, with placeholders `shoreline build`
//! fills with the wasm and the site's catalog: it needs no CORS anywhere.
//!
//! The generator embeds a committed copy rather than building the widget itself, so `cargo install --path
//! generator` gives a complete binary on a machine with no wasm toolchain; `cargo xtask test` checks that a fresh
//! build reproduces the committed copy byte for byte.

mod assemble;
mod glue;

use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// The target triple the widget is compiled for.
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Cargo profile defined in the root Cargo.toml (size-optimised, LTO, panic=abort).
const PROFILE: &str = "wasm-release";
/// Base name of the wasm-bindgen output (`<name>.js` + `<name>_bg.wasm`).
const CORE_NAME: &str = "shoreline-explorer-core";
/// The files a host page loads; their names never change.
pub(crate) const LOADER_NAME: &str = "shoreline-explorer.js";
pub(crate) const CLASSIC_NAME: &str = "shoreline-explorer.bundle.js";

/// Output folder of the finished bundle, relative to the workspace root.
pub(crate) fn dist_dir(root: &Path) -> PathBuf {
    root.join("target").join("explorer-dist")
}

/// The committed copy the generator embeds (see the module notes).
pub(crate) fn committed_dir(root: &Path) -> PathBuf {
    root.join("generator").join("widget")
}

/// The files of a finished bundle in `dir`, sorted by name; empty when there is none.
pub(crate) fn bundle_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Installs what the build and the browser tests need: the wasm target, wasm-bindgen-cli at the Cargo.lock
/// version, and the npm tools (binaryen's wasm-opt, playwright-core). Each step is skipped when already done.
pub(crate) fn ensure_tools(root: &Path) -> Result<()> {
    ensure_wasm_target(root)?;
    ensure_wasm_bindgen(root)?;
    ensure_node_modules(root)?;
    Ok(())
}

fn ensure_wasm_target(root: &Path) -> Result<()> {
    let installed = output_of(
        Command::new("rustup")
            .args(["target", "list", "--installed"])
            .current_dir(root),
    )?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    run(Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .current_dir(root))
}

/// The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly or the glue is rejected.
pub(crate) fn locked_wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock; run `cargo generate-lockfile` or build the explorer once natively")
}

/// Path of the wasm-bindgen binary: on PATH, else in cargo's bin folder (where `cargo install` puts it).
fn wasm_bindgen_bin() -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin").join("wasm-bindgen"));
    match cargo_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("wasm-bindgen"),
    }
}

fn installed_wasm_bindgen_version() -> Option<String> {
    let out = Command::new(wasm_bindgen_bin())
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    // "wasm-bindgen 0.2.130"
    text.split_whitespace().nth(1).map(str::to_string)
}

fn ensure_wasm_bindgen(root: &Path) -> Result<()> {
    let wanted = locked_wasm_bindgen_version(root)?;
    if installed_wasm_bindgen_version().as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    eprintln!("installing wasm-bindgen-cli {wanted} (takes a few minutes, once)");
    run(Command::new("cargo")
        .args(["install", "wasm-bindgen-cli", "--version", &wanted])
        .current_dir(root))?;
    match installed_wasm_bindgen_version() {
        Some(v) if v == wanted => Ok(()),
        other => {
            bail!("wasm-bindgen-cli {wanted} installed but `wasm-bindgen --version` says {other:?}")
        }
    }
}

/// Runs `npm ci` when node_modules is missing or older than package-lock.json.
pub(crate) fn ensure_node_modules(root: &Path) -> Result<()> {
    let lock = root.join("package-lock.json");
    let marker = root.join("node_modules").join(".package-lock.json");
    let wanted_tools = [
        root.join("node_modules/binaryen/package.json"),
        root.join("node_modules/playwright-core/package.json"),
        root.join("node_modules/axe-core/package.json"),
    ];
    let fresh = match (mtime(&lock), mtime(&marker)) {
        (Some(lock_time), Some(marker_time)) => marker_time >= lock_time,
        _ => false,
    };
    if fresh && wanted_tools.iter().all(|p| p.exists()) {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root))
}

/// True when the bundle is missing or older than any of its inputs.
pub(crate) fn is_stale(root: &Path) -> bool {
    let dist = dist_dir(root);
    let files = bundle_files(&dist);
    if files.is_empty() {
        return true;
    }
    let oldest_output = files
        .iter()
        .map(|f| mtime(&dist.join(f)))
        .try_fold(SystemTime::now(), |oldest, t| t.map(|t| oldest.min(t)));
    let Some(oldest_output) = oldest_output else {
        return true;
    };
    newest_input(root).is_none_or(|newest| newest > oldest_output)
}

/// Everything whose change must rebuild the bundle.
fn input_paths(root: &Path) -> Vec<PathBuf> {
    [
        "explorer/src",
        "explorer/js",
        "explorer/Cargo.toml",
        "explorer/build.rs",
        "catalog/src",
        "catalog/Cargo.toml",
        // The build steps themselves (post-processing of the wasm-bindgen output).
        "xtask/src/explorer.rs",
        "xtask/src/explorer",
        "Cargo.lock",
        "Cargo.toml",
        "package-lock.json",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect()
}

fn newest_input(root: &Path) -> Option<SystemTime> {
    let mut newest = None;
    for path in input_paths(root) {
        newest_in(&path, &mut newest);
    }
    newest
}

fn newest_in(path: &Path, newest: &mut Option<SystemTime>) {
    let Ok(meta) = fs::metadata(path) else { return };
    if meta.is_dir() {
        if let Ok(entries) = fs::read_dir(path) {
            for entry in entries.flatten() {
                newest_in(&entry.path(), newest);
            }
        }
    } else if let Ok(t) = meta.modified() {
        *newest = Some(newest.map_or(t, |n: SystemTime| n.max(t)));
    }
}

fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Builds the bundle into `target/explorer-dist/` (skipped when up to date) and returns that folder.
/// Call `ensure_tools` first.
pub(crate) fn build(root: &Path) -> Result<PathBuf> {
    let dist = dist_dir(root);
    if !is_stale(root) {
        return Ok(dist);
    }
    let target_dir = root.join("target");

    // 1. Rust -> wasm. The workspace target/ is used whatever CARGO_TARGET_DIR says, so the paths below hold.
    run(Command::new("cargo")
        .args([
            "build",
            "-p",
            "shoreline-explorer",
            "--target",
            WASM_TARGET,
            "--profile",
            PROFILE,
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("CARGO_TARGET_DIR")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            short_paths(root),
        )
        .current_dir(root))?;
    let raw_wasm = target_dir
        .join(WASM_TARGET)
        .join(PROFILE)
        .join("shoreline_explorer.wasm");

    // 2. wasm-bindgen: ES-module glue whose default init() finds the .wasm beside itself via import.meta.url.
    let pkg = target_dir.join("explorer-pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg).with_context(|| format!("removing {}", pkg.display()))?;
    }
    run(Command::new(wasm_bindgen_bin())
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            CORE_NAME,
            "--out-dir",
        ])
        .arg(&pkg)
        .arg(&raw_wasm))?;

    // 3. Assemble in a staging folder, then swap it in, so a failed build never leaves a half bundle.
    let staging = target_dir.join("explorer-dist.tmp");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging)?;
    let wasm_name = format!("{CORE_NAME}_bg.wasm");
    run(Command::new(root.join("node_modules/.bin/wasm-opt"))
        .arg("-Oz")
        // Toolchain metadata (compiler versions, feature list) that no browser reads.
        .args(["--strip-producers", "--strip-target-features"])
        // Features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
        .args([
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(pkg.join(&wasm_name))
        .arg("-o")
        .arg(staging.join(&wasm_name)))?;
    let wasm = fs::read(staging.join(&wasm_name)).context("reading the optimised wasm")?;
    fs::remove_file(staging.join(&wasm_name))?;
    let glue = fs::read_to_string(pkg.join(format!("{CORE_NAME}.js")))
        .context("reading wasm-bindgen glue")?;
    let (wasm, glue) = glue::shorten_names(&wasm, &glue, &format!("./{CORE_NAME}_bg.js"))?;
    let js_dir = root.join("explorer/js");
    let read_js = |name: &str| {
        fs::read_to_string(js_dir.join(name)).with_context(|| format!("reading explorer/js/{name}"))
    };
    let (element, module_loader, classic) = (
        read_js("element.js")?,
        read_js(LOADER_NAME)?,
        read_js(CLASSIC_NAME)?,
    );
    let sources = assemble::Sources {
        element: &element,
        module_loader: &module_loader,
        classic: &classic,
    };
    let assembled = assemble::assemble(
        CORE_NAME,
        wasm,
        &glue::tidy_js(&glue)?,
        &sources,
        LOADER_NAME,
        CLASSIC_NAME,
    )?;
    for (name, bytes) in &assembled.files {
        fs::write(staging.join(name), bytes)?;
        eprintln!("explorer: {name} {} bytes", bytes.len());
    }

    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::rename(&staging, &dist)?;
    Ok(dist)
}

/// Makes the committed copy equal to the fresh build: files of an older build go, the new ones come in.
pub(crate) fn publish(root: &Path, dist: &Path) -> Result<()> {
    let committed = committed_dir(root);
    fs::create_dir_all(&committed)?;
    for stale in bundle_files(&committed) {
        if !dist.join(&stale).is_file() {
            fs::remove_file(committed.join(&stale))?;
        }
    }
    for name in bundle_files(dist) {
        let fresh = fs::read(dist.join(&name))?;
        if fs::read(committed.join(&name)).ok().as_ref() != Some(&fresh) {
            fs::write(committed.join(&name), fresh)?;
        }
    }
    Ok(())
}

/// Fails unless the committed copy is byte for byte the fresh build, naming what differs.
pub(crate) fn check_published(root: &Path, dist: &Path) -> Result<()> {
    let committed = committed_dir(root);
    let (fresh, kept) = (bundle_files(dist), bundle_files(&committed));
    let mut differ: Vec<String> = Vec::new();
    for name in fresh
        .iter()
        .chain(kept.iter().filter(|n| !fresh.contains(n)))
    {
        if fs::read(dist.join(name)).ok() != fs::read(committed.join(name)).ok() {
            differ.push(name.clone());
        }
    }
    if !differ.is_empty() {
        bail!(
            "generator/widget/ is not what the explorer's sources build ({} differ: {}). Run `cargo xtask \
             explorer` and commit generator/widget/, so `cargo install --path generator` ships this widget",
            differ.len(),
            differ.join(", ")
        );
    }
    Ok(())
}

/// rustc flags that shorten the source paths compiled into panic messages (`/root/.cargo/registry/src/
/// index.crates.io-<hash>/yew-0.23.0/src/...` becomes `yew-0.23.0/src/...`): dozens of them end up in the
/// widget, and the messages only need to name the file.
fn short_paths(root: &Path) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let mut prefixes = vec![root.to_path_buf()];
    if let Some(Ok(registries)) = cargo_home.map(|home| fs::read_dir(home.join("registry/src"))) {
        prefixes.extend(registries.flatten().map(|entry| entry.path()));
    }
    prefixes
        .iter()
        .filter_map(|p| p.to_str())
        // Flags are split on spaces, so a path with one cannot be remapped this way; it keeps its length.
        .filter(|p| !p.contains(' '))
        .map(|p| format!("--remap-path-prefix={p}/="))
        .collect::<Vec<_>>()
        .join(" ")
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("starting {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

fn output_of(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().with_context(|| format!("starting {cmd:?}"))?;
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
