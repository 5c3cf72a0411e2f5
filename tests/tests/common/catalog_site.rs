//! A small site with a service catalog: two facets that matter to rules, two services.

use super::Site;

pub(crate) const CATALOG: &str = r#"version = 1

[advice]
call_center_page = "@/call-centers/inbound.md"
bpo_page = "@/call-centers/inbound.md"

[[facet]]
id = "needs"
label = "What do you need?"
kind = "set"
match = "all"
values = [
  { id = "after-hours-calls", label = "Answer calls after hours", page = "@/call-centers/inbound.md", keywords = ["after hours", "evening"] },
  { id = "payroll", label = "Run payroll", keywords = ["payroll", "payslips"] },
]

[[facet]]
id = "office"
label = "Office"
kind = "enum"
match = "office"
values = [
  { id = "front", label = "Front office", page = "@/call-centers/outbound.md" },
  { id = "back", label = "Back office" },
  { id = "hybrid", label = "Both" },
]

[[facet]]
id = "category"
label = "Category"
kind = "enum"
values = [
  { id = "answering-service", label = "Answering service" },
  { id = "payroll", label = "Payroll" },
]

[[facet]]
id = "min_team_size"
label = "Smallest team"
kind = "integer"
match = "at-most"
"#;

/// A service page's text with the given needs (quoted, comma-separated), office and category.
pub(crate) fn service(needs: &str, office: &str, category: &str) -> String {
    format!("+++\ntitle = \"Svc {category}\"\ndescription = \"Does {category}.\"\n\n[service]\nneeds = [{needs}]\noffice = \"{office}\"\ncategory = \"{category}\"\nmin_team_size = 0\n+++\nBody.\n")
}

/// The small site with a catalog of two services.
pub(crate) fn catalog_site() -> Site {
    let s = Site::new();
    s.write("content/catalog.toml", CATALOG);
    s.write(
        "content/services/_index.md",
        "+++\ntitle = \"Services\"\ntemplate = \"catalog.html\"\n+++\n",
    );
    s.write(
        "content/services/night-answering.md",
        &service("\"after-hours-calls\"", "front", "answering-service"),
    );
    s.write(
        "content/services/payroll-run.md",
        &service("\"payroll\"", "back", "payroll"),
    );
    s
}
