//! Markdown to HTML: heading ids and anchors, table of contents, summary, word count, internal links and
//! shortcodes. Internal links are left as numbered placeholders; `links` fills them in once every page's URL
//! and anchors are known, so each file is parsed exactly once.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rendering switches taken from the config.
#[derive(Debug, Clone, Copy)]
pub struct MdOptions {
    /// Raw HTML in Markdown passes through (else it is shown as text).
    pub unsafe_html: bool,
    /// Headings get a `#` link to themselves.
    pub heading_anchors: bool,
    /// Fenced code is coloured at build time.
    pub highlight_code: bool,
}

impl MdOptions {
    /// The switches a site's config asks for.
    pub fn from_config(c: &crate::config::Config) -> MdOptions {
        MdOptions {
            unsafe_html: c.markdown.unsafe_html,
            heading_anchors: c.markdown.heading_anchors,
            highlight_code: c.highlight_code,
        }
    }
}

/// One heading in the table of contents, with the headings nested under it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    /// Heading level, 1 to 6.
    pub level: u8,
    /// The heading's id, unique on the page.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// The headings one level down under it.
    pub children: Vec<TocEntry>,
}

/// A link to another file (or an anchor of this one), to be checked and rewritten after the graph is built.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// The target's path under `content/` (`bpo/x.md`); empty for a same-page `#anchor`.
    pub target: String,
    /// The `#fragment`, when the link has one.
    pub anchor: Option<String>,
    /// `/`-rooted URL path link (`/bpo/`), checked against the site's URLs.
    pub url_path: Option<String>,
    /// Byte offset of the link in the whole file, for diagnostics.
    pub offset: usize,
    /// The destination as written.
    pub written: String,
}

/// An `http(s)://` link, kept for `shoreline check --external` (the build itself never fetches it).
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalLink {
    /// The destination as written.
    pub url: String,
    /// Byte offset of the link in the whole file, for diagnostics.
    pub offset: usize,
}

pub use crate::shortcode_syntax::{Form, Shortcode};

/// The rendered body. `html` and `summary` hold `@@shoreline:N@@` placeholders for links and shortcodes.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The page's HTML, with placeholders.
    pub html: String,
    /// The HTML before `<!-- more -->`, when the page has the marker.
    pub summary: Option<String>,
    /// The table of contents.
    pub toc: Vec<TocEntry>,
    /// Every heading id, for checking links to them.
    pub anchors: Vec<String>,
    /// Links to other files of the site, in order (`link_placeholder(n)` marks each).
    pub links: Vec<InternalLink>,
    /// Shortcode calls, in order (`shortcode_placeholder(n)` marks each).
    pub shortcodes: Vec<Shortcode>,
    /// Misplaced `{% ... %}` tags, reported by the bodies stage where the file's text is at hand.
    pub shortcode_problems: Vec<crate::shortcode_syntax::SyntaxProblem>,
    /// Images, in order; `html` holds `images::placeholder(n)` for each.
    pub images: Vec<crate::images::ImageRef>,
    /// Words of text, for reading time.
    pub word_count: usize,
    /// The text of the first `#` heading, the title when front matter has none.
    pub first_heading: Option<String>,
    /// `http(s)://` links, in order.
    pub external_links: Vec<ExternalLink>,
}

/// Placeholder for link `n`; `links::fill` swaps it for the URL.
pub fn link_placeholder(n: usize) -> String {
    format!("@@shoreline:link:{n}@@")
}

/// Placeholder for shortcode `n`.
pub fn shortcode_placeholder(n: usize) -> String {
    format!("@@shoreline:shortcode:{n}@@")
}

/// Placeholders around the body of body-form shortcode `n`.
pub fn body_placeholders(n: usize) -> (String, String) {
    (
        format!("@@shoreline:open:{n}@@"),
        format!("@@shoreline:close:{n}@@"),
    )
}

/// Renders `body`, which starts at byte `body_offset` of the file whose content path is `rel`.
pub fn render(body: &str, body_offset: usize, rel: &str, opts: MdOptions) -> Rendered {
    render_as(body, body_offset, rel, opts, true)
}

/// What rendering `body` finds (links, anchors, table of contents, summary, calls), without writing its HTML:
/// a lean build's parse, whose page HTML is made again in its render job (`page_bodies`).
pub(crate) fn scan(body: &str, body_offset: usize, rel: &str, opts: MdOptions) -> Rendered {
    render_as(body, body_offset, rel, opts, false)
}

fn render_as(
    body: &str,
    body_offset: usize,
    rel: &str,
    opts: MdOptions,
    write_html: bool,
) -> Rendered {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    // GitHub's alerts (`> [!NOTE]`), the callout syntax editors already know.
    options.insert(Options::ENABLE_GFM);
    // Body-form tags become same-length HTML comments, so each stands alone as a block of its own.
    let tags = body_tags(body, options);
    let masked = (!tags.is_empty()).then(|| crate::shortcode_syntax::masked(body, &tags));
    let source = masked.as_deref().unwrap_or(body);
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(source, options)
        .into_offset_iter()
        .collect();
    let mut bodies = BodyTags::new(&tags, body_offset);

    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut r = Rendered::default();
    let mut used_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();
    let mut more_at: Option<usize> = None;
    // Shortcode syntax inside code is shown as written, which is how pages document it.
    let mut in_code = false;
    let mut i = 0;
    while i < events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                // Gather the heading's inner events up to its end to build the id from its text.
                let mut j = i + 1;
                let mut text = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    match &events[j].0 {
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                    j += 1;
                }
                let base = id
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| slugify_anchor(&text));
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                let unique = unique_id(&mut used_ids, base);
                let lvl = heading_level(*level);
                if r.first_heading.is_none() && lvl == 1 {
                    r.first_heading = Some(text.trim().to_string());
                }
                flat_toc.push((lvl, unique.clone(), text.trim().to_string()));
                r.anchors.push(unique.clone());
                out.push(Event::Html(
                    format!("<h{lvl} id=\"{}\">", escape_attr(&unique)).into(),
                ));
                for (inner, irange) in &events[i + 1..j] {
                    push_inline(
                        inner.clone(),
                        irange,
                        body_offset,
                        rel,
                        opts,
                        &mut out,
                        &mut r,
                    );
                }
                if opts.heading_anchors {
                    out.push(Event::Html(
                        format!(
                            " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a>",
                            escape_attr(&unique)
                        )
                        .into(),
                    ));
                }
                out.push(Event::Html(format!("</h{lvl}>\n").into()));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) => {
                if let Some((sc, end)) = shortcode_paragraph(&events, i, body_offset) {
                    let n = r.shortcodes.len();
                    r.shortcodes.push(sc);
                    out.push(Event::Html(
                        format!("{}\n", shortcode_placeholder(n)).into(),
                    ));
                    i = end + 1;
                    continue;
                }
                out.push(ev.clone());
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(lang)))
                if opts.highlight_code =>
            {
                let mut j = i + 1;
                let mut code = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j].0 {
                        code.push_str(t);
                    }
                    j += 1;
                }
                if let Some(html) = crate::highlight::highlight(&code, lang) {
                    out.push(Event::Html(html.into()));
                    in_code = false;
                    i = j + 1;
                    continue;
                }
                out.push(ev.clone());
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                // The alt text is the image's inner text; the tag is written once its file is known.
                let mut j = i + 1;
                let mut alt = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Image)) {
                    if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                        alt.push_str(t);
                    }
                    j += 1;
                }
                let n = r.images.len();
                r.images.push(crate::images::ImageRef {
                    src: dest_url.to_string(),
                    alt,
                    title: (!title.is_empty()).then(|| title.to_string()),
                    offset: body_offset + range.start,
                });
                out.push(Event::Html(crate::images::placeholder(n).into()));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                // Its title's id shares the page's id space with headings, so neither can clash.
                let id = unique_id(&mut used_ids, "callout".into());
                out.push(Event::Html(callout_start(*kind, &id).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
            Event::Html(h) if bodies.at(range).is_some() => {
                let tag = bodies.at(range).unwrap_or_default();
                out.extend(bodies.placeholder(tag, h, &mut r));
            }
            Event::Html(h) if h.trim() == "<!-- more -->" && more_at.is_none() => {
                more_at = Some(out.len());
                out.push(ev.clone());
            }
            Event::Text(_) if !in_code => {
                let end = text_run_end(&events, i);
                match inline_shortcodes(&events[i..end], body, body_offset, &mut r) {
                    Some(parts) => out.extend(parts),
                    None => {
                        for (e, rg) in &events[i..end] {
                            push_inline(e.clone(), rg, body_offset, rel, opts, &mut out, &mut r);
                        }
                    }
                }
                i = end;
                continue;
            }
            _ => push_inline(ev.clone(), range, body_offset, rel, opts, &mut out, &mut r),
        }
        i += 1;
    }

    bodies.finish(&mut r);
    if let Some(idx) = more_at {
        let mut summary = String::new();
        // The marker sits inside an HTML block; drop the unfinished block start.
        let cut = if idx > 0 && matches!(out[idx - 1], Event::Start(Tag::HtmlBlock)) {
            idx - 1
        } else {
            idx
        };
        pulldown_cmark::html::push_html(&mut summary, out[..cut].iter().cloned());
        r.summary = Some(summary);
    }
    if write_html {
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        r.html = html;
    }
    r.toc = nest_toc(&flat_toc);
    r
}

fn push_inline<'a>(
    ev: Event<'a>,
    range: &std::ops::Range<usize>,
    body_offset: usize,
    rel: &str,
    opts: MdOptions,
    out: &mut Vec<Event<'a>>,
    r: &mut Rendered,
) {
    match ev {
        Event::Text(ref t) => {
            r.word_count += words_in(t);
            out.push(ev);
        }
        Event::Html(h) | Event::InlineHtml(h) if !opts.unsafe_html => out.push(Event::Text(h)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = match classify_link(&dest_url, rel) {
                Some(mut link) => {
                    link.offset = body_offset + range.start;
                    let n = r.links.len();
                    r.links.push(link);
                    CowStr::from(link_placeholder(n))
                }
                None => {
                    if is_external(&dest_url) {
                        r.external_links.push(ExternalLink {
                            url: dest_url.to_string(),
                            offset: body_offset + range.start,
                        });
                    }
                    dest_url
                }
            };
            out.push(Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            }));
        }
        other => out.push(other),
    }
}

/// True for an `http://` or `https://` destination (schemes are case-insensitive).
fn is_external(dest: &str) -> bool {
    let scheme = dest.split_once("://").map_or("", |(s, _)| s);
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

/// Decides whether a link destination is internal, and resolves file-relative paths against `rel`.
pub fn classify_link(dest: &str, rel: &str) -> Option<InternalLink> {
    let link = |target: String, anchor: Option<String>, url_path: Option<String>| InternalLink {
        target,
        anchor,
        url_path,
        offset: 0,
        written: dest.to_string(),
    };
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(link(String::new(), Some(anchor.to_string()), None));
    }
    if dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
    {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    if let Some(p) = path.strip_prefix("@/") {
        return Some(link(
            normalise(p).unwrap_or_else(|| format!("../{p}")),
            anchor,
            None,
        ));
    }
    if path.ends_with(".md") && !path.starts_with('/') && !path.contains(':') {
        let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let joined = if dir.is_empty() {
            path.to_string()
        } else {
            format!("{dir}/{path}")
        };
        return Some(link(
            normalise(&joined).unwrap_or_else(|| format!("../{path}")),
            anchor,
            None,
        ));
    }
    // Site-rooted page URLs (`/bpo/`) are checked too; files with an extension may be static assets.
    if path.starts_with('/')
        && !path.rsplit('/').next().unwrap_or("").contains('.')
        && !dest.contains('?')
    {
        return Some(link(String::new(), anchor, Some(path.to_string())));
    }
    None
}

/// The opening of a callout: a note (`role="note"`, not a landmark, so many per page are fine) named by its
/// visible title; the kind is in the class for the theme's colours and icon.
fn callout_start(kind: pulldown_cmark::BlockQuoteKind, id: &str) -> String {
    use pulldown_cmark::BlockQuoteKind as K;
    let (class, title) = match kind {
        K::Note => ("note", "Note"),
        K::Tip => ("tip", "Tip"),
        K::Important => ("important", "Important"),
        K::Warning => ("warning", "Warning"),
        K::Caution => ("caution", "Caution"),
    };
    format!(
        "<div class=\"callout callout--{class}\" role=\"note\" aria-labelledby=\"{id}\">\
         <p class=\"callout__title\" id=\"{id}\">{title}</p>\n"
    )
}

/// Resolves `.` and `..`; `None` when the path climbs above the content root.
fn normalise(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The body-form tag lines of `body`, outside its code blocks and code spans (parsed once more to find
/// those, only when the body holds `{%` at all).
fn body_tags(body: &str, options: Options) -> Vec<crate::shortcode_syntax::BodyTag> {
    if !body.contains("{%") {
        return Vec::new();
    }
    let code: Vec<std::ops::Range<usize>> = Parser::new_ext(body, options)
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, r)| r)
        .collect();
    crate::shortcode_syntax::body_tags(body, &code)
}

/// Pairs body-form tags as the parser meets them: each opening becomes a shortcode and a placeholder, each
/// `{% end %}` closes the innermost open one.
struct BodyTags<'t> {
    tags: &'t [crate::shortcode_syntax::BodyTag],
    /// Open shortcodes (their index in `Rendered::shortcodes`), innermost last.
    open: Vec<usize>,
    body_offset: usize,
}

impl<'t> BodyTags<'t> {
    fn new(tags: &'t [crate::shortcode_syntax::BodyTag], body_offset: usize) -> Self {
        BodyTags {
            tags,
            open: Vec::new(),
            body_offset,
        }
    }

    /// The tag an HTML event of the masked source comes from.
    fn at(&self, range: &std::ops::Range<usize>) -> Option<usize> {
        self.tags
            .iter()
            .position(|t| range.contains(&t.range.start))
    }

    /// The placeholder for tag `k`, or the HTML as is (with a problem) when the tag sits inside an HTML block.
    fn placeholder<'a>(
        &mut self,
        k: usize,
        html: &CowStr<'a>,
        r: &mut Rendered,
    ) -> Option<Event<'a>> {
        use crate::shortcode_syntax::{SyntaxProblem, TagKind};
        let tag = &self.tags[k];
        let offset = self.body_offset + tag.range.start;
        if html.trim().len() != tag.range.len() {
            r.shortcode_problems.push(SyntaxProblem {
                offset,
                message: "a `{% ... %}` tag inside an HTML block is not read".into(),
                help: "leave a blank line between the HTML and the tag".into(),
            });
            return None;
        }
        let text = match &tag.kind {
            TagKind::Open(name, args) => {
                let n = r.shortcodes.len();
                r.shortcodes.push(Shortcode {
                    name: name.clone(),
                    args: args.clone(),
                    offset,
                    form: Form::Body,
                });
                self.open.push(n);
                body_placeholders(n).0
            }
            TagKind::End => match self.open.pop() {
                Some(n) => body_placeholders(n).1,
                None => {
                    r.shortcode_problems.push(SyntaxProblem {
                        offset,
                        message: "`{% end %}` closes no shortcode".into(),
                        help: "a body shortcode opens with `{% name(...) %}` on a line of its own"
                            .into(),
                    });
                    return None;
                }
            },
        };
        Some(Event::Html(format!("{text}\n").into()))
    }

    /// Reports shortcodes left open at the end of the page.
    fn finish(self, r: &mut Rendered) {
        for n in self.open {
            let sc = &r.shortcodes[n];
            r.shortcode_problems
                .push(crate::shortcode_syntax::SyntaxProblem {
                    offset: sc.offset,
                    message: format!("`{{% {}(...) %}}` has no `{{% end %}}`", sc.name),
                    help: "close its body with `{% end %}` on a line of its own".into(),
                });
        }
    }
}

/// Recognises a paragraph holding only `{{ name(args) }}`; returns it and the index of the paragraph's end.
fn shortcode_paragraph(
    events: &[(Event, std::ops::Range<usize>)],
    start: usize,
    body_offset: usize,
) -> Option<(Shortcode, usize)> {
    let mut text = String::new();
    let mut j = start + 1;
    while j < events.len() {
        match &events[j].0 {
            Event::End(TagEnd::Paragraph) => break,
            Event::Text(t) => text.push_str(t),
            Event::SoftBreak => text.push(' '),
            _ => return None,
        }
        j += 1;
    }
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    let (name, args) = crate::shortcode_syntax::parse_call(inner)?;
    Some((
        Shortcode {
            name,
            args,
            offset: body_offset + events[start].1.start,
            form: Form::Paragraph,
        },
        j,
    ))
}

/// The index after the run of `Text` events starting at `start` (the parser may split one sentence's text).
fn text_run_end(events: &[(Event, std::ops::Range<usize>)], start: usize) -> usize {
    let mut end = start + 1;
    while end < events.len() && matches!(events[end].0, Event::Text(_)) {
        end += 1;
    }
    end
}

/// A run of text holding `{{ name(args) }}`: the text around each shortcode, with a placeholder in its place.
/// `None` (the text is kept as is) when the run holds no shortcode.
fn inline_shortcodes<'a>(
    run: &[(Event, std::ops::Range<usize>)],
    body: &str,
    body_offset: usize,
    r: &mut Rendered,
) -> Option<Vec<Event<'a>>> {
    if !run
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if t.contains('{')))
    {
        return None;
    }
    let text: String = run
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    // The parser splits text at `*`, so an escape `{%/*` may span events: look in the whole run.
    if !text.contains("{{") && !text.contains("{%/*") {
        return None;
    }
    let source_start = run.first()?.1.start;
    let source = body.get(source_start..run.last()?.1.end).unwrap_or("");
    let mut out = Vec::new();
    let (mut done, mut from, mut source_from) = (0, 0, 0);
    while let Some(open) = next_open(&text, from) {
        if let Some((literal, len)) = crate::shortcode_syntax::escaped_literal(&text[open..]) {
            if text[open..].starts_with("{{") {
                let at = source[source_from..].find("{{/*");
                source_from = at.map_or(source_from, |a| source_from + a + 4);
            }
            out.push(counted_text(&text[done..open], r));
            out.push(counted_text(&literal, r));
            done = open + len;
            from = done;
            continue;
        }
        if text[open..].starts_with("{%") {
            from = open + 2;
            continue;
        }
        // Locate this `{{` in the source too: escapes can make the text shorter than what was written.
        let at = source[source_from..].find("{{").map(|o| source_from + o);
        source_from = at.map_or(source_from, |a| a + 2);
        let Some(close) = text[open..].find("}}").map(|c| open + c) else {
            break;
        };
        let Some((name, args)) = crate::shortcode_syntax::parse_call(&text[open + 2..close]) else {
            from = open + 2;
            continue;
        };
        out.push(counted_text(&text[done..open], r));
        out.push(Event::InlineHtml(
            shortcode_placeholder(r.shortcodes.len()).into(),
        ));
        r.shortcodes.push(Shortcode {
            name,
            args,
            offset: body_offset + source_start + at.unwrap_or(0),
            form: Form::Inline,
        });
        done = close + 2;
        from = done;
    }
    if out.is_empty() {
        return None;
    }
    out.push(counted_text(&text[done..], r));
    Some(out)
}

/// Where the next `{{` or escaped `{%/*` starts in `text`, from `from` on.
fn next_open(text: &str, from: usize) -> Option<usize> {
    let calls = text[from..].find("{{");
    let escapes = text[from..].find("{%/*");
    [calls, escapes]
        .into_iter()
        .flatten()
        .min()
        .map(|o| from + o)
}

/// How many whitespace-separated words `t` holds, as `split_whitespace` counts them: every text event of
/// every page passes here, and most are ASCII, which a byte loop counts several times faster.
fn words_in(t: &str) -> usize {
    if !t.is_ascii() {
        return t.split_whitespace().count();
    }
    // Space, or one of tab, line feed, vertical tab, form feed, carriage return (9 to 13); no branch.
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let b = t.as_bytes();
    let Some(&first) = b.first() else {
        return 0;
    };
    // A word starts at a non-space byte after a space: two slices side by side, which the compiler turns
    // into vector compares.
    let starts: usize = b[1..]
        .iter()
        .zip(&b[..b.len() - 1])
        .map(|(&c, &before)| usize::from(space(before) & !space(c)))
        .sum();
    starts + usize::from(!space(first))
}

/// A text event whose words count toward the page's word count.
fn counted_text(t: &str, r: &mut Rendered) -> Event<'static> {
    r.word_count += words_in(t);
    Event::Text(t.to_string().into())
}

/// Heading text to an id: lowercase ASCII letters and digits, other runs become one `-`.
pub fn slugify_anchor(text: &str) -> String {
    slug_words(text, true)
}

/// Lowercase words joined by single dashes; `ascii_only` keeps only ASCII letters and digits (heading ids),
/// otherwise any alphanumeric character stays (taxonomy terms in other scripts).
pub fn slug_words(text: &str, ascii_only: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let keep = if ascii_only {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if keep {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

fn unique_id(used: &mut BTreeMap<String, usize>, base: String) -> String {
    if !used.contains_key(&base) {
        used.insert(base.clone(), 0);
        return base;
    }
    let mut n = used.get(&base).copied().unwrap_or(0);
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(base, n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn nest_toc(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

/// Escapes text for an HTML attribute or text node.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shortcode_syntax::ArgValue;

    const OPTS: MdOptions = MdOptions {
        unsafe_html: true,
        heading_anchors: true,
        highlight_code: false,
    };

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = render("# Top\n\n## A b\n\n### C\n\n## A b\n", 0, "x.md", OPTS);
        assert_eq!(r.anchors, vec!["top", "a-b", "c", "a-b-1"]);
        assert!(
            r.html
                .contains("<h2 id=\"a-b\">A b <a class=\"anchor\" href=\"#a-b\""),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[0].children[0].id, "c");
        assert_eq!(r.first_heading.as_deref(), Some("Top"));
    }

    #[test]
    fn internal_links_become_placeholders() {
        let r = render(
            "See [a](@/bpo/a.md#x) and [b](../c/b.md) and [w](https://e.org).",
            10,
            "bpo/x.md",
            OPTS,
        );
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].target, "bpo/a.md");
        assert_eq!(r.links[0].anchor.as_deref(), Some("x"));
        assert_eq!(r.links[1].target, "c/b.md");
        assert!(r.html.contains(&link_placeholder(0)), "{}", r.html);
        assert!(r.html.contains("https://e.org"));
        assert_eq!(r.links[0].offset, 14);
    }

    #[test]
    fn external_links_are_recorded_with_their_offsets() {
        let body =
            "A [w](https://e.org/a) and <HTTP://E.org/b>, [m](mailto:x@e.org), [f](ftp://e.org).";
        let r = render(body, 7, "x.md", OPTS);
        let urls: Vec<(&str, usize)> = r
            .external_links
            .iter()
            .map(|l| (l.url.as_str(), l.offset))
            .collect();
        let at = |s: &str| 7 + body.find(s).unwrap();
        assert_eq!(
            urls,
            [
                ("https://e.org/a", at("[w]")),
                ("HTTP://E.org/b", at("<HTTP"))
            ]
        );
        assert!(r.html.contains("href=\"https://e.org/a\""), "{}", r.html);
    }

    #[test]
    fn summary_stops_at_more() {
        let r = render("First para.\n\n<!-- more -->\n\nSecond.", 0, "x.md", OPTS);
        let s = r.summary.unwrap();
        assert!(s.contains("First para."));
        assert!(!s.contains("Second"));
    }

    #[test]
    fn raw_html_can_be_turned_off() {
        let r = render(
            "<script>x</script>\n\nhi <b>x</b>",
            0,
            "x.md",
            MdOptions {
                unsafe_html: false,
                heading_anchors: false,
                highlight_code: false,
            },
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn gfm_features_render() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nfoot[^1]\n\n[^1]: note\n",
            0,
            "x.md",
            OPTS,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn shortcode_paragraph_is_recognised() {
        let r = render(
            "Intro\n\n{{ explorer(needs=\"payroll\", limit=5) }}\n\nEnd",
            0,
            "x.md",
            OPTS,
        );
        assert_eq!(r.shortcodes.len(), 1);
        assert_eq!(
            r.shortcodes[0].args["needs"],
            ArgValue::Text("payroll".into())
        );
        assert_eq!(r.shortcodes[0].args["limit"], ArgValue::Integer(5));
        assert!(r.html.contains(&shortcode_placeholder(0)));
    }

    #[test]
    fn inline_shortcodes_are_found_in_text_but_not_in_code() {
        let body = "A team goes *live* in {{ fact(name=\"dedicated_team_go_live\") }}, \\*not\\* sooner.\n\nWrite `{{ fact(name=\"x\") }}`.\n\n```\n{{ fact(name=\"y\") }}\n```\n\nLeft {{ as is }} and {{ broken(\n";
        let r = render(body, 100, "x.md", OPTS);
        assert_eq!(r.shortcodes.len(), 1, "{:?}", r.shortcodes);
        let sc = &r.shortcodes[0];
        assert_eq!(sc.name, "fact");
        assert_eq!(sc.args["name"].to_text(), "dedicated_team_go_live");
        assert_eq!(sc.form, Form::Inline);
        assert_eq!(sc.offset, 100 + body.find("{{").unwrap());
        assert!(
            r.html.starts_with(&format!(
                "<p>A team goes <em>live</em> in {}, *not* sooner.</p>",
                shortcode_placeholder(0)
            )),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<code>{{ fact(name=\"x\") }}</code>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre><code>{{ fact(name=\"y\") }}\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("Left {{ as is }} and {{ broken("),
            "{}",
            r.html
        );
    }

    #[test]
    fn inline_shortcodes_after_a_highlighted_block_are_found() {
        let opts = MdOptions {
            highlight_code: true,
            ..OPTS
        };
        let r = render(
            "```rust\nlet a = \"{{ fact(name=\\\"x\\\") }}\";\n```\n\nLive in {{ fact(name=\"y\") }}.\n",
            0,
            "x.md",
            opts,
        );
        let names: Vec<String> = r
            .shortcodes
            .iter()
            .map(|s| s.args["name"].to_text())
            .collect();
        assert_eq!(names, ["y"]);
    }

    #[test]
    fn inline_shortcode_offsets_follow_escapes_in_the_source() {
        let body = "Caf&eacute; \\& {{ fact(name=\"a\") }} then {{ fact(name=\"b\") }}";
        let r = render(body, 0, "x.md", OPTS);
        let offsets: Vec<usize> = r.shortcodes.iter().map(|s| s.offset).collect();
        let first = body.find("{{").unwrap();
        let second = body[first + 2..].find("{{").unwrap() + first + 2;
        assert_eq!(offsets, [first, second]);
    }

    #[test]
    fn links_cannot_climb_out_of_content() {
        let l = classify_link("../../etc/passwd.md", "a.md").unwrap();
        assert!(l.target.starts_with(".."));
    }

    #[test]
    fn fenced_code_is_highlighted_when_asked() {
        let opts = MdOptions {
            unsafe_html: true,
            heading_anchors: true,
            highlight_code: true,
        };
        let r = render(
            "```python\nprint(1)\n```\n\n```nope\nx\n```\n",
            0,
            "x.md",
            opts,
        );
        assert!(r.html.contains("data-lang=\"python\""), "{}", r.html);
        assert!(
            r.html.contains("language-nope"),
            "unknown languages stay plain: {}",
            r.html
        );
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for t in [
            "",
            " ",
            "one",
            " one  two\t\nthree ",
            "a\x0Bb\x0Cc\rd",
            "café au lait",
            "a\u{a0}b c",
        ] {
            assert_eq!(words_in(t), t.split_whitespace().count(), "{t:?}");
        }
    }

    #[test]
    fn word_count_counts_text() {
        assert_eq!(
            render("one two\n\n**three** four", 0, "x.md", OPTS).word_count,
            4
        );
    }
}
