//! The editor's first hour: `shoreline init` with a catalog, `shoreline new service|page`, and the `fact`
//! shortcode for figures that recur across pages.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shoreline(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run shoreline")
}

/// A site made by `shoreline init` in a temp dir (kept alive by the returned guard).
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let site = d.path().join("kb");
    let o = Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    (d, site)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

#[test]
fn init_site_builds_with_a_catalog_and_a_working_explorer() {
    let (_d, site) = init_site();
    let o = shoreline(&["build"], &site);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("built 4 pages, 3 sections,"),
        "{}",
        stdout(&o)
    );

    let json = read(&site.join("public/catalog.json"));
    let cat = shoreline_catalog::from_json(&json).expect("catalog.json reads back");
    let slugs: Vec<&str> = cat.services.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(slugs, ["after-hours-answering", "payroll-processing"]);
    for id in [
        "needs",
        "office",
        "scope",
        "channels",
        "industries",
        "languages",
        "min_team_size",
        "ramp_up_weeks",
    ] {
        assert!(cat.schema.facet(id).is_some(), "facet {id}");
    }

    let finder = read(&site.join("public/guides/find-a-service/index.html"));
    assert!(finder.contains("<shoreline-explorer>"), "{finder}");
    assert!(
        finder.contains("src=\"/explorer/shoreline-explorer.js\""),
        "{finder}"
    );
    assert!(
        finder.contains("After-hours answering") && finder.contains("Payroll processing"),
        "{finder}"
    );
    let catalog = read(&site.join("public/services/index.html"));
    assert!(
        catalog.contains("href=\"/services/payroll-processing/\""),
        "{catalog}"
    );

    // The starter guide shows the fact shortcode in code and uses it in a sentence.
    let guide = read(&site.join("public/guides/getting-started/index.html"));
    assert!(guide.contains("go live in one to four weeks."), "{guide}");
    assert!(
        guide.contains("<code>{{ fact(name=\"launch_time\") }}</code>"),
        "{guide}"
    );
}

/// Gives every facet line of a `shoreline new service` page its first allowed value (2 for numbers).
fn fill_in(text: &str, schema: &shoreline_catalog::Schema) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let facet = schema
            .facets
            .iter()
            .find(|f| line.starts_with(&format!("{} = ", f.id)));
        let filled = facet.map(|f| {
            let first = f.values.first().map(|v| v.id.as_str()).unwrap_or("");
            let (_, comment) = line.split_once("  #").expect("allowed values as a comment");
            let value = match f.kind {
                shoreline_catalog::FacetKind::Set => format!("[\"{first}\"]"),
                shoreline_catalog::FacetKind::Enum => format!("\"{first}\""),
                shoreline_catalog::FacetKind::Integer => "2".to_string(),
            };
            format!("{} = {value}  #{comment}", f.id)
        });
        out.push_str(filled.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out.replace(
        "description = \"\"",
        "description = \"Answers the night line.\"",
    )
}

#[test]
fn new_service_lists_every_facet_with_its_values_and_builds_once_filled() {
    let (_d, site) = init_site();
    let o = shoreline(&["new", "service", "night-desk"], &site);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "created content/services/night-desk.md; fill in its [service] table, then run `shoreline build`\n"
    );
    let path = site.join("content/services/night-desk.md");
    let text = read(&path);
    let schema =
        shoreline_catalog::parse_schema(&read(&site.join("content/catalog.toml"))).unwrap();
    assert_eq!(schema.facets.len(), 9);
    let lines: Vec<&str> = text.lines().collect();
    for f in &schema.facets {
        let key = format!("{} = ", f.id);
        let at = lines.iter().position(|l| l.starts_with(&key));
        let at = at.unwrap_or_else(|| panic!("facet {}: {text}", f.id));
        // The allowed values may wrap onto comment lines that start with `#  `.
        let wrapped = lines[at + 1..].iter().take_while(|l| l.starts_with("#  "));
        let block: String = std::iter::once(&lines[at])
            .chain(wrapped)
            .copied()
            .collect();
        for v in &f.values {
            assert!(block.contains(&v.id), "{} lists {}: {block}", f.id, v.id);
        }
    }
    assert!(
        text.contains("\noffice = \"\"  # one of: front, back, hybrid\n"),
        "{text}"
    );
    assert!(
        text.contains("\nmin_team_size = 0  # a number: Minimum team size\n"),
        "{text}"
    );
    assert!(text.contains("\n## Who it suits\n"), "{text}");

    // Unfilled, the build names each empty answer at its line.
    let o = shoreline(&["build"], &site);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("error: unknown value `` for facet `office`\n  --> content/services/night-desk.md:12:10\n   |\n12 | office = \"\"  # one of: front, back, hybrid\n   |          ^\n  = help: allowed values: front, back, hybrid\n"),
        "{}",
        stderr(&o)
    );

    std::fs::write(&path, fill_in(&text, &schema)).unwrap();
    let o = shoreline(&["build"], &site);
    assert!(o.status.success(), "{}", stderr(&o));
    let cat = shoreline_catalog::from_json(&read(&site.join("public/catalog.json"))).unwrap();
    let night = cat
        .services
        .iter()
        .find(|s| s.slug == "night-desk")
        .expect("listed in catalog.json");
    assert_eq!(night.title, "Night desk");
    assert_eq!(night.summary, "Answers the night line.");
    assert!(site.join("public/services/night-desk/index.html").is_file());
}

#[test]
fn new_service_refuses_to_overwrite_bad_slugs_and_sites_without_a_catalog() {
    let (_d, site) = init_site();
    let path = site.join("content/services/payroll-processing.md");
    let before = read(&path);
    let o = shoreline(&["new", "service", "payroll-processing"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: `content/services/payroll-processing.md` already exists\n  --> content/services/payroll-processing.md\n  = help: `shoreline new` never overwrites a file: pick another name, or edit that file\n\nerror: stopped with 1 problem\n"
    );
    assert_eq!(read(&path), before, "the existing service is untouched");

    let o = shoreline(&["new", "service", "../Night_Desk"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: `../Night_Desk` is not a service slug\n  --> SLUG\n  = help: a slug is lowercase letters and digits in words joined by hyphens, like `night-answering`; it becomes the file name and the service id\n\nerror: stopped with 1 problem\n"
    );

    let plain = Site::new();
    let o = shoreline(&["new", "service", "night-desk"], plain.root());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: this site has no service catalog, so a service has no facets to fill in\n  --> content/catalog.toml\n  = help: define the facets in content/catalog.toml; a site made by `shoreline init` has a small one to start from\n\nerror: stopped with 1 problem\n"
    );
    assert!(!plain.root().join("content/services").exists());
}

#[test]
fn new_page_writes_front_matter_and_a_section_index_when_missing() {
    let s = Site::new();
    let o = shoreline(&["new", "page", "guides/my-page"], s.root());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "created content/guides/my-page.md, content/guides/_index.md; write the page, then run `shoreline build`\n"
    );
    let page = read(&s.root().join("content/guides/my-page.md"));
    let (head, date) = page.split_once("date = ").expect("a date");
    assert_eq!(head, "+++\ntitle = \"My page\"\n");
    let date = &date[..10];
    assert!(
        date.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 {
            c == '-'
        } else {
            c.is_ascii_digit()
        }),
        "{date}"
    );
    assert_eq!(
        page,
        format!("+++\ntitle = \"My page\"\ndate = {date}\n+++\n\n")
    );
    assert_eq!(
        read(&s.root().join("content/guides/_index.md")),
        "+++\ntitle = \"Guides\"\n+++\n"
    );

    // An existing section keeps its index.
    let o = shoreline(&["new", "page", "call-centers/blended.md"], s.root());
    assert_eq!(
        stdout(&o),
        "created content/call-centers/blended.md; write the page, then run `shoreline build`\n"
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s
        .read_out("guides/my-page/index.html")
        .contains("<h1>My page</h1>"));
    assert!(s
        .read_out("call-centers/index.html")
        .contains("href=\"/call-centers/blended/\""));

    let o = shoreline(&["new", "page", "guides/my-page"], s.root());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: `content/guides/my-page.md` already exists\n"),
        "{}",
        stderr(&o)
    );
    let o = shoreline(&["new", "page", "../outside"], s.root());
    assert_eq!(
        stderr(&o),
        "error: `../outside` is not a content path\n  --> PATH\n  = help: write the page's path under content/ without `.md`, in letters, digits, `-` and `_`, like `guides/my-page`\n\nerror: stopped with 1 problem\n"
    );
}

#[test]
fn new_page_under_services_points_to_new_service_on_a_catalog_site() {
    let (_d, site) = init_site();
    let o = shoreline(&["new", "page", "services/night-desk"], &site);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: `services/night-desk` would be a catalog service, not a page\n  --> PATH\n  = help: pages under content/services/ need a [service] table: use `shoreline new service SLUG`\n\nerror: stopped with 1 problem\n"
    );
}

fn site_with_facts() -> Site {
    let s = Site::new();
    s.write(
        "shoreline.toml",
        &format!(
            "{CONFIG}\n[extra.facts]\ngo_live = \"four <b>to</b> six weeks\"\nteam_size = 12\n"
        ),
    );
    s
}

#[test]
fn fact_renders_the_escaped_value_inline_and_as_a_paragraph() {
    let s = site_with_facts();
    s.write(
        "content/call-centers/facts.md",
        "+++\ntitle = \"Facts\"\n+++\nA team goes live in {{ fact(name=\"go_live\") }}, with {{ fact(name=\"team_size\") }} agents.\n\n{{ fact(name=\"go_live\") }}\n\nDocumented as `{{ fact(name=\"go_live\") }}`.\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read_out("call-centers/facts/index.html");
    assert!(
        page.contains("<p>A team goes live in four &lt;b&gt;to&lt;/b&gt; six weeks, with 12 agents.</p>\n<p>four &lt;b&gt;to&lt;/b&gt; six weeks</p>\n<p>Documented as <code>{{ fact(name=\"go_live\") }}</code>.</p>"),
        "{page}"
    );
}

#[test]
fn unknown_fact_is_located_and_suggests_a_known_name() {
    let s = site_with_facts();
    s.write(
        "content/call-centers/facts.md",
        "+++\ntitle = \"Facts\"\n+++\nLive in {{ fact(name=\"go_lve\") }}.\n\nSee {{ explorer() }} here.\n",
    );
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: unknown fact `go_lve`\n  --> content/call-centers/facts.md:4:9\n  |\n4 | Live in {{ fact(name=\"go_lve\") }}.\n  |         ^\n  = help: did you mean `go_live`? facts in shoreline.toml [extra.facts]: go_live, team_size\n\nerror: the `explorer` shortcode writes a block (`<p>`), so it must be a paragraph of its own\n  --> content/call-centers/facts.md:6:5\n  |\n6 | See {{ explorer() }} here.\n  |     ^\n  = help: put `{{ explorer(...) }}` on its own line, with a blank line before and after\n\nerror: stopped with 2 problems\n"
    );
}
