//! Engine tests on tiny hand-built catalogs, one per match rule, plus a property test against a naive filter.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::advice::Verdict;
use crate::catalog::build_catalog;
use crate::schema::parse_schema;
use crate::service::{parse_service, ServiceFacet, ServiceFacets};

const SCHEMA: &str = r#"version = 1
[vocabulary]
negations = ["dont", "no"]
retention = ["stays with us", "our * keep the", "keep doing"]

[advice]
call_center_page = "@/guides/cc.md"
bpo_page = "@/guides/bpo.md"
anchor = "the-short-test"

[[facet]]
id = "needs"
label = "Needs"
kind = "set"
match = "all"
values = [
  { id = "after-hours-calls", label = "Answer calls after hours", keywords = ["after hours", "evening", "6pm", "weekend"] },
  { id = "message-taking", label = "Take messages", keywords = ["take messages", "receptionist"] },
  { id = "payroll", label = "Run payroll", keywords = ["payroll", "payslips"] },
]
[[facet]]
id = "scope"
label = "Scope"
kind = "enum"
values = [{ id = "call-center", label = "Call center" }, { id = "bpo", label = "BPO" }]
[[facet]]
id = "office"
label = "Office"
kind = "enum"
match = "office"
values = [{ id = "front", label = "Front" }, { id = "back", label = "Back" }, { id = "hybrid", label = "Hybrid" }]
[[facet]]
id = "direction"
label = "Direction"
kind = "enum"
match = "direction"
values = [{ id = "inbound", label = "In" }, { id = "outbound", label = "Out" }, { id = "both", label = "Both" }, { id = "n/a", label = "None" }]
[[facet]]
id = "staffing_model"
label = "Staffing"
kind = "enum"
match = "staffing"
values = [{ id = "shared", label = "Shared" }, { id = "dedicated", label = "Dedicated" }, { id = "either", label = "Either" }]
[[facet]]
id = "coverage_hours"
label = "Hours"
kind = "enum"
match = "at-least"
values = [{ id = "business-hours", label = "Business hours" }, { id = "extended", label = "Extended" }, { id = "24x7", label = "24x7" }]
[[facet]]
id = "industries"
label = "Industry"
kind = "set"
values = [{ id = "general", label = "Any industry", matches_all = true }, { id = "healthcare", label = "Healthcare" }, { id = "retail", label = "Retail" }]
[[facet]]
id = "min_team_size"
label = "Team"
kind = "integer"
[[facet]]
id = "delivery_regions"
label = "Countries"
kind = "set"
required = false
filter = false
values = [{ id = "US", label = "United States" }]
"#;

const DEFAULTS: &[(&str, &str)] = &[
    ("needs", "[]"),
    ("scope", "\"call-center\""),
    ("office", "\"front\""),
    ("direction", "\"inbound\""),
    ("staffing_model", "\"shared\""),
    ("coverage_hours", "\"business-hours\""),
    ("industries", "[\"retail\"]"),
    ("min_team_size", "0"),
];

/// A service page's front matter: the defaults above with `overrides` applied.
fn front_matter(overrides: &[(&str, &str)]) -> String {
    let mut out = String::from("[service]\n");
    for (key, default) in DEFAULTS {
        let value = overrides
            .iter()
            .find(|(k, _)| k == key)
            .map_or(*default, |(_, v)| *v);
        out.push_str(&format!("{key} = {value}\n"));
    }
    out
}

fn record(
    schema: &Schema,
    slug: &str,
    title: &str,
    summary: &str,
    overrides: &[(&str, &str)],
) -> ServiceRecord {
    ServiceRecord {
        slug: slug.to_string(),
        title: title.to_string(),
        summary: summary.to_string(),
        url: format!("/services/{slug}/"),
        facets: parse_service(schema, &front_matter(overrides)).expect("test service is valid"),
        suits: String::new(),
        not_for: String::new(),
        alternatives: Vec::new(),
    }
}

/// A catalog of services that differ only in the listed facets; titles default to the slug.
fn catalog(services: &[(&str, &[(&str, &str)])]) -> Catalog {
    let schema = parse_schema(SCHEMA).expect("test schema is valid");
    let records = services
        .iter()
        .map(|(slug, overrides)| record(&schema, slug, slug, "", overrides))
        .collect();
    build_catalog(schema, records).expect("test catalog is valid")
}

fn select(pairs: &[(&str, &[&str])]) -> Query {
    Query {
        selected: pairs
            .iter()
            .map(|(f, vs)| (f.to_string(), vs.iter().map(|v| v.to_string()).collect()))
            .collect(),
        text: String::new(),
        limit: 0,
        dismissed: Vec::new(),
    }
}

fn slugs(result: &QueryResult) -> Vec<&str> {
    let mut slugs: Vec<&str> = result.results.iter().map(|h| h.slug.as_str()).collect();
    slugs.sort_unstable();
    slugs
}

/// The slugs `text` finds (in slug order), every result asked for.
fn found(engine: &Engine, text: &str) -> Vec<String> {
    let result = engine.query(&Query {
        text: text.into(),
        ..Query::default()
    });
    slugs(&result).into_iter().map(str::to_string).collect()
}

fn count(result: &QueryResult, facet: &str, value: &str) -> usize {
    result
        .counts
        .get(facet)
        .and_then(|c| c.get(value))
        .copied()
        .unwrap_or(usize::MAX)
}

#[test]
fn any_matches_services_with_at_least_one_value_and_honours_matches_all() {
    let engine = Engine::new(&catalog(&[
        ("general", &[("industries", "[\"general\"]")]),
        ("health", &[("industries", "[\"healthcare\"]")]),
        ("retail", &[("industries", "[\"retail\"]")]),
        ("both", &[("industries", "[\"healthcare\", \"retail\"]")]),
    ]));
    let r = engine.query(&select(&[("industries", &["healthcare"])]));
    assert_eq!(slugs(&r), vec!["both", "general", "health"]);
    assert_eq!(r.total, 3);
    let r = engine.query(&select(&[("industries", &["healthcare", "retail"])]));
    assert_eq!(slugs(&r), vec!["both", "general", "health", "retail"]);
    // Selecting `general` itself finds only services that say `general`.
    let r = engine.query(&select(&[("industries", &["general"])]));
    assert_eq!(slugs(&r), vec!["general"]);
    // Counts of an any-facet ignore its own selection: each value counts as if it were selected alone.
    assert_eq!(count(&r, "industries", "healthcare"), 3);
    assert_eq!(count(&r, "industries", "retail"), 3);
    assert_eq!(count(&r, "industries", "general"), 1);
}

#[test]
fn all_needs_every_value_and_lists_near_misses_after_full_matches() {
    let engine = Engine::new(&catalog(&[
        (
            "ab",
            &[("needs", "[\"after-hours-calls\", \"message-taking\"]")],
        ),
        (
            "abc",
            &[(
                "needs",
                "[\"after-hours-calls\", \"message-taking\", \"payroll\"]",
            )],
        ),
        ("a", &[("needs", "[\"after-hours-calls\"]")]),
        ("c", &[("needs", "[\"payroll\"]")]),
        ("none", &[]),
    ]));
    let r = engine.query(&select(&[(
        "needs",
        &["after-hours-calls", "message-taking"],
    )]));
    assert_eq!(r.total, 2);
    let order: Vec<(&str, &[String])> = r
        .results
        .iter()
        .map(|h| (h.slug.as_str(), h.missing.as_slice()))
        .collect();
    assert_eq!(order.len(), 3);
    // Full matches first, the specialist (all of its needs asked for) before the broader bundle.
    assert_eq!(order[0], ("ab", &[][..]));
    assert_eq!(order[1], ("abc", &[][..]));
    assert_eq!(order[2], ("a", &["message-taking".to_string()][..]));
    // Near-misses in order of how many selected needs they cover.
    let r3 = engine.query(&select(&[(
        "needs",
        &["after-hours-calls", "message-taking", "payroll"],
    )]));
    let ranked: Vec<&str> = r3.results.iter().map(|h| h.slug.as_str()).collect();
    assert_eq!(ranked[..2], ["abc", "ab"]);
    // "a" and "c" each cover one need; "a" lists nothing else, so it fits as squarely as "c" and the
    // title breaks the tie.
    assert_eq!(ranked[2..], ["a", "c"]);
    // Counts of an all-facet narrow the current result.
    assert_eq!(count(&r, "needs", "payroll"), 1);
    assert_eq!(count(&r, "needs", "after-hours-calls"), 2);
    // One selected need has no near-misses: a service either has it or not.
    let r = engine.query(&select(&[("needs", &["payroll"])]));
    assert_eq!(slugs(&r), vec!["abc", "c"]);
    assert!(r.results.iter().all(|h| h.missing.is_empty()));
}

#[test]
fn at_least_accepts_the_selected_level_and_above() {
    let engine = Engine::new(&catalog(&[
        ("bh", &[("coverage_hours", "\"business-hours\"")]),
        ("ext", &[("coverage_hours", "\"extended\"")]),
        ("always", &[("coverage_hours", "\"24x7\"")]),
    ]));
    let ids = |sel: &[&str]| {
        let r = engine.query(&select(&[("coverage_hours", sel)]));
        slugs(&r).into_iter().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(ids(&["business-hours"]), vec!["always", "bh", "ext"]);
    assert_eq!(ids(&["extended"]), vec!["always", "ext"]);
    assert_eq!(ids(&["24x7"]), vec!["always"]);
    // Several levels selected: the lowest one decides.
    assert_eq!(ids(&["24x7", "extended"]), vec!["always", "ext"]);
    let r = engine.query(&select(&[("coverage_hours", &["24x7"])]));
    assert_eq!(count(&r, "coverage_hours", "extended"), 2);
}

#[test]
fn at_most_accepts_numbers_up_to_the_selection() {
    let engine = Engine::new(&catalog(&[
        ("zero", &[("min_team_size", "0")]),
        ("three", &[("min_team_size", "3")]),
        ("ten", &[("min_team_size", "10")]),
    ]));
    let r = engine.query(&select(&[("min_team_size", &["3"])]));
    assert_eq!(slugs(&r), vec!["three", "zero"]);
    let r = engine.query(&select(&[("min_team_size", &["2"])]));
    assert_eq!(slugs(&r), vec!["zero"]);
    let r = engine.query(&select(&[("min_team_size", &["-1"])]));
    assert_eq!(r.total, 0);
    // Several numbers: the largest decides; text that is not a number is ignored.
    let r = engine.query(&select(&[("min_team_size", &["0", "10"])]));
    assert_eq!(r.total, 3);
    let r = engine.query(&select(&[("min_team_size", &["lots"])]));
    assert_eq!(r.total, 3);
    // Counts: one entry per number in the catalog, meaning "at most this".
    let expected: BTreeMap<String, usize> = [("0", 1), ("3", 2), ("10", 3)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    assert_eq!(r.counts.get("min_team_size"), Some(&expected));
}

#[test]
fn office_front_and_back_include_hybrid_but_hybrid_is_only_hybrid() {
    let engine = Engine::new(&catalog(&[
        ("front", &[("office", "\"front\"")]),
        ("back", &[("office", "\"back\"")]),
        ("hybrid", &[("office", "\"hybrid\"")]),
    ]));
    let ids = |sel: &[&str]| {
        let r = engine.query(&select(&[("office", sel)]));
        slugs(&r).into_iter().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(ids(&["front"]), vec!["front", "hybrid"]);
    assert_eq!(ids(&["back"]), vec!["back", "hybrid"]);
    assert_eq!(ids(&["hybrid"]), vec!["hybrid"]);
    assert_eq!(ids(&["front", "back"]), vec!["back", "front", "hybrid"]);
    let r = engine.query(&select(&[]));
    assert_eq!(
        (
            count(&r, "office", "front"),
            count(&r, "office", "back"),
            count(&r, "office", "hybrid")
        ),
        (2, 2, 1)
    );
}

#[test]
fn direction_inbound_and_outbound_include_both() {
    let engine = Engine::new(&catalog(&[
        ("in", &[("direction", "\"inbound\"")]),
        ("out", &[("direction", "\"outbound\"")]),
        ("both", &[("direction", "\"both\"")]),
        ("na", &[("direction", "\"n/a\"")]),
    ]));
    let ids = |sel: &[&str]| {
        let r = engine.query(&select(&[("direction", sel)]));
        slugs(&r).into_iter().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(ids(&["inbound"]), vec!["both", "in"]);
    assert_eq!(ids(&["outbound"]), vec!["both", "out"]);
    assert_eq!(ids(&["both"]), vec!["both"]);
    assert_eq!(ids(&["n/a"]), vec!["na"]);
}

#[test]
fn staffing_shared_and_dedicated_include_either() {
    let engine = Engine::new(&catalog(&[
        ("shared", &[("staffing_model", "\"shared\"")]),
        ("dedicated", &[("staffing_model", "\"dedicated\"")]),
        ("either", &[("staffing_model", "\"either\"")]),
    ]));
    let ids = |sel: &[&str]| {
        let r = engine.query(&select(&[("staffing_model", sel)]));
        slugs(&r).into_iter().map(String::from).collect::<Vec<_>>()
    };
    assert_eq!(ids(&["shared"]), vec!["either", "shared"]);
    assert_eq!(ids(&["dedicated"]), vec!["dedicated", "either"]);
    assert_eq!(ids(&["either"]), vec!["either"]);
}

#[test]
fn facets_combine_with_and_and_counts_keep_the_other_facets() {
    let engine = Engine::new(&catalog(&[
        (
            "front-shared",
            &[("office", "\"front\""), ("staffing_model", "\"shared\"")],
        ),
        (
            "front-dedicated",
            &[("office", "\"front\""), ("staffing_model", "\"dedicated\"")],
        ),
        (
            "back-shared",
            &[("office", "\"back\""), ("staffing_model", "\"shared\"")],
        ),
    ]));
    let r = engine.query(&select(&[
        ("office", &["front"]),
        ("staffing_model", &["shared"]),
    ]));
    assert_eq!(slugs(&r), vec!["front-shared"]);
    // Office counts keep staffing = shared; staffing counts keep office = front.
    assert_eq!(count(&r, "office", "back"), 1);
    assert_eq!(count(&r, "office", "front"), 1);
    assert_eq!(count(&r, "staffing_model", "dedicated"), 1);
    assert_eq!(count(&r, "staffing_model", "shared"), 1);
    // Informational facets get no counts and are never filtered on; unknown ids are ignored.
    assert!(!r.counts.contains_key("delivery_regions"));
    let r = engine.query(&select(&[
        ("delivery_regions", &["US"]),
        ("nope", &["x"]),
        ("office", &["sideways"]),
    ]));
    assert_eq!(r.total, 3);
}

#[test]
fn text_search_ranks_titles_first_and_matches_the_word_being_typed() {
    let schema = parse_schema(SCHEMA).expect("valid");
    let records = vec![
        record(
            &schema,
            "payroll",
            "Payroll processing",
            "Runs each pay cycle.",
            &[("needs", "[\"payroll\"]")],
        ),
        record(
            &schema,
            "desk",
            "Service desk",
            "Also helps with payroll questions.",
            &[],
        ),
        record(
            &schema,
            "cafe",
            "Café answering",
            "Évening cover for restaurants.",
            &[],
        ),
        record(&schema, "other", "Something else", "Unrelated.", &[]),
    ];
    let engine = Engine::new(&build_catalog(schema, records).expect("valid"));
    let ask = |text: &str| {
        engine.query(&Query {
            text: text.to_string(),
            ..Query::default()
        })
    };
    let r = ask("payroll");
    assert_eq!(
        r.results
            .iter()
            .map(|h| h.slug.as_str())
            .collect::<Vec<_>>(),
        vec!["payroll", "desk"]
    );
    // A summary that only mentions the word is related, not a match: the title and need say far more.
    assert_eq!((r.total, r.related), (1, 1));
    assert_eq!(
        r.results.iter().map(|h| h.related).collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(r.results[0].highlights, ["Payroll"]);
    assert_eq!(r.results[1].highlights, ["payroll"]);
    // The last word matches as a prefix while it is being typed, and only then.
    assert_eq!(ask("payr").total + ask("payr").related, 2);
    assert_eq!(ask("payr ").total + ask("payr ").related, 0);
    // One typo in a word of five letters or more is forgiven; a finished short word is not guessed at.
    assert_eq!(
        ask("payrol ").results.first().map(|h| h.slug.as_str()),
        Some("payroll")
    );
    assert_eq!(
        ask("payrll ").results.first().map(|h| h.slug.as_str()),
        Some("payroll")
    );
    // Two edits only from nine letters: "payrl" is two away from "payroll".
    assert_eq!(ask("payrl ").total + ask("payrl ").related, 0);
    // Accents fold on both sides.
    assert_eq!(
        ask("cafe evening").results.first().map(|h| h.slug.as_str()),
        Some("cafe")
    );
    // Only stop words, or one typed letter: no text filter yet.
    assert_eq!(ask("we the").total, 4);
    assert_eq!(ask("p").total, 4);
}

/// An answering service (call center) and a payroll service (BPO, back office), then `more`.
fn answering_and_payroll(more: &[(&str, &[(&str, &str)])]) -> Engine {
    let mut services: Vec<(&str, &[(&str, &str)])> = vec![
        (
            "answering",
            &[("needs", "[\"after-hours-calls\", \"message-taking\"]")],
        ),
        (
            "payroll",
            &[
                ("needs", "[\"payroll\"]"),
                ("scope", "\"bpo\""),
                ("office", "\"back\""),
            ],
        ),
    ];
    services.extend_from_slice(more);
    Engine::new(&catalog(&services))
}

#[test]
fn plain_language_infers_needs_that_rank_but_do_not_filter() {
    let engine = answering_and_payroll(&[("plain", &[])]);
    let r = engine.query(&Query {
        text: "we miss calls after 6pm and at weekends".into(),
        ..Query::default()
    });
    assert_eq!(r.inferred_needs, vec!["after-hours-calls"]);
    assert_eq!(
        r.results.first().map(|h| h.slug.as_str()),
        Some("answering")
    );
    assert_eq!(r.advice.verdict, Some(Verdict::CallCenter));
    assert_eq!(
        r.advice.link.as_deref(),
        Some("@/guides/cc.md#the-short-test")
    );
    assert_eq!(
        r.advice.english(),
        "You said \u{201c}6pm\u{201d}: that is about handling conversations, so a call center is enough."
    );

    let r = engine.query(&Query {
        text: "payroll eats our week".into(),
        ..Query::default()
    });
    assert_eq!(r.inferred_needs, vec!["payroll"]);
    assert_eq!(r.advice.verdict, Some(Verdict::Bpo));
    assert_eq!(
        r.advice.english(),
        "You said \u{201c}payroll\u{201d}: that is work behind the conversation, so broader BPO fits better than a call center."
    );
    assert_eq!(
        r.advice.link.as_deref(),
        Some("@/guides/bpo.md#the-short-test")
    );

    // Selected needs are not inferred again, and feed the advice too.
    let mut q = select(&[("needs", &["payroll"])]);
    q.text = "payroll".into();
    let r = engine.query(&q);
    assert!(r.inferred_needs.is_empty());
    assert_eq!(r.advice.verdict, Some(Verdict::Bpo));

    let r = engine.query(&Query::default());
    assert_eq!(r.advice.verdict, None);
    assert_eq!(r.advice.link, None);
}

#[test]
fn keeping_the_back_office_work_says_a_call_center_is_enough() {
    let engine = answering_and_payroll(&[]);
    let r = engine.query(&Query {
        text: "someone to take messages after 6pm; payroll stays with us".into(),
        ..Query::default()
    });
    assert_eq!(r.advice.verdict, Some(Verdict::CallCenter));
    assert!(
        r.advice.english().contains("stays with us"),
        "{}",
        r.advice.english()
    );
    assert!(r
        .understood
        .iter()
        .any(|u| u.value == "payroll" && u.negated));
    assert_eq!(slugs(&r).first(), Some(&"answering"));
    // Keeping only conversations says nothing about the work behind them: the payroll still decides.
    let r = engine.query(&Query {
        text: "our receptionists keep the messages. We want payroll run".into(),
        ..Query::default()
    });
    assert_eq!(r.advice.verdict, Some(Verdict::Bpo));
}

#[test]
fn a_clause_that_keeps_the_work_says_so_once() {
    let schema = parse_schema(&SCHEMA.replace(
        "[advice]",
        "[vocabulary.scope]\ncall_center = [\"handled here\"]\n\n[advice]",
    ))
    .expect("test schema is valid");
    let payroll = record(
        &schema,
        "payroll",
        "Payroll desk",
        "",
        &[("needs", "[\"payroll\"]"), ("scope", "\"bpo\"")],
    );
    let answering = record(
        &schema,
        "answering",
        "Answering desk",
        "",
        &[("needs", "[\"message-taking\"]")],
    );
    let engine = Engine::new(
        &build_catalog(schema, vec![payroll, answering]).expect("test catalog is valid"),
    );
    let reason = |text: &str| {
        engine
            .query(&Query {
                text: text.into(),
                ..Query::default()
            })
            .advice
            .english()
    };
    // Said twice in one clause, the retention is one signal: the scope phrase, quoted alone.
    let once = reason("take messages; payroll stays with us and is handled here");
    assert!(
        once.contains("handled here") && !once.contains("stays with us"),
        "{once}"
    );
}

#[test]
fn a_spelling_correction_never_makes_a_retention_phrase() {
    let schema = parse_schema(SCHEMA).expect("test schema is valid");
    let services = vec![
        record(&schema, "answering", "Answering", "What we are doing", &[]),
        record(
            &schema,
            "payroll",
            "Payroll",
            "",
            &[("needs", "[\"payroll\"]")],
        ),
    ];
    let engine = Engine::new(&build_catalog(schema, services).expect("test catalog is valid"));
    let payroll_negated = |text: &str| {
        let r = engine.query(&Query {
            text: text.into(),
            ..Query::default()
        });
        r.understood
            .iter()
            .find(|u| u.value == "payroll")
            .map(|u| u.negated)
    };
    assert_eq!(payroll_negated("we keep doing the payroll"), Some(true));
    // "going" is one edit from "doing", a word the catalog knows: corrected, it would keep the payroll.
    assert_eq!(
        payroll_negated("payroll mistakes keep going up"),
        Some(false)
    );
}

#[test]
fn a_long_story_is_read_to_its_end() {
    let engine = answering_and_payroll(&[]);
    let story = format!("{} and finally we want payroll run", "quokka ".repeat(150));
    let r = engine.query(&Query {
        text: story,
        ..Query::default()
    });
    assert!(
        r.understood
            .iter()
            .any(|u| u.value == "payroll" && !u.negated),
        "{:?}",
        r.understood
    );
    // Past what is read, nothing is.
    let essay = format!("{} and finally we want payroll run", "quokka ".repeat(300));
    let r = engine.query(&Query {
        text: essay,
        ..Query::default()
    });
    assert!(r.understood.is_empty(), "{:?}", r.understood);
}

#[test]
fn the_words_of_what_is_ruled_out_find_nothing() {
    let engine = answering_and_payroll(&[]);
    assert!(found(&engine, "answering and payroll").contains(&"payroll".to_string()));
    // The payroll service is not a match for sharing the word of what the buyer keeps.
    assert_eq!(
        found(&engine, "answering please; payroll stays with us"),
        ["answering"]
    );
}

#[test]
fn the_words_of_a_phrase_with_another_meaning_find_nothing_unless_they_are_all_there_is() {
    let schema = parse_schema(&SCHEMA.replace(
        "[vocabulary]\n",
        "[vocabulary]\nother_meanings = [\"payroll lab\"]\n",
    ))
    .expect("test schema is valid");
    let answering = record(&schema, "answering", "Answering desk", "", &[]);
    let payroll = record(&schema, "payroll", "Payroll desk", "", &[]);
    let engine = Engine::new(
        &build_catalog(schema, vec![answering, payroll]).expect("test catalog is valid"),
    );
    assert_eq!(
        found(&engine, "answering for a payroll firm"),
        ["answering", "payroll"]
    );
    assert_eq!(found(&engine, "answering for a payroll lab"), ["answering"]);
    // Nothing else to search: the words are searched as typed rather than the whole catalog shown.
    assert_eq!(found(&engine, "payroll lab"), ["payroll"]);
}

/// Order of "payroll" (the back-office work, no customer contact) and "dialer" (outbound calls, no work
/// named) for `text`, with `contact_facets` listing the direction facet or not.
fn payroll_or_dialer(text: &str, contact: bool) -> Vec<String> {
    let schema = SCHEMA.replace(
        "{ id = \"outbound\", label = \"Out\" }",
        "{ id = \"outbound\", label = \"Out\", keywords = [\"dial out\"] }",
    );
    let schema = if contact {
        schema.replace(
            "[vocabulary]\n",
            "[vocabulary]\ncontact_facets = [\"direction\"]\n",
        )
    } else {
        schema
    };
    let schema = parse_schema(&schema).expect("test schema is valid");
    let payroll = record(
        &schema,
        "payroll",
        "Quokka desk",
        "",
        &[
            ("needs", "[\"payroll\"]"),
            ("scope", "\"bpo\""),
            ("office", "\"back\""),
            ("direction", "\"n/a\""),
        ],
    );
    let dialer = record(
        &schema,
        "dialer",
        "Zebra desk",
        "",
        &[("direction", "\"outbound\"")],
    );
    let engine =
        Engine::new(&build_catalog(schema, vec![payroll, dialer]).expect("test catalog is valid"));
    ordered(&engine, text, 0)
}

#[test]
fn how_customers_are_reached_weighs_little_beside_back_office_work_only() {
    let text = "payroll for our staff; our clerk has to dial out about payslips";
    assert_eq!(payroll_or_dialer(text, false), ["dialer", "payroll"]);
    assert_eq!(payroll_or_dialer(text, true), ["payroll", "dialer"]);
}

#[test]
fn the_words_of_what_is_ruled_out_count_against_the_services_they_describe() {
    let schema = parse_schema(SCHEMA).expect("test schema is valid");
    let kept = record(&schema, "kept", "Quokka zebra desk", "", &[]);
    let plain = record(&schema, "plain", "Zebra desk", "", &[]);
    let engine =
        Engine::new(&build_catalog(schema, vec![kept, plain]).expect("test catalog is valid"));
    // Without the retention clause the titles break the tie; with it, the service that does what the buyer
    // keeps follows the one that does not.
    assert_eq!(ordered(&engine, "zebra desk", 0), ["kept", "plain"]);
    assert_eq!(
        ordered(&engine, "zebra desk. The quokka stays with us", 0),
        ["plain", "kept"]
    );
}

#[test]
fn ruling_out_conversations_while_asking_back_office_work_says_bpo() {
    let engine = answering_and_payroll(&[]);
    let said = |text: &str| {
        let r = engine.query(&Query {
            text: text.into(),
            ..Query::default()
        });
        (r.advice.verdict, r.advice.english())
    };
    let (verdict, reason) = said("no receptionist, only the payroll run");
    assert_eq!(verdict, Some(Verdict::Bpo));
    assert!(reason.contains("receptionist"), "{reason}");
    // Ruling out one conversation while asking for another says nothing about back-office work.
    let (verdict, reason) = said("no receptionist, only calls after 6pm answered");
    assert_eq!(verdict, Some(Verdict::CallCenter));
    assert!(!reason.contains("receptionist"), "{reason}");
}

#[test]
fn advice_follows_the_data_not_the_need_ids() {
    // The same need id is back-office here because the services carrying it are BPO-scoped.
    let engine = Engine::new(&catalog(&[
        (
            "x",
            &[("needs", "[\"message-taking\"]"), ("scope", "\"bpo\"")],
        ),
        (
            "y",
            &[("needs", "[\"message-taking\"]"), ("office", "\"back\"")],
        ),
        ("z", &[("needs", "[\"message-taking\"]")]),
    ]));
    let r = engine.query(&select(&[("needs", &["message-taking"])]));
    assert_eq!(r.advice.verdict, Some(Verdict::Bpo));
}

#[test]
fn limit_keeps_the_best_results_and_total_counts_all() {
    let services: Vec<(String, Vec<(&str, &str)>)> =
        (0..10).map(|i| (format!("s{i}"), Vec::new())).collect();
    let borrowed: Vec<(&str, &[(&str, &str)])> = services
        .iter()
        .map(|(s, o)| (s.as_str(), o.as_slice()))
        .collect();
    let engine = Engine::new(&catalog(&borrowed));
    let mut q = select(&[]);
    q.limit = 3;
    let r = engine.query(&q);
    assert_eq!(r.total, 10);
    assert_eq!(
        r.results
            .iter()
            .map(|h| h.slug.as_str())
            .collect::<Vec<_>>(),
        vec!["s0", "s1", "s2"]
    );
}

/// Three services for "zebra quokka": one fits both words, two fit one each; `lite` is titled `lite_title`
/// and, when `alike`, its page names `full` as the alternative.
fn look_alike_engine(lite_title: &str, alike: bool) -> Engine {
    let schema = parse_schema(SCHEMA).expect("test schema is valid");
    let mut full = record(&schema, "full", "Zebra quokka desk", "", &[]);
    let mut lite = record(&schema, "lite", lite_title, "", &[]);
    let other = record(&schema, "other", "Zebra desk", "", &[]);
    if alike {
        lite.alternatives = vec!["full".into()];
        // Named either way round, and an unknown slug is ignored.
        full.alternatives = vec!["lite".into(), "no-such-service".into()];
    }
    Engine::new(&build_catalog(schema, vec![full, lite, other]).expect("test catalog is valid"))
}

fn ordered(engine: &Engine, text: &str, limit: usize) -> Vec<String> {
    let mut q = select(&[]);
    q.text = text.into();
    q.limit = limit;
    engine
        .query(&q)
        .results
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

#[test]
fn equal_fits_are_in_title_order_before_and_after_the_title_ranks_exist() {
    let schema = parse_schema(SCHEMA).expect("test schema is valid");
    let records = ["Zeta", "alpha", "Alpha", "Mid", "Alpha"]
        .iter()
        .enumerate()
        .map(|(i, title)| record(&schema, &format!("s{i}"), title, "", &[]))
        .collect();
    let engine = Engine::new(&build_catalog(schema, records).expect("test catalog is valid"));
    let order = |limit: usize| ordered(&engine, "", limit);
    // Byte order of the titles, then catalog position.
    let expected = ["s2", "s4", "s3", "s0", "s1"];
    assert_eq!(order(0), expected);
    assert_eq!(order(2), expected[..2]);
    engine.prepare_text_search();
    assert_eq!(order(0), expected);
    assert_eq!(order(2), expected[..2]);
}

#[test]
fn the_largest_limit_asks_for_everything() {
    let engine = look_alike_engine("Quokka desk", true);
    assert_eq!(
        ordered(&engine, "zebra quokka", usize::MAX),
        ["full", "other", "lite"]
    );
    assert_eq!(ordered(&engine, "", usize::MAX).len(), 3);
}

#[test]
fn a_clearly_weaker_look_alike_follows_the_next_distinct_service() {
    // Without the pages naming each other, the tie is broken by title: "Quokka desk" before "Zebra desk".
    let apart = look_alike_engine("Quokka desk", false);
    assert_eq!(
        ordered(&apart, "zebra quokka", 0),
        ["full", "lite", "other"]
    );
    let engine = look_alike_engine("Quokka desk", true);
    assert_eq!(
        ordered(&engine, "zebra quokka", 0),
        ["full", "other", "lite"]
    );
    // The order does not depend on how many results are asked for.
    assert_eq!(ordered(&engine, "zebra quokka", 2), ["full", "other"]);
    // Checkboxes alone read no situation to tell look-alikes apart: equal fits stay in title order.
    let all: Vec<String> = engine
        .query(&select(&[]))
        .results
        .into_iter()
        .map(|h| h.slug)
        .collect();
    assert_eq!(all, ["lite", "other", "full"]);
}

#[test]
fn every_need_clearly_asked_for_is_done_in_the_first_five() {
    let schema = parse_schema(SCHEMA).expect("test schema is valid");
    let answering = [("needs", "[\"after-hours-calls\", \"message-taking\"]")];
    let mut services: Vec<ServiceRecord> = (0..6)
        .map(|i| {
            let slug = format!("desk{i}");
            record(
                &schema,
                &slug,
                "Evening message desk",
                "Messages taken every evening",
                &answering,
            )
        })
        .collect();
    let payroll = [("needs", "[\"payroll\"]"), ("scope", "\"bpo\"")];
    services.push(record(&schema, "payroll", "Pay runs", "", &payroll));
    let engine = Engine::new(&build_catalog(schema, services).expect("test catalog is valid"));
    let text = "someone to take messages every evening; also our payroll";
    let r = engine.query(&Query {
        text: text.into(),
        limit: 5,
        ..Query::default()
    });
    let order: Vec<&str> = r.results.iter().map(|h| h.slug.as_str()).collect();
    // The second job's service takes the last of the five places, as a match.
    assert_eq!(order.get(4), Some(&"payroll"), "{order:?}");
    assert!(r.results.iter().all(|h| !h.related), "{order:?}");
    assert_eq!(r.total, 7);
    // A need only loosely hinted at claims no place.
    let loose = ordered(
        &engine,
        "someone to take messages every evening; pay too",
        5,
    );
    assert!(!loose.contains(&"payroll".to_string()), "{loose:?}");
}

#[test]
fn look_alikes_the_words_fit_equally_both_stay() {
    let engine = look_alike_engine("Quokka zebra office", true);
    assert_eq!(
        ordered(&engine, "zebra quokka", 0),
        ["lite", "full", "other"]
    );
}

#[cfg(feature = "serde")]
#[test]
fn query_json_has_exactly_the_documented_shape() {
    let engine = Engine::new(&catalog(&[
        (
            "ab",
            &[("needs", "[\"after-hours-calls\", \"message-taking\"]")],
        ),
        ("a", &[("needs", "[\"after-hours-calls\"]")]),
    ]));
    let mut q = select(&[
        ("needs", &["after-hours-calls", "message-taking"]),
        ("office", &["front"]),
    ]);
    q.limit = 5;
    let r = engine.query(&q);
    let json = serde_json::to_string(&r).expect("serialises");
    assert!(json.starts_with(
        "{\"advice\":{\"verdict\":\"call-center\",\"reason\":\"You picked \u{201c}Answer calls after hours\u{201d} and \u{201c}Take messages\u{201d}: that is about handling conversations, so a call center is enough.\"},\"total\":1,\"related\":0,\"results\":[{\"slug\":\"ab\",\"title\":\"ab\",\"url\":\"/services/ab/\",\"score\":"
    ), "{json}");
    assert!(
        json.contains(",\"missing\":[],\"related\":false,\"highlights\":[]},{\"slug\":\"a\","),
        "{json}"
    );
    assert!(
        json.contains(",\"missing\":[\"message-taking\"],\"related\":false,\"highlights\":[]}],\"counts\":{\"coverage_hours\":{"),
        "{json}"
    );
    assert!(
        json.ends_with(",\"understood\":[],\"recovery\":null}"),
        "{json}"
    );
    let value = query_json(&r);
    let keys: Vec<&String> = value
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        vec![
            "advice",
            "counts",
            "recovery",
            "related",
            "results",
            "total",
            "understood"
        ]
    );
    assert_eq!(value["results"][0].as_object().map(|o| o.len()), Some(7));
    let read = serde_json::to_value(engine.query(&Query {
        text: "don't take messages, just calls after 6pm".into(),
        ..Query::default()
    }))
    .expect("serialises");
    assert_eq!(
        read["understood"],
        serde_json::json!([
            {"facet": "needs", "value": "after-hours-calls", "label": "Answer calls after hours", "words": "6pm", "negated": false},
            {"facet": "needs", "value": "message-taking", "label": "Take messages", "words": "take messages", "negated": true},
        ])
    );
    assert_eq!(value["advice"].as_object().map(|o| o.len()), Some(2));
    let none = serde_json::to_string(&engine.query(&Query::default())).expect("serialises");
    assert!(none.starts_with("{\"advice\":{\"verdict\":null,"), "{none}");
}

#[test]
fn an_empty_catalog_answers_without_failing() {
    let schema = parse_schema(SCHEMA).expect("valid");
    let engine = Engine::new(&build_catalog(schema, Vec::new()).expect("valid"));
    let mut q = select(&[
        ("needs", &["payroll", "message-taking"]),
        ("min_team_size", &["4"]),
    ]);
    q.text = "payroll after 6pm".into();
    let r = engine.query(&q);
    assert_eq!((r.total, r.results.len()), (0, 0));
}

// ---- property test: the bitset engine against a naive, rule-by-rule filter ----

/// Whether `service` has value `v` of facet `f`, counting matches-all values as having everything.
fn naive_has(schema: &Schema, service: &ServiceRecord, f: usize, v: usize) -> bool {
    let listed = service.facets.values(f);
    let all = schema.facets[f]
        .values
        .iter()
        .enumerate()
        .any(|(i, value)| value.matches_all && listed.contains(&i));
    all || listed.contains(&v)
}

/// The match rules written straight from the spec, one service at a time.
fn naive_matches(
    schema: &Schema,
    service: &ServiceRecord,
    selected: &BTreeMap<String, Vec<String>>,
) -> bool {
    schema.facets.iter().enumerate().all(|(f, facet)| {
        let Some(raw) = selected.get(&facet.id) else {
            return true;
        };
        if !facet.filter {
            return true;
        }
        if facet.kind == FacetKind::Integer {
            let Some(limit) = raw
                .iter()
                .filter_map(|s| s.trim().parse::<i64>().ok())
                .max()
            else {
                return true;
            };
            return service.facets.integer(f).is_some_and(|n| n <= limit);
        }
        let sel: Vec<usize> = raw.iter().filter_map(|id| facet.value_index(id)).collect();
        if sel.is_empty() {
            return true;
        }
        let has = |v: usize| naive_has(schema, service, f, v);
        let has_id = |id: &str| facet.value_index(id).is_some_and(has);
        let accepts = |v: usize| -> bool {
            let id = facet.values[v].id.as_str();
            match (facet.match_kind, id) {
                (MatchKind::Office, "front" | "back") => has(v) || has_id("hybrid"),
                (MatchKind::Direction, "inbound" | "outbound") => has(v) || has_id("both"),
                (MatchKind::Staffing, "shared" | "dedicated") => has(v) || has_id("either"),
                (MatchKind::AtLeast, _) => (v..facet.values.len()).any(has),
                _ => has(v),
            }
        };
        match facet.match_kind {
            MatchKind::All => sel.iter().all(|&v| accepts(v)),
            MatchKind::AtLeast => sel.iter().min().is_some_and(|&v| accepts(v)),
            _ => sel.iter().any(|&v| accepts(v)),
        }
    })
}

/// Whether a service mentions any of the query's words (whole words: the test text ends with a space).
fn naive_text(schema: &Schema, service: &ServiceRecord, text: &str) -> bool {
    let query: Vec<String> = crate::text::words(text)
        .into_iter()
        .map(|w| w.stem)
        .collect();
    if query.is_empty() {
        return true;
    }
    let mut texts: Vec<&str> = vec![&service.title, &service.summary];
    for (f, facet) in schema.facets.iter().enumerate() {
        for &v in service.facets.values(f) {
            if let Some(value) = facet.values.get(v) {
                texts.push(&value.label);
                texts.extend(value.keywords.iter().map(String::as_str));
            }
        }
    }
    texts
        .iter()
        .flat_map(|t| crate::text::words(t))
        .any(|w| query.contains(&w.stem))
}

fn naive_count(catalog: &Catalog, selected: &BTreeMap<String, Vec<String>>, text: &str) -> usize {
    catalog
        .services
        .iter()
        .filter(|s| {
            naive_matches(&catalog.schema, s, selected) && naive_text(&catalog.schema, s, text)
        })
        .count()
}

/// Facet counts the textbook way: re-run the naive filter with the value selected.
fn naive_counts(
    catalog: &Catalog,
    selected: &BTreeMap<String, Vec<String>>,
    text: &str,
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out = BTreeMap::new();
    for facet in catalog.schema.facets.iter().filter(|f| f.filter) {
        let options: Vec<String> = if facet.kind == FacetKind::Integer {
            let f = catalog.schema.facet_index(&facet.id).unwrap_or(0);
            let mut numbers: Vec<i64> = catalog
                .services
                .iter()
                .filter_map(|s| s.facets.integer(f))
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            numbers.iter().map(|n| n.to_string()).collect()
        } else {
            facet.value_ids().into_iter().map(String::from).collect()
        };
        let mut per_value = BTreeMap::new();
        for option in options {
            let mut with = selected.clone();
            if facet.match_kind == MatchKind::All {
                // An all-facet value narrows the current selection further.
                with.entry(facet.id.clone())
                    .or_default()
                    .push(option.clone());
            } else {
                with.insert(facet.id.clone(), vec![option.clone()]);
            }
            per_value.insert(option, naive_count(catalog, &with, text));
        }
        out.insert(facet.id.clone(), per_value);
    }
    out
}

/// Random services over the test schema, with random value counts per facet.
fn arb_catalog() -> impl Strategy<Value = Catalog> {
    let schema = parse_schema(SCHEMA).expect("valid");
    let shape: Vec<(FacetKind, usize)> = schema
        .facets
        .iter()
        .map(|f| (f.kind, f.values.len()))
        .collect();
    let answer = move |(kind, values): (FacetKind, usize)| -> BoxedStrategy<ServiceFacet> {
        match kind {
            FacetKind::Integer => prop::option::weighted(0.9, 0i64..12)
                .prop_map(ServiceFacet::Integer)
                .boxed(),
            FacetKind::Enum => (0..values)
                .prop_map(|v| ServiceFacet::Values(vec![v]))
                .boxed(),
            FacetKind::Set => prop::collection::btree_set(0..values, 0..=values)
                .prop_map(|set| ServiceFacet::Values(set.into_iter().collect()))
                .boxed(),
        }
    };
    let service = shape.into_iter().map(answer).collect::<Vec<_>>();
    let words = prop::sample::subsequence(WORDS, 0..3).prop_map(|w| w.join(" "));
    prop::collection::vec((service, words.clone(), words), 0..150).prop_map(move |answers| {
        let services = answers
            .into_iter()
            .enumerate()
            .map(|(i, (by_facet, title, summary))| ServiceRecord {
                slug: format!("s{i:03}"),
                title,
                summary,
                url: format!("/services/s{i:03}/"),
                facets: ServiceFacets { by_facet },
                suits: String::new(),
                not_for: String::new(),
                // Some pages name the one before as an alternative, one a page that does not exist.
                alternatives: match i % 4 {
                    1 => vec![format!("s{:03}", i - 1)],
                    3 => vec![format!("s{:03}", i - 1), "no-such-service".into()],
                    _ => Vec::new(),
                },
            })
            .collect();
        build_catalog(schema.clone(), services).expect("random catalog fits the schema")
    })
}

/// Words for random titles, summaries and query texts; some also occur in the schema's labels and keywords.
const WORDS: &[&str] = &[
    "payroll",
    "evening",
    "answering",
    "claims",
    "desk",
    "Healthcare",
    "messages",
    "café",
    "weekends",
];

/// One facet's part of a random selection.
type FacetPick = (String, Vec<String>);

/// Random selections: real value ids, some unknown ones, numbers and junk for integers.
fn arb_selection() -> impl Strategy<Value = BTreeMap<String, Vec<String>>> {
    let schema = parse_schema(SCHEMA).expect("valid");
    let mut per_facet: Vec<BoxedStrategy<Option<FacetPick>>> = Vec::new();
    for facet in &schema.facets {
        let id = facet.id.clone();
        let mut choices: Vec<String> = facet.value_ids().into_iter().map(String::from).collect();
        if facet.kind == FacetKind::Integer {
            choices = (-1..13).map(|n| n.to_string()).collect();
        }
        choices.push("unknown".to_string());
        let strategy = prop::option::weighted(
            0.4,
            prop::collection::vec(prop::sample::select(choices), 0..4)
                .prop_map(move |vs| (id.clone(), vs)),
        )
        .boxed();
        per_facet.push(strategy);
    }
    per_facet.prop_map(|pairs| pairs.into_iter().flatten().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn bitset_engine_agrees_with_the_naive_filter(
        catalog in arb_catalog(),
        selected in arb_selection(),
        words in prop::sample::subsequence(WORDS, 0..3),
    ) {
        let engine = Engine::new(&catalog);
        let text = format!("{} ", words.join(" "));
        let result = engine.query(&Query { selected: selected.clone(), text: text.clone(), limit: 0, dismissed: Vec::new() });

        let expected: Vec<&str> = catalog
            .services
            .iter()
            .filter(|s| naive_matches(&catalog.schema, s, &selected) && naive_text(&catalog.schema, s, &text))
            .map(|s| s.slug.as_str())
            .collect();
        let mut full: Vec<&str> = result.results.iter().filter(|h| h.missing.is_empty()).map(|h| h.slug.as_str()).collect();
        full.sort_unstable();
        // Text ranks as well as filters: the matches split into those above the relevance threshold and the
        // "also related" rest, and together they are exactly the filter's matches.
        prop_assert_eq!(result.total + result.related, expected.len());
        if text.trim().is_empty() {
            prop_assert_eq!(result.related, 0);
        }
        prop_assert_eq!(full, expected);
        prop_assert_eq!(&result.counts, &naive_counts(&catalog, &selected, &text));

        // Near-misses: pass every other facet and have some, but not all, of two or more selected needs.
        let needs_f = catalog.schema.facet_index("needs").unwrap_or(0);
        let needs: Vec<usize> = {
            let facet = &catalog.schema.facets[needs_f];
            let mut v: Vec<usize> = selected.get("needs").map(|ids| ids.iter().filter_map(|id| facet.value_index(id)).collect()).unwrap_or_default();
            v.sort_unstable();
            v.dedup();
            v
        };
        let mut without_needs = selected.clone();
        without_needs.remove("needs");
        let expected_near: Vec<&str> = catalog
            .services
            .iter()
            .filter(|s| needs.len() > 1 && naive_matches(&catalog.schema, s, &without_needs))
            .filter(|s| naive_text(&catalog.schema, s, &text))
            .filter(|s| {
                let has = needs.iter().filter(|&&v| naive_has(&catalog.schema, s, needs_f, v)).count();
                has > 0 && has < needs.len()
            })
            .map(|s| s.slug.as_str())
            .collect();
        let mut near: Vec<&str> = result.results.iter().filter(|h| !h.missing.is_empty()).map(|h| h.slug.as_str()).collect();
        near.sort_unstable();
        prop_assert_eq!(near, expected_near);
    }

    #[test]
    fn catalog_json_round_trips_for_random_catalogs(catalog in arb_catalog()) {
        let json = crate::json::to_json(&catalog);
        let back = crate::json::from_json(&json);
        prop_assert_eq!(back.as_ref(), Ok(&catalog));
        prop_assert_eq!(back.map(|c| crate::json::to_json(&c)), Ok(json));
    }

    #[test]
    fn no_input_text_makes_anything_panic(text in "\\PC{0,80}", front in "[\\[\\]a-z_=\" \n,{}0-9]{0,60}") {
        let schema = parse_schema(SCHEMA).expect("valid");
        let _ = parse_schema(&text);
        let _ = parse_service(&schema, &text);
        let _ = parse_service(&schema, &format!("[service]\n{front}"));
        let _ = crate::json::from_json(&text);
        let engine = Engine::new(&build_catalog(schema, Vec::new()).expect("valid"));
        let _ = engine.query(&Query { text: text.clone(), ..Query::default() });
        let _ = crate::text::words(&text);
        let _ = crate::located::Located::from_offset(&text, text.len() / 2);
    }
}

/// Two services that differ only in how many industries they list, ranked for a clinic's after-hours calls,
/// with `industries` a `focus` facet or not.
fn specialist_and_broad(focus: bool) -> Vec<String> {
    let mut text = SCHEMA.replace(
        "{ id = \"healthcare\", label = \"Healthcare\" }",
        "{ id = \"healthcare\", label = \"Healthcare\", keywords = [\"clinic\"] }",
    );
    if focus {
        text = text.replace("[vocabulary]\n", "[vocabulary]\nfocus = [\"industries\"]\n");
    }
    let schema = parse_schema(&text).expect("test schema is valid");
    let needs = ("needs", "[\"after-hours-calls\"]");
    let records = vec![
        record(
            &schema,
            "broad",
            "broad",
            "",
            &[needs, ("industries", "[\"healthcare\", \"retail\"]")],
        ),
        record(
            &schema,
            "specialist",
            "specialist",
            "",
            &[needs, ("industries", "[\"healthcare\"]")],
        ),
    ];
    let engine = Engine::new(&build_catalog(schema, records).expect("test catalog is valid"));
    let r = engine.query(&Query {
        text: "calls after hours for our clinic".into(),
        ..Query::default()
    });
    r.results.iter().map(|h| h.slug.clone()).collect()
}

#[test]
fn a_focus_facet_ranks_the_service_listing_only_what_was_asked_first() {
    // Tied, titles decide; with the facet in `focus`, the service that lists only healthcare comes first.
    assert_eq!(specialist_and_broad(false), ["broad", "specialist"]);
    assert_eq!(specialist_and_broad(true), ["specialist", "broad"]);
}
