//! Images that load fast: resized copies in a `srcset`, WebP where it is smaller, a cache that makes a
//! rebuild with the same images do no image work, `resize_image()` in templates, and located errors.

mod common;
use common::*;
use shoreline::pipeline::{build, BuildOptions, BuildReport};
use std::path::Path;

/// A screen capture: panels of soft gradients with the grain of a real capture (the same in every channel,
/// as light is). On such images the lossless WebP encoder beats PNG; on flat synthetic drawings it does not.
fn screenshot(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 1u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let grain = (seed >> 16) % 24;
        let base = if (x / 150 + y / 100) % 2 == 0 {
            60
        } else {
            150
        };
        image::Rgb([
            (base + x * 80 / w + grain) as u8,
            (base + 20 + grain) as u8,
            (base + 40 + y * 40 / h + grain) as u8,
        ])
    });
    encode(image::DynamicImage::ImageRgb8(img), image::ImageFormat::Png)
}

/// A photo-like JPEG as a camera saves it (quality 95): noise everywhere, which lossless WebP cannot beat.
fn photo(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (seed >> 26) as u8;
        image::Rgb([(x / 5 % 190) as u8 + n, (y / 3 % 190) as u8 + n, 90 + n])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut out, 95,
        ))
        .expect("encode fixture");
    out
}

fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode fixture");
    out.into_inner()
}

fn lib_build(s: &Site) -> BuildReport {
    build(&BuildOptions {
        root: s.root().to_path_buf(),
        write: true,
        ..BuildOptions::default()
    })
    .unwrap_or_else(|e| panic!("build failed: {e:?}"))
}

/// Every value of `attr="..."` in `html`.
fn attr<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .filter_map(|(at, _)| {
            let start = at + key.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// `(url, width)` of each srcset candidate.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').expect("url and width");
            (
                url.to_string(),
                w.trim_end_matches('w').parse().expect("width"),
            )
        })
        .collect()
}

fn pixel_width(file: &Path) -> u32 {
    image::open(file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .width()
}

fn site_with_images() -> Site {
    let s = Site::new();
    s.write_bytes("static/images/diagram.png", &screenshot(1600, 900));
    s.write_bytes("content/call-centers/desk.jpg", &photo(1000, 600));
    s.write(
        "content/call-centers/pictures.md",
        "+++\ntitle = \"Pictures\"\n+++\n![How work flows](/images/diagram.png)\n\n![A desk](desk.jpg)\n",
    );
    s
}

#[test]
fn raster_images_get_resized_copies_webp_where_smaller_and_a_cache() {
    let s = site_with_images();
    let first = lib_build(&s);
    assert_eq!(
        (first.images_processed, first.images_cached),
        (2, 0),
        "both images are new"
    );
    let html = s.read_out("call-centers/pictures/index.html");
    let srcsets = attr(&html, "srcset");
    assert_eq!(srcsets.len(), 3, "webp source + two <img>: {html}");

    // The PNG: copies at the default widths below 1600, then the original; WebP offered in a <picture>.
    assert!(
        html.contains("<picture><source type=\"image/webp\" srcset=\""),
        "{html}"
    );
    assert!(
        html.contains(" sizes=\"(max-width: 48rem) 100vw, 48rem\" alt=\"How work flows\" width=\"1600\" height=\"900\" decoding=\"async\"></picture>"),
        "the <img> keeps the original's size: {html}"
    );
    let webp = candidates(srcsets[0]);
    let png = candidates(srcsets[1]);
    let widths: Vec<u32> = png.iter().map(|c| c.1).collect();
    assert_eq!(widths, vec![480, 960, 1440, 1600]);
    assert_eq!(
        png[3].0, "/images/diagram.png",
        "the original is the widest"
    );
    assert_eq!(webp.iter().map(|c| c.1).collect::<Vec<_>>(), widths);
    let mut saved = 0i64;
    for ((png_url, w), (webp_url, _)) in png.iter().zip(&webp) {
        assert!(webp_url.ends_with(".webp"), "{webp_url}");
        let png_file = s.out().join(png_url.trim_start_matches('/'));
        let webp_file = s.out().join(webp_url.trim_start_matches('/'));
        assert_eq!(pixel_width(&png_file), *w, "{png_url}");
        assert_eq!(pixel_width(&webp_file), *w, "{webp_url}");
        let (a, b) = (len(&png_file), len(&webp_file));
        assert!(
            b < a,
            "WebP is only offered when smaller: {webp_url} {b} >= {a}"
        );
        saved += a as i64 - b as i64;
    }
    assert!(saved > 0);

    // The JPEG: copies below its 1000 px, no WebP (lossless WebP of a photo is larger).
    let jpg = candidates(srcsets[2]);
    assert_eq!(
        jpg.iter().map(|c| c.1).collect::<Vec<_>>(),
        vec![480, 960, 1000]
    );
    assert!(jpg[0].0.starts_with("/processed/desk-480.") && jpg[0].0.ends_with(".jpg"));
    assert_eq!(
        pixel_width(&s.out().join(jpg[1].0.trim_start_matches('/'))),
        960
    );
    assert!(
        html.contains("alt=\"A desk\" width=\"1000\" height=\"600\" loading=\"lazy\""),
        "{html}"
    );
    assert_eq!(html.matches("<picture>").count(), 1, "{html}");
    let processed: Vec<_> = std::fs::read_dir(s.out().join("processed"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        !processed
            .iter()
            .any(|n| n.starts_with("desk") && n.ends_with(".webp")),
        "an unused WebP is not published: {processed:?}"
    );

    // Unchanged images: everything from the cache, and the same bytes out.
    let before = snapshot(&s.out().join("processed"));
    let keep = s.root().join(".shoreline/cache/images/notes.txt");
    std::fs::write(&keep, "mine").unwrap();
    let second = lib_build(&s);
    assert_eq!((second.images_processed, second.images_cached), (0, 2));
    assert_eq!(snapshot(&s.out().join("processed")), before);
    assert!(keep.is_file(), "a file the tool did not make is left alone");

    // The trace line says the same through the CLI.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .arg("build")
        .current_dir(s.root())
        .env("SHORELINE_TRACE", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("trace: images 0 processed, 2 from cache"),
        "{}",
        stderr(&o)
    );

    // Without the cache, the copies are made again, byte for byte the same (resizing is deterministic).
    std::fs::remove_dir_all(s.root().join(".shoreline")).unwrap();
    let third = lib_build(&s);
    assert_eq!(third.images_processed, 2);
    assert_eq!(snapshot(&s.out().join("processed")), before);

    // A changed image is processed again, alone.
    s.write_bytes("static/images/diagram.png", &screenshot(1500, 900));
    let fourth = lib_build(&s);
    assert_eq!((fourth.images_processed, fourth.images_cached), (1, 1));
}

fn len(p: &Path) -> u64 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .len()
}

#[test]
fn processed_urls_carry_the_sub_path() {
    let s = site_with_images();
    s.write(
        "shoreline.toml",
        &CONFIG.replace("https://kb.example.com", "https://example.org/kb"),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let html = s.read_out("call-centers/pictures/index.html");
    let mut n = 0;
    for set in attr(&html, "srcset") {
        for (url, _) in candidates(set) {
            let rel = url
                .strip_prefix("/kb/")
                .unwrap_or_else(|| panic!("{url} lacks /kb"));
            assert!(s.out().join(rel).is_file(), "{url} names no output file");
            n += 1;
        }
    }
    assert_eq!(n, 11, "{html}");
}

#[test]
fn resize_image_gives_templates_a_copy_and_a_clear_error() {
    let s = site_with_images();
    s.write(
        "templates/hero.html",
        "{% set r = resize_image(path=\"images/diagram.png\", width=480) %}<img class=hero src=\"{{ r.url }}\" width=\"{{ r.width }}\" height=\"{{ r.height }}\">{% if r.webp_url %}<a class=webp href=\"{{ r.webp_url }}\">webp</a>{% endif %}{% set big = resize_image(path=\"/images/diagram.png\", width=4000) %}<img class=big src=\"{{ big.url }}\" width=\"{{ big.width }}\">",
    );
    s.write(
        "content/call-centers/hero.md",
        "+++\ntitle = \"Hero\"\ntemplate = \"hero.html\"\n+++\nText.\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let html = s.read_out("call-centers/hero/index.html");
    let url = attr(&html, "src")[0];
    assert!(url.starts_with("/processed/diagram-480."), "{html}");
    assert_eq!(pixel_width(&s.out().join(&url[1..])), 480);
    assert!(html.contains("width=\"480\" height=\"270\""), "{html}");
    let webp = attr(&html, "href")[0];
    assert!(
        webp.ends_with(".webp") && s.out().join(&webp[1..]).is_file(),
        "{html}"
    );
    assert!(
        html.contains("<img class=big src=\"/images/diagram.png\" width=\"1600\">"),
        "a width above the image's own gives the original: {html}"
    );

    s.write(
        "templates/hero.html",
        "{% set r = resize_image(path=\"images/nope.png\", width=480) %}{{ r.url }}",
    );
    fails(&s, &["resize_image", "no image `images/nope.png`"]);
}

#[test]
fn missing_and_corrupt_images_are_all_located_in_one_run() {
    let s = site_with_images();
    let png = screenshot(600, 400);
    s.write_bytes("static/images/cut.png", &png[..png.len() / 2]);
    s.write_bytes("static/images/junk.jpg", b"not a jpeg at all");
    s.write(
        "content/call-centers/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nIntro.\n\n![Gone](/images/gone.png)\n\n![Cut](/images/cut.png)\n\nText ![Junk](/images/junk.jpg).\n",
    );
    fails(
        &s,
        &[
            "content/call-centers/broken.md:6:1",
            "image `/images/gone.png` not found",
            "content/call-centers/broken.md:8:1",
            "image `/images/cut.png` is not a readable PNG or JPEG",
            "content/call-centers/broken.md:10:6",
            "image `/images/junk.jpg` is not a readable PNG or JPEG",
        ],
    );
}
