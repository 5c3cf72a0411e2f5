//! What templates see: one serialisable type per template variable. The README's list of variables is checked
//! against these types, so a theme author can trust it.

use crate::markdown::TocEntry;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A context type as a template value: serialised once, then shared. Every context type serialises (a
/// failure would be a bug, not bad input).
pub(crate) fn to_value(v: impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The context of every template: the variables each kind of output page gets, the others left out.
#[derive(Serialize)]
pub(crate) struct Context<'a> {
    pub config: &'a Value,
    pub current_path: &'a str,
    pub current_url: String,
    /// The catalog's groups for `catalog.html` (null on sites without a catalog).
    pub catalog: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seo: Option<crate::structured_data::Seo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<FullPage<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionContext<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paginator: Option<Paginator<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<TaxonomyValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<TermValue<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<TermValue<'a>>,
}

/// A page as lists show it (`section.pages`, `term.pages`, `get_page`): serialised once per build and shared.
#[derive(Serialize)]
pub(crate) struct LightPage<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub slug: &'a str,
    pub path: &'a str,
    pub permalink: &'a str,
    pub relative_path: &'a str,
    pub summary: Option<&'a str>,
    pub word_count: usize,
    pub reading_time: usize,
    pub taxonomies: &'a BTreeMap<String, Vec<String>>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub extra: &'a Value,
}

/// A page's light value, kept for the whole build (lists, `get_page` and `get_section` serialise it where they
/// need it): the page's front matter shared with the graph and the few strings made from it, about a tenth of
/// the memory of the same page as a JSON value.
#[derive(Debug, Clone)]
pub(crate) struct PageValue {
    pub meta: std::sync::Arc<crate::front_matter::Meta>,
    pub title: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    pub relative_path: String,
    pub summary: Option<String>,
    pub word_count: usize,
}

impl PageValue {
    /// The value templates see.
    pub(crate) fn light(&self) -> LightPage<'_> {
        LightPage {
            title: &self.title,
            description: self.meta.description.as_deref(),
            date: self.meta.date.as_ref().map(|d| d.0.as_str()),
            updated: self.meta.updated.as_ref().map(|d| d.0.as_str()),
            slug: &self.slug,
            path: &self.path,
            permalink: &self.permalink,
            relative_path: &self.relative_path,
            summary: self.summary.as_deref(),
            word_count: self.word_count,
            reading_time: self.word_count.div_ceil(200).max(1),
            taxonomies: &self.meta.taxonomies,
            weight: self.meta.weight,
            draft: self.meta.draft,
            extra: &self.meta.extra,
        }
    }
}

impl Serialize for PageValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.light().serialize(serializer)
    }
}

/// `page` in `page.html`: the light page plus what only its own page needs.
#[derive(Serialize)]
pub(crate) struct FullPage<'a> {
    #[serde(flatten)]
    pub light: &'a PageValue,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub ancestors: Vec<Link<'a>>,
    /// The content path of its section's `_index.md`, for `get_section`.
    pub section: &'a str,
    pub lower: Option<Link<'a>>,
    pub higher: Option<Link<'a>>,
    /// On catalog sites: `service` (a service page's facet table) or `services_by_value` (a concept page's).
    #[serde(flatten)]
    pub catalog: Option<&'a Map<String, Value>>,
}

/// A title and where it lives: breadcrumbs and neighbours.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub permalink: String,
}

/// `taxonomy` in the taxonomy templates.
#[derive(Serialize)]
pub(crate) struct TaxonomyValue<'a> {
    pub name: &'a str,
    pub path: &'a str,
    pub permalink: String,
}

/// `section`: serialised once per build, shared by its pager pages and `get_section`.
#[derive(Serialize)]
pub(crate) struct SectionValue<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub path: &'a str,
    pub permalink: String,
    pub relative_path: &'a str,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub extra: &'a Value,
    pub weight: Option<i64>,
    /// Left empty (and so unwritten) in the value kept for the build: the pages are added where a section is
    /// used, from the page values, so they are not held twice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<&'a PageValue>,
    /// Content paths of the subsections' `_index.md`, for `get_section`.
    pub subsections: Vec<&'a str>,
    pub subsection_list: Vec<SubsectionLink<'a>>,
    pub ancestors: Vec<Link<'a>>,
}

/// `section` in a section's own context: its kept value, with its pages copied in as it is serialised.
#[derive(Serialize)]
pub(crate) struct SectionContext<'a> {
    #[serde(flatten)]
    pub value: &'a Value,
    pub pages: Vec<&'a PageValue>,
}

/// A subsection as its parent lists it.
#[derive(Serialize)]
pub(crate) struct SubsectionLink<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub permalink: String,
    pub description: Option<&'a str>,
    pub page_count: usize,
}

/// `paginator` of a section with `paginate_by`.
#[derive(Serialize)]
pub(crate) struct Paginator<'a> {
    pub paginate_by: usize,
    pub current_index: usize,
    pub number_pagers: usize,
    pub total_pages: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<&'a PageValue>,
}

/// `term`, and each of `terms`.
#[derive(Serialize)]
pub(crate) struct TermValue<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub path: &'a str,
    pub permalink: String,
    pub page_count: usize,
    pub pages: Vec<&'a PageValue>,
}

/// A service as the catalog's lists show it (`catalog.groups`, `page.services_by_value`).
#[derive(Serialize)]
pub(crate) struct ServiceLink<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub summary: &'a str,
    pub slug: &'a str,
}

/// One row of `page.service`, a service page's facet table.
#[derive(Serialize)]
pub(crate) struct FacetRow<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub values: Vec<ValueLink<'a>>,
    /// The value of a number facet (`min_team_size`); null for the others.
    pub number: Option<i64>,
}

/// A facet value, linked to the page that explains it when it names one.
#[derive(Serialize)]
pub(crate) struct ValueLink<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub path: Value,
}

/// One entry of `page.services_by_value`: the services with a value this page explains.
#[derive(Serialize)]
pub(crate) struct ServicesByValue<'a> {
    pub facet: &'a str,
    pub value: &'a str,
    pub facet_label: &'a str,
    pub value_label: &'a str,
    pub label: String,
    pub services: Vec<ServiceLink<'a>>,
}

/// `catalog` in `catalog.html`: every service by office, then category.
#[derive(Serialize)]
pub(crate) struct CatalogGroups<'a> {
    pub groups: Vec<OfficeGroup<'a>>,
    pub service_count: usize,
}

/// The services of one office value.
#[derive(Serialize)]
pub(crate) struct OfficeGroup<'a> {
    pub office: &'a str,
    pub office_label: &'a str,
    pub categories: Vec<CategoryGroup<'a>>,
}

/// The services of one category within an office.
#[derive(Serialize)]
pub(crate) struct CategoryGroup<'a> {
    pub category: &'a str,
    pub label: &'a str,
    pub services: Vec<ServiceLink<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field names a value serialises to.
    fn keys(v: impl Serialize) -> Vec<String> {
        match serde_json::to_value(v).unwrap() {
            Value::Object(m) => m.keys().cloned().collect(),
            other => panic!("not an object: {other}"),
        }
    }

    /// The backticked names in the README's row for `variable` of the template variables table.
    fn readme_row(variable: &str) -> Vec<String> {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"));
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{variable}` |")))
            .unwrap_or_else(|| panic!("README has no row for `{variable}`"));
        let fields = row.rsplit('|').nth(1).unwrap_or("");
        let mut names: Vec<String> = fields
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        names.sort();
        names
    }

    fn sorted(mut v: Vec<String>) -> Vec<String> {
        v.sort();
        v
    }

    #[test]
    fn the_readme_lists_every_template_variable_and_no_other() {
        let (extra, toc) = (Value::Null, Vec::new());
        let light = PageValue {
            meta: Default::default(),
            title: String::new(),
            slug: String::new(),
            path: String::new(),
            permalink: String::new(),
            relative_path: String::new(),
            summary: None,
            word_count: 0,
        };
        let link = || Link {
            title: "",
            path: "",
            permalink: String::new(),
        };
        let mut catalog = Map::new();
        catalog.insert("service".into(), Value::Null);
        catalog.insert("services_by_value".into(), Value::Null);
        let page = FullPage {
            light: &light,
            content: "",
            toc: &toc,
            ancestors: vec![],
            section: "",
            lower: Some(link()),
            higher: Some(link()),
            catalog: Some(&catalog),
        };
        assert_eq!(sorted(keys(&page)), readme_row("page"));
        let section = SectionValue {
            title: "",
            description: None,
            path: "",
            permalink: String::new(),
            relative_path: "",
            content: "",
            toc: &toc,
            extra: &extra,
            weight: None,
            pages: vec![],
            subsections: vec![],
            subsection_list: vec![],
            ancestors: vec![],
        };
        // As templates see it: the kept value, with its pages added.
        let kept = serde_json::to_value(&section).unwrap();
        let seen = SectionContext {
            value: &kept,
            pages: vec![],
        };
        assert_eq!(sorted(keys(&seen)), readme_row("section"));
        let paginator = Paginator {
            paginate_by: 1,
            current_index: 1,
            number_pagers: 1,
            total_pages: 1,
            first: String::new(),
            last: String::new(),
            previous: None,
            next: None,
            pages: vec![],
        };
        assert_eq!(sorted(keys(&paginator)), readme_row("paginator"));
        let term = || TermValue {
            name: "",
            slug: "",
            path: "",
            permalink: String::new(),
            page_count: 0,
            pages: vec![],
        };
        assert_eq!(sorted(keys(term())), readme_row("term"));
        let taxonomy = || TaxonomyValue {
            name: "",
            path: "",
            permalink: String::new(),
        };
        assert_eq!(sorted(keys(taxonomy())), readme_row("taxonomy"));
        let seo = crate::structured_data::Seo {
            title: String::new(),
            description: String::new(),
            url: String::new(),
            kind: "article",
            site_name: String::new(),
            json_ld: String::new(),
        };
        let everything = Context {
            config: &extra,
            current_path: "",
            current_url: String::new(),
            catalog: &extra,
            seo: Some(seo),
            page: Some(page),
            section: Some(seen),
            paginator: Some(paginator),
            taxonomy: Some(taxonomy()),
            terms: Some(vec![term()]),
            term: Some(term()),
        };
        assert_eq!(sorted(keys(&everything)), readme_row("(variables)"));
    }
}
