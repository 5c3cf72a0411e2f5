//! `shoreline init DIR`: a new site that builds at once with the built-in default theme.

use std::path::Path;

const CONFIG: &str = r#"base_url = "https://example.com"
title = "My outsourcing knowledge base"
description = "What we offer, explained."
theme = "default"
taxonomies = [{ name = "topics" }]
generate_feeds = true
highlight_code = false
"#;

const HOME: &str = r#"+++
title = "Welcome"
+++

This site was created by `shoreline init`. Edit `content/_index.md`, add pages under `content/`,
and run `shoreline build`. Start with the [first guide](@/guides/getting-started.md).
"#;

const SECTION: &str = r#"+++
title = "Guides"
sort_by = "weight"
+++

Guides for buyers.
"#;

const PAGE: &str = r#"+++
title = "Getting started"
description = "How this site is organised."
date = 2026-01-01
weight = 1

[taxonomies]
topics = ["basics"]
+++

Pages are Markdown files with front matter between `+++` lines.

## Linking pages

Link to other pages by file path, like [the home page](@/_index.md); the build checks every link.
"#;

/// Writes the starter site; refuses a non-empty folder so nothing is overwritten.
pub fn init(dir: &Path) -> Result<(), String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} exists and is not empty; pick a new folder",
            dir.display()
        ));
    }
    let files = [
        ("shoreline.toml", CONFIG),
        ("content/_index.md", HOME),
        ("content/guides/_index.md", SECTION),
        ("content/guides/getting-started.md", PAGE),
        ("static/.keep", ""),
    ];
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    Ok(())
}
