//! Resized copies and WebP versions of the PNG and JPEG images a site shows, made once and kept in a cache
//! inside the site root (`.shoreline/cache/images/`) so that a rebuild with the same images does no image
//! work at all. Markdown images (`images.rs`) and the `resize_image()` template function both come here.

mod cache;
mod encode;

use cache::Format;

use crate::config::ImagesConfig;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// The output folder of processed copies (`/processed/diagram-480.3f2a9c01de.png`).
const OUTPUT_DIR: &str = "processed";

/// Why an image could not be processed; the caller says which image and where it is used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum ImageError {
    #[error("cannot be read: {0}")]
    Read(String),
    #[error("is not a readable PNG or JPEG: {0}")]
    Decode(String),
    #[error("could not be encoded as {0}: {1}")]
    Encode(&'static str, String),
    #[error("could not be stored in the image cache {0}: {1}")]
    Cache(String, String),
}

/// How many source images this build processed and how many it took whole from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Images that needed at least one copy decoded, resized and encoded.
    pub processed: usize,
    /// Images whose every copy was already in the cache: no decoding, resizing or encoding.
    pub cached: usize,
}

/// One file of the output and the cache file it is copied from.
#[derive(Debug, Clone, PartialEq)]
struct Published {
    path: String,
    cache: PathBuf,
}

/// One width of an image: a resized copy, or the original itself, with its WebP when that is smaller.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Copy {
    pub width: u32,
    pub height: u32,
    /// `None` for the original, whose URL the caller knows.
    resized: Option<Published>,
    webp: Option<Published>,
}

impl Copy {
    /// Root-relative URL of the resized copy; `None` for the original.
    pub(crate) fn url(&self) -> Option<String> {
        self.resized.as_ref().map(|p| format!("/{}", p.path))
    }

    /// Root-relative URL of the WebP, when it is smaller than the copy in the source's format.
    pub(crate) fn webp_url(&self) -> Option<String> {
        self.webp.as_ref().map(|p| format!("/{}", p.path))
    }
}

/// Every copy made of one source image for one list of widths.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ImageSet {
    /// The original's size as shown.
    pub width: u32,
    pub height: u32,
    /// The resized copies, narrowest first, then the original.
    pub copies: Vec<Copy>,
}

impl ImageSet {
    /// True when every width has a WebP that is smaller: only then is a `<source type="image/webp">` offered.
    pub(crate) fn all_webp(&self) -> bool {
        self.copies.iter().all(|c| c.webp.is_some())
    }
}

/// The build's image processing: settings, where images are, and what was made (shared by all threads).
#[derive(Debug)]
pub(crate) struct Processor {
    config: ImagesConfig,
    cache_dir: PathBuf,
    static_dir: Option<PathBuf>,
    assets: HashMap<String, PathBuf>,
    state: Mutex<State>,
}

type MemoKey = (PathBuf, Vec<u32>);

#[derive(Debug, Default)]
struct State {
    /// An image shown on many pages is looked at once per build.
    memo: HashMap<MemoKey, Result<Arc<ImageSet>, ImageError>>,
    /// Output path -> cache file, for the copies a page or template uses.
    outputs: BTreeMap<String, PathBuf>,
    counts: Counts,
}

/// A copy to have in the cache.
struct Target {
    width: u32,
    height: u32,
    format: Format,
    name: String,
}

impl Processor {
    /// `root` is the site root (the cache lives in it); `static_dir` and `assets` are where images are found.
    pub(crate) fn new(
        config: &ImagesConfig,
        root: &Path,
        static_dir: Option<PathBuf>,
        assets: &[crate::load::Asset],
    ) -> Processor {
        Processor {
            config: config.clone(),
            cache_dir: root.join(cache::DIR),
            static_dir,
            assets: assets
                .iter()
                .map(|a| (a.rel.clone(), a.source.clone()))
                .collect(),
            state: Mutex::default(),
        }
    }

    pub(crate) fn config(&self) -> &ImagesConfig {
        &self.config
    }

    /// The file a site path (`images/x.png`, no leading slash) names: beside the content, else in static/.
    pub(crate) fn locate(&self, site_path: &str) -> Option<PathBuf> {
        if let Some(source) = self.assets.get(site_path) {
            return Some(source.clone());
        }
        let file = self.static_dir.as_ref()?.join(site_path);
        file.is_file().then_some(file)
    }

    /// The copies of `file` at each of `widths` narrower than it, plus the original, with their WebP.
    pub(crate) fn copies(&self, file: &Path, widths: &[u32]) -> Result<Arc<ImageSet>, ImageError> {
        let key = (file.to_path_buf(), widths.to_vec());
        if let Some(done) = self.lock().memo.get(&key) {
            return done.clone();
        }
        let made = self.make(file, widths);
        let mut state = self.lock();
        let made = made.map(|(set, processed)| {
            match processed {
                Some(true) => state.counts.processed += 1,
                Some(false) => state.counts.cached += 1,
                None => {}
            }
            Arc::new(set)
        });
        state.memo.insert(key, made.clone());
        made
    }

    /// Marks a copy as used, so it is written to the output (and its WebP too, with `webp`).
    pub(crate) fn publish(&self, copy: &Copy, webp: bool) {
        let mut state = self.lock();
        let webp = copy.webp.as_ref().filter(|_| webp);
        for p in copy.resized.iter().chain(webp) {
            state.outputs.insert(p.path.clone(), p.cache.clone());
        }
    }

    /// The copies published since the last call, as files for the writer.
    pub(crate) fn take_outputs(&self) -> Vec<OutputFile> {
        std::mem::take(&mut self.lock().outputs)
            .into_iter()
            .map(|(path, source)| OutputFile::Copy { path, source })
            .collect()
    }

    pub(crate) fn counts(&self) -> Counts {
        self.lock().counts
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes whatever the cache lacks; the flag says whether any work was done (`None`: nothing to make).
    fn make(&self, file: &Path, widths: &[u32]) -> Result<(ImageSet, Option<bool>), ImageError> {
        let bytes = std::fs::read(file).map_err(|e| ImageError::Read(e.to_string()))?;
        let format = source_format(file).ok_or_else(|| {
            ImageError::Decode("only .png, .jpg and .jpeg files are resized".into())
        })?;
        let (width, height) = encode::header_size(&bytes).map_err(ImageError::Decode)?;
        let digest = cache::digest(&bytes);
        let widths = widths_below(widths, width);
        let targets = self.targets(&digest, (width, height), &widths, format);
        let missing: Vec<&Target> = targets
            .iter()
            .filter(|t| !self.cache_dir.join(&t.name).is_file())
            .collect();
        if !missing.is_empty() {
            let image = encode::decode(&bytes).map_err(ImageError::Decode)?;
            missing
                .par_iter()
                .try_for_each(|t| self.make_one(&image, t))?;
        }
        let processed = (!targets.is_empty()).then_some(!missing.is_empty());
        let stem = output_stem(file);
        let copies = widths
            .iter()
            .chain(std::iter::once(&width))
            .filter_map(|&w| self.copy_of(&targets, &stem, w, (width, height), bytes.len() as u64))
            .collect();
        let set = ImageSet {
            width,
            height,
            copies,
        };
        Ok((set, processed))
    }

    /// The copies to have: each narrower width in the source's format, and every width (the original's too)
    /// in WebP when WebP is on.
    fn targets(
        &self,
        digest: &str,
        (width, height): (u32, u32),
        widths: &[u32],
        format: Format,
    ) -> Vec<Target> {
        let mut targets = Vec::new();
        for &w in widths.iter().chain(std::iter::once(&width)) {
            let h = scaled_height(width, height, w);
            let mut formats = Vec::new();
            if w < width {
                formats.push(format);
            }
            if self.config.webp {
                formats.push(Format::WebP);
            }
            for f in formats {
                targets.push(Target {
                    width: w,
                    height: h,
                    format: f,
                    name: cache::name(digest, w, f),
                });
            }
        }
        targets
    }

    fn make_one(&self, image: &image::DynamicImage, t: &Target) -> Result<(), ImageError> {
        let bytes = encode::copy(image, t.width, t.height, t.format)
            .map_err(|e| ImageError::Encode(t.format.extension(), e))?;
        cache::store(&self.cache_dir, &t.name, &bytes).map_err(|e| {
            ImageError::Cache(
                self.cache_dir.join(&t.name).display().to_string(),
                e.to_string(),
            )
        })?;
        Ok(())
    }

    /// Width `w` of the set: its resized copy (none for the original) and its WebP when that is smaller.
    /// `None` when the copy is no smaller than the original file (a palette PNG resized gains colours and
    /// can grow): the browser is better off with the original then.
    fn copy_of(
        &self,
        targets: &[Target],
        stem: &str,
        w: u32,
        (original_w, original_h): (u32, u32),
        size: u64,
    ) -> Option<Copy> {
        let find = |webp: bool| {
            targets
                .iter()
                .find(|t| t.width == w && (t.format == Format::WebP) == webp)
        };
        let publish = |t: &Target| Published {
            path: format!("{OUTPUT_DIR}/{}", output_name(stem, t)),
            cache: self.cache_dir.join(&t.name),
        };
        let resized = find(false).filter(|_| w < original_w).map(publish);
        let primary_bytes = match &resized {
            Some(p) => file_len(&p.cache),
            None => size,
        };
        if resized.is_some() && primary_bytes >= size {
            return None;
        }
        let webp = find(true)
            .map(publish)
            .filter(|p| file_len(&p.cache) < primary_bytes);
        Some(Copy {
            width: w,
            height: scaled_height(original_w, original_h, w),
            resized,
            webp,
        })
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(u64::MAX, |m| m.len())
}

/// PNG and JPEG are resized; the rest (SVG scales itself, GIF may be animated) are left as they are.
pub(crate) fn is_resizable(file: &Path) -> bool {
    source_format(file).is_some()
}

fn source_format(file: &Path) -> Option<Format> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "png" => Some(Format::Png),
        "jpg" | "jpeg" => Some(Format::Jpeg),
        _ => None,
    }
}

/// The configured widths narrower than the original, ascending, without repeats: a copy wider than its
/// source would only be a bigger, blurrier file.
pub(crate) fn widths_below(widths: &[u32], original: u32) -> Vec<u32> {
    let mut out: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|&w| w > 0 && w < original)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The height that keeps the aspect ratio at `width`, at least one pixel.
pub(crate) fn scaled_height(original_w: u32, original_h: u32, width: u32) -> u32 {
    let h = (u64::from(original_h) * u64::from(width) * 2 + u64::from(original_w))
        / (u64::from(original_w) * 2).max(1);
    (h as u32).max(1)
}

/// The start of a copy's output name: the source's file name, kept to characters safe in any URL.
fn output_stem(file: &Path) -> String {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    if safe.is_empty() {
        "image".into()
    } else {
        safe
    }
}

/// `diagram-480.3f2a9c01de.png`: readable, and named by content so a host may cache it for good.
fn output_name(stem: &str, t: &Target) -> String {
    format!(
        "{stem}-{}.{}.{}",
        t.width,
        &t.name[..10],
        t.format.extension()
    )
}

/// The value `resize_image(path=..., width=...)` gives a template: `url`, `width`, `height`, and `webp_url`
/// when a smaller WebP was made. A width at or above the image's own gives the original.
pub(crate) fn template_value(
    processor: &Processor,
    path: &str,
    width: u32,
) -> Result<serde_json::Value, String> {
    let site_path = path.trim_start_matches('/');
    let file = processor.locate(site_path).ok_or_else(|| {
        format!("no image `{path}`: no content/{site_path} or static/{site_path}")
    })?;
    if !is_resizable(&file) {
        return Err(format!(
            "`{path}` is not a PNG or JPEG; only those are resized"
        ));
    }
    let set = processor
        .copies(&file, &[width])
        .map_err(|e| format!("image `{path}` {e}"))?;
    let copy = set
        .copies
        .iter()
        .find(|c| c.width == width)
        .or(set.copies.last())
        .ok_or_else(|| format!("image `{path}` gave no copy"))?;
    processor.publish(copy, true);
    let value = ResizedImage {
        url: copy.url().unwrap_or_else(|| format!("/{site_path}")),
        width: copy.width,
        height: copy.height,
        webp_url: copy.webp_url(),
    };
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// What `resize_image()` gives a template.
#[derive(serde::Serialize)]
struct ResizedImage {
    url: String,
    width: u32,
    height: u32,
    /// Only when a WebP copy was made (it is smaller than the resized original).
    #[serde(skip_serializing_if = "Option::is_none")]
    webp_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_widths_narrower_than_the_original_are_made_once_each_in_order() {
        assert_eq!(widths_below(&[1440, 480, 960], 1000), vec![480, 960]);
        assert_eq!(widths_below(&[480, 480, 0], 2000), vec![480]);
        assert_eq!(widths_below(&[480, 960], 480), Vec::<u32>::new());
        assert_eq!(widths_below(&[], 480), Vec::<u32>::new());
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(scaled_height(1600, 900, 480), 270);
        assert_eq!(scaled_height(1000, 333, 500), 167, "rounded, not cut");
        assert_eq!(scaled_height(4000, 1, 10), 1, "never zero");
    }

    #[test]
    fn output_names_are_url_safe_and_carry_width_and_hash() {
        let stem = output_stem(Path::new("static/images/Team photo (1).PNG"));
        assert_eq!(stem, "Team-photo--1-");
        let t = Target {
            width: 480,
            height: 270,
            format: Format::WebP,
            name: "0123456789abcdef.webp".into(),
        };
        assert_eq!(output_name(&stem, &t), "Team-photo--1--480.0123456789.webp");
    }

    #[test]
    fn only_png_and_jpeg_are_resized() {
        for yes in ["a.png", "b.JPG", "c.jpeg"] {
            assert!(is_resizable(Path::new(yes)), "{yes}");
        }
        for no in ["a.svg", "b.gif", "c.webp", "d"] {
            assert!(!is_resizable(Path::new(no)), "{no}");
        }
    }

    fn write_png(path: &Path, w: u32, h: u32) {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        image::DynamicImage::ImageRgb8(img).save(path).unwrap();
    }

    #[test]
    fn a_second_processor_takes_everything_from_the_cache() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("flat.png");
        write_png(&file, 300, 100);
        let config = ImagesConfig {
            widths: vec![100, 200, 400],
            ..ImagesConfig::default()
        };
        let first = Processor::new(&config, root.path(), None, &[]);
        let set = first.copies(&file, &config.widths).unwrap();
        assert_eq!((set.width, set.height), (300, 100));
        let widths: Vec<u32> = set.copies.iter().map(|c| c.width).collect();
        assert_eq!(widths, vec![100, 200, 300]);
        assert_eq!(set.copies[0].height, 33);
        assert!(set.copies[2].url().is_none(), "the original is not copied");
        first.copies(&file, &config.widths).unwrap();
        assert_eq!(
            first.counts(),
            Counts {
                processed: 1,
                cached: 0
            },
            "memoised"
        );
        let second = Processor::new(&config, root.path(), None, &[]);
        assert_eq!(*second.copies(&file, &config.widths).unwrap(), *set);
        assert_eq!(
            second.counts(),
            Counts {
                processed: 0,
                cached: 1
            }
        );
    }
}
