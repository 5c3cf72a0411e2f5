//! `shoreline.toml`: the site's settings.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One taxonomy declared by the site, e.g. `{ name = "tags" }`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub name: String,
    #[serde(default)]
    pub feed: bool,
}

/// Markdown rendering switches.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML in Markdown is passed through (editors rely on it); `false` escapes it.
    #[serde(default = "yes")]
    pub unsafe_html: bool,
    /// Heading anchors (`#` links) after each heading.
    #[serde(default = "yes")]
    pub heading_anchors: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            unsafe_html: true,
            heading_anchors: true,
        }
    }
}

/// `[search]`: the static search index (on by default, for every site, whatever its templates).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Writes `search/` (script, meta and shards); the default theme shows the box in its header.
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[images]`: resized copies and WebP of the PNG and JPEG images pages show.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Widths (CSS pixels) of the resized copies; only those narrower than an image are made for it.
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// The `sizes` attribute written beside `srcset`: how wide the image shows at each screen width. The
    /// default matches the default theme's text column.
    #[serde(default = "default_sizes")]
    pub sizes: String,
    /// Lossless WebP beside each copy, offered through `<picture>` where it is the smaller file.
    #[serde(default = "yes")]
    pub webp: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: default_widths(),
            sizes: default_sizes(),
            webp: true,
        }
    }
}

fn default_widths() -> Vec<u32> {
    vec![480, 960, 1440]
}

fn default_sizes() -> String {
    "(max-width: 48rem) 100vw, 48rem".into()
}

/// Wider than any screen: a larger width is almost surely a typo, and would make huge files.
pub(crate) const MAX_IMAGE_WIDTH: u32 = 8192;

fn yes() -> bool {
    true
}

fn default_theme() -> String {
    "default".into()
}

/// `[links]`: how links are checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// Root-relative paths served by something else on the same domain (`/contact/`, `/app/`): links under
    /// them are written as they are, not required to be pages of the site.
    #[serde(default)]
    pub served_elsewhere: Vec<String>,
    /// `http(s)://` prefixes that `shoreline check --external` never fetches (sites that block robots).
    #[serde(default)]
    pub skip_external: Vec<String>,
}

impl LinksConfig {
    /// True when `url` starts with one of the `skip_external` prefixes (the scheme and host in any case).
    pub fn is_skipped_external(&self, url: &str) -> bool {
        self.skip_external
            .iter()
            .any(|prefix| !prefix.is_empty() && starts_with_url(url, prefix))
    }

    /// True when `path` (root-relative) lies under one of the `served_elsewhere` prefixes.
    pub fn is_served_elsewhere(&self, path: &str) -> bool {
        self.served_elsewhere.iter().any(|prefix| {
            let bare = prefix.trim_end_matches('/');
            !bare.is_empty() && (path == bare || path.starts_with(&format!("{bare}/")))
        })
    }
}

/// `url` starts with `prefix`: the scheme and host (and port) match whole, in any case, as hosts do; then the
/// path by prefix. So `https://x.org` never matches `https://x.org.evil.com/`.
fn starts_with_url(url: &str, prefix: &str) -> bool {
    let origin_end = |u: &str| {
        let after_scheme = u.find("://").map_or(0, |i| i + 3);
        u[after_scheme..]
            .find(['/', '?', '#'])
            .map_or(u.len(), |i| after_scheme + i)
    };
    let (p_end, u_end) = (origin_end(prefix), origin_end(url));
    // `https://x.org` is the page `https://x.org/`.
    let path = match &url[u_end..] {
        "" => "/",
        p => p,
    };
    url[..u_end].eq_ignore_ascii_case(&prefix[..p_end]) && path.starts_with(&prefix[p_end..])
}

/// `[provider]`: the organisation behind the services.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// The whole of `shoreline.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub base_url: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub generate_feeds: bool,
    #[serde(default)]
    pub highlight_code: bool,
    #[serde(default = "default_language")]
    pub default_language: String,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub links: LinksConfig,
    #[serde(default)]
    pub search: SearchConfig,
    /// Writes `.br` and `.gz` copies beside every text file, for hosts that serve precompressed files.
    #[serde(default)]
    pub compress: bool,
    #[serde(default)]
    pub images: ImagesConfig,
    /// Who offers the catalog's services, for search engines (`Service.provider`); the site when missing.
    #[serde(default)]
    pub provider: Option<Provider>,
    #[serde(default)]
    pub extra: toml::Table,
}

fn default_language() -> String {
    "en".into()
}

impl Config {
    /// Parses the config text; `file` is only used to locate errors.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::new(file, e.message().to_string());
            if let Some(span) = e.span() {
                d = d.at_offset(text, span.start);
            }
            vec![d.with_help(
                "shoreline.toml keys: base_url, title, description, theme, taxonomies, generate_feeds, highlight_code, default_language, compress, [markdown], [links], [search], [images], [provider], [extra]",
            )]
        })?;
        let mut errors = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for t in &config.taxonomies {
            if !seen.insert(t.name.clone()) || t.name.is_empty() || !is_safe_segment(&t.name) {
                let pos = text.find(&format!("\"{}\"", t.name)).unwrap_or(0);
                errors.push(
                    Diagnostic::new(
                        file,
                        format!("invalid or duplicate taxonomy name `{}`", t.name),
                    )
                    .at_offset(text, pos)
                    .with_help("taxonomy names are unique, non-empty URL segments such as `tags`"),
                );
            }
        }
        for prefix in &config.links.served_elsewhere {
            if !prefix.starts_with('/') || prefix.trim_end_matches('/').is_empty() {
                let pos = text.find(&format!("\"{prefix}\"")).unwrap_or(0);
                errors.push(
                    Diagnostic::new(
                        file,
                        format!("`served_elsewhere` entry `{prefix}` is not a root-relative path"),
                    )
                    .at_offset(text, pos)
                    .with_help("write paths such as \"/contact/\" or \"/app/\""),
                );
            }
        }
        for prefix in &config.links.skip_external {
            let lower = prefix.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                let pos = text.find(&format!("\"{prefix}\"")).unwrap_or(0);
                errors.push(
                    Diagnostic::new(
                        file,
                        format!("`skip_external` entry `{prefix}` is not an http(s) URL"),
                    )
                    .at_offset(text, pos)
                    .with_help("write prefixes such as \"https://www.linkedin.com/\""),
                );
            }
        }
        for &w in &config.images.widths {
            if w == 0 || w > MAX_IMAGE_WIDTH {
                let pos = text.find("widths").unwrap_or(0);
                errors.push(
                    Diagnostic::new(file, format!("image width {w} is out of range"))
                        .at_offset(text, pos)
                        .with_help(format!(
                            "[images] widths are pixel widths from 1 to {MAX_IMAGE_WIDTH}, e.g. [480, 960, 1440]"
                        )),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        Ok(config)
    }

    /// The absolute URL of a site path such as `/bpo/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// A path segment that cannot climb out of or escape the output directory.
pub(crate) fn is_safe_segment(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\', '\0']) && !s.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_bench_config() {
        let text = "base_url = \"https://example.org/\"\ntitle = \"KB\"\ntaxonomies = [\n    {name = \"tags\"},\n]\ngenerate_feeds = false\nhighlight_code = false\n";
        let c = Config::parse(text, Path::new("shoreline.toml")).unwrap();
        assert_eq!(c.base_url, "https://example.org");
        assert_eq!(c.taxonomies[0].name, "tags");
        assert!(c.markdown.unsafe_html);
        assert!(c.search.enabled, "search is on unless turned off");
    }

    #[test]
    fn compress_is_off_unless_asked() {
        let c = Config::parse("base_url = \"x\"\n", Path::new("shoreline.toml")).unwrap();
        assert!(!c.compress);
        let c = Config::parse(
            "base_url = \"x\"\ncompress = true\n",
            Path::new("shoreline.toml"),
        )
        .unwrap();
        assert!(c.compress);
        let e = Config::parse(
            "base_url = \"x\"\ncompress = \"yes\"\n",
            Path::new("shoreline.toml"),
        )
        .unwrap_err();
        assert_eq!(e[0].line, 2);
    }

    #[test]
    fn search_can_be_turned_off() {
        let text = "base_url = \"x\"\n[search]\nenabled = false\n";
        let c = Config::parse(text, Path::new("shoreline.toml")).unwrap();
        assert!(!c.search.enabled);
    }

    #[test]
    fn image_widths_default_and_out_of_range_ones_are_located() {
        let c = Config::parse("base_url = \"x\"\n", Path::new("shoreline.toml")).unwrap();
        assert_eq!(c.images.widths, vec![480, 960, 1440]);
        assert!(c.images.webp);
        let text = "base_url = \"x\"\n[images]\nwidths = [480, 0]\n";
        let e = Config::parse(text, Path::new("shoreline.toml")).unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("width 0"), "{}", e[0].message);
    }

    #[test]
    fn unknown_key_is_located() {
        let text = "base_url = \"x\"\ntitel = \"KB\"\n";
        let e = Config::parse(text, Path::new("shoreline.toml")).unwrap_err();
        assert_eq!(e[0].line, 2);
        assert!(e[0].message.contains("titel"), "{}", e[0].message);
    }

    #[test]
    fn served_elsewhere_matches_whole_segments() {
        let links = LinksConfig {
            served_elsewhere: vec!["/contact".into(), "/app/".into()],
            ..LinksConfig::default()
        };
        for yes in [
            "/contact",
            "/contact/",
            "/contact/form",
            "/app",
            "/app/login",
        ] {
            assert!(links.is_served_elsewhere(yes), "{yes}");
        }
        for no in ["/contacts/", "/application/", "/", "/bpo/"] {
            assert!(!links.is_served_elsewhere(no), "{no}");
        }
    }

    #[test]
    fn skip_external_matches_by_prefix_with_hosts_in_any_case() {
        let links = LinksConfig {
            skip_external: vec!["https://www.LinkedIn.com/".into(), "https://x.org".into()],
            ..LinksConfig::default()
        };
        for yes in [
            "https://www.linkedin.com/in/someone",
            "HTTPS://WWW.LINKEDIN.COM/",
            "https://www.linkedin.com",
            "https://x.org",
            "https://x.org/a",
        ] {
            assert!(links.is_skipped_external(yes), "{yes}");
        }
        for no in [
            "http://www.linkedin.com/in/a",
            "https://www.linkedin.co/",
            "https://x.org.evil.com/",
        ] {
            assert!(!links.is_skipped_external(no), "{no}");
        }
    }

    #[test]
    fn a_skip_external_entry_must_be_an_http_url() {
        let text = "base_url = \"x\"\n[links]\nskip_external = [\"www.x.org\"]\n";
        let errors = Config::parse(text, Path::new("shoreline.toml")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .message
                .contains("`www.x.org` is not an http(s) URL"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[0].line, 3);
    }
}
