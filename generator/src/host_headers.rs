//! `_headers` in the output (Netlify and Cloudflare Pages syntax): CORS and caching for the explorer bundle and
//! catalog.json, so a sales page on another origin can load the widget from those hosts with no setup. A site's
//! own `static/_headers` replaces it; other hosts are covered by the snippets on the embed page.

/// Where the file goes in the output.
pub(crate) const PATH: &str = "_headers";

/// Seconds a host may cache a file whose name stays the same from one build to the next.
const SHORT: u32 = 300;
/// A year, for files named by their content: a new build writes new names, so a cached copy is never stale.
const LONG: u32 = 31_536_000;

/// The file's text for the explorer files `widget` (name, named by content hash): any origin may fetch the
/// widget and the catalog. One rule per file, so no two rules match one path (hosts differ in how they merge).
pub(crate) fn host_headers(widget: &[(String, bool)]) -> String {
    let mut out = String::from(
        "# Written by shoreline build: lets pages on other origins load the explorer. Replace it with\n\
         # static/_headers to write your own.\n",
    );
    let files = widget
        .iter()
        .map(|(name, immutable)| (format!("/explorer/{name}"), *immutable))
        .chain([("/catalog.json".to_string(), false)]);
    for (path, immutable) in files {
        let cache = if immutable {
            format!("public, max-age={LONG}, immutable")
        } else {
            format!("public, max-age={SHORT}")
        };
        out.push_str(&format!(
            "{path}\n  Access-Control-Allow-Origin: *\n  Cache-Control: {cache}\n  \
             X-Content-Type-Options: nosniff\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_are_cached_for_a_year_and_stable_names_briefly() {
        let text = host_headers(&[
            ("shoreline-explorer.js".into(), false),
            ("core.0123456789abcdef.wasm".into(), true),
        ]);
        let rules: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rules[0], "/explorer/shoreline-explorer.js");
        assert_eq!(rules[1], "  Access-Control-Allow-Origin: *");
        assert_eq!(rules[2], "  Cache-Control: public, max-age=300");
        assert_eq!(rules[4], "/explorer/core.0123456789abcdef.wasm");
        assert_eq!(
            rules[6],
            "  Cache-Control: public, max-age=31536000, immutable"
        );
        assert_eq!(rules[8], "/catalog.json");
        assert!(rules
            .iter()
            .all(|l| l.starts_with('/') || l.starts_with("  ")));
    }
}
