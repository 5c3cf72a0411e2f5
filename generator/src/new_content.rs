//! `shoreline new service SLUG` and `shoreline new page PATH`: content files ready to fill in, never written
//! over an existing one.

use crate::diagnostic::Diagnostic;
use shoreline_catalog::{Facet, FacetKind, Schema};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The headings every bundled service page uses; the catalog reads "Who it suits" as the service's buyers.
pub(crate) const SERVICE_SECTIONS: &[&str] = &[
    "What the service does",
    "Who it suits",
    "How it is run",
    "Staffing and sourcing",
    "How it is priced",
    "Before you buy",
];

/// Comment lines listing allowed values wrap here, so the file reads well in any editor.
const WIDTH: usize = 110;

/// Writes `content/services/SLUG.md` (and the catalog section's index if missing); returns the files written.
pub(crate) fn new_service(root: &Path, slug: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    crate::pipeline::load_config(root, None)?;
    check_slug(slug).map_err(|d| vec![d])?;
    let schema = load_schema(root)?;
    let rel = format!("content/{}{slug}.md", crate::catalog_site::SERVICES_DIR);
    let text = service_text(&schema, &crate::site::titleize(slug), &today());
    let mut written = vec![write_new(root, &rel, &text)?];
    let index = format!("content/{}_index.md", crate::catalog_site::SERVICES_DIR);
    if !root.join(&index).exists() {
        written.push(write_new(root, &index, crate::init::SERVICES_INDEX)?);
    }
    Ok(written)
}

/// Writes `content/PATH.md` and an `_index.md` for each parent folder that lacks one; returns the files written.
pub(crate) fn new_page(root: &Path, path: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    crate::pipeline::load_config(root, None)?;
    let parts = check_page_path(path).map_err(|d| vec![d])?;
    let catalog = crate::load::content_dir(root).join("catalog.toml");
    if parts.len() > 1
        && format!("{}/", parts[0]) == crate::catalog_site::SERVICES_DIR
        && catalog.is_file()
    {
        return Err(vec![Diagnostic::new(
            "PATH",
            format!("`{path}` would be a catalog service, not a page"),
        )
        .with_help("pages under content/services/ need a [service] table: use `shoreline new service SLUG`")]);
    }
    let name = parts[parts.len() - 1];
    let rel = format!("content/{}.md", parts.join("/"));
    let mut written = vec![write_new(
        root,
        &rel,
        &page_text(&crate::site::titleize(name), &today()),
    )?];
    for depth in 1..parts.len() {
        let index = format!("content/{}/_index.md", parts[..depth].join("/"));
        if !root.join(&index).exists() {
            let title = crate::site::titleize(parts[depth - 1]);
            written.push(write_new(
                root,
                &index,
                &format!("+++\ntitle = \"{title}\"\n+++\n"),
            )?);
        }
    }
    Ok(written)
}

/// A new service page: every facet of `schema` with its allowed values as comments, then the usual headings.
pub(crate) fn service_text(schema: &Schema, title: &str, today: &str) -> String {
    let mut out = format!(
        "+++\ntitle = \"{title}\"\ndescription = \"\"  # one sentence: the summary in the catalog and the explorer\ndate = {today}\n\n[service]\n# Fill in every value: the build checks each one against content/catalog.toml.\n"
    );
    for facet in &schema.facets {
        out.push_str(&facet_lines(facet));
    }
    out.push_str("+++\n");
    for heading in SERVICE_SECTIONS {
        out.push_str(&format!("\n## {heading}\n"));
    }
    out
}

/// One facet's question, then its key with an empty answer and the allowed values. Optional enums and numbers
/// are commented out, because an empty answer there is an error while a missing one is not.
fn facet_lines(facet: &Facet) -> String {
    // A question or label could hold a line break (a TOML `\n`), which would end the comment early.
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    let about = one_line(facet.question.as_deref().unwrap_or(&facet.label));
    let need = if facet.required {
        "required"
    } else {
        "optional"
    };
    let ids = facet.value_ids();
    let (line, allowed) = match facet.kind {
        FacetKind::Set => (
            format!("{} = []", facet.id),
            format!("any of: {}", ids.join(", ")),
        ),
        FacetKind::Enum => (
            format!("{} = \"\"", facet.id),
            format!("one of: {}", ids.join(", ")),
        ),
        FacetKind::Integer => (
            format!("{} = 0", facet.id),
            format!("a number: {}", one_line(&facet.label)),
        ),
    };
    let off = if !facet.required && facet.kind != FacetKind::Set {
        "# "
    } else {
        ""
    };
    format!(
        "# {about} ({need})\n{}\n",
        wrap(&format!("{off}{line}  # {allowed}"))
    )
}

/// Breaks a long `key = x  # comment` line at spaces; the lines after the first are comments too.
fn wrap(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 && width + 1 + word.len() > WIDTH {
            out.push_str("\n#  ");
            width = 3;
        } else if i > 0 {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += word.len();
    }
    out
}

/// A new page: front matter with a title and today's date.
pub(crate) fn page_text(title: &str, today: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = {today}\n+++\n\n")
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// Lowercase letters and digits in words joined by single hyphens: the file name and the service id.
fn check_slug(slug: &str) -> Result<(), Diagnostic> {
    let ok = !slug.is_empty()
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if ok {
        return Ok(());
    }
    Err(
        Diagnostic::new("SLUG", format!("`{slug}` is not a service slug")).with_help(
            "a slug is lowercase letters and digits in words joined by hyphens, like `night-answering`; it becomes the file name and the service id",
        ),
    )
}

/// The folders and file name of a content path such as `guides/my-page` (a trailing `.md` is allowed).
fn check_page_path(path: &str) -> Result<Vec<&str>, Diagnostic> {
    let parts: Vec<&str> = path
        .strip_suffix(".md")
        .unwrap_or(path)
        .split('/')
        .collect();
    let ok = parts.iter().all(|p| {
        p.starts_with(|c: char| c.is_ascii_alphanumeric())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    if ok {
        return Ok(parts);
    }
    Err(
        Diagnostic::new("PATH", format!("`{path}` is not a content path")).with_help(
            "write the page's path under content/ without `.md`, in letters, digits, `-` and `_`, like `guides/my-page`",
        ),
    )
}

/// content/catalog.toml read and checked, its problems located in it.
fn load_schema(root: &Path) -> Result<Schema, Vec<Diagnostic>> {
    let shown = Path::new("content/catalog.toml");
    let Ok(bytes) = std::fs::read(root.join(shown)) else {
        return Err(vec![Diagnostic::new(
            shown,
            "this site has no service catalog, so a service has no facets to fill in",
        )
        .with_help(
            "define the facets in content/catalog.toml; a site made by `shoreline init` has a small one to start from",
        )]);
    };
    let text = crate::load::decode(&bytes).map_err(|(off, lossy)| {
        vec![Diagnostic::new(shown, "not valid UTF-8").at_offset(&lossy, off)]
    })?;
    shoreline_catalog::parse_schema(&text).map_err(|es| {
        es.into_iter()
            .map(|e| {
                let mut d = Diagnostic::new(shown, e.message).at(&text, e.line.max(1), e.col);
                d.help = e.help;
                d
            })
            .collect()
    })
}

/// Creates `rel` under `root`, failing if anything is already there (checked atomically by the file system).
fn write_new(root: &Path, rel: &str, text: &str) -> Result<PathBuf, Vec<Diagnostic>> {
    let path = root.join(rel);
    let fail = |message: String, help: &str| vec![Diagnostic::new(rel, message).with_help(help)];
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            fail(
                format!("cannot create {}: {e}", parent.display()),
                "check the folder's permissions",
            )
        })?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(fail(
                format!("`{rel}` already exists"),
                "`shoreline new` never overwrites a file: pick another name, or edit that file",
            ))
        }
        Err(e) => {
            return Err(fail(
                format!("cannot create `{rel}`: {e}"),
                "check the folder's permissions",
            ))
        }
    };
    file.write_all(text.as_bytes()).map_err(|e| {
        fail(
            format!("cannot write `{rel}`: {e}"),
            "check the free space and permissions",
        )
    })?;
    Ok(PathBuf::from(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = r#"version = 1

[[facet]]
id = "needs"
label = "What do you need?"
kind = "set"
match = "all"
values = [{ id = "payroll", label = "Run payroll" }, { id = "missed-calls", label = "Stop missing calls" }]

[[facet]]
id = "office"
label = "Office"
question = "Where is the work?"
kind = "enum"
values = [{ id = "front", label = "Front" }, { id = "back", label = "Back" }]

[[facet]]
id = "access"
label = "Access"
kind = "enum"
required = false
values = [{ id = "none", label = "None" }, { id = "read", label = "Read" }]

[[facet]]
id = "min_team_size"
label = "Minimum team size"
kind = "integer"
match = "at-most"
"#;

    #[test]
    fn service_lists_every_facet_with_its_values() {
        let schema = shoreline_catalog::parse_schema(CATALOG).unwrap();
        let text = service_text(&schema, "Night answering", "2026-05-01");
        let expected = "+++\ntitle = \"Night answering\"\ndescription = \"\"  # one sentence: the summary in the catalog and the explorer\ndate = 2026-05-01\n\n[service]\n# Fill in every value: the build checks each one against content/catalog.toml.\n# What do you need? (required)\nneeds = []  # any of: payroll, missed-calls\n# Where is the work? (required)\noffice = \"\"  # one of: front, back\n# Access (optional)\n# access = \"\"  # one of: none, read\n# Minimum team size (required)\nmin_team_size = 0  # a number: Minimum team size\n+++\n\n## What the service does\n\n## Who it suits\n\n## How it is run\n\n## Staffing and sourcing\n\n## How it is priced\n\n## Before you buy\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn long_value_lists_wrap_as_comments() {
        let ids: Vec<String> = (0..40).map(|i| format!("value-{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let wrapped = wrap(&format!("needs = []  # any of: {}", ids.join(", ")));
        assert!(wrapped.lines().count() > 1, "{wrapped}");
        for (i, line) in wrapped.lines().enumerate() {
            assert!(line.len() <= WIDTH, "{line}");
            assert_eq!(line.starts_with("#  "), i > 0, "{line}");
        }
        let doc: toml::Table = toml::from_str(&wrapped).unwrap();
        assert_eq!(doc["needs"], toml::Value::Array(vec![]));
        assert!(wrapped.ends_with("value-38,\n#  value-39"), "{wrapped}");
    }

    #[test]
    fn slugs_and_paths_are_checked() {
        assert!(check_slug("night-answering-2").is_ok());
        for bad in ["", "Night", "a--b", "-a", "a/b", "../x", "a_b", "a b"] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_page_path("guides/my-page.md").unwrap(),
            ["guides", "my-page"]
        );
        for bad in [
            "",
            "/abs",
            "a//b",
            "../x",
            "guides/_index",
            "a/.hidden",
            "a b",
        ] {
            assert!(check_page_path(bad).is_err(), "{bad}");
        }
    }
}
