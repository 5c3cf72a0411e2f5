//! The service catalog inside a site: validation errors located in the files, catalog.json, facet tables.

mod common;
use common::*;

const CATALOG: &str = r#"version = 1

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

fn service(needs: &str, office: &str, category: &str) -> String {
    format!("+++\ntitle = \"Svc {category}\"\ndescription = \"Does {category}.\"\n\n[service]\nneeds = [{needs}]\noffice = \"{office}\"\ncategory = \"{category}\"\nmin_team_size = 0\n+++\nBody.\n")
}

fn catalog_site() -> Site {
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

#[test]
fn catalog_json_is_written_and_round_trips() {
    let s = catalog_site();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let json = s.read_out("catalog.json");
    let cat = shoreline_catalog::from_json(&json).expect("reader accepts what the site wrote");
    assert_eq!(cat.services.len(), 2);
    assert_eq!(cat.services[0].slug, "night-answering");
    assert_eq!(cat.services[0].url, "/services/night-answering/");
    assert_eq!(cat.services[0].summary, "Does answering-service.");
    assert_eq!(
        shoreline_catalog::to_json(&cat),
        json,
        "re-serialising is byte-identical"
    );
}

#[test]
fn service_pages_show_facets_and_concept_pages_list_services() {
    let s = catalog_site();
    assert!(s.build().status.success());
    let svc = s.read_out("services/night-answering/index.html");
    assert!(svc.contains("<th>What do you need?</th><td><a href=\"/call-centers/inbound/\">Answer calls after hours</a>"), "{svc}");
    assert!(svc.contains("<th>Smallest team</th><td>0</td>"), "{svc}");
    let concept = s.read_out("call-centers/inbound/index.html");
    assert!(concept.contains("<h2>What do you need?: Answer calls after hours</h2><a href=\"/services/night-answering/\">"), "{concept}");
    assert!(!concept.contains("payroll-run"), "{concept}");
    let catalog = s.read_out("services/index.html");
    let front = catalog.find("<h2>Front office</h2>").expect("front group");
    let back = catalog.find("<h2>Back office</h2>").expect("back group");
    assert!(
        front < catalog.rfind("night-answering").unwrap()
            && back < catalog.rfind("payroll-run").unwrap()
            && front < back,
        "{catalog}"
    );
    assert!(catalog.contains("<shoreline-explorer>"), "{catalog}");
    assert!(
        catalog.contains("explorer-fallback"),
        "no-JS list inside the widget: {catalog}"
    );
}

#[test]
fn explorer_shortcode_in_markdown_filters_its_fallback() {
    let s = catalog_site();
    s.write(
        "content/call-centers/finder.md",
        "+++\ntitle = \"Finder\"\n+++\nIntro.\n\n{{ explorer(needs=\"payroll\", limit=3) }}\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read_out("call-centers/finder/index.html");
    assert!(
        page.contains("<shoreline-explorer limit=\"3\" needs=\"payroll\">"),
        "{page}"
    );
    assert!(
        page.contains("src=\"/explorer/shoreline-explorer.js\""),
        "{page}"
    );
    assert!(
        page.contains("/services/payroll-run/") && !page.contains("/services/night-answering/"),
        "{page}"
    );
}

fn fails(s: &Site, expected: &[&str]) {
    let o = s.build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
}

#[test]
fn unknown_facet_in_a_service() {
    let s = catalog_site();
    s.write(
        "content/services/bad.md",
        &service("\"payroll\"", "back", "payroll")
            .replace("min_team_size = 0", "min_team_size = 0\nofice = \"back\""),
    );
    fails(&s, &["content/services/bad.md:10:1", "ofice", "office"]);
}

#[test]
fn misspelled_catalog_value_lists_the_allowed_ones() {
    let s = catalog_site();
    s.write(
        "content/services/bad.md",
        &service("\"payrol\"", "back", "payroll"),
    );
    fails(
        &s,
        &[
            "content/services/bad.md:6:",
            "payrol",
            "did you mean `payroll`",
            "after-hours-calls",
        ],
    );
}

#[test]
fn missing_required_facet() {
    let s = catalog_site();
    s.write(
        "content/services/bad.md",
        &service("\"payroll\"", "back", "payroll").replace("category = \"payroll\"\n", ""),
    );
    fails(&s, &["content/services/bad.md:", "category"]);
}

#[test]
fn duplicate_service_id() {
    let s = catalog_site();
    s.write(
        "content/services/more/payroll-run.md",
        &service("\"payroll\"", "back", "payroll"),
    );
    fails(&s, &["duplicate service slug `payroll-run`"]);
}

#[test]
fn catalog_toml_errors_are_located() {
    let s = catalog_site();
    s.write(
        "content/catalog.toml",
        &CATALOG.replace("id = \"office\"", "id = \"needs\""),
    );
    fails(&s, &["content/catalog.toml:", "needs"]);
    let s = catalog_site();
    s.write(
        "content/catalog.toml",
        &CATALOG.replace(
            "page = \"@/call-centers/outbound.md\"",
            "page = \"@/call-centers/outbond.md\"",
        ),
    );
    fails(
        &s,
        &[
            "content/catalog.toml:23:51",
            "`@/call-centers/outbond.md` is not a page of this site",
        ],
    );
}

#[test]
fn service_table_outside_services_is_an_error() {
    let s = catalog_site();
    s.write(
        "content/call-centers/svc.md",
        &service("\"payroll\"", "back", "payroll"),
    );
    fails(
        &s,
        &[
            "content/call-centers/svc.md",
            "only belongs on pages under content/services/",
        ],
    );
}

#[test]
fn query_cli_prints_one_json_object() {
    let s = catalog_site();
    let o = s.cli(&["query", "--json", "we miss calls in the evening"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(stdout(&o).trim()).expect("exactly one JSON object");
    assert_eq!(v["results"][0]["slug"], "night-answering");
    assert_eq!(v["results"][0]["url"], "/services/night-answering/");
    assert!(v["results"][0]["score"].is_number());
    assert!(v["results"][0]["missing"].as_array().unwrap().is_empty());
    assert!(v["advice"]["reason"].is_string());
    assert!(v["counts"]["needs"]["payroll"].is_number());
    let o = s.cli(&["query", "--json", "--facet", "needs=payroll"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["results"][0]["slug"], "payroll-run");
    assert_eq!(v["advice"]["verdict"], "bpo");
    let o = s.cli(&["query", "--facet", "needs=payrol"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("did you mean `payroll`"));
}
