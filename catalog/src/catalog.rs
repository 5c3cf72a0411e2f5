//! The whole catalog: the schema plus every service record, checked for consistency.

use crate::schema::{FacetKind, Schema};
use crate::service::{ServiceFacet, ServiceRecord};

/// The facet that sorts services into kinds within an office, as the no-JS catalog groups them.
pub const CATEGORY_FACET: &str = "category";

/// The schema and its services, sorted by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The facets, advice links, vocabulary and rules every record is read against.
    pub schema: Schema,
    /// One record per service page, sorted by slug; slugs are unique.
    pub services: Vec<ServiceRecord>,
}

/// Sorts the services by slug and checks that slugs are unique and every record fits the schema.
pub fn build_catalog(
    schema: Schema,
    mut services: Vec<ServiceRecord>,
) -> Result<Catalog, Vec<String>> {
    crate::sort::sort_by(&mut services, &|a, b| a.slug.cmp(&b.slug));
    let mut errors = Vec::new();
    for pair in services.windows(2) {
        if let [a, b] = pair {
            if a.slug == b.slug {
                errors.push(format!(
                    "duplicate service slug `{}`: \"{}\" ({}) and \"{}\" ({})",
                    a.slug, a.title, a.url, b.title, b.url
                ));
            }
        }
    }
    for service in &services {
        errors.extend(record_problems(&schema, service));
    }
    if errors.is_empty() {
        Ok(Catalog { schema, services })
    } else {
        Err(errors)
    }
}

/// Why a record does not fit the schema: wrong facet count, wrong answer shape, value index out of range.
/// parse_service never produces such records; this guards hand-built ones and catalog.json.
pub(crate) fn record_problems(schema: &Schema, service: &ServiceRecord) -> Vec<String> {
    let mut problems = Vec::new();
    if service.slug.is_empty() {
        problems.push("a service has an empty slug".to_string());
    }
    if service.facets.by_facet.len() != schema.facets.len() {
        problems.push(format!(
            "service `{}` has {} facet answers but the schema has {} facets",
            service.slug,
            service.facets.by_facet.len(),
            schema.facets.len()
        ));
        return problems;
    }
    for (facet, answer) in schema.facets.iter().zip(&service.facets.by_facet) {
        match (facet.kind, answer) {
            (FacetKind::Integer, ServiceFacet::Integer(_)) => {}
            (FacetKind::Enum | FacetKind::Set, ServiceFacet::Values(indexes)) => {
                if facet.kind == FacetKind::Enum && indexes.len() > 1 {
                    problems.push(format!(
                        "service `{}` has {} values for enum facet `{}`",
                        service.slug,
                        indexes.len(),
                        facet.id
                    ));
                }
                for (i, index) in indexes.iter().enumerate() {
                    if *index >= facet.values.len() {
                        problems.push(format!(
                            "service `{}` has value index {index} for facet `{}`, which has {} values",
                            service.slug,
                            facet.id,
                            facet.values.len()
                        ));
                    } else if indexes.iter().take(i).any(|earlier| earlier == index) {
                        problems.push(format!(
                            "service `{}` lists value index {index} of facet `{}` twice",
                            service.slug, facet.id
                        ));
                    }
                }
            }
            _ => problems.push(format!(
                "service `{}` has the wrong kind of answer for {} facet `{}`",
                service.slug,
                facet.kind.as_str(),
                facet.id
            )),
        }
    }
    problems
}
