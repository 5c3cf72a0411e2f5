//! The image cache: where a processed copy lives between builds, named by what it was made from.
//!
//! A copy's name is a hash of the source's bytes, the width, the output format and the encoder settings, so
//! a changed image, width or setting gets a new name and a stale copy can never be served. Nothing here ever
//! deletes a file: the folder only grows, and removing it is always safe.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The cache, inside the site root; `.shoreline/` holds only what the tool made.
pub(super) const DIR: &str = ".shoreline/cache/images";

/// Bumped when the way copies are made changes (resize filter, encoder crate), so old copies are not reused.
const SCHEME: &str = "shoreline-images-1;image-0.25;lanczos3";

/// The formats a copy is written in, each with the settings that shape its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Format {
    Png,
    Jpeg,
    WebP,
}

/// JPEG copies: a quality that is hard to tell from the original at screen size.
pub(super) const JPEG_QUALITY: u8 = 85;

impl Format {
    pub(super) fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::WebP => "webp",
        }
    }

    /// Part of the cache key: change it whenever the encoder is set up differently.
    fn settings(self) -> String {
        match self {
            Format::Png => "png;compression=best;filter=adaptive".into(),
            Format::Jpeg => format!("jpeg;quality={JPEG_QUALITY}"),
            Format::WebP => "webp;lossless".into(),
        }
    }
}

/// SHA-256 of a source file's bytes, in hex.
pub(super) fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The cache file name of one copy: 32 hex digits of the key's hash and the format's extension.
pub(super) fn name(source_digest: &str, width: u32, format: Format) -> String {
    let key = format!("{SCHEME}\n{source_digest}\n{width}\n{}", format.settings());
    let hash = hex(&Sha256::digest(key.as_bytes()));
    format!("{}.{}", &hash[..32], format.extension())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` as `dir/name`, through a temporary file renamed into place, so a build stopped halfway
/// never leaves a truncated copy that a later build would take for a finished one.
pub(super) fn store(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let target = dir.join(name);
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&temp, &target));
    if written.is_err() {
        // Only the temporary file this call created is removed.
        let _ = std::fs::remove_file(&temp);
    }
    written.map(|_| target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_source_width_and_format_and_stay_put_otherwise() {
        let a = digest(b"one image");
        let b = digest(b"another image");
        let n = name(&a, 480, Format::Png);
        assert_eq!(n, name(&a, 480, Format::Png), "same input, same name");
        assert!(n.ends_with(".png") && n.len() == 32 + 4, "{n}");
        for other in [
            name(&b, 480, Format::Png),
            name(&a, 960, Format::Png),
            name(&a, 480, Format::WebP),
        ] {
            assert_ne!(n, other);
        }
        assert!(name(&a, 480, Format::Jpeg).ends_with(".jpg"));
        // The name is part of the cache's contract with earlier builds: it must not drift between versions.
        assert_eq!(
            digest(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn store_writes_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let path = store(&cache, "x.png", b"bytes").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"bytes");
        let names: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.png")]);
    }
}
