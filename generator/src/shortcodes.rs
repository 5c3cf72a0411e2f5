//! Replaces `{{ name(args) }}` shortcode placeholders in rendered pages with their HTML.

use crate::diagnostic::Diagnostic;
use crate::markdown::{shortcode_placeholder, Shortcode};
use crate::site::Site;
use std::collections::BTreeMap;

/// Shortcodes a page may use.
pub const KNOWN: &[&str] = &["explorer", "fact"];

/// Fills every page's and section's shortcodes; an unknown name or a misused one is an error at its line.
pub fn fill(
    site: &mut Site,
    explorer: &crate::render::ExplorerFn,
    texts: &dyn Fn(&std::path::Path) -> String,
) -> Result<(), Vec<Diagnostic>> {
    let facts = facts(&site.config);
    let mut errors = Vec::new();
    let mut apply = |html: &mut String,
                     summary: Option<&mut String>,
                     codes: &[Shortcode],
                     shown: &std::path::Path| {
        let mut summary = summary;
        for (n, sc) in codes.iter().enumerate() {
            let out = match resolve(sc, explorer, &facts) {
                Ok(out) => out,
                Err((message, help)) => {
                    let text = texts(shown);
                    errors.push(
                        Diagnostic::new(shown, message)
                            .at_offset(&text, sc.offset)
                            .with_help(help),
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

/// `[extra.facts]` of shoreline.toml: figures that recur across pages, kept in one place so pages agree.
pub fn facts(config: &crate::config::Config) -> toml::Table {
    config
        .extra
        .get("facts")
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default()
}

/// One shortcode's HTML, or the message and hint of why it cannot be rendered.
fn resolve(
    sc: &Shortcode,
    explorer: &crate::render::ExplorerFn,
    facts: &toml::Table,
) -> Result<String, (String, String)> {
    match sc.name.as_str() {
        "explorer" if sc.inline => Err((
            "the `explorer` shortcode must be a paragraph of its own".into(),
            "put `{{ explorer(...) }}` on its own line, with a blank line before and after".into(),
        )),
        "explorer" => explorer(&sc.args).map_err(|e| (e.to_string(), e.help())),
        "fact" => {
            let value = fact(&sc.args, facts)?;
            Ok(if sc.inline {
                value
            } else {
                format!("<p>{value}</p>")
            })
        }
        other => Err((
            format!("unknown shortcode `{other}`"),
            format!("known shortcodes: {}", KNOWN.join(", ")),
        )),
    }
}

/// The HTML-escaped value of the fact `name=` names.
fn fact(args: &BTreeMap<String, String>, facts: &toml::Table) -> Result<String, (String, String)> {
    let (Some(name), 1) = (args.get("name"), args.len()) else {
        return Err((
            "the `fact` shortcode takes one argument, `name`".into(),
            "write `{{ fact(name=\"...\") }}` with a key of [extra.facts] in shoreline.toml".into(),
        ));
    };
    let Some(value) = facts.get(name) else {
        return Err((
            format!("unknown fact `{name}`"),
            known_facts_help(name, facts),
        ));
    };
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(_)
        | toml::Value::Float(_)
        | toml::Value::Boolean(_)
        | toml::Value::Datetime(_) => value.to_string(),
        toml::Value::Array(_) | toml::Value::Table(_) => {
            return Err((
                format!("fact `{name}` in shoreline.toml is not text or a number"),
                format!("write it as `{name} = \"...\"` under [extra.facts]"),
            ))
        }
    };
    Ok(crate::markdown::escape_attr(&text))
}

fn known_facts_help(name: &str, facts: &toml::Table) -> String {
    if facts.is_empty() {
        return format!(
            "shoreline.toml has no facts; add `{name} = \"...\"` under [extra.facts] there"
        );
    }
    let names: Vec<&str> = facts.keys().map(String::as_str).collect();
    let help = format!(
        "facts in shoreline.toml [extra.facts]: {}",
        names.join(", ")
    );
    match crate::diagnostic::did_you_mean(name, names.iter().copied()) {
        Some(m) => format!("did you mean `{m}`? {help}"),
        None => help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn facts_are_escaped_and_numbers_print_as_written() {
        let facts = table("go_live = \"4 < 6 weeks & more\"\nteam = 12\n");
        assert_eq!(
            fact(&args(&[("name", "go_live")]), &facts).unwrap(),
            "4 &lt; 6 weeks &amp; more"
        );
        assert_eq!(fact(&args(&[("name", "team")]), &facts).unwrap(), "12");
    }

    #[test]
    fn unknown_facts_suggest_a_known_name() {
        let facts = table("go_live = \"x\"\nteam_size = 3\n");
        let (message, help) = fact(&args(&[("name", "go_lve")]), &facts).unwrap_err();
        assert_eq!(message, "unknown fact `go_lve`");
        assert_eq!(
            help,
            "did you mean `go_live`? facts in shoreline.toml [extra.facts]: go_live, team_size"
        );
        let (_, help) = fact(&args(&[("name", "x")]), &toml::Table::new()).unwrap_err();
        assert_eq!(
            help,
            "shoreline.toml has no facts; add `x = \"...\"` under [extra.facts] there"
        );
    }

    #[test]
    fn fact_needs_exactly_a_name() {
        let facts = table("a = \"x\"\n");
        for bad in [
            args(&[]),
            args(&[("nam", "a")]),
            args(&[("name", "a"), ("x", "1")]),
        ] {
            let (message, _) = fact(&bad, &facts).unwrap_err();
            assert_eq!(message, "the `fact` shortcode takes one argument, `name`");
        }
        let (message, _) = fact(&args(&[("name", "t")]), &table("t = [1]\n")).unwrap_err();
        assert_eq!(
            message,
            "fact `t` in shoreline.toml is not text or a number"
        );
    }
}
