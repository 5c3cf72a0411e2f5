//! The `http(s)://` links of every page and section, each located at its Markdown file:line, less those the
//! site says not to fetch (`[links] skip_external`, and its own host, whose pages the build already checks).

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::ExternalLink;
use crate::site::{Site, Sources};
use crate::source_lines::SourceLines;
use std::path::{Path, PathBuf};

/// One use of an external URL: where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkUse {
    pub url: String,
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    /// The Markdown line holding the link, shown under the location.
    pub source_line: String,
}

impl LinkUse {
    /// A diagnostic about this link, at its place.
    pub fn diagnostic(&self, message: String) -> Diagnostic {
        let mut d = Diagnostic::new(&self.file, message);
        d.line = self.line;
        d.col = self.col;
        d.source_line = Some(self.source_line.clone());
        d
    }
}

/// The site's external links to check, in page order, and how many it left out on purpose.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub uses: Vec<LinkUse>,
    /// Links under `[links] skip_external` or to the site's own host.
    pub skipped: usize,
}

/// Every external link of `site`, located in `sources` (the lines the build kept of each text).
pub(crate) fn collect(site: &Site, sources: &Sources) -> Collected {
    let own_host = host_of(&site.config.base_url).map(str::to_ascii_lowercase);
    let pages = site.pages.iter().enumerate().map(|(i, p)| {
        let lines = sources.pages.get(i).map_or(SourceLines::none(), |l| &**l);
        (&*p.shown, &p.rendered.external_links, lines)
    });
    let sections = site.sections.iter().enumerate().map(|(i, s)| {
        let lines = sources
            .sections
            .get(i)
            .map_or(SourceLines::none(), |l| &**l);
        (&*s.shown, &s.rendered.external_links, lines)
    });
    let mut out = Collected::default();
    for (shown, links, lines) in pages.chain(sections) {
        for link in links {
            if wanted(&site.config, own_host.as_deref(), &link.url) {
                out.uses.push(locate(shown, link, lines));
            } else {
                out.skipped += 1;
            }
        }
    }
    out
}

fn wanted(config: &Config, own_host: Option<&str>, url: &str) -> bool {
    let on_own_host =
        own_host.is_some_and(|own| host_of(url).is_some_and(|h| h.eq_ignore_ascii_case(own)));
    !on_own_host && !config.links.is_skipped_external(url)
}

fn locate(shown: &Path, link: &ExternalLink, lines: &SourceLines) -> LinkUse {
    let (line, col, source_line) = lines.locate(link.offset).unwrap_or((0, 0, ""));
    LinkUse {
        url: link.url.clone(),
        file: shown.to_path_buf(),
        line,
        col,
        source_line: source_line.trim_end_matches('\r').to_string(),
    }
}

/// `host[:port]` of an absolute URL, without any `user@`.
pub(super) fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_come_without_user_path_or_query() {
        assert_eq!(host_of("https://kb.example.com"), Some("kb.example.com"));
        assert_eq!(host_of("http://u:p@h.org:8080/a?b#c"), Some("h.org:8080"));
        assert_eq!(host_of("https://h.org?x"), Some("h.org"));
        assert_eq!(host_of("/local/"), None);
        assert_eq!(host_of("https:///x"), None);
    }

    #[test]
    fn the_sites_own_host_and_skipped_prefixes_are_left_out() {
        let config = Config::parse(
            "base_url = \"https://KB.example.com/\"\n[links]\nskip_external = [\"https://bots.example/\"]\n",
            Path::new("shoreline.toml"),
        )
        .unwrap();
        let own = host_of(&config.base_url).map(str::to_ascii_lowercase);
        assert!(!wanted(
            &config,
            own.as_deref(),
            "https://kb.example.com/x/"
        ));
        assert!(!wanted(&config, own.as_deref(), "http://kb.EXAMPLE.com"));
        assert!(!wanted(&config, own.as_deref(), "https://bots.example/a"));
        assert!(wanted(
            &config,
            own.as_deref(),
            "https://kb.example.com.evil/"
        ));
        assert!(wanted(&config, own.as_deref(), "https://other.example/"));
    }

    #[test]
    fn a_use_is_located_at_its_line_and_column() {
        let text = "+++\ntitle = \"A\"\n+++\nSee [x](https://e.org/).\n";
        let link = ExternalLink {
            url: "https://e.org/".into(),
            offset: text.find("[x]").unwrap(),
        };
        let lines = SourceLines::new(text, text.find("See").unwrap(), [link.offset]);
        let u = locate(Path::new("content/a.md"), &link, &lines);
        assert_eq!((u.line, u.col), (4, 5));
        assert_eq!(u.source_line, "See [x](https://e.org/).");
        let d = u.diagnostic("broken".into());
        assert_eq!(d.location(), "content/a.md:4:5");
    }
}
