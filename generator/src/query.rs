//! `shoreline query`: the explorer's engine on the command line, so editors can see how findable services are.

use crate::diagnostic::Diagnostic;
use crate::site::GraphOptions;
use shoreline_catalog::{Catalog, Engine, Query};
use std::collections::BTreeMap;
use std::path::Path;

/// Loads the site at `root` and returns its validated catalog.
pub(crate) fn load_catalog(root: &Path) -> Result<(Catalog, crate::site::Site), Vec<Diagnostic>> {
    let config = crate::pipeline::load_config(root, None)?;
    let loaded = crate::load::load(root, &crate::load::content_dir(root))?;
    let toml = loaded.catalog_toml.clone();
    let prose = crate::catalog_site::service_prose(&loaded.files);
    let site = crate::site::build(config, loaded.files, loaded.assets, GraphOptions::default())?;
    let stage = crate::catalog_site::prepare(&site, toml.as_ref(), &prose)?;
    match stage.catalog {
        Some(c) => Ok((c, site)),
        None => Err(vec![Diagnostic::new(
            "content/catalog.toml",
            "this site has no service catalog",
        )
        .with_help(
            "define facets in content/catalog.toml and services in content/services/",
        )]),
    }
}

/// Parses `ID=VALUE` pairs, checking facet and value ids against the schema.
pub(crate) fn parse_facets(
    catalog: &Catalog,
    pairs: &[String],
) -> Result<BTreeMap<String, Vec<String>>, Vec<Diagnostic>> {
    let mut selected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for pair in pairs {
        let Some((id, value)) = pair.split_once('=') else {
            errors.push(
                Diagnostic::new("--facet", format!("`{pair}` is not ID=VALUE"))
                    .with_help("e.g. --facet needs=payroll"),
            );
            continue;
        };
        let Some(facet) = catalog.schema.facets.iter().find(|f| f.id == id) else {
            let ids: Vec<&str> = catalog
                .schema
                .facets
                .iter()
                .map(|f| f.id.as_str())
                .collect();
            errors.push(
                Diagnostic::new("--facet", format!("unknown facet `{id}`"))
                    .with_help(format!("facets: {}", ids.join(", "))),
            );
            continue;
        };
        for v in value.split(',').filter(|v| !v.is_empty()) {
            let is_number = matches!(facet.kind, shoreline_catalog::FacetKind::Integer);
            if is_number {
                if v.parse::<i64>().is_err() {
                    errors.push(Diagnostic::new(
                        "--facet",
                        format!("`{id}` takes a number, not `{v}`"),
                    ));
                    continue;
                }
            } else if !facet.values.iter().any(|x| x.id == v) {
                let ids: Vec<&str> = facet.values.iter().map(|x| x.id.as_str()).collect();
                let mut help = format!("values of `{id}`: {}", ids.join(", "));
                if let Some(m) = crate::diagnostic::did_you_mean(v, ids.iter().copied()) {
                    help = format!("did you mean `{m}`? {help}");
                }
                errors.push(
                    Diagnostic::new("--facet", format!("unknown value `{v}` for facet `{id}`"))
                        .with_help(help),
                );
                continue;
            }
            selected
                .entry(id.to_string())
                .or_default()
                .push(v.to_string());
        }
    }
    if errors.is_empty() {
        Ok(selected)
    } else {
        Err(errors)
    }
}

/// Runs a query and formats it as JSON (one object) or as a readable list.
pub(crate) fn run(
    root: &Path,
    facets: &[String],
    limit: usize,
    json: bool,
    text: &str,
) -> Result<String, Vec<Diagnostic>> {
    let (catalog, site) = load_catalog(root)?;
    let selected = parse_facets(&catalog, facets)?;
    let engine = Engine::new(&catalog);
    let result = engine.query(&Query {
        selected,
        text: text.to_string(),
        limit,
        dismissed: Vec::new(),
    });
    if json {
        return Ok(
            serde_json::to_string(&shoreline_catalog::query_json(&result)).unwrap_or_default(),
        );
    }
    let mut out = String::new();
    let verdict = match result.advice.verdict {
        Some(shoreline_catalog::Verdict::CallCenter) => "a call center is enough",
        Some(shoreline_catalog::Verdict::Bpo) => "broader BPO fits",
        None => "no verdict yet",
    };
    out.push_str(&format!("advice: {verdict}: {}\n", result.advice.english()));
    if let Some(link) = &result.advice.link {
        let (path, anchor) = link
            .split_once('#')
            .map(|(p, a)| (p, format!("#{a}")))
            .unwrap_or((link.as_str(), String::new()));
        if let Some(url) = site.url_of_rel(path.trim_start_matches("@/")) {
            out.push_str(&format!("        read more: {url}{anchor}\n"));
        }
    }
    if !result.understood.is_empty() {
        let read: Vec<String> = result
            .understood
            .iter()
            .map(|u| {
                let not = if u.negated { "not " } else { "" };
                format!("{not}{} (\"{}\")", u.label, u.words)
            })
            .collect();
        out.push_str(&format!("we understood: {}\n", read.join(" · ")));
    }
    let noun = |n: usize| {
        if n == 1 {
            "service matches"
        } else {
            "services match"
        }
    };
    out.push_str(&format!("{} {}", result.total, noun(result.total)));
    if result.related > 0 {
        out.push_str(&format!(", {} more related", result.related));
    }
    out.push('\n');
    if let Some(r) = &result.recovery {
        out.push_str(&format!(
            "nothing matches: remove {} to see {} {}\n",
            r.label,
            r.count,
            if r.count == 1 { "service" } else { "services" }
        ));
    }
    for (i, h) in result.results.iter().enumerate() {
        out.push_str(&format!(
            "{:>3}. {:<45} {:>6.2}  {}\n",
            i + 1,
            h.title,
            h.score,
            h.url
        ));
        if h.related {
            out.push_str("     also related (below the relevance threshold)\n");
        }
        if !h.missing.is_empty() {
            out.push_str(&format!(
                "     covers part of your need; missing: {}\n",
                h.missing.join(", ")
            ));
        }
    }
    Ok(out)
}
