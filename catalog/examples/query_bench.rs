//! Query time of the engine at N synthetic services (run by `cargo xtask bench`; figures, not assertions).
//! Usage: query_bench [N] [--json OUT]  -> also writes the synthetic catalog.json for the browser bench.
use shoreline_catalog::{from_json, synthetic_catalog, to_json, Engine, Query};
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let catalog = synthetic_catalog(n, 42);
    if let Some(i) = args.iter().position(|a| a == "--json") {
        if let Some(out) = args.get(i + 1) {
            std::fs::write(out, to_json(&catalog)).expect("write catalog.json");
        }
    }
    // What the widget does first with the catalog.json it fetched: read it back into a catalog.
    let json = to_json(&catalog);
    let t = Instant::now();
    let read = from_json(&json).expect("the synthetic catalog reads back");
    let read_ms = t.elapsed().as_secs_f64() * 1000.0;
    drop(read);
    let t = Instant::now();
    let engine = Engine::new(&catalog);
    let build_ms = t.elapsed().as_secs_f64() * 1000.0;
    // The free-text index is built apart (the explorer does it after its first results are on screen).
    let t = Instant::now();
    engine.prepare_text_search();
    let text_ms = t.elapsed().as_secs_f64() * 1000.0;
    let facet = &catalog.schema.facets[0];
    let second = &catalog.schema.facets[1];
    let queries = vec![
        (
            "empty",
            Query {
                limit: 20,
                ..Default::default()
            },
        ),
        (
            "one value",
            Query {
                selected: BTreeMap::from([(facet.id.clone(), vec![facet.values[0].id.clone()])]),
                limit: 20,
                ..Default::default()
            },
        ),
        (
            "two facets",
            Query {
                selected: BTreeMap::from([
                    (
                        facet.id.clone(),
                        vec![facet.values[0].id.clone(), facet.values[1].id.clone()],
                    ),
                    (second.id.clone(), vec![second.values[0].id.clone()]),
                ]),
                limit: 20,
                ..Default::default()
            },
        ),
        (
            "text",
            Query {
                text: "we miss calls after hours".into(),
                limit: 20,
                ..Default::default()
            },
        ),
        (
            "text prefix",
            Query {
                text: "payr".into(),
                limit: 20,
                ..Default::default()
            },
        ),
    ];
    println!("| engine query at {n} services | median µs | p95 µs |\n|---|---:|---:|");
    println!(
        "| read catalog.json ({} KB) | {:.0} (once) | |",
        json.len() / 1024,
        read_ms * 1000.0
    );
    println!(
        "| build engine from catalog | {:.0} (once) | |",
        build_ms * 1000.0
    );
    println!(
        "| build free-text index | {:.0} (once) | |",
        text_ms * 1000.0
    );
    for (name, q) in &queries {
        let mut times: Vec<f64> = (0..200)
            .map(|_| {
                let t = Instant::now();
                let r = engine.query(q);
                std::hint::black_box(&r);
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {name} | {:.0} | {:.0} |",
            times[times.len() / 2],
            times[times.len() * 95 / 100]
        );
    }
}
