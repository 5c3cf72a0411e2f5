//! `shoreline check --external`: fetches every distinct `http(s)://` URL the site's Markdown links to, on a
//! few threads, within a time budget, reusing recent OK answers from `.shoreline/cache/links.json`, and
//! reports each broken link at its Markdown file:line. `build` and plain `check` never come here.

mod cache;
mod collect;
mod probe;

pub(crate) use cache::{CacheError, PATH as CACHE_PATH};
pub(crate) use collect::{collect, Collected, LinkUse};
pub(crate) use probe::Outcome;

use crate::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How the check runs; the CLI's `--external-*` flags.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The site root, where the cache lives.
    pub root: PathBuf,
    /// Longest wait for one URL (lookup, connection, TLS, redirects, headers).
    pub timeout: Duration,
    /// The whole run's time; URLs not reached by then are listed, not dropped.
    pub budget: Duration,
    /// How long an OK answer is reused from the cache.
    pub max_age: Duration,
    /// URLs fetched at once.
    pub workers: usize,
}

impl Settings {
    /// The defaults: 10 s per URL, 60 s in all, OK answers kept a day, 8 at once.
    pub(crate) fn new(root: PathBuf) -> Settings {
        Settings {
            root,
            timeout: Duration::from_secs(10),
            budget: Duration::from_secs(60),
            max_age: Duration::from_secs(24 * 3600),
            workers: 8,
        }
    }
}

/// What the check found: located problems (errors for broken links, warnings for the rest) and counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Links checked (each use of a URL counts).
    pub links: usize,
    /// Distinct URLs among them.
    pub urls: usize,
    /// URLs whose recent OK answer came from the cache.
    pub from_cache: usize,
    pub broken: usize,
    /// URLs that answered neither yes nor no (429, 503, no answer in time).
    pub unknown: usize,
    /// URLs the time budget left unchecked.
    pub out_of_time: usize,
    /// Links left out by `[links] skip_external` or because they point at the site itself.
    pub skipped: usize,
    pub seconds: f64,
}

impl Report {
    /// The closing line: counts of links and URLs and what became of them.
    pub(crate) fn summary(&self) -> String {
        format!(
            "external links: {} links to {} URLs; {} URLs from cache, {} broken, {} could not be checked, \
             {} not checked (time budget); {} links skipped ({:.2}s)",
            self.links,
            self.urls,
            self.from_cache,
            self.broken,
            self.unknown,
            self.out_of_time,
            self.skipped,
            self.seconds
        )
    }

    /// True when some link is broken: `check --external` then exits 1.
    pub(crate) fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks every link of `collected` and updates the cache.
pub(crate) fn check(collected: &Collected, settings: &Settings) -> Report {
    let start = Instant::now();
    let mut report = Report {
        links: collected.uses.len(),
        skipped: collected.skipped,
        ..Report::default()
    };
    let urls = distinct_urls(&collected.uses);
    report.urls = urls.len();
    let now = unix_now();
    let mut cache = cache::load(&settings.root).unwrap_or_else(|e| {
        report.diagnostics.push(cache_warning(&e));
        cache::Cache::default()
    });
    let max_age = settings.max_age.as_secs();
    let (cached, to_fetch): (Vec<&str>, Vec<&str>) = urls
        .iter()
        .map(String::as_str)
        .partition(|u| cache.fresh_ok(u, now, max_age).is_some());
    report.from_cache = cached.len();
    let fetched = fetch_all(&to_fetch, settings, start + settings.budget);
    let mut results: HashMap<&str, Option<Outcome>> = cached
        .iter()
        .map(|u| (*u, cache.links.get(*u).map(|e| e.outcome.clone())))
        .collect();
    for (url, outcome) in to_fetch.iter().zip(fetched) {
        if let Some(outcome) = &outcome {
            let entry = cache::Entry {
                outcome: outcome.clone(),
                checked_at: now,
            };
            cache.links.insert(url.to_string(), entry);
        }
        results.insert(url, outcome);
    }
    // Entries for URLs the site no longer links to go, so the file tracks the site rather than growing.
    cache.links.retain(|u, _| results.contains_key(u.as_str()));
    // A site without external links gets no cache folder.
    let worth_saving = !cache.links.is_empty() || settings.root.join(CACHE_PATH).exists();
    if worth_saving {
        if let Err(e) = cache::save(&settings.root, &cache) {
            report.diagnostics.push(cache_warning(&e));
        }
    }
    tally(&mut report, &results);
    report
        .diagnostics
        .extend(located(&collected.uses, &results, settings));
    report.seconds = start.elapsed().as_secs_f64();
    report
}

/// Each URL once, in the order the site first links to it.
fn distinct_urls(uses: &[LinkUse]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    uses.iter()
        .filter(|u| seen.insert(u.url.as_str()))
        .map(|u| u.url.clone())
        .collect()
}

/// Fetches `urls` on up to `settings.workers` threads; `None` for a URL the budget (ending at `deadline`)
/// left unchecked. No request outlives the deadline, so the run ends on time.
fn fetch_all(urls: &[&str], settings: &Settings, deadline: Instant) -> Vec<Option<Outcome>> {
    let agent = probe::agent();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![None; urls.len()]);
    let workers = settings.workers.clamp(1, urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let left = deadline.saturating_duration_since(Instant::now());
                if i >= urls.len() || left.is_zero() {
                    break;
                }
                let limit = settings.timeout.min(left);
                let outcome = match probe::probe(&agent, urls[i], limit) {
                    Some(outcome) => Some(outcome),
                    // Cut short by the budget rather than by its own timeout: not checked, not slow.
                    None if limit < settings.timeout => None,
                    None => Some(Outcome::Unknown {
                        reason: format!("no answer within {}", seconds(settings.timeout)),
                    }),
                };
                if let Ok(mut r) = results.lock() {
                    r[i] = outcome;
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

fn tally(report: &mut Report, results: &HashMap<&str, Option<Outcome>>) {
    for outcome in results.values() {
        match outcome {
            Some(Outcome::Ok { .. }) => {}
            Some(Outcome::Broken { .. }) => report.broken += 1,
            Some(Outcome::Unknown { .. }) => report.unknown += 1,
            None => report.out_of_time += 1,
        }
    }
}

/// One diagnostic per use of each URL that is not OK, at the use's place.
fn located(
    uses: &[LinkUse],
    results: &HashMap<&str, Option<Outcome>>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    uses.iter()
        .filter_map(|u| {
            let d = match results.get(u.url.as_str())? {
                Some(Outcome::Ok { .. }) => return None,
                Some(Outcome::Broken { reason }) => u
                    .diagnostic(format!("broken external link `{}`: {reason}", u.url))
                    .with_help(
                        "fix or remove the link; a site that refuses robots can go in [links] skip_external",
                    ),
                Some(Outcome::Unknown { reason }) => u
                    .diagnostic(format!("could not check external link `{}`: {reason}", u.url))
                    .warning()
                    .with_help("checked again on the next run"),
                None => u
                    .diagnostic(format!("external link `{}` not checked (time budget)", u.url))
                    .warning()
                    .with_help(format!(
                        "the run stopped after --external-budget {}; OK answers are cached, so the next run goes on from here",
                        seconds(settings.budget)
                    )),
            };
            Some(d)
        })
        .collect()
}

fn cache_warning(e: &CacheError) -> Diagnostic {
    Diagnostic::new(CACHE_PATH, e.to_string()).warning()
}

fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_without_external_links_fetches_nothing_and_gets_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let collected = Collected {
            uses: Vec::new(),
            skipped: 2,
        };
        let report = check(&collected, &Settings::new(dir.path().to_path_buf()));
        assert!(!report.failed());
        assert!(report.summary().starts_with(
            "external links: 0 links to 0 URLs; 0 URLs from cache, 0 broken, 0 could not be checked, \
             0 not checked (time budget); 2 links skipped"
        ));
        assert!(!dir.path().join(".shoreline").exists());
    }

    #[test]
    fn a_spent_budget_leaves_every_url_unchecked_without_fetching() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            budget: Duration::ZERO,
            ..Settings::new(dir.path().to_path_buf())
        };
        let urls = ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"];
        assert_eq!(fetch_all(&urls, &settings, Instant::now()), [None, None]);
    }
}
