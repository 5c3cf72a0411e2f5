//! What the host page configures through the element's attributes, read once at mount.

use web_sys::Element;

/// Results per page when the `limit` attribute is missing or unreadable.
const DEFAULT_LIMIT: usize = 10;
/// Upper bound for `limit`, so a typo cannot render thousands of cards at once.
const MAX_LIMIT: usize = 100;

/// One widget's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Absolute URL of catalog.json.
    pub catalog_url: String,
    /// Need ids selected before the buyer does anything (attribute `needs`).
    pub preset_needs: Vec<String>,
    /// Results per page (attribute `limit`).
    pub limit: usize,
    /// Where the call-to-action on each card (and in the empty state) points, if anywhere.
    pub cta_href: Option<String>,
    /// The call-to-action's text (attribute `cta-label`); the language's "Talk to an expert" when absent.
    pub cta_label: Option<String>,
    /// Language of the widget's content (attribute `lang`), set on its root; it also picks the messages.
    pub lang: Option<String>,
    /// This widget's key in the URL hash; None when several anonymous widgets share the page.
    pub hash_key: Option<String>,
    /// What tells this widget from the others on the page (its `aria-label`, `id` or position); None alone.
    pub instance: Option<String>,
    /// How the widget's state reaches the host page's history (attribute `history`).
    pub history: HistoryMode,
}

/// `history="push|replace|none"`: whether a change adds a history entry (push: Back undoes it), updates the
/// current one (replace, the default: a shareable URL without a Back step per click) or leaves the URL alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HistoryMode {
    Push,
    Replace,
    None,
}

impl Settings {
    /// Reads the attributes of `host`; `default_catalog` is catalog.json beside the explorer/ folder.
    /// `position` counts from 1 among the page's widgets.
    pub(crate) fn from_element(
        host: &Element,
        default_catalog: &str,
        widgets_on_page: u32,
        position: u32,
    ) -> Settings {
        let attr = |name: &str| {
            host.get_attribute(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let hash_key = match attr("id") {
            Some(id) => Some(["explorer-", &id].concat()),
            None if widgets_on_page <= 1 => Some("explorer".to_string()),
            None => None,
        };
        let instance = (widgets_on_page > 1).then(|| {
            attr("aria-label")
                .or_else(|| attr("id"))
                .unwrap_or_else(|| position.to_string())
        });
        Settings {
            catalog_url: attr("catalog")
                .and_then(|url| crate::links::absolute(&url, &page_base()))
                .unwrap_or_else(|| default_catalog.to_string()),
            preset_needs: attr("needs").map(|v| split_list(&v)).unwrap_or_default(),
            limit: attr("limit")
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| *n > 0)
                .map_or(DEFAULT_LIMIT, |n| n.min(MAX_LIMIT)),
            cta_href: attr("cta-href"),
            cta_label: attr("cta-label"),
            lang: attr("lang"),
            hash_key,
            instance,
            history: match attr("history").as_deref() {
                Some("push") => HistoryMode::Push,
                Some("none") => HistoryMode::None,
                _ => HistoryMode::Replace,
            },
        }
    }
}

/// The page's base URL, against which relative attribute URLs are resolved.
pub(crate) fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default()
}

/// "a, b c" -> ["a", "b", "c"]
pub(crate) fn split_list(value: &str) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_list;

    #[test]
    fn lists_split_on_commas_and_spaces() {
        assert_eq!(
            split_list(" payroll, after-hours-calls  claims,"),
            ["payroll", "after-hours-calls", "claims"]
        );
        assert!(split_list(" , ").is_empty());
    }
}
