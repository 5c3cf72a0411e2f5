//! catalog.json: the compact, versioned file the explorer loads (facet values written as indexes).

use serde::{Deserialize, Serialize};

use crate::catalog::{build_catalog, Catalog};
use crate::schema::{
    AdviceConfig, Facet, FacetKind, FacetValue, MatchKind, Schema, SCHEMA_VERSION,
};
use crate::service::{ServiceFacet, ServiceFacets, ServiceRecord};
use crate::validate::{duplicate_value_id, facet_value_problems, match_fits_kind};

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
    /// One entry per facet, in schema order: an array of value indexes, or a number (or null) for integers.
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

/// Writes catalog.json: compact, with the same bytes for the same catalog.
pub fn to_json(catalog: &Catalog) -> String {
    let schema = &catalog.schema;
    let doc = CatalogJson {
        version: schema.version,
        advice: AdviceJson {
            call_center_page: schema.advice.call_center_page.clone(),
            bpo_page: schema.advice.bpo_page.clone(),
            anchor: schema.advice.anchor.clone(),
        },
        facets: schema.facets.iter().map(facet_json).collect(),
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
    // Only strings, integers and booleans: serialising them cannot fail.
    serde_json::to_string(&doc).unwrap_or_default()
}

fn facet_json(facet: &Facet) -> FacetJson {
    FacetJson {
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
    }
}

/// Reads catalog.json and checks it as strictly as catalog.toml and the service pages are checked.
pub fn from_json(text: &str) -> Result<Catalog, String> {
    let doc: CatalogJson = serde_json::from_str(text).map_err(|e| format!("catalog.json: {e}"))?;
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
        })
        .collect();
    build_catalog(schema, services)
        .map_err(|problems| format!("catalog.json: {}", problems.join("; ")))
}

#[cfg(test)]
mod tests {
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
        // Sorted by slug, compact, values as indexes, integers as numbers or null.
        assert!(json.starts_with(
            "{\"version\":1,\"advice\":{\"bpo_page\":\"@/guides/bpo.md\"},\"facets\":["
        ));
        assert!(json.contains(
            "\"services\":[{\"slug\":\"a\",\"title\":\"Title of a <b>&</b>\",\"summary\":\"Summary\\nwith a line break and \u{2028}\",\"url\":\"/services/a/\",\"facets\":[[],[0],null]}"
        ));
        assert!(json.contains("\"facets\":[[1,0],[],5]}]}"));
        assert!(json.contains("{\"id\":\"claims\",\"label\":\"Process claims\"}"));
        assert!(json.contains("{\"id\":\"general\",\"label\":\"Any\",\"matches_all\":true}"));
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
}
