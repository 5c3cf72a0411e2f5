//! The prose of a service page that the explorer ranks by: who the service suits (the "Who it suits"
//! section), and who it does not (every sentence that sends a reader to another service instead, e.g.
//! "Medical practices should look at [medical after-hours answering](@/services/...)"). Read from the page's
//! Markdown by convention, so editors teach the explorer by writing the page as they already do. The services
//! those sentences link to are the page's alternatives: look-alikes the explorer keeps apart in its top results.

/// The heading (any level from `##`) whose section says who a service suits.
const SUITS_HEADING: &str = "who it suits";
/// A link to another service page: the sentence around it is a "not this one" pointer.
const SERVICE_LINK: &str = "](@/services/";

/// Who a service suits and who it sends elsewhere, as plain text, and where it sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceProse {
    /// The "Who it suits" section as plain text, less its sentences that point to another service; empty when
    /// the page has no such section.
    pub suits: String,
    /// Every sentence of the page that links to another service page, as plain text; empty when there is none.
    pub not_for: String,
    /// The slugs of the service pages it links to, in page order, each once.
    pub alternatives: Vec<String>,
}

/// Reads a service page (front matter, if any, is skipped).
pub fn service_text(page: &str) -> ServiceProse {
    let body = skip_front_matter(page);
    let mut out = ServiceProse::default();
    let mut in_suits = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("##") {
            in_suits = heading
                .trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case(SUITS_HEADING);
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        for sentence in sentences(trimmed) {
            if sentence.contains(SERVICE_LINK) {
                push(&mut out.not_for, &plain(sentence));
                for slug in linked_services(sentence) {
                    if !out.alternatives.iter().any(|a| a == slug) {
                        out.alternatives.push(slug.to_string());
                    }
                }
            } else if in_suits {
                push(&mut out.suits, &plain(sentence));
            }
        }
    }
    out
}

/// The slugs of the service pages a sentence links to: `[x](@/services/SLUG.md)`, with or without `#anchor`.
fn linked_services(sentence: &str) -> impl Iterator<Item = &str> {
    sentence.split(SERVICE_LINK).skip(1).filter_map(|rest| {
        let end = rest.find([')', '#'])?;
        let target = rest.get(..end)?;
        let slug = target.strip_suffix(".md").unwrap_or(target);
        // A service in a sub-folder is named by its file, as its slug is.
        let slug = slug.rsplit('/').next().unwrap_or(slug);
        (!slug.is_empty() && slug != "_index").then_some(slug)
    })
}

fn push(into: &mut String, text: &str) {
    if !into.is_empty() {
        into.push(' ');
    }
    into.push_str(text.trim());
}

/// The text after a `+++` or `---` front matter block.
fn skip_front_matter(page: &str) -> &str {
    let page = page.strip_prefix('\u{feff}').unwrap_or(page);
    for fence in ["+++", "---"] {
        if let Some(rest) = page.strip_prefix(fence) {
            if let Some(end) = rest.find(&format!("\n{fence}")) {
                return rest.get(end + 1 + fence.len()..).unwrap_or("");
            }
        }
    }
    page
}

/// Splits a paragraph or list item at sentence ends (". ", "? ", "! "), keeping link targets whole. A
/// semicolon does not end one: "if callers expect a booking, you need more; see X" is one pointer.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, pair) in bytes.windows(2).enumerate() {
        if matches!(pair[0], b'.' | b'?' | b'!') && pair[1] == b' ' {
            out.push(line.get(start..=i).unwrap_or(""));
            start = i + 2;
        }
    }
    out.push(line.get(start..).unwrap_or(""));
    out.retain(|s| !s.trim().is_empty());
    out
}

/// Markdown inline syntax reduced to its words: `[text](target)` becomes `text`, emphasis marks and a list
/// bullet go.
fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown.trim_start_matches(['-', '*', ' ']);
    while let Some(open) = rest.find("](") {
        let Some(close) = rest.get(open..).and_then(|r| r.find(')')) else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or(""));
        rest = rest.get(open + close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out.retain(|c| !matches!(c, '[' | '*' | '`' | '_'));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suits_and_redirects_come_from_the_page() {
        let page = "+++\ntitle = \"x\"\n+++\n\n## What the service does\n\nAnswers calls. Plain [inbound](@/call-centers/inbound.md) work.\n\n## Who it suits\n\nPlumbers and **property managers**. Medical practices should look at [medical answering](@/services/medical.md), which adds HIPAA.\n\n## Before you buy\n\n- Ask about minutes.\n- Hotels need more than answering; see the [reservation desk](@/services/reservation-desk.md).\n";
        let text = service_text(page);
        assert_eq!(text.suits, "Plumbers and property managers.");
        assert_eq!(
            text.not_for,
            "Medical practices should look at medical answering, which adds HIPAA. Hotels need more than answering; see the reservation desk."
        );
        assert_eq!(text.alternatives, ["medical", "reservation-desk"]);
    }

    #[test]
    fn alternatives_are_named_once_by_their_file() {
        let page = "See [a](@/services/a.md) or [b](@/services/deep/b.md#pricing). Again [a](@/services/a.md).\n";
        assert_eq!(service_text(page).alternatives, ["a", "b"]);
    }

    #[test]
    fn a_page_without_the_sections_has_no_text() {
        assert_eq!(service_text("Just a paragraph."), ServiceProse::default());
        assert_eq!(service_text(""), ServiceProse::default());
    }
}
