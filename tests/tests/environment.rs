//! Faults of the machine a site is built on rather than of its text: special files, links out of the site,
//! and names that differ only in ways some file systems and CDNs ignore.

mod common;
use common::*;

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_or_static_is_named_and_never_read() {
    use std::process::Command;
    let s = Site::new();
    std::fs::create_dir_all(s.root().join("static")).unwrap();
    for pipe in ["content/call-centers/pipe.md", "static/feed.xml"] {
        let made = Command::new("mkfifo")
            .arg(s.root().join(pipe))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    // Reading a pipe with no writer would block forever: the build must name both instead, in one run.
    fails(
        &s,
        &[
            "content/call-centers/pipe.md",
            "static/feed.xml",
            "not a regular file",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_in_static_is_an_error() {
    let s = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "do not publish").unwrap();
    std::fs::create_dir_all(s.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path(), s.root().join("static/shared")).unwrap();
    fails(&s, &["static/shared", "points outside the site root"]);
    // A link inside the site is followed, and dot-folders such as .well-known are published.
    std::fs::remove_file(s.root().join("static/shared")).unwrap();
    s.write("assets/logo.svg", "<svg/>");
    std::os::unix::fs::symlink(s.root().join("assets"), s.root().join("static/img")).unwrap();
    s.write(
        "static/.well-known/security.txt",
        "Contact: mailto:a@example.com\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(s.read_out("img/logo.svg"), "<svg/>");
    assert!(s
        .read_out(".well-known/security.txt")
        .starts_with("Contact"));
}

#[test]
fn names_equal_up_to_unicode_normalisation_clash() {
    let s = Site::new();
    s.write(
        "content/call-centers/caf\u{e9}.md",
        "+++\ntitle = \"A\"\n+++\n",
    );
    s.write(
        "content/call-centers/cafe\u{301}.md",
        "+++\ntitle = \"B\"\n+++\n",
    );
    fails(&s, &["Unicode NFC vs NFD"]);
}

#[test]
fn a_url_too_long_for_the_file_system_names_its_page() {
    let s = Site::new();
    let slug = "a".repeat(300);
    s.write(
        "content/call-centers/long.md",
        &format!("+++\ntitle = \"Long\"\nslug = \"{slug}\"\n+++\n"),
    );
    fails(
        &s,
        &[
            "content/call-centers/long.md",
            "URL segment of 300 bytes",
            "file systems allow 255",
        ],
    );
}
