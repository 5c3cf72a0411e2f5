//! Facet definitions, service records, validation and the query engine. No I/O, so the same rules run in the
//! generator and, compiled to WebAssembly, in the explorer widget.
//!
//! The flow: [`parse_schema`] reads content/catalog.toml; [`parse_service`] checks each service page's
//! `[service]` table against it; [`check_rules`] applies catalog.toml's `[[rule]]`s to them (located errors
//! and warnings for editors); [`build_catalog`] gathers the records; [`to_json`] writes catalog.json and
//! [`from_json`] reads it back; [`Engine::new`] indexes a catalog once and [`Engine::query`] answers each
//! keystroke (filter, counts, ranking, inferred needs, advice). Errors from TOML come back located
//! ([`CatalogError`]: line and column inside the text that was handed in).

mod advice;
mod bitset;
mod catalog;
mod clauses;
mod compounds;
mod engine;
#[cfg(feature = "serde")]
pub mod evaluate;
mod json;
mod labels;
mod located;
mod lowercase;
mod pairs;
mod phrases;
mod rules;
mod schema;
mod service;
mod service_text;
mod sort;
mod synonyms;
#[cfg(feature = "synthetic")]
mod synthetic;
mod text;
mod text_index;
mod toml_table;
mod understand;
mod validate;
mod vocabulary;

pub use advice::{Advice, Reason, Said, Verdict, OFFICE_FACET};
pub use bitset::Bitset;
pub use catalog::{build_catalog, Catalog, CATEGORY_FACET};
#[cfg(feature = "serde")]
pub use engine::query_json;
pub use engine::{Engine, Hit, Query, QueryResult, Recovery, Understood, NEEDS_FACET};
pub use json::{from_json, to_json};
pub use labels::{label_in, Labels, LANGUAGES};
pub use located::{CatalogError, Located};
pub use phrases::{unread_keywords, UnreadKeyword};
pub use rules::{
    check_rules, CompareOp, Comparison, ComparisonError, Condition, Rule, RuleLevel, RuleSubject,
    RuleViolation, Test,
};
pub use schema::{
    parse_schema, AdviceConfig, Facet, FacetKind, FacetValue, MatchKind, Schema, SCHEMA_VERSION,
};
pub use service::{parse_service, ServiceFacet, ServiceFacets, ServiceRecord};
pub use service_text::{service_text, ServiceProse};
pub use synonyms::Synonyms;
#[cfg(feature = "synthetic")]
pub use synthetic::synthetic_catalog;
pub use text::{folded, for_each_word, stem_of, tokens, Token};
pub use validate::edit_distance;
pub use vocabulary::{Amount, Vocabulary};
