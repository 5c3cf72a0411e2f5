//! `cargo xtask fuzz [--seconds N] [--no-sanitizer] [TARGET...]`: runs the cargo-fuzz targets in fuzz/ for a
//! fixed time each, after copying the tracked seeds (fuzz/seeds/<target>/) and regression inputs
//! (fuzz/regressions/<target>/) into the working corpus (fuzz/corpus/<target>/, not tracked).
//!
//! cargo-fuzz passes nightly-only flags to rustc; `RUSTC_BOOTSTRAP=1` lets the stable toolchain accept them.
//! A crash fails the command and names the saved input: minimise it with `cargo fuzz tmin`, copy it to
//! fuzz/regressions/<target>/ and fix the code; `cargo test -p shoreline-tests --test fuzz_regressions` then
//! replays it on every CI run.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The cargo-fuzz release this project is tested with; installed when `cargo fuzz` is missing.
pub(crate) const CARGO_FUZZ_VERSION: &str = "0.13.1";

/// Every target in fuzz/fuzz_targets/, in the order they run.
pub(crate) const TARGETS: &[&str] = &["front_matter", "markdown", "catalog_toml", "catalog_query"];

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [--no-sanitizer] [TARGET...]\n  \
    --seconds N      run each target for N seconds (default 60)\n  \
    --no-sanitizer   build without AddressSanitizer (`cargo fuzz run -s none`), for machines where it does not link\n  \
    TARGET           front_matter, markdown, catalog_toml, catalog_query (default: all)";

struct Options {
    seconds: u64,
    sanitizer: bool,
    targets: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut options = Options {
        seconds: 60,
        sanitizer: true,
        targets: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let seconds = if arg == "--seconds" {
            Some(
                it.next()
                    .with_context(|| format!("--seconds needs a value\n{USAGE}"))?
                    .as_str(),
            )
        } else {
            arg.strip_prefix("--seconds=")
        };
        if let Some(s) = seconds {
            options.seconds =
                s.parse().ok().filter(|n| *n > 0).with_context(|| {
                    format!("--seconds takes a positive whole number, not `{s}`")
                })?;
        } else if arg == "--no-sanitizer" {
            options.sanitizer = false;
        } else if arg == "-h" || arg == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        } else if TARGETS.contains(&arg.as_str()) {
            options.targets.push(arg.clone());
        } else {
            bail!("unknown fuzz argument or target `{arg}`\n{USAGE}");
        }
    }
    if options.targets.is_empty() {
        options.targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok(options)
}

/// Runs the fuzz targets; fails when any of them finds a crash, naming the saved inputs.
pub(crate) fn fuzz(root: &Path, args: &[String]) -> Result<()> {
    let options = parse_args(args)?;
    ensure_cargo_fuzz()?;
    let fuzz_dir = root.join("fuzz");
    let mut failures = Vec::new();
    for target in &options.targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .with_context(|| format!("creating {}", corpus.display()))?;
        let mut copied = 0;
        for source in ["seeds", "regressions"] {
            copied += copy_files(&fuzz_dir.join(source).join(target), &corpus)?;
        }
        eprintln!(
            "xtask: fuzzing `{target}` for {}s ({copied} seed and regression inputs)",
            options.seconds
        );
        let artifacts = fuzz_dir.join("artifacts").join(target);
        let before = list_files(&artifacts);
        let mut cmd = Command::new("cargo");
        cmd.args(["fuzz", "run"]);
        if !options.sanitizer {
            cmd.args(["-s", "none"]);
        }
        cmd.arg(target)
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={}", options.seconds))
            .args(["-rss_limit_mb=4096", "-timeout=10"]);
        // Tokens of the input's format (JSON keys, TOML tables) help libFuzzer past the parsers' first checks.
        let dict = fuzz_dir.join("dicts").join(format!("{target}.dict"));
        if dict.is_file() {
            cmd.arg(format!("-dict={}", dict.display()));
        }
        cmd.env("RUSTC_BOOTSTRAP", "1").current_dir(&fuzz_dir);
        if let Err(e) = crate::run(&mut cmd) {
            let new: Vec<PathBuf> = list_files(&artifacts)
                .difference(&before)
                .cloned()
                .collect();
            let found = if new.is_empty() {
                "no input was saved (the build or cargo-fuzz itself failed?)".to_string()
            } else {
                new.iter()
                    .map(|p| format!("input saved at {}", p.display()))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            failures.push(format!("`{target}`: {e:#}; {found}"));
        }
    }
    if !failures.is_empty() {
        bail!(
            "fuzzing found problems:\n  {}\nreproduce with `RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET INPUT` in fuzz/, \
             shrink with `cargo fuzz tmin TARGET INPUT`, then copy the input to fuzz/regressions/TARGET/ and fix the bug",
            failures.join("\n  ")
        );
    }
    eprintln!(
        "xtask: fuzzing found nothing in {}s per target",
        options.seconds
    );
    Ok(())
}

/// Installs the pinned cargo-fuzz unless some `cargo fuzz` is already there.
fn ensure_cargo_fuzz() -> Result<()> {
    let present = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if present {
        return Ok(());
    }
    crate::run(Command::new("cargo").args([
        "install",
        "cargo-fuzz",
        "--version",
        CARGO_FUZZ_VERSION,
        "--locked",
    ]))
}

/// Copies every file directly inside `from` into `to`; a missing `from` copies nothing.
fn copy_files(from: &Path, to: &Path) -> Result<usize> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(0);
    };
    let mut n = 0;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", from.display()))?;
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            let dest = to.join(entry.file_name());
            std::fs::copy(entry.path(), &dest).with_context(|| {
                format!("copying {} to {}", entry.path().display(), dest.display())
            })?;
            n += 1;
        }
    }
    Ok(n)
}

fn list_files(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}
