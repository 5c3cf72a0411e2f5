//! The parse stage: each content file on its own, front matter to `Meta` and Markdown to a draft, before the
//! graph sees any other file. Nothing here depends on another page, so the dev server keeps these per file.

use crate::catalog_site::ServiceProseByFile;
use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, Format, Meta};
use crate::load::{Found, RawFile};
use crate::markdown::{self, MdOptions, Rendered};
use crate::site::Draft;
use crate::source_lines::SourceLines;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// One content file, parsed. The text, rendering and draft are shared (`Arc`) so the dev server can hand an
/// unchanged file to a new graph without copying its text or HTML.
#[derive(Debug, Clone)]
pub(crate) struct ParsedFile {
    /// Path relative to `content/` (`bpo/x.md`).
    pub rel: String,
    /// Path as shown in diagnostics.
    pub shown: PathBuf,
    /// What later stages need of the text to locate their problems (not the whole file).
    pub lines: Arc<SourceLines>,
    /// Hash of the whole text: the dev server parses a file again only when it changed.
    pub hash: u64,
    pub meta: Arc<Meta>,
    /// The front matter text, for the catalog and for locating a key's line.
    pub front_matter: Arc<str>,
    pub front_matter_offset: usize,
    pub format: Format,
    /// What rendering the Markdown found (its HTML is in `draft`); empty for a draft page left out.
    pub rendered: Arc<Rendered>,
    pub draft: Arc<Draft>,
}

impl ParsedFile {
    /// Whether this file is a section's `_index.md`.
    pub(crate) fn is_section(&self) -> bool {
        is_section_rel(&self.rel)
    }
}

/// Whether a content path names a section's `_index.md`.
pub(crate) fn is_section_rel(rel: &str) -> bool {
    rel.rsplit('/').next() == Some("_index.md")
}

/// Whether a page's draft HTML is held from parse to the bodies stage, or left out and made again from its file
/// in its render job (a lean build: a site too large to hold every page's HTML at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hold {
    Html,
    Lean,
}

/// Parses one file; with `drafts` off, a draft page's Markdown is not rendered (the graph leaves it out).
/// With `Hold::Lean` a page keeps what rendering found but not its HTML (sections always keep theirs).
pub(crate) fn parse_file(
    file: RawFile,
    md: MdOptions,
    drafts: bool,
    hold: Hold,
) -> Result<ParsedFile, Vec<Diagnostic>> {
    let split = front_matter::split(&file.text, &file.shown).map_err(|d| vec![d])?;
    let is_section = is_section_rel(&file.rel);
    let meta = front_matter::parse(&split, &file.text, &file.shown, is_section)?;
    let hash = text_hash(&file.text);
    let lean = hold == Hold::Lean && !is_section;
    let (mut rendered, draft) = if drafts || !meta.draft {
        let mut r = match lean {
            true => markdown::scan(split.body, split.body_offset, &file.rel, md),
            false => markdown::render(split.body, split.body_offset, &file.rel, md),
        };
        let mut d = Draft::take(&mut r);
        if lean {
            d.made_again_from = Some(hash);
            if d.summary.is_none() {
                // Read again with the body in the render job; before it, only a summary's placeholders need them.
                r.links = Vec::new();
                r.external_links = Vec::new();
            }
        }
        (r, d)
    } else {
        (Rendered::default(), Draft::default())
    };
    rendered.html = String::new();
    // A lean page's body problems are located in its text when it is made again: only its head is kept.
    let lines = if lean {
        SourceLines::new(&file.text, split.body_offset, [])
    } else {
        SourceLines::of_rendered(&file.text, split.body_offset, &rendered)
    };
    Ok(ParsedFile {
        front_matter: Arc::from(split.front_matter),
        front_matter_offset: split.front_matter_offset,
        format: split.format,
        meta: Arc::new(meta),
        rendered: Arc::new(rendered),
        draft: Arc::new(draft),
        lines: Arc::new(lines),
        hash,
        rel: file.rel,
        shown: file.shown,
    })
}

/// The hash a file's text is known by between two parses.
pub(crate) fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Parses every file on all cores; the files that failed are left out and their problems returned.
pub(crate) fn parse_all(
    files: Vec<RawFile>,
    md: MdOptions,
    drafts: bool,
) -> (Vec<ParsedFile>, Vec<Diagnostic>) {
    let parsed = files
        .into_par_iter()
        .map(|f| (parse_file(f, md, drafts, Hold::Html), None))
        .collect();
    let (ok, errors, _) = split(parsed);
    (ok, errors)
}

/// Every file `load::scan` found, read and parsed on all cores; each text is dropped once parsed, so the
/// site's Markdown is never held at once. What a service page says it suits is read on the way (the explorer
/// ranks by it). Files that could not be read or parsed are left out and their problems returned.
pub(crate) fn read_and_parse_all(
    found: Vec<Found>,
    md: MdOptions,
    drafts: bool,
    hold: Hold,
) -> (Vec<ParsedFile>, Vec<Diagnostic>, ServiceProseByFile) {
    let parsed = found
        .into_par_iter()
        .map(|f| match crate::load::read(&f) {
            Ok(raw) => {
                let prose = crate::catalog_site::prose_of(&raw.rel, &raw.text)
                    .map(|p| (raw.rel.clone(), p));
                (parse_file(raw, md, drafts, hold), prose)
            }
            Err(d) => (Err(vec![d]), None),
        })
        .collect();
    split(parsed)
}

type Outcome = (
    Result<ParsedFile, Vec<Diagnostic>>,
    Option<(String, shoreline_catalog::ServiceProse)>,
);

fn split(results: Vec<Outcome>) -> (Vec<ParsedFile>, Vec<Diagnostic>, ServiceProseByFile) {
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    let mut prose = ServiceProseByFile::new();
    for (r, p) in results {
        match r {
            Ok(p) => ok.push(p),
            Err(e) => errors.extend(e),
        }
        prose.extend(p);
    }
    (ok, errors, prose)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(rel: &str, text: &str) -> RawFile {
        RawFile {
            shown: PathBuf::from(format!("content/{rel}")),
            rel: rel.into(),
            text: text.into(),
        }
    }

    fn md() -> MdOptions {
        MdOptions::from_config(
            &crate::config::Config::parse(
                "base_url = \"x\"\n",
                std::path::Path::new("shoreline.toml"),
            )
            .unwrap(),
        )
    }

    #[test]
    fn a_draft_left_out_is_not_rendered() {
        let f = raw(
            "a/x.md",
            "+++\ntitle = \"X\"\ndraft = true\n+++\n# Heading\n",
        );
        let left_out = parse_file(f.clone(), md(), false, Hold::Html).unwrap();
        assert!(left_out.draft.html.is_empty());
        let kept = parse_file(f, md(), true, Hold::Html).unwrap();
        assert!(kept.draft.html.contains("Heading"));
        assert!(
            kept.rendered.html.is_empty(),
            "the HTML lives in the draft only"
        );
    }

    #[test]
    fn a_lean_page_keeps_what_its_markdown_found_but_not_its_html() {
        let f = raw(
            "a/x.md",
            "+++\ntitle = \"X\"\n+++\n# Heading\n\nText with [a link](y.md).\n\n<!-- more -->\n\n## Next\n",
        );
        let held = parse_file(f.clone(), md(), false, Hold::Html).unwrap();
        let lean = parse_file(f, md(), false, Hold::Lean).unwrap();
        assert!(held.draft.html.contains("Heading") && lean.draft.html.is_empty());
        assert_eq!(lean.draft.made_again_from, Some(held.hash));
        assert_eq!(lean.draft.summary, held.draft.summary);
        assert_eq!(lean.rendered.toc, held.rendered.toc);
        assert_eq!(lean.rendered.anchors, held.rendered.anchors);
        assert_eq!(lean.rendered.word_count, held.rendered.word_count);
        // The summary's placeholders point into the links, so a page with a summary keeps them.
        assert_eq!(lean.rendered.links, held.rendered.links);
    }

    #[test]
    fn bad_front_matter_is_located() {
        let errors = parse_file(
            raw("a/x.md", "+++\ntitel = \"X\"\n+++\nBody\n"),
            md(),
            false,
            Hold::Html,
        )
        .unwrap_err();
        assert_eq!(errors[0].file, PathBuf::from("content/a/x.md"));
        assert_eq!(errors[0].line, 2);
    }
}
