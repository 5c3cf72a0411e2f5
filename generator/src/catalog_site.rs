//! The service catalog inside a site: validates services against `content/catalog.toml`, writes
//! `catalog.json`, and gives templates the facet tables, the no-JS catalog and the explorer markup.

use crate::diagnostic::Diagnostic;
use crate::front_matter::Format;
use crate::load::RawFile;
use crate::markdown::escape_attr;
use crate::site::{Page, Site};
use crate::template_context::{
    to_value, CatalogGroups, CategoryGroup, FacetRow, OfficeGroup, ServiceLink, ServicesByValue,
    ValueLink,
};
use serde_json::Value;
use shoreline_catalog::{self as catalog, Catalog, Schema, ServiceFacet};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Pages under this folder are the catalog's services.
pub(crate) const SERVICES_DIR: &str = "services/";

/// What the catalog adds to rendering.
pub(crate) struct CatalogStage {
    pub page_extra: Vec<Value>,
    pub explorer: crate::render::ExplorerFn,
    pub template_value: Value,
    pub catalog_json: Option<String>,
    pub catalog: Option<Catalog>,
    /// Problems that do not stop the build: catalog rules an editor marked `level = "warning"`.
    pub warnings: Vec<Diagnostic>,
}

impl CatalogStage {
    /// The stage of a site with no catalog, or one whose catalog failed (so the later stages can still run
    /// and report their own problems).
    pub(crate) fn without_catalog(site: &Site) -> CatalogStage {
        // Without a catalog there is nothing for the widget to load: say so instead of a spinner.
        let explorer: crate::render::ExplorerFn = Arc::new(|_: &BTreeMap<String, String>| {
            Ok("<p class=\"explorer-missing\">The service finder needs a service catalog (content/catalog.toml).</p>".to_string())
        });
        CatalogStage {
            page_extra: vec![Value::Null; site.pages.len()],
            explorer,
            template_value: Value::Null,
            catalog_json: None,
            catalog: None,
            warnings: Vec::new(),
        }
    }

    /// The stage of a site whose catalog failed: as without one, but templates still find the catalog's
    /// shape (no groups, no services), so the one problem is not echoed by every template that lists it.
    pub(crate) fn failed(site: &Site) -> CatalogStage {
        CatalogStage {
            template_value: no_groups(0),
            ..CatalogStage::without_catalog(site)
        }
    }
}

pub(crate) fn is_service_page(p: &Page) -> bool {
    is_service_file(&p.rel)
}

/// Whether the content file at `rel` (`services/x.md`) is a service page: under `services/`, not its index.
pub(crate) fn is_service_file(rel: &str) -> bool {
    rel.starts_with(SERVICES_DIR) && !rel.ends_with("_index.md")
}

/// Whether the content file at `rel` is the services section or one of its pages: their output shows the
/// catalog.
pub(crate) fn in_services(rel: &str) -> bool {
    rel.starts_with(SERVICES_DIR)
}

/// The service id: the file name without `.md`, so shared filter URLs survive a title change.
pub(crate) fn service_slug(p: &Page) -> String {
    p.rel
        .rsplit('/')
        .next()
        .unwrap_or(&p.rel)
        .trim_end_matches(".md")
        .to_string()
}

/// Validates the catalog (when the site has one) and prepares what templates need.
pub(crate) fn prepare(
    site: &Site,
    catalog_toml: Option<&RawFile>,
    prose: &ServiceProseByFile,
) -> Result<CatalogStage, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for p in &site.pages {
        if p.meta.has_service && !is_service_page(p) {
            errors.push(
                Diagnostic::new(
                    &*p.shown,
                    "a `[service]` table only belongs on pages under content/services/",
                )
                .with_help("move the page into content/services/ or remove the table"),
            );
        }
    }
    let Some(toml_file) = catalog_toml else {
        if let Some(p) = site.pages.iter().find(|p| p.meta.has_service) {
            errors.push(
                Diagnostic::new(
                    &*p.shown,
                    "this page has a `[service]` table but the site has no content/catalog.toml",
                )
                .with_help("define the facets in content/catalog.toml"),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        return Ok(CatalogStage::without_catalog(site));
    };
    let schema = match catalog::parse_schema(&toml_file.text) {
        Ok(s) => s,
        Err(es) => {
            errors.extend(es.into_iter().map(|e| {
                located(
                    &toml_file.shown,
                    &toml_file.text,
                    e.line,
                    e.col,
                    e.message,
                    e.help,
                )
            }));
            return Err(errors);
        }
    };
    check_schema_links(site, &schema, toml_file, &mut errors);
    let unread = unread_keyword_warnings(&schema, toml_file);

    let mut records = Vec::new();
    let mut record_pages: Vec<&Page> = Vec::new();
    for p in site.pages.iter().filter(|p| is_service_page(p)) {
        if p.format == Format::Yaml {
            errors.push(
                Diagnostic::new(&*p.shown, "service pages use TOML front matter (`+++`)")
                    .with_help("the `[service]` table is TOML; convert the front matter"),
            );
            continue;
        }
        match catalog::parse_service(&schema, &p.front_matter) {
            Ok(facets) => {
                record_pages.push(p);
                records.push(catalog::ServiceRecord {
                    slug: service_slug(p),
                    title: p.title.to_string(),
                    summary: p.meta.description.clone().unwrap_or_default(),
                    url: p.path.to_string(),
                    facets,
                    suits: prose
                        .get(&*p.rel)
                        .map(|t| t.suits.clone())
                        .unwrap_or_default(),
                    not_for: prose
                        .get(&*p.rel)
                        .map(|t| t.not_for.clone())
                        .unwrap_or_default(),
                    alternatives: prose
                        .get(&*p.rel)
                        .map(|t| t.alternatives.clone())
                        .unwrap_or_default(),
                })
            }
            Err(es) => errors.extend(es.into_iter().map(|e| front_matter_diagnostic(p, e))),
        }
    }
    // Rules run on every service that read cleanly, so one build names every page that breaks one.
    let (rule_errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        rule_diagnostics(&schema, &records, &record_pages)
            .into_iter()
            .partition(Diagnostic::is_error);
    warnings.splice(0..0, unread);
    errors.extend(rule_errors);
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }
    let cat = catalog::build_catalog(schema, records).map_err(|es| {
        es.into_iter()
            .map(|m| Diagnostic::new("content/services", m))
            .collect::<Vec<_>>()
    })?;
    let json = catalog::to_json(&published(site, &cat));
    let page_extra = page_extras(site, &cat);
    let template_value = catalog_groups(&cat);
    let need_ids: Vec<String> = cat
        .schema
        .facet_index(catalog::NEEDS_FACET)
        .map(|f| {
            cat.schema.facets[f]
                .values
                .iter()
                .map(|v| v.id.clone())
                .collect()
        })
        .unwrap_or_default();
    let shared = Arc::new(cat.clone());
    let explorer = Arc::new(move |args: &BTreeMap<String, String>| {
        crate::explorer_args::check(args, &need_ids)?;
        Ok(explorer_html(args, &fallback_list(&shared, args)))
    });
    Ok(CatalogStage {
        page_extra,
        explorer,
        template_value,
        catalog_json: Some(json),
        catalog: Some(cat),
        warnings,
    })
}

/// The catalog's `[[rule]]`s applied to the services, each broken rule placed at its line in the page.
fn rule_diagnostics(
    schema: &Schema,
    records: &[catalog::ServiceRecord],
    pages: &[&Page],
) -> Vec<Diagnostic> {
    let subjects: Vec<catalog::RuleSubject<'_>> = records
        .iter()
        .zip(pages)
        .map(|(r, p)| catalog::RuleSubject {
            facets: &r.facets,
            front_matter: &p.front_matter,
        })
        .collect();
    catalog::check_rules(schema, &subjects)
        .into_iter()
        .filter_map(|v| {
            let d = front_matter_diagnostic(pages.get(v.service)?, v.error);
            Some(match v.level {
                catalog::RuleLevel::Error => d,
                catalog::RuleLevel::Warning => d.warning(),
            })
        })
        .collect()
}

/// An error located in a service's front matter, moved to its line in the page file.
fn front_matter_diagnostic(p: &Page, e: catalog::CatalogError) -> Diagnostic {
    let mut d = Diagnostic::new(&*p.shown, e.message);
    d.line = FRONT_MATTER_FIRST_LINE + e.line.saturating_sub(1);
    d.col = e.col.max(1);
    d.source_line = p
        .front_matter
        .lines()
        .nth(e.line.saturating_sub(1))
        .map(str::to_string);
    d.help = e.help;
    d
}

/// The catalog as the widget reads it: file references (`@/x.md#a`) replaced by the pages' URLs, so an
/// embed on another origin needs no knowledge of the content layout.
fn published(site: &Site, cat: &Catalog) -> Catalog {
    let mut out = cat.clone();
    // catalog.json is read by widgets on other sites: its URLs carry the site's sub-path, if any.
    let base = crate::base_path::of(&site.config.base_url);
    let url = |link: &Option<String>| match url_of(site, link) {
        Value::String(u) => Some(format!("{base}{u}")),
        _ => link.clone(),
    };
    for s in out.services.iter_mut() {
        s.url = format!("{base}{}", s.url);
    }
    for f in out.schema.facets.iter_mut() {
        for v in f.values.iter_mut() {
            v.page = url(&v.page);
        }
    }
    out.schema.advice.call_center_page = url(&out.schema.advice.call_center_page);
    out.schema.advice.bpo_page = url(&out.schema.advice.bpo_page);
    out
}

/// The front matter starts on the line after the opening `+++` fence, which `front_matter::split` requires on
/// line 1.
const FRONT_MATTER_FIRST_LINE: usize = 2;

/// A warning for each keyword the explorer never reads (`catalog::unread_keywords`), at the keyword in
/// catalog.toml: an editor who taught it "is on call" learns that only "call" was left.
fn unread_keyword_warnings(schema: &catalog::Schema, toml_file: &RawFile) -> Vec<Diagnostic> {
    let text = &toml_file.text;
    catalog::unread_keywords(schema)
        .into_iter()
        .map(|u| {
            // The keyword as written after its facet's id and then its value's (one value id may stand in
            // two facets); the nearest of them found when the text writes it otherwise (escapes).
            let after = |from: usize, quoted: &str| text[from..].find(quoted).map(|i| from + i);
            let facet_at = after(0, &format!("id = \"{}\"", u.facet)).unwrap_or(0);
            let value_at = after(facet_at, &format!("id = \"{}\"", u.value)).unwrap_or(facet_at);
            let at = after(value_at, &format!("\"{}\"", u.keyword)).map_or(value_at, |i| i + 1);
            let line = text[..at].matches('\n').count() + 1;
            let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
            let message = format!(
                "keyword `{}` of `{}` / `{}` is never read: without its common words it is the single word `{}`",
                u.keyword, u.facet, u.value, u.kept
            );
            let help = "write it with two meaningful words (\"page whoever is on call\"), or as the one word it \
                        keeps when that word alone means the value";
            located(&toml_file.shown, text, line, col, message, Some(help.to_string())).warning()
        })
        .collect()
}

fn located(
    file: &std::path::Path,
    text: &str,
    line: usize,
    col: usize,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    let mut d = Diagnostic::new(file, message).at(text, line.max(1), col);
    d.help = help;
    d
}

/// Every `page` a facet value or the advice names must be a real content file.
fn check_schema_links(site: &Site, schema: &Schema, file: &RawFile, errors: &mut Vec<Diagnostic>) {
    let mut check = |link: &str| {
        let path = link.split('#').next().unwrap_or(link);
        let rel = path.trim_start_matches("@/");
        if site.by_rel.contains_key(rel) {
            return;
        }
        let offset = file.text.find(link).unwrap_or(0);
        errors.push(
            Diagnostic::new(&file.shown, format!("`{link}` is not a page of this site"))
                .at_offset(&file.text, offset)
                .with_help("facet value pages are content paths like `@/call-centers/inbound.md`"),
        );
    };
    for f in &schema.facets {
        for v in &f.values {
            if let Some(p) = &v.page {
                check(p);
            }
        }
    }
    for p in [&schema.advice.call_center_page, &schema.advice.bpo_page]
        .into_iter()
        .flatten()
    {
        check(p);
    }
}

fn url_of(site: &Site, link: &Option<String>) -> Value {
    match link {
        Some(l) => {
            let (path, anchor) = match l.split_once('#') {
                Some((p, a)) => (p, format!("#{a}")),
                None => (l.as_str(), String::new()),
            };
            site.url_of_rel(path.trim_start_matches("@/"))
                .map(|u| Value::String(format!("{u}{anchor}")))
                .unwrap_or(Value::Null)
        }
        None => Value::Null,
    }
}

/// `page.service` on service pages and `page.services_by_value` on the pages facet values name.
fn page_extras(site: &Site, cat: &Catalog) -> Vec<Value> {
    let by_slug: BTreeMap<&str, &catalog::ServiceRecord> =
        cat.services.iter().map(|s| (s.slug.as_str(), s)).collect();
    let mut concept: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (fi, f) in cat.schema.facets.iter().enumerate() {
        for (vi, v) in f.values.iter().enumerate() {
            // A value that points at a section ("@/guides/compliance.md#hipaa-and-baas") lists its services
            // on that section's page.
            let Some(page) = v.page.as_deref().map(|p| p.split('#').next().unwrap_or(p)) else {
                continue;
            };
            let services: Vec<ServiceLink> = cat
                .services
                .iter()
                .filter(|s| s.facets.has(fi, vi))
                .map(service_link)
                .collect();
            if services.is_empty() {
                continue;
            }
            concept
                .entry(page.trim_start_matches("@/").to_string())
                .or_default()
                .push(to_value(ServicesByValue {
                    facet: &f.id,
                    value: &v.id,
                    facet_label: &f.label,
                    value_label: &v.label,
                    label: format!("{}: {}", f.label, v.label),
                    services,
                }));
        }
    }
    site.pages
        .iter()
        .map(|p| {
            let mut m = serde_json::Map::new();
            if is_service_page(p) {
                if let Some(rec) = by_slug.get(service_slug(p).as_str()) {
                    m.insert("service".into(), to_value(facet_rows(site, cat, rec)));
                }
            }
            if let Some(list) = concept.get(&*p.rel) {
                m.insert("services_by_value".into(), Value::Array(list.clone()));
            }
            Value::Object(m)
        })
        .collect()
}

/// A service page's facet table (`page.service`): each facet it has a value for.
fn facet_rows<'a>(
    site: &Site,
    cat: &'a Catalog,
    rec: &catalog::ServiceRecord,
) -> Vec<FacetRow<'a>> {
    cat.schema
        .facets
        .iter()
        .enumerate()
        .filter_map(|(fi, f)| {
            let (values, number) = match rec.facets.by_facet.get(fi)? {
                ServiceFacet::Values(vs) if !vs.is_empty() => (
                    vs.iter()
                        .filter_map(|&vi| f.values.get(vi))
                        .map(|v| ValueLink {
                            id: &v.id,
                            label: &v.label,
                            path: url_of(site, &v.page),
                        })
                        .collect(),
                    None,
                ),
                ServiceFacet::Integer(Some(n)) => (Vec::new(), Some(*n)),
                _ => return None,
            };
            Some(FacetRow {
                id: &f.id,
                label: &f.label,
                values,
                number,
            })
        })
        .collect()
}

fn service_link(s: &catalog::ServiceRecord) -> ServiceLink<'_> {
    ServiceLink {
        title: &s.title,
        path: &s.url,
        summary: &s.summary,
        slug: &s.slug,
    }
}

/// The shape of `catalog_groups` with no group.
fn no_groups(service_count: usize) -> Value {
    to_value(CatalogGroups {
        groups: Vec::new(),
        service_count,
    })
}

/// The no-JS catalog: services grouped by office, then category, in the schema's value order.
fn catalog_groups(cat: &Catalog) -> Value {
    let office = cat.schema.facet_index(catalog::OFFICE_FACET);
    let category = cat.schema.facet_index(catalog::CATEGORY_FACET);
    let (Some(oi), Some(ci)) = (office, category) else {
        return no_groups(cat.services.len());
    };
    let of = &cat.schema.facets[oi];
    let cf = &cat.schema.facets[ci];
    let mut groups = Vec::new();
    for (ovi, ov) in of.values.iter().enumerate() {
        let mut cats = Vec::new();
        for (cvi, cv) in cf.values.iter().enumerate() {
            let mut services: Vec<&catalog::ServiceRecord> = cat
                .services
                .iter()
                .filter(|s| s.facets.has(oi, ovi) && s.facets.has(ci, cvi))
                .collect();
            services.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.slug.cmp(&b.slug)));
            if services.is_empty() {
                continue;
            }
            cats.push(CategoryGroup {
                category: &cv.id,
                label: &cv.label,
                services: services.into_iter().map(service_link).collect(),
            });
        }
        if !cats.is_empty() {
            groups.push(OfficeGroup {
                office: &ov.id,
                office_label: &ov.label,
                categories: cats,
            });
        }
    }
    to_value(CatalogGroups {
        groups,
        service_count: cat.services.len(),
    })
}

/// The plain list the widget replaces when it loads: services carrying every preset need.
fn fallback_list(cat: &Catalog, args: &BTreeMap<String, String>) -> String {
    let needs_facet = cat.schema.facet_index(catalog::NEEDS_FACET);
    let wanted: Vec<usize> = match (needs_facet, args.get("needs")) {
        (Some(fi), Some(n)) => n
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .filter_map(|id| cat.schema.facets[fi].values.iter().position(|v| v.id == id))
            .collect(),
        _ => Vec::new(),
    };
    let mut out = String::from("<nav class=\"explorer-fallback\" aria-label=\"Services\"><p>");
    out.push_str(if wanted.is_empty() {
        "Our services:"
    } else {
        "Services for this need:"
    });
    out.push_str("</p><ul>");
    for s in &cat.services {
        if let Some(fi) = needs_facet {
            if !wanted.iter().all(|&v| s.facets.has(fi, v)) {
                continue;
            }
        }
        out.push_str(&format!(
            "<li><a href=\"{}\">{}</a>: {}</li>",
            escape_attr(&s.url),
            escape_attr(&s.title),
            escape_attr(&s.summary)
        ));
    }
    out.push_str("</ul><p><a href=\"/services/\">Browse the whole catalog</a></p></nav>");
    out
}

/// Who each service page says it suits and sends elsewhere, by content path (`services/x.md`).
pub(crate) type ServiceProseByFile = BTreeMap<String, catalog::ServiceProse>;

/// Reads the prose the explorer ranks by from the loaded service pages, before they become the site graph.
pub(crate) fn service_prose(files: &[RawFile]) -> ServiceProseByFile {
    files
        .iter()
        .filter_map(|f| Some((f.rel.clone(), prose_of(&f.rel, &f.text)?)))
        .collect()
}

/// What the content file `rel` says it suits and sends elsewhere, when it is a service page.
pub(crate) fn prose_of(rel: &str, text: &str) -> Option<catalog::ServiceProse> {
    is_service_file(rel).then(|| catalog::service_text(text))
}

/// The `<shoreline-explorer>` element with a plain-HTML fallback inside it.
pub(crate) fn explorer_html(args: &BTreeMap<String, String>, fallback: &str) -> String {
    let mut attrs = String::new();
    for (k, v) in args {
        let attribute = crate::explorer_args::ARGUMENTS
            .iter()
            .find(|(name, attribute)| name == k || attribute == k);
        if let Some((_, attribute)) = attribute {
            attrs.push_str(&format!(" {attribute}=\"{}\"", escape_attr(v)));
        }
    }
    format!("<div class=\"explorer-embed\"><shoreline-explorer{attrs}>{fallback}</shoreline-explorer><script type=\"module\" src=\"/explorer/shoreline-explorer.js\"></script></div>")
}
