//! Reads the content folder: Markdown files as text (listed first, read one by one as they are parsed),
//! everything else as assets to copy.

use crate::diagnostic::{line_col, Diagnostic};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use walkdir::WalkDir;

/// A Markdown file read from `content/`.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Path as shown in diagnostics (relative to the site root, e.g. `content/bpo/x.md`).
    pub shown: PathBuf,
    /// Path relative to `content/`, with `/` separators (`bpo/x.md`): the key internal links use.
    pub rel: String,
    /// The file's text, decoded (a UTF-8 BOM removed).
    pub text: String,
}

/// A non-Markdown file under `content/`, copied beside the pages.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub source: PathBuf,
    pub rel: String,
}

/// Everything `load` found.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub files: Vec<RawFile>,
    pub assets: Vec<Asset>,
    /// `content/catalog.toml`, when the site has a service catalog.
    pub catalog_toml: Option<RawFile>,
}

/// A Markdown file `scan` found, not read yet: the parse stage reads each as it parses it, so the text of
/// every page is never held at once.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub path: PathBuf,
    pub shown: PathBuf,
    pub rel: String,
}

/// What `scan` found: the Markdown to read, and everything read or copied as is.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    pub markdown: Vec<Found>,
    pub assets: Vec<Asset>,
    pub catalog_toml: Option<RawFile>,
}

/// Walks `content_dir`; symlinks that leave `site_root` are reported, never followed. `catalog.toml` is read
/// here; the Markdown is only listed, for `read`.
pub(crate) fn scan(site_root: &Path, content_dir: &Path) -> Result<Scanned, Vec<Diagnostic>> {
    let shown = |p: &Path| crate::diagnostic::display_path(site_root, p);
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::new(
            shown(content_dir),
            "content directory not found",
        )
        .with_help(
            "a site keeps its Markdown under `content/`; `shoreline init DIR` creates one",
        )]);
    }
    let (paths, mut errors) = walk(site_root, content_dir, Hidden::Skip);
    let mut scanned = Scanned::default();
    for path in paths {
        let rel = rel_path(content_dir, &path);
        if rel == "catalog.toml" {
            match read(&Found {
                shown: shown(&path),
                path,
                rel,
            }) {
                Ok(f) => scanned.catalog_toml = Some(f),
                Err(d) => errors.push(d),
            }
        } else if path.extension().is_some_and(|x| x == "md") {
            scanned.markdown.push(Found {
                shown: shown(&path),
                path,
                rel,
            });
        } else {
            scanned.assets.push(Asset { source: path, rel });
        }
    }
    if errors.is_empty() {
        Ok(scanned)
    } else {
        Err(errors)
    }
}

/// The size of the Markdown `scan` found, in bytes (a file that cannot be read counts nothing: reading it
/// reports it).
pub(crate) fn markdown_bytes(found: &[Found]) -> u64 {
    use rayon::prelude::*;
    found
        .par_iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .sum()
}

/// Reads one file `scan` found, decoded.
pub(crate) fn read(found: &Found) -> Result<RawFile, Diagnostic> {
    let bytes = std::fs::read(&found.path)
        .map_err(|e| Diagnostic::new(&found.shown, format!("cannot read: {e}")))?;
    let text = decode(&bytes).map_err(|bad| not_utf8(&found.shown, bad))?;
    Ok(RawFile {
        shown: found.shown.clone(),
        rel: found.rel.clone(),
        text,
    })
}

/// `scan`, then every Markdown file read: for callers that want the texts themselves.
pub(crate) fn load(site_root: &Path, content_dir: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    use rayon::prelude::*;
    let scanned = scan(site_root, content_dir)?;
    let read: Vec<Result<RawFile, Diagnostic>> = scanned.markdown.par_iter().map(read).collect();
    let (files, errors): (Vec<_>, Vec<_>) = read.into_iter().partition(Result::is_ok);
    if !errors.is_empty() {
        return Err(errors.into_iter().filter_map(Result::err).collect());
    }
    Ok(Loaded {
        files: files.into_iter().filter_map(Result::ok).collect(),
        assets: scanned.assets,
        catalog_toml: scanned.catalog_toml,
    })
}

/// `/`-separated path of `path` under `base`.
pub(crate) fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `walk` keeps dot-files and editor leftovers (`static/.well-known/` is published; content's are not).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hidden {
    Skip,
    Keep,
}

/// The regular files under `dir`, sorted, following symlinks that stay inside `site_root`. Everything else is
/// reported rather than skipped without a word: links leaving the site, link loops, unreadable folders, and
/// named pipes, sockets or devices (reading a pipe would hang the build).
pub(crate) fn walk(
    site_root: &Path,
    dir: &Path,
    hidden: Hidden,
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let shown = |p: &Path| crate::diagnostic::display_path(site_root, p);
    let canonical_root = site_root
        .canonicalize()
        .unwrap_or_else(|_| site_root.to_path_buf());
    let outside = Mutex::new(Vec::new());
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.path_is_symlink() {
                let inside = e
                    .path()
                    .canonicalize()
                    .map(|t| t.starts_with(&canonical_root))
                    .unwrap_or(false);
                if !inside {
                    if let Ok(mut o) = outside.lock() {
                        o.push(e.path().to_path_buf());
                    }
                    return false;
                }
            }
            e.depth() == 0
                || hidden == Hidden::Keep
                || !is_skipped_name(&e.file_name().to_string_lossy())
        });
    let mut paths = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => paths.push(e.path().to_path_buf()),
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => errors.push(
                Diagnostic::new(
                    shown(e.path()),
                    "not a regular file (a named pipe, socket or device); it is not read",
                )
                .with_help("remove it, or put the file it stands for in its place"),
            ),
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let msg = if e.loop_ancestor().is_some() {
                    "symlink loop: this link points at one of its own parent folders".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                errors.push(Diagnostic::new(shown(&path), msg));
            }
        }
    }
    for p in outside.into_inner().unwrap_or_default() {
        errors.push(
            Diagnostic::new(
                shown(&p),
                "symlink points outside the site root; it is not followed",
            )
            .with_help("copy the file into the site, or link to something inside it"),
        );
    }

    (paths, errors)
}

/// Editor swap files and hidden files and folders are never content.
pub(crate) fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

/// The located problem of a file `decode` refused (its first bad byte's offset and the text read lossily).
pub(crate) fn not_utf8(shown: impl Into<PathBuf>, (offset, lossy): (usize, String)) -> Diagnostic {
    let (line, col) = line_col(&lossy, offset);
    Diagnostic::new(shown, "file is not valid UTF-8")
        .at(&lossy, line, col)
        .with_help("save the file as UTF-8")
}

/// UTF-8 text without a BOM and with CRLF turned into LF; on bad bytes, the offset and a lossy copy.
pub fn decode(bytes: &[u8]) -> Result<String, (usize, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') {
            s.replace("\r\n", "\n")
        } else {
            s.to_string()
        }),
        Err(e) => Err((e.valid_up_to(), String::from_utf8_lossy(bytes).into_owned())),
    }
}

/// Where the content folder lives for a site root.
pub(crate) fn content_dir(root: &Path) -> PathBuf {
    root.join("content")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb").unwrap(), "a\nb");
    }

    #[test]
    fn decode_reports_offset_of_bad_byte() {
        let (off, _) = decode(b"ab\n\xFFc").unwrap_err();
        assert_eq!(off, 3);
    }
}
