//! Large random catalogs with the real catalog's shape, for the benchmarks and the widget's demo page.

use crate::catalog::Catalog;
use crate::schema::{
    AdviceConfig, Facet, FacetKind, FacetValue, MatchKind, Schema, SCHEMA_VERSION,
};
use crate::service::{ServiceFacet, ServiceFacets, ServiceRecord};

const NEEDS: &[&str] = &[
    "after-hours-calls",
    "missed-calls",
    "overflow",
    "seasonal-spikes",
    "24x7-coverage",
    "multilingual",
    "fast-launch",
    "remote-agents",
    "customer-inquiries",
    "complaints",
    "message-taking",
    "on-call-escalation",
    "email-backlog",
    "live-chat",
    "social-media-response",
    "tech-troubleshooting",
    "ticket-triage",
    "escalation-management",
    "returns-refunds",
    "order-taking",
    "card-payments",
    "lead-generation",
    "lead-qualification",
    "appointment-setting",
    "upsell-cross-sell",
    "retention-win-back",
    "surveys-feedback",
    "market-research",
    "fundraising",
    "political-outreach",
    "event-registration",
    "appointment-reminders",
    "reservations",
    "patient-scheduling",
    "collections",
    "payment-tracking",
    "payroll",
    "bookkeeping",
    "accounts-payable",
    "financial-reporting",
    "tax-preparation",
    "medical-billing",
    "claims",
    "insurance-verification",
    "crm-updates",
    "data-entry",
    "document-management",
    "follow-up-tasks",
    "onboarding",
    "benefits-admin",
    "recruiting",
    "inventory-purchasing",
    "logistics-coordination",
    "content-moderation",
    "it-helpdesk",
    "network-monitoring",
    "software-development",
    "reduce-internal-workload",
    "cost-reduction",
];

/// Words for titles and summaries, so text search has realistic work to do.
const WORDS: &[&str] = &[
    "answering",
    "desk",
    "team",
    "support",
    "operations",
    "calls",
    "email",
    "chat",
    "billing",
    "payroll",
    "claims",
    "orders",
    "bookings",
    "patients",
    "customers",
    "agents",
    "evening",
    "weekend",
    "overflow",
    "records",
    "invoices",
    "leads",
    "surveys",
    "tickets",
    "reminders",
    "collections",
    "moderation",
    "helpdesk",
];

/// A deterministic pseudo-random catalog of `n` services (the same `n` and `seed` give the same catalog).
pub fn synthetic_catalog(n: usize, seed: u64) -> Catalog {
    let schema = synthetic_schema();
    let mut rng = SplitMix(seed);
    let services = (0..n)
        .map(|i| {
            let by_facet = schema
                .facets
                .iter()
                .map(|facet| match facet.kind {
                    FacetKind::Integer => ServiceFacet::Integer(Some(rng.below(20) as i64)),
                    FacetKind::Enum => ServiceFacet::Values(vec![rng.below(facet.values.len())]),
                    FacetKind::Set => {
                        let how_many = 1 + rng.below(facet.values.len().min(5));
                        let mut picked: Vec<usize> = Vec::new();
                        for _ in 0..how_many {
                            let v = rng.below(facet.values.len());
                            if !picked.contains(&v) {
                                picked.push(v);
                            }
                        }
                        ServiceFacet::Values(picked)
                    }
                })
                .collect();
            let title_words: Vec<&str> = (0..3).map(|_| rng.pick(WORDS)).collect();
            let summary_words: Vec<&str> = (0..14).map(|_| rng.pick(WORDS)).collect();
            let slug = format!("service-{i:06}");
            ServiceRecord {
                url: format!("/services/{slug}/"),
                slug,
                title: capitalise(&title_words.join(" ")),
                summary: capitalise(&summary_words.join(" ")) + ".",
                facets: ServiceFacets { by_facet },
                suits: String::new(),
                not_for: String::new(),
                alternatives: Vec::new(),
            }
        })
        .collect();
    Catalog { schema, services }
}

fn synthetic_schema() -> Schema {
    let facet = |id: &str, kind: FacetKind, match_kind: MatchKind, values: &[&str]| Facet {
        id: id.to_string(),
        label: capitalise(&id.replace('_', " ")),
        labels: Vec::new(),
        primary: false,
        group_labels: Vec::new(),
        question: None,
        kind,
        match_kind,
        required: true,
        filter: true,
        values: values
            .iter()
            .map(|v| FacetValue {
                id: v.to_string(),
                label: capitalise(&v.replace('-', " ")),
                labels: Vec::new(),
                group: None,
                page: None,
                keywords: vec![v.replace('-', " ")],
                matches_all: *v == "general",
            })
            .collect(),
    };
    use FacetKind::{Enum, Integer, Set};
    use MatchKind::*;
    Schema {
        version: SCHEMA_VERSION,
        advice: AdviceConfig::default(),
        vocabulary: Default::default(),
        rules: Vec::new(),
        facets: vec![
            facet("needs", Set, All, NEEDS),
            facet("office", Enum, Office, &["front", "back", "hybrid"]),
            facet("scope", Enum, Any, &["call-center", "bpo"]),
            facet(
                "channels",
                Set,
                All,
                &["voice", "email", "chat", "social", "sms", "none"],
            ),
            facet(
                "direction",
                Enum,
                Direction,
                &["inbound", "outbound", "both", "n/a"],
            ),
            facet(
                "sourcing_models",
                Set,
                Any,
                &["onshore", "nearshore", "offshore"],
            ),
            facet(
                "staffing_model",
                Enum,
                Staffing,
                &["shared", "dedicated", "either"],
            ),
            facet(
                "pricing_models",
                Set,
                Any,
                &[
                    "fixed-fee",
                    "transaction-based",
                    "per-minute",
                    "per-call",
                    "per-agent-hour",
                ],
            ),
            facet(
                "coverage_hours",
                Enum,
                AtLeast,
                &["business-hours", "extended", "24x7"],
            ),
            facet(
                "compliance",
                Set,
                All,
                &["PCI-DSS", "HIPAA", "GDPR", "SOC2", "ISO27001", "TCPA"],
            ),
            facet(
                "industries",
                Set,
                Any,
                &[
                    "general",
                    "healthcare",
                    "financial-services",
                    "insurance",
                    "retail-ecommerce",
                    "logistics",
                ],
            ),
            facet("languages", Set, All, &["en", "es", "fr", "de", "pt", "it"]),
            facet("min_team_size", Integer, AtMost, &[]),
            facet("ramp_up_weeks", Integer, AtMost, &[]),
            facet(
                "system_access",
                Enum,
                AtLeast,
                &["none", "read", "read-write"],
            ),
        ],
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// SplitMix64: tiny, deterministic, good enough for test data.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        let i = self.below(items.len());
        items.get(i).copied().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::record_problems;
    use crate::engine::{Engine, Query};

    #[test]
    fn synthetic_catalogs_are_valid_and_deterministic() {
        let a = synthetic_catalog(300, 7);
        assert_eq!(a, synthetic_catalog(300, 7));
        for service in &a.services {
            assert!(record_problems(&a.schema, service).is_empty());
        }
        let json = crate::json::to_json(&a);
        assert_eq!(crate::json::from_json(&json).map(|c| c == a), Ok(true));
    }

    #[test]
    fn ten_thousand_services_build_and_query() {
        let engine = Engine::new(&synthetic_catalog(10_000, 1));
        let mut q = Query {
            text: "evening calls payr".into(),
            limit: 20,
            ..Query::default()
        };
        q.selected.insert("channels".into(), vec!["voice".into()]);
        q.selected.insert("min_team_size".into(), vec!["5".into()]);
        let result = engine.query(&q);
        assert!(result.total > 0 && result.results.len() == 20);
    }
}
