//! Editors' own shortcodes: templates in `templates/shortcodes/`, inline and with a body, nested, typed
//! arguments, left alone in code, escaped, and every misuse located at its Markdown line in one run.

mod common;
use common::{fails, stderr, Site};

fn site_with_shortcodes() -> Site {
    let s = Site::new();
    s.write(
        "templates/shortcodes/price.html",
        "<span class=\"price\" data-next=\"{{ n + 1 }}\">{{ amount }} {{ currency | default(value=\"USD\") }}{% if featured %} (best value){% endif %}</span>\n",
    );
    s.write(
        "templates/shortcodes/note.html",
        "<aside class=\"note note--{{ kind }}\" id=\"note-{{ nth }}\" data-page=\"{{ page.title }}\">{{ body | safe }}</aside>\n",
    );
    s.write(
        "templates/shortcodes/broken.html",
        "<b>{{ no_such_variable }}</b>",
    );
    s
}

#[test]
fn site_shortcodes_render_inline_with_a_body_and_nested() {
    let s = site_with_shortcodes();
    s.write(
        "content/call-centers/pricing.md",
        "+++\ntitle = \"Pricing\"\n+++\nA seat costs {{ price(amount=\"12\", n=2, featured=true) }} an hour.\n\n{% note(kind=\"tip\") %}\nAsk for **two** quotes, then see [outbound](@/call-centers/outbound.md).\n\n{% note(kind=\"inner\") %}\nNested: {{ price(amount=\"5\", n=9, currency=\"EUR\") }}.\n{% end %}\n{% end %}\n\nAfter.\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read_out("call-centers/pricing/index.html");
    assert!(
        page.contains("<p>A seat costs <span class=\"price\" data-next=\"3\">12 USD (best value)</span> an hour.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<aside class=\"note note--tip\" id=\"note-1\" data-page=\"Pricing\"><p>Ask for <strong>two</strong> quotes, then see <a href=\"/call-centers/outbound/\">outbound</a>.</p>\n<aside class=\"note note--inner\" id=\"note-2\" data-page=\"Pricing\"><p>Nested: <span class=\"price\" data-next=\"10\">5 EUR</span>.</p></aside></aside>\n<p>After.</p>"),
        "{page}"
    );
}

#[test]
fn shortcodes_in_code_stay_as_written_and_the_escape_shows_a_call() {
    let s = site_with_shortcodes();
    s.write(
        "content/call-centers/howto.md",
        "+++\ntitle = \"How to\"\n+++\n```\n{% note(kind=\"x\") %}\n{{ price(amount=\"1\") }}\n{% end %}\n```\n\nInline `{{ price(amount=\"2\") }}` too. Written out: {{/* price(amount=\"3\") */}} and\n\n{%/* note() */%}\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read_out("call-centers/howto/index.html");
    assert!(
        page.contains("<pre><code>{% note(kind=\"x\") %}\n{{ price(amount=\"1\") }}\n{% end %}\n</code></pre>"),
        "{page}"
    );
    assert!(
        page.contains("<code>{{ price(amount=\"2\") }}</code> too. Written out: {{ price(amount=\"3\") }} and</p>\n<p>{% note() %}</p>"),
        "{page}"
    );
    assert!(!page.contains("class=\"price\""), "{page}");
}

#[test]
fn a_theme_shortcode_is_replaced_by_the_sites_own() {
    let s = site_with_shortcodes();
    s.write(
        "shoreline.toml",
        &format!("{}[extra.facts]\ngo_live = \"six weeks\"\n", common::CONFIG),
    );
    s.write(
        "templates/shortcodes/fact.html",
        "<em>{{ fact(args=args) | safe }}</em>",
    );
    s.write(
        "content/call-centers/fact.md",
        "+++\ntitle = \"Fact\"\n+++\nLive in {{ fact(name=\"go_live\") }}.\n",
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = s.read_out("call-centers/fact/index.html");
    assert!(
        page.contains("<p>Live in <em>six weeks</em>.</p>"),
        "{page}"
    );
}

#[test]
fn every_shortcode_problem_is_located_in_one_run() {
    let s = site_with_shortcodes();
    s.write(
        "content/call-centers/bad.md",
        "+++\ntitle = \"Bad\"\n+++\nOne {{ prise(amount=\"1\") }}.\n\n{{ broken() }}\n\n{% end %}\n\n{{ price(amount=\"1\", body=\"x\") }}\n\n{% note(kind=\"open\") %}\nNever closed.\n",
    );
    fails(
        &s,
        &[
            "error: unknown shortcode `prise`\n  --> content/call-centers/bad.md:4:5\n",
            "= help: did you mean `price`? known shortcodes: broken, explorer, fact, figure, note, price; a new one is a template at templates/shortcodes/prise.html",
            "error: shortcode `broken` failed: Failed to render 'shortcodes/broken.html': Variable `no_such_variable` not found in context while rendering 'shortcodes/broken.html'\n  --> content/call-centers/bad.md:6:1\n",
            "= help: its template is templates/shortcodes/broken.html",
            "error: `{% end %}` closes no shortcode\n  --> content/call-centers/bad.md:8:1\n",
            "error: `body` cannot name an argument of `price`\n  --> content/call-centers/bad.md:10:1\n",
            "error: `{% note(...) %}` has no `{% end %}`\n  --> content/call-centers/bad.md:12:1\n",
            "error: stopped with 5 problems",
        ],
    );
}
