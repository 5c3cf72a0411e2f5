//! Embeds the explorer widget so every site the binary builds carries it: the committed copy in `widget/`
//! (written by `cargo xtask explorer`), or the folder `SHORELINE_EXPLORER_DIST` names.
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dist = std::env::var("SHORELINE_EXPLORER_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|_| manifest.join("widget"));
    println!("cargo:rerun-if-env-changed=SHORELINE_EXPLORER_DIST");
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut entries = String::new();
    if let Ok(rd) = std::fs::read_dir(&dist) {
        let mut files: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let abs = f.canonicalize().unwrap_or(f.clone());
            entries.push_str(&format!(
                "    ({name:?}, include_bytes!({:?})),\n",
                abs.display().to_string()
            ));
        }
    }
    let out =
        PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("explorer_bundle.rs");
    let code = format!("/// The explorer bundle: (file name, bytes).\npub(crate) static EXPLORER_BUNDLE: &[(&str, &[u8])] = &[\n{entries}];\n");
    let _ = std::fs::write(out, code);
}
