//! Writes the output into a staging folder beside the target and swaps it in only once everything is written,
//! so a failed or killed build leaves the previous site whole. An output folder that is a mount point (a
//! container volume) cannot be renamed, so there the staging folder sits inside it and the swap moves entries.

use crate::diagnostic::Diagnostic;
use crate::precompress::Codec;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as Shoreline's own output, safe to replace.
pub(crate) const MARKER: &str = ".shoreline-output";

/// Refuses output folders that would swallow the site or sit where deleting them would hurt.
pub(crate) fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let abs = absolute(output);
    let root_abs = absolute(root);
    let content = root_abs.join("content");
    let shown = output.display().to_string();
    if abs.parent().is_none() || abs == Path::new("/") {
        return Err(Diagnostic::new(
            &shown,
            "refusing to use the file system root as the output directory",
        )
        .with_help("pass --output-dir public (the default) or another folder of its own"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        if abs == absolute(Path::new(&home)) {
            return Err(Diagnostic::new(
                &shown,
                "refusing to use the home directory as the output directory",
            ));
        }
    }
    if root_abs.starts_with(&abs) || content.starts_with(&abs) || abs.starts_with(&content) {
        return Err(Diagnostic::new(
            &shown,
            "output directory would swallow the site's own files",
        )
        .with_help(
            "the output must not be the site root, the content folder, or hold or sit inside them",
        ));
    }
    for sub in ["templates", "static", "themes"] {
        let d = root_abs.join(sub);
        if abs.starts_with(&d) || d.starts_with(&abs) {
            return Err(Diagnostic::new(
                &shown,
                format!("output directory overlaps the site's `{sub}` folder"),
            ));
        }
    }
    if abs.exists() {
        if !abs.is_dir() {
            return Err(Diagnostic::new(
                &shown,
                "output path exists and is not a directory",
            ));
        }
        let empty = std::fs::read_dir(&abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !abs.join(MARKER).is_file() && !force {
            return Err(Diagnostic::new(
                &shown,
                "output directory exists, is not empty, and was not made by Shoreline",
            )
            .with_help("pick another --output-dir, or pass --force to replace it"));
        }
    }
    Ok(())
}

/// Lexically absolute path (the output may not exist yet, so no canonicalize of it).
pub(crate) fn absolute(p: &Path) -> PathBuf {
    let base = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = PathBuf::new();
    for c in base.join(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    // Resolve symlinks in the existing part so `public -> /` style tricks are caught.
    let mut existing = out.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => tail.push(n.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for n in tail.into_iter().rev() {
        resolved.push(n);
    }
    resolved
}

/// A relative output path that stays inside the output folder.
fn safe_rel(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for seg in path.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == ".." || seg == "." || seg.contains('\\') || seg.contains(':') {
            return None;
        }
        out.push(seg);
    }
    if out.as_os_str().is_empty() {
        None
    } else {
        Some(out)
    }
}

/// Writes `files` into a fresh staging folder, then replaces `output` with it (the tests' whole write).
#[cfg(test)]
fn write_site(output: &Path, files: &[OutputFile]) -> Result<usize, Diagnostic> {
    let staging = Staging::create(output)?;
    staging.write_all(files)?;
    staging.commit()?;
    Ok(files.len())
}

/// A folder the next site is written into while the previous one is still served, swapped in by `commit`.
/// Dropped without a commit (a failed build), it is removed and the output is left as it was.
pub(crate) struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// The output is a mount point: `dir` sits inside it and the swap moves entries.
    in_place: bool,
    committed: bool,
    /// Write `.br` and `.gz` copies beside text files (`compress = true`).
    compress: bool,
    /// The last build's output, when it is ours (marked): unchanged files keep their time from there.
    previous: Option<PathBuf>,
}

impl Staging {
    /// Creates the staging folder for `output` (clearing what killed builds left behind) and marks it ours.
    pub(crate) fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let out_abs = absolute(output);
        let parent = out_abs
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostic::new(parent.display().to_string(), format!("cannot create: {e}"))
        })?;
        let in_place = is_mount_point(&out_abs);
        remove_leftovers(&parent, &name);
        let dir = if in_place {
            remove_leftovers(&out_abs, "");
            out_abs.join(format!("..shoreline-staging-{}", std::process::id()))
        } else {
            parent.join(format!(".{name}.shoreline-staging-{}", std::process::id()))
        };
        std::fs::create_dir_all(&dir).map_err(|e| {
            Diagnostic::new(dir.display().to_string(), format!("cannot create: {e}"))
        })?;
        let previous = out_abs.join(MARKER).is_file().then(|| out_abs.clone());
        let staging = Staging {
            dir,
            output: out_abs,
            in_place,
            committed: false,
            compress: false,
            previous,
        };
        std::fs::write(
            staging.dir.join(MARKER),
            "This folder is written by Shoreline and replaced on every build.\n",
        )
        .map_err(|e| {
            Diagnostic::new(
                staging.dir.display().to_string(),
                format!("cannot write: {e}"),
            )
        })?;
        Ok(staging)
    }

    /// Turns on the `.br` / `.gz` copies for every text file written from now on.
    pub(crate) fn compressing(mut self, on: bool) -> Staging {
        self.compress = on;
        self
    }

    /// Writes one file, creating its folders; safe to call from many threads at once.
    pub(crate) fn write(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        let rel = safe_rel(f.path())
            .ok_or_else(|| Diagnostic::new(f.path(), "output path leaves the output directory"))?;
        if let Some(d) = self.dir.join(&rel).parent() {
            std::fs::create_dir_all(d).map_err(|e| {
                Diagnostic::new(d.display().to_string(), format!("cannot create: {e}"))
            })?;
        }
        // A static `x.html.br` of the site's own is copied later, by `write_all`, over the generated one.
        self.put(f, &rel, &|_| false)
    }

    /// Writes many files: their folders first, once each, then the files in parallel.
    pub(crate) fn write_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        // A file the render stage already wrote has its folder: asking again costs a system call per page.
        for f in files
            .iter()
            .filter(|f| !matches!(f, OutputFile::Written { .. }))
        {
            let rel = safe_rel(f.path()).ok_or_else(|| {
                Diagnostic::new(f.path(), "output path leaves the output directory")
            })?;
            if let Some(d) = rel.parent() {
                dirs.push(self.dir.join(d));
            }
        }
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| {
                Diagnostic::new(d.display().to_string(), format!("cannot create: {e}"))
            })?;
        }
        // A site that ships its own `x.js.gz` keeps it: no generated copy races it.
        let given: HashSet<&str> = if self.compress {
            files.iter().map(OutputFile::path).collect()
        } else {
            HashSet::new()
        };
        let given = |p: &str| given.contains(p.trim_start_matches('/'));
        files
            .par_iter()
            .try_for_each(|f| self.put(f, &safe_rel(f.path()).unwrap_or_default(), &given))
    }

    /// Writes `f` at `rel` inside the staging folder, with its compressed copies when they are on and `given`
    /// (an output path) does not say the site ships that copy itself.
    fn put(
        &self,
        f: &OutputFile,
        rel: &Path,
        given: &dyn Fn(&str) -> bool,
    ) -> Result<(), Diagnostic> {
        let dest = self.dir.join(rel);
        let compress = self.compress
            && crate::precompress::wants(f.path())
            && !Codec::ALL
                .iter()
                .any(|c| given(&format!("{}.{}", f.path(), c.suffix())));
        if !compress {
            write_file(f, &dest)?;
            return self.keep_time(f, rel, &dest);
        }
        let bytes = match f {
            OutputFile::Bytes { bytes, .. } => Cow::Borrowed(bytes.as_slice()),
            OutputFile::Static { bytes, .. } => Cow::Borrowed(*bytes),
            OutputFile::Copy { source, .. } => Cow::Owned(std::fs::read(source).map_err(|e| {
                Diagnostic::new(f.path(), format!("cannot read {}: {e}", source.display()))
            })?),
            OutputFile::Written { .. } => return Ok(()),
        };
        std::fs::write(&dest, &bytes).map_err(|e| {
            Diagnostic::new(f.path(), format!("cannot write {}: {e}", dest.display()))
        })?;
        self.keep_time(f, rel, &dest)?;
        let previous = self.previous().map(|p| p.join(rel));
        crate::precompress::write_beside(&dest, &bytes, previous.as_deref())
            .map_err(|e| Diagnostic::new(f.path(), e.to_string()))
    }

    /// Gives the file just written at `dest` the time it had before, so an unchanged file does not look new
    /// to rsync, an upload to a CDN or a cache: a generated file keeps the time of the same bytes in the last
    /// output, a copied one takes its source's.
    fn keep_time(&self, f: &OutputFile, rel: &Path, dest: &Path) -> Result<(), Diagnostic> {
        let time = match f {
            OutputFile::Copy { source, .. } => {
                std::fs::metadata(source).and_then(|m| m.modified()).ok()
            }
            OutputFile::Bytes { bytes, .. } => self.unchanged_since(rel, bytes),
            OutputFile::Static { bytes, .. } => self.unchanged_since(rel, bytes),
            OutputFile::Written { .. } => None,
        };
        let Some(time) = time else {
            return Ok(());
        };
        std::fs::File::options()
            .write(true)
            .open(dest)
            .and_then(|file| file.set_modified(time))
            .map_err(|e| {
                Diagnostic::new(
                    f.path(),
                    format!("cannot set the time of {}: {e}", dest.display()),
                )
            })
    }

    /// The time of the file at `rel` in the last output, when it holds exactly `bytes`.
    fn unchanged_since(&self, rel: &Path, bytes: &[u8]) -> Option<std::time::SystemTime> {
        let old = self.previous()?.join(rel);
        if !crate::precompress::same_content(&old, bytes) {
            return None;
        }
        std::fs::metadata(&old).and_then(|m| m.modified()).ok()
    }

    /// The last build's output, when it is ours (marked): where unchanged compressed copies are taken from.
    fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }

    /// Replaces the output with what was written.
    pub(crate) fn commit(mut self) -> Result<(), Diagnostic> {
        let swapped = if self.in_place {
            swap_entries(&self.dir, &self.output)
        } else {
            swap_in(&self.dir, &self.output)
        };
        // On failure Drop removes the staging folder; on success it is the output now.
        self.committed = swapped.is_ok();
        swapped
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn write_file(f: &OutputFile, dest: &Path) -> Result<(), Diagnostic> {
    let r = match f {
        OutputFile::Bytes { bytes, .. } => std::fs::write(dest, bytes),
        OutputFile::Static { bytes, .. } => std::fs::write(dest, bytes),
        OutputFile::Copy { source, .. } => std::fs::copy(source, dest).map(|_| ()),
        OutputFile::Written { .. } => Ok(()),
    };
    r.map_err(|e| Diagnostic::new(f.path(), format!("cannot write {}: {e}", dest.display())))
}

/// True when `output` lives on another file system than its parent: a mount point.
fn is_mount_point(output: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let device = |p: &Path| std::fs::metadata(p).map(|m| m.dev()).ok();
        match (device(output), output.parent().and_then(device)) {
            (Some(out), Some(parent)) => out != parent,
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = output;
        false
    }
}

/// The swap for an output folder that must stay where it is: its entries move into a folder inside it, the
/// staged ones move up, then the old ones go. Renames within one file system, so each step is quick; if one
/// fails, what moved is moved back.
fn swap_entries(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    let err = |e: std::io::Error| {
        Diagnostic::new(
            output.display().to_string(),
            format!("cannot replace the output: {e}"),
        )
    };
    let old = output.join(format!("..shoreline-old-{}", std::process::id()));
    std::fs::create_dir(&old).map_err(err)?;
    let ours = |name: &std::ffi::OsStr| {
        let path = output.join(name);
        path == staging || path == old
    };
    let moved_out = move_entries(output, &old, &ours);
    if let Err(e) = moved_out {
        let _ = move_entries(&old, output, &|_| false);
        let _ = std::fs::remove_dir(&old);
        return Err(err(e));
    }
    if let Err(e) = move_entries(staging, output, &|_| false) {
        let _ = move_entries(output, staging, &ours);
        let _ = move_entries(&old, output, &|_| false);
        let _ = std::fs::remove_dir(&old);
        return Err(err(e));
    }
    let _ = std::fs::remove_dir(staging);
    // The old tree is ours (it had the marker, or --force said so); remove it last.
    remove_tree(&old);
    Ok(())
}

/// Renames every entry of `from` into `to`, except those `skip` names.
fn move_entries(
    from: &Path,
    to: &Path,
    skip: &dyn Fn(&std::ffi::OsStr) -> bool,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let name = entry?.file_name();
        if !skip(&name) {
            std::fs::rename(from.join(&name), to.join(&name))?;
        }
    }
    Ok(())
}

/// A build killed mid-way leaves its staging (or old) folder behind; they carry our names, so clear them.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.shoreline-staging-");
    let old = format!(".{name}.shoreline-old-");
    let entries: Vec<std::fs::DirEntry> = rd.flatten().collect();
    // A build killed between the two renames of a swap left the last site only under its old name: put it
    // back before anything is cleared.
    let output = parent.join(name);
    if !name.is_empty() && !output.exists() {
        if let Some(e) = entries.iter().find(|e| {
            e.file_name().to_string_lossy().starts_with(&old) && e.path().join(MARKER).is_file()
        }) {
            let _ = std::fs::rename(e.path(), &output);
        }
    }
    for e in entries {
        let n = e.file_name().to_string_lossy().into_owned();
        if (n.starts_with(&staging) || n.starts_with(&old)) && e.path().join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Waits before the swap when `SHORELINE_PAUSE_BEFORE_SWAP` names a file: the file is created and the build
/// sleeps, so a test can kill it at the one moment the output changes hands.
fn pause_before_swap() {
    if let Some(flag) = std::env::var_os("SHORELINE_PAUSE_BEFORE_SWAP") {
        let _ = std::fs::write(&flag, "");
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

/// Exchanges two paths in one step, so no moment exists without an output (Linux `renameat2`). `false` when
/// the system or file system cannot, and the two-rename swap is used instead.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    r == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Removes a whole tree of our own, its top-level entries in parallel: after a swap the old site is
/// removed while the user waits, and one thread unlinking 10,000 folders took a second.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<_> = entries.flatten().collect();
        entries.par_iter().for_each(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            let _ = if is_dir {
                std::fs::remove_dir_all(e.path())
            } else {
                std::fs::remove_file(e.path())
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn swap_in(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    let err = |e: std::io::Error| {
        Diagnostic::new(
            output.display().to_string(),
            format!("cannot replace the output: {e}"),
        )
    };
    pause_before_swap();
    if output.is_dir() && exchange(staging, output) {
        // The staging path now holds the previous site, which is ours: remove it.
        remove_tree(staging);
        return Ok(());
    }
    if output.exists() {
        let old = output.with_file_name(format!(
            ".{}.shoreline-old-{}",
            output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        match std::fs::rename(output, &old) {
            // A bind-mounted folder on the same device also refuses to move: swap what it holds instead.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::ResourceBusy | std::io::ErrorKind::CrossesDevices
                ) =>
            {
                return swap_entries(staging, output)
            }
            other => other.map_err(err)?,
        }
        if let Err(e) = std::fs::rename(staging, output) {
            let _ = std::fs::rename(&old, output);
            return Err(err(e));
        }
        // The old tree is ours (it had the marker, or --force said so); remove it last.
        remove_tree(&old);
    } else {
        std::fs::rename(staging, output).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_left_under_its_old_name_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".out.shoreline-old-7");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        std::fs::write(old.join("index.html"), "last good").unwrap();
        let staging = dir.path().join(".out.shoreline-staging-7");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join(MARKER), "").unwrap();
        remove_leftovers(dir.path(), "out");
        let out = dir.path().join("out");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "last good"
        );
        assert!(!old.exists() && !staging.exists());
    }

    #[test]
    fn refuses_root_and_site_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        assert!(check_output_dir(dir.path(), Path::new("/"), true).is_err());
        assert!(check_output_dir(dir.path(), dir.path(), true).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content"), true).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content/x"), true).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public"), false).is_ok());
    }

    #[test]
    fn foreign_folder_needs_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "x").unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        assert!(check_output_dir(&site, &out, false).is_err());
        assert!(check_output_dir(&site, &out, true).is_ok());
    }

    #[test]
    fn rejects_escaping_paths() {
        assert!(safe_rel("../x").is_none());
        assert!(safe_rel("a/../../x").is_none());
        assert_eq!(safe_rel("/a/b.html"), Some(PathBuf::from("a/b.html")));
    }

    #[test]
    fn swapping_entries_in_place_replaces_the_content_but_keeps_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[OutputFile::Bytes {
                path: "old/index.html".into(),
                bytes: b"one".to_vec(),
            }],
        )
        .unwrap();
        // The staging a mount point gets: inside the output, committed entry by entry.
        let staging = Staging {
            dir: out.join("..shoreline-staging-1"),
            output: out.clone(),
            in_place: true,
            committed: false,
            compress: false,
            previous: None,
        };
        std::fs::create_dir(&staging.dir).unwrap();
        std::fs::write(staging.dir.join(MARKER), "").unwrap();
        staging
            .write(&OutputFile::Bytes {
                path: "new/index.html".into(),
                bytes: b"two".to_vec(),
            })
            .unwrap();
        staging.commit().unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [MARKER, "new"]);
        assert_eq!(std::fs::read(out.join("new/index.html")).unwrap(), b"two");
        assert!(!is_mount_point(&out), "a plain folder is not a mount point");
    }

    #[test]
    fn a_dropped_staging_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let one = OutputFile::Bytes {
            path: "index.html".into(),
            bytes: b"one".to_vec(),
        };
        write_site(&out, std::slice::from_ref(&one)).unwrap();
        {
            let staging = Staging::create(&out).unwrap();
            staging
                .write(&OutputFile::Bytes {
                    path: "a/b/index.html".into(),
                    bytes: b"half".to_vec(),
                })
                .unwrap();
        }
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["public"], "no staging folder is left behind");
    }

    #[test]
    fn swap_replaces_and_marks() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = vec![OutputFile::Bytes {
            path: "index.html".into(),
            bytes: b"one".to_vec(),
        }];
        write_site(&out, &files).unwrap();
        assert!(out.join(MARKER).is_file());
        let files = vec![OutputFile::Bytes {
            path: "a/index.html".into(),
            bytes: b"two".to_vec(),
        }];
        write_site(&out, &files).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn the_old_site_is_removed_whole_but_not_what_its_links_point_at() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let outside = dir.path().join("keep");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("mine.txt"), "not Shoreline's").unwrap();
        let page = |path: &str| OutputFile::Bytes {
            path: path.into(),
            bytes: b"page".to_vec(),
        };
        write_site(&out, &[page("x/y/index.html"), page("index.html")]).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("x/link")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("top-link")).unwrap();
        write_site(&out, &[page("a/index.html")]).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["keep", "public"], "the old site is gone");
        assert!(!out.join("x").exists());
        assert_eq!(
            std::fs::read_to_string(outside.join("mine.txt")).unwrap(),
            "not Shoreline's"
        );
    }
}
