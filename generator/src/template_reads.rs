//! What a template can read of its context, found in its syntax tree: a taxonomy list whose templates never
//! read the pages of its terms is rendered without them (at 100,000 pages they were 400,000 page values,
//! copied into one context).

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// The context variable a taxonomy list iterates, and the field of each of its entries that is costly.
const TERMS: &str = "terms";
const PAGES: &str = "pages";

/// Whether rendering template `name`, with the templates it extends and includes, can read the `pages` of
/// any of `terms`. When unsure (a template it names is unknown, a term is used whole or indexed by a
/// variable), the answer is yes: leaving pages out is only ever a saving, never a change of output.
pub(crate) fn reads_term_pages(tera: &tera::Tera, name: &str) -> bool {
    let Some(templates) = reachable(tera, name) else {
        return true;
    };
    let mut loops: Vec<&str> = Vec::new();
    let mut exprs: Vec<&Expr> = Vec::new();
    for t in &templates {
        visit(&t.ast, &mut |seen| match seen {
            Seen::TermLoop(var) => loops.push(var),
            Seen::Expr(e) => exprs.push(e),
            Seen::Include(_) => {}
        });
    }
    let mut idents = Vec::new();
    for e in exprs {
        idents_of(e, &mut idents);
    }
    idents
        .iter()
        .any(|(ident, filters)| reads_pages(ident, filters, &loops))
}

/// `name` and every template rendered with its context: its parents and what they include, transitively.
/// `None` when one of them is not known.
fn reachable<'t>(tera: &'t tera::Tera, name: &str) -> Option<Vec<&'t tera::Template>> {
    let mut found: Vec<&tera::Template> = Vec::new();
    let mut todo = vec![name.to_string()];
    while let Some(next) = todo.pop() {
        if found.iter().any(|t| t.name == next) {
            continue;
        }
        let t = tera.get_template(&next).ok()?;
        todo.extend(t.parents.iter().cloned());
        visit(&t.ast, &mut |seen| {
            if let Seen::Include(names) = seen {
                todo.extend(names.iter().cloned());
            }
        });
        found.push(t);
    }
    Some(found)
}

/// What the walk reports.
enum Seen<'a> {
    /// `{% include %}` of one of these names.
    Include(&'a [String]),
    /// `{% for var in terms %}`.
    TermLoop(&'a str),
    /// An expression evaluated against the context.
    Expr(&'a Expr),
}

/// Walks `nodes` and the bodies nested in them. Macro definitions are skipped: a Tera macro sees only its
/// arguments, which are expressions at the place it is called.
fn visit<'a>(nodes: &'a [Node], f: &mut dyn FnMut(Seen<'a>)) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, e) => f(Seen::Expr(e)),
            Node::Include(_, names, _) => f(Seen::Include(names)),
            Node::Set(_, set) => f(Seen::Expr(&set.value)),
            Node::FilterSection(_, section, _) => {
                section.filter.args.values().for_each(|e| f(Seen::Expr(e)));
                visit(&section.body, f);
            }
            Node::Block(_, block, _) => visit(&block.body, f),
            Node::Forloop(_, l, _) => {
                match &l.container.val {
                    ExprVal::Ident(c) if c == TERMS => f(Seen::TermLoop(&l.value)),
                    _ => f(Seen::Expr(&l.container)),
                }
                l.container
                    .filters
                    .iter()
                    .flat_map(|c| c.args.values())
                    .for_each(|e| f(Seen::Expr(e)));
                visit(&l.body, f);
                if let Some(empty) = &l.empty_body {
                    visit(empty, f);
                }
            }
            Node::If(i, _) => {
                for (_, e, body) in &i.conditions {
                    // `{% if terms %}` asks whether there are any: it reads none of them.
                    if !is_bare(e, TERMS) {
                        f(Seen::Expr(e));
                    }
                    visit(body, f);
                }
                if let Some((_, body)) = &i.otherwise {
                    visit(body, f);
                }
            }
            _ => {}
        }
    }
}

/// Whether `e` is the variable `name` alone, with no filter.
fn is_bare(e: &Expr, name: &str) -> bool {
    e.filters.is_empty() && matches!(&e.val, ExprVal::Ident(n) if n == name)
}

/// Every identifier `e` reads, with the filters applied to it when it is the whole expression.
fn idents_of<'a>(e: &'a Expr, out: &mut Vec<(&'a str, &'a [FunctionCall])>) {
    for call in &e.filters {
        call.args.values().for_each(|a| idents_of(a, out));
    }
    match &e.val {
        ExprVal::Ident(name) => out.push((name, &e.filters)),
        other => val_idents(other, out),
    }
}

fn val_idents<'a>(v: &'a ExprVal, out: &mut Vec<(&'a str, &'a [FunctionCall])>) {
    match v {
        ExprVal::Ident(name) => out.push((name, &[])),
        ExprVal::Math(m) => [&m.lhs, &m.rhs].into_iter().for_each(|e| idents_of(e, out)),
        ExprVal::Logic(l) => [&l.lhs, &l.rhs].into_iter().for_each(|e| idents_of(e, out)),
        ExprVal::In(i) => [&i.lhs, &i.rhs].into_iter().for_each(|e| idents_of(e, out)),
        // `terms is defined` tests the value, it reads nothing of it: only the test's arguments count.
        ExprVal::Test(t) => t.args.iter().for_each(|e| idents_of(e, out)),
        ExprVal::MacroCall(c) => c.args.values().for_each(|e| idents_of(e, out)),
        ExprVal::FunctionCall(c) => c.args.values().for_each(|e| idents_of(e, out)),
        ExprVal::Array(items) => items.iter().for_each(|e| idents_of(e, out)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|v| val_idents(v, out)),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
    }
}

/// Whether reading `ident` (with `filters`) can reach a term's pages; `loops` are the variables bound to
/// one term at a time.
fn reads_pages(ident: &str, filters: &[FunctionCall], loops: &[&str]) -> bool {
    if ident == "__tera_context" {
        return true;
    }
    let root = ident.split(['.', '[']).next().unwrap_or(ident);
    if root == TERMS && ident == TERMS {
        // Counting the terms reads none of them; anything else may hand them on whole.
        return !(filters.len() == 1 && filters[0].name == "length");
    }
    if root != TERMS && !loops.contains(&root) {
        return false;
    }
    ident == root || ident.contains('[') || ident.contains(PAGES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(templates: &[(&str, &str)]) -> bool {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        reads_term_pages(&tera, templates[0].0)
    }

    #[test]
    fn names_and_counts_read_no_pages() {
        assert!(!reads(&[(
            "list.html",
            "{% if terms %}{{ terms | length }}{% endif %}{% if terms is defined %}{% endif %}\
             {% for t in terms %}{{ t.name }} {{ t.page_count }}{% endfor %}\
             {% for p in section.pages %}{{ p.title }}{% endfor %}"
        )]));
    }

    #[test]
    fn a_term_s_pages_read_anywhere_it_can_be_reached_count() {
        assert!(reads(&[(
            "list.html",
            "{% for t in terms %}{{ t.pages | length }}{% endfor %}"
        )]));
        assert!(reads(&[("list.html", "{{ terms.0.pages }}")]));
        // In a parent, through an include, or handed to a macro whole.
        assert!(reads(&[
            ("list.html", "{% extends \"base.html\" %}"),
            ("base.html", "{% include \"part.html\" %}"),
            (
                "part.html",
                "{% for x in terms %}{{ x[\"pages\"] }}{% endfor %}"
            ),
        ]));
        assert!(reads(&[
            (
                "list.html",
                "{% import \"m.html\" as m %}{% for t in terms %}{{ m::card(term=t) }}{% endfor %}"
            ),
            (
                "m.html",
                "{% macro card(term) %}{{ term.name }}{% endmacro %}"
            ),
        ]));
        assert!(reads(&[("list.html", "{% set all = terms %}")]));
        assert!(reads(&[(
            "list.html",
            "{% for t in terms %}{{ t[key] }}{% endfor %}"
        )]));
    }

    #[test]
    fn an_unknown_include_is_unsure() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("list.html", "{% include \"gone.html\" ignore missing %}")
            .unwrap();
        assert!(reads_term_pages(&tera, "list.html"));
    }
}
