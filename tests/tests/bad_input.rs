//! Every kind of bad input: a located message, exit code 1, no panic, and the previous output left whole.

mod common;
use common::*;

/// Builds the good site, applies `breakage`, rebuilds and checks the failure.
fn assert_fails(breakage: impl FnOnce(&Site), expected: &[&str]) -> String {
    let s = Site::new();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&s.out());
    breakage(&s);
    let o = s.build();
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "expected exit 1, got {:?}: {err}",
        o.status
    );
    assert!(!err.contains("panicked"), "{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert_eq!(before, snapshot(&s.out()), "the previous output changed");
    err
}

#[test]
fn malformed_toml_front_matter() {
    let err = assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"unclosed\nweight = 1\n+++\nBody\n",
            )
        },
        &[
            "content/call-centers/bad.md:2:",
            "invalid TOML front matter",
        ],
    );
    assert!(
        err.contains("2 | title = \"unclosed"),
        "shows the offending line: {err}"
    );
}

#[test]
fn malformed_yaml_front_matter() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "---\ntitle: ok\nweight: [1, 2\n---\nBody\n",
            )
        },
        &["content/call-centers/bad.md:", "invalid YAML front matter"],
    );
}

#[test]
fn unknown_front_matter_key_names_the_allowed_ones() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n",
            )
        },
        &[
            "content/call-centers/bad.md:3:1",
            "unknown field `titel`",
            "`title`",
            "`aliases`",
        ],
    );
}

#[test]
fn bad_date() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\ndate = \"2024-13-01\"\n+++\n",
            )
        },
        &[
            "content/call-centers/bad.md:3:1",
            "invalid `date` date `2024-13-01`",
            "help: write dates as YYYY-MM-DD",
        ],
    );
}

#[test]
fn non_utf8_file() {
    assert_fails(
        |s| {
            s.write_bytes(
                "content/call-centers/bad.md",
                b"+++\ntitle = \"A\"\n+++\nok line\nbad \xff byte\n",
            )
        },
        &["content/call-centers/bad.md:5:5", "not valid UTF-8"],
    );
}

#[test]
fn unclosed_front_matter() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\nno end\n",
            )
        },
        &[
            "content/call-centers/bad.md:1:1",
            "front matter is not closed",
        ],
    );
}

#[test]
fn duplicate_url_from_two_files() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/other.md",
                "+++\ntitle = \"Clash\"\nslug = \"inbound\"\n+++\n",
            )
        },
        &[
            "content/call-centers/other.md:3:1",
            "duplicate URL `/call-centers/inbound/`",
            "content/call-centers/inbound.md",
        ],
    );
}

#[test]
fn urls_that_differ_only_in_case() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/Inbound.md",
                "+++\ntitle = \"Clash\"\n+++\n",
            )
        },
        &["differs only in case"],
    );
}

#[test]
fn broken_internal_link() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\n+++\n\nFirst line.\n\nSee [x](@/call-centers/inbund.md).\n",
            )
        },
        &[
            "content/call-centers/bad.md:7:5",
            "broken link `@/call-centers/inbund.md`",
            "did you mean `@/call-centers/inbound.md`",
        ],
    );
}

#[test]
fn broken_anchor() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\n+++\nSee [x](@/call-centers/inbound.md#costs).\n",
            )
        },
        &[
            "content/call-centers/bad.md:4:5",
            "broken anchor",
            "pricing, pricing-1",
        ],
    );
}

#[test]
fn broken_relative_and_url_links() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\n+++\n[a](../nope.md) and [b](/no-such-page/)\n",
            )
        },
        &["broken link `../nope.md`", "broken link `/no-such-page/`"],
    );
}

#[test]
fn unknown_template_in_front_matter() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\ntemplate = \"pge.html\"\n+++\n",
            )
        },
        &[
            "content/call-centers/bad.md",
            "unknown template `pge.html`",
            "did you mean `page.html`",
        ],
    );
}

#[test]
fn unknown_template_variable() {
    let err = assert_fails(
        |s| {
            s.write(
                "templates/page.html",
                "<html><body>\n<h1>{{ page.title }}</h1>\n<p>{{ page.nope }}</p>\n</body></html>",
            )
        },
        &[
            "templates/page.html:3:",
            "page.nope",
            "content/call-centers/",
        ],
    );
    assert!(
        err.contains("also fails on 2 other page(s)"),
        "one report per broken template: {err}"
    );
}

#[test]
fn template_syntax_error() {
    assert_fails(
        |s| {
            s.write(
                "templates/section.html",
                "<html>\n{% for p in section.pages %}\n{{ p.title }\n</html>",
            )
        },
        &["templates/section.html:3:", "template error"],
    );
}

#[test]
fn recursive_include() {
    assert_fails(
        |s| {
            s.write("templates/a.html", "{% include \"b.html\" %}");
            s.write("templates/b.html", "{% include \"a.html\" %}");
        },
        &["recursive include"],
    );
}

#[test]
fn unknown_taxonomy() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\n[taxonomies]\ntgas = [\"x\"]\n+++\n",
            )
        },
        &[
            "content/call-centers/bad.md:4:1",
            "unknown taxonomy `tgas`",
            "did you mean `tags`",
        ],
    );
}

#[test]
fn slug_and_alias_cannot_leave_the_output() {
    assert_fails(
        |s| {
            s.write(
                "content/call-centers/a.md",
                "+++\ntitle = \"A\"\nslug = \"../../escape\"\n+++\n",
            );
            s.write(
                "content/call-centers/b.md",
                "+++\ntitle = \"B\"\naliases = [\"/../../etc/\"]\n+++\n",
            );
            s.write(
                "content/call-centers/c.md",
                "+++\ntitle = \"C\"\naliases = [\"/\"]\n+++\n",
            );
        },
        &[
            "slug `../../escape` is not a single URL segment",
            "alias `/../../etc/` is not a path inside the site",
        ],
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let err = assert_fails(
        |s| {
            s.write("content/call-centers/a.md", "+++\ntitel = \"A\"\n+++\n");
            s.write(
                "content/call-centers/b.md",
                "+++\ndate = \"yesterday\"\n+++\n",
            );
            s.write(
                "content/call-centers/c.md",
                "+++\ntitle = \"C\"\n+++\n[x](@/missing.md)\n",
            );
            s.write(
                "content/call-centers/d.md",
                "+++\ntitle = \"D\"\n[taxonomies]\ncolour = [\"x\"]\n+++\n",
            );
        },
        &["a.md:2:1", "b.md:2:1", "c.md:4:1", "d.md:4:1"],
    );
    assert!(err.contains("stopped with 4 problems"), "{err}");
}

#[test]
fn output_dir_that_would_swallow_the_content() {
    let s = Site::new();
    let before = snapshot(&s.root().join("content"));
    let swallow = |out: &str| {
        format!("error: output directory would swallow the site's own files\n  --> {out}\n  = help: the output must not be the site root, the content folder, or hold or sit inside them\n")
    };
    for (out, message) in [
        ("content", swallow("content")),
        (".", swallow(".")),
        ("content/public", swallow("content/public")),
        (
            "/",
            "error: refusing to use the file system root as the output directory\n  --> /\n  = help: pass --output-dir public (the default) or another folder of its own\n".to_string(),
        ),
    ] {
        let o = s.cli(&["build", "--force", "--output-dir", out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        let err = stderr(&o);
        assert!(err.starts_with(&message), "{out}: {err}");
    }
    assert_eq!(before, snapshot(&s.root().join("content")));
}

#[test]
fn foreign_output_dir_is_kept_without_force() {
    let s = Site::new();
    s.write("public/precious.txt", "mine");
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("was not made by Shoreline"),
        "{}",
        stderr(&o)
    );
    assert_eq!(s.read_out("precious.txt"), "mine");
    let o = s.cli(&["build", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!s.out().join("precious.txt").exists());
    // Now the folder is ours: later builds replace it without --force.
    assert!(s.build().status.success());
}

#[test]
fn symlink_leaving_the_site_is_not_followed() {
    let s = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "+++\ntitle = \"Secret\"\n+++\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), s.root().join("content/linked")).unwrap();
    let o = s.build();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/linked") && stderr(&o).contains("outside the site root"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn symlink_loop_is_reported() {
    let s = Site::new();
    std::os::unix::fs::symlink(
        s.root().join("content"),
        s.root().join("content/call-centers/loop"),
    )
    .unwrap();
    let o = s.build();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("symlink loop"), "{}", stderr(&o));
}

#[test]
fn malformed_config() {
    assert_fails(
        |s| s.write("shoreline.toml", "base_url = \"x\"\ntitle = \n"),
        &["shoreline.toml:2:"],
    );
}

#[test]
fn empty_and_bom_crlf_files_build() {
    let s = Site::new();
    s.write("content/call-centers/empty.md", "");
    s.write_bytes(
        "content/call-centers/crlf.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"CRLF\"\r\n+++\r\nBody line\r\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s
        .read_out("call-centers/crlf/index.html")
        .contains("<h1>CRLF</h1>"));
    assert!(s
        .read_out("call-centers/empty/index.html")
        .contains("<h1>Empty</h1>"));
}
