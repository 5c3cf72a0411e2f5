//! Facet definitions, service records, validation and the query engine. No I/O.
