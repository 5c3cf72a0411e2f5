//! The real `shoreline` CLI, built inside this package so integration tests get its path from cargo.
fn main() {
    std::process::exit(shoreline::cli::run());
}
