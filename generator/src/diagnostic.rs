//! One error type for the whole build: every stage collects these so a run reports every problem at once.

use std::fmt;
use std::path::{Path, PathBuf};

use shoreline_catalog::edit_distance;

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The build fails.
    #[default]
    Error,
    /// Printed; the build goes on (e.g. a catalog rule an editor marked `level = "warning"`).
    Warning,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// A problem found in the site, located at a file position when one is known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file the problem is in, as shown to the editor (relative to the site root).
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub col: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub help: Option<String>,
    /// The offending source line, shown under the location like rustc does.
    pub source_line: Option<String>,
    /// Whether the build stops.
    pub level: Level,
}

impl Diagnostic {
    /// An error about `file` as a whole; `at`/`at_offset` place it at a line.
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            col: 0,
            message: message.into(),
            help: None,
            source_line: None,
            level: Level::Error,
        }
    }

    /// Marks the diagnostic as a warning: reported, but the build goes on.
    pub fn warning(mut self) -> Self {
        self.level = Level::Warning;
        self
    }

    /// True when the build must stop for it.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// Places the diagnostic at `line`/`col` and copies that line out of `text` (the whole file).
    pub fn at(mut self, text: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col.max(1);
        self.source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Places the diagnostic at byte `offset` of `text` (the whole file).
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        self.at(text, line, col)
    }

    /// Adds the hint printed under the location.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The `file:line:col` label used in the CLI and the dev server overlay.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.col) {
            (0, _) => format!("{file}"),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.level.label(), self.message)?;
        writeln!(f, "  --> {}", self.location())?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {src}")?;
            let caret_pad: String = src
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Formats a failed build's diagnostics with a closing count, sorted by place so output is stable.
pub fn report(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let mut out = listing(diags);
    out.push_str(&format!(
        "error: stopped with {}",
        counted(errors, "problem")
    ));
    if warnings > 0 {
        out.push_str(&format!(" and {}", counted(warnings, "warning")));
    }
    out.push('\n');
    out
}

/// Formats the warnings of a build that passed; empty when there are none.
pub fn report_warnings(warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = listing(warnings);
    out.push_str(&format!(
        "warning: {} (the build goes on)\n",
        counted(warnings.len(), "warning")
    ));
    out
}

fn listing(diags: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort();
    let mut out = String::new();
    for d in &sorted {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out
}

/// "1 problem", "2 problems".
fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Paths in diagnostics are shown relative to the site root when possible.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The closest candidate within edit distance 2, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_chars() {
        let t = "ab\ncé d\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 7), (2, 4));
    }

    #[test]
    fn display_is_rustc_like() {
        let d = Diagnostic::new("content/a.md", "bad thing")
            .at("x\ntitel = 1\n", 2, 1)
            .with_help("try `title`");
        let s = d.to_string();
        assert!(s.contains("--> content/a.md:2:1"), "{s}");
        assert!(s.contains("2 | titel = 1"), "{s}");
        assert!(s.contains("= help: try `title`"), "{s}");
    }

    #[test]
    fn warnings_are_labelled_and_counted_apart_from_errors() {
        let error = Diagnostic::new("content/a.md", "broken link");
        let warning = Diagnostic::new("content/b.md", "thin tags").warning();
        assert!(warning.to_string().starts_with("warning: thin tags\n"));
        let failed = report(&[warning.clone(), error.clone()]);
        assert!(failed.contains("error: broken link"), "{failed}");
        assert!(failed.contains("warning: thin tags"), "{failed}");
        assert!(
            failed.ends_with("error: stopped with 1 problem and 1 warning\n"),
            "{failed}"
        );
        assert!(report(&[error]).ends_with("error: stopped with 1 problem\n"));
        let passed = report_warnings(&[warning.clone(), warning]);
        assert!(
            passed.ends_with("warning: 2 warnings (the build goes on)\n"),
            "{passed}"
        );
        assert_eq!(report_warnings(&[]), "");
    }

    #[test]
    fn suggests_near_words() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title"]), None);
    }
}
