//! "Is a call center enough, or do I need broader BPO?" answered from the catalog's own data: a need is
//! back-office work when most services that carry it are BPO-scoped or back-office services.

use crate::bitset::Bitset;
use crate::schema::{AdviceConfig, Facet, Schema};

/// The facet and value ids the advice reads; they are data conventions of catalog.toml, not need ids.
pub(crate) const SCOPE_FACET: &str = "scope";
pub(crate) const SCOPE_BPO: &str = "bpo";
pub(crate) const SCOPE_CALL_CENTER: &str = "call-center";
/// The facet that says whether a service is front office, back office or both: its `back` value counts as
/// back-office work for the advice, and the no-JS catalog groups services by it.
pub const OFFICE_FACET: &str = "office";
const OFFICE_BACK: &str = "back";

/// Which kind of provider the buyer's needs call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Verdict {
    /// A call center is enough: the needs are mostly conversations.
    CallCenter,
    /// Broader BPO fits better: work behind the conversations weighs at least as much as the conversations.
    Bpo,
}

/// The advice panel's content, as data: each front end words it in its own language ([`Advice::english`] for
/// the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// `None` when there is nothing to judge: nothing said yet, or no service covers what was asked for.
    pub verdict: Option<Verdict>,
    /// Why, for the front end to word; it matches `verdict` (a verdict-less advice has a verdict-less reason).
    pub reason: Reason,
    /// The one or two strongest things the buyer said or checked, for the reason to quote.
    pub said: Vec<Said>,
    /// The guide page from `[advice]` plus "#anchor", as written there ("@/..."); the caller maps it to a URL.
    pub link: Option<String>,
}

/// Why the advice says what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Nothing picked or written yet.
    NothingSaid,
    /// No service carries what the buyer asked for.
    NotCovered,
    /// Work behind the conversation: broader BPO.
    Bpo,
    /// Conversations, and the buyer's own team keeps the work behind them: a call center.
    CallCenterTeamKeepsBackOffice,
    /// Only conversations: a call center.
    CallCenter,
    /// Nothing said names a need, but the service that fits the words best is of the verdict's kind; `said`
    /// holds its title.
    BestFit,
}

/// The first result, when it is a match: whether it is BPO-scoped, and its title for the reason to name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BestFit {
    pub bpo: bool,
    pub title: String,
}

/// One thing the reason quotes: the buyer's words, or a need they checked (its English label in `words`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The buyer's words as written, or the checked need's English label.
    pub words: String,
    /// The index of the checked need in the needs facet; None for the buyer's own words.
    pub picked: Option<usize>,
}

impl Advice {
    /// The reason in English prose, quoting what was said: `You said "payroll": that is work behind ...`.
    pub fn english(&self) -> String {
        let quote = english_quote(&self.said);
        match self.reason {
            Reason::NothingSaid => "Pick a need, or describe it in a few words, to see whether a call center is \
                                    enough or broader BPO fits better."
                .to_string(),
            Reason::NotCovered => {
                "No service in the catalog covers these needs yet, so there is no advice to give.".to_string()
            }
            Reason::Bpo => format!(
                "{quote}: that is work behind the conversation, so broader BPO fits better than a call center."
            ),
            Reason::CallCenterTeamKeepsBackOffice => format!(
                "{quote}: the job is handling the conversations and your own team keeps the work behind them, so \
                 a call center is enough."
            ),
            Reason::CallCenter => {
                format!("{quote}: that is about handling conversations, so a call center is enough.")
            }
            Reason::BestFit => {
                let title = self.said.first().map_or("", |s| s.words.as_str());
                if self.verdict == Some(Verdict::Bpo) {
                    format!(
                        "\u{201c}{title}\u{201d} fits your words best, and it takes on the work behind the \
                         conversations too, so broader BPO fits better than a call center."
                    )
                } else {
                    format!(
                        "\u{201c}{title}\u{201d} fits your words best, and it handles the conversations, so a \
                         call center is enough."
                    )
                }
            }
        }
    }
}

/// `You said "payroll" and "the whole cycle"`, `You picked "Run payroll" and said "whole cycle"`.
fn english_quote(said: &[Said]) -> String {
    let verb = |s: &Said| if s.picked.is_some() { "picked" } else { "said" };
    let q = |s: &Said| format!("\u{201c}{}\u{201d}", s.words);
    match said {
        [a, b] if a.picked.is_some() == b.picked.is_some() => {
            format!("You {} {} and {}", verb(a), q(a), q(b))
        }
        [a, b] => format!("You {} {} and {} {}", verb(a), q(a), verb(b), q(b)),
        [a, ..] => format!("You {} {}", verb(a), q(a)),
        [] => "You asked".to_string(),
    }
}

/// What kind of work one need is, judged from the services that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NeedSide {
    Conversation,
    BackOffice,
}

/// Classifies each value of the needs facet; `None` where no service carries the need.
/// `listed[f][v]` is the set of services that list value `v` of facet `f`; `carriers[v]` the set of services
/// that have need `v`.
pub(crate) fn classify_needs(
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

/// A need the advice weighs: checked (weight 1, no words) or read from the text (its confidence and words).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AdviceNeed {
    pub value: usize,
    pub weight: f32,
    pub words: Option<String>,
}

/// How much a scope signal ("we only need the phones answered", "run the whole cycle") weighs against the
/// needs: more than one clearly read need, because it is the buyer saying outright how much they hand over.
const SIGNAL_WEIGHT: f32 = 2.5;

/// How much the kind of the best-fitting service weighs, on its side only when the buyer asked for something
/// of that side: the ranking has weighed every word of the sentence against every service, so the service that
/// fits best says which side the details the need counts missed lean to ("across all six sites", "in our
/// system"), and the advice never contradicts the first result without cause. It weighs more than a scope
/// signal, but counts only when no signal speaks for the other side.
const BEST_FIT_WEIGHT: f32 = 4.0;

/// The advice for `needs` (checked and read), `signals` ((is BPO, the buyer's words)) and the best fitting
/// service (`best_fit`).
pub(crate) fn advise(
    needs: &[AdviceNeed],
    signals: &[(bool, String)],
    best_fit: Option<BestFit>,
    sides: &[Option<NeedSide>],
    needs_facet: Option<&Facet>,
    config: &AdviceConfig,
) -> Advice {
    if needs.is_empty() && signals.is_empty() {
        // Words that name no need still found a best fit: its kind is the answer the results already give.
        return match best_fit {
            Some(fit) => decided(
                fit.bpo,
                Reason::BestFit,
                vec![Said {
                    words: fit.title,
                    picked: None,
                }],
                config,
            ),
            None => Advice {
                verdict: None,
                reason: Reason::NothingSaid,
                said: Vec::new(),
                link: None,
            },
        };
    }
    let label = |v: usize| {
        needs_facet
            .and_then(|f| f.values.get(v))
            .map_or_else(|| format!("need #{v}"), |value| value.label.clone())
    };
    // Each side's weight, and what the buyer said (or checked) for it, strongest first.
    let mut weight = [0f32; 2];
    // Per side: (weight, what was said).
    let mut said: [Vec<(f32, Said)>; 2] = [Vec::new(), Vec::new()];
    for need in needs {
        let side = match sides.get(need.value).copied().flatten() {
            Some(NeedSide::BackOffice) => 1,
            Some(NeedSide::Conversation) => 0,
            None => continue,
        };
        weight[side] += need.weight;
        let said_here = match &need.words {
            Some(words) => Said {
                words: words.clone(),
                picked: None,
            },
            None => Said {
                words: label(need.value),
                picked: Some(need.value),
            },
        };
        said[side].push((need.weight, said_here));
    }
    for (bpo, words) in signals {
        let side = usize::from(*bpo);
        weight[side] += SIGNAL_WEIGHT;
        let words = words.clone();
        said[side].push((
            SIGNAL_WEIGHT,
            Said {
                words,
                picked: None,
            },
        ));
    }
    if let Some(fit) = best_fit {
        let side = usize::from(fit.bpo);
        // The buyer saying outright how much they hand over outweighs what the ranking makes of the details.
        let contradicted = signals.iter().any(|(bpo, _)| *bpo != fit.bpo);
        if !said[side].is_empty() && !contradicted {
            weight[side] += BEST_FIT_WEIGHT;
        }
    }
    for list in &mut said {
        crate::sort::sort_by(list, &|a, b| b.0.total_cmp(&a.0));
    }
    let [conversation, back_office] = weight;
    if conversation == 0.0 && back_office == 0.0 {
        return Advice {
            verdict: None,
            reason: Reason::NotCovered,
            said: Vec::new(),
            link: None,
        };
    }
    // Work behind the conversation that a buyer asks for as much as anything else cannot be done by a call
    // center, so a tie goes to BPO.
    let bpo = back_office > 0.0 && back_office >= conversation;
    let [cc_said, bpo_said] = &said;
    let said = strongest(if bpo { bpo_said } else { cc_said });
    let reason = if bpo {
        Reason::Bpo
    } else if back_office > 0.0 {
        Reason::CallCenterTeamKeepsBackOffice
    } else {
        Reason::CallCenter
    };
    decided(bpo, reason, said, config)
}

/// An advice with a verdict (BPO when `bpo`), linked to that verdict's guide page.
fn decided(bpo: bool, reason: Reason, said: Vec<Said>, config: &AdviceConfig) -> Advice {
    let (verdict, page) = if bpo {
        (Verdict::Bpo, config.bpo_page.as_deref())
    } else {
        (Verdict::CallCenter, config.call_center_page.as_deref())
    };
    Advice {
        verdict: Some(verdict),
        reason,
        said,
        link: link(page, config),
    }
}

/// The one or two strongest things the buyer said or checked (each once), for the reason to quote.
fn strongest(said: &[(f32, Said)]) -> Vec<Said> {
    let mut out: Vec<Said> = Vec::new();
    for (_, s) in said {
        if out.len() < 2 && !out.iter().any(|o| o.words == s.words) {
            out.push(s.clone());
        }
    }
    out
}

fn link(page: Option<&str>, config: &AdviceConfig) -> Option<String> {
    let page = page?;
    Some(match config.anchor.as_deref() {
        Some(anchor) if !anchor.is_empty() => format!("{page}#{anchor}"),
        _ => page.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(value: usize, weight: f32, words: Option<&str>) -> AdviceNeed {
        AdviceNeed {
            value,
            weight,
            words: words.map(str::to_string),
        }
    }

    fn fit(bpo: bool) -> BestFit {
        BestFit {
            bpo,
            title: "Payroll desk".into(),
        }
    }

    const SIDES: [Option<NeedSide>; 3] = [
        Some(NeedSide::Conversation),
        Some(NeedSide::BackOffice),
        None,
    ];

    fn config() -> AdviceConfig {
        AdviceConfig {
            call_center_page: Some("@/guides/a.md".into()),
            bpo_page: Some("@/guides/b.md".into()),
            anchor: Some("the-short-test".into()),
        }
    }

    #[test]
    fn nothing_said_means_no_verdict() {
        let advice = advise(&[], &[], None, &SIDES, None, &config());
        assert_eq!(advice.verdict, None);
        assert!(advice.english().starts_with("Pick a need"));
        let uncovered = advise(&[need(2, 1.0, None)], &[], None, &SIDES, None, &config());
        assert_eq!(uncovered.verdict, None);
    }

    #[test]
    fn the_heavier_side_wins_and_its_words_are_quoted() {
        let cc = advise(
            &[need(0, 1.0, Some("answer the phones"))],
            &[],
            None,
            &SIDES,
            None,
            &config(),
        );
        assert_eq!(cc.verdict, Some(Verdict::CallCenter));
        assert_eq!(cc.link.as_deref(), Some("@/guides/a.md#the-short-test"));
        assert_eq!(
            cc.english(),
            "You said \u{201c}answer the phones\u{201d}: that is about handling conversations, so a call center is enough."
        );
        let bpo = advise(
            &[need(0, 1.0, None), need(1, 1.5, Some("payroll"))],
            &[],
            None,
            &SIDES,
            None,
            &config(),
        );
        assert_eq!(bpo.verdict, Some(Verdict::Bpo));
        assert_eq!(bpo.link.as_deref(), Some("@/guides/b.md#the-short-test"));
        assert!(bpo
            .english()
            .starts_with("You said \u{201c}payroll\u{201d}"));
        // A tie goes to BPO: a call center cannot do the back-office half.
        let tie = advise(
            &[need(0, 1.0, None), need(1, 1.0, None)],
            &[],
            None,
            &SIDES,
            None,
            &config(),
        );
        assert_eq!(tie.verdict, Some(Verdict::Bpo));
        let under = advise(
            &[need(0, 1.0, None), need(1, 0.99, None)],
            &[],
            None,
            &SIDES,
            None,
            &config(),
        );
        assert_eq!(under.verdict, Some(Verdict::CallCenter));
    }

    #[test]
    fn a_scope_signal_outweighs_two_read_needs_but_not_three() {
        let only = [(false, "only need the phones answered".to_string())];
        let two = [need(1, 1.0, Some("update records")), need(1, 1.0, None)];
        let advice = advise(&two, &only, None, &SIDES, None, &config());
        assert_eq!(advice.verdict, Some(Verdict::CallCenter));
        assert!(advice
            .english()
            .contains("your own team keeps the work behind them"));
        let three = [need(1, 1.0, None), need(1, 1.0, None), need(1, 1.0, None)];
        assert_eq!(
            advise(&three, &only, None, &SIDES, None, &config()).verdict,
            Some(Verdict::Bpo)
        );
        let whole = [(true, "the whole pay cycle".to_string())];
        assert_eq!(
            advise(&[], &whole, None, &SIDES, None, &config()).verdict,
            Some(Verdict::Bpo)
        );
    }

    #[test]
    fn the_best_fit_tips_the_balance_only_on_a_side_the_buyer_spoke_for() {
        // One conversation need against one lighter back-office need: the conversation wins alone...
        let two = [
            need(0, 1.0, Some("book patients")),
            need(1, 0.6, Some("verify coverage")),
        ];
        let alone = advise(&two, &[], None, &SIDES, None, &config());
        assert_eq!(alone.verdict, Some(Verdict::CallCenter));
        // ...but a BPO-scoped best fit says the details lean to the work behind the calls, quoting that work.
        let tipped = advise(&two, &[], Some(fit(true)), &SIDES, None, &config());
        assert_eq!(tipped.verdict, Some(Verdict::Bpo));
        assert!(
            tipped.english().contains("verify coverage"),
            "{}",
            tipped.english()
        );
        // A best fit never speaks for a side the buyer said nothing for.
        let calls = [need(0, 1.0, Some("answer the phones"))];
        let unheard = advise(&calls, &[], Some(fit(true)), &SIDES, None, &config());
        assert_eq!(unheard.verdict, Some(Verdict::CallCenter));
        // It outweighs more than one scope signal's worth of conversation words ("the phones, chat, email and
        // the inbox"), when the buyer also named the work behind them...
        let many = [
            need(0, 1.0, Some("answer the phones")),
            need(0, 1.0, Some("chat")),
            need(0, 1.0, Some("email")),
            need(0, 1.0, Some("the inbox")),
            need(1, 0.6, Some("update the orders")),
        ];
        let tipped = advise(&many, &[], Some(fit(true)), &SIDES, None, &config());
        assert_eq!(tipped.verdict, Some(Verdict::Bpo));
        // Nor does it outweigh the buyer saying outright what they hand over.
        let only = [(false, "only need the phones answered".to_string())];
        let said = advise(&two, &only, Some(fit(true)), &SIDES, None, &config());
        assert_eq!(said.verdict, Some(Verdict::CallCenter));
    }

    #[test]
    fn words_naming_no_need_take_the_kind_of_the_best_fit() {
        let advice = advise(&[], &[], Some(fit(true)), &SIDES, None, &config());
        assert_eq!(advice.verdict, Some(Verdict::Bpo));
        assert_eq!(advice.reason, Reason::BestFit);
        assert_eq!(advice.link.as_deref(), Some("@/guides/b.md#the-short-test"));
        assert_eq!(
            advice.english(),
            "\u{201c}Payroll desk\u{201d} fits your words best, and it takes on the work behind the \
             conversations too, so broader BPO fits better than a call center."
        );
        let cc = advise(&[], &[], Some(fit(false)), &SIDES, None, &config());
        assert_eq!(cc.verdict, Some(Verdict::CallCenter));
        assert!(
            cc.english().contains("handles the conversations"),
            "{}",
            cc.english()
        );
    }
}
