#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    shoreline_fuzz::catalog_toml(data);
});
