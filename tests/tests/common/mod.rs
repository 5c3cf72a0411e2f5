//! Fixture sites in temp dirs, and a byte-for-byte snapshot of an output folder.
#![allow(dead_code)]

pub(crate) mod catalog_site;
pub(crate) mod serve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Minimal templates so fixtures do not depend on the default theme's markup.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("templates/base.html", "<!DOCTYPE html><html><head><title>{% block title %}{{ config.title }}{% endblock %}</title></head><body>{% block body %}{% endblock %}</body></html>"),
    ("templates/page.html", "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block body %}<h1>{{ page.title }}</h1><nav>{% for a in page.ancestors %}<a href=\"{{ a.path }}\">{{ a.title }}</a>{% endfor %}</nav><div class=toc>{% for t in page.toc %}{{ t.id }} {% endfor %}</div><p class=meta>{{ page.word_count }} words, {{ page.reading_time }} min</p>{{ page.content | safe }}{% if page.summary %}<aside>{{ page.summary | safe }}</aside>{% endif %}{% if page.taxonomies.tags %}{% for t in page.taxonomies.tags %}<a class=tag href=\"{{ get_taxonomy_url(kind=\"tags\", name=t, relative=true) }}\">{{ t }}</a>{% endfor %}{% endif %}{% if page.service is defined %}<table class=facets>{% for f in page.service %}<tr><th>{{ f.label }}</th><td>{% for v in f.values %}{% if v.path %}<a href=\"{{ v.path }}\">{{ v.label }}</a>{% else %}{{ v.label }}{% endif %} {% endfor %}{{ f.number }}</td></tr>{% endfor %}</table>{% endif %}{% if page.services_by_value is defined %}{% for g in page.services_by_value %}<section class=svc><h2>{{ g.label }}</h2>{% for s in g.services %}<a href=\"{{ s.path }}\">{{ s.title }}</a>{% endfor %}</section>{% endfor %}{% endif %}{% endblock %}"),
    ("templates/section.html", "{% extends \"base.html\" %}{% block body %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% if paginator is defined %}{% for p in paginator.pages %}<li><a href=\"{{ p.path }}\">{{ p.title }}</a></li>{% endfor %}{% if paginator.next %}<a rel=next href=\"{{ paginator.next }}\">next</a>{% endif %}{% else %}{% for p in section.pages %}<li><a href=\"{{ p.path }}\">{{ p.title }}</a></li>{% endfor %}{% endif %}</ul>{% endblock %}"),
    ("templates/index.html", "{% extends \"base.html\" %}{% block body %}<h1>{{ config.title }}</h1>{{ section.content | safe }}<ul>{% for s in section.subsections %}{% set sub = get_section(path=s) %}<li><a href=\"{{ sub.path }}\">{{ sub.title }}</a></li>{% endfor %}{% for p in section.pages %}<li><a href=\"{{ p.path }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}"),
    ("templates/taxonomy_list.html", "{% extends \"base.html\" %}{% block body %}<h1>{{ taxonomy.name }}</h1>{% for t in terms %}<a href=\"{{ t.path }}\">{{ t.name }} ({{ t.page_count }})</a>{% endfor %}{% endblock %}"),
    ("templates/taxonomy_single.html", "{% extends \"base.html\" %}{% block body %}<h1>{{ term.name }}</h1>{% for p in term.pages %}<a href=\"{{ p.path }}\">{{ p.title }}</a>{% endfor %}{% endblock %}"),
    ("templates/catalog.html", "{% extends \"base.html\" %}{% block body %}<h1>{{ section.title }}</h1>{{ explorer() | safe }}{% for g in catalog.groups %}<h2>{{ g.office_label }}</h2>{% for c in g.categories %}<h3>{{ c.label }}</h3>{% for s in c.services %}<a href=\"{{ s.path }}\">{{ s.title }}</a>{% endfor %}{% endfor %}{% endfor %}{% endblock %}"),
];

pub(crate) const CONFIG: &str = "base_url = \"https://kb.example.com\"\ntitle = \"Fixture KB\"\ntaxonomies = [{ name = \"tags\" }]\ngenerate_feeds = true\n";

/// A site in a temp dir; `out` is its output folder.
pub(crate) struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A small valid site: home, one section with three pages, tags.
    pub(crate) fn new() -> Site {
        let s = Site::empty();
        s.write("shoreline.toml", CONFIG);
        for (p, t) in TEMPLATES {
            s.write(p, t);
        }
        s.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome. See [inbound](@/call-centers/inbound.md#pricing).\n");
        s.write(
            "content/call-centers/_index.md",
            "+++\ntitle = \"Call centers\"\nsort_by = \"weight\"\n+++\nAll kinds.\n",
        );
        s.write("content/call-centers/inbound.md", "+++\ntitle = \"Inbound\"\nweight = 1\ndate = 2024-01-02\n[taxonomies]\ntags = [\"front office\", \"voice\"]\n+++\nCustomers call you.\n\n<!-- more -->\n\n## Pricing\n\nPer minute. Compare [outbound](outbound.md).\n\n## Pricing\n\nAgain.\n");
        s.write("content/call-centers/outbound.md", "---\ntitle: Outbound\nweight: 2\ndate: 2024-01-03\ntaxonomies:\n  tags: [voice]\n---\nYou call them. Back to [inbound](@/call-centers/inbound.md).\n");
        s.write(
            "content/call-centers/virtual.md",
            "+++\nweight = 3\n+++\n# Virtual call centers\n\nAgents at home.\n",
        );
        s
    }

    pub(crate) fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    pub(crate) fn read_out(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel))
            .unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Runs the real CLI with `args` inside the site root.
    pub(crate) fn cli(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run shoreline")
    }

    pub(crate) fn build(&self) -> Output {
        self.cli(&["build"])
    }
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file under `dir` with its bytes (and its mtime is ignored: content is what must not change).
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap_or(&p).to_path_buf(),
                    std::fs::read(&p).unwrap_or_default(),
                );
            }
        }
    }
    out
}

/// The workspace root, which holds the bundled knowledge base.
pub(crate) fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

/// URL path of every page (`/bpo/x/`) -> its HTML, leaving out redirects and the 404 page.
pub(crate) fn pages(out: &Path) -> BTreeMap<String, String> {
    snapshot(out)
        .into_iter()
        .filter(|(p, _)| p.file_name().is_some_and(|n| n == "index.html"))
        .map(|(p, b)| {
            let dir = p
                .parent()
                .map(|d| d.to_string_lossy().into_owned())
                .unwrap_or_default();
            let url = if dir.is_empty() {
                "/".to_string()
            } else {
                format!("/{dir}/")
            };
            (url, String::from_utf8_lossy(&b).into_owned())
        })
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .collect()
}

/// Builds the bundled knowledge base into `out/site` with the real CLI and returns that folder.
pub(crate) fn build_bundled(out: &Path) -> PathBuf {
    let site = out.join("site");
    let o = Command::new(env!("CARGO_BIN_EXE_shoreline-cli"))
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output-dir")
        .arg(&site)
        .output()
        .expect("run shoreline");
    assert!(
        o.status.success(),
        "the bundled site must build:\n{}",
        stderr(&o)
    );
    site
}

/// Builds `s` and checks it fails cleanly (exit 1, no panic) naming every one of `expected` on stderr.
pub(crate) fn fails(s: &Site, expected: &[&str]) {
    let o = s.build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
}
