#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use shoreline_catalog::Engine;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.get_or_init(|| Engine::new(&shoreline_fuzz::bundled_catalog()));
    shoreline_fuzz::catalog_query(engine, data);
});
