//! The facet definitions of content/catalog.toml: what a buyer can filter on and how each filter matches.

use toml_edit::{Item, TableLike, Value};

use crate::labels::{label_in, read_group_labels, read_labels, Labels};
use crate::located::{CatalogError, Located};
use crate::rules::{read_rules, Rule};
use crate::toml_table::{item_at, parse_document, value_at, TableReader};
use crate::validate::{allowed_with_suggestion, facet_value_problems, match_fits_kind};
use crate::vocabulary::{read_vocabulary, Vocabulary};

/// The catalog format this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Every facet and the advice pages, as defined in catalog.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// The catalog format the file was written for; always [`SCHEMA_VERSION`] once read.
    pub version: u32,
    /// Every facet in the order catalog.toml lists them; a facet's position is its index everywhere else.
    pub facets: Vec<Facet>,
    /// The guide pages the call-center-or-BPO advice links to (`[advice]`).
    pub advice: AdviceConfig,
    /// How buyers say things: read by the engine to understand free text.
    pub vocabulary: Vocabulary,
    /// Consistency rules between a service's facet values (`[[rule]]`); editors' checks, not in catalog.json.
    pub rules: Vec<Rule>,
}

/// Where the "call center or BPO?" advice links to, as written (file paths like "@/guides/x.md").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdviceConfig {
    /// The page explaining call centers, linked when the verdict is a call center; `None` when not set.
    pub call_center_page: Option<String>,
    /// The page explaining broader BPO, linked when the verdict is BPO; `None` when not set.
    pub bpo_page: Option<String>,
    /// A heading id on the linked page, without the "#", to land the buyer on the right section.
    pub anchor: Option<String>,
}

/// One question a buyer can filter on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// What service pages, rules and query URLs call the facet (`languages`).
    pub id: String,
    /// The English name shown on the filter ("Languages").
    pub label: String,
    /// The label in other languages (`labels` in catalog.toml); `label` is the English one.
    pub labels: Labels,
    /// One of the few facets a buyer uses most: shown up front, the others fold under "More filters".
    pub primary: bool,
    /// Value group names (as written in `group`) with their translated labels (`[facet.groups]`).
    pub group_labels: Vec<(String, Labels)>,
    /// The facet as a question to the buyer ("Which languages must be covered?"); `None` when not written.
    pub question: Option<String>,
    /// Whether a service answers with one value, several, or a number.
    pub kind: FacetKind,
    /// How a buyer's selection is compared with a service's answer (`match`; by default `any`, or `at-most`
    /// for integer facets).
    pub match_kind: MatchKind,
    /// Whether every service must answer it (the default); `required = false` lets a service leave it out.
    pub required: bool,
    /// False for informational facets (shown on service pages, never filtered on).
    pub filter: bool,
    /// The allowed answers of an enum or set facet, in the order written; empty for integer facets.
    pub values: Vec<FacetValue>,
}

impl FacetValue {
    /// The label in `lang` (a base language code), English when not translated.
    pub fn label_in(&self, lang: &str) -> &str {
        label_in(&self.label, &self.labels, lang)
    }
}

/// One allowed answer of an enum or set facet; its position in `Facet::values` is its index everywhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// What service pages, rules and query URLs write for this answer (`after-hours-calls`).
    pub id: String,
    /// The English name shown to buyers ("Answer calls after hours").
    pub label: String,
    /// The label in other languages; `label` is the English one and the fallback.
    pub labels: Labels,
    /// The name of the group the explorer lists the value under ("Coverage"), as written; `None` for no group.
    pub group: Option<String>,
    /// The knowledge-base page that explains the value, as a file path ("@/call-centers/inbound.md").
    pub page: Option<String>,
    /// Words and phrases a buyer might use for the value, which the engine reads in free text.
    pub keywords: Vec<String>,
    /// A service with this value counts as having every value of the facet (e.g. industry `general`).
    pub matches_all: bool,
}

/// The shape of a facet's answer on a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FacetKind {
    /// Exactly one value id (`coverage_hours = "24x7"`).
    Enum,
    /// A list of value ids (`languages = ["en", "es"]`).
    Set,
    /// A whole number (`ramp_up_weeks = 2`).
    Integer,
}

/// How a buyer's selection within one facet is matched against a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The service has at least one of the selected values (enum and set facets).
    Any,
    /// The service has every selected value (set facets only: needs).
    All,
    /// The values are levels, lowest first: a service at the selected level or any higher one matches (enum).
    AtLeast,
    /// The service's number is at most the selected one (integer facets only, and their default).
    AtMost,
    /// Like `any`, and a `hybrid` service also matches a selection of `front` or `back` (enum).
    Office,
    /// Like `any`, and a `both` service also matches a selection of `inbound` or `outbound` (enum).
    Direction,
    /// Like `any`, and an `either` service also matches a selection of `shared` or `dedicated` (enum).
    Staffing,
}

impl FacetKind {
    /// Every kind, in the order the "allowed kinds" hint lists them.
    pub const ALL: [FacetKind; 3] = [FacetKind::Enum, FacetKind::Set, FacetKind::Integer];

    /// The spelling used in catalog.toml and catalog.json.
    pub fn as_str(self) -> &'static str {
        match self {
            FacetKind::Enum => "enum",
            FacetKind::Set => "set",
            FacetKind::Integer => "integer",
        }
    }

    /// Reads the spelling used in catalog.toml and catalog.json.
    pub fn parse(s: &str) -> Option<FacetKind> {
        FacetKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl MatchKind {
    /// Every match rule, in the order the "allowed match rules" hint lists them.
    pub const ALL: [MatchKind; 7] = [
        MatchKind::Any,
        MatchKind::All,
        MatchKind::AtLeast,
        MatchKind::AtMost,
        MatchKind::Office,
        MatchKind::Direction,
        MatchKind::Staffing,
    ];

    /// The spelling used in catalog.toml and catalog.json.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Any => "any",
            MatchKind::All => "all",
            MatchKind::AtLeast => "at-least",
            MatchKind::AtMost => "at-most",
            MatchKind::Office => "office",
            MatchKind::Direction => "direction",
            MatchKind::Staffing => "staffing",
        }
    }

    /// Reads the spelling used in catalog.toml and catalog.json.
    pub fn parse(s: &str) -> Option<MatchKind> {
        MatchKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl Schema {
    /// The index of the facet with `id`.
    pub fn facet_index(&self, id: &str) -> Option<usize> {
        self.facets.iter().position(|f| f.id == id)
    }

    /// The facet with `id`.
    pub fn facet(&self, id: &str) -> Option<&Facet> {
        self.facets.iter().find(|f| f.id == id)
    }

    /// Every facet id, in schema order (for "allowed facets" hints).
    pub fn facet_ids(&self) -> Vec<&str> {
        self.facets.iter().map(|f| f.id.as_str()).collect()
    }
}

impl Facet {
    /// The label in `lang` (a base language code), English when not translated.
    pub fn label_in(&self, lang: &str) -> &str {
        label_in(&self.label, &self.labels, lang)
    }

    /// The name of value group `group` in `lang`, as written when not translated.
    pub fn group_label_in<'a>(&'a self, group: &'a str, lang: &str) -> &'a str {
        self.group_labels
            .iter()
            .find(|(g, _)| g == group)
            .map_or(group, |(_, labels)| label_in(group, labels, lang))
    }

    /// The index of the value with `id`.
    pub fn value_index(&self, id: &str) -> Option<usize> {
        self.values.iter().position(|v| v.id == id)
    }

    /// Every value id, in schema order.
    pub fn value_ids(&self) -> Vec<&str> {
        self.values.iter().map(|v| v.id.as_str()).collect()
    }
}

const TOP_KEYS: &[&str] = &["version", "advice", "facet", "vocabulary", "rule"];
const ADVICE_KEYS: &[&str] = &["call_center_page", "bpo_page", "anchor"];
const FACET_KEYS: &[&str] = &[
    "id", "label", "labels", "question", "kind", "match", "required", "filter", "primary",
    "values", "groups",
];
const VALUE_KEYS: &[&str] = &[
    "id",
    "label",
    "labels",
    "group",
    "page",
    "keywords",
    "matches_all",
];

/// Reads and checks content/catalog.toml; every problem is reported, each at its line and column.
pub fn parse_schema(catalog_toml: &str) -> Result<Schema, Vec<CatalogError>> {
    let text = catalog_toml;
    let doc = parse_document(text).map_err(|e| vec![e])?;
    let root = TableReader {
        text,
        table: doc.as_table(),
        at: Located { line: 1, col: 1 },
        name: "catalog.toml".to_string(),
    };
    let mut errors = Vec::new();
    root.reject_unknown_keys(TOP_KEYS, &mut errors);

    let version = read_version(&root, &mut errors);
    let advice = match root.item("advice") {
        None => AdviceConfig::default(),
        Some(item) => match item.as_table_like() {
            Some(table) => read_advice(text, table, item_at(text, item), &mut errors),
            None => {
                errors.push(root.wrong_type("advice", "a table", item));
                AdviceConfig::default()
            }
        },
    };

    let mut facets: Vec<(Facet, Located)> = Vec::new();
    for (table, at) in facet_tables(&root, &mut errors) {
        let Some(facet) = read_facet(text, table, at, &mut errors) else {
            continue;
        };
        if let Some((_, first)) = facets.iter().find(|(f, _)| f.id == facet.id) {
            errors.push(
                CatalogError::new(
                    TableReader {
                        text,
                        table,
                        at,
                        name: String::new(),
                    }
                    .key_at("id"),
                    format!("duplicate facet id `{}`", facet.id),
                )
                .with_help(format!("first defined at line {}", first.line)),
            );
            continue;
        }
        facets.push((facet, at));
    }

    let facet_ids: Vec<&str> = facets.iter().map(|(f, _)| f.id.as_str()).collect();
    let vocabulary = read_vocabulary(&root, &facet_ids, &mut errors);
    let rules = read_rules(&root, facets.iter().map(|(f, _)| f), &mut errors);

    if errors.is_empty() {
        Ok(Schema {
            version,
            facets: facets.into_iter().map(|(f, _)| f).collect(),
            advice,
            vocabulary,
            rules,
        })
    } else {
        errors.sort_by_key(|e| (e.line, e.col));
        Err(errors)
    }
}

fn read_version(root: &TableReader<'_>, errors: &mut Vec<CatalogError>) -> u32 {
    let Some(item) = root.item("version") else {
        errors.push(
            CatalogError::new(root.at, "missing `version` in catalog.toml")
                .with_help(format!("add `version = {SCHEMA_VERSION}` at the top")),
        );
        return SCHEMA_VERSION;
    };
    match item.as_integer() {
        Some(v) if v == i64::from(SCHEMA_VERSION) => SCHEMA_VERSION,
        Some(v) => {
            errors.push(
                CatalogError::new(
                    item_at(root.text, item),
                    format!("unsupported catalog version {v}"),
                )
                .with_help(format!("this build reads version {SCHEMA_VERSION}")),
            );
            SCHEMA_VERSION
        }
        None => {
            errors.push(root.wrong_type("version", "an integer", item));
            SCHEMA_VERSION
        }
    }
}

fn read_advice(
    text: &str,
    table: &dyn TableLike,
    at: Located,
    errors: &mut Vec<CatalogError>,
) -> AdviceConfig {
    let reader = TableReader {
        text,
        table,
        at,
        name: "[advice]".to_string(),
    };
    reader.reject_unknown_keys(ADVICE_KEYS, errors);
    AdviceConfig {
        call_center_page: reader.string("call_center_page", errors),
        bpo_page: reader.string("bpo_page", errors),
        anchor: reader.string("anchor", errors),
    }
}

/// The facet tables, written either as `[[facet]]` sections or as an array of inline tables.
fn facet_tables<'a>(
    root: &TableReader<'a>,
    errors: &mut Vec<CatalogError>,
) -> Vec<(&'a dyn TableLike, Located)> {
    let Some(item) = root.item("facet") else {
        return Vec::new();
    };
    let mut out: Vec<(&'a dyn TableLike, Located)> = Vec::new();
    match item {
        Item::ArrayOfTables(tables) => {
            for table in tables.iter() {
                out.push((table, Located::from_span(root.text, table.span())));
            }
        }
        Item::Value(Value::Array(array)) => {
            for value in array.iter() {
                match value.as_inline_table() {
                    Some(table) => out.push((table, value_at(root.text, value))),
                    None => errors.push(CatalogError::new(
                        value_at(root.text, value),
                        "each `facet` must be a table",
                    )),
                }
            }
        }
        other => errors.push(root.wrong_type("facet", "an array of tables ([[facet]])", other)),
    }
    out
}

fn read_facet(
    text: &str,
    table: &dyn TableLike,
    at: Located,
    errors: &mut Vec<CatalogError>,
) -> Option<Facet> {
    let errors_before = errors.len();
    let mut reader = TableReader {
        text,
        table,
        at,
        name: "facet".to_string(),
    };
    let id = reader.required_string("id", errors);
    if let Some(id) = &id {
        reader.name = format!("facet `{id}`");
    }
    reader.reject_unknown_keys(FACET_KEYS, errors);
    let label = reader.required_string("label", errors);
    let labels = read_labels(&reader, errors);
    let question = reader.string("question", errors);
    let required = reader.bool_or("required", true, errors);
    let filter = reader.bool_or("filter", true, errors);
    let primary = reader.bool_or("primary", false, errors);

    let kind = match reader.item("kind") {
        None => {
            errors.push(
                CatalogError::new(at, format!("missing `kind` in {}", reader.name))
                    .with_help("allowed kinds: enum, set, integer"),
            );
            None
        }
        Some(item) => match item.as_str() {
            None => {
                errors.push(reader.wrong_type("kind", "a string", item));
                None
            }
            Some(s) => {
                let kind = FacetKind::parse(s);
                if kind.is_none() {
                    let ids: Vec<&str> = FacetKind::ALL.iter().map(|k| k.as_str()).collect();
                    errors.push(
                        CatalogError::new(item_at(text, item), format!("unknown kind `{s}`"))
                            .with_help(allowed_with_suggestion("kinds", s, &ids)),
                    );
                }
                kind
            }
        },
    };

    let match_kind = match reader.item("match") {
        // integer facets only have one sensible rule, so it is their default.
        None if kind == Some(FacetKind::Integer) => Some(MatchKind::AtMost),
        None => Some(MatchKind::Any),
        Some(item) => match item.as_str() {
            None => {
                errors.push(reader.wrong_type("match", "a string", item));
                None
            }
            Some(s) => {
                let rule = MatchKind::parse(s);
                if rule.is_none() {
                    let ids: Vec<&str> = MatchKind::ALL.iter().map(|k| k.as_str()).collect();
                    errors.push(
                        CatalogError::new(item_at(text, item), format!("unknown match `{s}`"))
                            .with_help(allowed_with_suggestion("match rules", s, &ids)),
                    );
                }
                rule
            }
        },
    };

    if let (Some(kind), Some(rule)) = (kind, match_kind) {
        if let Err(why) = match_fits_kind(kind, rule) {
            errors.push(
                CatalogError::new(
                    reader.key_at("match"),
                    format!(
                        "match `{}` does not fit kind `{}` in {}",
                        rule.as_str(),
                        kind.as_str(),
                        reader.name
                    ),
                )
                .with_help(why),
            );
        }
    }

    let values = read_values(&reader, errors);
    let mut groups: Vec<&str> = Vec::new();
    for group in values.iter().filter_map(|v| v.group.as_deref()) {
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    let group_labels = read_group_labels(&reader, &groups, errors);

    if errors.len() > errors_before {
        return None;
    }
    let facet = Facet {
        id: id?,
        label: label?,
        labels,
        primary,
        group_labels,
        question,
        kind: kind?,
        match_kind: match_kind?,
        required,
        filter,
        values,
    };
    let problems = facet_value_problems(&facet);
    if !problems.is_empty() {
        let place = reader.item("values").map_or(at, |item| item_at(text, item));
        errors.extend(problems.into_iter().map(|p| CatalogError::new(place, p)));
        return None;
    }
    Some(facet)
}

fn read_values(facet: &TableReader<'_>, errors: &mut Vec<CatalogError>) -> Vec<FacetValue> {
    let text = facet.text;
    let Some(item) = facet.item("values") else {
        return Vec::new();
    };
    let mut tables: Vec<(&dyn TableLike, Located)> = Vec::new();
    match item {
        Item::Value(Value::Array(array)) => {
            for value in array.iter() {
                match value.as_inline_table() {
                    Some(t) => tables.push((t, value_at(text, value))),
                    None => errors.push(CatalogError::new(
                        value_at(text, value),
                        format!(
                            "each value of {} must be a table like {{ id = \"...\", label = \"...\" }}",
                            facet.name
                        ),
                    )),
                }
            }
        }
        Item::ArrayOfTables(array) => {
            for t in array.iter() {
                tables.push((t, Located::from_span(text, t.span())));
            }
        }
        other => {
            errors.push(facet.wrong_type("values", "an array of tables", other));
            return Vec::new();
        }
    }

    let mut values: Vec<(FacetValue, Located)> = Vec::new();
    for (table, at) in tables {
        let mut reader = TableReader {
            text,
            table,
            at,
            name: format!("a value of {}", facet.name),
        };
        let id = reader.required_string("id", errors);
        if let Some(id) = &id {
            reader.name = format!("value `{id}` of {}", facet.name);
        }
        reader.reject_unknown_keys(VALUE_KEYS, errors);
        let label = reader.required_string("label", errors);
        let labels = read_labels(&reader, errors);
        let group = reader.string("group", errors);
        let page = reader.string("page", errors);
        let keywords = reader.string_array("keywords", errors);
        let matches_all = reader.bool_or("matches_all", false, errors);
        let (Some(id), Some(label)) = (id, label) else {
            continue;
        };
        if let Some((_, first)) = values.iter().find(|(v, _)| v.id == id) {
            errors.push(
                CatalogError::new(
                    reader.key_at("id"),
                    format!("duplicate value `{id}` in {}", facet.name),
                )
                .with_help(format!("first defined at line {}", first.line)),
            );
            continue;
        }
        values.push((
            FacetValue {
                id,
                label,
                labels,
                group,
                page,
                keywords,
                matches_all,
            },
            at,
        ));
    }
    values.into_iter().map(|(v, _)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, col, message) of every error, for compact assertions.
    fn errors(toml: &str) -> Vec<(usize, usize, String)> {
        match parse_schema(toml) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_iter()
                .map(|e| (e.line, e.col, e.message))
                .collect(),
        }
    }

    fn first_help(toml: &str) -> Option<String> {
        parse_schema(toml)
            .err()
            .and_then(|e| e.into_iter().next())
            .and_then(|e| e.help)
    }

    const GOOD: &str = r#"version = 1
[advice]
call_center_page = "@/guides/call-center-or-bpo.md"
bpo_page = "@/guides/bpo.md"
anchor = "the-short-test"

[[facet]]
id = "needs"
label = "What do you need?"
question = "What do you need help with?"
kind = "set"
match = "all"
values = [
  { id = "after-hours-calls", label = "Answer calls after hours", group = "Coverage", page = "@/x.md", keywords = ["after hours", "6pm"] },
  { id = "payroll", label = "Run payroll" },
]

[[facet]]
id = "industries"
label = "Industry"
kind = "set"
required = false
values = [
  { id = "general", label = "Any industry", matches_all = true },
  { id = "healthcare", label = "Healthcare" },
]

[[facet]]
id = "min_team_size"
label = "Minimum team size"
kind = "integer"

[[facet]]
id = "delivery_regions"
label = "Countries"
kind = "set"
filter = false

[[facet.values]]
id = "US"
label = "United States"
"#;

    #[test]
    fn a_valid_catalog_reads_with_defaults() {
        let schema = parse_schema(GOOD).expect("valid");
        assert_eq!(schema.version, 1);
        assert_eq!(schema.advice.anchor.as_deref(), Some("the-short-test"));
        assert_eq!(
            schema.facet_ids(),
            vec!["needs", "industries", "min_team_size", "delivery_regions"]
        );
        let needs = &schema.facets[0];
        assert_eq!(
            (needs.kind, needs.match_kind, needs.required, needs.filter),
            (FacetKind::Set, MatchKind::All, true, true)
        );
        assert_eq!(
            needs.question.as_deref(),
            Some("What do you need help with?")
        );
        assert_eq!(needs.values[0].keywords, vec!["after hours", "6pm"]);
        assert_eq!(needs.values[0].group.as_deref(), Some("Coverage"));
        assert_eq!(needs.values[1].page, None);
        let industries = &schema.facets[1];
        assert_eq!(
            (industries.match_kind, industries.required),
            (MatchKind::Any, false)
        );
        assert!(industries.values[0].matches_all && !industries.values[1].matches_all);
        // Integer facets default to the only rule that fits them.
        assert_eq!(schema.facets[2].match_kind, MatchKind::AtMost);
        // `[[facet.values]]` tables work as well as inline arrays.
        let regions = &schema.facets[3];
        assert!(!regions.filter);
        assert_eq!(regions.value_ids(), vec!["US"]);
    }

    #[test]
    fn toml_syntax_errors_are_located() {
        assert_eq!(
            errors("version = 1\n[[facet]]\nid = \"a\nlabel = \"x\"\n"),
            vec![(3, 8, "TOML syntax error: invalid basic string".to_string())]
        );
    }

    #[test]
    fn version_must_be_present_and_supported() {
        assert_eq!(
            errors(""),
            vec![(1, 1, "missing `version` in catalog.toml".to_string())]
        );
        assert_eq!(
            errors("\nversion = 2\n"),
            vec![(2, 11, "unsupported catalog version 2".to_string())]
        );
        assert_eq!(
            first_help("version = 2"),
            Some("this build reads version 1".to_string())
        );
        assert_eq!(
            errors("version = \"1\""),
            vec![(
                1,
                11,
                "`version` in catalog.toml must be an integer, found a string".to_string()
            )]
        );
    }

    #[test]
    fn unknown_keys_name_the_allowed_ones() {
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"set\"\nmultii = true\nvalues = [{ id = \"x\", label = \"X\" }]\n";
        assert_eq!(
            errors(toml),
            vec![(6, 1, "unknown key `multii` in facet `a`".to_string())]
        );
        assert_eq!(
            first_help(toml).as_deref(),
            Some("allowed keys: id, label, labels, question, kind, match, required, filter, primary, values, groups")
        );
        let toml = "version = 1\ntitle = \"x\"\n";
        assert_eq!(
            errors(toml),
            vec![(2, 1, "unknown key `title` in catalog.toml".to_string())]
        );
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"set\"\nvalues = [{ id = \"x\", label = \"X\", keyword = [] }]\n";
        assert_eq!(
            errors(toml),
            vec![(
                6,
                36,
                "unknown key `keyword` in value `x` of facet `a`".to_string()
            )]
        );
        assert_eq!(
            first_help(toml).as_deref(),
            Some("did you mean `keywords`? allowed keys: id, label, labels, group, page, keywords, matches_all")
        );
    }

    #[test]
    fn a_missing_label_is_reported_at_its_table() {
        let toml =
            "version = 1\n\n[[facet]]\nid = \"a\"\nkind = \"set\"\nvalues = [{ id = \"x\" }]\n";
        assert_eq!(
            errors(toml),
            vec![
                (3, 1, "missing `label` in facet `a`".to_string()),
                (
                    6,
                    11,
                    "missing `label` in value `x` of facet `a`".to_string()
                ),
            ]
        );
        let toml = "version = 1\n[[facet]]\nid = \"\"\nlabel = \"A\"\nkind = \"set\"\nvalues = [{ id = \"x\", label = \"X\" }]\n";
        assert_eq!(
            errors(toml),
            vec![(3, 6, "`id` in facet must not be empty".to_string())]
        );
    }

    #[test]
    fn unknown_kind_and_match_suggest_the_closest() {
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"sets\"\nmatch = \"al\"\nvalues = [{ id = \"x\", label = \"X\" }]\n";
        let errs = parse_schema(toml).unwrap_err();
        assert_eq!(
            (errs[0].line, errs[0].col, errs[0].message.as_str()),
            (5, 8, "unknown kind `sets`")
        );
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `set`? allowed kinds: enum, set, integer")
        );
        assert_eq!(
            (errs[1].line, errs[1].col, errs[1].message.as_str()),
            (6, 9, "unknown match `al`")
        );
        assert_eq!(
            errs[1].help.as_deref(),
            Some("did you mean `all`? allowed match rules: any, all, at-least, at-most, office, direction, staffing")
        );
    }

    #[test]
    fn a_match_rule_must_fit_the_kind() {
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"set\"\nmatch = \"at-most\"\nvalues = [{ id = \"x\", label = \"X\" }]\n";
        assert_eq!(
            errors(toml),
            vec![(
                6,
                1,
                "match `at-most` does not fit kind `set` in facet `a`".to_string()
            )]
        );
        assert_eq!(
            first_help(toml).as_deref(),
            Some("match `at-most` needs kind integer")
        );
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"enum\"\nmatch = \"all\"\nvalues = [{ id = \"x\", label = \"X\" }]\n";
        assert_eq!(
            errors(toml),
            vec![(
                6,
                1,
                "match `all` does not fit kind `enum` in facet `a`".to_string()
            )]
        );
    }

    #[test]
    fn duplicate_ids_point_at_the_first_definition() {
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"integer\"\n[[facet]]\nid = \"a\"\nlabel = \"B\"\nkind = \"integer\"\n";
        let errs = parse_schema(toml).unwrap_err();
        assert_eq!(
            (errs[0].line, errs[0].col, errs[0].message.as_str()),
            (7, 1, "duplicate facet id `a`")
        );
        assert_eq!(errs[0].help.as_deref(), Some("first defined at line 2"));
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"set\"\nvalues = [\n  { id = \"x\", label = \"X\" },\n  { id = \"x\", label = \"Y\" },\n]\n";
        let errs = parse_schema(toml).unwrap_err();
        assert_eq!(
            (errs[0].line, errs[0].col, errs[0].message.as_str()),
            (8, 5, "duplicate value `x` in facet `a`")
        );
        assert_eq!(errs[0].help.as_deref(), Some("first defined at line 7"));
    }

    #[test]
    fn values_must_fit_the_kind_and_rule() {
        let toml = "version = 1\n[[facet]]\nid = \"n\"\nlabel = \"N\"\nkind = \"integer\"\nvalues = [{ id = \"x\", label = \"X\" }]\n";
        assert_eq!(
            errors(toml),
            vec![(6, 10, "integer facet `n` cannot have values".to_string())]
        );
        let toml = "version = 1\n[[facet]]\nid = \"s\"\nlabel = \"S\"\nkind = \"set\"\n";
        assert_eq!(
            errors(toml),
            vec![(
                2,
                1,
                "facet `s` of kind set needs at least one value".to_string()
            )]
        );
        let toml = "version = 1\n[[facet]]\nid = \"office\"\nlabel = \"O\"\nkind = \"enum\"\nmatch = \"office\"\nvalues = [{ id = \"front\", label = \"F\" }, { id = \"hybrid\", label = \"H\" }]\n";
        assert_eq!(
            errors(toml),
            vec![(
                7,
                10,
                "match `office` needs the values front, back, hybrid; facet `office` lacks back"
                    .to_string()
            )]
        );
    }

    #[test]
    fn wrong_types_are_reported_at_the_value() {
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nlabel = \"A\"\nkind = \"set\"\nrequired = \"yes\"\nvalues = [{ id = \"x\", label = \"X\", keywords = \"x\" }]\n";
        assert_eq!(
            errors(toml),
            vec![
                (6, 12, "`required` in facet `a` must be a boolean, found a string".to_string()),
                (7, 47, "`keywords` in value `x` of facet `a` must be an array of strings, found a string".to_string()),
            ]
        );
        assert_eq!(
            errors("version = 1\nfacet = 3\n"),
            vec![(
                2,
                9,
                "`facet` in catalog.toml must be an array of tables ([[facet]]), found an integer"
                    .to_string()
            )]
        );
    }

    #[test]
    fn every_problem_is_reported_in_one_pass() {
        let toml = "version = 1\n[[facet]]\nid = \"a\"\nkind = \"sett\"\n[[facet]]\nid = \"b\"\nlabel = \"B\"\nkind = \"integer\"\nmatch = \"any\"\n";
        let lines: Vec<usize> = errors(toml).into_iter().map(|(line, _, _)| line).collect();
        assert_eq!(lines, vec![2, 4, 9]);
    }
}
