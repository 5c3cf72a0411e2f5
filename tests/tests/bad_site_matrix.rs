//! More hostile sites: wrong types, huge and deeply nested pages, absolute slugs, a killed build.

mod common;
use common::*;
use std::time::Duration;

fn fails_cleanly(breakage: impl FnOnce(&Site), expected: &[&str]) {
    let s = Site::new();
    assert!(s.build().status.success());
    let before = snapshot(&s.out());
    breakage(&s);
    fails(&s, expected);
    assert_eq!(before, snapshot(&s.out()), "previous output changed");
}

#[test]
fn wrong_types_in_front_matter() {
    fails_cleanly(
        |s| s.write("content/call-centers/bad.md", "+++\ntitle = 5\n+++\n"),
        &[
            "content/call-centers/bad.md:2:9",
            "invalid type: integer `5`, expected a string",
        ],
    );
    fails_cleanly(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\naliases = \"/old/\"\n+++\n",
            )
        },
        &["content/call-centers/bad.md:3:11", "expected a sequence"],
    );
}

#[test]
fn truncated_front_matter() {
    fails_cleanly(
        |s| s.write("content/call-centers/bad.md", "+++\ntitle = \"A"),
        &["content/call-centers/bad.md:1:1", "not closed"],
    );
    fails_cleanly(
        |s| s.write("content/call-centers/bad.md", "---\n"),
        &["content/call-centers/bad.md:1:1", "not closed"],
    );
}

#[test]
fn absolute_slug_is_refused() {
    fails_cleanly(
        |s| {
            s.write(
                "content/call-centers/bad.md",
                "+++\ntitle = \"A\"\nslug = \"/etc/passwd\"\n+++\n",
            )
        },
        &[
            "content/call-centers/bad.md:3:1",
            "slug `/etc/passwd` is not a single URL segment",
        ],
    );
}

#[test]
fn huge_and_deeply_nested_pages_build() {
    let s = Site::new();
    let big: String = "A line of text that repeats to make a large page.\n\n".repeat(200_000);
    assert!(big.len() > 10_000_000);
    s.write(
        "content/call-centers/huge.md",
        &format!("+++\ntitle = \"Huge\"\n+++\n{big}"),
    );
    let quotes = format!("{}deep\n", "> ".repeat(5_000));
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect();
    s.write(
        "content/call-centers/nested.md",
        &format!(
            "+++\ntitle = \"Nested\"\n+++\n{quotes}\n{lists}\n{}x{}\n",
            "*".repeat(3000),
            "*".repeat(3000)
        ),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::metadata(s.out().join("call-centers/huge/index.html"))
            .unwrap()
            .len()
            > 10_000_000
    );
    assert!(s
        .read_out("call-centers/nested/index.html")
        .contains("deep"));
}

#[test]
fn duplicate_slugs_from_front_matter() {
    fails_cleanly(
        |s| {
            s.write(
                "content/call-centers/a.md",
                "+++\ntitle = \"A\"\nslug = \"same\"\n+++\n",
            );
            s.write(
                "content/call-centers/b.md",
                "+++\ntitle = \"B\"\nslug = \"same\"\n+++\n",
            );
        },
        &[
            "content/call-centers/b.md:3:1",
            "duplicate URL `/call-centers/same/`",
            "content/call-centers/a.md",
        ],
    );
}

#[test]
fn alias_clashing_with_a_page() {
    fails_cleanly(
        |s| {
            s.write(
                "content/call-centers/a.md",
                "+++\ntitle = \"A\"\naliases = [\"/call-centers/inbound/\"]\n+++\n",
            )
        },
        &[
            "content/call-centers/a.md:3:1",
            "duplicate URL `/call-centers/inbound/`",
        ],
    );
}

#[test]
fn output_dir_equal_to_the_site_root_or_a_parent() {
    let s = Site::new();
    let parent = s.root().parent().unwrap().to_string_lossy().into_owned();
    for out in [".", "..", parent.as_str(), "content/"] {
        let o = s.cli(&["build", "--force", "--output-dir", out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(stderr(&o).contains("swallow"), "{out}: {}", stderr(&o));
    }
    assert!(s.root().join("content/_index.md").is_file());
}

#[test]
fn killed_build_leaves_the_old_site_whole() {
    let s = Site::new();
    assert!(s.build().status.success());
    let before = snapshot(&s.out());
    for i in 0..300 {
        s.write(
            &format!("content/bulk/p{i}.md"),
            &format!(
                "+++\ntitle = \"P{i}\"\n+++\n{}\n",
                "Some words here. ".repeat(400)
            ),
        );
    }
    // The build stops right before the swap (the moment the output changes hands) and is killed there.
    let flag = s.root().join("paused");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .arg("build")
        .env("SHORELINE_PAUSE_BEFORE_SWAP", &flag)
        .current_dir(s.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while !flag.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the build never reached the swap"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    assert!(!child.wait().unwrap().success());
    assert_eq!(
        before,
        snapshot(&s.out()),
        "killed at the swap: the old site must be whole"
    );
    // The next build clears the leftovers and succeeds.
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains("shoreline-staging")
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn non_utf8_template_and_config() {
    fails_cleanly(
        |s| s.write_bytes("templates/page.html", b"<html>\xc3\x28</html>"),
        &["templates/page.html:1:7", "not valid UTF-8"],
    );
    fails_cleanly(
        |s| s.write_bytes("shoreline.toml", b"base_url = \"x\"\ntitle = \"\xff\"\n"),
        &["shoreline.toml:2:10", "not valid UTF-8"],
    );
}
