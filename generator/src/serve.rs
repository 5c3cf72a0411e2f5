//! `shoreline serve`: builds, serves and watches the site; an edit re-renders only what it touches.
//!
//! Rebuilds reuse the build's own stages and render functions. A body-only edit of a page (front matter,
//! heading ids and shortcodes unchanged) takes the fast path: that page, its section's lists, its taxonomy
//! terms and the feed are re-rendered against the graph kept in memory. Other edits of Markdown under
//! `content/` (front matter, new, deleted or renamed pages) and of `catalog.toml` rebuild from the parse cache
//! (`incremental`), the edited pages first. Anything else (assets, templates, config) runs the full pipeline
//! again; the last good site is served until it passes.

mod incremental;
mod parse_cache;

use crate::diagnostic::{report, report_warnings, Diagnostic};
use crate::page_bodies::PageBodies;
use crate::pipeline::{BuildOptions, Built};
use crate::render::{Job, OutputFile};
use crate::site::Node;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Options of `shoreline serve`.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub root: PathBuf,
    pub interface: String,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    pub output_dir: Option<PathBuf>,
}

/// The URL path of the live-reload event stream.
pub(crate) const EVENTS_PATH: &str = "/__shoreline/events";

/// Injected before `</body>` in served pages only.
pub const RELOAD_SCRIPT: &str = r#"<script>(()=>{const es=new EventSource("/__shoreline/events");const id="__shoreline_overlay";const mine=e=>JSON.parse(e.data).split("\n").includes(location.pathname);es.addEventListener("page",e=>{if(mine(e))location.reload()});es.addEventListener("reload",e=>{if(!mine(e))return location.reload();const o=document.getElementById(id);if(o)o.remove()});es.addEventListener("css",()=>{for(const l of document.querySelectorAll('link[rel="stylesheet"]')){const u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.href}const o=document.getElementById(id);if(o)o.remove()});es.addEventListener("problems",e=>{let o=document.getElementById(id);if(!o){o=document.createElement("pre");o.id=id;o.setAttribute("role","alert");o.style.cssText="position:fixed;inset:0;z-index:2147483647;margin:0;padding:2rem;overflow:auto;background:rgba(30,0,0,.94);color:#ffd7d7;font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap";document.body.appendChild(o)}o.textContent="Shoreline: the last change does not build; still showing the last good site.\n\n"+JSON.parse(e.data)})})();</script>"#;

/// What the HTTP threads share with the rebuild loop.
#[derive(Default)]
struct Shared {
    /// The diagnostics of the failed rebuild, while the site is broken.
    problems: Option<String>,
    subscribers: Vec<Sender<String>>,
}

impl Shared {
    fn broadcast(&mut self, event: &str, data: &str) {
        let msg = format!(
            "event: {event}\ndata: {}\n\n",
            serde_json::to_string(data).unwrap_or_default()
        );
        self.subscribers.retain(|s| s.send(msg.clone()).is_ok());
    }
}

/// The build kept in memory between edits, and what is on disk.
struct Session {
    opts: BuildOptions,
    output: PathBuf,
    built: Built,
    /// Output path -> hash of the bytes written there.
    written: HashMap<String, u64>,
    batch_started: Instant,
    /// Every content file's parse result; `None` until a full build has parsed every file cleanly.
    cache: Option<parse_cache::ParseCache>,
    /// Whether the last rebuild failed (the site on disk is then older than the files).
    broken: bool,
    /// URL paths of the pages this batch wrote and announced before the rest of the site.
    served_early: Vec<String>,
}

/// Starts the server; returns only on a fatal error.
pub(crate) fn serve(o: ServeOptions) -> Result<(), Vec<Diagnostic>> {
    let root = o.root.canonicalize().unwrap_or(o.root.clone());
    let output = o
        .output_dir
        .clone()
        .unwrap_or_else(|| default_output(&root));
    let addr = format!("{}:{}", o.interface, o.port);
    let base_url = format!(
        "http://{}",
        if o.interface == "0.0.0.0" {
            format!("127.0.0.1:{}", o.port)
        } else {
            addr.clone()
        }
    );
    let opts = BuildOptions {
        root: root.clone(),
        output_dir: Some(output.clone()),
        base_url: Some(base_url.clone()),
        drafts: o.drafts,
        force: false,
        write: true,
        serve_script: Some(RELOAD_SCRIPT.to_string()),
        // The dev server compresses each answer itself; copies on disk would only go stale.
        compress: false,
        external_links: false,
        // Every draft is kept for the next rebuild's parse cache.
        hold_html: crate::pipeline::HoldHtml::Always,
    };
    crate::write::check_output_dir(&root, &output, false).map_err(|d| vec![d])?;
    let start = Instant::now();
    let (built, cache) = incremental::full(&opts)?;
    eprint!("{}", report_warnings(&built.warnings));
    std::fs::create_dir_all(&output).map_err(|e| {
        vec![Diagnostic::new(
            output.display().to_string(),
            format!("cannot create: {e}"),
        )]
    })?;
    let mut session = Session {
        opts,
        output: output.clone(),
        built,
        written: left_from_last_session(&output),
        batch_started: Instant::now(),
        cache,
        broken: false,
        served_early: Vec::new(),
    };
    let files = std::mem::take(&mut session.built.files);
    write_all(&mut session, &files).map_err(|d| vec![d])?;
    println!(
        "built {} pages in {:.2}s; serving {} at {base_url}/ (Ctrl+C to stop)",
        session.built.site.pages.len(),
        start.elapsed().as_secs_f64(),
        output.display()
    );

    // Watch before listening: once a client can connect, every later edit must be seen (an edit made in the
    // gap would be lost until the next one).
    let (tx, rx) = channel();
    let mut watch = Watch::start(&root, tx)?;
    let server = tiny_http::Server::http(&addr).map_err(|e| {
        vec![
            Diagnostic::new(addr.clone(), format!("cannot listen on {addr}: {e}"))
                .with_help("pick another --port"),
        ]
    })?;
    let shared = Arc::new(Mutex::new(Shared::default()));
    {
        let shared = shared.clone();
        let output = output.clone();
        std::thread::spawn(move || http_loop(server, output, shared));
    }
    if o.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(format!("{base_url}/"))
            .spawn();
    }
    rebuild_loop(&mut session, &mut watch, &rx, &shared);
    Ok(())
}

/// What the server watches: the site's folders, `shoreline.toml`, and the root itself, so a folder created
/// after the start (a first `static/`) is watched from its first event on.
struct Watch {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

/// The site's folders whose edits rebuild it.
const WATCHED: [&str; 4] = ["content", "templates", "static", "themes"];

impl Watch {
    fn start(root: &Path, tx: std::sync::mpsc::Sender<PathBuf>) -> Result<Watch, Vec<Diagnostic>> {
        use notify::Watcher;
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res {
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
        })
        .map_err(|e| vec![Diagnostic::new("watch", format!("cannot watch files: {e}"))])?;
        let mut watch = Watch {
            watcher,
            root: root.to_path_buf(),
            watched: HashSet::new(),
        };
        let _ = watch
            .watcher
            .watch(root, notify::RecursiveMode::NonRecursive);
        watch.refresh();
        Ok(watch)
    }

    /// Starts watching each site folder that exists now and was not watched yet.
    fn refresh(&mut self) {
        use notify::Watcher;
        for sub in WATCHED {
            let d = self.root.join(sub);
            if d.is_dir()
                && !self.watched.contains(&d)
                && self
                    .watcher
                    .watch(&d, notify::RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.insert(d);
            }
        }
    }

    /// Whether an event at `p` concerns the site: entries of the root other than its folders and config
    /// (an output folder, an editor's backup) do not.
    fn concerns(&self, p: &Path) -> bool {
        if p.parent() != Some(self.root.as_path()) {
            return true;
        }
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name == "shoreline.toml" || WATCHED.contains(&name)
    }
}

/// The serve output lives outside the site so a later `build` never ships the reload script.
fn default_output(root: &Path) -> PathBuf {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut h);
    std::env::temp_dir().join(format!("shoreline-serve-{:016x}", h.finish()))
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    h.finish()
}

fn bytes_of(f: &OutputFile) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
    Ok(match f {
        OutputFile::Bytes { bytes, .. } => std::borrow::Cow::Borrowed(bytes.as_slice()),
        OutputFile::Static { bytes, .. } => std::borrow::Cow::Borrowed(*bytes),
        OutputFile::Copy { source, .. } => std::borrow::Cow::Owned(std::fs::read(source)?),
        // The dev server renders into memory, never into a staging folder.
        OutputFile::Written { .. } => {
            return Err(std::io::Error::other("already written to a staging folder"))
        }
    })
}

/// Writes changed files only; with `complete`, files no longer produced are removed (no stale pages).
fn write_files(
    output: &Path,
    written: &mut HashMap<String, u64>,
    files: &[OutputFile],
    complete: bool,
) -> Result<usize, Diagnostic> {
    let mut changed = 0;
    let mut seen = HashSet::new();
    for f in files {
        let rel = f.path().trim_start_matches('/').to_string();
        if rel.split('/').any(|seg| seg == "..") {
            continue;
        }
        let bytes =
            bytes_of(f).map_err(|e| Diagnostic::new(f.path(), format!("cannot read: {e}")))?;
        let h = hash_bytes(&bytes);
        seen.insert(rel.clone());
        if written.get(&rel) == Some(&h) {
            continue;
        }
        let dest = output.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::new(parent.display().to_string(), e.to_string()))?;
        }
        std::fs::write(&dest, &bytes)
            .map_err(|e| Diagnostic::new(dest.display().to_string(), e.to_string()))?;
        written.insert(rel, h);
        changed += 1;
    }
    if complete {
        let stale: Vec<String> = written
            .keys()
            .filter(|k| !seen.contains(*k))
            .cloned()
            .collect();
        for k in stale {
            let _ = std::fs::remove_file(output.join(&k));
            written.remove(&k);
            changed += 1;
        }
    }
    Ok(changed)
}

/// The files an earlier session (or build) left in the output folder, so the first write removes those the
/// site no longer has: a page deleted while the server was stopped must not be served. The folder is ours:
/// `check_output_dir` refused it unless it is empty or carries the marker.
fn left_from_last_session(output: &Path) -> HashMap<String, u64> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| crate::load::rel_path(output, e.path()))
        .filter(|rel| rel != crate::write::MARKER)
        // No content hashes to 0 in practice, so each file is written again or removed.
        .map(|rel| (rel, 0))
        .collect()
}

fn write_all(s: &mut Session, files: &[OutputFile]) -> Result<usize, Diagnostic> {
    let _ = std::fs::write(
        s.output.join(crate::write::MARKER),
        "Written by `shoreline serve`.\n",
    );
    write_files(&s.output, &mut s.written, files, true)
}

/// Waits for a burst of file events to go quiet, so an editor's save or a checkout is one rebuild.
fn next_batch(rx: &Receiver<PathBuf>) -> Option<Vec<PathBuf>> {
    let first = rx.recv().ok()?;
    let mut batch = vec![first];
    let started = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(20)) {
            Ok(p) => batch.push(p),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if started.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    batch.sort();
    batch.dedup();
    Some(batch)
}

fn is_noise(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

fn rebuild_loop(
    s: &mut Session,
    watch: &mut Watch,
    rx: &Receiver<PathBuf>,
    shared: &Arc<Mutex<Shared>>,
) {
    while let Some(batch) = next_batch(rx) {
        watch.refresh();
        let batch: Vec<PathBuf> = batch
            .into_iter()
            .filter(|p| !is_noise(p) && !p.starts_with(&s.output) && watch.concerns(p))
            .collect();
        if batch.is_empty() {
            continue;
        }
        let t = Instant::now();
        s.batch_started = t;
        s.served_early.clear();
        let outcome = rebuild(s, &batch, shared);
        s.broken = outcome.is_err();
        let mut sh = shared.lock().unwrap_or_else(|e| e.into_inner());
        match outcome {
            Ok((kind, n)) => {
                println!(
                    "{kind}: {n} file(s) written in {:.1} ms",
                    t.elapsed().as_secs_f64() * 1000.0
                );
                sh.problems = None;
                // Pages announced early are final already: their tabs only drop the problems overlay.
                let early = s.served_early.join("\n");
                sh.broadcast(if kind == "css" { "css" } else { "reload" }, &early);
            }
            Err(diags) => {
                let text = report(&diags);
                eprint!("{text}");
                sh.problems = Some(text.clone());
                sh.broadcast("problems", &text);
            }
        }
    }
}

/// One rebuild for a batch of changed paths: CSS swap, templates, content edits, or the full pipeline.
fn rebuild(
    s: &mut Session,
    batch: &[PathBuf],
    shared: &Arc<Mutex<Shared>>,
) -> Result<(&'static str, usize), Vec<Diagnostic>> {
    let root = s.opts.root.clone();
    if batch
        .iter()
        .all(|p| p.extension().is_some_and(|e| e == "css") && p.is_file())
    {
        if let Some(n) = copy_css(s, &root, batch) {
            return Ok(("css", n));
        }
    }
    let theme_templates = root
        .join("themes")
        .join(&s.built.site.config.theme)
        .join("templates");
    let site_templates = root.join("templates");
    if batch
        .iter()
        .all(|p| (p.starts_with(&site_templates) || p.starts_with(&theme_templates)) && p.is_file())
    {
        return templates_only(s, batch, &[site_templates, theme_templates]);
    }
    let content = root.join("content");
    if batch.iter().all(|p| p.starts_with(&content)) {
        if let Some(outcome) = incremental::content_edit(s, &content, batch, shared) {
            return outcome;
        }
    }
    // Config, theme or markdown options may have changed: nothing parsed before can be trusted.
    s.cache = None;
    let (mut built, cache) = incremental::full(&s.opts)?;
    eprint!("{}", report_warnings(&built.warnings));
    let files = std::mem::take(&mut built.files);
    s.built = built;
    s.cache = cache;
    let n = write_all(s, &files).map_err(|d| vec![d])?;
    Ok(("site", n))
}

/// The fast path for body edits of existing pages: each page written as soon as it is rendered, then the
/// lists that show them. `None` when an edit needs more (front matter, headings, a new file).
fn fast_pages(
    s: &mut Session,
    content: &Path,
    batch: &[PathBuf],
) -> Result<Option<usize>, Vec<Diagnostic>> {
    if !batch
        .iter()
        .all(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
    {
        return Ok(None);
    }
    let mut n = 0;
    let mut list_jobs = Vec::new();
    for p in batch {
        match fast_page(s, content, p) {
            // The edited page goes to disk first: it is the one the editor is looking at.
            Fast::Done(f, jobs) => {
                n += write_files(&s.output, &mut s.written, &f, false).map_err(|d| vec![d])?;
                crate::pipeline::trace("page on disk", s.batch_started);
                list_jobs.extend(jobs);
            }
            Fast::Full => return Ok(None),
            Fast::Failed(d) => return Err(d),
        }
    }
    list_jobs.sort_by_key(|j| format!("{j:?}"));
    list_jobs.dedup();
    let files = render_lists(s, &list_jobs)?;
    n += write_files(&s.output, &mut s.written, &files, false).map_err(|d| vec![d])?;
    Ok(Some(n))
}

/// An edited template: recompile, then re-render only the pages whose template uses it (through `extends`,
/// `include` or `import`, followed transitively).
fn templates_only(
    s: &mut Session,
    batch: &[PathBuf],
    dirs: &[PathBuf],
) -> Result<(&'static str, usize), Vec<Diagnostic>> {
    let site = &s.built.site;
    let (set, _) = crate::templates::collect(&s.opts.root, &site.config.theme)?;
    let mut tera = crate::templates::compile(&set)?;
    crate::render::register_functions(&mut tera, site, &s.built.lookup);
    let mut affected: HashSet<String> = batch
        .iter()
        .filter_map(|p| dirs.iter().find_map(|d| p.strip_prefix(d).ok()))
        .map(|r| crate::load::rel_path(Path::new(""), r))
        .collect();
    loop {
        let before = affected.len();
        for (name, (_, text)) in &set.sources {
            if affected
                .iter()
                .any(|a| text.contains(&format!("\"{a}\"")) || text.contains(&format!("'{a}'")))
            {
                affected.insert(name.clone());
            }
        }
        if affected.len() == before {
            break;
        }
    }
    let jobs: Vec<Job> = crate::render::all_jobs(site)
        .into_iter()
        .filter(|j| affected.contains(&crate::render::job_template(site, &set, j)))
        .collect();
    let mut files = crate::render::render_jobs(
        site,
        PageBodies::held(&s.built.bodies),
        &set,
        &tera,
        &s.built.lookup,
        &jobs,
        s.opts.serve_script.as_deref(),
        crate::render::Sink::Keep,
    )?;
    // A template may now call `resize_image()` for a copy no page used before.
    if let Some(images) = &s.built.lookup.images {
        files.extend(images.take_outputs());
    }
    s.built.templates = set;
    s.built.tera = tera;
    let n = write_files(&s.output, &mut s.written, &files, false).map_err(|d| vec![d])?;
    Ok(("templates", n))
}

fn copy_css(s: &mut Session, root: &Path, batch: &[PathBuf]) -> Option<usize> {
    let site_static = root.join("static");
    let theme_static = root
        .join("themes")
        .join(&s.built.site.config.theme)
        .join("static");
    let mut files = Vec::new();
    for p in batch {
        let rel = if let Ok(r) = p.strip_prefix(&site_static) {
            r
        } else if let Ok(r) = p.strip_prefix(&theme_static) {
            if site_static.join(r).exists() {
                continue;
            }
            r
        } else {
            return None;
        };
        let path = crate::load::rel_path(Path::new(""), rel);
        // A new stylesheet is a new static file: the full build lists it, so later rebuilds keep it.
        if !s.written.contains_key(&path) {
            return None;
        }
        files.push(OutputFile::Copy {
            path,
            source: p.clone(),
        });
    }
    write_files(&s.output, &mut s.written, &files, false).ok()
}

enum Fast {
    /// The edited page itself, and the jobs of the lists that show it (rendered after the page is on disk).
    Done(Vec<OutputFile>, Vec<Job>),
    Full,
    Failed(Vec<Diagnostic>),
}

/// Re-renders one edited page when only its body changed, from the parse the cache has just made of it.
fn fast_page(s: &mut Session, content: &Path, path: &Path) -> Fast {
    let rel = crate::load::rel_path(content, path);
    let Some(Node::Page(i)) = s.built.site.by_rel.get(rel.as_str()).copied() else {
        return Fast::Full;
    };
    let Some(parsed) = s.cache.as_ref().and_then(|c| c.parsed(&rel)).cloned() else {
        return Fast::Full;
    };
    let site = &s.built.site;
    let page = &site.pages[i];
    if parsed.front_matter != page.front_matter
        || parsed.front_matter_offset != page.front_matter_offset
    {
        return Fast::Full;
    }
    let rendered = &parsed.rendered;
    let title_from_heading = page.meta.title.is_none();
    // A service page's prose ranks it in the explorer (catalog.json): the catalog is built again.
    if rendered.anchors != page.rendered.anchors
        || (title_from_heading && rendered.first_heading != page.rendered.first_heading)
        || (s.built.catalog.is_some() && crate::catalog_site::is_service_page(page))
    {
        return Fast::Full;
    }
    let section = page.section;
    let shortcodes =
        crate::shortcodes::Shortcodes::new(&s.built.tera, &s.built.templates, &site.config);
    let static_dir = s.opts.root.join("static");
    let resolver = crate::bodies::Resolver::new(
        site,
        &s.built.urls,
        Some(&static_dir),
        s.built.lookup.images.as_deref(),
        &shortcodes,
    );
    let (body, errors) = resolver.page(i, &parsed.rendered, &parsed.draft, &parsed.lines);
    if !errors.is_empty() {
        return Fast::Failed(errors);
    }
    s.built.site.pages[i].rendered = parsed.rendered.clone();
    s.built.bodies.pages[i] = Arc::new(body);
    s.built
        .lookup
        .refresh_page(&s.built.site, &s.built.bodies, i);

    let site = &s.built.site;
    let mut jobs = Vec::new();
    let mut sections = vec![section, 0];
    sections.dedup();
    for sec in sections {
        let per = site.sections[sec].meta.paginate_by.unwrap_or(0);
        let n = if per == 0 {
            1
        } else {
            site.sections[sec].pages.len().div_ceil(per).max(1)
        };
        jobs.extend((0..n).map(|k| Job::Section(sec, k)));
    }
    for (ti, t) in site.taxonomies.iter().enumerate() {
        for (k, term) in t.terms.iter().enumerate() {
            if term.pages.contains(&i) {
                jobs.push(Job::Term(ti, k));
            }
        }
    }
    match crate::render::render_jobs(
        site,
        PageBodies::held(&s.built.bodies),
        &s.built.templates,
        &s.built.tera,
        &s.built.lookup,
        &[Job::Page(i)],
        s.opts.serve_script.as_deref(),
        crate::render::Sink::Keep,
    ) {
        Ok(mut files) => {
            // Resized copies of an image the edit added.
            if let Some(images) = &s.built.lookup.images {
                files.extend(images.take_outputs());
            }
            Fast::Done(files, jobs)
        }
        Err(d) => Fast::Failed(d),
    }
}

/// Re-renders the lists an edited page appears in, the feeds and the search index.
fn render_lists(s: &Session, jobs: &[Job]) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let site = &s.built.site;
    let mut files = crate::render::render_jobs(
        site,
        PageBodies::held(&s.built.bodies),
        &s.built.templates,
        &s.built.tera,
        &s.built.lookup,
        jobs,
        s.opts.serve_script.as_deref(),
        crate::render::Sink::Keep,
    )?;
    files.extend(crate::render::feeds(
        site,
        PageBodies::held(&s.built.bodies),
    ));
    // The index reads page text, so a body edit changes it too.
    files.extend(
        crate::search::files(site, &s.built.bodies, None, s.built.catalog.as_ref())
            .map_err(|e| vec![e.diagnostic()])?,
    );
    Ok(files)
}

fn http_loop(server: tiny_http::Server, output: PathBuf, shared: Arc<Mutex<Shared>>) {
    let root = output.canonicalize().unwrap_or(output);
    for req in server.incoming_requests() {
        let url = req.url().to_string();
        let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
        if path == EVENTS_PATH {
            let (tx, rx) = channel();
            {
                let mut sh = shared.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(p) = &sh.problems {
                    let _ = tx.send(format!(
                        "event: problems\ndata: {}\n\n",
                        serde_json::to_string(p).unwrap_or_default()
                    ));
                }
                sh.subscribers.push(tx);
            }
            std::thread::spawn(move || event_stream(req, rx));
            continue;
        }
        // Each answer is written on a thread of its own: a client that stops reading blocks only itself.
        let root = root.clone();
        std::thread::spawn(move || {
            let encoding = request_encoding(&req);
            let _ = req.respond(compressed(respond(&root, &path), encoding));
        });
    }
}

/// A content coding the dev server answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// Fast levels: the dev server compresses every answer afresh, so speed beats ratio.
    fn encode(self, body: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Encoding::Gzip => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                e.write_all(body)?;
                e.finish()
            }
            Encoding::Brotli => {
                let mut out = Vec::new();
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 4,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut &body[..], &mut out, &params)?;
                Ok(out)
            }
        }
    }
}

fn request_encoding(req: &tiny_http::Request) -> Option<Encoding> {
    let accept: Vec<&str> = req
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Accept-Encoding"))
        .map(|h| h.value.as_str())
        .collect();
    choose_encoding(&accept.join(","))
}

/// The coding to answer in for an `Accept-Encoding` value: the one with the highest weight, brotli on a tie
/// (it is the smaller); one weighted `q=0` is refused, and `*` stands for every coding not named.
pub(crate) fn choose_encoding(accept: &str) -> Option<Encoding> {
    let mut named: Vec<(String, f32)> = Vec::new();
    for item in accept.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("").to_ascii_lowercase();
        if coding.is_empty() {
            continue;
        }
        let q = parts
            .filter_map(|p| p.replace(' ', "").strip_prefix("q=").map(str::to_string))
            .find_map(|v| v.parse::<f32>().ok())
            .unwrap_or(1.0);
        named.push((coding, q));
    }
    let weight = |token: &str| {
        let find = |t: &str| named.iter().find(|(c, _)| c == t).map(|(_, q)| *q);
        find(token).or_else(|| find("*")).unwrap_or(0.0)
    };
    let (br, gzip) = (weight("br"), weight("gzip"));
    if br <= 0.0 && gzip <= 0.0 {
        None
    } else if br >= gzip {
        Some(Encoding::Brotli)
    } else {
        Some(Encoding::Gzip)
    }
}

/// Types worth compressing: text and wasm; images and fonts are compressed already.
const COMPRESSIBLE: [&str; 7] = [
    "text/",
    "application/javascript",
    "application/json",
    "application/wasm",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
];

/// The response compressed in `encoding` when the client takes one and the body is text worth compressing.
fn compressed(
    response: tiny_http::Response<std::io::Cursor<Vec<u8>>>,
    encoding: Option<Encoding>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let text = response.headers().iter().any(|h| {
        h.field.equiv("Content-Type")
            && COMPRESSIBLE.iter().any(|t| h.value.as_str().starts_with(t))
    });
    // Caches must know the answer depends on Accept-Encoding whenever it could have: even when sent plain.
    if !text {
        return response;
    }
    let response = response.with_header(header("Vary", "Accept-Encoding"));
    let Some(encoding) = encoding.filter(|_| response.data_length().unwrap_or(0) >= 1024) else {
        return response;
    };
    let status = response.status_code();
    let headers: Vec<tiny_http::Header> = response.headers().to_vec();
    let body = response.into_reader().into_inner();
    let Ok(packed) = encoding.encode(&body) else {
        return tiny_http::Response::from_data(body)
            .with_status_code(status)
            .with_headers_from(headers);
    };
    tiny_http::Response::from_data(packed)
        .with_status_code(status)
        .with_headers_from(headers)
        .with_header(header("Content-Encoding", encoding.token()))
}

/// Adds every header of `headers` to a response.
trait WithHeaders {
    fn with_headers_from(self, headers: Vec<tiny_http::Header>) -> Self;
}

impl WithHeaders for tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    fn with_headers_from(self, headers: Vec<tiny_http::Header>) -> Self {
        headers.into_iter().fold(self, |r, h| r.with_header(h))
    }
}

fn event_stream(req: tiny_http::Request, rx: Receiver<String>) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

/// Maps a request path to a file under `root`, refusing anything that could leave it.
pub(crate) fn resolve_path(root: &Path, raw: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\')
        || decoded.contains('\0')
        || !decoded.starts_with('/')
        || decoded.starts_with("//")
    {
        return None;
    }
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s if s.contains(':') => return None,
            s => rel.push(s),
        }
    }
    for c in rel.components() {
        if !matches!(c, Component::Normal(_)) {
            return None;
        }
    }
    let mut p = root.join(&rel);
    if p.is_dir() {
        p = p.join("index.html");
    }
    let canonical = p.canonicalize().ok()?;
    if !canonical.starts_with(root) || !canonical.is_file() {
        return None;
    }
    Some(canonical)
}

/// The Content-Type of a served file.
pub(crate) fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn header(k: &str, v: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap_or_else(|_| {
        tiny_http::Header::from_bytes(&b"X-Shoreline"[..], &b"1"[..]).expect("static header")
    })
}

fn respond(root: &Path, path: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    // A folder URL without its slash would break relative links inside the page.
    if !path.ends_with('/') && !path.rsplit('/').next().unwrap_or("").contains('.') {
        if let Some(p) = resolve_path(root, &format!("{path}/")) {
            if p.ends_with("index.html") {
                return tiny_http::Response::from_data(Vec::new())
                    .with_status_code(301)
                    .with_header(header("Location", &format!("{path}/")));
            }
        }
    }
    match resolve_path(root, path).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((p, bytes)) => tiny_http::Response::from_data(bytes)
            .with_header(header("Content-Type", content_type(&p)))
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("Access-Control-Allow-Origin", "*")),
        None => {
            let body = std::fs::read(root.join("404.html"))
                .unwrap_or_else(|_| b"<h1>Not found</h1>".to_vec());
            tiny_http::Response::from_data(body)
                .with_status_code(404)
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("out");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "x").unwrap();
        std::fs::write(d.path().join("secret.txt"), "s").unwrap();
        let root = root.canonicalize().unwrap();
        assert!(resolve_path(&root, "/a/").is_some());
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/a\\..\\..\\secret.txt",
            "//etc/passwd",
            "/a/%5c..%5csecret.txt",
            "/C:/x",
        ] {
            assert!(resolve_path(&root, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn brotli_is_preferred_and_weights_are_honoured() {
        let cases = [
            ("gzip, deflate, br", Some(Encoding::Brotli)),
            ("br;q=0.9, gzip", Some(Encoding::Gzip)),
            ("gzip;q=0.5, br;q=0.5", Some(Encoding::Brotli)),
            ("br;q=0, gzip", Some(Encoding::Gzip)),
            ("br; q=0, gzip;q=0", None),
            ("gzip;q=0.0", None),
            ("identity", None),
            ("", None),
            ("*", Some(Encoding::Brotli)),
            ("*;q=0.1, br;q=0", Some(Encoding::Gzip)),
            ("BR", Some(Encoding::Brotli)),
        ];
        for (accept, want) in cases {
            assert_eq!(choose_encoding(accept), want, "{accept:?}");
        }
    }

    #[test]
    fn compressed_answers_decode_and_say_how() {
        let page = "<p>the same line again</p>\n".repeat(200);
        let plain = || {
            tiny_http::Response::from_data(page.clone().into_bytes())
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
        };
        fn head(
            r: &tiny_http::Response<std::io::Cursor<Vec<u8>>>,
            name: &'static str,
        ) -> Option<String> {
            r.headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        }
        let r = compressed(plain(), Some(Encoding::Brotli));
        assert_eq!(head(&r, "Content-Encoding").as_deref(), Some("br"));
        assert_eq!(head(&r, "Vary").as_deref(), Some("Accept-Encoding"));
        let mut back = String::new();
        std::io::Read::read_to_string(
            &mut brotli::Decompressor::new(r.into_reader(), 4096),
            &mut back,
        )
        .unwrap();
        assert_eq!(back, page);
        let r = compressed(plain(), None);
        assert_eq!(head(&r, "Content-Encoding"), None);
        assert_eq!(head(&r, "Vary").as_deref(), Some("Accept-Encoding"));
    }

    #[test]
    fn wasm_and_html_types() {
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.html")),
            "text/html; charset=utf-8"
        );
    }
}
