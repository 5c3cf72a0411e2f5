//! Consistency rules between a service's facet values, written as `[[rule]]` tables in content/catalog.toml
//! ("a service covering 24x7 must list the need 24x7-coverage"). Data, so an editor adds a rule without Rust:
//! the rules are checked against the facets when catalog.toml is read, then applied to every service, and each
//! broken rule is reported at the key it concerns in that service's `[service]` table.

use std::fmt;
use std::str::FromStr;

use toml_edit::{Item, TableLike, Value};

use crate::located::{CatalogError, Located};
use crate::schema::{Facet, FacetKind, Schema};
use crate::service::{ServiceFacet, ServiceFacets};
use crate::toml_table::{item_at, item_type_name, parse_document, value_at, TableReader};
use crate::validate::allowed_with_suggestion;

/// How much a broken rule matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuleLevel {
    /// The build fails.
    Error,
    /// The build reports it and goes on.
    Warning,
}

/// One `[[rule]]`: when every `when` condition holds for a service, every `require` condition must hold too
/// and no `forbid` condition may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The rule's short name, unique among the rules; every message the rule produces names it.
    pub id: String,
    /// Whether a service breaking it fails the build (the default) or only gets a warning.
    pub level: RuleLevel,
    /// What the editor wrote, or a sentence made from the conditions when they wrote none.
    pub message: String,
    /// Conditions that must all hold for the rule to apply; empty applies it to every service.
    pub when: Vec<Condition>,
    /// Conditions that must all hold where the rule applies.
    pub require: Vec<Condition>,
    /// Conditions of which none may hold where the rule applies.
    pub forbid: Vec<Condition>,
    /// Where the rule is written in catalog.toml, so a service's error can point back at it.
    pub at: Located,
}

/// Tests on one facet of a service; the condition holds when all of them do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The facet's index in `Schema::facets`.
    pub facet: usize,
    /// What the facet's answer must pass, all of them (several keys in one inline table give several).
    pub tests: Vec<Test>,
}

/// One test of a facet's answer; value lists are indexes into the facet's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// The service lists at least one of these values (for an enum: its one value is among them).
    Any(Vec<usize>),
    /// The service lists every one of these values.
    All(Vec<usize>),
    /// The integer answer compares true; a missing answer never does.
    Number(Comparison),
    /// The number of values the service lists compares true.
    Count(Comparison),
}

/// `<= 2`, `>= 3`, ...: a number on the right, the service's answer on the left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// How the service's number is compared.
    pub op: CompareOp,
    /// The number written on the right.
    pub value: i64,
}

/// The comparison operators a rule may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `=` (or `==`)
    Equal,
    /// `!=`
    NotEqual,
    /// `>=`
    GreaterOrEqual,
    /// `>`
    Greater,
}

/// Why a comparison string does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComparisonError {
    /// The text (as written) opens with no operator: `"2"`.
    #[error("`{0}` does not start with <, <=, =, !=, >= or >")]
    NoOperator(String),
    /// The text (as written) has an operator but no whole number after it: `"<= two"`.
    #[error("`{0}` does not end in a whole number")]
    NotANumber(String),
}

/// A service as the rules see it: its answers, and the front matter they came from (to locate errors).
#[derive(Debug, Clone, Copy)]
pub struct RuleSubject<'a> {
    /// The service's facet answers, as `parse_service` read them.
    pub facets: &'a ServiceFacets,
    /// The TOML front matter holding the `[service]` table.
    pub front_matter: &'a str,
}

/// A rule one service breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleViolation {
    /// The service's index in the slice handed to [`check_rules`].
    pub service: usize,
    /// The rule's index in `Schema::rules`.
    pub rule: usize,
    /// The broken rule's level: an error fails the build, a warning does not.
    pub level: RuleLevel,
    /// Located in the service's front matter, at the key of the first condition that failed.
    pub error: CatalogError,
}

impl RuleLevel {
    const ALL: [RuleLevel; 2] = [RuleLevel::Error, RuleLevel::Warning];

    /// The spelling used in catalog.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Error => "error",
            RuleLevel::Warning => "warning",
        }
    }

    fn parse(s: &str) -> Option<RuleLevel> {
        RuleLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl CompareOp {
    /// Two-character spellings come first so `<=` is never read as `<` followed by `=2`.
    const SPELLINGS: [(&'static str, CompareOp); 7] = [
        ("<=", CompareOp::LessOrEqual),
        (">=", CompareOp::GreaterOrEqual),
        ("!=", CompareOp::NotEqual),
        ("==", CompareOp::Equal),
        ("<", CompareOp::Less),
        (">", CompareOp::Greater),
        ("=", CompareOp::Equal),
    ];

    fn as_str(self) -> &'static str {
        match self {
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "<=",
            CompareOp::Equal => "=",
            CompareOp::NotEqual => "!=",
            CompareOp::GreaterOrEqual => ">=",
            CompareOp::Greater => ">",
        }
    }
}

impl Comparison {
    /// Whether `left` (the service's number) satisfies the comparison.
    pub fn holds(self, left: i64) -> bool {
        let right = self.value;
        match self.op {
            CompareOp::Less => left < right,
            CompareOp::LessOrEqual => left <= right,
            CompareOp::Equal => left == right,
            CompareOp::NotEqual => left != right,
            CompareOp::GreaterOrEqual => left >= right,
            CompareOp::Greater => left > right,
        }
    }
}

impl FromStr for Comparison {
    type Err = ComparisonError;

    fn from_str(s: &str) -> Result<Comparison, ComparisonError> {
        let text = s.trim();
        let (op, rest) = CompareOp::SPELLINGS
            .iter()
            .find_map(|(spelling, op)| text.strip_prefix(spelling).map(|rest| (*op, rest)))
            .ok_or_else(|| ComparisonError::NoOperator(s.to_string()))?;
        let value = rest
            .trim()
            .parse()
            .map_err(|_| ComparisonError::NotANumber(s.to_string()))?;
        Ok(Comparison { op, value })
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.op.as_str(), self.value)
    }
}

impl Condition {
    /// Whether the service's answer for this condition's facet passes every test.
    pub fn holds(&self, service: &ServiceFacets) -> bool {
        let answer = service.by_facet.get(self.facet);
        self.tests.iter().all(|t| t.holds(answer))
    }
}

impl Test {
    fn holds(&self, answer: Option<&ServiceFacet>) -> bool {
        match (self, answer) {
            (Test::Any(wanted), Some(ServiceFacet::Values(has))) => {
                wanted.iter().any(|v| has.contains(v))
            }
            (Test::All(wanted), Some(ServiceFacet::Values(has))) => {
                wanted.iter().all(|v| has.contains(v))
            }
            (Test::Count(c), Some(ServiceFacet::Values(has))) => {
                c.holds(i64::try_from(has.len()).unwrap_or(i64::MAX))
            }
            (Test::Number(c), Some(ServiceFacet::Integer(Some(n)))) => c.holds(*n),
            _ => false,
        }
    }
}

const RULE_KEYS: &[&str] = &["id", "level", "message", "when", "require", "forbid"];
const SET_TEST_KEYS: &[&str] = &["any", "all", "count"];
// A service has one value of an enum, so "all of" and "how many" mean nothing there.
const ENUM_TEST_KEYS: &[&str] = &["any"];

/// Reads every `[[rule]]` of catalog.toml; the facets (in schema order, so a condition's facet index is the
/// schema's) are what the rules' facet and value ids are checked against.
pub(crate) fn read_rules<'f>(
    root: &TableReader<'_>,
    facets: impl IntoIterator<Item = &'f Facet>,
    errors: &mut Vec<CatalogError>,
) -> Vec<Rule> {
    let facets: Vec<&Facet> = facets.into_iter().collect();
    let mut rules: Vec<Rule> = Vec::new();
    for (table, at) in rule_tables(root, errors) {
        let mut reader = root.child(table, at, "[[rule]]");
        let Some(rule) = read_rule(&mut reader, &facets, errors) else {
            continue;
        };
        if let Some(first) = rules.iter().find(|r| r.id == rule.id) {
            errors.push(
                CatalogError::new(
                    reader.key_at("id"),
                    format!("duplicate rule id `{}`", rule.id),
                )
                .with_help(format!("first defined at line {}", first.at.line)),
            );
            continue;
        }
        rules.push(rule);
    }
    rules
}

fn rule_tables<'a>(
    root: &TableReader<'a>,
    errors: &mut Vec<CatalogError>,
) -> Vec<(&'a dyn TableLike, Located)> {
    match root.item("rule") {
        None => Vec::new(),
        Some(Item::ArrayOfTables(tables)) => tables
            .iter()
            .map(|t| {
                let at = Located::from_span(root.text, t.span());
                (t as &dyn TableLike, at)
            })
            .collect(),
        Some(other) => {
            errors.push(root.wrong_type("rule", "an array of tables ([[rule]])", other));
            Vec::new()
        }
    }
}

fn read_rule(
    reader: &mut TableReader<'_>,
    facets: &[&Facet],
    errors: &mut Vec<CatalogError>,
) -> Option<Rule> {
    let errors_before = errors.len();
    let id = reader.required_string("id", errors);
    if let Some(id) = &id {
        reader.name = format!("rule `{id}`");
    }
    reader.reject_unknown_keys(RULE_KEYS, errors);
    let level = read_level(reader, errors);
    let message = reader.string("message", errors);
    let when = read_conditions(reader, "when", facets, errors);
    let require = read_conditions(reader, "require", facets, errors);
    let forbid = read_conditions(reader, "forbid", facets, errors);
    if errors.len() > errors_before {
        return None;
    }
    if require.is_empty() && forbid.is_empty() {
        errors.push(
            CatalogError::new(
                reader.at,
                format!("{} has nothing to check: no `require` or `forbid`", reader.name),
            )
            .with_help("add `require = { facet = \"value\" }` (must hold) or `forbid = { ... }` (must not)"),
        );
        return None;
    }
    let mut rule = Rule {
        id: id?,
        level,
        message: message.unwrap_or_default(),
        when,
        require,
        forbid,
        at: reader.at,
    };
    if rule.message.trim().is_empty() {
        rule.message = default_message(&rule, facets);
    }
    Some(rule)
}

fn read_level(reader: &TableReader<'_>, errors: &mut Vec<CatalogError>) -> RuleLevel {
    let Some(item) = reader.item("level") else {
        return RuleLevel::Error;
    };
    let Some(text) = item.as_str() else {
        errors.push(reader.wrong_type("level", "a string", item));
        return RuleLevel::Error;
    };
    RuleLevel::parse(text).unwrap_or_else(|| {
        let levels: Vec<&str> = RuleLevel::ALL.iter().map(|l| l.as_str()).collect();
        errors.push(
            CatalogError::new(
                item_at(reader.text, item),
                format!("unknown level `{text}` in {}", reader.name),
            )
            .with_help(allowed_with_suggestion("levels", text, &levels)),
        );
        RuleLevel::Error
    })
}

/// The conditions under `key` (`when`, `require` or `forbid`): a table of facet id = test.
fn read_conditions(
    rule: &TableReader<'_>,
    key: &str,
    facets: &[&Facet],
    errors: &mut Vec<CatalogError>,
) -> Vec<Condition> {
    let Some(item) = rule.item(key) else {
        return Vec::new();
    };
    let Some(table) = item.as_table_like() else {
        errors.push(rule.wrong_type(key, "a table like { facet = \"value\" }", item));
        return Vec::new();
    };
    let name = format!("`{key}` of {}", rule.name);
    let reader = rule.child(table, item_at(rule.text, item), &name);
    let mut out = Vec::new();
    for (facet_id, test) in table.iter() {
        let Some(index) = facets.iter().position(|f| f.id == facet_id) else {
            let ids: Vec<&str> = facets.iter().map(|f| f.id.as_str()).collect();
            errors.push(
                CatalogError::new(
                    reader.key_at(facet_id),
                    format!("unknown facet `{facet_id}` in {name}"),
                )
                .with_help(allowed_with_suggestion("facets", facet_id, &ids)),
            );
            continue;
        };
        if let Some(tests) = read_tests(&reader, facets[index], test, errors) {
            out.push(Condition {
                facet: index,
                tests,
            });
        }
    }
    out
}

/// One facet's test: a value or list of values, a comparison for integers, or a table of named tests.
fn read_tests(
    conditions: &TableReader<'_>,
    facet: &Facet,
    item: &Item,
    errors: &mut Vec<CatalogError>,
) -> Option<Vec<Test>> {
    let place = format!("`{}` in {}", facet.id, conditions.name);
    match (facet.kind, item.as_table_like()) {
        (FacetKind::Integer, _) => {
            read_comparison(conditions.text, &place, item, errors).map(|c| vec![Test::Number(c)])
        }
        (_, Some(table)) => {
            let reader = conditions.child(table, item_at(conditions.text, item), &place);
            read_test_table(&reader, facet, errors)
        }
        (FacetKind::Enum, None) => {
            value_ids(conditions.text, &place, facet, item, errors).map(|v| vec![Test::Any(v)])
        }
        // A bare list on a set reads as "has all of these", as `require = { needs = [...] }` would be read aloud.
        (FacetKind::Set, None) => {
            value_ids(conditions.text, &place, facet, item, errors).map(|v| vec![Test::All(v)])
        }
    }
}

/// `{ any = [...], all = [...], count = ">= 3" }`: every test written must hold.
fn read_test_table(
    reader: &TableReader<'_>,
    facet: &Facet,
    errors: &mut Vec<CatalogError>,
) -> Option<Vec<Test>> {
    let allowed = match facet.kind {
        FacetKind::Set => SET_TEST_KEYS,
        FacetKind::Enum | FacetKind::Integer => ENUM_TEST_KEYS,
    };
    let errors_before = errors.len();
    reader.reject_unknown_keys(allowed, errors);
    let mut tests = Vec::new();
    for (key, item) in reader.table.iter() {
        let place = format!("`{key}` of {}", reader.name);
        let test = match key {
            "any" => value_ids(reader.text, &place, facet, item, errors).map(Test::Any),
            "all" if allowed.contains(&"all") => {
                value_ids(reader.text, &place, facet, item, errors).map(Test::All)
            }
            "count" if allowed.contains(&"count") => {
                read_comparison(reader.text, &place, item, errors).map(Test::Count)
            }
            _ => None,
        };
        tests.extend(test);
    }
    if tests.is_empty() && errors.len() == errors_before {
        errors.push(
            CatalogError::new(reader.at, format!("{} tests nothing", reader.name))
                .with_help(format!("write one of: {}", allowed.join(", "))),
        );
    }
    (errors.len() == errors_before).then_some(tests)
}

/// A whole number (meaning "equal to") or a comparison string like "<= 2".
fn read_comparison(
    text: &str,
    place: &str,
    item: &Item,
    errors: &mut Vec<CatalogError>,
) -> Option<Comparison> {
    let at = item_at(text, item);
    if let Some(value) = item.as_integer() {
        return Some(Comparison {
            op: CompareOp::Equal,
            value,
        });
    }
    let Some(written) = item.as_str() else {
        errors.push(CatalogError::new(
            at,
            format!(
                "{place} must be a number or a comparison like \"<= 2\", found {}",
                item_type_name(item)
            ),
        ));
        return None;
    };
    written
        .parse()
        .map_err(|e: ComparisonError| {
            errors.push(
                CatalogError::new(at, format!("{place}: {e}"))
                    .with_help("write a comparison like \"<= 2\", \">= 3\", \"= 0\" or \"!= 1\""),
            );
        })
        .ok()
}

/// One value id or a non-empty list of them, each checked against the facet.
fn value_ids(
    text: &str,
    place: &str,
    facet: &Facet,
    item: &Item,
    errors: &mut Vec<CatalogError>,
) -> Option<Vec<usize>> {
    let written: Vec<&Value> = match item {
        Item::Value(v @ Value::String(_)) => vec![v],
        Item::Value(Value::Array(array)) if !array.is_empty() => array.iter().collect(),
        _ => {
            errors.push(CatalogError::new(
                item_at(text, item),
                format!(
                    "{place} must be a value of `{}` or a non-empty list of them, found {}",
                    facet.id,
                    item_type_name(item)
                ),
            ));
            return None;
        }
    };
    let errors_before = errors.len();
    let indexes: Vec<usize> = written
        .into_iter()
        .filter_map(|value| value_index(text, place, facet, value, errors))
        .collect();
    (errors.len() == errors_before).then_some(indexes)
}

fn value_index(
    text: &str,
    place: &str,
    facet: &Facet,
    value: &Value,
    errors: &mut Vec<CatalogError>,
) -> Option<usize> {
    let at = value_at(text, value);
    let Some(id) = value.as_str() else {
        errors.push(CatalogError::new(
            at,
            format!("{place} must hold value ids (strings)"),
        ));
        return None;
    };
    let index = facet.value_index(id);
    if index.is_none() {
        let what = format!("values of `{}`", facet.id);
        errors.push(
            CatalogError::new(
                at,
                format!("unknown value `{id}` of facet `{}` in {place}", facet.id),
            )
            .with_help(allowed_with_suggestion(&what, id, &facet.value_ids())),
        );
    }
    index
}

/// Every rule the services break, one violation per rule and service, in service order.
pub fn check_rules(schema: &Schema, services: &[RuleSubject<'_>]) -> Vec<RuleViolation> {
    let mut out = Vec::new();
    for (service, subject) in services.iter().enumerate() {
        for (index, rule) in schema.rules.iter().enumerate() {
            if let Some(error) = broken(schema, rule, subject) {
                out.push(RuleViolation {
                    service,
                    rule: index,
                    level: rule.level,
                    error,
                });
            }
        }
    }
    out
}

/// The error for `rule` on `subject`, when the rule applies to it and is broken.
fn broken(schema: &Schema, rule: &Rule, subject: &RuleSubject<'_>) -> Option<CatalogError> {
    let facets = subject.facets;
    if !rule.when.iter().all(|c| c.holds(facets)) {
        return None;
    }
    let failed: Vec<&Condition> = rule
        .require
        .iter()
        .filter(|c| !c.holds(facets))
        .chain(rule.forbid.iter().filter(|c| c.holds(facets)))
        .collect();
    let first = schema.facets.get(failed.first()?.facet)?;
    // Show the answers the rule looked at, so the editor sees why it applied and what failed.
    let mut shown: Vec<usize> = Vec::new();
    for c in rule.when.iter().chain(failed.iter().copied()) {
        if !shown.contains(&c.facet) {
            shown.push(c.facet);
        }
    }
    let answers: Vec<String> = shown
        .iter()
        .filter_map(|&i| Some(answer_text(schema.facets.get(i)?, facets.by_facet.get(i))))
        .collect();
    Some(
        CatalogError::new(
            service_key_at(subject.front_matter, &first.id),
            format!("rule `{}`: {}", rule.id, rule.message),
        )
        .with_help(format!(
            "this service has {}; the rule is at catalog.toml line {}",
            answers.join(" and "),
            rule.at.line
        )),
    )
}

/// Where `facet` is written in the `[service]` table of `front_matter`, or the table's header when it is not.
fn service_key_at(front_matter: &str, facet: &str) -> Located {
    let start = Located { line: 1, col: 1 };
    let Ok(doc) = parse_document(front_matter) else {
        return start;
    };
    let Some(item) = doc.as_table().get("service") else {
        return start;
    };
    item.as_table_like()
        .and_then(|t| t.get_key_value(facet))
        .and_then(|(key, _)| key.span())
        .map_or(item_at(front_matter, item), |span| {
            Located::from_offset(front_matter, span.start)
        })
}

/// "needs = [a, b]", "coverage_hours = 24x7", "ramp_up_weeks not set".
fn answer_text(facet: &Facet, answer: Option<&ServiceFacet>) -> String {
    let id = &facet.id;
    match answer {
        Some(ServiceFacet::Integer(Some(n))) => format!("{id} = {n}"),
        Some(ServiceFacet::Values(v)) if facet.kind == FacetKind::Enum && v.len() == 1 => {
            format!("{id} = {}", value_names(facet, v))
        }
        Some(ServiceFacet::Values(v)) if !v.is_empty() => {
            format!("{id} = [{}]", value_names(facet, v))
        }
        Some(ServiceFacet::Values(_)) if facet.kind == FacetKind::Set => format!("{id} = []"),
        _ => format!("{id} not set"),
    }
}

fn value_names(facet: &Facet, indexes: &[usize]) -> String {
    let ids: Vec<&str> = indexes
        .iter()
        .filter_map(|&i| facet.values.get(i).map(|v| v.id.as_str()))
        .collect();
    ids.join(", ")
}

/// How a condition is phrased: as a fact ("is"), a requirement ("must be") or a ban ("must not be").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mood {
    Fact,
    Must,
    MustNot,
}

/// "when coverage_hours is 24x7, needs must include 24x7-coverage", for rules written without a message.
fn default_message(rule: &Rule, facets: &[&Facet]) -> String {
    let phrase = |conditions: &[Condition], mood| -> Vec<String> {
        conditions
            .iter()
            .filter_map(|c| Some(describe(c, facets.get(c.facet)?, mood)))
            .collect()
    };
    let mut musts = phrase(&rule.require, Mood::Must);
    musts.extend(phrase(&rule.forbid, Mood::MustNot));
    let when = phrase(&rule.when, Mood::Fact);
    if when.is_empty() {
        musts.join(" and ")
    } else {
        format!("when {}, {}", when.join(" and "), musts.join(" and "))
    }
}

/// One condition in words, e.g. "languages must list >= 3 values".
fn describe(condition: &Condition, facet: &Facet, mood: Mood) -> String {
    let phrases: Vec<String> = condition
        .tests
        .iter()
        .map(|test| describe_test(test, facet, mood))
        .collect();
    format!("{} {}", facet.id, phrases.join(" and "))
}

fn describe_test(test: &Test, facet: &Facet, mood: Mood) -> String {
    let verb = |fact: &str, must: &str| match mood {
        Mood::Fact => fact.to_string(),
        Mood::Must => format!("must {must}"),
        Mood::MustNot => format!("must not {must}"),
    };
    let names = |v: &[usize], joiner: &str| value_names(facet, v).replace(", ", joiner);
    match test {
        Test::Any(v) if facet.kind == FacetKind::Enum => {
            format!("{} {}", verb("is", "be"), names(v, " or "))
        }
        Test::Any(v) => format!("{} {}", verb("includes", "include"), names(v, " or ")),
        Test::All(v) => format!("{} {}", verb("includes", "include"), names(v, " and ")),
        Test::Number(c) => format!("{} {c}", verb("is", "be")),
        Test::Count(c) => format!("{} {c} values", verb("lists", "list")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::parse_schema;
    use crate::service::parse_service;

    const FACETS: &str = r#"version = 1
[[facet]]
id = "needs"
label = "Needs"
kind = "set"
values = [{ id = "fast-launch", label = "F" }, { id = "multilingual", label = "M" }, { id = "24x7-coverage", label = "C" }]
[[facet]]
id = "direction"
label = "Direction"
kind = "enum"
values = [{ id = "inbound", label = "I" }, { id = "outbound", label = "O" }, { id = "both", label = "B" }]
[[facet]]
id = "languages"
label = "Languages"
kind = "set"
values = [{ id = "en", label = "E" }, { id = "es", label = "S" }, { id = "fr", label = "F" }]
[[facet]]
id = "ramp_up_weeks"
label = "Weeks"
kind = "integer"
required = false
"#;

    /// The schema made of FACETS plus `rules`; panics with the errors when it does not read.
    fn schema(rules: &str) -> Schema {
        parse_schema(&format!("{FACETS}{rules}")).unwrap_or_else(|e| panic!("{e:#?}"))
    }

    /// (line, message, help) of each error, with lines counted from the start of `rules`.
    fn rule_errors(rules: &str) -> Vec<(usize, String, Option<String>)> {
        let offset = FACETS.lines().count();
        parse_schema(&format!("{FACETS}{rules}"))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.line - offset, e.message, e.help))
            .collect()
    }

    /// The violations of `rules` on services written as `[service]` table bodies.
    fn violations(rules: &str, services: &[&str]) -> Vec<RuleViolation> {
        let schema = schema(rules);
        let fronts: Vec<String> = services.iter().map(|s| format!("[service]\n{s}")).collect();
        let facets: Vec<ServiceFacets> = fronts
            .iter()
            .map(|f| parse_service(&schema, f).unwrap_or_else(|e| panic!("{e:#?}")))
            .collect();
        let subjects: Vec<RuleSubject<'_>> = facets
            .iter()
            .zip(&fronts)
            .map(|(facets, front_matter)| RuleSubject {
                facets,
                front_matter,
            })
            .collect();
        check_rules(&schema, &subjects)
    }

    fn broken_services(rules: &str, services: &[&str]) -> Vec<usize> {
        violations(rules, services)
            .into_iter()
            .map(|v| v.service)
            .collect()
    }

    const SERVICE: &str = "needs = []\ndirection = \"inbound\"\nlanguages = [\"en\"]\n";

    #[test]
    fn comparisons_read_every_operator_and_reject_the_rest() {
        let read = |s: &str| s.parse::<Comparison>();
        assert_eq!(
            read("<= 2"),
            Ok(Comparison {
                op: CompareOp::LessOrEqual,
                value: 2
            })
        );
        assert_eq!(
            read(">=3"),
            Ok(Comparison {
                op: CompareOp::GreaterOrEqual,
                value: 3
            })
        );
        assert_eq!(
            read(" < 0 "),
            Ok(Comparison {
                op: CompareOp::Less,
                value: 0
            })
        );
        assert_eq!(
            read("> -1"),
            Ok(Comparison {
                op: CompareOp::Greater,
                value: -1
            })
        );
        assert_eq!(read("== 4"), read("= 4"));
        assert_eq!(
            read("!= 1"),
            Ok(Comparison {
                op: CompareOp::NotEqual,
                value: 1
            })
        );
        assert_eq!(read("2"), Err(ComparisonError::NoOperator("2".to_string())));
        assert_eq!(
            read("=> 2"),
            Err(ComparisonError::NotANumber("=> 2".to_string()))
        );
        assert_eq!(
            read("<= two"),
            Err(ComparisonError::NotANumber("<= two".to_string()))
        );
        assert_eq!(read("<= 2").map(|c| c.to_string()), Ok("<= 2".to_string()));
    }

    #[test]
    fn comparisons_hold_exactly_at_their_boundaries() {
        let at_most_two: Comparison = "<= 2".parse().unwrap();
        assert!(at_most_two.holds(2) && at_most_two.holds(-5));
        assert!(!at_most_two.holds(3));
        let below_two: Comparison = "< 2".parse().unwrap();
        assert!(below_two.holds(1) && !below_two.holds(2));
        let at_least_three: Comparison = ">= 3".parse().unwrap();
        assert!(!at_least_three.holds(2) && at_least_three.holds(3));
        let above_three: Comparison = "> 3".parse().unwrap();
        assert!(!above_three.holds(3) && above_three.holds(4));
        let not_one: Comparison = "!= 1".parse().unwrap();
        assert!(not_one.holds(0) && !not_one.holds(1));
    }

    #[test]
    fn a_rule_reads_into_indexed_conditions() {
        let s = schema(
            "[[rule]]\nid = \"fast\"\nlevel = \"warning\"\nwhen = { ramp_up_weeks = \"<= 2\", direction = [\"outbound\", \"both\"] }\n\
             require = { needs = \"fast-launch\", languages = { any = [\"es\", \"fr\"], count = \">= 2\" } }\n\
             forbid = { needs = { all = [\"multilingual\"] } }\n",
        );
        let rule = &s.rules[0];
        assert_eq!((rule.id.as_str(), rule.level), ("fast", RuleLevel::Warning));
        assert_eq!(rule.at.line, FACETS.lines().count() + 1);
        assert_eq!(
            rule.when,
            vec![
                Condition {
                    facet: 3,
                    tests: vec![Test::Number("<= 2".parse().unwrap())]
                },
                Condition {
                    facet: 1,
                    tests: vec![Test::Any(vec![1, 2])]
                },
            ]
        );
        assert_eq!(
            rule.require,
            vec![
                Condition {
                    facet: 0,
                    tests: vec![Test::All(vec![0])]
                },
                Condition {
                    facet: 2,
                    tests: vec![Test::Any(vec![1, 2]), Test::Count(">= 2".parse().unwrap())]
                },
            ]
        );
        assert_eq!(
            rule.forbid,
            vec![Condition {
                facet: 0,
                tests: vec![Test::All(vec![1])]
            }]
        );
        assert_eq!(
            rule.message,
            "when ramp_up_weeks is <= 2 and direction is outbound or both, needs must include fast-launch \
             and languages must include es or fr and must list >= 2 values and needs must not include multilingual"
        );
    }

    #[test]
    fn ramp_up_at_two_weeks_needs_fast_launch_and_three_does_not() {
        let rules = "[[rule]]\nid = \"r\"\nwhen = { ramp_up_weeks = \"<= 2\" }\nrequire = { needs = [\"fast-launch\"] }\n";
        let two = format!("{SERVICE}ramp_up_weeks = 2\n");
        let three = format!("{SERVICE}ramp_up_weeks = 3\n");
        let two_tagged = two.replace("needs = []", "needs = [\"fast-launch\"]");
        // A missing optional number never satisfies a comparison, so the rule does not apply.
        assert_eq!(
            broken_services(rules, &[&two, &three, &two_tagged, SERVICE]),
            vec![0]
        );
    }

    #[test]
    fn three_languages_need_multilingual_and_two_do_not() {
        let rules = "[[rule]]\nid = \"m\"\nwhen = { languages = { count = \">= 3\" } }\nrequire = { needs = \"multilingual\" }\n";
        let two = SERVICE.replace("[\"en\"]", "[\"en\", \"es\"]");
        let three = SERVICE.replace("[\"en\"]", "[\"en\", \"es\", \"fr\"]");
        let three_tagged = three.replace("needs = []", "needs = [\"multilingual\"]");
        assert_eq!(
            broken_services(rules, &[&two, &three, &three_tagged]),
            vec![1]
        );
    }

    #[test]
    fn any_all_and_enum_lists_mean_what_they_say() {
        let any = "[[rule]]\nid = \"a\"\nwhen = { languages = { any = [\"es\", \"fr\"] } }\nrequire = { needs = \"multilingual\" }\n";
        let all = any.replace("any =", "all =");
        let en = SERVICE;
        let es = SERVICE.replace("[\"en\"]", "[\"es\"]");
        let es_fr = SERVICE.replace("[\"en\"]", "[\"es\", \"fr\"]");
        assert_eq!(broken_services(any, &[en, &es, &es_fr]), vec![1, 2]);
        assert_eq!(broken_services(&all, &[en, &es, &es_fr]), vec![2]);
        let one_of = "[[rule]]\nid = \"o\"\nwhen = { direction = [\"outbound\", \"both\"] }\nrequire = { needs = \"multilingual\" }\n";
        let outbound = SERVICE.replace("\"inbound\"", "\"outbound\"");
        let both = SERVICE.replace("\"inbound\"", "\"both\"");
        assert_eq!(
            broken_services(one_of, &[SERVICE, &outbound, &both]),
            vec![1, 2]
        );
    }

    #[test]
    fn forbid_breaks_when_its_condition_holds_and_no_when_means_every_service() {
        let rules =
            "[[rule]]\nid = \"f\"\nforbid = { direction = \"both\", needs = \"24x7-coverage\" }\n";
        let both = SERVICE.replace("\"inbound\"", "\"both\"");
        let covered = SERVICE.replace("needs = []", "needs = [\"24x7-coverage\"]");
        assert_eq!(
            broken_services(rules, &[SERVICE, &both, &covered]),
            vec![1, 2]
        );
    }

    #[test]
    fn a_violation_is_located_at_the_failing_key_and_explains_itself() {
        let rules = "[[rule]]\nid = \"covered\"\nlevel = \"warning\"\nwhen = { direction = \"outbound\" }\n\
                     require = { needs = \"24x7-coverage\" }\nmessage = \"outbound needs cover\"\n";
        let outbound =
            "direction = \"outbound\"\nlanguages = [\"en\"]\nneeds = [\"fast-launch\"]\n";
        let found = violations(rules, &[outbound]);
        assert_eq!(found.len(), 1);
        let v = &found[0];
        assert_eq!((v.service, v.rule, v.level), (0, 0, RuleLevel::Warning));
        // Line 1 is `[service]`, so `needs` is on line 4.
        assert_eq!((v.error.line, v.error.col), (4, 1));
        assert_eq!(v.error.message, "rule `covered`: outbound needs cover");
        let line = FACETS.lines().count() + 1;
        assert_eq!(
            v.error.help.as_deref(),
            Some(format!(
                "this service has direction = outbound and needs = [fast-launch]; the rule is at catalog.toml line {line}"
            ).as_str())
        );
    }

    #[test]
    fn a_missing_key_is_reported_at_the_service_table() {
        let rules = "[[rule]]\nid = \"weeks\"\nrequire = { ramp_up_weeks = \"<= 4\" }\n";
        let found = violations(rules, &[SERVICE]);
        assert_eq!((found[0].error.line, found[0].error.col), (1, 1));
        assert!(found[0]
            .error
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("this service has ramp_up_weeks not set;")));
        assert_eq!(
            found[0].error.message,
            "rule `weeks`: ramp_up_weeks must be <= 4"
        );
    }

    #[test]
    fn every_breaking_service_is_named_once_per_rule() {
        let rules = "[[rule]]\nid = \"one\"\nrequire = { needs = \"fast-launch\" }\n\
                     [[rule]]\nid = \"two\"\nforbid = { direction = \"inbound\" }\n";
        let found = violations(rules, &[SERVICE, SERVICE]);
        let pairs: Vec<(usize, usize)> = found.iter().map(|v| (v.service, v.rule)).collect();
        assert_eq!(pairs, vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
    }

    #[test]
    fn unknown_ids_in_rules_are_located_with_a_suggestion() {
        let errors = rule_errors(
            "[[rule]]\nid = \"r\"\nwhen = { direction = \"outbund\" }\nrequire = { need = \"fast-launch\" }\n\
             forbid = { needs = [\"multilingal\", \"fast-launch\"] }\n",
        );
        let found: Vec<(usize, &str, Option<&str>)> = errors
            .iter()
            .map(|(line, message, help)| (*line, message.as_str(), help.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    3,
                    "unknown value `outbund` of facet `direction` in `direction` in `when` of rule `r`",
                    Some("did you mean `outbound`? allowed values of `direction`: inbound, outbound, both")
                ),
                (
                    4,
                    "unknown facet `need` in `require` of rule `r`",
                    Some("did you mean `needs`? allowed facets: needs, direction, languages, ramp_up_weeks")
                ),
                (
                    5,
                    "unknown value `multilingal` of facet `needs` in `needs` in `forbid` of rule `r`",
                    Some("did you mean `multilingual`? allowed values of `needs`: fast-launch, multilingual, 24x7-coverage")
                ),
            ]
        );
    }

    #[test]
    fn malformed_rules_are_reported_where_they_are_written() {
        let messages = |rules: &str| -> Vec<(usize, String)> {
            rule_errors(rules)
                .into_iter()
                .map(|(l, m, _)| (l, m))
                .collect()
        };
        assert_eq!(
            messages(
                "[[rule]]\nid = \"r\"\nlevel = \"fatal\"\nrequire = { needs = \"fast-launch\" }\n"
            ),
            vec![(3, "unknown level `fatal` in rule `r`".to_string())]
        );
        assert_eq!(
            messages("[[rule]]\nid = \"r\"\nwhen = { needs = \"fast-launch\" }\n"),
            vec![(
                1,
                "rule `r` has nothing to check: no `require` or `forbid`".to_string()
            )]
        );
        assert_eq!(
            messages("[[rule]]\nid = \"r\"\nrequire = { direction = { count = \">= 1\" } }\n"),
            vec![(
                3,
                "unknown key `count` in `direction` in `require` of rule `r`".to_string()
            )]
        );
        assert_eq!(
            messages("[[rule]]\nid = \"r\"\nrequire = { ramp_up_weeks = \"at most 2\" }\n"),
            vec![(
                3,
                "`ramp_up_weeks` in `require` of rule `r`: `at most 2` does not start with <, <=, =, !=, >= or >"
                    .to_string()
            )]
        );
        assert_eq!(
            messages("[[rule]]\nid = \"r\"\nrequire = { needs = [] }\n"),
            vec![(
                3,
                "`needs` in `require` of rule `r` must be a value of `needs` or a non-empty list of them, found an array"
                    .to_string()
            )]
        );
        assert_eq!(
            messages("[[rule]]\nid = \"r\"\nrequire = { needs = \"fast-launch\" }\nwhen = 3\nsince = 1\n"),
            vec![
                (4, "`when` in rule `r` must be a table like { facet = \"value\" }, found an integer".to_string()),
                (5, "unknown key `since` in rule `r`".to_string()),
            ]
        );
    }

    #[test]
    fn rule_ids_are_required_and_unique() {
        let errors = rule_errors(
            "[[rule]]\nid = \"r\"\nrequire = { needs = \"fast-launch\" }\n\
             [[rule]]\nid = \"r\"\nrequire = { needs = \"multilingual\" }\n\
             [[rule]]\nrequire = { needs = \"multilingual\" }\n",
        );
        let found: Vec<(usize, &str, Option<&str>)> = errors
            .iter()
            .map(|(l, m, h)| (*l, m.as_str(), h.as_deref()))
            .collect();
        let first = FACETS.lines().count() + 1;
        assert_eq!(
            found,
            vec![
                (
                    5,
                    "duplicate rule id `r`",
                    Some(format!("first defined at line {first}").as_str())
                ),
                (7, "missing `id` in [[rule]]", None),
            ]
        );
    }
}
