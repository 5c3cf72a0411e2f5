//! Splits a Markdown file into front matter and body, and parses the front matter into typed metadata.

use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Which front matter syntax a file used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+++` fences.
    Toml,
    /// `---` fences.
    Yaml,
    /// No front matter: the file is all body.
    None,
}

/// A file cut at its front matter fences; offsets are bytes into the whole file.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// How the front matter was written.
    pub format: Format,
    /// The front matter text, without its fences.
    pub front_matter: &'a str,
    /// Byte offset of the front matter in the file.
    pub front_matter_offset: usize,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Finds the `+++` (TOML) or `---` (YAML) fences at the top of `text`.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let fence = if text.starts_with("+++") {
        "+++"
    } else if text.starts_with("---") {
        "---"
    } else {
        return Ok(Split {
            format: Format::None,
            front_matter: "",
            front_matter_offset: 0,
            body: text,
            body_offset: 0,
        });
    };
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != fence {
        return Err(Diagnostic::new(
            file,
            format!("front matter fence `{fence}` must be alone on its line"),
        )
        .at(text, 1, 1));
    }
    let start = (first_line_end + 1).min(text.len());
    let mut pos = start;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if text[pos..end].trim_end() == fence {
            let body_offset = (end + 1).min(text.len());
            return Ok(Split {
                format: if fence == "+++" {
                    Format::Toml
                } else {
                    Format::Yaml
                },
                front_matter: &text[start..pos],
                front_matter_offset: start,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos = end + 1;
    }
    Err(Diagnostic::new(
        file,
        format!("front matter is not closed: no closing `{fence}` line"),
    )
    .at(text, 1, 1)
    .with_help(format!(
        "end the front matter with a line holding only `{fence}`"
    )))
}

/// A date as written (`2024-05-01` or `2024-05-01T10:00:00Z`), checked to be a real calendar date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub String);

#[derive(Deserialize)]
#[serde(untagged)]
enum DateField {
    Toml(toml::value::Datetime),
    Text(String),
}

/// Front matter as written; every key the format allows, nothing else.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: Option<String>,
    description: Option<String>,
    date: Option<DateField>,
    updated: Option<DateField>,
    draft: Option<bool>,
    weight: Option<i64>,
    slug: Option<String>,
    aliases: Option<Vec<String>>,
    template: Option<String>,
    taxonomies: Option<BTreeMap<String, Vec<String>>>,
    extra: Option<serde_json::Value>,
    sort_by: Option<String>,
    paginate_by: Option<usize>,
    service: Option<serde::de::IgnoredAny>,
}

const ALLOWED: &str = "title, description, date, updated, draft, weight, slug, aliases, template, [taxonomies], [extra]; sections also sort_by, paginate_by; services also [service]";

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    /// Newest first.
    Date,
    /// By `weight`, lightest first.
    Weight,
    /// By title, A to Z.
    Title,
    /// As the files sort by name.
    None,
}

/// Typed, checked front matter of a page or section.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The page's title; the first `#` heading when missing.
    pub title: Option<String>,
    /// The summary cards, feeds and search engines show.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Date of the last meaningful change.
    pub updated: Option<Date>,
    /// Left out of the build unless `--drafts`.
    pub draft: bool,
    /// Order among its siblings when the section sorts by weight.
    pub weight: Option<i64>,
    /// Replaces the file name in the URL.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// A template other than the default for its kind.
    pub template: Option<String>,
    /// Terms by taxonomy name (`tags = ["voice"]`).
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Free values templates read as `page.extra`.
    pub extra: serde_json::Value,
    /// How a section orders its pages.
    pub sort_by: SortBy,
    /// Pages per pager page of a section; none when missing.
    pub paginate_by: Option<usize>,
    /// The page carries a `[service]` table (a catalog entry).
    pub has_service: bool,
}

/// Parses front matter; `text` is the whole file so errors carry file lines.
pub fn parse(
    split: &Split,
    text: &str,
    file: &Path,
    is_section: bool,
) -> Result<Meta, Vec<Diagnostic>> {
    let fm = split.front_matter;
    let raw: RawMeta = match split.format {
        Format::None => RawMeta::default(),
        Format::Toml => toml::from_str(fm).map_err(|e| {
            let offset = split.front_matter_offset + e.span().map(|s| s.start).unwrap_or(0);
            vec![Diagnostic::new(
                file,
                format!("invalid TOML front matter: {}", e.message().trim()),
            )
            .at_offset(text, offset)
            .with_help(format!("front matter keys: {ALLOWED}"))]
        })?,
        Format::Yaml => {
            if fm.trim().is_empty() {
                RawMeta::default()
            } else {
                serde_norway::from_str(fm).map_err(|e| {
                    let first_line = crate::diagnostic::line_col(text, split.front_matter_offset).0;
                    let (line, col) = e
                        .location()
                        .map(|l| (l.line() + first_line - 1, l.column()))
                        .unwrap_or((first_line, 1));
                    let msg = e.to_string();
                    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                    vec![
                        Diagnostic::new(file, format!("invalid YAML front matter: {msg}"))
                            .at(text, line, col)
                            .with_help(format!("front matter keys: {ALLOWED}")),
                    ]
                })?
            }
        }
    };
    let mut errors = Vec::new();
    let key_at = |key: &str| key_offset(split, key);
    let mut check_date = |field: Option<DateField>, key: &str| -> Option<Date> {
        let s = match field? {
            DateField::Toml(d) => d.to_string(),
            DateField::Text(s) => s,
        };
        match check_date_text(&s) {
            Ok(()) => Some(Date(s)),
            Err(why) => {
                errors.push(
                    Diagnostic::new(file, format!("invalid `{key}` date `{s}`: {why}"))
                        .at_offset(text, key_at(key))
                        .with_help("write dates as YYYY-MM-DD or RFC 3339, e.g. 2024-05-01 or 2024-05-01T09:30:00Z"),
                );
                None
            }
        }
    };
    let date = check_date(raw.date, "date");
    let updated = check_date(raw.updated, "updated");
    let sort_by = match raw.sort_by.as_deref() {
        None => SortBy::Date,
        Some("date") => SortBy::Date,
        Some("weight") => SortBy::Weight,
        Some("title") => SortBy::Title,
        Some("none") => SortBy::None,
        Some(other) => {
            errors.push(
                Diagnostic::new(file, format!("unknown sort_by `{other}`"))
                    .at_offset(text, key_at("sort_by"))
                    .with_help("sort_by is one of: date, weight, title, none"),
            );
            SortBy::Date
        }
    };
    if !is_section {
        for key in ["sort_by", "paginate_by"] {
            let present = if key == "sort_by" {
                raw.sort_by.is_some()
            } else {
                raw.paginate_by.is_some()
            };
            if present {
                errors.push(
                    Diagnostic::new(
                        file,
                        format!("`{key}` only applies to a section (`_index.md`)"),
                    )
                    .at_offset(text, key_at(key))
                    .with_help("move it into the section's _index.md"),
                );
            }
        }
    }
    if raw.paginate_by == Some(0) {
        errors.push(
            Diagnostic::new(file, "`paginate_by` must be at least 1")
                .at_offset(text, key_at("paginate_by")),
        );
    }
    if let Some(slug) = &raw.slug {
        if !crate::config::is_safe_segment(slug) {
            errors.push(
                Diagnostic::new(file, format!("slug `{slug}` is not a single URL segment"))
                    .at_offset(text, key_at("slug"))
                    .with_help(
                        "a slug holds no `/`, `\\`, `..` or `:`; it names one folder of the output",
                    ),
            );
        }
    }
    if let Some(t) = &raw.template {
        if t.contains("..") || t.starts_with('/') {
            errors.push(
                Diagnostic::new(
                    file,
                    format!("template `{t}` must be a name inside templates/"),
                )
                .at_offset(text, key_at("template")),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Meta {
        title: raw.title,
        description: raw.description,
        date,
        updated,
        draft: raw.draft.unwrap_or(false),
        weight: raw.weight,
        slug: raw.slug,
        aliases: raw.aliases.unwrap_or_default(),
        template: raw.template,
        taxonomies: raw.taxonomies.unwrap_or_default(),
        extra: raw
            .extra
            .unwrap_or(serde_json::Value::Object(Default::default())),
        sort_by,
        paginate_by: raw.paginate_by,
        has_service: raw.service.is_some(),
    })
}

/// Byte offset (in the whole file) of the line where `key` is set, or of the front matter start.
pub fn key_offset(split: &Split, key: &str) -> usize {
    let fm = split.front_matter;
    let mut pos = 0;
    for line in fm.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with('=') || rest.starts_with(':') {
                return split.front_matter_offset + pos + (line.len() - t.len());
            }
        }
        if t.starts_with(&format!("[{key}]")) {
            return split.front_matter_offset + pos;
        }
        pos += line.len();
    }
    split.front_matter_offset
}

fn check_date_text(s: &str) -> Result<(), String> {
    let date_part = s.get(..10).ok_or("too short")?;
    let mut it = date_part.split('-');
    let (y, m, d) = (it.next(), it.next(), it.next());
    let num = |x: Option<&str>, len: usize| -> Result<u32, String> {
        let x = x
            .filter(|x| x.len() == len && x.bytes().all(|b| b.is_ascii_digit()))
            .ok_or("expected YYYY-MM-DD")?;
        x.parse::<u32>().map_err(|e| e.to_string())
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    if chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_none() {
        return Err("no such day in the calendar".into());
    }
    let rest = &s[10..];
    if !rest.is_empty() {
        let time = rest
            .strip_prefix(['T', ' '])
            .ok_or("expected `T` between date and time")?;
        let hms: String = time.chars().take(8).collect();
        let ok = hms.len() >= 5
            && hms
                .split(':')
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            && hms
                .get(..2)
                .and_then(|h| h.parse::<u32>().ok())
                .is_some_and(|h| h < 24)
            && hms
                .get(3..5)
                .and_then(|m| m.parse::<u32>().ok())
                .is_some_and(|m| m < 60);
        if !ok {
            return Err("expected a time like 09:30:00".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Result<Meta, Vec<Diagnostic>> {
        let p = Path::new("a.md");
        let s = split(text, p).map_err(|d| vec![d])?;
        parse(&s, text, p, false)
    }

    #[test]
    fn toml_and_yaml_agree() {
        let a =
            meta("+++\ntitle = \"A\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"x\"]\n+++\nbody")
                .unwrap();
        let b =
            meta("---\ntitle: A\ndate: 2024-01-02\ntaxonomies:\n  tags: [x]\n---\nbody").unwrap();
        assert_eq!(a.title, b.title);
        assert_eq!(a.date, b.date);
        assert_eq!(a.taxonomies, b.taxonomies);
    }

    #[test]
    fn unknown_key_names_allowed_ones_and_line() {
        let e = meta("+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("titel"));
        assert!(e[0].message.contains("title"));
    }

    #[test]
    fn bad_date_is_located() {
        let e = meta("+++\ntitle = \"A\"\ndate = \"2024-02-30\"\n+++\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("2024-02-30"));
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        assert!(meta("+++\ntitle = \"A\"\n").is_err());
    }

    #[test]
    fn yaml_error_has_file_line() {
        let e = meta("---\ntitle: A\ndate: [\n---\n").unwrap_err();
        assert!(e[0].line >= 2, "{:?}", e[0]);
    }

    #[test]
    fn yaml_errors_name_the_exact_line() {
        // Lines count from the top of the file, fence included, whatever the YAML crate says inside.
        let e = meta("---\ntitle: A\nweight: [1, 2\n---\nBody\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{:?}", e[0]);
        assert!(
            e[0].message.starts_with("invalid YAML front matter: "),
            "{}",
            e[0].message
        );
        assert!(
            !e[0].message.contains(" at line "),
            "the location is ours, not repeated: {}",
            e[0].message
        );
        let e = meta("---\ntitle: A\n\ntitel: B\n---\n").unwrap_err();
        assert_eq!(e[0].line, 4, "{:?}", e[0]);
        assert!(
            e[0].message.contains("unknown field `titel`"),
            "{}",
            e[0].message
        );
        // An unclosed quote runs to the end of the front matter: the closing fence is where it is noticed.
        let e = meta("---\ntitle: A\ndescription: \"unterminated\n---\n").unwrap_err();
        assert_eq!(e[0].line, 4, "{:?}", e[0]);
        assert!(e[0].message.contains("end of stream"), "{}", e[0].message);
    }

    #[test]
    fn slug_cannot_escape() {
        let e = meta("+++\nslug = \"../../etc\"\n+++\n").unwrap_err();
        assert!(e[0].message.contains("slug"));
    }
}
