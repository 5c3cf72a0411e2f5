//! Whole-site tests live in `tests/tests/`; this crate only ships the CLI as a binary the tests can run.
