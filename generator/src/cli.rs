//! Command-line parsing and the human-facing output of each subcommand.

use crate::diagnostic::report;
use crate::pipeline::{build, BuildOptions};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "shoreline",
    version,
    about = "Static site generator for an outsourcing knowledge base and service catalog"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (default: ROOT/public).
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, short = 'o')]
        output_dir: Option<PathBuf>,
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Replace an existing output directory that Shoreline did not create.
        #[arg(long)]
        force: bool,
    },
    /// Validate everything `build` validates, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site with the default theme in DIR.
    Init { dir: PathBuf },
}

/// Runs the CLI and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output_dir,
            base_url,
            drafts,
            force,
        } => {
            let opts = BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
                force,
                write: true,
                serve_script: None,
            };
            finish(build(&opts).map(|r| r.to_string()))
        }
        Command::Check { root, drafts } => {
            let opts = BuildOptions {
                root,
                drafts,
                write: false,
                ..Default::default()
            };
            finish(build(&opts).map(|r| {
                format!(
                    "checked {} pages and {} sections: no problems ({:.2}s)",
                    r.pages, r.sections, r.seconds
                )
            }))
        }
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                println!(
                    "created a new site in {}; build it with `shoreline build --root {}`",
                    dir.display(),
                    dir.display()
                );
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        },
    }
}

fn finish(r: Result<String, Vec<crate::diagnostic::Diagnostic>>) -> i32 {
    match r {
        Ok(line) => {
            println!("{line}");
            0
        }
        Err(diags) => {
            eprint!("{}", report(&diags));
            1
        }
    }
}
