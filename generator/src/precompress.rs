//! Precompressed copies (`.br`, `.gz`) beside the text files of the output, for hosts that serve them as they
//! are (nginx `gzip_static` / `brotli_static`, Caddy `precompressed`). The same bytes in give the same bytes out
//! on every build and machine: fixed levels, and a gzip header without time or file name.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Extensions worth compressing: text and wasm. Images, fonts and archives are compressed already.
const EXTENSIONS: [&str; 10] = [
    "html", "htm", "css", "js", "mjs", "json", "xml", "svg", "txt", "wasm",
];

/// Smaller files are left alone: the saving fits in the response headers and costs two files on disk.
pub(crate) const MIN_SIZE: usize = 256;

/// Brotli's best quality, for the few files every page loads (styles, scripts, wasm, data): made once, fetched
/// on every visit. It costs about 1.5 s of CPU per MB, so it is kept to the files whose number does not grow
/// with the site.
const BROTLI_QUALITY_ASSETS: u32 = 11;
/// For pages, feeds and sitemaps, which grow with the site: quality 11 would take an hour of CPU for 100,000
/// pages, while 5 runs at gzip's speed and still beats gzip -9 (measured on the bundled site: 11 saves another
/// 14% on HTML at 27 times the time).
const BROTLI_QUALITY_PAGES: u32 = 5;
/// The extensions compressed at the pages' quality.
const PAGE_EXTENSIONS: [&str; 4] = ["html", "htm", "xml", "txt"];
/// A 4 MiB window, what every browser's decoder accepts.
const BROTLI_WINDOW: u32 = 22;

/// The two encodings written, by file suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    Brotli,
    Gzip,
}

impl Codec {
    pub(crate) const ALL: [Codec; 2] = [Codec::Brotli, Codec::Gzip];

    /// The suffix added to the original file name.
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Codec::Brotli => "br",
            Codec::Gzip => "gz",
        }
    }

    /// The compressed bytes of the file at output path `path`; fails only if the encoder does (it writes to
    /// memory).
    pub(crate) fn compress(self, path: &str, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Codec::Brotli => brotli_bytes(bytes, brotli_quality(path)),
            Codec::Gzip => gzip_bytes(bytes),
        }
    }
}

/// A compressed copy that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the compressed copy {}: {source}", path.display())]
pub(crate) struct PrecompressError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// True when an output path is of a type worth precompressing.
pub(crate) fn wants(path: &str) -> bool {
    extension_in(path, &EXTENSIONS)
}

fn extension_in(path: &str, list: &[&str]) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| list.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// The brotli quality for a file: fixed by its type, so the same file always compresses the same way.
fn brotli_quality(path: &str) -> u32 {
    if extension_in(path, &PAGE_EXTENSIONS) {
        BROTLI_QUALITY_PAGES
    } else {
        BROTLI_QUALITY_ASSETS
    }
}

/// `dest` with `.br` / `.gz` added to its name.
pub(crate) fn beside(dest: &Path, codec: Codec) -> PathBuf {
    let mut name = dest.as_os_str().to_owned();
    name.push(".");
    name.push(codec.suffix());
    PathBuf::from(name)
}

fn gzip_bytes(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    // GzBuilder writes mtime 0 and no file name unless told; the OS byte is pinned to "unknown" so a build on
    // another platform writes the same header.
    let mut encoder = flate2::GzBuilder::new().operating_system(255).write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(bytes)?;
    encoder.finish()
}

fn brotli_bytes(bytes: &[u8], quality: u32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
        lgwin: BROTLI_WINDOW as i32,
        // Hinting the size lets small files use a smaller window: fewer bytes, same result every time.
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Writes `dest.br` and `dest.gz` for `bytes` (the content of `dest`), each only where it is smaller than the
/// original. With `previous` (the same file in the last build's output), a copy whose original has not changed
/// is taken from there with its modification time, so an unchanged file neither costs a recompression nor
/// looks new to a sync tool or a cache.
pub(crate) fn write_beside(
    dest: &Path,
    bytes: &[u8],
    previous: Option<&Path>,
) -> Result<(), PrecompressError> {
    if bytes.len() < MIN_SIZE {
        return Ok(());
    }
    let unchanged = previous.filter(|p| same_content(p, bytes));
    let (br, gz) = rayon::join(
        || write_one(dest, bytes, unchanged, Codec::Brotli),
        || write_one(dest, bytes, unchanged, Codec::Gzip),
    );
    br.and(gz)
}

fn write_one(
    dest: &Path,
    bytes: &[u8],
    unchanged: Option<&Path>,
    codec: Codec,
) -> Result<(), PrecompressError> {
    let target = beside(dest, codec);
    let err = |source| PrecompressError {
        path: target.clone(),
        source,
    };
    if let Some(old) = unchanged.map(|p| beside(p, codec)).filter(|p| p.is_file()) {
        return copy_keeping_mtime(&old, &target).map_err(err);
    }
    let packed = codec
        .compress(&dest.to_string_lossy(), bytes)
        .map_err(err)?;
    if packed.len() < bytes.len() {
        std::fs::write(&target, packed).map_err(err)?;
    }
    Ok(())
}

/// True when the file at `path` holds exactly `bytes`.
pub(crate) fn same_content(path: &Path, bytes: &[u8]) -> bool {
    let same_len = std::fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64);
    same_len && std::fs::read(path).is_ok_and(|old| old == bytes)
}

fn copy_keeping_mtime(from: &Path, to: &Path) -> std::io::Result<()> {
    let modified = std::fs::metadata(from)?.modified()?;
    std::fs::copy(from, to)?;
    std::fs::File::options()
        .write(true)
        .open(to)?
        .set_modified(modified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn text(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| format!("<p>line {} of the page</p>\n", i % 37))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn copies_decode_to_the_original_and_are_deterministic() {
        let original = text(400);
        let br = Codec::Brotli.compress("a.html", &original).unwrap();
        let gz = Codec::Gzip.compress("a.html", &original).unwrap();
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original);
        back.clear();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original);
        assert_eq!(br, Codec::Brotli.compress("a.html", &original).unwrap());
        assert_eq!(gz, Codec::Gzip.compress("a.html", &original).unwrap());
        // Assets get the slower, tighter quality; it decodes just the same.
        let tight = Codec::Brotli.compress("a.js", &original).unwrap();
        assert_ne!(tight, br, "another quality");
        back.clear();
        brotli::Decompressor::new(&tight[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, original);
        // No mtime (bytes 4..8) and no file-name flag (byte 3) in the gzip header.
        assert_eq!(&gz[3..8], &[0, 0, 0, 0, 0]);
        assert_eq!(gz[9], 255, "OS byte: unknown, whatever the platform");
    }

    #[test]
    fn only_text_types_are_wanted() {
        for yes in [
            "index.html",
            "a/b.css",
            "x.JS",
            "catalog.json",
            "feed.xml",
            "e.wasm",
        ] {
            assert!(wants(yes), "{yes}");
        }
        for no in ["a.png", "font.woff2", "x.html.gz", "README", "dir.css/file"] {
            assert!(!wants(no), "{no}");
        }
    }

    #[test]
    fn small_and_incompressible_files_get_no_copies() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.html");
        write_beside(&small, &text(20)[..200], None).unwrap();
        assert!(!beside(&small, Codec::Brotli).exists());
        // Bytes with no repetition: neither copy comes out smaller.
        let mut noise = Vec::new();
        let mut x: u32 = 2463534242;
        for _ in 0..4096 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            noise.push(x as u8);
        }
        let dest = dir.path().join("noise.js");
        write_beside(&dest, &noise, None).unwrap();
        assert!(!beside(&dest, Codec::Gzip).exists());
        assert!(!beside(&dest, Codec::Brotli).exists());
    }

    #[test]
    fn an_unchanged_file_reuses_the_previous_copies_and_their_time() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.html");
        let bytes = text(100);
        std::fs::write(&old, &bytes).unwrap();
        write_beside(&old, &bytes, None).unwrap();
        let stamp = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for codec in Codec::ALL {
            std::fs::File::options()
                .write(true)
                .open(beside(&old, codec))
                .unwrap()
                .set_modified(stamp)
                .unwrap();
        }
        let new = dir.path().join("new.html");
        write_beside(&new, &bytes, Some(&old)).unwrap();
        for codec in Codec::ALL {
            let m = std::fs::metadata(beside(&new, codec)).unwrap();
            assert_eq!(m.modified().unwrap(), stamp, "{codec:?} keeps its time");
        }
        // A changed original is compressed afresh.
        let changed = text(101);
        let fresh = dir.path().join("fresh.html");
        write_beside(&fresh, &changed, Some(&old)).unwrap();
        let br = std::fs::read(beside(&fresh, Codec::Brotli)).unwrap();
        assert_eq!(br, Codec::Brotli.compress("fresh.html", &changed).unwrap());
        assert_ne!(
            std::fs::metadata(beside(&fresh, Codec::Brotli))
                .unwrap()
                .modified()
                .unwrap(),
            stamp
        );
    }
}
