//! The <shoreline-explorer> widget.
