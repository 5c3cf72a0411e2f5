//! Replaces `{{ name(args) }}` shortcode placeholders in rendered pages with their HTML.

use crate::diagnostic::Diagnostic;
use crate::markdown::shortcode_placeholder;
use crate::site::Site;
use std::collections::BTreeMap;

/// Shortcodes a page may use.
pub const KNOWN: &[&str] = &["explorer"];

/// Fills every page's and section's shortcodes; an unknown name is an error at its line.
pub fn fill(
    site: &mut Site,
    explorer: &dyn Fn(&BTreeMap<String, String>) -> String,
    texts: &dyn Fn(&std::path::Path) -> String,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut apply = |html: &mut String,
                     summary: Option<&mut String>,
                     codes: &[crate::markdown::Shortcode],
                     shown: &std::path::Path| {
        let mut summary = summary;
        for (n, sc) in codes.iter().enumerate() {
            let out = match sc.name.as_str() {
                "explorer" => explorer(&sc.args),
                other => {
                    let text = texts(shown);
                    errors.push(
                        Diagnostic::new(shown, format!("unknown shortcode `{other}`"))
                            .at_offset(&text, sc.offset)
                            .with_help(format!("known shortcodes: {}", KNOWN.join(", "))),
                    );
                    continue;
                }
            };
            let ph = shortcode_placeholder(n);
            *html = html.replace(&ph, &out);
            if let Some(s) = summary.as_deref_mut() {
                *s = s.replace(&ph, &out);
            }
        }
    };
    for p in site.pages.iter_mut() {
        if !p.rendered.shortcodes.is_empty() {
            let codes = p.rendered.shortcodes.clone();
            apply(&mut p.content, p.summary.as_mut(), &codes, &p.shown.clone());
        }
    }
    for s in site.sections.iter_mut() {
        if !s.rendered.shortcodes.is_empty() {
            let codes = s.rendered.shortcodes.clone();
            apply(&mut s.content, None, &codes, &s.shown.clone());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
