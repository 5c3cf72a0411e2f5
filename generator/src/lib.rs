//! Shoreline: a static site generator for an outsourcing knowledge base and service catalog.
//!
//! The build flows one way: load -> parse/validate -> graph -> render -> write.

pub(crate) mod base_path;
pub(crate) mod bodies;
pub(crate) mod catalog_site;
pub mod cli;
pub(crate) mod config;
pub mod diagnostic;
pub(crate) mod explorer_args;
pub(crate) mod explorer_bundle;
pub(crate) mod external_links;
pub mod front_matter;
pub(crate) mod highlight;
pub(crate) mod host_headers;
pub(crate) mod image_processing;
pub(crate) mod images;
pub(crate) mod init;
pub(crate) mod links;
pub mod load;
pub mod markdown;
pub(crate) mod new_content;
pub(crate) mod page_bodies;
pub(crate) mod parse;
pub mod pipeline;
pub(crate) mod precompress;
pub(crate) mod query;
pub(crate) mod render;
pub(crate) mod search;
pub mod serve;
pub mod shortcode_syntax;
pub(crate) mod shortcodes;
pub(crate) mod site;
pub(crate) mod site_again;
pub(crate) mod source_lines;
pub(crate) mod structured_data;
pub(crate) mod taxonomies;
pub(crate) mod template_context;
pub(crate) mod template_reads;
pub(crate) mod templates;
pub(crate) mod url_claims;
pub(crate) mod write;
