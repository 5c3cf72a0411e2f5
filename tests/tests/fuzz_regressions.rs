//! Replays the fuzz inputs on every `cargo test`: each file in fuzz/seeds/<target>/ and fuzz/regressions/<target>/
//! goes through exactly the code the fuzz target runs (fuzz/src/lib.rs, included below), so a crash the fuzzer
//! once found stays fixed without libFuzzer or cargo-fuzz. Running an input without a panic is the check; a few
//! seeds from the bundled content are also checked to parse, so the inputs are known to reach the deep code.

#[path = "../../fuzz/src/lib.rs"]
pub mod fuzz_logic;

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Every (name, bytes) in fuzz/seeds/<target>/ and fuzz/regressions/<target>/, sorted by path.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut paths = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = fuzz_dir().join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            assert!(
                kind == "regressions",
                "missing seed folder {}",
                dir.display()
            );
            continue;
        };
        paths.extend(
            entries
                .map(|e| e.expect("read a fuzz input folder").path())
                .filter(|p| p.is_file()),
        );
    }
    paths.sort();
    let inputs: Vec<(PathBuf, Vec<u8>)> = paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect();
    assert!(
        inputs.len() >= 5,
        "only {} inputs for {target}",
        inputs.len()
    );
    inputs
}

/// Runs one input, naming it when it panics (the panic message itself is printed by the hook).
fn replay(path: &Path, run: impl FnOnce()) {
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).is_err() {
        panic!("fuzz input {} panics", path.display());
    }
}

fn seed(target: &str, name: &str) -> Vec<u8> {
    let path = fuzz_dir().join("seeds").join(target).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn front_matter_inputs_do_not_panic() {
    for (path, bytes) in inputs("front_matter") {
        replay(&path, || fuzz_logic::front_matter(&bytes));
    }
    // A bundled service page reaches the end of the parser.
    let bytes = seed("front_matter", "services_after-hours-answering.md");
    let text = shoreline::load::decode(&bytes).expect("UTF-8");
    let file = Path::new("f.md");
    let split = shoreline::front_matter::split(&text, file).expect("fenced front matter");
    let meta =
        shoreline::front_matter::parse(&split, &text, file, false).expect("valid front matter");
    assert!(meta.has_service && meta.title.is_some());
}

#[test]
fn markdown_inputs_do_not_panic() {
    for (path, bytes) in inputs("markdown") {
        // The target takes `&str`: libFuzzer-sys skips inputs that are not UTF-8, and so does this.
        if let Ok(body) = std::str::from_utf8(&bytes) {
            replay(&path, || fuzz_logic::markdown(body));
        }
    }
    let body = String::from_utf8(seed("markdown", "headings-links.md")).expect("UTF-8");
    let r = shoreline::markdown::render(
        &body,
        0,
        "a/b.md",
        shoreline::markdown::MdOptions {
            unsafe_html: true,
            heading_anchors: true,
            highlight_code: true,
        },
    );
    assert!(r.anchors.len() >= 4 && !r.links.is_empty() && r.summary.is_some());
}

#[test]
fn catalog_toml_inputs_do_not_panic() {
    for (path, bytes) in inputs("catalog_toml") {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            replay(&path, || fuzz_logic::catalog_toml(text));
        }
    }
    let text = String::from_utf8(seed("catalog_toml", "bundled-after-hours.toml")).expect("UTF-8");
    let (schema_text, service_text) = fuzz_logic::split_input(&text);
    let schema = shoreline_catalog::parse_schema(schema_text).expect("bundled catalog.toml parses");
    shoreline_catalog::parse_service(&schema, service_text).expect("bundled service parses");
}

#[test]
fn catalog_query_inputs_do_not_panic() {
    let catalog = fuzz_logic::bundled_catalog();
    assert!(!catalog.services.is_empty());
    let engine = shoreline_catalog::Engine::new(&catalog);
    for (path, bytes) in inputs("catalog_query") {
        replay(&path, || fuzz_logic::catalog_query(&engine, &bytes));
    }
    let json = String::from_utf8(seed("catalog_query", "bundled-catalog.json")).expect("UTF-8");
    let built = shoreline_catalog::from_json(&json).expect("a built catalog.json reads back");
    assert!(!built.services.is_empty());
}
