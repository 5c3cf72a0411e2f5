#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    shoreline_fuzz::markdown(body);
});
