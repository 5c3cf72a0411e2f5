//! `cargo xtask bench`: full builds against Hugo and the Markdown floor, on the shared synthetic corpus.

use crate::run;
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn shared(root: &Path) -> std::path::PathBuf {
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

pub fn bench(root: &Path, args: &[String]) -> Result<()> {
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

    let mut cmd = Command::new("python3");
    cmd.arg(shared(root).join("run_bench.py"))
        .arg("--shoreline")
        .arg(&bin)
        .arg("--hugo")
        .arg(&hugo)
        .arg("--work")
        .arg(&work);
    for n in &sizes {
        cmd.arg("--n").arg(n);
    }
    run(&mut cmd)?;

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
    Ok(())
}
