//! Smaller wasm-bindgen output, without changing what it does.
//!
//! wasm-bindgen names each JavaScript function the wasm imports `__wbg_<method>_<16 hex digits>`, and every
//! name is written twice: in the wasm import section and as a key of the glue's import object. Hex digits do
//! not compress, so the names cost about 3 KB of the brotli'd widget. `shorten_names` renames them `a`, `b`,
//! ... in both files, and the closure entry points the wasm exports (`..._invoke__h<16 hex digits>`)
//! `invoke_0`, `invoke_1`, .... `tidy_js` drops the glue's comments and indentation. All of them check the
//! shape they expect and fail the build rather than emit a bundle that might not link.

use anyhow::{bail, Context, Result};

/// Renames every import of `module` in `wasm` to a short name, and the matching key in `glue`; likewise the
/// exported closure entry points and every use of them in `glue`.
pub(super) fn shorten_names(wasm: &[u8], glue: &str, module: &str) -> Result<(Vec<u8>, String)> {
    let (header, mut rest) = wasm.split_at_checked(8).context("not a wasm module")?;
    let mut out_wasm = header.to_vec();
    let mut glue = glue.to_string();
    let mut renamed = 0usize;
    while !rest.is_empty() {
        let (&id, after_id) = rest.split_first().context("truncated section")?;
        let (size, after_size) = read_leb(after_id)?;
        let (body, after_body) = after_size
            .split_at_checked(size as usize)
            .context("truncated section")?;
        rest = after_body;
        let body = match id {
            2 => rename_in_import_section(body, module, &mut glue, &mut renamed)?,
            7 => rename_in_export_section(body, &mut glue)?,
            _ => body.to_vec(),
        };
        out_wasm.push(id);
        write_leb(&mut out_wasm, body.len() as u32);
        out_wasm.extend_from_slice(&body);
    }
    if renamed == 0 {
        bail!("the wasm imports nothing from `{module}`: has wasm-bindgen's output changed?");
    }
    Ok((out_wasm, glue))
}

fn rename_in_import_section(
    mut body: &[u8],
    module: &str,
    glue: &mut String,
    renamed: &mut usize,
) -> Result<Vec<u8>> {
    let (count, after) = read_leb(body)?;
    body = after;
    let mut out = Vec::with_capacity(body.len());
    write_leb(&mut out, count);
    for _ in 0..count {
        let (import_module, after) = read_name(body)?;
        let (field, after) = read_name(after)?;
        // Only function imports (kind 0, then a type index) occur in wasm-bindgen output.
        let (&kind, after) = after.split_first().context("truncated import")?;
        if kind != 0 {
            bail!("import `{field}` is not a function (kind {kind})");
        }
        let (type_index, after) = read_leb(after)?;
        body = after;
        let field = if import_module == module {
            let short = short_name(*renamed);
            *renamed += 1;
            rename_key(glue, field, &short)?;
            short
        } else {
            field.to_string()
        };
        write_name(&mut out, import_module);
        write_name(&mut out, &field);
        out.push(kind);
        write_leb(&mut out, type_index);
    }
    Ok(out)
}

fn rename_in_export_section(mut body: &[u8], glue: &mut String) -> Result<Vec<u8>> {
    let (count, after) = read_leb(body)?;
    body = after;
    let mut out = Vec::with_capacity(body.len());
    write_leb(&mut out, count);
    let mut renamed = 0;
    for _ in 0..count {
        let (name, after) = read_name(body)?;
        let (&kind, after) = after.split_first().context("truncated export")?;
        let (index, after) = read_leb(after)?;
        body = after;
        let name = if name.contains("_invoke__h") {
            let short = format!("invoke_{renamed}");
            renamed += 1;
            rename_identifier(glue, name, &short)?;
            short
        } else {
            name.to_string()
        };
        write_name(&mut out, &name);
        out.push(kind);
        write_leb(&mut out, index);
    }
    Ok(out)
}

/// Replaces every use of the identifier `name` in the glue (a JS function of that name, and `wasm.name`).
fn rename_identifier(glue: &mut String, name: &str, short: &str) -> Result<()> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    if glue.contains(short) {
        bail!("the glue already uses `{short}`");
    }
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue.as_str();
    let mut uses = 0;
    while let Some(at) = rest.find(name) {
        let (before, after) = (&rest[..at], &rest[at + name.len()..]);
        out.push_str(before);
        let whole = !before.ends_with(is_ident) && !after.starts_with(is_ident);
        out.push_str(if whole { short } else { name });
        uses += usize::from(whole);
        rest = after;
    }
    out.push_str(rest);
    if uses == 0 {
        bail!("the glue never uses export `{name}`");
    }
    *glue = out;
    Ok(())
}

/// Replaces the import object key `name: function` in the glue, which must be the name's only occurrence.
fn rename_key(glue: &mut String, name: &str, short: &str) -> Result<()> {
    let key = format!("{name}: function");
    if glue.matches(name).count() != 1 || glue.matches(&key).count() != 1 {
        bail!("the glue does not name import `{name}` exactly once, as an import object key");
    }
    *glue = glue.replacen(&key, &format!("{short}: function"), 1);
    Ok(())
}

/// `a`..`z`, `A`..`Z`, then two letters and so on: names that are valid JavaScript identifiers.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % 52]);
        n /= 52;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// The glue without comment lines, comment blocks and indentation. wasm-bindgen's glue has no string or
/// template literal spanning lines, so every line can be treated on its own; the check keeps it that way.
pub(super) fn tidy_js(glue: &str) -> Result<String> {
    if glue.lines().any(|line| line.matches('`').count() % 2 == 1) {
        bail!("the glue has a template literal spanning lines; tidy_js would change it");
    }
    let mut out = String::with_capacity(glue.len());
    let mut in_block = false;
    for line in glue.lines() {
        let line = line.trim_start();
        if in_block {
            in_block = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_block = !line.contains("*/");
            continue;
        }
        if line.starts_with("//") || line.is_empty() {
            continue;
        }
        out.push_str(&without_html_sink(line));
        out.push('\n');
    }
    Ok(out)
}

/// The HTML-string sinks a Trusted Types policy forbids. Yew links its raw-HTML node (never used by the
/// widget) and with it an `innerHTML` setter; the import is rewritten to throw, so the glue holds no sink.
const HTML_SINKS: [&str; 3] = [".innerHTML = ", ".outerHTML = ", ".insertAdjacentHTML("];

fn without_html_sink(line: &str) -> String {
    if HTML_SINKS.iter().any(|sink| line.contains(sink)) {
        "throw new Error('shoreline-explorer: raw HTML is not supported');".to_string()
    } else {
        line.to_string()
    }
}

fn read_leb(bytes: &[u8]) -> Result<(u32, &[u8])> {
    let mut value = 0u32;
    for (i, &byte) in bytes.iter().enumerate().take(5) {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((value, &bytes[i + 1..]));
        }
    }
    bail!("bad LEB128 number in the wasm module")
}

fn write_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_name(bytes: &[u8]) -> Result<(&str, &[u8])> {
    let (len, rest) = read_leb(bytes)?;
    let (name, rest) = rest
        .split_at_checked(len as usize)
        .context("truncated name")?;
    Ok((
        std::str::from_utf8(name).context("name is not UTF-8")?,
        rest,
    ))
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(
            (names[0].as_str(), names[51].as_str(), names[52].as_str()),
            ("a", "Z", "aa")
        );
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn imports_are_renamed_in_both_files() {
        // A module with a type section and two imports: one from the glue, one from elsewhere.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        let mut imports = Vec::new();
        write_leb(&mut imports, 2);
        for (module, field) in [
            ("./core_bg.js", "__wbg_log_0123456789abcdef"),
            ("env", "keep"),
        ] {
            write_name(&mut imports, module);
            write_name(&mut imports, field);
            imports.extend_from_slice(&[0, 0]);
        }
        wasm.push(2);
        write_leb(&mut wasm, imports.len() as u32);
        wasm.extend_from_slice(&imports);
        let glue = "const import0 = {\n    __wbg_log_0123456789abcdef: function(a) { console.log(a) },\n};\n";
        let (wasm, glue) = shorten_names(&wasm, glue, "./core_bg.js").expect("renames");
        assert_eq!(
            glue,
            "const import0 = {\n    a: function(a) { console.log(a) },\n};\n"
        );
        let text = String::from_utf8_lossy(&wasm);
        assert!(text.contains("./core_bg.js\u{1}a") && text.contains("keep"));
        assert!(
            shorten_names(&wasm, "", "./core_bg.js").is_err(),
            "a name missing from the glue"
        );
    }

    #[test]
    fn closure_exports_are_renamed_wherever_the_glue_uses_them() {
        let mut glue = "function f__invoke__h01(a) { wasm.f__invoke__h01(a); }\nmake(f__invoke__h01);\nf__invoke__h012();\n".to_string();
        rename_identifier(&mut glue, "f__invoke__h01", "invoke_0").expect("renames");
        assert_eq!(
            glue,
            "function invoke_0(a) { wasm.invoke_0(a); }\nmake(invoke_0);\nf__invoke__h012();\n"
        );
    }

    #[test]
    fn tidy_turns_html_sinks_into_errors() {
        let glue = "f: function(a, b) {\n    a.innerHTML = b;\n},\ng: function(a) {\n    a.textContent = 'x';\n},\n";
        assert_eq!(
            tidy_js(glue).expect("tidies"),
            "f: function(a, b) {\nthrow new Error('shoreline-explorer: raw HTML is not supported');\n},\ng: function(a) {\na.textContent = 'x';\n},\n"
        );
    }

    #[test]
    fn tidy_keeps_code_and_drops_comments() {
        let glue = "/**\n * Doc.\n */\nexport function f() {\n    // why\n    return `${x}`; /* inline */\n}\n";
        assert_eq!(
            tidy_js(glue).expect("tidies"),
            "export function f() {\nreturn `${x}`; /* inline */\n}\n"
        );
    }
}
