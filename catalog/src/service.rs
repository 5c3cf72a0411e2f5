//! One service's facet answers, read from the `[service]` table of its page's front matter.

use toml_edit::{Item, TableLike, Value};

use crate::located::{CatalogError, Located};
use crate::schema::{Facet, FacetKind, Schema};
use crate::toml_table::{item_at, item_type_name, parse_document, value_at, value_type_name};
use crate::validate::{allowed_list, allowed_with_suggestion};

/// A service's answer for one facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceFacet {
    /// Indexes into the facet's values: one for an enum, any number for a set, none when an optional facet is
    /// left out. Kept in the order the page wrote them.
    Values(Vec<usize>),
    /// The number for an integer facet; `None` when an optional facet is left out.
    Integer(Option<i64>),
}

/// A service's answers for every facet of the schema, by facet index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFacets {
    /// One answer per facet, at the facet's index in `Schema::facets`.
    pub by_facet: Vec<ServiceFacet>,
}

/// A service as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRecord {
    /// The service's id: its page's file name without `.md`, kept across retitles so shared links work.
    pub slug: String,
    /// The page's title.
    pub title: String,
    /// The page's description (empty when it has none), shown under the title in results.
    pub summary: String,
    /// The page's URL path from the site's root (`/services/after-hours-answering/`).
    pub url: String,
    /// The page's `[service]` answers, checked against the schema.
    pub facets: ServiceFacets,
    /// Who the service suits, in the page's words ("Who it suits"): ranked as text.
    pub suits: String,
    /// The page's pointers elsewhere ("medical practices should look at ..."): a buyer whose words match them
    /// is steered away from this service.
    pub not_for: String,
    /// The slugs of the services its page sends readers to instead: look-alikes, kept apart in a top three.
    pub alternatives: Vec<String>,
}

impl ServiceFacets {
    /// The value indexes for facet `facet` (empty for integer facets and out-of-range indexes).
    pub fn values(&self, facet: usize) -> &[usize] {
        match self.by_facet.get(facet) {
            Some(ServiceFacet::Values(v)) => v,
            _ => &[],
        }
    }

    /// The number for integer facet `facet`.
    pub fn integer(&self, facet: usize) -> Option<i64> {
        match self.by_facet.get(facet) {
            Some(ServiceFacet::Integer(n)) => *n,
            _ => None,
        }
    }

    /// Whether the service lists value `value` of facet `facet` (literally; `matches_all` is the engine's job).
    pub fn has(&self, facet: usize, value: usize) -> bool {
        self.values(facet).contains(&value)
    }
}

/// Validates the `[service]` table of one service page's front matter (TOML text), reporting every problem at
/// the line and column of the offending key or value.
pub fn parse_service(
    schema: &Schema,
    front_matter_toml: &str,
) -> Result<ServiceFacets, Vec<CatalogError>> {
    let text = front_matter_toml;
    let doc = parse_document(text).map_err(|e| vec![e])?;
    let facet_ids = schema.facet_ids();
    let table_help = || {
        format!(
            "add a [service] table with the keys {}",
            facet_ids.join(", ")
        )
    };

    let Some(service_item) = doc.as_table().get("service") else {
        return Err(vec![CatalogError::new(
            Located { line: 1, col: 1 },
            "missing [service] table",
        )
        .with_help(table_help())]);
    };
    let Some(table) = service_item.as_table_like() else {
        return Err(vec![CatalogError::new(
            item_at(text, service_item),
            format!(
                "`service` must be a table, found {}",
                item_type_name(service_item)
            ),
        )
        .with_help(table_help())]);
    };
    let table_at = item_at(text, service_item);

    let mut errors = Vec::new();
    let mut by_facet: Vec<Option<ServiceFacet>> = vec![None; schema.facets.len()];
    for (key, item) in table.iter() {
        let key_at = key_location(text, table, key, table_at);
        let Some(index) = schema.facet_index(key) else {
            errors.push(
                CatalogError::new(key_at, format!("unknown facet `{key}` in [service]"))
                    .with_help(allowed_with_suggestion("facets", key, &facet_ids)),
            );
            continue;
        };
        let (Some(facet), Some(slot)) = (schema.facets.get(index), by_facet.get_mut(index)) else {
            continue;
        };
        *slot = read_answer(text, facet, item, &mut errors);
    }

    let mut answers = Vec::with_capacity(schema.facets.len());
    for (facet, answer) in schema.facets.iter().zip(by_facet) {
        match answer {
            Some(a) => answers.push(a),
            None => {
                let present = table.contains_key(&facet.id);
                if facet.required && !present {
                    errors.push(
                        CatalogError::new(
                            table_at,
                            format!("missing required facet `{}` in [service]", facet.id),
                        )
                        .with_help(example_for(facet)),
                    );
                }
                answers.push(empty_answer(facet));
            }
        }
    }

    if errors.is_empty() {
        Ok(ServiceFacets { by_facet: answers })
    } else {
        errors.sort_by_key(|e| (e.line, e.col));
        Err(errors)
    }
}

fn key_location(text: &str, table: &dyn TableLike, key: &str, fallback: Located) -> Located {
    table
        .get_key_value(key)
        .and_then(|(k, _)| k.span())
        .map_or(fallback, |span| Located::from_offset(text, span.start))
}

fn empty_answer(facet: &Facet) -> ServiceFacet {
    match facet.kind {
        FacetKind::Integer => ServiceFacet::Integer(None),
        FacetKind::Enum | FacetKind::Set => ServiceFacet::Values(Vec::new()),
    }
}

/// A line the author can copy, for "missing" and "wrong type" hints.
fn example_for(facet: &Facet) -> String {
    let first = facet.values.first().map_or("...", |v| v.id.as_str());
    match facet.kind {
        FacetKind::Integer => format!("write `{} = 0` (a whole number)", facet.id),
        FacetKind::Enum => format!(
            "write `{} = \"{first}\"`; {}",
            facet.id,
            allowed_values(facet)
        ),
        FacetKind::Set => format!(
            "write `{} = [\"{first}\"]`; {}",
            facet.id,
            allowed_values(facet)
        ),
    }
}

fn allowed_values(facet: &Facet) -> String {
    allowed_list("values", &facet.value_ids())
}

/// Reads one facet's answer; `None` after recording an error.
fn read_answer(
    text: &str,
    facet: &Facet,
    item: &Item,
    errors: &mut Vec<CatalogError>,
) -> Option<ServiceFacet> {
    let wrong_type = |expected: &str| {
        CatalogError::new(
            item_at(text, item),
            format!(
                "`{}` must be {expected}, found {}",
                facet.id,
                item_type_name(item)
            ),
        )
        .with_help(example_for(facet))
    };
    match facet.kind {
        FacetKind::Integer => match item.as_integer() {
            Some(n) => Some(ServiceFacet::Integer(Some(n))),
            None => {
                errors.push(wrong_type("an integer"));
                None
            }
        },
        FacetKind::Enum => match item.as_value() {
            Some(value @ Value::String(s)) => {
                let index = value_index(text, facet, s.value(), value, errors)?;
                Some(ServiceFacet::Values(vec![index]))
            }
            _ => {
                errors.push(wrong_type("one value (a string)"));
                None
            }
        },
        FacetKind::Set => {
            let Some(array) = item.as_array() else {
                errors.push(wrong_type("an array of strings"));
                return None;
            };
            let errors_before = errors.len();
            let mut indexes: Vec<usize> = Vec::new();
            for value in array.iter() {
                let Some(s) = value.as_str() else {
                    errors.push(CatalogError::new(
                        value_at(text, value),
                        format!(
                            "`{}` must hold strings, found {}",
                            facet.id,
                            value_type_name(value)
                        ),
                    ));
                    continue;
                };
                let Some(index) = value_index(text, facet, s, value, errors) else {
                    continue;
                };
                if indexes.contains(&index) {
                    errors.push(CatalogError::new(
                        value_at(text, value),
                        format!("duplicate value `{s}` in `{}`", facet.id),
                    ));
                    continue;
                }
                indexes.push(index);
            }
            (errors.len() == errors_before).then_some(ServiceFacet::Values(indexes))
        }
    }
}

fn value_index(
    text: &str,
    facet: &Facet,
    id: &str,
    value: &Value,
    errors: &mut Vec<CatalogError>,
) -> Option<usize> {
    let index = facet.value_index(id);
    if index.is_none() {
        let help = allowed_with_suggestion("values", id, &facet.value_ids());
        errors.push(
            CatalogError::new(
                value_at(text, value),
                format!("unknown value `{id}` for facet `{}`", facet.id),
            )
            .with_help(help),
        );
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse_schema;

    fn schema() -> Schema {
        parse_schema(
            r#"version = 1
[[facet]]
id = "office"
label = "Office"
kind = "enum"
match = "office"
values = [{ id = "front", label = "Front" }, { id = "back", label = "Back" }, { id = "hybrid", label = "Both" }]
[[facet]]
id = "channels"
label = "Channels"
kind = "set"
match = "all"
values = [{ id = "voice", label = "Voice" }, { id = "email", label = "Email" }, { id = "chat", label = "Chat" }]
[[facet]]
id = "compliance"
label = "Compliance"
kind = "set"
required = false
values = [{ id = "HIPAA", label = "HIPAA" }]
[[facet]]
id = "min_team_size"
label = "Minimum team size"
kind = "integer"
"#,
        )
        .expect("test schema is valid")
    }

    fn errors(front_matter: &str) -> Vec<(usize, usize, String, Option<String>)> {
        match parse_service(&schema(), front_matter) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| (e.line, e.col, e.message, e.help))
                .collect(),
        }
    }

    #[test]
    fn a_valid_service_keeps_value_order_and_fills_optional_facets() {
        let facets = parse_service(
            &schema(),
            "title = \"X\"\ndate = 2026-01-01\n[service]\noffice = \"hybrid\"\nchannels = [\"chat\", \"voice\"]\nmin_team_size = 3\n",
        )
        .expect("valid");
        assert_eq!(
            facets.by_facet,
            vec![
                ServiceFacet::Values(vec![2]),
                ServiceFacet::Values(vec![2, 0]),
                ServiceFacet::Values(vec![]),
                ServiceFacet::Integer(Some(3)),
            ]
        );
        assert!(facets.has(1, 0) && !facets.has(1, 1) && !facets.has(9, 0));
        assert_eq!(facets.integer(3), Some(3));
        // An inline table is the same table.
        let inline = parse_service(
            &schema(),
            "service = { office = \"hybrid\", channels = [\"chat\", \"voice\"], min_team_size = 3 }",
        );
        assert_eq!(inline, Ok(facets));
    }

    #[test]
    fn a_page_without_a_service_table_is_an_error() {
        let errs = errors("title = \"X\"\n");
        assert_eq!(
            (errs[0].0, errs[0].1, errs[0].2.as_str()),
            (1, 1, "missing [service] table")
        );
        assert_eq!(
            errs[0].3.as_deref(),
            Some("add a [service] table with the keys office, channels, compliance, min_team_size")
        );
        let errs = errors("title = \"X\"\nservice = \"front\"\n");
        assert_eq!(
            (errs[0].0, errs[0].1, errs[0].2.as_str()),
            (2, 11, "`service` must be a table, found a string")
        );
    }

    #[test]
    fn unknown_facets_list_the_allowed_ones() {
        let errs =
            errors("[service]\noffice = \"front\"\nchanels = [\"voice\"]\nmin_team_size = 0\n");
        assert_eq!(
            errs,
            vec![
                (
                    3,
                    1,
                    "unknown facet `chanels` in [service]".to_string(),
                    Some("did you mean `channels`? allowed facets: office, channels, compliance, min_team_size".to_string())
                ),
                (
                    1,
                    1,
                    "missing required facet `channels` in [service]".to_string(),
                    Some("write `channels = [\"voice\"]`; allowed values: voice, email, chat".to_string())
                ),
            ]
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn unknown_values_suggest_the_closest() {
        let errs = errors("[service]\noffice = \"frnt\"\nchannels = [\"voice\", \"telegram\"]\nmin_team_size = 0\n");
        assert_eq!(
            errs,
            vec![
                (
                    2,
                    10,
                    "unknown value `frnt` for facet `office`".to_string(),
                    Some("did you mean `front`? allowed values: front, back, hybrid".to_string())
                ),
                (
                    3,
                    22,
                    "unknown value `telegram` for facet `channels`".to_string(),
                    Some("allowed values: voice, email, chat".to_string())
                ),
            ]
        );
    }

    #[test]
    fn wrong_types_are_reported_at_the_value() {
        let errs = errors(
            "[service]\noffice = [\"front\"]\nchannels = \"voice\"\nmin_team_size = \"two\"\n",
        );
        let brief: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|(l, c, m, _)| (*l, *c, m.as_str()))
            .collect();
        assert_eq!(
            brief,
            vec![
                (
                    2,
                    10,
                    "`office` must be one value (a string), found an array"
                ),
                (
                    3,
                    12,
                    "`channels` must be an array of strings, found a string"
                ),
                (4, 17, "`min_team_size` must be an integer, found a string"),
            ]
        );
        assert_eq!(
            errs[1].3.as_deref(),
            Some("write `channels = [\"voice\"]`; allowed values: voice, email, chat")
        );
        assert_eq!(
            errs[2].3.as_deref(),
            Some("write `min_team_size = 0` (a whole number)")
        );
        let errs = errors(
            "[service]\noffice = \"front\"\nchannels = [\"voice\", 3]\nmin_team_size = 1.5\n",
        );
        let brief: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|(l, c, m, _)| (*l, *c, m.as_str()))
            .collect();
        assert_eq!(
            brief,
            vec![
                (3, 22, "`channels` must hold strings, found an integer"),
                (4, 17, "`min_team_size` must be an integer, found a float"),
            ]
        );
    }

    #[test]
    fn missing_required_facets_are_reported_at_the_table() {
        let errs = errors("title = \"X\"\n\n[service]\nchannels = []\n");
        let brief: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|(l, c, m, _)| (*l, *c, m.as_str()))
            .collect();
        assert_eq!(
            brief,
            vec![
                (3, 1, "missing required facet `office` in [service]"),
                (3, 1, "missing required facet `min_team_size` in [service]"),
            ]
        );
    }

    #[test]
    fn duplicate_values_in_a_set_are_errors() {
        let errs = errors("[service]\noffice = \"front\"\nchannels = [\"voice\", \"email\", \"voice\"]\nmin_team_size = 0\n");
        let brief: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|(l, c, m, _)| (*l, *c, m.as_str()))
            .collect();
        assert_eq!(
            brief,
            vec![(3, 31, "duplicate value `voice` in `channels`")]
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let errs = errors("[service]\noffice = front\n");
        let brief: Vec<(usize, usize)> = errs.iter().map(|(l, c, _, _)| (*l, *c)).collect();
        assert_eq!(brief, vec![(2, 10)]);
        assert!(
            errs[0].2.starts_with("TOML syntax error: "),
            "{}",
            errs[0].2
        );
    }
}
