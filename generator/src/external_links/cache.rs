//! `.shoreline/cache/links.json`: what the last runs of `check --external` learnt about each URL, so a URL
//! found fine recently is not fetched again. Only the tool writes here; nothing here deletes a file it did not
//! create.

use super::probe::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The cache file, relative to the site root.
pub(crate) const PATH: &str = ".shoreline/cache/links.json";

/// Bumped when the meaning of an entry changes, so an older file is ignored rather than misread.
const VERSION: u32 = 1;

/// Why the cache could not be read or written; the check goes on without it either way.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CacheError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0} is not a links cache this version understands ({1}); it will be replaced")]
    Parse(PathBuf, String),
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
}

/// What one URL gave when it was last fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Entry {
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Seconds since the Unix epoch.
    pub checked_at: u64,
}

/// Every URL the cache knows, by URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Cache {
    pub version: u32,
    pub links: BTreeMap<String, Entry>,
}

impl Cache {
    /// The OK result for `url` if it is younger than `max_age` seconds at `now`; failures are never reused.
    pub(super) fn fresh_ok(&self, url: &str, now: u64, max_age: u64) -> Option<&Entry> {
        self.links
            .get(url)
            .filter(|e| matches!(e.outcome, Outcome::Ok { .. }))
            .filter(|e| now.saturating_sub(e.checked_at) < max_age)
    }
}

/// Reads the cache of the site at `root`; a missing file is an empty cache.
pub(super) fn load(root: &Path) -> Result<Cache, CacheError> {
    let path = root.join(PATH);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cache::default()),
        Err(e) => return Err(CacheError::Read(path, e)),
    };
    let cache: Cache =
        serde_json::from_str(&text).map_err(|e| CacheError::Parse(path.clone(), e.to_string()))?;
    if cache.version != VERSION {
        return Err(CacheError::Parse(
            path,
            format!("version {}", cache.version),
        ));
    }
    Ok(cache)
}

/// Writes `cache` through a temporary file renamed into place, so an interrupted run never leaves half a file.
pub(super) fn save(root: &Path, cache: &Cache) -> Result<(), CacheError> {
    let path = root.join(PATH);
    let dir = path.parent().unwrap_or(root);
    let temp = dir.join(format!(".links.json.{}.tmp", std::process::id()));
    let stored = Cache {
        version: VERSION,
        links: cache.links.clone(),
    };
    let json = serde_json::to_string_pretty(&stored).unwrap_or_default();
    let written = std::fs::create_dir_all(dir)
        // `create_new`: a file of that name that this run did not make is left alone.
        .and_then(|_| std::fs::File::create_new(&temp))
        .and_then(|mut f| f.write_all(json.as_bytes()).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&temp, &path));
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::AlreadyExists {
            let _ = std::fs::remove_file(&temp);
        }
        return Err(CacheError::Write(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(outcome: Outcome, checked_at: u64) -> Entry {
        Entry {
            outcome,
            checked_at,
        }
    }

    #[test]
    fn only_recent_ok_results_are_reused() {
        let mut cache = Cache::default();
        cache
            .links
            .insert("a".into(), entry(Outcome::Ok { status: 200 }, 1000));
        let broken = Outcome::Broken {
            reason: "404 Not Found".into(),
        };
        cache.links.insert("b".into(), entry(broken, 1000));
        assert!(cache.fresh_ok("a", 1000 + 3599, 3600).is_some());
        assert!(cache.fresh_ok("a", 1000 + 3600, 3600).is_none());
        assert!(cache.fresh_ok("b", 1000, 3600).is_none());
        assert!(cache.fresh_ok("c", 1000, 3600).is_none());
    }

    #[test]
    fn a_saved_cache_loads_back_and_a_bad_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Cache::default());
        let mut cache = Cache::default();
        cache.links.insert(
            "https://e.org/".into(),
            entry(Outcome::Ok { status: 204 }, 7),
        );
        save(dir.path(), &cache).unwrap();
        let back = load(dir.path()).unwrap();
        assert_eq!(back.links, cache.links);
        let text = std::fs::read_to_string(dir.path().join(PATH)).unwrap();
        assert!(text.contains("\"outcome\": \"ok\""), "{text}");
        let names: Vec<_> = std::fs::read_dir(dir.path().join(".shoreline/cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["links.json"], "no temporary file left behind");
        std::fs::write(dir.path().join(PATH), "{not json").unwrap();
        assert!(matches!(load(dir.path()), Err(CacheError::Parse(..))));
    }
}
