//! The explorer widget files embedded at compile time, and the classic bundle each build fills with its catalog.
//!
//! The embedded files come from `generator/widget/` (see `xtask/src/explorer.rs`). All are written as they are
//! except the classic bundle, a template whose two placeholders become the wasm (base64) and the site's
//! catalog.json (a JavaScript string), so one classic script carries everything and fetches nothing.

use crate::render::OutputFile;

include!(concat!(env!("OUT_DIR"), "/explorer_bundle.rs"));

/// The names a host page uses; they stay the same from build to build (the others carry a content hash).
pub(crate) const LOADER: &str = "shoreline-explorer.js";
pub(crate) const CLASSIC: &str = "shoreline-explorer.bundle.js";
/// Where the explorer's files go in the output.
pub(crate) const FOLDER: &str = "explorer";

/// The placeholders in the classic bundle, each a JavaScript string literal.
const WASM_SLOT: &str = "\"__SHORELINE_WASM__\"";
const CATALOG_SLOT: &str = "\"__SHORELINE_CATALOG__\"";

/// The embedded bundle does not have the shape this binary expects: it was built from other sources.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BundleError {
    #[error("the embedded explorer bundle has no {0}; rebuild it with `cargo xtask explorer`")]
    Missing(&'static str),
}

/// One file of the explorer for the output folder.
pub(crate) struct WidgetFile {
    pub name: String,
    /// Named by content hash: a host may cache it for a year.
    pub immutable: bool,
    pub file: OutputFile,
}

/// The files to write into `explorer/`. Without a catalog there is nothing for a classic bundle to carry, so
/// only the module loader and its files are written.
pub(crate) fn files(catalog_json: Option<&str>) -> Result<Vec<WidgetFile>, BundleError> {
    files_of(EXPLORER_BUNDLE, catalog_json)
}

fn files_of(
    bundle: &'static [(&'static str, &'static [u8])],
    catalog_json: Option<&str>,
) -> Result<Vec<WidgetFile>, BundleError> {
    let path = |name: &str| format!("{FOLDER}/{name}");
    let mut out = Vec::with_capacity(bundle.len());
    for &(name, bytes) in bundle {
        if name == CLASSIC {
            continue;
        }
        out.push(WidgetFile {
            name: name.to_string(),
            immutable: name != LOADER,
            file: OutputFile::Static {
                path: path(name),
                bytes,
            },
        });
    }
    let (Some(catalog), false) = (catalog_json, bundle.is_empty()) else {
        return Ok(out);
    };
    let find = |wanted: &dyn Fn(&str) -> bool, what| {
        bundle
            .iter()
            .find(|(name, _)| wanted(name))
            .map(|&(_, bytes)| bytes)
            .ok_or(BundleError::Missing(what))
    };
    let template = find(&|n| n == CLASSIC, "classic bundle")?;
    let wasm = find(&|n| n.ends_with(".wasm"), "wasm module")?;
    out.push(WidgetFile {
        name: CLASSIC.to_string(),
        immutable: false,
        file: OutputFile::Bytes {
            path: path(CLASSIC),
            bytes: classic_bundle(template, wasm, catalog)?,
        },
    });
    Ok(out)
}

/// The template with both placeholders filled. It is split at them first, so nothing in the catalog can be
/// mistaken for a placeholder.
fn classic_bundle(template: &[u8], wasm: &[u8], catalog: &str) -> Result<Vec<u8>, BundleError> {
    let text = String::from_utf8_lossy(template);
    let (head, rest) = text
        .split_once(WASM_SLOT)
        .ok_or(BundleError::Missing("wasm placeholder"))?;
    let (middle, tail) = rest
        .split_once(CATALOG_SLOT)
        .ok_or(BundleError::Missing("catalog placeholder"))?;
    // A JSON string is a JavaScript string literal: quotes, backslashes and control characters escaped.
    let catalog = serde_json::to_string(catalog).unwrap_or_default();
    let mut out = Vec::with_capacity(template.len() + wasm.len() * 4 / 3 + catalog.len() + 4);
    out.extend_from_slice(head.as_bytes());
    out.push(b'"');
    base64(wasm, &mut out);
    out.push(b'"');
    out.extend_from_slice(middle.as_bytes());
    out.extend_from_slice(catalog.as_bytes());
    out.extend_from_slice(tail.as_bytes());
    Ok(out)
}

/// Standard base64 with padding, what the browser's `atob` reads.
fn base64(bytes: &[u8], out: &mut Vec<u8>) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        base64(bytes, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn base64_matches_the_standard_at_every_padding_length() {
        assert_eq!(encoded(b""), "");
        assert_eq!(encoded(b"f"), "Zg==");
        assert_eq!(encoded(b"fo"), "Zm8=");
        assert_eq!(encoded(b"foo"), "Zm9v");
        assert_eq!(encoded(b"foob"), "Zm9vYg==");
        assert_eq!(encoded(&[0xff, 0xfe, 0x00]), "//4A");
    }

    static BUNDLE: &[(&str, &[u8])] = &[
        (LOADER, b"import './core.1.js';"),
        (
            CLASSIC,
            b"const W = \"__SHORELINE_WASM__\"; const C = \"__SHORELINE_CATALOG__\";",
        ),
        ("core.1.js", b"glue"),
        ("core.2.wasm", b"\0asm"),
    ];

    #[test]
    fn the_classic_bundle_carries_the_wasm_and_the_catalog_as_string_literals() {
        let catalog = r#"{"t":"a \"quote\" and __SHORELINE_WASM__ </script>"}"#;
        let files = files_of(BUNDLE, Some(catalog)).unwrap();
        let classic = files.iter().find(|f| f.name == CLASSIC).unwrap();
        let OutputFile::Bytes { bytes, path } = &classic.file else {
            panic!("the classic bundle is generated")
        };
        assert_eq!(path, "explorer/shoreline-explorer.bundle.js");
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.starts_with("const W = \"AGFzbQ==\"; const C = \"{\\\"t\\\":"),
            "{text}"
        );
        assert!(text.ends_with("</script>\\\"}\";"), "{text}");
        assert!(!classic.immutable);
    }

    #[test]
    fn hashed_files_are_immutable_and_without_a_catalog_there_is_no_classic_bundle() {
        let files = files_of(BUNDLE, None).unwrap();
        let names: Vec<(&str, bool)> = files
            .iter()
            .map(|f| (f.name.as_str(), f.immutable))
            .collect();
        assert_eq!(
            names,
            [(LOADER, false), ("core.1.js", true), ("core.2.wasm", true)]
        );
    }

    #[test]
    fn a_template_without_its_placeholders_is_an_error_not_a_broken_script() {
        static BAD: &[(&str, &[u8])] = &[(CLASSIC, b"no slots"), ("c.wasm", b"\0asm")];
        assert!(matches!(
            files_of(BAD, Some("{}")),
            Err(BundleError::Missing("wasm placeholder"))
        ));
    }
}
