//! `_headers` in the output (Netlify and Cloudflare Pages syntax): CORS and caching for the explorer bundle and
//! catalog.json, so a sales page on another origin can load the widget from those hosts with no setup. A site's
//! own `static/_headers` replaces it; other hosts are covered by the snippets on the embed page.

/// Where the file goes in the output.
pub const PATH: &str = "_headers";

/// The file's text: any origin may fetch the widget and the catalog; both are cached briefly, because their
/// names stay the same from one build to the next.
pub fn host_headers() -> String {
    let mut out = String::from(
        "# Written by shoreline build: lets pages on other origins load the explorer. Replace it with\n\
         # static/_headers to write your own.\n",
    );
    for (path, max_age) in [("/explorer/*", 3600), ("/catalog.json", 300)] {
        out.push_str(&format!(
            "{path}\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age={max_age}\n  \
             X-Content-Type-Options: nosniff\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_block_opens_with_a_path_and_indents_its_headers() {
        let text = host_headers();
        let rules: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rules[0], "/explorer/*");
        assert_eq!(rules[1], "  Access-Control-Allow-Origin: *");
        assert_eq!(rules[4], "/catalog.json");
        assert!(rules
            .iter()
            .all(|l| l.starts_with('/') || l.starts_with("  ")));
    }
}
