//! Loads the theme's and the site's Tera templates once per build and turns Tera errors into diagnostics.

use crate::diagnostic::Diagnostic;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme, carried in the binary so `shoreline init` sites build anywhere.
pub(crate) static DEFAULT_THEME: Dir<'static> =
    include_dir!("$CARGO_MANIFEST_DIR/../themes/default");

/// Template sources by name, with the file each came from (for diagnostics).
#[derive(Debug, Clone, Default)]
pub(crate) struct TemplateSet {
    pub sources: BTreeMap<String, (PathBuf, String)>,
}

/// Static files of the theme: (path under static/, bytes or source path).
#[derive(Debug, Clone)]
pub(crate) enum ThemeStatic {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Theme and site templates plus the theme's static files.
pub(crate) type Collected = (TemplateSet, Vec<(String, ThemeStatic)>);

/// Collects the theme's templates, then the site's `templates/` on top.
pub(crate) fn collect(root: &Path, theme: &str) -> Result<Collected, Vec<Diagnostic>> {
    let mut set = TemplateSet::default();
    let mut statics = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        read_dir_templates(&theme_dir.join("templates"), root, &mut set)?;
        let st = theme_dir.join("static");
        if st.is_dir() {
            for e in walkdir::WalkDir::new(&st)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if e.file_type().is_file() {
                    statics.push((
                        crate::load::rel_path(&st, e.path()),
                        ThemeStatic::File(e.path().to_path_buf()),
                    ));
                }
            }
        }
    } else if theme == "default" {
        add_embedded(&mut set, "");
        if let Some(s) = DEFAULT_THEME.get_dir("static") {
            for f in all_files(s) {
                let name = f
                    .path()
                    .strip_prefix("static")
                    .unwrap_or(f.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                statics.push((name, ThemeStatic::Embedded(f.contents())));
            }
        }
    } else {
        return Err(vec![Diagnostic::new(
            "shoreline.toml",
            format!("theme `{theme}` not found"),
        )
        .with_help(format!(
            "themes live in {}; `default` is built in",
            root.join("themes").display()
        ))]);
    }
    let site_templates = root.join("templates");
    if site_templates.is_dir() {
        read_dir_templates(&site_templates, root, &mut set)?;
    }
    // Every theme has the built-in shortcodes; a theme or site template of the same name replaces one.
    add_embedded(&mut set, crate::shortcodes::FOLDER);
    Ok((set, statics))
}

/// The default theme's templates whose names start with `prefix`, where the set has none of that name.
fn add_embedded(set: &mut TemplateSet, prefix: &str) {
    let Some(t) = DEFAULT_THEME.get_dir("templates") else {
        return;
    };
    for f in all_files(t) {
        let name = f
            .path()
            .strip_prefix("templates")
            .unwrap_or(f.path())
            .to_string_lossy()
            .replace('\\', "/");
        if !name.starts_with(prefix) || set.sources.contains_key(&name) {
            continue;
        }
        let text = String::from_utf8_lossy(f.contents()).into_owned();
        set.sources.insert(
            name.clone(),
            (
                PathBuf::from(format!("(default theme)/templates/{name}")),
                text,
            ),
        );
    }
}

fn all_files<'a>(d: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<&include_dir::File> = d.files().collect();
    for sub in d.dirs() {
        out.extend(all_files(sub));
    }
    out.sort_by_key(|f| f.path());
    out
}

fn read_dir_templates(
    dir: &Path,
    root: &Path,
    set: &mut TemplateSet,
) -> Result<(), Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !e.file_type().is_file() {
            continue;
        }
        let name = crate::load::rel_path(dir, e.path());
        let shown = crate::diagnostic::display_path(root, e.path());
        match std::fs::read(e.path()).map(|b| crate::load::decode(&b)) {
            Ok(Ok(text)) => {
                set.sources.insert(name, (shown, text));
            }
            Ok(Err((off, lossy))) => errors
                .push(Diagnostic::new(shown, "template is not valid UTF-8").at_offset(&lossy, off)),
            Err(err) => errors.push(Diagnostic::new(shown, format!("cannot read: {err}"))),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Compiles every template; syntax errors, unknown parents and include cycles come back located.
pub(crate) fn compile(set: &TemplateSet) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    // Parse one by one first so each syntax error names its own file.
    for (name, (file, text)) in &set.sources {
        if let Err(e) = tera::Template::new(name, None, text) {
            errors.push(template_error(file, text, &e, None));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which turns every URL into `&#x2F;` soup; quotes and angle brackets
    // are what matter inside quoted attributes and text.
    tera.set_escape_fn(escape_html);
    let all: Vec<(&str, &str)> = set
        .sources
        .iter()
        .map(|(n, (_, t))| (n.as_str(), t.as_str()))
        .collect();
    tera.add_raw_templates(all).map_err(|e| {
        vec![Diagnostic::new("templates", error_chain(&e))
            .with_help("check `extends`, `include` and `import` names")]
    })?;
    check_include_cycles(set).map_err(|d| vec![d])?;
    Ok(tera)
}

/// Tera recurses forever on a template that includes itself; refuse such cycles up front.
fn check_include_cycles(set: &TemplateSet) -> Result<(), Diagnostic> {
    let edges: BTreeMap<&str, Vec<String>> = set
        .sources
        .iter()
        .map(|(n, (_, t))| (n.as_str(), included_names(t)))
        .collect();
    for start in edges.keys() {
        let mut stack = vec![(start.to_string(), vec![start.to_string()])];
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(node.as_str()).into_iter().flatten() {
                if next == start {
                    let (file, text) = &set.sources[*start];
                    let line = text
                        .lines()
                        .position(|l| {
                            l.contains("include")
                                && l.contains(trail.get(1).map(String::as_str).unwrap_or(start))
                        })
                        .unwrap_or(0)
                        + 1;
                    return Err(Diagnostic::new(
                        file,
                        format!("recursive include: {} -> {start}", trail.join(" -> ")),
                    )
                    .at(text, line, 1)
                    .with_help("a template cannot include itself, directly or through others"));
                }
                if !trail.contains(next) && trail.len() < 32 {
                    let mut t = trail.clone();
                    t.push(next.clone());
                    stack.push((next.clone(), t));
                }
            }
        }
    }
    Ok(())
}

fn included_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("include") {
        rest = &rest[i + 7..];
        let t = rest.trim_start();
        if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = t[1..].find(q) {
                out.push(t[1..1 + end].to_string());
            }
        }
    }
    out
}

/// The whole cause chain of a Tera error, one clause after another.
pub(crate) fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

/// A diagnostic for a Tera error in `file`; `page` names the content being rendered.
pub(crate) fn template_error(
    file: &Path,
    text: &str,
    e: &tera::Error,
    page: Option<&Path>,
) -> Diagnostic {
    let chain = error_chain(e);
    let mut d = Diagnostic::new(
        file,
        match page {
            Some(p) => format!("template error while rendering {}: {chain}", p.display()),
            None => format!("template error: {chain}"),
        },
    );
    // Tera puts parse positions as ` --> line:col`; render errors name a variable we can look for.
    if let Some(pos) = chain.find("--> ") {
        let nums: String = chain[pos + 4..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let mut it = nums.split(':');
        if let (Some(Ok(l)), Some(Ok(c))) = (
            it.next().map(str::parse::<usize>),
            it.next().map(str::parse::<usize>),
        ) {
            d = d.at(text, l, c);
        }
    } else if let Some(var) = backticked(&chain) {
        let needle = var.split('.').next_back().unwrap_or(&var).to_string();
        if let Some((l, line)) = text.lines().enumerate().find(|(_, line)| {
            line.contains(&var) || (line.contains("{{") && line.contains(&needle))
        }) {
            let col = line.find(&var).or_else(|| line.find(&needle)).unwrap_or(0) + 1;
            d = d.at(text, l + 1, col);
        }
        d = d.with_help("the variables of each template are listed in the README (`page`, `section`, `config`, `terms`, `term`, `paginator`); unknown names are errors");
    }
    d
}

fn backticked(s: &str) -> Option<String> {
    let start = s.find('`')? + 1;
    let end = s[start..].find('`')? + start;
    Some(s[start..end].to_string())
}

/// HTML escaping for template output: `& < > " '`.
pub(crate) fn escape_html(input: &str) -> String {
    crate::markdown::escape_attr(input)
}
