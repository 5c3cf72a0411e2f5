//! Positions inside a TOML text, and the error type that carries one.

use std::ops::Range;

/// A 1-based line and column (in characters) inside the text handed to the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Located {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters, not bytes.
    pub col: usize,
}

impl Located {
    /// The position of byte `offset` in `text`; offsets past the end or inside a character clamp to a valid spot.
    pub fn from_offset(text: &str, offset: usize) -> Located {
        let mut end = offset.min(text.len());
        // A span from the parser always lands on a char boundary, but this is public: never slice mid-character.
        while end > 0 && !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = text.get(..end).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Located { line, col }
    }

    /// The start of a span, or the start of the text when the parser gave none.
    pub fn from_span(text: &str, span: Option<Range<usize>>) -> Located {
        Located::from_offset(text, span.map_or(0, |s| s.start))
    }
}

/// One problem in a catalog or service text, at a line and column of that text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{col}: {message}")]
pub struct CatalogError {
    /// 1-based line of the problem in the text that was handed in.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong, without the position ("unknown kind `sets`").
    pub message: String,
    /// How to fix it, when there is a hint to give (allowed ids, "did you mean", where a duplicate was first
    /// defined).
    pub help: Option<String>,
}

impl CatalogError {
    /// An error at `at` without a hint.
    pub fn new(at: Located, message: impl Into<String>) -> CatalogError {
        CatalogError {
            line: at.line,
            col: at.col,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint shown under the message.
    pub fn with_help(mut self, help: impl Into<String>) -> CatalogError {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint only when there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> CatalogError {
        self.help = help;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_char_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(Located::from_offset(text, 0), Located { line: 1, col: 1 });
        assert_eq!(Located::from_offset(text, 6), Located { line: 2, col: 1 });
        // "bé" is 3 bytes but 2 characters, so the space after it is column 3.
        assert_eq!(Located::from_offset(text, 9), Located { line: 2, col: 3 });
        // Past the end and inside a character both clamp instead of panicking.
        assert_eq!(Located::from_offset(text, 999), Located { line: 3, col: 1 });
        assert_eq!(Located::from_offset(text, 8), Located { line: 2, col: 2 });
    }
}
