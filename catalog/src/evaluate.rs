//! Scoring the engine against a table of buyer statements (`tests/scenarios/*.json`): top-5 hits, look-alikes in
//! the top 3, advice accuracy and the precision and recall of the constraints read from each sentence.
//!
//! The same report backs the catalog's tests and `shoreline query --evaluate`, so the figures a bench prints
//! are the figures the tests hold the engine to.

use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;

use crate::advice::Verdict;
use crate::engine::{Engine, Query};

/// One buyer statement and what a good finder does with it.
#[derive(Debug, Clone, Deserialize)]
pub struct Scenario {
    /// The statement's short name in the table ("D01"), for naming it in misses.
    pub id: String,
    /// What the buyer writes, run through the engine as free text.
    pub need_statement: String,
    /// Services that must all be in the top 5.
    #[serde(default)]
    pub must_include: Vec<String>,
    /// Look-alikes that must stay out of the top 3.
    #[serde(default)]
    pub must_exclude: Vec<String>,
    /// `call-center-enough` or `broader-bpo`.
    pub verdict: String,
    /// Facet id -> value ids (integer facets: the number, meaning "at most").
    #[serde(default)]
    pub inferred: std::collections::BTreeMap<String, Vec<serde_json::Value>>,
}

/// How one statement fared.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The scenario's id.
    pub id: String,
    /// Slugs of the first five results, best first.
    pub top: Vec<String>,
    /// Whether every must-include service is in `top`.
    pub hit: bool,
    /// Must-exclude services that made the top 3.
    pub look_alikes: Vec<String>,
    /// Whether the advice verdict is the one the table expects.
    pub verdict_ok: bool,
    /// (facet id, value) pairs the engine read from the statement, negated ones left out.
    pub understood: BTreeSet<(String, String)>,
    /// (facet id, value) pairs the table says the statement states.
    pub expected: BTreeSet<(String, String)>,
}

/// The figures over a whole table.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One per statement, in table order.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// How many statements the table has.
    pub fn statements(&self) -> usize {
        self.outcomes.len()
    }
    /// Statements whose must-include services are all in the top 5.
    pub fn hits(&self) -> usize {
        self.outcomes.iter().filter(|o| o.hit).count()
    }
    /// Look-alikes found in a top 3, over all statements.
    pub fn look_alikes(&self) -> usize {
        self.outcomes.iter().map(|o| o.look_alikes.len()).sum()
    }
    /// Statements whose advice verdict is the expected one.
    pub fn advice_right(&self) -> usize {
        self.outcomes.iter().filter(|o| o.verdict_ok).count()
    }
    /// Share of understood constraints that the table also states (1 when nothing was understood).
    pub fn precision(&self) -> f64 {
        ratio(
            self.understood_right(),
            self.outcomes.iter().map(|o| o.understood.len()).sum(),
        )
    }
    /// Share of the table's stated constraints that were understood (1 when the table states none).
    pub fn recall(&self) -> f64 {
        ratio(
            self.understood_right(),
            self.outcomes.iter().map(|o| o.expected.len()).sum(),
        )
    }
    /// Constraints understood that the table states too.
    fn understood_right(&self) -> usize {
        self.outcomes
            .iter()
            .map(|o| o.understood.intersection(&o.expected).count())
            .sum()
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Reads a scenario table (a JSON array).
pub fn parse_scenarios(json: &str) -> Result<Vec<Scenario>, String> {
    serde_json::from_str(json).map_err(|e| format!("scenario table: {e}"))
}

/// Runs every statement through `engine` as free text, nothing selected.
pub fn evaluate(engine: &Engine, scenarios: &[Scenario]) -> Report {
    let outcomes = scenarios
        .iter()
        .map(|s| {
            let result = engine.query(&Query {
                text: s.need_statement.clone(),
                limit: 5,
                ..Query::default()
            });
            let top: Vec<String> = result.results.iter().map(|h| h.slug.clone()).collect();
            let hit = s.must_include.iter().all(|slug| top.contains(slug));
            let look_alikes = s
                .must_exclude
                .iter()
                .filter(|slug| top.iter().take(3).any(|t| t == *slug))
                .cloned()
                .collect();
            let verdict = match result.advice.verdict {
                Some(Verdict::CallCenter) => "call-center-enough",
                Some(Verdict::Bpo) => "broader-bpo",
                None => "none",
            };
            let understood = result
                .understood
                .iter()
                .filter(|u| !u.negated)
                .map(|u| (u.facet.clone(), u.value.clone()))
                .collect();
            let expected = s
                .inferred
                .iter()
                .flat_map(|(facet, values)| {
                    values.iter().map(move |v| {
                        let value = match v {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        (facet.clone(), value)
                    })
                })
                .collect();
            Outcome {
                id: s.id.clone(),
                top,
                hit,
                look_alikes,
                verdict_ok: verdict == s.verdict,
                understood,
                expected,
            }
        })
        .collect();
    Report { outcomes }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.statements();
        writeln!(
            f,
            "top-5 hits {}/{n}, look-alikes in a top 3: {}, advice {}/{n}, understood precision {:.1}% recall {:.1}%",
            self.hits(),
            self.look_alikes(),
            self.advice_right(),
            self.precision() * 100.0,
            self.recall() * 100.0
        )
    }
}

/// One line per statement that missed something, for reading why.
pub fn misses(report: &Report) -> String {
    let mut out = String::new();
    for o in &report.outcomes {
        let extra: Vec<String> = o
            .understood
            .difference(&o.expected)
            .map(|(f, v)| format!("{f}={v}"))
            .collect();
        let missed: Vec<String> = o
            .expected
            .difference(&o.understood)
            .map(|(f, v)| format!("{f}={v}"))
            .collect();
        if o.hit
            && o.look_alikes.is_empty()
            && o.verdict_ok
            && extra.is_empty()
            && missed.is_empty()
        {
            continue;
        }
        out.push_str(&format!(
            "{}: hit={} look-alikes={:?} verdict_ok={} top={:?}\n    extra {:?}\n    missed {:?}\n",
            o.id, o.hit, o.look_alikes, o.verdict_ok, o.top, extra, missed
        ));
    }
    out
}
