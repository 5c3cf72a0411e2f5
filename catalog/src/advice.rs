//! "Is a call center enough, or do I need broader BPO?" answered from the catalog's own data: a need is
//! back-office work when most services that carry it are BPO-scoped or back-office services.

use crate::bitset::Bitset;
use crate::schema::{AdviceConfig, Facet, Schema};

/// The facet and value ids the advice reads; they are data conventions of catalog.toml, not need ids.
const SCOPE_FACET: &str = "scope";
const SCOPE_BPO: &str = "bpo";
const OFFICE_FACET: &str = "office";
const OFFICE_BACK: &str = "back";

/// Which kind of provider the buyer's needs call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Verdict {
    CallCenter,
    Bpo,
}

/// The advice panel's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub verdict: Option<Verdict>,
    pub reason: String,
    /// The guide page from `[advice]` plus "#anchor", as written there ("@/..."); the caller maps it to a URL.
    pub link: Option<String>,
}

/// What kind of work one need is, judged from the services that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedSide {
    Conversation,
    BackOffice,
}

/// Classifies each value of the needs facet; `None` where no service carries the need.
/// `listed[f][v]` is the set of services that list value `v` of facet `f`; `carriers[v]` the set of services
/// that have need `v`.
pub fn classify_needs(
    schema: &Schema,
    listed: &[&[Bitset]],
    carriers: &[Bitset],
) -> Vec<Option<NeedSide>> {
    let listing = |facet: &str, value: &str| {
        let f = schema.facet_index(facet)?;
        let v = schema.facets.get(f)?.value_index(value)?;
        listed.get(f)?.get(v)
    };
    let bpo = listing(SCOPE_FACET, SCOPE_BPO);
    let back = listing(OFFICE_FACET, OFFICE_BACK);
    // Back-office services: BPO-scoped or back-office ones, as listed (a matches-all value does not count).
    let mut back_office = Bitset::empty(carriers.first().map_or(0, Bitset::len));
    for set in bpo.into_iter().chain(back) {
        back_office.or_with(set);
    }
    carriers
        .iter()
        .map(|set| {
            let total = set.count();
            if total == 0 || (bpo.is_none() && back.is_none()) {
                return None;
            }
            Some(if set.count_and(&back_office) * 2 > total {
                NeedSide::BackOffice
            } else {
                NeedSide::Conversation
            })
        })
        .collect()
}

/// The advice for `needs` (value indexes of the needs facet, selected and inferred).
pub fn advise(
    needs: &[usize],
    sides: &[Option<NeedSide>],
    needs_facet: Option<&Facet>,
    config: &AdviceConfig,
) -> Advice {
    if needs.is_empty() {
        return Advice {
            verdict: None,
            reason: "Pick a need, or describe it in a few words, to see whether a call center is enough or \
                     broader BPO fits better."
                .to_string(),
            link: None,
        };
    }
    let label = |v: usize| {
        needs_facet
            .and_then(|f| f.values.get(v))
            .map_or_else(|| format!("need #{v}"), |value| value.label.clone())
    };
    let mut back_office = Vec::new();
    let mut conversation = Vec::new();
    for &v in needs {
        match sides.get(v).copied().flatten() {
            Some(NeedSide::BackOffice) => back_office.push(label(v)),
            Some(NeedSide::Conversation) => conversation.push(label(v)),
            None => {}
        }
    }
    if !back_office.is_empty() {
        let verb = if back_office.len() == 1 { "is" } else { "are" };
        let mut reason = format!(
            "{} {verb} back-office work: broader BPO fits better than a call center.",
            join_labels(&back_office)
        );
        if !conversation.is_empty() {
            reason.push_str(" One BPO partner can take the conversations too.");
        }
        return Advice {
            verdict: Some(Verdict::Bpo),
            reason,
            link: link(config.bpo_page.as_deref(), config),
        };
    }
    if !conversation.is_empty() {
        let subject = if conversation.len() == 1 {
            "This need is"
        } else {
            "These needs are"
        };
        return Advice {
            verdict: Some(Verdict::CallCenter),
            reason: format!("{subject} about handling conversations: a call center is enough."),
            link: link(config.call_center_page.as_deref(), config),
        };
    }
    Advice {
        verdict: None,
        reason: "No service in the catalog covers these needs yet, so there is no advice to give."
            .to_string(),
        link: None,
    }
}

fn link(page: Option<&str>, config: &AdviceConfig) -> Option<String> {
    let page = page?;
    Some(match config.anchor.as_deref() {
        Some(anchor) if !anchor.is_empty() => format!("{page}#{anchor}"),
        _ => page.to_string(),
    })
}

/// "A", "A and b", "A, b and c": labels after the first start lowercase mid-sentence, unless they start with
/// an acronym ("IT help desk").
fn join_labels(labels: &[String]) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(labels.len());
    for (i, label) in labels.iter().enumerate() {
        parts.push(if i == 0 {
            label.clone()
        } else {
            mid_sentence(label)
        });
    }
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            let mut out = String::with_capacity(label.len());
            crate::lowercase::push_lowercase(first, &mut out);
            out.extend(label.chars().skip(1));
            out
        }
        _ => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_join_like_a_sentence() {
        let l = |v: &[&str]| join_labels(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&["Payroll"]), "Payroll");
        assert_eq!(l(&["Payroll", "Claims"]), "Payroll and claims");
        assert_eq!(
            l(&["Run payroll", "Process claims", "IT help desk"]),
            "Run payroll, process claims and IT help desk"
        );
    }

    #[test]
    fn no_needs_means_no_verdict() {
        let advice = advise(&[], &[], None, &AdviceConfig::default());
        assert_eq!(advice.verdict, None);
        assert!(advice.reason.starts_with("Pick a need"));
    }

    #[test]
    fn links_carry_the_anchor() {
        let config = AdviceConfig {
            call_center_page: Some("@/guides/a.md".into()),
            bpo_page: Some("@/guides/b.md".into()),
            anchor: Some("the-short-test".into()),
        };
        let sides = [Some(NeedSide::Conversation), Some(NeedSide::BackOffice)];
        let cc = advise(&[0], &sides, None, &config);
        assert_eq!(cc.verdict, Some(Verdict::CallCenter));
        assert_eq!(cc.link.as_deref(), Some("@/guides/a.md#the-short-test"));
        let bpo = advise(&[0, 1], &sides, None, &config);
        assert_eq!(bpo.verdict, Some(Verdict::Bpo));
        assert_eq!(bpo.link.as_deref(), Some("@/guides/b.md#the-short-test"));
        assert!(bpo
            .reason
            .ends_with("One BPO partner can take the conversations too."));
    }
}
