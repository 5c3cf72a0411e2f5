//! Who writes each URL of the graph: every URL must come from exactly one page, section, taxonomy, term or
//! alias, and names that differ only in case or Unicode normalisation clash (macOS, Windows and most CDNs
//! treat them as one file).

use crate::config::is_safe_segment;
use crate::diagnostic::Diagnostic;
use crate::front_matter;
use crate::parse::ParsedFile;
use crate::site::{Page, Section, Taxonomy};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

/// Nearly every file system caps a name at 255 bytes.
const MAX_NAME_BYTES: usize = 255;

/// Where in a file a claim was made (its text and the byte offset of the key), for locating its problem.
type At<'a> = Option<(&'a str, usize)>;

/// The URLs claimed so far, by their folded form, with the URL as written and the file behind it. Nothing is
/// copied or described until two claims clash: a site of 10,000 pages claims 10,000 URLs per build, and
/// the dev server builds its graph again on every front matter edit.
struct Claims<'a> {
    owners: HashMap<Cow<'a, str>, (Cow<'a, str>, &'a Path)>,
}

impl<'a> Claims<'a> {
    /// Claims `path` for `file`; `what` describes the claimant when a problem must name it.
    fn claim(
        &mut self,
        path: Cow<'a, str>,
        what: impl FnOnce() -> String,
        file: &'a Path,
        at: At<'_>,
        errors: &mut Vec<Diagnostic>,
    ) {
        let located = |d: Diagnostic| match at {
            Some((text, off)) => d.at_offset(text, off),
            None => d,
        };
        if let Some(long) = path.split('/').find(|seg| seg.len() > MAX_NAME_BYTES) {
            let d = Diagnostic::new(
                file,
                format!(
                    "{} has a URL segment of {} bytes (`{}…`); file systems allow {MAX_NAME_BYTES}",
                    what(),
                    long.len(),
                    long.chars().take(40).collect::<String>()
                ),
            )
            .with_help("give it a shorter `slug` or file name");
            errors.push(located(d));
            return;
        }
        let key: Cow<'a, str> = if path.is_ascii() && !path.bytes().any(|b| b.is_ascii_uppercase())
        {
            path.clone()
        } else if path.is_ascii() {
            path.to_ascii_lowercase().into()
        } else {
            path.nfc().collect::<String>().to_lowercase().into()
        };
        let Some((other_path, other)) = self.owners.get(&key) else {
            self.owners.insert(key, (path, file));
            return;
        };
        let msg = if *other_path == path {
            format!(
                "duplicate URL `{path}`: {} and {} both write it",
                what(),
                other.display()
            )
        } else if other_path.to_lowercase() == path.to_lowercase() {
            format!("URL `{path}` differs only in case from `{other_path}` ({}); they clash on case-insensitive file systems", other.display())
        } else {
            format!("URL `{path}` differs from `{other_path}` ({}) only in how its accented letters are encoded (Unicode NFC vs NFD); they clash on macOS, Windows and most CDNs", other.display())
        };
        let d =
            Diagnostic::new(file, msg).with_help("give one of them another `slug` or file name");
        errors.push(located(d));
    }
}

/// Checks that every URL written comes from exactly one source, and returns the aliases (alias URL -> the
/// URL of the page it points at). `parsed` holds each page's parse, by page index.
pub(crate) fn check_urls(
    pages: &[Page],
    sections: &[Section],
    taxonomies: &[Taxonomy],
    parsed: &[Arc<ParsedFile>],
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut claims = Claims {
        owners: HashMap::with_capacity(pages.len() + sections.len()),
    };
    for s in sections {
        let what = || format!("section {}", s.shown.display());
        claims.claim(s.path.as_str().into(), what, &s.shown, None, errors);
    }
    // In file order, so the first of two clashing pages is the one named as the owner, whatever the walk.
    let mut ordered: Vec<usize> = (0..pages.len()).collect();
    ordered.sort_by(|&a, &b| pages[a].rel.cmp(&pages[b].rel));
    for &i in &ordered {
        let p = &pages[i];
        let at = p.meta.slug.as_ref().map(|_| {
            let split = fm_split(p, &parsed[i]);
            (
                parsed[i].lines.head(),
                front_matter::key_offset(&split, "slug"),
            )
        });
        let what = || format!("page {}", p.shown.display());
        claims.claim((&*p.path).into(), what, &p.shown, at, errors);
    }
    let config_file = Path::new("shoreline.toml");
    for t in taxonomies {
        let what = || format!("taxonomy `{}`", t.name);
        claims.claim(t.path.as_str().into(), what, config_file, None, errors);
        for term in &t.terms {
            let what = || format!("term `{}` of `{}`", term.name, t.name);
            claims.claim(term.path.as_str().into(), what, config_file, None, errors);
        }
    }
    let mut aliases = BTreeMap::new();
    for &i in &ordered {
        let p = &pages[i];
        let text = parsed[i].lines.head();
        for alias in &p.meta.aliases {
            let split = fm_split(p, &parsed[i]);
            let off = front_matter::key_offset(&split, "aliases");
            let trimmed = alias.trim_matches('/');
            let bad = trimmed.is_empty()
                || trimmed.split('/').any(|s| !is_safe_segment(s))
                || alias.contains("://");
            if bad {
                errors.push(
                    Diagnostic::new(
                        &*p.shown,
                        format!("alias `{alias}` is not a path inside the site"),
                    )
                    .at_offset(text, off)
                    .with_help(
                        "aliases are site paths like `/old/name/`, without `..`, `\\` or a scheme",
                    ),
                );
                continue;
            }
            let path = format!("/{trimmed}/");
            let what = || format!("an alias of {}", p.shown.display());
            claims.claim(
                path.clone().into(),
                what,
                &p.shown,
                Some((text, off)),
                errors,
            );
            aliases.insert(path, p.path.to_string());
        }
    }
    aliases
}

/// The front matter position of a parsed page, for locating problems at a key's line.
pub(crate) fn fm_split<'a>(p: &Page, parsed: &'a ParsedFile) -> front_matter::Split<'a> {
    front_matter::Split {
        format: p.format,
        front_matter: &parsed.front_matter,
        front_matter_offset: p.front_matter_offset,
        body: "",
        body_offset: 0,
    }
}
