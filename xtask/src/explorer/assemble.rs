//! The two ways into the widget, assembled from the wasm-bindgen glue and `explorer/js/`: the module loader
//! (imports the glue, which fetches the wasm) and the classic bundle (glue and element in one plain script, with
//! placeholders the generator fills with the wasm and the site's catalog). The glue and wasm get content-hashed
//! names, so a host may cache them for a year; the loader names never change.

use anyhow::{bail, Context, Result};

/// Marker lines in `explorer/js/*.js` replaced by the shared element code and by the glue.
const ELEMENT_MARKER: &str = "//@element";
const GLUE_MARKER: &str = "//@glue";

/// The finished files of a bundle: (file name, bytes).
pub(super) struct Assembled {
    pub files: Vec<(String, Vec<u8>)>,
}

/// The sources `assemble` reads from `explorer/js/`.
pub(super) struct Sources<'a> {
    pub element: &'a str,
    pub module_loader: &'a str,
    pub classic: &'a str,
}

/// `core` is the base name wasm-bindgen gave the glue (`<core>.js`) and the wasm (`<core>_bg.wasm`);
/// `glue` is already tidied. Returns the loader, the classic bundle template, the hashed glue and wasm.
pub(super) fn assemble(
    core: &str,
    wasm: Vec<u8>,
    glue: &str,
    js: &Sources,
    loader_name: &str,
    classic_name: &str,
) -> Result<Assembled> {
    let wasm_name = format!("{core}.{}.wasm", short_hash(&wasm));
    let module_glue = replace_once(
        glue,
        &format!("'{core}_bg.wasm'"),
        &format!("'{wasm_name}'"),
    )
    .context("the glue no longer names its wasm file")?;
    let glue_name = format!("{core}.{}.js", short_hash(module_glue.as_bytes()));
    let loader = replace_once(
        js.module_loader,
        &format!("'./{core}.js'"),
        &format!("'./{glue_name}'"),
    )
    .context("shoreline-explorer.js no longer imports the glue")?;
    let loader = insert(&loader, ELEMENT_MARKER, js.element)?;
    let classic = insert(js.classic, GLUE_MARKER, &classic_glue(glue)?)?;
    let classic = insert(&classic, ELEMENT_MARKER, js.element)?;
    Ok(Assembled {
        files: vec![
            (
                loader_name.to_string(),
                super::glue::tidy_js(&loader)?.into_bytes(),
            ),
            (
                classic_name.to_string(),
                super::glue::tidy_js(&classic)?.into_bytes(),
            ),
            (glue_name, module_glue.into_bytes()),
            (wasm_name, wasm),
        ],
    })
}

/// The ES-module glue as plain statements for a classic script's function scope: no `export`, and no
/// `import.meta`, which is a syntax error outside a module (the bundle always hands the glue its wasm bytes,
/// so the default URL it replaces is never used).
fn classic_glue(glue: &str) -> Result<String> {
    let glue = replace_once(glue, "import.meta.url", "document.baseURI")
        .context("the glue no longer finds its wasm through import.meta.url")?;
    let mut out = String::with_capacity(glue.len());
    for line in glue.lines() {
        if line.starts_with("export {") {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        if line.starts_with("import ")
            || line.starts_with("export ")
            || line.contains("import.meta")
        {
            bail!("the glue has a module-only line a classic script cannot hold: {line}");
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// Replaces the marker line with `text`; the marker must stand exactly once, on a line of its own.
fn insert(into: &str, marker: &str, text: &str) -> Result<String> {
    let found = into.lines().filter(|l| l.trim() == marker).count();
    if found != 1 {
        bail!("expected the line `{marker}` once, found it {found} times");
    }
    Ok(into
        .lines()
        .map(|l| if l.trim() == marker { text } else { l })
        .collect::<Vec<_>>()
        .join("\n"))
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("expected `{from}` once, found it {n} times"),
    }
}

/// 16 hex digits of FNV-1a: enough to tell two builds apart in a cache; nothing relies on it being secret.
fn short_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str =
        "let wasm;\nexport function mount(a) { return a; }\nexport class Mounted {}\n\
        async function __wbg_init(m) { m = new URL('core_bg.wasm', import.meta.url); }\n\
        export { initSync, __wbg_init as default };\n";

    fn sources() -> Sources<'static> {
        Sources {
            element: "function defineExplorer() {}",
            module_loader:
                "import init, { mount } from './core.js';\n//@element\ndefineExplorer();",
            classic: "(() => {\n  //@glue\n  //@element\n})();",
        }
    }

    #[test]
    fn names_carry_content_hashes_and_the_loader_imports_the_hashed_glue() {
        let a = assemble(
            "core",
            vec![0, 97, 115, 109],
            GLUE,
            &sources(),
            "l.js",
            "b.js",
        )
        .unwrap();
        let names: Vec<&str> = a.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "l.js");
        assert_eq!(names[1], "b.js");
        assert!(names[2].starts_with("core.") && names[2].ends_with(".js") && names[2].len() == 24);
        assert!(names[3].starts_with("core.") && names[3].ends_with(".wasm"));
        let loader = String::from_utf8(a.files[0].1.clone()).unwrap();
        assert!(
            loader.contains(&format!("from './{}'", names[2])),
            "{loader}"
        );
        assert!(loader.contains("function defineExplorer"));
        let glue = String::from_utf8(a.files[2].1.clone()).unwrap();
        assert!(glue.contains(&format!("'{}'", names[3])));
        // Another wasm changes both hashed names.
        let b = assemble(
            "core",
            vec![0, 97, 115, 110],
            GLUE,
            &sources(),
            "l.js",
            "b.js",
        )
        .unwrap();
        assert_ne!(a.files[2].0, b.files[2].0);
        assert_ne!(a.files[3].0, b.files[3].0);
    }

    #[test]
    fn the_classic_bundle_holds_no_module_syntax() {
        let a = assemble("core", vec![1], GLUE, &sources(), "l.js", "b.js").unwrap();
        let classic = String::from_utf8(a.files[1].1.clone()).unwrap();
        assert!(
            !classic.contains("export") && !classic.contains("import"),
            "{classic}"
        );
        assert!(classic.contains("function mount(a)") && classic.contains("document.baseURI"));
    }

    #[test]
    fn glue_of_an_unexpected_shape_fails_the_build() {
        let bad = "import x from 'y';\n".to_string() + GLUE;
        assert!(assemble("core", vec![1], &bad, &sources(), "l.js", "b.js").is_err());
        let no_wasm = GLUE.replace("core_bg.wasm", "other.wasm");
        assert!(assemble("core", vec![1], &no_wasm, &sources(), "l.js", "b.js").is_err());
        let mut two_markers = sources();
        two_markers.classic = "//@glue\n//@glue\n//@element";
        assert!(assemble("core", vec![1], GLUE, &two_markers, "l.js", "b.js").is_err());
    }
}
