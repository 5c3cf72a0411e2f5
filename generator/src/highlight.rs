//! Server-side syntax highlighting of fenced code blocks (`highlight_code = true`), with inline styles so it
//! works with any theme and needs no extra stylesheet.

use std::sync::OnceLock;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::highlighted_html_for_string;
use syntect::parsing::SyntaxSet;

/// The syntax and theme definitions are large and immutable: load them once per process, on first use.
fn assets() -> &'static (SyntaxSet, Theme) {
    static ASSETS: OnceLock<(SyntaxSet, Theme)> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let mut themes = ThemeSet::load_defaults();
        let theme = themes.themes.remove("InspiredGitHub").unwrap_or_default();
        (syntaxes, theme)
    })
}

/// Highlighted `<pre>` for `code` in language `lang`; `None` for unknown languages (left to the plain renderer).
pub(crate) fn highlight(code: &str, lang: &str) -> Option<String> {
    let (syntaxes, theme) = assets();
    let token = lang.split([',', ' ']).next().unwrap_or("").trim();
    if token.is_empty() {
        return None;
    }
    let syntax = syntaxes.find_syntax_by_token(token)?;
    let html = highlighted_html_for_string(code, syntaxes, syntax, theme).ok()?;
    // Keep the language visible to CSS and scripts, like the plain renderer does.
    Some(html.replacen(
        "<pre ",
        &format!(
            "<pre data-lang=\"{}\" ",
            crate::markdown::escape_attr(token)
        ),
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_only() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("style=\"color:"), "{html}");
        assert!(html.contains("data-lang=\"rust\""));
        assert!(highlight("x", "no-such-language").is_none());
    }
}
