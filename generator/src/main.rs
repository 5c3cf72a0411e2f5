//! The `shoreline` command line; the work is done in the library.

// A build allocates and frees millions of small strings across threads (markdown events, template
// values); mimalloc spends less time on them than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(shoreline::cli::run());
}
