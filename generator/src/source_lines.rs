//! What a content file keeps of its text once parsed: the front matter and the lines where a link, image or
//! shortcode starts, the only places a later stage can find a problem. The whole Markdown of a site is not
//! held through the build (at 100,000 pages it was 0.9 GB), and every problem is still shown on its line.

use crate::diagnostic::{line_col, Diagnostic};
use crate::markdown::Rendered;

/// The lines of one file that later problems can point at.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SourceLines {
    /// The file up to where its Markdown starts: the front matter the graph's problems point into.
    head: String,
    /// Each kept line after the head: (byte offset of its start in the file, its 1-based number, its text).
    lines: Vec<(usize, usize, Box<str>)>,
}

impl SourceLines {
    /// Nothing kept: what a file with no text has.
    pub(crate) fn none() -> &'static SourceLines {
        static NONE: SourceLines = SourceLines {
            head: String::new(),
            lines: Vec::new(),
        };
        &NONE
    }

    /// Keeps of `text` its first `head` bytes and every line holding one of `offsets`.
    pub(crate) fn new(text: &str, head: usize, offsets: impl IntoIterator<Item = usize>) -> Self {
        let head = floor_boundary(text, head.min(text.len()));
        let mut wanted: Vec<usize> = offsets
            .into_iter()
            .filter(|&o| o >= head && o < text.len())
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut lines: Vec<(usize, usize, Box<str>)> = Vec::new();
        // Line numbers are counted once, from one kept offset to the next.
        let (mut pos, mut number) = (0, 1);
        for o in wanted {
            let o = floor_boundary(text, o);
            if lines.last().is_some_and(|(s, _, l)| o <= s + l.len()) {
                continue;
            }
            number += text[pos..o].matches('\n').count();
            pos = o;
            let start = text[..o].rfind('\n').map_or(0, |nl| nl + 1);
            let end = text[o..].find('\n').map_or(text.len(), |nl| o + nl);
            lines.push((start, number, text[start..end].into()));
        }
        SourceLines {
            head: text[..head].to_string(),
            lines,
        }
    }

    /// Keeps the front matter of `text` and the lines `rendered` (its Markdown's rendering) may report on.
    pub(crate) fn of_rendered(text: &str, body_offset: usize, rendered: &Rendered) -> Self {
        let offsets = rendered
            .links
            .iter()
            .map(|l| l.offset)
            .chain(rendered.images.iter().map(|i| i.offset))
            .chain(rendered.shortcodes.iter().map(|s| s.offset))
            .chain(rendered.shortcode_problems.iter().map(|p| p.offset))
            .chain(rendered.external_links.iter().map(|l| l.offset));
        SourceLines::new(text, body_offset, offsets)
    }

    /// The file up to its Markdown: front matter offsets are located in it as in the whole text.
    pub(crate) fn head(&self) -> &str {
        &self.head
    }

    /// The 1-based line and column of byte `offset`, with that line's text; `None` for an offset that was not
    /// kept.
    pub(crate) fn locate(&self, offset: usize) -> Option<(usize, usize, &str)> {
        if offset < self.head.len() {
            let (line, col) = line_col(&self.head, offset);
            let text = self.head.lines().nth(line - 1).unwrap_or("");
            return Some((line, col, text));
        }
        let i = self.lines.partition_point(|&(start, _, _)| start <= offset);
        let (start, number, line) = self.lines.get(i.checked_sub(1)?)?;
        let within = offset - start;
        (within <= line.len()).then(|| (*number, line_col(line, within).1, &**line))
    }

    /// `d` placed at byte `offset` of the file, as `Diagnostic::at_offset` on the whole text places it.
    pub(crate) fn place(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        match self.locate(offset) {
            Some((line, col, text)) => {
                let mut d = d.at(text, 1, col);
                d.line = line;
                d
            }
            None => d,
        }
    }
}

/// The largest char boundary of `text` at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "+++\ntitle = \"x\"\n+++\nIntro.\n\nSee [a](b.md) and é [c](d.md).\r\nLast [e](f.md)";

    fn whole(offset: usize) -> Diagnostic {
        Diagnostic::new("x.md", "m").at_offset(TEXT, offset)
    }

    #[test]
    fn kept_offsets_are_placed_as_in_the_whole_text() {
        let body = TEXT.find("Intro").unwrap();
        let offsets = [
            TEXT.find("[a]").unwrap(),
            TEXT.find("[c]").unwrap(),
            TEXT.find("[e]").unwrap(),
            TEXT.len() - 1,
            TEXT.find("title").unwrap(),
        ];
        let lines = SourceLines::new(TEXT, body, offsets);
        for o in offsets {
            assert_eq!(
                lines.place(Diagnostic::new("x.md", "m"), o),
                whole(o),
                "{o}"
            );
        }
        // The two links of one line keep it once; the front matter is the head.
        assert_eq!(lines.lines.len(), 2);
        assert_eq!(lines.head(), &TEXT[..body]);
    }

    #[test]
    fn an_offset_not_kept_is_left_unplaced() {
        let lines = SourceLines::new(TEXT, TEXT.find("Intro").unwrap(), []);
        let d = lines.place(Diagnostic::new("x.md", "m"), TEXT.find("[a]").unwrap());
        assert_eq!((d.line, d.source_line), (0, None));
    }
}
