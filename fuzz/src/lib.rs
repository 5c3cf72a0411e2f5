//! What each fuzz target does with one input, kept here so the fuzz targets (`fuzz_targets/*.rs`) and the
//! regression test (`tests/tests/fuzz_regressions.rs`, which includes this file with `#[path]`) run exactly the
//! same code. Depends on `shoreline` and `shoreline_catalog` only, so it compiles in both places.
//!
//! The rule every entry point checks: no input makes the generator or the catalog panic. A few round-trip
//! properties are asserted too (catalog.json written from a valid catalog reads back to the same catalog).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use shoreline::front_matter;
use shoreline::markdown::{self, MdOptions};
use shoreline_catalog::{Catalog, Engine, FacetKind, Query, Schema, ServiceRecord};

/// `front_matter` target: bytes -> decode -> split -> parse (page and section), every diagnostic rendered.
pub fn front_matter(data: &[u8]) {
    let path = Path::new("f.md");
    let text = match shoreline::load::decode(data) {
        Ok(text) => text,
        Err((offset, lossy)) => {
            // What `load` reports for a file that is not UTF-8.
            let (line, col) = shoreline::diagnostic::line_col(&lossy, offset);
            let d = shoreline::diagnostic::Diagnostic::new(path, "file is not valid UTF-8")
                .at(&lossy, line, col);
            let _ = d.to_string();
            return;
        }
    };
    let split = match front_matter::split(&text, path) {
        Ok(split) => split,
        Err(d) => {
            let _ = d.to_string();
            return;
        }
    };
    for is_section in [false, true] {
        match front_matter::parse(&split, &text, path, is_section) {
            Ok(_) => {}
            Err(diags) => {
                for d in &diags {
                    let _ = d.to_string();
                }
                let _ = shoreline::diagnostic::report(&diags);
            }
        }
    }
}

/// `markdown` target: the body renderer (raw HTML and code highlighting both on, then both off), and the link and
/// shortcode-argument parsers.
pub fn markdown(body: &str) {
    for on in [true, false] {
        let _ = markdown::render(
            body,
            0,
            "a/b.md",
            MdOptions {
                unsafe_html: on,
                heading_anchors: true,
                highlight_code: on,
            },
        );
    }
    let _ = markdown::classify_link(body, "a/b.md");
    let _ = shoreline::shortcode_syntax::parse_args(body);
    let _ = shoreline::shortcode_syntax::escaped_literal(body);
}

/// `catalog_toml` target: the input is split at its first NUL (or in half) into catalog.toml and one service
/// page's TOML front matter. A schema and a service that both parse are built into a catalog, which must
/// survive catalog.json and the engine.
pub fn catalog_toml(data: &str) {
    let (schema_text, service_text) = split_input(data);
    let schema = match shoreline_catalog::parse_schema(schema_text) {
        Ok(schema) => schema,
        Err(errors) => {
            for e in &errors {
                let _ = e.to_string();
            }
            return;
        }
    };
    let facets = match shoreline_catalog::parse_service(&schema, service_text) {
        Ok(facets) => facets,
        Err(errors) => {
            for e in &errors {
                let _ = e.to_string();
            }
            return;
        }
    };
    let record = ServiceRecord {
        slug: "fuzzed".to_string(),
        title: "Fuzzed service".to_string(),
        summary: "A service read from fuzzer input".to_string(),
        url: "/services/fuzzed/".to_string(),
        facets,
        suits: String::new(),
        not_for: String::new(),
        alternatives: Vec::new(),
    };
    // parse_service only returns records that fit the schema, so the catalog must build.
    let catalog = match shoreline_catalog::build_catalog(schema, vec![record]) {
        Ok(catalog) => catalog,
        Err(problems) => {
            panic!("parse_service accepted a record build_catalog rejects: {problems:?}")
        }
    };
    check_json_round_trip(&catalog);
    let engine = Engine::new(&catalog);
    let _ = shoreline_catalog::query_json(&engine.query(&Query::default()));
    let mut cursor = Cursor::new(service_text.as_bytes());
    let q = derive_query(&mut cursor, engine.schema());
    let _ = shoreline_catalog::query_json(&engine.query(&q));
}

/// Splits at the first NUL, or at the middle (moved back to a character boundary) when there is none.
pub fn split_input(data: &str) -> (&str, &str) {
    if let Some(i) = data.find('\0') {
        return (&data[..i], &data[i + 1..]);
    }
    let mut mid = data.len() / 2;
    while !data.is_char_boundary(mid) {
        mid -= 1;
    }
    data.split_at(mid)
}

/// catalog.json written from a valid catalog reads back to the same catalog.
fn check_json_round_trip(catalog: &Catalog) {
    let json = shoreline_catalog::to_json(catalog);
    // catalog.json leaves out the editors' [[rule]]s, which only check pages at build time.
    let mut published = catalog.clone();
    published.schema.rules.clear();
    match shoreline_catalog::from_json(&json) {
        Ok(back) => assert!(
            back == published,
            "catalog.json round trip changed the catalog:\n{json}"
        ),
        Err(e) => panic!("catalog.json written by to_json does not read back: {e}\n{json}"),
    }
}

/// The catalog bundled with the site (content/catalog.toml and a spread of its service pages), built once.
pub fn bundled_catalog() -> Catalog {
    const SERVICES: &[(&str, &str)] = &[
        (
            "after-hours-answering",
            include_str!("../../content/services/after-hours-answering.md"),
        ),
        (
            "payroll-processing",
            include_str!("../../content/services/payroll-processing.md"),
        ),
        (
            "software-development",
            include_str!("../../content/services/software-development.md"),
        ),
        (
            "multilingual-support-hub",
            include_str!("../../content/services/multilingual-support-hub.md"),
        ),
        (
            "full-cycle-collections",
            include_str!("../../content/services/full-cycle-collections.md"),
        ),
        (
            "outbound-surveys",
            include_str!("../../content/services/outbound-surveys.md"),
        ),
        (
            "tier-1-technical-support",
            include_str!("../../content/services/tier-1-technical-support.md"),
        ),
        (
            "virtual-remote-agent-team",
            include_str!("../../content/services/virtual-remote-agent-team.md"),
        ),
        (
            "medical-billing-rcm",
            include_str!("../../content/services/medical-billing-rcm.md"),
        ),
        (
            "content-moderation",
            include_str!("../../content/services/content-moderation.md"),
        ),
    ];
    let schema = shoreline_catalog::parse_schema(include_str!("../../content/catalog.toml"))
        .expect("the bundled catalog.toml parses");
    let services = SERVICES
        .iter()
        .map(|(slug, text)| {
            let path = Path::new(slug);
            let split = front_matter::split(text, path).expect("bundled service front matter");
            let meta =
                front_matter::parse(&split, text, path, false).expect("bundled service meta");
            let facets = shoreline_catalog::parse_service(&schema, split.front_matter)
                .unwrap_or_else(|e| panic!("bundled service {slug}: {e:?}"));
            ServiceRecord {
                slug: slug.to_string(),
                title: meta.title.unwrap_or_default(),
                summary: meta.description.unwrap_or_default(),
                url: format!("/services/{slug}/"),
                facets,
                suits: String::new(),
                not_for: String::new(),
                alternatives: Vec::new(),
            }
        })
        .collect();
    shoreline_catalog::build_catalog(schema, services).expect("the bundled catalog builds")
}

/// `catalog_query` target. An input that starts with `{` (after whitespace) is (a) read as catalog.json and, when
/// it reads, indexed and queried; any other input is (b) a query made from its bytes (known and junk facet and
/// value ids, numbers, free text, a limit) run on the bundled catalog's engine. Keeping the two apart keeps the
/// query inputs small and fast.
pub fn catalog_query(engine: &Engine, data: &[u8]) {
    if data.trim_ascii_start().starts_with(b"{") {
        let text = String::from_utf8_lossy(data);
        if let Ok(catalog) = shoreline_catalog::from_json(&text) {
            check_json_round_trip(&catalog);
            let own = Engine::new(&catalog);
            check_query(&own, &Query::default());
            let q = derive_query(&mut Cursor::new(data), own.schema());
            check_query(&own, &q);
        }
        return;
    }
    let q = derive_query(&mut Cursor::new(data), engine.schema());
    check_query(engine, &q);
}

/// Runs a query and checks what the result promises about itself.
fn check_query(engine: &Engine, q: &Query) {
    let result = engine.query(q);
    // `total` counts full matches above the relevance threshold and `related` the rest; near-misses (some
    // selected needs missing) follow all full matches in `results`.
    let full = result
        .results
        .iter()
        .take_while(|hit| hit.missing.is_empty())
        .count();
    assert!(
        result.results[full..]
            .iter()
            .all(|hit| !hit.missing.is_empty()),
        "a full match ranked after a near-miss"
    );
    let related = result.results[..full].iter().filter(|h| h.related).count();
    if q.limit > 0 {
        assert!(
            result.results.len() <= q.limit,
            "more results than the limit"
        );
        assert!(
            full <= result.total + result.related,
            "more full matches than the total"
        );
    } else {
        assert_eq!(
            full,
            result.total + result.related,
            "limit 0 must return every full match"
        );
        assert_eq!(related, result.related, "related hits are flagged");
    }
    assert!(
        result.recovery.is_none() || full == 0,
        "recovery is offered only when nothing matches"
    );
    let _ = shoreline_catalog::query_json(&result);
}

/// Reads bytes one at a time; past the end it yields zeros.
pub struct Cursor<'a> {
    data: &'a [u8],
}

impl<'a> Cursor<'a> {
    /// A cursor at the first byte of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Cursor { data }
    }

    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    fn junk(&mut self) -> String {
        let n = usize::from(self.byte() % 12);
        String::from_utf8_lossy(self.take(n)).into_owned()
    }

    fn rest(&mut self) -> &'a [u8] {
        self.take(self.data.len())
    }
}

/// A query from bytes: up to 5 facets (mostly real ids, some junk), up to 4 values each (real value ids,
/// numbers in and out of range, junk), a limit of 0..50, and the remaining bytes as free text.
pub fn derive_query(c: &mut Cursor, schema: &Schema) -> Query {
    let limit = usize::from(c.byte() % 50);
    let mut selected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for _ in 0..c.byte() % 6 {
        let pick = c.byte();
        let facet = if pick < 0xE0 && !schema.facets.is_empty() {
            schema.facets.get(usize::from(pick) % schema.facets.len())
        } else {
            None
        };
        let id = match facet {
            Some(f) => f.id.clone(),
            None => c.junk(),
        };
        let mut values = Vec::new();
        for _ in 0..c.byte() % 5 {
            let v = c.byte();
            let value = match (facet, v % 8) {
                (_, 0) => c.junk(),
                (_, 1) => String::new(),
                (Some(f), 2 | 3) if f.kind == FacetKind::Integer => {
                    (i64::from(c.byte() as i8) * 3).to_string()
                }
                (Some(f), 4) if f.kind == FacetKind::Integer => match c.byte() % 6 {
                    0 => i64::MAX.to_string(),
                    1 => i64::MIN.to_string(),
                    2 => "99999999999999999999999".to_string(),
                    3 => "-0".to_string(),
                    4 => " 5".to_string(),
                    _ => "+7".to_string(),
                },
                (Some(f), _) if !f.values.is_empty() => {
                    f.values[usize::from(c.byte()) % f.values.len()].id.clone()
                }
                _ => c.junk(),
            };
            values.push(value);
        }
        selected.entry(id).or_default().extend(values);
    }
    let text = String::from_utf8_lossy(c.rest()).into_owned();
    Query {
        selected,
        text,
        limit,
        dismissed: Vec::new(),
    }
}
