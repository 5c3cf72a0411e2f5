//! The `shoreline` command line; the work is done in the library.

use std::ffi::{c_int, c_long};

// A build allocates and frees millions of small strings across threads (markdown events, template
// values); mimalloc spends less time on them than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in the `mi_option_t` enum of the mimalloc v3 that `libmimalloc-sys` builds (its
/// Rust constants stop before v3's options); the test below checks it by the option's default.
const PURGE_DELAY: c_int = 15;

fn main() {
    // mimalloc hands freed pages back to the system a second after they are freed. The dev server frees a
    // graph's worth after each rebuild, so the next edit's graph met fresh pages the kernel had to zero:
    // 12 ms of graph became 27 ms at 10,000 pages. Pages are kept instead, as the system allocator keeps them.
    // SAFETY: sets a plain integer option, which mimalloc reads at any time.
    unsafe { mi_option_set(PURGE_DELAY, -1) };
    std::process::exit(shoreline::cli::run());
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
    }

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // Its neighbours default to 1 and 0; the purge delay alone to 1000 ms.
        // SAFETY: reads a plain integer option.
        let delay = unsafe { mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, 1000, "mimalloc's purge delay defaults to 1000 ms");
    }
}
