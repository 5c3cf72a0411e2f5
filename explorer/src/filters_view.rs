//! The filter panel: the needs and the few facets a buyer uses most up front, the rest under "More filters";
//! on a phone, all of it in a drawer behind a "Filters (n)" button, closed by "Show N services" or Escape.

use shoreline_catalog::{Facet, QueryResult, Schema, NEEDS_FACET};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{on_click, App, Data, Msg};
use crate::facets_view;
use crate::hash_state::HashState;
use crate::messages::Messages;

/// How many facets lead when catalog.toml marks none `primary`.
const DEFAULT_PRIMARY: usize = 4;

/// What is open in the panel.
#[derive(Clone, Copy)]
pub(crate) struct Panel<'a> {
    pub drawer_open: bool,
    pub more_open: bool,
    /// The filters region's accessible name.
    pub name: &'a str,
}

/// The "Filters (n)" button (shown on phones only, by the stylesheet) and the panel it opens.
pub(crate) fn filters(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    state: &HashState,
    result: &QueryResult,
    panel: Panel,
) -> Html {
    let chosen: usize = state.selected.values().map(Vec::len).sum();
    let toggle_label = if chosen == 0 {
        m.filters.to_string()
    } else {
        m.filters_n.replace("{n}", &chosen.to_string())
    };
    let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
        (panel.drawer_open && e.key() == "Escape").then_some(Msg::CloseDrawer(false))
    });
    html! {
        <>
            <button type="button" class="secondary filters-toggle" aria-controls="sx-filters"
                aria-expanded={panel.drawer_open.to_string()}
                onclick={on_click(link, Msg::ToggleDrawer)}>
                { toggle_label }
            </button>
            <div id="sx-filters" class={classes!("filters", panel.drawer_open.then_some("open"))}
                role="region" aria-label={panel.name.to_string()} {onkeydown}>
                { facets_view::needs(link, m, data, state, result) }
                { facet_lists(link, m, data, state, result, panel.more_open) }
                <div class="drawer-foot">
                    <button type="button" class="primary show-results"
                        onclick={on_click(link, Msg::CloseDrawer(true))}>
                        { m.count(&m.show_n, result.total) }
                    </button>
                </div>
            </div>
        </>
    }
}

/// The primary facets, then "More filters" holding the rest. A facet with a selection is never left inside a
/// closed "More filters": the disclosure opens while any of its facets has one.
fn facet_lists(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    state: &HashState,
    result: &QueryResult,
    more_open: bool,
) -> Html {
    let (primary, secondary) = split_facets(&data.catalog.schema);
    if secondary.is_empty() && primary.is_empty() {
        return html! {};
    }
    let selected = |f: &&Facet| state.selected.get(&f.id).is_some_and(|v| !v.is_empty());
    let open = more_open || secondary.iter().any(selected);
    let boxes = |facets: Vec<&Facet>| -> Html {
        facets
            .into_iter()
            .map(|f| facets_view::facet_box(link, m, f, state, result))
            .collect()
    };
    html! {
        <div class="more-filters">
            { boxes(primary) }
            if !secondary.is_empty() {
                <button type="button" class="more-toggle" aria-controls="sx-more"
                    aria-expanded={open.to_string()}
                    onclick={on_click(link, Msg::ToggleMore)}>
                    { m.more_filters }
                </button>
                // Built only while open: hidden, its boxes would still be rebuilt and compared on every
                // keystroke, a third of the widget's elements for nothing on screen.
                <div id="sx-more" class="secondary-facets" hidden={!open}>
                    if open { { boxes(secondary) } }
                </div>
            }
        </div>
    }
}

/// The filterable facets besides the needs, split into those shown up front and those under "More filters":
/// the ones catalog.toml marks `primary`, or else the first few in catalog order.
pub(crate) fn split_facets(schema: &Schema) -> (Vec<&Facet>, Vec<&Facet>) {
    let facets: Vec<&Facet> = schema
        .facets
        .iter()
        .filter(|f| f.filter && f.id != NEEDS_FACET)
        .collect();
    let marked = facets.iter().any(|f| f.primary);
    let mut primary = Vec::new();
    let mut secondary = Vec::new();
    for (i, facet) in facets.into_iter().enumerate() {
        let lead = if marked {
            facet.primary
        } else {
            i < DEFAULT_PRIMARY
        };
        if lead {
            primary.push(facet);
        } else {
            secondary.push(facet);
        }
    }
    (primary, secondary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shoreline_catalog::parse_schema;

    fn schema(marks: &[bool]) -> Schema {
        let mut toml = String::from("version = 1\n");
        for (i, primary) in marks.iter().enumerate() {
            toml.push_str(&format!(
                "[[facet]]\nid = \"f{i}\"\nlabel = \"F{i}\"\nkind = \"integer\"\nprimary = {primary}\n"
            ));
        }
        toml.push_str(
            "[[facet]]\nid = \"info\"\nlabel = \"I\"\nkind = \"integer\"\nfilter = false\n",
        );
        parse_schema(&toml).expect("valid schema")
    }

    fn ids(facets: &[&Facet]) -> Vec<String> {
        facets.iter().map(|f| f.id.clone()).collect()
    }

    #[test]
    fn marked_facets_lead_and_the_rest_fold() {
        let schema = schema(&[false, true, false, true, false]);
        let (primary, secondary) = split_facets(&schema);
        assert_eq!(ids(&primary), ["f1", "f3"]);
        assert_eq!(
            ids(&secondary),
            ["f0", "f2", "f4"],
            "informational facets are not filters"
        );
    }

    #[test]
    fn without_marks_the_first_few_lead() {
        let schema = schema(&[false; 6]);
        let (primary, secondary) = split_facets(&schema);
        assert_eq!(ids(&primary), ["f0", "f1", "f2", "f3"]);
        assert_eq!(ids(&secondary), ["f4", "f5"]);
    }
}
