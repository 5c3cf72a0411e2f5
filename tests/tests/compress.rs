//! `compress = true` / `build --compress`: `.br` and `.gz` copies beside the text files of the output that
//! decode to the file itself, are the same bytes on every build, skip files too small to gain, leave a site's own
//! copies alone and keep their time when their file did not change.

mod common;
use common::*;
use std::io::Read;
use std::path::Path;

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

/// A fixture site with a large page, a stylesheet and a tiny text file.
fn site(config_extra: &str) -> Site {
    let s = Site::new();
    s.write("shoreline.toml", &format!("{CONFIG}{config_extra}"));
    s.write(
        "content/call-centers/long.md",
        &format!(
            "+++\ntitle = \"Long\"\n+++\n{}",
            "Agents answer calls for many clients at once.\n\n".repeat(300)
        ),
    );
    s.write("static/style.css", &"body { margin: 0 auto; }\n".repeat(40));
    s.write("static/tiny.txt", "too small to be worth it\n");
    s
}

fn build_into(s: &Site, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--output-dir", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = s.cli(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn every_text_file_gets_copies_that_decode_to_it() {
    let s = site("compress = true\n");
    assert!(s.build().status.success());
    let files = snapshot(&s.out());
    let mut checked = 0;
    for (path, bytes) in &files {
        let name = path.to_string_lossy();
        let text = [
            ".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".wasm",
        ]
        .iter()
        .any(|e| name.ends_with(e));
        if !text || bytes.len() < 256 {
            continue;
        }
        let br =
            files.get(&path.with_file_name(format!("{}.br", name.rsplit('/').next().unwrap())));
        let gz =
            files.get(&path.with_file_name(format!("{}.gz", name.rsplit('/').next().unwrap())));
        // A copy may only be missing where it would not be smaller.
        if let Some(br) = br {
            assert_eq!(&unbrotli(br), bytes, "{name}.br");
            assert!(br.len() < bytes.len(), "{name}.br is smaller");
            checked += 1;
        }
        if let Some(gz) = gz {
            assert_eq!(&ungzip(gz), bytes, "{name}.gz");
            checked += 1;
        }
    }
    // Pages rendered straight into the staging folder get them too.
    for page in [
        "call-centers/long/index.html",
        "sitemap.xml",
        "style.css",
        "search/search.js",
    ] {
        assert!(s.out().join(format!("{page}.br")).is_file(), "{page}.br");
        assert!(s.out().join(format!("{page}.gz")).is_file(), "{page}.gz");
    }
    assert!(checked >= 8, "only {checked} copies checked");
    assert!(
        !s.out().join("tiny.txt.br").exists(),
        "a tiny file has no copy"
    );
    assert!(!s.out().join("tiny.txt.gz").exists());
}

#[test]
fn off_by_default_and_on_with_the_flag() {
    let s = site("");
    assert!(s.build().status.success());
    let names: Vec<String> = snapshot(&s.out())
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".br") || n.ends_with(".gz")),
        "{names:?}"
    );
    let out = s.root().join("flagged");
    build_into(&s, &out, &["--compress"]);
    let page = std::fs::read(out.join("call-centers/long/index.html")).unwrap();
    assert_eq!(
        unbrotli(&std::fs::read(out.join("call-centers/long/index.html.br")).unwrap()),
        page
    );
}

#[test]
fn two_builds_write_the_same_bytes() {
    let s = site("compress = true\n");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_into(&s, &a, &[]);
    build_into(&s, &b, &[]);
    let (a, b) = (snapshot(&a), snapshot(&b));
    let copies = |m: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        m.iter()
            .filter(|(p, _)| {
                let n = p.to_string_lossy();
                n.ends_with(".br") || n.ends_with(".gz")
            })
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect::<Vec<_>>()
    };
    assert!(!copies(&a).is_empty());
    assert_eq!(
        copies(&a),
        copies(&b),
        "fresh builds write identical copies"
    );
    // No time or name in the gzip header.
    let gz = &a[Path::new("call-centers/long/index.html.gz")];
    assert_eq!(&gz[3..8], &[0, 0, 0, 0, 0]);
}

#[test]
fn unchanged_files_keep_the_time_of_their_copies() {
    let s = site("compress = true\n");
    assert!(s.build().status.success());
    let mtime = |rel: &str| {
        std::fs::metadata(s.out().join(rel))
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let before_style = mtime("style.css.br");
    let before_long = mtime("call-centers/long/index.html.gz");
    std::thread::sleep(std::time::Duration::from_millis(50));
    s.write(
        "content/call-centers/long.md",
        &format!(
            "+++\ntitle = \"Long\"\n+++\n{}",
            "Now the text is different, line after line.\n\n".repeat(300)
        ),
    );
    assert!(s.build().status.success());
    assert_eq!(mtime("style.css.br"), before_style, "unchanged: same time");
    assert_ne!(mtime("call-centers/long/index.html.gz"), before_long);
    let page = std::fs::read(s.out().join("call-centers/long/index.html")).unwrap();
    let gz = std::fs::read(s.out().join("call-centers/long/index.html.gz")).unwrap();
    assert_eq!(ungzip(&gz), page, "the changed page's copy is fresh");
}

#[test]
fn a_site_that_ships_its_own_copy_keeps_it() {
    let s = site("compress = true\n");
    s.write("static/style.css.gz", "hand-made");
    assert!(s.build().status.success());
    assert_eq!(s.read_out("style.css.gz"), "hand-made");
    assert!(
        !s.out().join("style.css.br").exists(),
        "the site compresses this file itself: no copy of ours beside it"
    );
}
