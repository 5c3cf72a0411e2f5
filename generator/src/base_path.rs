//! Sites published under a sub-path (`base_url = "https://example.org/kb"`): every root-relative URL a page
//! carries (`/bpo/`, `/style.css`, `/explorer/shoreline-explorer.js`) must start with `/kb`. Templates and
//! Markdown write URLs from the site's root; this is the one place they gain the prefix, on the way out.

use crate::config::LinksConfig;

/// The path part of `base_url` without its trailing slash: `/kb`, or empty for a site at a domain's root.
pub(crate) fn of(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(at) => after_scheme[at..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// Attributes whose value is one URL, and `srcset`, whose value lists several.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "data"];

/// `html` with `base` before every root-relative URL in a URL attribute, except protocol-relative ones
/// (`//cdn...`) and paths another app serves (`[links] served_elsewhere`). Text and code are left alone: an
/// attribute written inside them is escaped (`href=&quot;/`), so it never matches.
pub(crate) fn prefix_html(html: &str, base: &str, elsewhere: &LinksConfig) -> String {
    if base.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some((at, name_len, quote)) = next_attribute(rest) {
        let is_srcset = rest[at..at + name_len].eq_ignore_ascii_case("srcset");
        let value_start = at + name_len + 2;
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find(quote).unwrap_or(rest.len());
        let value = &rest[..end];
        out.push_str(&if is_srcset {
            prefix_srcset(value, base, elsewhere)
        } else {
            prefix_url(value, base, elsewhere)
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The next ` name="` or ` name='` of a URL attribute (or srcset): its offset, the name's length, the quote.
fn next_attribute(text: &str) -> Option<(usize, usize, char)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(eq) = text[from..].find('=').map(|i| i + from) {
        from = eq + 1;
        let quote = match bytes.get(eq + 1) {
            Some(b'"') => '"',
            Some(b'\'') => '\'',
            _ => continue,
        };
        let name_start = text[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |i| i + 1);
        let name = &text[name_start..eq];
        let preceded_by_space = text[..name_start].ends_with(|c: char| c.is_ascii_whitespace());
        if preceded_by_space
            && (URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a))
                || name.eq_ignore_ascii_case("srcset"))
        {
            return Some((name_start, eq - name_start, quote));
        }
    }
    None
}

fn prefix_url(value: &str, base: &str, elsewhere: &LinksConfig) -> String {
    let path = value.split(['?', '#']).next().unwrap_or("");
    let already = path == base || path.starts_with(&format!("{base}/"));
    if value.starts_with('/')
        && !value.starts_with("//")
        && !already
        && !elsewhere.is_served_elsewhere(path)
    {
        format!("{base}{value}")
    } else {
        value.to_string()
    }
}

/// `a.png 1x, /b.png 2x` -> each URL prefixed as `prefix_url` would.
fn prefix_srcset(value: &str, base: &str, elsewhere: &LinksConfig) -> String {
    value
        .split(',')
        .map(|candidate| {
            let trimmed = candidate.trim_start();
            let lead = &candidate[..candidate.len() - trimmed.len()];
            format!("{lead}{}", prefix_url(trimmed, base, elsewhere))
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_path_is_the_path_of_base_url() {
        assert_eq!(of("https://example.org/kb"), "/kb");
        assert_eq!(of("https://example.org/kb/docs/"), "/kb/docs");
        assert_eq!(of("https://example.org"), "");
        assert_eq!(of("https://example.org/"), "");
        assert_eq!(of("http://127.0.0.1:1111"), "");
    }

    #[test]
    fn root_relative_urls_gain_the_prefix_and_nothing_else_does() {
        let elsewhere = LinksConfig {
            served_elsewhere: vec!["/contact/".into()],
            ..LinksConfig::default()
        };
        let html = r##"<link rel="stylesheet" href="/style.css"><a href="/bpo/#x">a</a><a href='/services/'>b</a>
<a href="https://x.org/y">c</a><a href="//cdn.example/z.js">d</a><a href="#top">e</a><a href="rel/">f</a>
<img src="/img/a.png" srcset="/img/a.png 1x, /img/b.png 2x" alt=""><form action="/search/"></form>
<a href="/contact/">g</a><a href="/kb/already/">h</a><p>write href=&quot;/x&quot; in text</p>
<code>&lt;a href=&quot;/code/&quot;&gt;</code><a data-href="/no/" title="/no/">i</a>"##;
        let out = prefix_html(html, "/kb", &elsewhere);
        for yes in [
            r#"href="/kb/style.css""#,
            r#"href="/kb/bpo/#x""#,
            r#"href='/kb/services/'"#,
            r#"src="/kb/img/a.png""#,
            r#"srcset="/kb/img/a.png 1x, /kb/img/b.png 2x""#,
            r#"action="/kb/search/""#,
        ] {
            assert!(out.contains(yes), "no {yes} in {out}");
        }
        for kept in [
            r#"href="https://x.org/y""#,
            r#"href="//cdn.example/z.js""#,
            r##"href="#top""##,
            r#"href="rel/""#,
            r#"href="/contact/""#,
            r#"href="/kb/already/""#,
            r#"&lt;a href=&quot;/code/&quot;&gt;"#,
            r#"data-href="/no/""#,
            r#"title="/no/""#,
        ] {
            assert!(out.contains(kept), "{kept} changed in {out}");
        }
        assert!(
            out.contains("write href=&quot;/x&quot; in text"),
            "text stays as written"
        );
        assert_eq!(prefix_html(html, "", &elsewhere), html);
    }
}
