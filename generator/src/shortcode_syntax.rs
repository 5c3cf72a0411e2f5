//! How shortcodes are written in Markdown: `{{ name(args) }}` calls, `{% name(args) %}` ... `{% end %}` bodies
//! on lines of their own, typed arguments, and the `{{/* ... */}}` escape that shows a call as written.

use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// One argument value, typed as written: `"text"`, `3`, `2.5`, `true`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ArgValue {
    /// `"text"` or a bare word.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl ArgValue {
    /// The value as an attribute would carry it (`5`, `true`, the text itself).
    pub fn to_text(&self) -> String {
        match self {
            ArgValue::Text(s) => s.clone(),
            ArgValue::Integer(n) => n.to_string(),
            ArgValue::Float(x) => x.to_string(),
            ArgValue::Bool(b) => b.to_string(),
        }
    }
}

/// A call's arguments by name.
pub type Args = BTreeMap<String, ArgValue>;

/// Where a shortcode sits, which decides what its HTML may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Inside running text: its HTML must be inline.
    Inline,
    /// A paragraph of its own: inline HTML is wrapped in `<p>`.
    Paragraph,
    /// `{% name() %}` ... `{% end %}`: the Markdown between becomes its `body`.
    Body,
}

/// A shortcode call found in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    /// The template it renders: `templates/shortcodes/NAME.html`.
    pub name: String,
    /// Its arguments by name.
    pub args: Args,
    /// Byte offset in the whole file, for diagnostics.
    pub offset: usize,
    /// Where it stands in the text.
    pub form: Form,
}

/// A problem with shortcode syntax found while parsing (an `{% end %}` without an opening, and the like).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxProblem {
    /// Byte offset in the whole file.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

/// `name(a="x")` (between the braces) -> its name and arguments.
pub fn parse_call(inner: &str) -> Option<(String, Args)> {
    let (name, rest) = inner.trim().split_once('(')?;
    let args_text = rest.trim_end().strip_suffix(')')?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((name.to_string(), parse_args(args_text)?))
}

/// `a="x", b=3, c=true` -> typed values. `None` on malformed input, so the text is left as written.
pub fn parse_args(s: &str) -> Option<Args> {
    let mut args = BTreeMap::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let (value, tail) = match quote {
            Some(q) => {
                let inner = &after[1..];
                let end = inner.find(q)?;
                (ArgValue::Text(inner[..end].to_string()), &inner[end + 1..])
            }
            None => {
                let end = after.find(',').unwrap_or(after.len());
                (bare_value(after[..end].trim()), &after[end..])
            }
        };
        args.insert(key.to_string(), value);
        rest = tail.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Some(args)
}

/// An unquoted value: a number or boolean when it reads as one, else the word itself.
fn bare_value(word: &str) -> ArgValue {
    match word {
        "true" => ArgValue::Bool(true),
        "false" => ArgValue::Bool(false),
        _ => word
            .parse::<i64>()
            .map(ArgValue::Integer)
            .or_else(|_| word.parse::<f64>().map(ArgValue::Float))
            .unwrap_or_else(|_| ArgValue::Text(word.to_string())),
    }
}

/// `{{/* x */}}` -> `{{ x }}` and `{%/* x */%}` -> `{% x %}`: the escape for writing a shortcode literally.
/// Returns the literal and the length of the escape in `text` when `text` starts with one.
pub fn escaped_literal(text: &str) -> Option<(String, usize)> {
    let (open, close, shown) = if text.starts_with("{{/*") {
        ("{{/*", "*/}}", ("{{", "}}"))
    } else if text.starts_with("{%/*") {
        ("{%/*", "*/%}", ("{%", "%}"))
    } else {
        return None;
    };
    let end = text[open.len()..].find(close)? + open.len();
    let inner = &text[open.len()..end];
    Some((format!("{}{inner}{}", shown.0, shown.1), end + close.len()))
}

/// What a body-form tag line holds.
#[derive(Debug, Clone, PartialEq)]
pub enum TagKind {
    /// `{% name(args) %}`: a body starts.
    Open(String, Args),
    /// `{% end %}`: the innermost body ends.
    End,
}

/// A `{% ... %}` tag on a line of its own; `range` is the tag's bytes in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyTag {
    /// The tag's bytes in the body.
    pub range: Range<usize>,
    /// What the tag says.
    pub kind: TagKind,
}

/// Every body-form tag line of `body` outside the ranges in `code` (code blocks and spans show tags as
/// written). Lines may sit in a list item or a block quote.
pub fn body_tags(body: &str, code: &[Range<usize>]) -> Vec<BodyTag> {
    let mut tags = Vec::new();
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']).trim_end();
        let lead = content.len() - content.trim_start_matches([' ', '\t', '>']).len();
        let tag = &content[lead..];
        let start = line_start + lead;
        line_start += line.len();
        let Some(inner) = tag.strip_prefix("{%").and_then(|t| t.strip_suffix("%}")) else {
            continue;
        };
        if inner.starts_with("/*") || code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let kind = match inner.trim() {
            "end" => TagKind::End,
            call => match parse_call(call) {
                Some((name, args)) => TagKind::Open(name, args),
                None => continue,
            },
        };
        tags.push(BodyTag {
            range: start..start + tag.len(),
            kind,
        });
    }
    tags
}

/// `body` with each tag replaced by an HTML comment of the same length: the comment starts an HTML block,
/// which ends the paragraph before it, so the tag's line stands alone and every offset stays where it was.
pub fn masked(body: &str, tags: &[BodyTag]) -> String {
    let mut out = body.to_string();
    for tag in tags {
        // A tag is at least `{%x()%}`, seven bytes, the length of `<!---->`.
        let pad = " ".repeat(tag.range.len().saturating_sub(7));
        out.replace_range(tag.range.clone(), &format!("<!--{pad}-->"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_keep_their_types() {
        let args =
            parse_args("a=\"x, y\", n=3, f=2.5, b=true, w=word, s='it''").unwrap_or_default();
        assert!(args.is_empty(), "an unclosed quote is malformed");
        let args = parse_args("a=\"x, y\", n=3, f=2.5, b=true, w=word, s='q\"'").unwrap();
        assert_eq!(args["a"], ArgValue::Text("x, y".into()));
        assert_eq!(args["n"], ArgValue::Integer(3));
        assert_eq!(args["f"], ArgValue::Float(2.5));
        assert_eq!(args["b"], ArgValue::Bool(true));
        assert_eq!(args["w"], ArgValue::Text("word".into()));
        assert_eq!(args["s"], ArgValue::Text("q\"".into()));
        assert_eq!(args["n"].to_text(), "3");
        assert_eq!(parse_args("=3"), None);
        assert_eq!(parse_call("bad name()"), None);
    }

    #[test]
    fn escapes_show_the_call_as_written() {
        assert_eq!(
            escaped_literal("{{/* note(a=1) */}} rest"),
            Some(("{{ note(a=1) }}".into(), 19))
        );
        assert_eq!(
            escaped_literal("{%/* end */%}"),
            Some(("{% end %}".into(), 13))
        );
        assert_eq!(escaped_literal("{{ note() }}"), None);
    }

    #[test]
    fn tag_lines_are_found_outside_code_and_masked_to_the_same_length() {
        let body = "Intro\n{% note(kind=\"tip\") %}\n> {% end %}\n  {%end%}\n```\n{% end %}\n```\nx {% end %}\n";
        let fence = body.find("```").unwrap();
        let code = std::iter::once(fence..body.rfind("```").unwrap() + 3).collect::<Vec<_>>();
        let tags = body_tags(body, &code);
        let kinds: Vec<&TagKind> = tags.iter().map(|t| &t.kind).collect();
        let mut args = Args::new();
        args.insert("kind".into(), ArgValue::Text("tip".into()));
        assert_eq!(
            kinds,
            [
                &TagKind::Open("note".into(), args),
                &TagKind::End,
                &TagKind::End
            ]
        );
        assert_eq!(&body[tags[1].range.clone()], "{% end %}");
        let m = masked(body, &tags);
        assert_eq!(m.len(), body.len());
        let open = format!(
            "<!--{}-->",
            " ".repeat("{% note(kind=\"tip\") %}".len() - 7)
        );
        assert!(
            m.contains(&format!("\n{open}\n> <!--  -->\n  <!---->\n")),
            "{m}"
        );
    }
}
