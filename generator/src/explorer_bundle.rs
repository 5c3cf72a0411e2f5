//! The explorer widget files embedded at compile time (empty when the widget was not built first).
include!(concat!(env!("OUT_DIR"), "/explorer_bundle.rs"));
