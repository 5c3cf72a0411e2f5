//! Whole-site tests live in tests/tests/.
