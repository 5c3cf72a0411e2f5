//! The arguments of the `explorer` shortcode and template function, checked before any HTML is written: a
//! misspelt argument or need id would otherwise publish a widget that silently shows the whole catalog.

use std::collections::BTreeMap;

/// Argument names (as written in Markdown or templates) and the element attribute each becomes.
pub(crate) const ARGUMENTS: [(&str, &str); 7] = [
    ("needs", "needs"),
    ("limit", "limit"),
    ("cta_href", "cta-href"),
    ("cta_label", "cta-label"),
    ("lang", "lang"),
    ("catalog", "catalog"),
    ("history", "history"),
];

/// What is wrong with one call; `help` says how to put it right.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum ArgError {
    #[error("the explorer has no argument `{0}`")]
    UnknownArgument(String),
    #[error("unknown need `{0}` in `needs`")]
    UnknownNeed(String, Vec<String>),
    #[error("`limit` must be a whole number from 1 to 100, not `{0}`")]
    BadLimit(String),
    #[error("`cta_href` must be an http(s) or relative address, not `{0}`")]
    UnsafeLink(String),
    #[error("`history` must be `replace`, `push` or `none`, not `{0}`")]
    BadHistory(String),
}

impl ArgError {
    pub(crate) fn help(&self) -> String {
        match self {
            ArgError::UnknownArgument(name) => {
                let names = ARGUMENTS.map(|(n, _)| n);
                let hint = crate::diagnostic::did_you_mean(name, names)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                format!("{hint}arguments: {}", names.join(", "))
            }
            ArgError::UnknownNeed(id, known) => {
                let hint = crate::diagnostic::did_you_mean(id, known.iter().map(String::as_str))
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                format!("{hint}needs in content/catalog.toml: {}", known.join(", "))
            }
            ArgError::BadLimit(_) => "for example `limit=5`".into(),
            ArgError::UnsafeLink(_) => {
                "for example `cta_href=\"https://example.com/contact\"` or `/contact/`".into()
            }
            ArgError::BadHistory(_) => "`replace` (the default) keeps one history entry".into(),
        }
    }
}

/// Checks every argument; `needs` ids against `known_needs` (the catalog's need ids).
pub(crate) fn check(
    args: &BTreeMap<String, String>,
    known_needs: &[String],
) -> Result<(), ArgError> {
    for (name, value) in args {
        let value = value.trim();
        match name.as_str() {
            "needs" => {
                let unknown = value
                    .split([' ', ','])
                    .filter(|id| !id.is_empty())
                    .find(|id| !known_needs.iter().any(|k| k == id));
                if let Some(id) = unknown {
                    return Err(ArgError::UnknownNeed(id.into(), known_needs.to_vec()));
                }
            }
            "limit" => match value.parse::<u32>() {
                Ok(1..=100) => {}
                _ => return Err(ArgError::BadLimit(value.into())),
            },
            "cta_href" | "cta-href" if !is_safe_link(value) => {
                return Err(ArgError::UnsafeLink(value.into()))
            }
            "history" if !["replace", "push", "none"].contains(&value) => {
                return Err(ArgError::BadHistory(value.into()))
            }
            known if ARGUMENTS.iter().any(|(n, a)| *n == known || *a == known) => {}
            other => return Err(ArgError::UnknownArgument(other.into())),
        }
    }
    Ok(())
}

/// http(s) addresses and relative ones; never `javascript:`, `data:` or another scheme.
fn is_safe_link(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        // A colon after a path, query or fragment character is not a scheme ("/a:b", "?t=1:2").
        Some(colon) if lower[..colon].contains(['/', '?', '#']) => true,
        Some(_) => lower.starts_with("http://") || lower.starts_with("https://"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn needs() -> Vec<String> {
        vec!["payroll".into(), "after-hours-calls".into()]
    }

    #[test]
    fn known_arguments_and_needs_pass() {
        let ok = args(&[
            ("needs", "payroll, after-hours-calls"),
            ("limit", "5"),
            ("cta_href", "https://example.com/contact?utm_source=kb"),
            ("cta_label", "Talk to us"),
            ("history", "push"),
        ]);
        assert_eq!(check(&ok, &needs()), Ok(()));
        assert_eq!(check(&args(&[("cta_href", "/contact/")]), &needs()), Ok(()));
    }

    #[test]
    fn an_unknown_need_is_named_with_a_suggestion() {
        let e = check(&args(&[("needs", "payrol")]), &needs()).unwrap_err();
        assert_eq!(e, ArgError::UnknownNeed("payrol".into(), needs()));
        assert!(
            e.help().starts_with("did you mean `payroll`?"),
            "{}",
            e.help()
        );
    }

    #[test]
    fn a_misspelt_argument_unsafe_link_and_bad_limit_are_errors() {
        let e = check(&args(&[("nedds", "payroll")]), &needs()).unwrap_err();
        assert!(e.help().contains("did you mean `needs`"));
        assert!(check(&args(&[("cta_href", "javascript:alert(1)")]), &needs()).is_err());
        assert!(check(&args(&[("cta_href", " JavaScript:x")]), &needs()).is_err());
        assert!(check(&args(&[("limit", "0")]), &needs()).is_err());
        assert!(check(&args(&[("limit", "101")]), &needs()).is_err());
        assert!(check(&args(&[("history", "always")]), &needs()).is_err());
    }
}
