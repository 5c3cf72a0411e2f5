//! Command-line parsing and the human-facing output of each subcommand.

use crate::diagnostic::{report, report_warnings};
use crate::pipeline::{build, BuildOptions, BuildReport};
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
        /// Also write .br and .gz copies of text files (as `compress = true` in shoreline.toml).
        #[arg(long)]
        compress: bool,
    },
    /// Validate everything `build` validates, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        #[command(flatten)]
        external: ExternalArgs,
    },
    /// Build, serve and watch the site; edits show up in the browser at once.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
        /// Where the served files go (default: a folder in the system temp dir, never the site's public/).
        #[arg(long, short = 'o')]
        output_dir: Option<PathBuf>,
    },
    /// Create a new site with the default theme, a small service catalog and the explorer in DIR.
    Init { dir: PathBuf },
    /// Write a new content file ready to fill in; never overwrites one.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Ask the explorer's engine which services fit a need, as a buyer would.
    Query {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A facet selection, ID=VALUE (repeatable; VALUE may be a comma list).
        #[arg(long = "facet", value_name = "ID=VALUE")]
        facets: Vec<String>,
        /// Most results to show (0 = all).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print exactly one JSON object.
        #[arg(long)]
        json: bool,
        /// The buyer's need in their own words.
        text: Vec<String>,
    },
}

/// `check --external` and its limits; only `--external` ever touches the network.
#[derive(clap::Args)]
struct ExternalArgs {
    /// Also fetch every http(s) link in the pages' Markdown and report the broken ones.
    #[arg(long)]
    external: bool,
    /// Seconds the whole link check may take; URLs not reached by then are listed as warnings.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 60,
        requires = "external"
    )]
    external_budget: u64,
    /// Hours an OK answer is reused from .shoreline/cache/links.json (failures are always fetched again).
    #[arg(
        long,
        value_name = "HOURS",
        default_value_t = 24,
        requires = "external"
    )]
    external_max_age: u64,
    /// Seconds to wait for one URL (name lookup, connection, TLS, redirects and headers together).
    #[arg(long, value_name = "SECONDS", default_value_t = 10, requires = "external",
          value_parser = clap::value_parser!(u64).range(1..))]
    external_timeout: u64,
}

impl ExternalArgs {
    fn settings(&self, root: PathBuf) -> crate::external_links::Settings {
        use std::time::Duration;
        crate::external_links::Settings {
            timeout: Duration::from_secs(self.external_timeout),
            budget: Duration::from_secs(self.external_budget),
            max_age: Duration::from_secs(self.external_max_age.saturating_mul(3600)),
            ..crate::external_links::Settings::new(root)
        }
    }
}

#[derive(Subcommand)]
enum NewCommand {
    /// content/services/SLUG.md, its [service] table listing every facet with its allowed values.
    Service {
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/PATH.md (e.g. `guides/my-page`), plus an _index.md for a new section.
    Page {
        path: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
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
            compress,
        } => {
            let opts = BuildOptions {
                root,
                output_dir,
                base_url,
                drafts,
                force,
                write: true,
                serve_script: None,
                compress,
                external_links: false,
                hold_html: Default::default(),
            };
            finish(warned(build(&opts)).map(|r| r.to_string()))
        }
        Command::Check {
            root,
            drafts,
            external,
        } => {
            let opts = BuildOptions {
                root: root.clone(),
                drafts,
                write: false,
                external_links: external.external,
                ..Default::default()
            };
            let built = warned(build(&opts));
            if external.external {
                return check_external(built, &external.settings(root));
            }
            finish(built.map(|r| checked_line(&r)))
        }
        Command::Query {
            root,
            facets,
            limit,
            json,
            text,
        } => finish(crate::query::run(
            &root,
            &facets,
            limit,
            json,
            &text.join(" "),
        )),
        Command::Serve {
            root,
            interface,
            port,
            open,
            drafts,
            output_dir,
        } => {
            let o = crate::serve::ServeOptions {
                root,
                interface,
                port,
                open,
                drafts,
                output_dir,
            };
            finish(crate::serve::serve(o).map(|_| String::new()))
        }
        Command::New { what } => finish(match what {
            NewCommand::Service { slug, root } => crate::new_content::new_service(&root, &slug)
                .map(|files| {
                    created(
                        &files,
                        "fill in its [service] table, then run `shoreline build`",
                    )
                }),
            NewCommand::Page { path, root } => crate::new_content::new_page(&root, &path)
                .map(|files| created(&files, "write the page, then run `shoreline build`")),
        }),
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                println!(
                    "created a new site with a service catalog in {}; build it with `shoreline build --root {}`",
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

fn checked_line(r: &BuildReport) -> String {
    format!(
        "checked {} pages and {} sections: no problems ({:.2}s)",
        r.pages, r.sections, r.seconds
    )
}

/// `check --external`: once the site itself passed, fetch its links; exit 1 when one is broken.
fn check_external(
    built: Result<BuildReport, Vec<crate::diagnostic::Diagnostic>>,
    settings: &crate::external_links::Settings,
) -> i32 {
    use std::io::Write;
    let built = match built {
        Ok(built) => built,
        // Links are fetched only for a site that builds: its own problems come first.
        Err(diags) => return finish(Err(diags)),
    };
    let _ = writeln!(std::io::stdout(), "{}", checked_line(&built));
    let found = crate::external_links::check(&built.external_links, settings);
    let listing = if found.failed() {
        report(&found.diagnostics)
    } else {
        report_warnings(&found.diagnostics)
    };
    let _ = write!(std::io::stderr(), "{listing}");
    let _ = writeln!(std::io::stdout(), "{}", found.summary());
    i32::from(found.failed())
}

/// "created X" for each file (relative to the site root), then what to do next.
fn created(files: &[PathBuf], next: &str) -> String {
    let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    format!("created {}; {next}", list.join(", "))
}

/// Prints the warnings of a build that passed (a failed one lists them with its errors).
fn warned(
    r: Result<BuildReport, Vec<crate::diagnostic::Diagnostic>>,
) -> Result<BuildReport, Vec<crate::diagnostic::Diagnostic>> {
    if let Ok(built) = &r {
        use std::io::Write;
        let _ = write!(std::io::stderr(), "{}", report_warnings(&built.warnings));
    }
    r
}

fn finish(r: Result<String, Vec<crate::diagnostic::Diagnostic>>) -> i32 {
    match r {
        Ok(line) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            use std::io::Write;
            let _ = writeln!(std::io::stdout(), "{}", line.trim_end_matches('\n'));
            0
        }
        Err(diags) => {
            use std::io::Write;
            let _ = write!(std::io::stderr(), "{}", report(&diags));
            1
        }
    }
}
