//! The service catalog inside a site: validation errors located in the files, catalog.json, facet tables.

mod common;
use common::catalog_site::*;
use common::*;

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
fn a_site_with_a_catalog_gets_cors_headers_for_hosts_unless_it_writes_its_own() {
    let s = catalog_site();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let headers = s.read_out("_headers");
    let mut written: Vec<String> = std::fs::read_dir(s.out().join("explorer"))
        .expect("explorer/ written")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert!(written.len() >= 4, "{written:?}");
    // Every file the build wrote has its rule: a year for content-hashed names, minutes for stable ones.
    for name in written
        .iter()
        .map(|n| format!("/explorer/{n}"))
        .chain(["/catalog.json".into()])
    {
        let stable = name.ends_with("/shoreline-explorer.js")
            || name.ends_with(".bundle.js")
            || name == "/catalog.json";
        let cache = if stable {
            "public, max-age=300"
        } else {
            "public, max-age=31536000, immutable"
        };
        let block = format!("{name}\n  Access-Control-Allow-Origin: *\n  Cache-Control: {cache}\n");
        assert!(headers.contains(&block), "no `{block}` in:\n{headers}");
    }
    // The site's own file replaces the generated one, with no clash reported.
    s.write("static/_headers", "/*\n  X-Frame-Options: DENY\n");
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(s.read_out("_headers"), "/*\n  X-Frame-Options: DENY\n");
    // A site without a catalog has no explorer to open up.
    let plain = Site::new();
    let o = plain.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!plain.out().join("_headers").exists());
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

#[test]
fn explorer_arguments_are_checked_at_their_markdown_line() {
    let s = catalog_site();
    s.write(
        "content/call-centers/finder.md",
        "+++\ntitle = \"Finder\"\n+++\nIntro.\n\n{{ explorer(needs=\"payrol\") }}\n",
    );
    fails(
        &s,
        &[
            "content/call-centers/finder.md:6",
            "unknown need `payrol`",
            "did you mean `payroll`?",
        ],
    );
    s.write(
        "content/call-centers/finder.md",
        "+++\ntitle = \"Finder\"\n+++\n{{ explorer(cta_href=\"javascript:alert(1)\") }}\n",
    );
    fails(
        &s,
        &["content/call-centers/finder.md:4", "`cta_href` must be"],
    );
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

/// The repository's own site (config, theme, content) copied into a temp dir, so a test can break one page.
fn bundled_copy() -> Site {
    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir").flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let s = Site::empty();
    std::fs::copy(repo.join("shoreline.toml"), s.root().join("shoreline.toml")).expect("config");
    for dir in ["content", "themes", "static", "templates"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &s.root().join(dir));
        }
    }
    s
}

#[test]
fn removing_24x7_coverage_from_a_24x7_service_fails_at_its_line() {
    let s = bundled_copy();
    let rel = "content/services/after-hours-answering.md";
    let page = std::fs::read_to_string(s.root().join(rel)).expect("bundled 24x7 service");
    assert!(
        page.contains("coverage_hours = \"24x7\""),
        "the test needs a 24x7 service"
    );
    let line = page
        .lines()
        .position(|l| l.starts_with("needs = "))
        .expect("a needs line")
        + 1;
    let broken = page
        .replace(", \"24x7-coverage\"", "")
        .replace("\"24x7-coverage\", ", "");
    assert_ne!(broken, page, "24x7-coverage was listed");
    s.write(rel, &broken);
    fails(
        &s,
        &[
            "error: rule `24x7-hours-need-24x7-coverage`",
            &format!("--> {rel}:{line}:1"),
            "must list the need 24x7-coverage",
            "this service has coverage_hours = 24x7",
        ],
    );
}

/// The fixture catalog plus `rules`.
fn rules_site(rules: &str) -> Site {
    let s = catalog_site();
    s.write("content/catalog.toml", &format!("{CATALOG}\n{rules}"));
    s
}

#[test]
fn a_keyword_the_explorer_never_reads_is_a_located_warning() {
    let s = catalog_site();
    // The same value id in a second facet, with the same keyword: each warning stands at its own facet's line.
    let catalog = CATALOG.replace(
        "keywords = [\"payroll\", \"payslips\"]",
        "keywords = [\"payroll\", \"payslips\", \"run it for us\"]",
    );
    let extra = "\n[[facet]]\nid = \"extra\"\nlabel = \"Extra\"\nkind = \"set\"\nrequired = false\nfilter = false\n\
                 values = [{ id = \"payroll\", label = \"Pay\", keywords = [\"run it for us\"] }]\n";
    let extra_line = catalog.lines().count() + 8;
    s.write("content/catalog.toml", &format!("{catalog}{extra}"));
    let o = s.build();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "warning: keyword `run it for us` of `needs` / `payroll` is never read: without its common words it \
             is the single word `run`"
        ),
        "{err}"
    );
    // Line 14 of catalog.toml holds the needs' payroll value; the keyword starts at column 80, inside its quotes.
    assert!(err.contains("--> content/catalog.toml:14:80"), "{err}");
    assert!(
        err.contains("keyword `run it for us` of `extra` / `payroll` is never read"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> content/catalog.toml:{extra_line}:")),
        "{err}"
    );
    assert!(
        err.contains("warning: 2 warnings (the build goes on)"),
        "{err}"
    );
}

#[test]
fn a_warning_rule_prints_but_the_site_builds() {
    let s = rules_site(
        "[[rule]]\nid = \"back-office-team\"\nlevel = \"warning\"\nwhen = { office = \"back\" }\n\
         require = { min_team_size = \">= 1\" }\nmessage = \"back-office work needs at least one person\"\n",
    );
    let o = s.build();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "warning: rule `back-office-team`: back-office work needs at least one person"
        ),
        "{err}"
    );
    // `min_team_size` is line 9 of the fixture service page; only the back-office service breaks the rule.
    assert!(
        err.contains("--> content/services/payroll-run.md:9:1"),
        "{err}"
    );
    assert!(!err.contains("night-answering"), "{err}");
    assert!(
        err.contains("warning: 1 warning (the build goes on)"),
        "{err}"
    );
    assert!(s
        .read_out("services/payroll-run/index.html")
        .contains("Svc payroll"));
}

#[test]
fn every_service_breaking_an_error_rule_is_named_in_one_run() {
    let s = rules_site(
        "[[rule]]\nid = \"needs-a-team\"\nrequire = { min_team_size = \">= 1\" }\n\
         [[rule]]\nid = \"front-answers\"\nlevel = \"warning\"\nwhen = { office = \"front\" }\n\
         forbid = { needs = \"payroll\" }\n",
    );
    s.write(
        "content/services/front-payroll.md",
        &service("\"payroll\"", "front", "payroll"),
    );
    let o = s.build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for page in ["night-answering", "payroll-run", "front-payroll"] {
        assert!(
            err.contains(&format!("content/services/{page}.md:9:1")),
            "{page} not named:\n{err}"
        );
    }
    // The warning rule is listed with the errors, at the `needs` line of the one page that breaks it.
    assert!(
        err.contains("warning: rule `front-answers`") && err.contains("front-payroll.md:6:1"),
        "{err}"
    );
    assert!(
        err.contains("error: stopped with 3 problems and 1 warning"),
        "{err}"
    );
    assert!(!s.out().join("catalog.json").exists());
}

#[test]
fn a_rule_naming_an_unknown_facet_or_value_is_located_in_catalog_toml() {
    let s = rules_site(
        "[[rule]]\nid = \"typo\"\nwhen = { ofice = \"back\" }\nrequire = { needs = \"payrol\" }\n",
    );
    let rule_line = CATALOG.lines().count() + 2;
    fails(
        &s,
        &[
            &format!("content/catalog.toml:{}:10", rule_line + 2),
            "unknown facet `ofice` in `when` of rule `typo`",
            "did you mean `office`?",
            &format!("content/catalog.toml:{}:21", rule_line + 3),
            "unknown value `payrol` of facet `needs`",
            "did you mean `payroll`?",
        ],
    );
}

#[test]
fn a_broken_link_a_bad_facet_value_and_an_unknown_shortcode_are_reported_in_one_run() {
    let s = catalog_site();
    s.write(
        "content/services/payroll-run.md",
        &service("\"payroll\"", "bak", "payroll"),
    );
    s.write(
        "content/call-centers/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nSee [nothing](@/call-centers/missing.md).\n\n{{ no_such_code() }}\n",
    );
    s.write("static/call-centers/broken/index.html", "clash");
    fails(
        &s,
        &[
            "`call-centers/missing.md` is not a page of this site",
            "unknown shortcode `no_such_code`",
            "`bak`",
            "clashes with a generated file",
            "stopped with 4 problems",
        ],
    );
}
