//! The `shoreline` command line; the work is done in the library.
fn main() {
    std::process::exit(shoreline::cli::run());
}
