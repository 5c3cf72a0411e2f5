//! catalog.json tests: round trips, rejections with reasons, and the hand-written writer and reader checked
//! against the serde_json implementation they replaced (kept here as the reference).

use proptest::prelude::*;

use super::*;
use crate::schema::parse_schema;
use crate::service::parse_service;

fn catalog() -> Catalog {
    let schema = parse_schema(
        r#"version = 1
[advice]
bpo_page = "@/guides/bpo.md"
[[facet]]
id = "needs"
label = "What do you need?"
question = "Tell us \"what\" — ünïcode too"
kind = "set"
match = "all"
values = [
  { id = "payroll", label = "Run payroll", group = "Money", page = "@/bpo/back-office.md", keywords = ["payroll", "payslips"] },
  { id = "claims", label = "Process claims" },
]
[[facet]]
id = "industries"
label = "Industry"
kind = "set"
required = false
filter = false
values = [{ id = "general", label = "Any", matches_all = true }, { id = "health", label = "Health" }]
[[facet]]
id = "min_team_size"
label = "Team"
kind = "integer"
required = false
"#,
    )
    .expect("valid schema");
    let service = |slug: &str, front: &str| ServiceRecord {
        slug: slug.to_string(),
        title: format!("Title of {slug} <b>&</b>"),
        summary: "Summary\nwith a line break and \u{2028}".to_string(),
        url: format!("/services/{slug}/"),
        facets: parse_service(&schema, front).expect("valid service"),
        suits: String::new(),
        not_for: String::new(),
        alternatives: Vec::new(),
    };
    let services = vec![
        service(
            "b",
            "[service]\nneeds = [\"claims\", \"payroll\"]\nmin_team_size = 5\n",
        ),
        service("a", "[service]\nneeds = []\nindustries = [\"general\"]\n"),
    ];
    build_catalog(schema, services).expect("valid catalog")
}

#[test]
fn catalog_json_round_trips_byte_for_byte() {
    let catalog = catalog();
    let json = to_json(&catalog);
    let back = from_json(&json).expect("reads back");
    assert_eq!(back, catalog);
    assert_eq!(to_json(&back), json);
    assert_eq!(json, reference::to_json(&catalog));
    // Sorted by slug, compact, values as indexes, integers as numbers or null.
    assert!(json
        .starts_with("{\"version\":1,\"advice\":{\"bpo_page\":\"@/guides/bpo.md\"},\"facets\":["));
    assert!(json.contains(
        "\"services\":[{\"slug\":\"a\",\"title\":\"Title of a <b>&</b>\",\"summary\":\"Summary\\nwith a line break and \u{2028}\",\"url\":\"/services/a/\",\"facets\":[[],[0],null]}"
    ));
    assert!(json.contains("\"facets\":[[1,0],[],5]}]}"));
    assert!(json.contains("{\"id\":\"claims\",\"label\":\"Process claims\"}"));
    assert!(json.contains("{\"id\":\"general\",\"label\":\"Any\",\"matches_all\":true}"));
}

#[test]
fn translated_labels_and_primary_facets_travel_in_catalog_json() {
    let schema = parse_schema(
        r#"version = 1
[[facet]]
id = "needs"
label = "What do you need?"
labels = { fr = "De quoi avez-vous besoin ?", de = "Was brauchen Sie?" }
primary = true
kind = "set"
values = [{ id = "payroll", label = "Run payroll", labels = { es = "Gestionar la nómina" }, group = "Money" }]
[facet.groups]
Money = { pt = "Finanças" }
"#,
    )
    .expect("valid schema");
    let translated = build_catalog(schema, Vec::new()).expect("valid catalog");
    let json = to_json(&translated);
    assert!(json.contains(
        "\"label\":\"What do you need?\",\"labels\":{\"fr\":\"De quoi avez-vous besoin ?\",\"de\":\"Was brauchen Sie?\"},\"primary\":true"
    ));
    let back = from_json(&json).expect("reads back");
    assert_eq!(back, translated);
    let needs = &back.schema.facets[0];
    assert!(needs.primary);
    assert_eq!(needs.label_in("de"), "Was brauchen Sie?");
    assert_eq!(needs.values[0].label_in("es"), "Gestionar la nómina");
    assert_eq!(needs.values[0].label_in("fr"), "Run payroll");
    assert_eq!(needs.group_label_in("Money", "pt"), "Finanças");
    assert!(json.contains("\"groups\":{\"Money\":{\"pt\":\"Finanças\"}}"));
    // Untranslated, non-primary facets write neither key.
    assert!(!to_json(&catalog()).contains("\"labels\""));
    assert!(!to_json(&catalog()).contains("\"primary\""));
    assert!(!to_json(&catalog()).contains("\"groups\""));
}

#[test]
fn bad_catalog_json_is_rejected_with_a_reason() {
    let json = to_json(&catalog());
    let err = |text: &str| from_json(text).expect_err("must be rejected");
    assert!(err("{").starts_with("catalog.json: EOF while parsing"));
    assert_eq!(
        err(&json.replacen("\"version\":1", "\"version\":7", 1)),
        "catalog.json: unsupported version 7 (this build reads 1)"
    );
    assert_eq!(
        err(&json.replace("[[1,0],[],5]", "[[1,9],[],5]")),
        "catalog.json: service `b` has value index 9 for facet `needs`, which has 2 values"
    );
    assert_eq!(
        err(&json.replace("[[1,0],[],5]", "[[1,0],[],[5]]")),
        "catalog.json: service `b` has the wrong kind of answer for integer facet `min_team_size`"
    );
    assert_eq!(
        err(&json.replace("[[1,0],[],5]", "[[1,0],[]]")),
        "catalog.json: service `b` has 2 facet answers but the schema has 3 facets"
    );
    assert_eq!(
        err(&json.replace("\"slug\":\"b\"", "\"slug\":\"a\"")),
        "catalog.json: duplicate service slug `a`: \"Title of a <b>&</b>\" (/services/a/) and \"Title of b <b>&</b>\" (/services/b/)"
    );
    assert_eq!(
        err(&json.replace("\"match\":\"all\"", "\"match\":\"at-most\"")),
        "catalog.json: facet `needs`: match `at-most` needs kind integer"
    );
    assert_eq!(
        err(&json.replace("\"id\":\"claims\"", "\"id\":\"payroll\"")),
        "catalog.json: duplicate value `payroll` in facet `needs`"
    );
}

#[test]
fn syntax_errors_say_what_and_where() {
    let err = |text: &str| from_json(text).expect_err("must be rejected");
    assert_eq!(
        err(""),
        "catalog.json: EOF while parsing an object at line 1 column 1"
    );
    assert_eq!(
        err("{\"version\":1,\n \"facets\":[],\"services\":[]} x"),
        "catalog.json: trailing characters at line 2 column 29"
    );
    assert_eq!(
        err("{\"version\":1,\"facets\":[]}"),
        "catalog.json: missing field `services` at line 1 column 26"
    );
    assert_eq!(
        err("{\"version\":1,\"version\":1,\"facets\":[],\"services\":[]}"),
        "catalog.json: duplicate field `version` at line 1 column 24"
    );
    assert_eq!(
        err("{\"version\":1.0,\"facets\":[],\"services\":[]}"),
        "catalog.json: expected a whole number from 0 to 4294967295 at line 1 column 12"
    );
    assert_eq!(
        err("{\"version\":1,\"facets\":[],\"services\":[{\"slug\":\"a\u{1}\"}]}"),
        "catalog.json: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 48"
    );
    let deep = format!("{{\"x\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(err(&deep).starts_with("catalog.json: recursion limit exceeded"));
}

#[test]
fn the_reader_takes_what_serde_json_took() {
    // Any field order, unknown fields of any shape, whitespace, escapes, nulls and left-out optional fields.
    let text = r#" {
      "facets": [
        {"values": [{"label": "R\u00e9gion \ud83d\ude00 \/", "id": "x", "group": null, "extra": {"a": [1, -2.5e3, true, null]}}],
         "filter": true, "required": false, "match": "any", "kind": "set", "label": "F", "id": "f", "question": null},
        {"id": "n", "label": "N", "kind": "integer", "match": "at-most", "required": false, "filter": true}
      ],
      "services": [{"facets": [[0], -3], "url": "/s/", "summary": "", "title": "T\t", "slug": "s", "more": "x"}],
      "version": 1, "future": [[{}]]
    } "#;
    let ours = from_json(text).expect("valid");
    assert_eq!(Ok(&ours), reference::from_json(text).as_ref());
    assert_eq!(ours.schema.facets[0].values[0].label, "Région 😀 /");
    assert_eq!(
        ours.services[0].facets.by_facet,
        vec![
            ServiceFacet::Values(vec![0]),
            ServiceFacet::Integer(Some(-3))
        ]
    );
    assert_eq!(ours.schema.advice, AdviceConfig::default());
}

/// A strategy for text with everything JSON must escape, plus multi-byte characters.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::char::range('\u{0}', '\u{7f}'),
            prop::sample::select(vec!['é', '€', '\u{2028}', '😀', '\u{fffd}']),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Random valid catalogs with arbitrary text in every string field.
fn arb_catalog() -> impl Strategy<Value = Catalog> {
    let value = (
        text(),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::collection::vec(text(), 0..3),
        any::<bool>(),
    );
    let facet = (
        text(),
        prop::option::of(text()),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(value, 1..4),
    );
    let advice = (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
    );
    let service = (
        text(),
        text(),
        text(),
        any::<u64>(),
        prop::option::of(any::<i64>()),
    );
    (
        advice,
        prop::collection::vec(facet, 1..4),
        prop::collection::vec(service, 0..5),
    )
        .prop_map(|(advice, facets, services)| {
            let facets: Vec<Facet> = facets
                .into_iter()
                .enumerate()
                .map(|(f, (label, question, required, filter, values))| Facet {
                    id: format!("f{f}"),
                    label,
                    labels: Vec::new(),
                    primary: false,
                    group_labels: Vec::new(),
                    question,
                    kind: FacetKind::Set,
                    match_kind: MatchKind::Any,
                    required,
                    filter,
                    values: values
                        .into_iter()
                        .enumerate()
                        .map(
                            |(v, (label, group, page, keywords, matches_all))| FacetValue {
                                id: format!("v{v}"),
                                label,
                                labels: Vec::new(),
                                group,
                                page,
                                keywords,
                                matches_all,
                            },
                        )
                        .collect(),
                })
                .collect();
            let mut schema_facets = facets.clone();
            schema_facets.push(Facet {
                id: "n".into(),
                label: "N".into(),
                labels: Vec::new(),
                primary: false,
                group_labels: Vec::new(),
                question: None,
                kind: FacetKind::Integer,
                match_kind: MatchKind::AtMost,
                required: false,
                filter: true,
                values: Vec::new(),
            });
            let services = services
                .into_iter()
                .enumerate()
                .map(|(s, (slug, title, summary, bits, number))| {
                    let mut by_facet: Vec<ServiceFacet> = facets
                        .iter()
                        .enumerate()
                        .map(|(f, facet)| {
                            ServiceFacet::Values(
                                (0..facet.values.len())
                                    .filter(|v| bits >> (f * 4 + v) & 1 == 1)
                                    .collect(),
                            )
                        })
                        .collect();
                    by_facet.push(ServiceFacet::Integer(number));
                    ServiceRecord {
                        slug: format!("{s}{slug}"),
                        title,
                        summary,
                        url: format!("/{s}/"),
                        facets: ServiceFacets { by_facet },
                        suits: String::new(),
                        not_for: String::new(),
                        alternatives: Vec::new(),
                    }
                })
                .collect();
            let schema = Schema {
                version: SCHEMA_VERSION,
                facets: schema_facets,
                advice: AdviceConfig {
                    call_center_page: advice.0,
                    bpo_page: advice.1,
                    anchor: advice.2,
                },
                vocabulary: Default::default(),
                rules: Vec::new(),
            };
            build_catalog(schema, services).expect("random catalog is valid")
        })
}

/// One edit of a document: replace, insert or delete a byte at a position (scaled to the text's length).
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let byte = prop::sample::select(b"{}[]:,\"\\ -019.eEtfnulrsa\x01".to_vec());
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(at, b)| Edit::Replace(at, b)),
        (any::<usize>(), byte).prop_map(|(at, b)| Edit::Insert(at, b)),
        (any::<usize>(), 1usize..6).prop_map(|(at, n)| Edit::Delete(at, n)),
    ]
}

fn apply(json: &str, edits: &[Edit]) -> Option<String> {
    let mut bytes = json.as_bytes().to_vec();
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Replace(at, b) => {
                if let Some(slot) = bytes.get_mut(at % len) {
                    *slot = b;
                }
            }
            Edit::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
            Edit::Delete(at, n) => {
                let start = at % len;
                let end = (start + n).min(bytes.len());
                bytes.drain(start.min(end)..end);
            }
        }
    }
    String::from_utf8(bytes).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_writer_matches_serde_json_byte_for_byte(catalog in arb_catalog()) {
        let json = to_json(&catalog);
        prop_assert_eq!(&json, &reference::to_json(&catalog));
        prop_assert_eq!(from_json(&json), Ok(catalog));
    }

    #[test]
    fn edited_documents_are_read_as_serde_json_read_them(
        catalog in arb_catalog(),
        edits in prop::collection::vec(arb_edit(), 1..3),
    ) {
        let Some(text) = apply(&to_json(&catalog), &edits) else { return Ok(()) };
        let ours = from_json(&text);
        let theirs = reference::from_json(&text);
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{}\nours: {:?}\ntheirs: {:?}", text, ours, theirs);
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            prop_assert_eq!(ours, theirs);
        }
    }
}

/// The serde_json implementation the hand-written one replaced, verbatim apart from names.
mod reference {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Serialize, Deserialize)]
    struct CatalogJson {
        version: u32,
        #[serde(default)]
        advice: AdviceJson,
        facets: Vec<FacetJson>,
        services: Vec<ServiceJson>,
    }

    #[derive(Serialize, Deserialize, Default)]
    struct AdviceJson {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        call_center_page: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bpo_page: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        anchor: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    struct FacetJson {
        id: String,
        label: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        question: Option<String>,
        kind: String,
        #[serde(rename = "match")]
        match_kind: String,
        required: bool,
        filter: bool,
        #[serde(default)]
        values: Vec<ValueJson>,
    }

    #[derive(Serialize, Deserialize)]
    struct ValueJson {
        id: String,
        label: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        page: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        keywords: Vec<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        matches_all: bool,
    }

    #[derive(Serialize, Deserialize)]
    struct ServiceJson {
        slug: String,
        title: String,
        summary: String,
        url: String,
        facets: Vec<AnswerJson>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum AnswerJson {
        Values(Vec<usize>),
        Integer(Option<i64>),
    }

    fn is_false(b: &bool) -> bool {
        !*b
    }

    pub(super) fn to_json(catalog: &Catalog) -> String {
        let schema = &catalog.schema;
        let doc = CatalogJson {
            version: schema.version,
            advice: AdviceJson {
                call_center_page: schema.advice.call_center_page.clone(),
                bpo_page: schema.advice.bpo_page.clone(),
                anchor: schema.advice.anchor.clone(),
            },
            facets: schema
                .facets
                .iter()
                .map(|facet| FacetJson {
                    id: facet.id.clone(),
                    label: facet.label.clone(),
                    question: facet.question.clone(),
                    kind: facet.kind.as_str().to_string(),
                    match_kind: facet.match_kind.as_str().to_string(),
                    required: facet.required,
                    filter: facet.filter,
                    values: facet
                        .values
                        .iter()
                        .map(|v| ValueJson {
                            id: v.id.clone(),
                            label: v.label.clone(),
                            group: v.group.clone(),
                            page: v.page.clone(),
                            keywords: v.keywords.clone(),
                            matches_all: v.matches_all,
                        })
                        .collect(),
                })
                .collect(),
            services: catalog
                .services
                .iter()
                .map(|s| ServiceJson {
                    slug: s.slug.clone(),
                    title: s.title.clone(),
                    summary: s.summary.clone(),
                    url: s.url.clone(),
                    facets: s
                        .facets
                        .by_facet
                        .iter()
                        .map(|answer| match answer {
                            ServiceFacet::Values(v) => AnswerJson::Values(v.clone()),
                            ServiceFacet::Integer(n) => AnswerJson::Integer(*n),
                        })
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }

    pub(super) fn from_json(text: &str) -> Result<Catalog, String> {
        let doc: CatalogJson =
            serde_json::from_str(text).map_err(|e| format!("catalog.json: {e}"))?;
        if doc.version != SCHEMA_VERSION {
            return Err(format!(
                "catalog.json: unsupported version {} (this build reads {SCHEMA_VERSION})",
                doc.version
            ));
        }
        let mut problems = Vec::new();
        let mut facets: Vec<Facet> = Vec::with_capacity(doc.facets.len());
        for f in doc.facets {
            let (Some(kind), Some(match_kind)) =
                (FacetKind::parse(&f.kind), MatchKind::parse(&f.match_kind))
            else {
                problems.push(format!(
                    "facet `{}` has unknown kind `{}` or match `{}`",
                    f.id, f.kind, f.match_kind
                ));
                continue;
            };
            if let Err(why) = match_fits_kind(kind, match_kind) {
                problems.push(format!("facet `{}`: {why}", f.id));
            }
            if facets.iter().any(|earlier| earlier.id == f.id) {
                problems.push(format!("duplicate facet id `{}`", f.id));
            }
            let facet = Facet {
                id: f.id,
                label: f.label,
                labels: Vec::new(),
                primary: false,
                group_labels: Vec::new(),
                question: f.question,
                kind,
                match_kind,
                required: f.required,
                filter: f.filter,
                values: f
                    .values
                    .into_iter()
                    .map(|v| FacetValue {
                        id: v.id,
                        label: v.label,
                        labels: Vec::new(),
                        group: v.group,
                        page: v.page,
                        keywords: v.keywords,
                        matches_all: v.matches_all,
                    })
                    .collect(),
            };
            if let Some(id) = duplicate_value_id(&facet.values) {
                problems.push(format!("duplicate value `{id}` in facet `{}`", facet.id));
            }
            problems.extend(facet_value_problems(&facet));
            facets.push(facet);
        }
        if !problems.is_empty() {
            return Err(format!("catalog.json: {}", problems.join("; ")));
        }
        let schema = Schema {
            version: doc.version,
            facets,
            advice: AdviceConfig {
                call_center_page: doc.advice.call_center_page,
                bpo_page: doc.advice.bpo_page,
                anchor: doc.advice.anchor,
            },
            vocabulary: Default::default(),
            rules: Vec::new(),
        };
        let services = doc
            .services
            .into_iter()
            .map(|s| ServiceRecord {
                slug: s.slug,
                title: s.title,
                summary: s.summary,
                url: s.url,
                facets: ServiceFacets {
                    by_facet: s
                        .facets
                        .into_iter()
                        .map(|a| match a {
                            AnswerJson::Values(v) => ServiceFacet::Values(v),
                            AnswerJson::Integer(n) => ServiceFacet::Integer(n),
                        })
                        .collect(),
                },
                suits: String::new(),
                not_for: String::new(),
                alternatives: Vec::new(),
            })
            .collect();
        build_catalog(schema, services)
            .map_err(|problems| format!("catalog.json: {}", problems.join("; ")))
    }
}
