//! Renders shortcodes through their templates, `templates/shortcodes/NAME.html` of the site or its theme.
//! The built-in `explorer` and `fact` are such templates too (in the default theme, which every theme
//! inherits them from), over the template functions of the same names.

use crate::shortcode_syntax::{Args, Form, Shortcode};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where shortcode templates live among a site's templates.
pub(crate) const FOLDER: &str = "shortcodes/";

/// Names a call's arguments cannot take: the template context uses them.
const RESERVED: &[&str] = &["args", "body", "page", "config", "nth", "inline"];

/// Elements that cannot sit inside a paragraph; a shortcode writing one must be a paragraph of its own.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// The page or section a shortcode is called from, as its template sees it (`page`).
#[derive(Debug, Serialize)]
pub(crate) struct Caller<'a> {
    /// `"page"` or `"section"`.
    pub kind: &'static str,
    pub title: &'a str,
    pub path: &'a str,
    pub permalink: String,
    pub relative_path: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a str>,
    pub taxonomies: &'a BTreeMap<String, Vec<String>>,
    pub extra: &'a serde_json::Value,
}

/// What a shortcode template renders with.
#[derive(Serialize)]
struct Context<'a> {
    /// Each argument by its own name, as Zola and Hugo templates expect.
    #[serde(flatten)]
    named: &'a Args,
    /// All arguments as one map, to pass them on (`explorer(args=args)`).
    args: &'a Args,
    /// The Markdown between `{% name() %}` and `{% end %}`, as HTML.
    body: Option<&'a str>,
    page: &'a Caller<'a>,
    config: &'a serde_json::Value,
    /// Which call of this shortcode on the page this is, from 1: for ids that must differ.
    nth: usize,
    inline: bool,
}

/// A shortcode that cannot be rendered: the message and a hint, placed at the call by the caller.
pub(crate) type Problem = (String, String);

/// The shortcode templates of one build.
pub(crate) struct Shortcodes<'a> {
    tera: &'a tera::Tera,
    /// Shortcode name -> the template file it comes from.
    templates: BTreeMap<String, PathBuf>,
    config: serde_json::Value,
}

impl<'a> Shortcodes<'a> {
    /// The shortcodes among `set`'s templates, rendered with `tera` (which holds the same templates).
    pub(crate) fn new(
        tera: &'a tera::Tera,
        set: &crate::templates::TemplateSet,
        config: &crate::config::Config,
    ) -> Self {
        let templates = set
            .sources
            .iter()
            .filter_map(|(name, (file, _))| {
                let short = name.strip_prefix(FOLDER)?.strip_suffix(".html")?;
                Some((short.to_string(), file.clone()))
            })
            .collect();
        Shortcodes {
            tera,
            templates,
            config: serde_json::to_value(config).unwrap_or(serde_json::Value::Null),
        }
    }

    /// The HTML of one call; `body` is the rendered body of a body-form call.
    pub(crate) fn render(
        &self,
        call: &Shortcode,
        body: Option<&str>,
        caller: &Caller,
        nth: usize,
    ) -> Result<String, Problem> {
        let Some(file) = self.templates.get(&call.name) else {
            return Err(self.unknown(&call.name));
        };
        if let Some(key) = call.args.keys().find(|k| RESERVED.contains(&k.as_str())) {
            return Err((
                format!("`{key}` cannot name an argument of `{}`", call.name),
                format!("the template context uses {}", RESERVED.join(", ")),
            ));
        }
        let context = Context {
            named: &call.args,
            args: &call.args,
            body,
            page: caller,
            config: &self.config,
            nth,
            inline: call.form == Form::Inline,
        };
        let template = format!("{FOLDER}{}.html", call.name);
        let html = tera::Context::from_serialize(&context)
            .and_then(|ctx| self.tera.render(&template, &ctx))
            .map_err(|e| template_problem(&call.name, file, &e))?;
        placed(&call.name, call.form, html)
    }

    fn unknown(&self, name: &str) -> Problem {
        let names: Vec<&str> = self.templates.keys().map(String::as_str).collect();
        let mut help = format!(
            "known shortcodes: {}; a new one is a template at templates/{FOLDER}{name}.html",
            names.join(", ")
        );
        if let Some(m) = crate::diagnostic::did_you_mean(name, names.iter().copied()) {
            help = format!("did you mean `{m}`? {help}");
        }
        (format!("unknown shortcode `{name}`"), help)
    }
}

/// A call's HTML fitted to where it stands: inline output of a paragraph-form call becomes a paragraph;
/// block output inside a sentence is an error, since it would break the paragraph around it.
fn placed(name: &str, form: Form, html: String) -> Result<String, Problem> {
    match (form, first_block_element(&html)) {
        (Form::Inline, Some(tag)) => Err((
            format!("the `{name}` shortcode writes a block (`<{tag}>`), so it must be a paragraph of its own"),
            format!("put `{{{{ {name}(...) }}}}` on its own line, with a blank line before and after"),
        )),
        (Form::Inline, None) => Ok(html.trim_matches('\n').to_string()),
        (Form::Paragraph, None) => Ok(format!("<p>{}</p>", html.trim())),
        _ => Ok(html.trim().to_string()),
    }
}

/// The first block-level element `html` opens, if any.
fn first_block_element(html: &str) -> Option<&'static str> {
    html.match_indices('<').find_map(|(at, _)| {
        let rest = &html[at + 1..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        BLOCK_ELEMENTS.iter().copied().find(|b| *b == name)
    })
}

/// The message of a failed template: the explorer's and fact's own errors keep their words and hints.
fn template_problem(name: &str, file: &std::path::Path, e: &tera::Error) -> Problem {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(arg) = s.downcast_ref::<crate::explorer_args::ArgError>() {
            return (arg.to_string(), arg.help());
        }
        if let Some(fact) = s.downcast_ref::<FactError>() {
            return (fact.to_string(), fact.help.clone());
        }
        source = s.source();
    }
    (
        format!(
            "shortcode `{name}` failed: {}",
            crate::templates::error_chain(e)
        ),
        format!("its template is {}", file.display()),
    )
}

/// Why `fact(name=...)` has no value.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct FactError {
    message: String,
    help: String,
}

/// `[extra.facts]` of shoreline.toml: figures that recur across pages, kept in one place so pages agree.
pub(crate) fn facts(config: &crate::config::Config) -> toml::Table {
    config
        .extra
        .get("facts")
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default()
}

/// The HTML-escaped value of the fact `name=` names; `args` are the call's arguments as text.
pub(crate) fn fact(
    args: &BTreeMap<String, String>,
    facts: &toml::Table,
) -> Result<String, FactError> {
    let (Some(name), 1) = (args.get("name"), args.len()) else {
        return Err(FactError {
            message: "the `fact` shortcode takes one argument, `name`".into(),
            help: "write `{{ fact(name=\"...\") }}` with a key of [extra.facts] in shoreline.toml"
                .into(),
        });
    };
    let Some(value) = facts.get(name) else {
        return Err(FactError {
            message: format!("unknown fact `{name}`"),
            help: known_facts_help(name, facts),
        });
    };
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(_)
        | toml::Value::Float(_)
        | toml::Value::Boolean(_)
        | toml::Value::Datetime(_) => value.to_string(),
        toml::Value::Array(_) | toml::Value::Table(_) => {
            return Err(FactError {
                message: format!("fact `{name}` in shoreline.toml is not text or a number"),
                help: format!("write it as `{name} = \"...\"` under [extra.facts]"),
            })
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
        let e = fact(&args(&[("name", "go_lve")]), &facts).unwrap_err();
        assert_eq!(e.to_string(), "unknown fact `go_lve`");
        assert_eq!(
            e.help,
            "did you mean `go_live`? facts in shoreline.toml [extra.facts]: go_live, team_size"
        );
        let e = fact(&args(&[("name", "x")]), &toml::Table::new()).unwrap_err();
        assert_eq!(
            e.help,
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
            let e = fact(&bad, &facts).unwrap_err();
            assert_eq!(
                e.to_string(),
                "the `fact` shortcode takes one argument, `name`"
            );
        }
        let e = fact(&args(&[("name", "t")]), &table("t = [1]\n")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "fact `t` in shoreline.toml is not text or a number"
        );
    }

    #[test]
    fn block_output_is_found_and_placed() {
        assert_eq!(first_block_element("<em>x</em><div>"), Some("div"));
        assert_eq!(first_block_element("<pre><code>"), Some("pre"));
        assert_eq!(first_block_element("<progress><em>"), None);
        assert_eq!(first_block_element("a < b"), None);
        assert_eq!(
            placed("n", Form::Paragraph, "twelve ".into()).unwrap(),
            "<p>twelve</p>"
        );
        assert_eq!(
            placed("n", Form::Paragraph, "\n<ul></ul>\n\n".into()).unwrap(),
            "<ul></ul>"
        );
        let (message, _) = placed("n", Form::Inline, "<ul></ul>".into()).unwrap_err();
        assert_eq!(
            message,
            "the `n` shortcode writes a block (`<ul>`), so it must be a paragraph of its own"
        );
    }
}
