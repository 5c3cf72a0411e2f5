//! The dev server's parse cache: each content file's parse result, kept until the watcher reports the file
//! changed, so a rebuild parses only the files an edit touched.

use crate::diagnostic::Diagnostic;
use crate::load::{Asset, RawFile};
use crate::markdown::MdOptions;
use crate::parse::ParsedFile;
use crate::pipeline::Content;
use shoreline_catalog::ServiceProse;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One content file as last parsed.
struct Entry {
    /// Hash of the decoded text: a save that changes nothing parses nothing.
    hash: u64,
    parsed: Result<Arc<ParsedFile>, Vec<Diagnostic>>,
    /// Who the service says it suits, for service pages (the explorer ranks by it).
    prose: Option<ServiceProse>,
}

/// Every content file's parse result, with what load found beside the Markdown.
pub(crate) struct ParseCache {
    entries: HashMap<String, Entry>,
    /// The content paths in walk order, once a rebuild asked for them.
    order: Option<Vec<String>>,
    assets: Vec<Asset>,
    catalog_toml: Option<RawFile>,
    md: MdOptions,
    drafts: bool,
}

/// What an update found, for the rebuild to decide its path.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Content paths (`bpo/x.md`) read again whose text changed, or that are new.
    pub changed: BTreeSet<String>,
    /// Content paths no longer on disk.
    pub removed: BTreeSet<String>,
    /// `catalog.toml` was written with other text, created or removed.
    pub catalog: bool,
}

/// Why a batch cannot be applied file by file: the full pipeline must run.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NeedsFullBuild;

impl ParseCache {
    /// The cache of a build's content, all of which parsed (`content.errors` is empty).
    pub(crate) fn fill(content: Content, md: MdOptions, drafts: bool) -> ParseCache {
        let mut prose = content.prose;
        let entries = content
            .parsed
            .into_iter()
            .map(|p| {
                let rel = p.rel.clone();
                let entry = Entry {
                    hash: p.hash,
                    prose: prose.remove(&rel),
                    parsed: Ok(p),
                };
                (rel, entry)
            })
            .collect();
        ParseCache {
            entries,
            order: None,
            assets: content.assets,
            catalog_toml: content.catalog_toml,
            md,
            drafts,
        }
    }

    /// Reads again the files of `batch` (absolute paths under `content_dir`). Anything but Markdown pages
    /// and `catalog.toml` (an asset, a symlink) needs the full pipeline and leaves the cache as it was.
    pub(crate) fn update(
        &mut self,
        site_root: &Path,
        content_dir: &Path,
        batch: &[PathBuf],
    ) -> Result<Changes, NeedsFullBuild> {
        let mut files: BTreeSet<PathBuf> = BTreeSet::new();
        let mut gone_dirs = Vec::new();
        let mut catalog = None;
        for p in batch {
            let rel = crate::load::rel_path(content_dir, p);
            if !p.starts_with(content_dir) || rel.is_empty() || p.is_symlink() {
                return Err(NeedsFullBuild);
            }
            if is_hidden(&rel) {
                continue;
            }
            if rel == "catalog.toml" && !p.is_dir() {
                catalog = Some(p);
            } else if p.extension().is_some_and(|e| e == "md") && !p.is_dir() {
                files.insert(p.clone());
            } else if p.is_dir() {
                // A folder created (or moved in) in one go: its files may predate the watch on it.
                let (paths, errors) = crate::load::walk(site_root, p, crate::load::Hidden::Skip);
                if !errors.is_empty() || paths.iter().any(|f| !is_markdown(f)) {
                    return Err(NeedsFullBuild);
                }
                files.extend(paths);
            } else if p.exists() || self.holds_asset_under(&rel) {
                return Err(NeedsFullBuild);
            } else {
                gone_dirs.push(format!("{rel}/"));
            }
        }
        let mut changes = Changes::default();
        if let Some(path) = catalog {
            changes.catalog = self.read_catalog(site_root, path)?;
        }
        for dir in gone_dirs {
            let under: Vec<String> = self
                .entries
                .keys()
                .filter(|k| k.starts_with(&dir))
                .cloned()
                .collect();
            for k in under {
                self.entries.remove(&k);
                self.reorder(&k, false);
                changes.removed.insert(k);
            }
        }
        for path in files {
            let rel = crate::load::rel_path(content_dir, &path);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    if self.reparse(site_root, &path, rel.clone(), &bytes) {
                        changes.changed.insert(rel);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if self.entries.remove(&rel).is_some() {
                        self.reorder(&rel, false);
                        changes.removed.insert(rel);
                    }
                }
                Err(_) => return Err(NeedsFullBuild),
            }
        }
        Ok(changes)
    }

    /// Reads `catalog.toml` again (gone when it is no longer on disk); `false` when its text is what the
    /// cache holds. Text that is not UTF-8 takes the full pipeline, which reports it as load does.
    fn read_catalog(&mut self, site_root: &Path, path: &Path) -> Result<bool, NeedsFullBuild> {
        let text = match std::fs::read(path) {
            Ok(bytes) => Some(crate::load::decode(&bytes).map_err(|_| NeedsFullBuild)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => return Err(NeedsFullBuild),
        };
        if self.catalog_toml.as_ref().map(|f| &f.text) == text.as_ref() {
            return Ok(false);
        }
        self.catalog_toml = text.map(|text| RawFile {
            shown: crate::diagnostic::display_path(site_root, path),
            rel: "catalog.toml".to_string(),
            text,
        });
        Ok(true)
    }

    /// The content paths of the services section and its pages, whose output shows the catalog.
    pub(crate) fn catalog_pages(&self) -> Vec<String> {
        self.entries
            .keys()
            .filter(|rel| crate::catalog_site::in_services(rel))
            .cloned()
            .collect()
    }

    /// Parses a file read again; `false` when its text is what the cache holds.
    fn reparse(&mut self, site_root: &Path, path: &Path, rel: String, bytes: &[u8]) -> bool {
        let shown = crate::diagnostic::display_path(site_root, path);
        let (hash, parsed, prose) = match crate::load::decode(bytes) {
            Ok(text) => {
                let hash = crate::parse::text_hash(&text);
                if self.entries.get(&rel).is_some_and(|e| e.hash == hash) {
                    return false;
                }
                let prose = crate::catalog_site::prose_of(&rel, &text);
                let raw = RawFile {
                    shown,
                    rel: rel.clone(),
                    text,
                };
                let parsed =
                    crate::parse::parse_file(raw, self.md, self.drafts, crate::parse::Hold::Html);
                (hash, parsed, prose)
            }
            // As load reports it: the file is left out, its problem kept until it is saved as UTF-8.
            Err(bad) => (0, Err(vec![crate::load::not_utf8(shown, bad)]), None),
        };
        let entry = Entry {
            hash,
            parsed: parsed.map(Arc::new),
            prose,
        };
        if self.entries.insert(rel.clone(), entry).is_none() {
            self.reorder(&rel, true);
        }
        true
    }

    /// Keeps `order` in walk order as file `rel` comes (`came`) or goes: one search and one move, where sorting
    /// every path again took about 10 ms at 10,000 pages.
    fn reorder(&mut self, rel: &str, came: bool) {
        let Some(order) = &mut self.order else {
            return;
        };
        match (order.binary_search_by(|r| walk_order(r, rel)), came) {
            (Err(at), true) => order.insert(at, rel.to_string()),
            (Ok(at), false) => {
                order.remove(at);
            }
            _ => {}
        }
    }

    /// The parse of content file `rel`, when it parsed.
    pub(crate) fn parsed(&self, rel: &str) -> Option<&Arc<ParsedFile>> {
        self.entries.get(rel).and_then(|e| e.parsed.as_ref().ok())
    }

    fn holds_asset_under(&self, rel: &str) -> bool {
        let dir = format!("{rel}/");
        self.assets
            .iter()
            .any(|a| a.rel == rel || a.rel.starts_with(&dir))
    }

    /// The content as the parse stage would hand it on, in the order load walks the folder (page indexes,
    /// and so the search index, follow that order).
    pub(crate) fn content(&mut self) -> Content {
        let rels = self.order.get_or_insert_with(|| {
            let mut rels: Vec<String> = self.entries.keys().cloned().collect();
            rels.sort_by(|a, b| walk_order(a, b));
            rels
        });
        let mut content = Content {
            parsed: Vec::with_capacity(rels.len()),
            errors: Vec::new(),
            assets: self.assets.clone(),
            catalog_toml: self.catalog_toml.clone(),
            prose: Default::default(),
        };
        for rel in rels.iter() {
            let Some(e) = self.entries.get(rel) else {
                continue;
            };
            match &e.parsed {
                Ok(p) => content.parsed.push(p.clone()),
                Err(d) => content.errors.extend(d.iter().cloned()),
            }
            if let Some(prose) = &e.prose {
                content.prose.insert(rel.clone(), prose.clone());
            }
        }
        content
    }
}

/// Names load skips: dot-files and editor leftovers, at any depth.
fn is_hidden(rel: &str) -> bool {
    rel.split('/').any(crate::load::is_skipped_name)
}

fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "md")
}

/// The order `load::walk` visits content paths in: by name, folder by folder.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let content = d.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::write(content.join("a/x.md"), "+++\ntitle = \"X\"\n+++\nBody\n").unwrap();
        std::fs::write(content.join("b.md"), "+++\ntitle = \"B\"\n+++\nBody\n").unwrap();
        (d, content)
    }

    fn cache(root: &Path) -> ParseCache {
        let config = crate::config::Config::parse(
            "base_url = \"x\"\n",
            std::path::Path::new("shoreline.toml"),
        )
        .unwrap();
        let opts = crate::pipeline::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let content = crate::pipeline::load_content(&opts, &config).unwrap();
        ParseCache::fill(content, MdOptions::from_config(&config), false)
    }

    fn rels(c: &Content) -> Vec<&str> {
        c.parsed.iter().map(|p| p.rel.as_str()).collect()
    }

    #[test]
    fn order_is_the_walk_order() {
        let (d, content) = site();
        std::fs::write(content.join("a.md"), "+++\ntitle = \"A\"\n+++\n").unwrap();
        let mut c = cache(d.path());
        // `a/` sorts before `a.md` by name, as the walk visits them.
        assert_eq!(rels(&c.content()), ["a/x.md", "a.md", "b.md"]);
    }

    #[test]
    fn files_that_come_and_go_keep_the_walk_order() {
        let (d, content) = site();
        let mut c = cache(d.path());
        assert_eq!(rels(&c.content()), ["a/x.md", "b.md"]);
        let page = "+++\ntitle = \"N\"\n+++\n";
        let new = [
            content.join("a.md"),
            content.join("a/w.md"),
            content.join("c.md"),
        ];
        for p in &new {
            std::fs::write(p, page).unwrap();
        }
        c.update(d.path(), &content, &new).unwrap();
        assert_eq!(
            rels(&c.content()),
            ["a/w.md", "a/x.md", "a.md", "b.md", "c.md"]
        );
        std::fs::remove_file(content.join("a/x.md")).unwrap();
        c.update(d.path(), &content, &[content.join("a/x.md")])
            .unwrap();
        assert_eq!(rels(&c.content()), ["a/w.md", "a.md", "b.md", "c.md"]);
    }

    #[test]
    fn only_changed_text_is_parsed_again() {
        let (d, content) = site();
        let mut c = cache(d.path());
        let x = content.join("a/x.md");
        let same = c
            .update(d.path(), &content, std::slice::from_ref(&x))
            .unwrap();
        assert!(same.changed.is_empty());
        std::fs::write(&x, "+++\ntitle = \"Y\"\n+++\nBody\n").unwrap();
        let changed = c
            .update(d.path(), &content, std::slice::from_ref(&x))
            .unwrap();
        assert_eq!(changed.changed, BTreeSet::from(["a/x.md".to_string()]));
        assert_eq!(c.content().parsed[0].meta.title.as_deref(), Some("Y"));
    }

    #[test]
    fn removed_files_and_folders_leave_the_cache() {
        let (d, content) = site();
        let mut c = cache(d.path());
        std::fs::remove_dir_all(content.join("a")).unwrap();
        let changes = c.update(d.path(), &content, &[content.join("a")]).unwrap();
        assert_eq!(changes.removed, BTreeSet::from(["a/x.md".to_string()]));
        assert_eq!(rels(&c.content()), ["b.md"]);
    }

    #[test]
    fn a_broken_file_keeps_its_problem_until_fixed() {
        let (d, content) = site();
        let mut c = cache(d.path());
        let b = content.join("b.md");
        std::fs::write(&b, "+++\ntitle = \"B\"\nweigth = 2\n+++\n").unwrap();
        c.update(d.path(), &content, std::slice::from_ref(&b))
            .unwrap();
        let broken = c.content();
        assert_eq!(broken.errors.len(), 1);
        assert_eq!(broken.errors[0].line, 3);
        std::fs::write(&b, "+++\ntitle = \"B\"\nweight = 2\n+++\n").unwrap();
        c.update(d.path(), &content, &[b]).unwrap();
        assert!(c.content().errors.is_empty());
    }

    #[test]
    fn assets_need_the_full_build() {
        let (d, content) = site();
        let mut c = cache(d.path());
        std::fs::write(content.join("a/pic.png"), "png").unwrap();
        assert_eq!(
            c.update(d.path(), &content, &[content.join("a/pic.png")]),
            Err(NeedsFullBuild)
        );
    }

    #[test]
    fn the_catalog_is_read_again_when_its_text_changes() {
        let (d, content) = site();
        let mut c = cache(d.path());
        let catalog = content.join("catalog.toml");
        let batch = std::slice::from_ref(&catalog);
        std::fs::write(&catalog, "\u{feff}[[facet]]\n").unwrap();
        assert!(c.update(d.path(), &content, batch).unwrap().catalog);
        assert_eq!(c.content().catalog_toml.unwrap().text, "[[facet]]\n");
        // Saved again with the same text (the byte order mark aside): nothing to rebuild.
        std::fs::write(&catalog, "[[facet]]\n").unwrap();
        assert_eq!(c.update(d.path(), &content, batch), Ok(Changes::default()));
        std::fs::remove_file(&catalog).unwrap();
        assert!(c.update(d.path(), &content, batch).unwrap().catalog);
        assert!(c.content().catalog_toml.is_none());
        // Not UTF-8: the full build reports it where load finds it.
        std::fs::write(&catalog, b"id = \"\xff\"\n").unwrap();
        assert_eq!(c.update(d.path(), &content, batch), Err(NeedsFullBuild));
    }
}
