//! `shoreline init DIR`: a new site that builds at once with the built-in default theme, a small service
//! catalog and a page with the explorer.

use std::path::Path;

/// The catalog section's index, also written by `shoreline new service` on a site that lacks one.
pub(crate) const SERVICES_INDEX: &str = include_str!("scaffold/content/services/_index.md");

/// The starter site, as files under `generator/src/scaffold/` so they can be read and edited as a site.
pub(crate) const SCAFFOLD: &[(&str, &str)] = &[
    ("shoreline.toml", include_str!("scaffold/shoreline.toml")),
    (
        "content/_index.md",
        include_str!("scaffold/content/_index.md"),
    ),
    (
        "content/catalog.toml",
        include_str!("scaffold/content/catalog.toml"),
    ),
    (
        "content/guides/_index.md",
        include_str!("scaffold/content/guides/_index.md"),
    ),
    (
        "content/guides/getting-started.md",
        include_str!("scaffold/content/guides/getting-started.md"),
    ),
    (
        "content/guides/find-a-service.md",
        include_str!("scaffold/content/guides/find-a-service.md"),
    ),
    ("content/services/_index.md", SERVICES_INDEX),
    (
        "content/services/after-hours-answering.md",
        include_str!("scaffold/content/services/after-hours-answering.md"),
    ),
    (
        "content/services/payroll-processing.md",
        include_str!("scaffold/content/services/payroll-processing.md"),
    ),
    ("static/.keep", ""),
];

/// Writes the starter site; refuses a non-empty folder so nothing is overwritten.
pub(crate) fn init(dir: &Path) -> Result<(), String> {
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
    for (rel, text) in SCAFFOLD {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaffold_catalog_and_services_are_valid() {
        let text = |rel: &str| SCAFFOLD.iter().find(|(r, _)| *r == rel).unwrap().1;
        let schema = shoreline_catalog::parse_schema(text("content/catalog.toml")).unwrap();
        for rel in [
            "content/services/after-hours-answering.md",
            "content/services/payroll-processing.md",
        ] {
            let fm = text(rel).split("+++").nth(1).unwrap();
            shoreline_catalog::parse_service(&schema, fm)
                .unwrap_or_else(|e| panic!("{rel}: {e:?}"));
        }
    }
}
