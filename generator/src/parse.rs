//! The parse stage: each content file on its own, front matter to `Meta` and Markdown to a draft, before the
//! graph sees any other file. Nothing here depends on another page, so the dev server keeps these per file.

use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, Format, Meta};
use crate::load::RawFile;
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

/// Parses one file; with `drafts` off, a draft page's Markdown is not rendered (the graph leaves it out).
pub(crate) fn parse_file(
    file: RawFile,
    md: MdOptions,
    drafts: bool,
) -> Result<ParsedFile, Vec<Diagnostic>> {
    let split = front_matter::split(&file.text, &file.shown).map_err(|d| vec![d])?;
    let is_section = is_section_rel(&file.rel);
    let meta = front_matter::parse(&split, &file.text, &file.shown, is_section)?;
    let (mut rendered, draft) = if drafts || !meta.draft {
        let mut r = markdown::render(split.body, split.body_offset, &file.rel, md);
        let d = Draft::take(&mut r);
        (r, d)
    } else {
        (Rendered::default(), Draft::default())
    };
    rendered.html = String::new();
    let lines = SourceLines::of_rendered(&file.text, split.body_offset, &rendered);
    Ok(ParsedFile {
        front_matter: Arc::from(split.front_matter),
        front_matter_offset: split.front_matter_offset,
        format: split.format,
        meta: Arc::new(meta),
        rendered: Arc::new(rendered),
        draft: Arc::new(draft),
        lines: Arc::new(lines),
        hash: text_hash(&file.text),
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
    let results: Vec<Result<ParsedFile, Vec<Diagnostic>>> = files
        .into_par_iter()
        .map(|f| parse_file(f, md, drafts))
        .collect();
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => ok.push(p),
            Err(e) => errors.extend(e),
        }
    }
    (ok, errors)
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
        let left_out = parse_file(f.clone(), md(), false).unwrap();
        assert!(left_out.draft.html.is_empty());
        let kept = parse_file(f, md(), true).unwrap();
        assert!(kept.draft.html.contains("Heading"));
        assert!(
            kept.rendered.html.is_empty(),
            "the HTML lives in the draft only"
        );
    }

    #[test]
    fn bad_front_matter_is_located() {
        let errors = parse_file(
            raw("a/x.md", "+++\ntitel = \"X\"\n+++\nBody\n"),
            md(),
            false,
        )
        .unwrap_err();
        assert_eq!(errors[0].file, PathBuf::from("content/a/x.md"));
        assert_eq!(errors[0].line, 2);
    }
}
