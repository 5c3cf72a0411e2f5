//! Markdown images: each `![alt](src)` becomes an `<img>` with its width and height, so nothing on the page
//! shifts when it arrives, and with lazy loading after the page's first image. A local image that does not
//! exist, or cannot be read, is an error at its line. PNG and JPEG images also get resized copies in a
//! `srcset`, and a `<picture>` with WebP where that is smaller (made by `image_processing`).

use crate::image_processing::{ImageSet, Processor};
use crate::markdown::escape_attr;
use crate::site::Site;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One image as the Markdown wrote it; `offset` is where it starts in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
    pub title: Option<String>,
    pub offset: usize,
}

/// Placeholder for image `n`; `resolve` swaps it for the `<img>`.
pub(crate) fn placeholder(n: usize) -> String {
    format!("@@shoreline:image:{n}@@")
}

/// Where a page's image files are: colocated in content/ (published at the same path) or in static/.
pub(crate) struct Finder<'a> {
    static_dir: Option<&'a Path>,
    assets: HashMap<String, PathBuf>,
    processor: Option<&'a Processor>,
}

impl<'a> Finder<'a> {
    /// The site's colocated assets and its `static/` folder (images are not checked without one). Without a
    /// `processor`, images get their size but no resized copies.
    pub(crate) fn new(
        site: &Site,
        static_dir: Option<&'a Path>,
        processor: Option<&'a Processor>,
    ) -> Self {
        let assets = site
            .assets
            .iter()
            .map(|a| (a.rel.clone(), a.source.clone()))
            .collect();
        Finder {
            static_dir,
            assets,
            processor,
        }
    }

    /// The file a site path (`images/x.svg`, no leading slash) names, and the URL to write for it.
    fn find(&self, site_path: &str) -> Option<PathBuf> {
        if let Some(source) = self.assets.get(site_path) {
            return Some(source.clone());
        }
        let file = self.static_dir?.join(site_path);
        file.is_file().then_some(file)
    }
}

/// The `<img>` of each image of one page (`rel`: its file under content/); problems go to `report`.
pub(crate) fn tags_for(
    images: &[ImageRef],
    rel: &str,
    finder: &Finder,
    mut report: impl FnMut(&ImageRef, String),
) -> Vec<String> {
    images
        .iter()
        .enumerate()
        .map(|(n, img)| {
            // The first image is likely in the first screen: the browser should fetch it at once.
            let lazy = n > 0;
            if is_external(&img.src) {
                return tag(img, &img.src, None, lazy);
            }
            let (path, suffix) = split_suffix(&img.src);
            let site_path = match path.strip_prefix('/') {
                Some(rooted) => rooted.to_string(),
                None => beside(rel, path),
            };
            let url = format!("/{site_path}{suffix}");
            let Some(file) = finder.find(&site_path) else {
                report(
                    img,
                    format!(
                        "image `{}` not found: no content/{site_path} or static/{site_path}",
                        img.src
                    ),
                );
                return tag(img, &url, None, lazy);
            };
            if let Some(p) = finder
                .processor
                .filter(|_| crate::image_processing::is_resizable(&file))
            {
                return match p.copies(&file, &p.config().widths) {
                    Ok(set) => picture(img, &url, &set, lazy, p),
                    Err(e) => {
                        report(img, format!("image `{}` {e}", img.src));
                        tag(img, &url, None, lazy)
                    }
                };
            }
            match dimensions(&file) {
                Ok(size) => tag(img, &url, size, lazy),
                Err(e) => {
                    report(img, format!("image `{}` cannot be read: {e}", img.src));
                    tag(img, &url, None, lazy)
                }
            }
        })
        .collect()
}

fn is_external(src: &str) -> bool {
    src.contains("://") || src.starts_with("//") || src.starts_with("data:")
}

/// `a.png?v=2#x` -> (`a.png`, `?v=2#x`)
fn split_suffix(src: &str) -> (&str, &str) {
    match src.find(['?', '#']) {
        Some(at) => src.split_at(at),
        None => (src, ""),
    }
}

/// A path relative to the page's folder in content/ (`bpo/x.md` + `a/b.png` -> `bpo/a/b.png`).
fn beside(rel: &str, path: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Width and height in CSS pixels: from the file's header for raster images, from the root element's
/// `width`/`height` (else its `viewBox`) for SVG. `Ok(None)` when an SVG states neither.
fn dimensions(file: &Path) -> Result<Option<(u32, u32)>, String> {
    let is_svg = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        return Ok(svg_size(&text));
    }
    imagesize::size(file)
        .map(|s| Some((s.width as u32, s.height as u32)))
        .map_err(|e| e.to_string())
}

fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let root = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let key = format!(" {name}=\"");
        let at = root.find(&key)? + key.len();
        Some(&root[at..at + root[at..].find('"')?])
    };
    let number = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok();
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter_map(|n| n.parse().ok())
        .collect();
    match view[..] {
        [_, _, w, h] => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

fn tag(img: &ImageRef, url: &str, size: Option<(u32, u32)>, lazy: bool) -> String {
    tag_with_srcset(img, url, size, lazy, None)
}

/// The `<img>` with the resized copies as its `srcset`, inside a `<picture>` offering the WebP copies when
/// every one of them is smaller than the file it replaces (a `<source>` cannot mix formats).
fn picture(img: &ImageRef, url: &str, set: &ImageSet, lazy: bool, p: &Processor) -> String {
    let size = Some((set.width, set.height));
    let webp = set.all_webp();
    for copy in &set.copies {
        p.publish(copy, webp);
    }
    if set.copies.len() < 2 && !webp {
        // Only the original: nothing for the browser to choose from.
        return tag(img, url, size, lazy);
    }
    let listed = srcset(set, |c| c.url().unwrap_or_else(|| url.to_string()));
    let sizes = &p.config().sizes;
    let img_tag = tag_with_srcset(img, url, size, lazy, Some((&listed, sizes)));
    if !webp {
        return img_tag;
    }
    let webp_srcset = srcset(set, |c| c.webp_url().unwrap_or_default());
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">{img_tag}</picture>",
        escape_attr(&webp_srcset),
        escape_attr(sizes)
    )
}

/// `a-480.png 480w, a.png 960w`; spaces and commas in a URL are escaped, as they would split the list.
fn srcset(set: &ImageSet, url: impl Fn(&crate::image_processing::Copy) -> String) -> String {
    set.copies
        .iter()
        .map(|c| {
            let u = url(c).replace(' ', "%20").replace(',', "%2C");
            format!("{u} {}w", c.width)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn tag_with_srcset(
    img: &ImageRef,
    url: &str,
    size: Option<(u32, u32)>,
    lazy: bool,
    srcset: Option<(&str, &str)>,
) -> String {
    let mut out = format!("<img src=\"{}\"", escape_attr(url));
    if let Some((srcset, sizes)) = srcset {
        out.push_str(&format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape_attr(srcset),
            escape_attr(sizes)
        ));
    }
    out.push_str(&format!(" alt=\"{}\"", escape_attr(&img.alt)));
    if let Some(title) = &img.title {
        out.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    if let Some((w, h)) = size {
        out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    if lazy {
        out.push_str(" loading=\"lazy\"");
    }
    out.push_str(" decoding=\"async\">");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_width_and_height_else_the_view_box() {
        assert_eq!(
            svg_size(r#"<?xml?><svg xmlns="x" width="720" height="420px" viewBox="0 0 10 10">"#),
            Some((720, 420))
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 640.4 360" xmlns="x">"#),
            Some((640, 360))
        );
        assert_eq!(svg_size(r#"<svg width="100%">"#), None);
    }

    #[test]
    fn relative_sources_resolve_beside_the_page() {
        assert_eq!(
            beside("bpo/what-is-bpo.md", "diagram.png"),
            "bpo/diagram.png"
        );
        assert_eq!(beside("bpo/x.md", "../img/a.png"), "img/a.png");
        assert_eq!(split_suffix("a.png?v=2"), ("a.png", "?v=2"));
        assert!(is_external("https://x/a.png") && !is_external("/a.png"));
    }
}
