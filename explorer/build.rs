//! Compacts the widget's stylesheet at build time: `src/style.css` stays readable, while the copy compiled into
//! the wasm (which every visitor downloads) has no comments and no layout whitespace.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=src/style.css");
    let css = std::fs::read_to_string("src/style.css").expect("explorer/src/style.css is readable");
    let compact = compact(&css);
    // Whitespace and comments only: every brace and semicolon outside them must survive.
    let structure = |s: &str| s.matches(['{', '}']).count();
    assert_eq!(
        structure(&compact),
        structure(&strip_comments(&css)),
        "compacting changed the rules"
    );
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("style.css");
    std::fs::write(out, compact).expect("OUT_DIR is writable");
}

/// Drops comments and collapses whitespace, removing it where CSS never needs it: around `{ } ; , >` and after
/// `:` (a space before `:` stays, since there it is a descendant combinator, as in `.sx :focus-visible`), and
/// the last `;` of each block. Quoted strings are copied unchanged.
fn compact(css: &str) -> String {
    const TIGHT: &str = "{};,>";
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for d in chars.by_ref() {
                if last == '*' && d == '/' {
                    break;
                }
                last = d;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let after_tight = out.ends_with(|p: char| TIGHT.contains(p) || p == ':');
        if space && !out.is_empty() && !after_tight && !TIGHT.contains(c) {
            out.push(' ');
        }
        space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
        if c == '"' || c == '\'' {
            for d in chars.by_ref() {
                out.push(d);
                if d == c {
                    break;
                }
            }
        }
    }
    out
}

fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}
