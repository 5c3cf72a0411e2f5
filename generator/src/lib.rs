//! Shoreline: a static site generator for an outsourcing knowledge base and service catalog.
//!
//! The build flows one way: load -> parse/validate -> graph -> render -> write.

pub mod base_path;
pub mod bodies;
pub mod catalog_site;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod explorer_args;
pub mod explorer_bundle;
pub mod external_links;
pub mod front_matter;
pub mod highlight;
pub(crate) mod host_headers;
pub mod image_processing;
pub mod images;
pub mod init;
pub mod links;
pub mod load;
pub mod markdown;
pub mod new_content;
pub mod pipeline;
pub mod precompress;
pub mod query;
pub mod render;
pub mod search;
pub mod serve;
pub mod shortcode_syntax;
pub mod shortcodes;
pub mod site;
pub mod structured_data;
pub mod template_context;
pub mod templates;
pub mod write;
