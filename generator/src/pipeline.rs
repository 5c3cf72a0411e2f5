//! The build from start to end: config -> load -> graph -> catalog -> templates -> render -> write.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::parse::ParsedFile;
use crate::render::OutputFile;
use crate::site::{GraphOptions, Site};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What `build` and `check` were asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `shoreline.toml`).
    pub root: PathBuf,
    /// Where to write; `public/` in the site when missing.
    pub output_dir: Option<PathBuf>,
    /// Replaces `base_url` of shoreline.toml (`--base-url`).
    pub base_url: Option<String>,
    /// Builds draft pages too.
    pub drafts: bool,
    /// Writes into an output folder Shoreline did not make (its files are replaced).
    pub force: bool,
    /// `false` for `check`: validate everything, write nothing.
    pub write: bool,
    /// The dev server's live-reload snippet; `build` never sets it.
    pub serve_script: Option<String>,
    /// `--compress`: `.br` and `.gz` copies beside text files, as with `compress = true` in shoreline.toml.
    pub compress: bool,
    /// `check --external`: keep every `http(s)://` link with its file:line for the link check.
    pub external_links: bool,
    /// Whether pages' HTML is held between stages or made again in each render job (a lean build).
    pub hold_html: HoldHtml,
}

pub use crate::page_bodies::{HoldHtml, HOLD_HTML_UP_TO};

/// The one line `build` ends with.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages built.
    pub pages: usize,
    /// Sections built.
    pub sections: usize,
    /// Files written, pages and everything else.
    pub files: usize,
    /// Wall time of the build.
    pub seconds: f64,
    /// The folder written.
    pub output: PathBuf,
    /// Problems that did not stop the build, for the CLI to print.
    pub warnings: Vec<Diagnostic>,
    /// Images whose resized copies or WebP had to be made in this build.
    pub images_processed: usize,
    /// Images whose every copy came from the cache (`.shoreline/cache/images/`): no image work at all.
    pub images_cached: usize,
    /// The site's external links, when `BuildOptions::external_links` asked for them.
    pub external_links: crate::external_links::Collected,
    /// Whether the build was lean: each page's body made again in its render job, none held (`HoldHtml`).
    pub lean: bool,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} pages, {} sections, {} files into {} in {:.2}s",
            self.pages,
            self.sections,
            self.files,
            self.output.display(),
            self.seconds
        )
    }
}

/// Everything up to the files to write; the dev server keeps this between rebuilds.
pub(crate) struct Built {
    pub site: Site,
    pub bodies: crate::bodies::Bodies,
    /// The catalog, when the site has one and it built (the dev server rebuilds the search index with it).
    pub catalog: Option<shoreline_catalog::Catalog>,
    pub files: Vec<OutputFile>,
    pub templates: crate::templates::TemplateSet,
    pub tera: tera::Tera,
    pub lookup: Arc<crate::render::Lookup>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// How many images were processed and how many came from the cache.
    pub images: crate::image_processing::Counts,
    /// The site's external links, when `BuildOptions::external_links` asked for them.
    pub external_links: crate::external_links::Collected,
    /// The theme's static files, kept for the dev server's rebuilds.
    pub statics: Vec<(String, crate::templates::ThemeStatic)>,
    /// The site's `static/` files, kept for the dev server's rebuilds.
    pub site_static: StaticFiles,
    /// Every URL the site writes (its links were checked against them); the dev server resolves its edits
    /// against them too.
    pub urls: Arc<HashSet<String>>,
}

/// Reads the config of the site at `root`, with `--base-url` applied.
pub(crate) fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("shoreline.toml");
    let text = std::fs::read(&path)
        .map_err(|e| {
            vec![Diagnostic::new(
                "shoreline.toml",
                format!("cannot read {}: {e}", path.display()),
            )
            .with_help(
                "run inside a site folder, pass --root, or create one with `shoreline init DIR`",
            )]
        })
        .and_then(|b| {
            crate::load::decode(&b).map_err(|(off, lossy)| {
                vec![Diagnostic::new("shoreline.toml", "not valid UTF-8").at_offset(&lossy, off)]
            })
        })?;
    let mut config = Config::parse(&text, Path::new("shoreline.toml"))?;
    if let Some(b) = base_url {
        config.base_url = b.trim_end_matches('/').to_string();
    }
    Ok(config)
}

/// Runs every stage but the write.
pub(crate) fn assemble(opts: &BuildOptions) -> Result<Built, Vec<Diagnostic>> {
    let config = load_config(&opts.root, opts.base_url.as_deref())?;
    assemble_into(opts, config, crate::render::Sink::Keep, None, None, None)
}

/// What the content folder holds once parsed: every file the parse stage read, its problems, and what load
/// found beside the Markdown.
#[derive(Clone)]
pub(crate) struct Content {
    /// Shared with the dev server's parse cache, so a rebuild takes each file's parse without copying it.
    pub parsed: Vec<Arc<ParsedFile>>,
    /// Problems of the files that did not parse (they are left out of `parsed`).
    pub errors: Vec<Diagnostic>,
    pub assets: Vec<crate::load::Asset>,
    pub catalog_toml: Option<crate::load::RawFile>,
    pub prose: crate::catalog_site::ServiceProseByFile,
}

/// Loads and parses `content/`; only a content folder that cannot be walked stops here (a file that cannot be
/// read is a problem of its own, reported with the others).
pub(crate) fn load_content(
    opts: &BuildOptions,
    config: &Config,
) -> Result<Content, Vec<Diagnostic>> {
    let scanned = crate::load::scan(&opts.root, &crate::load::content_dir(&opts.root))?;
    let md = crate::markdown::MdOptions::from_config(config);
    // The external link check reports each link at its line, which a lean page does not keep.
    let hold = match opts.external_links {
        true => crate::parse::Hold::Html,
        false => opts
            .hold_html
            .for_size(|| crate::load::markdown_bytes(&scanned.markdown)),
    };
    let (parsed, errors, prose) =
        crate::parse::read_and_parse_all(scanned.markdown, md, opts.drafts, hold);
    Ok(Content {
        parsed: parsed.into_iter().map(Arc::new).collect(),
        errors,
        assets: scanned.assets,
        catalog_toml: scanned.catalog_toml,
        prose,
    })
}

/// The template set, the theme's static files and the compiled templates.
pub(crate) type Templates = (
    crate::templates::TemplateSet,
    Vec<(String, crate::templates::ThemeStatic)>,
    tera::Tera,
);

/// What a dev server rebuild takes from the last build instead of reading it again.
pub(crate) struct Kept<'a> {
    pub templates: Templates,
    pub site_static: StaticFiles,
    /// The bodies of the last build that nothing changed for.
    pub reuse: crate::bodies::Reuse<'a>,
    /// The last build, whose taxonomies and page values are kept where nothing they were made from changed.
    pub previous: &'a Built,
}

/// Pages the dev server renders and writes before the rest of the site: the ones just edited.
pub(crate) struct First<'a> {
    /// Content paths (`bpo/x.md`) of the pages and sections to render first.
    pub rels: &'a [String],
    pub write: &'a mut dyn FnMut(&[OutputFile]),
}

/// Everything before rendering: the graph with its bodies, the templates, the catalog stage and the static
/// files, plus the problems found so far.
struct Composed<'a> {
    /// The last build, when the dev server kept it.
    previous: Option<&'a Built>,
    site: Site,
    /// Every URL the graph writes, found once for the bodies, the lean render jobs and the dev server.
    urls: Arc<HashSet<String>>,
    bodies: crate::bodies::Bodies,
    /// In a lean build, the Tera shortcodes render with (the graph's functions, as in the bodies stage), for
    /// the render jobs that make pages' bodies again.
    lean_tera: Option<tera::Tera>,
    set: crate::templates::TemplateSet,
    statics: Vec<(String, crate::templates::ThemeStatic)>,
    tera: tera::Tera,
    stage: crate::catalog_site::CatalogStage,
    images: Arc<crate::image_processing::Processor>,
    site_static: StaticFiles,
    external_links: crate::external_links::Collected,
    errors: Vec<Diagnostic>,
}

/// Templates read and compiled, or kept; `None` when they do not compile (their problems are in `errors`).
fn templates_stage(
    root: &Path,
    theme: &str,
    kept: Option<Templates>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Templates> {
    if let Some(t) = kept {
        return Some(t);
    }
    let compiled = crate::templates::collect(root, theme)
        .and_then(|(set, statics)| crate::templates::compile(&set).map(|t| (set, statics, t)));
    compiled.map_err(|e| errors.extend(e)).ok()
}

/// What a rebuild keeps from the last build, or for a first build the site's static files read afresh:
/// (kept templates, static files, their problems, bodies to reuse).
fn kept_or_fresh<'a>(
    root: &Path,
    kept: Option<Kept<'a>>,
) -> (
    Option<Templates>,
    StaticFiles,
    Vec<Diagnostic>,
    Option<crate::bodies::Reuse<'a>>,
    Option<&'a Built>,
) {
    match kept {
        Some(k) => (
            Some(k.templates),
            k.site_static,
            Vec::new(),
            Some(k.reuse),
            Some(k.previous),
        ),
        // static/ is walked up front so its problems are reported with content's, in the same run.
        None => {
            let (site_static, errors) = site_static_files(root);
            (None, site_static, errors, None, None)
        }
    }
}

/// Load (unless `content` is given), graph, templates, catalog and bodies. Only content that cannot be read or
/// templates that do not compile stop here; every other problem is kept for the one report.
fn compose<'a>(
    opts: &BuildOptions,
    config: Config,
    content: Option<Content>,
    kept: Option<Kept<'a>>,
    t0: Instant,
) -> Result<Composed<'a>, Vec<Diagnostic>> {
    let root = &opts.root;
    let (kept_templates, site_static, static_errors, reuse, previous) = kept_or_fresh(root, kept);
    let content = match content {
        Some(c) => c,
        None => load_content(opts, &config).map_err(|mut e| {
            e.extend(static_errors.iter().cloned());
            e
        })?,
    };
    trace("load + parse", t0);
    let mut errors = static_errors;
    let images = Arc::new(crate::image_processing::Processor::new(
        &config.images,
        root,
        Some(root.join("static")),
        &content.assets,
    ));
    // Templates are checked even when content fails, so one run shows both kinds of problem.
    let theme = config.theme.clone();
    // Graph problems do not stop the build here: the catalog, shortcodes, templates and static files are
    // checked too, and every problem is reported in the one run.
    let crate::site::Graph {
        site,
        sources,
        drafts,
        errors: graph_errors,
        same_urls,
    } = crate::site::graph(
        config,
        content.parsed,
        content.assets,
        GraphOptions {
            drafts: opts.drafts,
            previous: previous.map(|b| &b.site),
        },
        content.errors,
    );
    errors.extend(graph_errors);
    let Some((set, statics, mut tera)) = templates_stage(root, &theme, kept_templates, &mut errors)
    else {
        return Err(errors);
    };
    trace("graph + templates", t0);
    let stage =
        match crate::catalog_site::prepare(&site, content.catalog_toml.as_ref(), &content.prose) {
            Ok(stage) => stage,
            Err(e) => {
                errors.extend(e);
                crate::catalog_site::CatalogStage::failed(&site)
            }
        };
    let urls = match previous {
        // The reused graph writes the last build's URLs: they are shared, not collected again.
        Some(prev) if same_urls => prev.urls.clone(),
        _ => Arc::new(crate::links::known_urls(&site)),
    };
    let resolve = BodiesInput {
        site: &site,
        urls: &urls,
        root,
        images: &images,
        set: &set,
        stage: &stage,
        reuse,
    };
    let (bodies, lean_tera) = bodies_stage(resolve, &sources, drafts, &mut tera, &mut errors);
    let external_links = if opts.external_links {
        crate::external_links::collect(&site, &sources)
    } else {
        Default::default()
    };
    trace("bodies", t0);
    Ok(Composed {
        previous,
        site,
        urls,
        bodies,
        lean_tera,
        set,
        statics,
        tera,
        stage,
        images,
        site_static,
        external_links,
        errors,
    })
}

/// Runs every stage; with `sink`, pages go straight into it as they are rendered (kept as `Written`). The dev
/// server passes `content` parsed already, what it `kept` from the last build, and the pages to write `first`.
fn assemble_into(
    opts: &BuildOptions,
    config: Config,
    sink: crate::render::Sink,
    content: Option<Content>,
    kept: Option<Kept>,
    first: Option<First>,
) -> Result<Built, Vec<Diagnostic>> {
    let root = &opts.root;
    let t0 = Instant::now();
    let Composed {
        previous,
        site,
        urls,
        bodies,
        lean_tera,
        set,
        statics,
        mut tera,
        mut stage,
        images,
        site_static,
        external_links,
        mut errors,
    } = compose(opts, config, content, kept, t0)?;
    let lookup = shared_values(&site, &bodies, &mut stage, &images, &mut tera, previous);
    trace("lookup", t0);
    let shortcodes = lean_tera
        .as_ref()
        .map(|t| crate::shortcodes::Shortcodes::new(t, &set, &site.config));
    let static_dir = root.join("static");
    let remake = shortcodes.as_ref().map(|shortcodes| {
        let inputs = (&site, &*urls, root.as_path());
        crate::page_bodies::Remake::new(inputs, &static_dir, &images, shortcodes, opts.drafts)
    });
    let live_index = remake
        .as_ref()
        .and_then(|_| crate::search::LiveIndex::new(&site, stage.catalog.as_ref()));
    let page_bodies = crate::page_bodies::PageBodies {
        held: &bodies,
        remake: remake.as_ref(),
        search: live_index.as_ref(),
    };
    // A build that already failed writes nothing: the last good page stays on disk.
    if let Some(first) = first.filter(|_| errors.is_empty()) {
        render_first(opts, &site, page_bodies, &set, &tera, &lookup, first);
        trace("first pages written", t0);
    }
    let mut files = render_and_index(
        opts,
        Rendering {
            site: &site,
            bodies: page_bodies,
            set: &set,
            tera: &tera,
            lookup: &lookup,
        },
        stage.catalog.as_ref(),
        sink,
        &mut errors,
        t0,
    );
    // Copies used by pages and by `resize_image()` in templates, all known once rendering is done.
    files.extend(images.take_outputs());
    let image_counts = images.counts();
    trace_images(image_counts);
    files.extend(widget_files(
        root,
        stage.catalog_json.as_deref(),
        &mut errors,
    ));
    let kept_statics = (statics.clone(), site_static.clone());
    errors.extend(add_static(statics, site_static, &mut files));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Built {
        site,
        bodies,
        catalog: stage.catalog,
        files,
        templates: set,
        tera,
        lookup,
        warnings: stage.warnings,
        images: image_counts,
        external_links,
        statics: kept_statics.0,
        site_static: kept_statics.1,
        urls,
    })
}

/// What rendering reads: the graph with its bodies, the templates and the values they share.
struct Rendering<'a> {
    site: &'a Site,
    bodies: crate::page_bodies::PageBodies<'a>,
    set: &'a crate::templates::TemplateSet,
    tera: &'a tera::Tera,
    lookup: &'a crate::render::Lookup,
}

/// Every page rendered (and with `sink`, written as it is), and the search index built from the same graph
/// and bodies at the same time; their problems go to `errors`.
fn render_and_index(
    opts: &BuildOptions,
    r: Rendering,
    catalog: Option<&shoreline_catalog::Catalog>,
    sink: crate::render::Sink,
    errors: &mut Vec<Diagnostic>,
    t0: Instant,
) -> Vec<OutputFile> {
    let render = || {
        let files = crate::render::render_all(
            r.site,
            r.bodies,
            r.set,
            r.tera,
            r.lookup,
            opts.serve_script.as_deref(),
            sink,
        );
        trace("render", t0);
        files
    };
    let index = || {
        let search_start = Instant::now();
        let index = crate::search::files(r.site, r.bodies.held, r.bodies.search, catalog);
        // Its own clock too: `cargo xtask bench` reads this line for the index's share of the build.
        trace("search index alone", search_start);
        index
    };
    // A lean build's pages have no body until their render jobs make one, and read them into the index.
    let (rendered, index) = match r.bodies.remake {
        Some(_) => (render(), index()),
        None => rayon::join(render, index),
    };
    let mut files = rendered.unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    match index {
        Ok(index) => files.extend(index),
        Err(e) => errors.push(e.diagnostic()),
    }
    files
}

/// The values templates share (taking the catalog's from `stage`), with the template functions registered
/// against them.
fn shared_values(
    site: &Site,
    bodies: &crate::bodies::Bodies,
    stage: &mut crate::catalog_site::CatalogStage,
    images: &Arc<crate::image_processing::Processor>,
    tera: &mut tera::Tera,
    previous: Option<&Built>,
) -> Arc<crate::render::Lookup> {
    let mut lookup = crate::render::lookup(
        site,
        bodies,
        previous.map(|b| crate::render::Previous {
            site: &b.site,
            bodies: &b.bodies,
            lookup: &b.lookup,
        }),
        std::mem::take(&mut stage.page_extra),
        stage.explorer.clone(),
        std::mem::take(&mut stage.template_value),
    );
    lookup.images = Some(images.clone());
    let lookup = Arc::new(lookup);
    crate::render::register_functions(tera, site, &lookup);
    lookup
}

/// Renders the pages of `first` and hands them to its writer. Their problems are not reported here: the
/// whole render that follows finds them again, with every other page's.
#[allow(clippy::too_many_arguments)]
fn render_first(
    opts: &BuildOptions,
    site: &Site,
    bodies: crate::page_bodies::PageBodies,
    set: &crate::templates::TemplateSet,
    tera: &tera::Tera,
    lookup: &crate::render::Lookup,
    first: First,
) {
    let jobs: Vec<crate::render::Job> = first
        .rels
        .iter()
        .filter_map(|rel| match site.by_rel.get(rel.as_str())? {
            crate::site::Node::Page(i) => Some(crate::render::Job::Page(*i)),
            crate::site::Node::Section(i) => Some(crate::render::Job::Section(*i, 0)),
        })
        .collect();
    if jobs.is_empty() {
        // Nothing to render (only deletions): the writer still learns that the new site builds.
        (first.write)(&[]);
        return;
    }
    let script = opts.serve_script.as_deref();
    if let Ok(files) = crate::render::render_jobs(
        site,
        bodies,
        set,
        tera,
        lookup,
        &jobs,
        script,
        crate::render::Sink::Keep,
    ) {
        (first.write)(&files);
    }
}

/// The dev server's build: of `content` it parsed (or kept) itself, with what it `kept` from the last build,
/// the pages of `first` written before the rest.
pub(crate) fn assemble_from(
    opts: &BuildOptions,
    config: Config,
    content: Content,
    kept: Option<Kept>,
    first: Option<First>,
) -> Result<Built, Vec<Diagnostic>> {
    assemble_into(
        opts,
        config,
        crate::render::Sink::Keep,
        Some(content),
        kept,
        first,
    )
}

/// `catalog.json`, the widget's files filled with it, and the hosts' `_headers` for them; none without a
/// catalog but the widget's.
fn widget_files(
    root: &Path,
    catalog_json: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    if let Some(json) = catalog_json {
        files.push(OutputFile::Bytes {
            path: "catalog.json".into(),
            bytes: json.as_bytes().to_vec(),
        });
    }
    let widget = crate::explorer_bundle::files(catalog_json)
        .map_err(|e| {
            errors.push(Diagnostic::new(
                crate::explorer_bundle::FOLDER,
                e.to_string(),
            ))
        })
        .unwrap_or_default();
    let widget_names: Vec<(String, bool)> = widget
        .iter()
        .map(|f| (f.name.clone(), f.immutable))
        .collect();
    files.extend(widget.into_iter().map(|f| f.file));
    // The site's own static/_headers wins: then there is nothing to generate (and nothing to clash with).
    let own_headers = root.join("static").join(crate::host_headers::PATH);
    if catalog_json.is_some() && !own_headers.is_file() {
        files.push(OutputFile::Bytes {
            path: crate::host_headers::PATH.into(),
            bytes: crate::host_headers::host_headers(&widget_names).into_bytes(),
        });
    }
    files
}

/// What the bodies stage resolves against: the graph, the site's files, the catalog, and what a dev server
/// rebuild may keep.
struct BodiesInput<'a> {
    site: &'a Site,
    urls: &'a HashSet<String>,
    root: &'a Path,
    images: &'a Arc<crate::image_processing::Processor>,
    set: &'a crate::templates::TemplateSet,
    stage: &'a crate::catalog_site::CatalogStage,
    reuse: Option<crate::bodies::Reuse<'a>>,
}

/// Resolves every body's links, images and shortcodes. Shortcode templates may call the template functions,
/// which see the graph here (page summaries come from the bodies, so they are not there yet).
fn bodies_stage(
    input: BodiesInput,
    sources: &crate::site::Sources,
    drafts: crate::site::Drafts,
    tera: &mut tera::Tera,
    errors: &mut Vec<Diagnostic>,
) -> (crate::bodies::Bodies, Option<tera::Tera>) {
    let BodiesInput {
        site,
        urls,
        root,
        images,
        set,
        stage,
        reuse,
    } = input;
    // Shortcode templates may call the template functions, which need the graph serialised; a site whose
    // pages call no shortcode skips that work.
    let calls = site.pages.iter().map(|p| &p.rendered);
    if calls
        .chain(site.sections.iter().map(|s| &s.rendered))
        .any(|r| !r.shortcodes.is_empty())
    {
        let mut graph_only = crate::render::lookup(
            site,
            &crate::bodies::Bodies::default(),
            None,
            Vec::new(),
            stage.explorer.clone(),
            serde_json::Value::Null,
        );
        graph_only.images = Some(images.clone());
        crate::render::register_functions(tera, site, &Arc::new(graph_only));
    }
    let lean = drafts.pages.iter().any(|d| d.made_again_from.is_some());
    let lean_tera = lean.then(|| tera.clone());
    let shortcodes = crate::shortcodes::Shortcodes::new(tera, set, &site.config);
    let static_dir = root.join("static");
    let resolver =
        crate::bodies::Resolver::new(site, urls, Some(&static_dir), Some(images), &shortcodes);
    let (bodies, problems) = crate::bodies::produce(&resolver, sources, drafts, reuse);
    errors.extend(problems);
    (bodies, lean_tera)
}

/// The site's `static/` files (absolute paths, with the folder they sit in) and the problems found walking it.
pub(crate) type StaticFiles = (PathBuf, Vec<PathBuf>);

fn site_static_files(root: &Path) -> (StaticFiles, Vec<Diagnostic>) {
    let dir = root.join("static");
    if !dir.is_dir() {
        return ((dir, Vec::new()), Vec::new());
    }
    let (paths, errors) = crate::load::walk(root, &dir, crate::load::Hidden::Keep);
    ((dir, paths), errors)
}

/// Theme static files, then the site's `static/` (which wins); returns the clashes with generated files.
fn add_static(
    statics: Vec<(String, crate::templates::ThemeStatic)>,
    (dir, paths): StaticFiles,
    files: &mut Vec<OutputFile>,
) -> Vec<Diagnostic> {
    let mut by_path: std::collections::BTreeMap<String, OutputFile> =
        std::collections::BTreeMap::new();
    for (path, s) in statics {
        let f = match s {
            crate::templates::ThemeStatic::Embedded(bytes) => OutputFile::Static {
                path: path.clone(),
                bytes,
            },
            crate::templates::ThemeStatic::File(source) => OutputFile::Copy {
                path: path.clone(),
                source,
            },
        };
        by_path.insert(path, f);
    }
    let mut errors = Vec::new();
    for source in paths {
        let rel = crate::load::rel_path(&dir, &source);
        by_path.insert(rel.clone(), OutputFile::Copy { path: rel, source });
    }
    let generated: std::collections::HashSet<String> =
        files.iter().map(|f| f.path().to_string()).collect();
    for (path, f) in by_path {
        if generated.contains(&path) {
            errors.push(Diagnostic::new(
                format!("static/{path}"),
                format!("static file `{path}` clashes with a generated file of the same path"),
            ));
        } else {
            files.push(f);
        }
    }
    errors
}

/// `shoreline build` / `shoreline check`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let output = opts
        .output_dir
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    if opts.write {
        crate::write::check_output_dir(&opts.root, &output, opts.force).map_err(|d| vec![d])?;
    }
    // Read before the staging folder exists: it is told whether to compress before the first page arrives.
    let config = load_config(&opts.root, opts.base_url.as_deref())?;
    let compress = opts.compress || config.compress;
    let staging = if opts.write {
        Some(
            crate::write::Staging::create(&output)
                .map_err(|d| vec![d])?
                .compressing(compress),
        )
    } else {
        None
    };
    // A failed build drops the staging folder unswapped: the previous site stays whole.
    // `check` renders every page to find its problems, and keeps none of them.
    let sink = staging
        .as_ref()
        .map_or(crate::render::Sink::Discard, crate::render::Sink::Write);
    let built = assemble_into(opts, config, sink, None, None, None)?;
    trace("assemble (load, parse, render)", start);
    let n = built.files.len();
    if let Some(staging) = staging {
        staging.write_all(&built.files).map_err(|d| vec![d])?;
        staging.commit().map_err(|d| vec![d])?;
    }
    trace("write", start);
    let report = BuildReport {
        pages: built.site.pages.len(),
        sections: built.site.sections.len(),
        files: n,
        seconds: start.elapsed().as_secs_f64(),
        output,
        warnings: built.warnings,
        images_processed: built.images.processed,
        images_cached: built.images.cached,
        external_links: built.external_links,
        lean: built
            .bodies
            .pages
            .iter()
            .any(|b| b.made_again_from.is_some()),
    };
    // Freeing the graph, bodies and template values is millions of small frees (about 3% of a build's CPU):
    // done beside the caller, which reports and usually exits, instead of before it.
    let rest = (
        built.site,
        built.bodies,
        built.lookup,
        built.tera,
        built.files,
    );
    std::thread::spawn(move || drop(rest));
    Ok(report)
}

/// Image work on stderr under `SHORELINE_TRACE`: a rebuild with unchanged images shows `0 processed`.
fn trace_images(counts: crate::image_processing::Counts) {
    if std::env::var_os("SHORELINE_TRACE").is_some() {
        eprintln!(
            "trace: images {} processed, {} from cache",
            counts.processed, counts.cached
        );
    }
}

/// Phase timings on stderr when `SHORELINE_TRACE` is set (for profiling the bench, not for users).
pub(crate) fn trace(what: &str, since: Instant) {
    if std::env::var_os("SHORELINE_TRACE").is_some() {
        eprintln!(
            "trace: {what} done at {:.3}s{}",
            since.elapsed().as_secs_f64(),
            resident_mib().map_or(String::new(), |m| format!(" ({m} MiB resident)"))
        );
    }
}

/// The process's resident memory now, where the system tells (Linux), for the trace's memory profile.
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
