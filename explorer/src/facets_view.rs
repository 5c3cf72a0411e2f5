//! The filter controls: the needs question (grouped checkboxes), one box per other facet, the text box.

use shoreline_catalog::{Facet, FacetKind, FacetValue, QueryResult, Understood, NEEDS_FACET};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{chip_key, on_click, App, Data, Msg};
use crate::hash_state::HashState;
use crate::messages::Messages;

/// "What do you need?": every need as a checkbox with its live count, one fieldset per group.
pub(crate) fn needs(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    state: &HashState,
    result: &QueryResult,
) -> Html {
    let Some(facet) = data.catalog.schema.facet(NEEDS_FACET).filter(|f| f.filter) else {
        return html! {};
    };
    // Groups in the order their first value appears in catalog.toml.
    let mut groups: Vec<(Option<&str>, Vec<&FacetValue>)> = Vec::new();
    for value in &facet.values {
        let group = value.group.as_deref();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, values)) => values.push(value),
            None => groups.push((group, vec![value])),
        }
    }
    let grouped = groups.len() > 1 || groups.first().is_some_and(|(g, _)| g.is_some());
    let picked = state.selected.get(NEEDS_FACET);
    html! {
        <fieldset class="need-groups">
            <legend>{ facet.label_in(m.code) }</legend>
            { for groups.into_iter().enumerate().map(|(i, (group, values))| {
                // The first group and any with a checked need start open; the rest fold away to keep the
                // list short enough that the results stay in view.
                let open = i == 0 || values.iter().any(|v| picked.is_some_and(|p| p.contains(&v.id)));
                let options: Html = values.into_iter().map(|v| option(link, m, facet, v, state, result)).collect();
                if grouped {
                    let name = group.map_or(m.other_group, |g| facet.group_label_in(g, m.code)).to_string();
                    html! {
                        <details class="group" key={name.clone()} {open}>
                            <summary>{ name.clone() }</summary>
                            <fieldset>
                                <legend class="visually-hidden">{ name }</legend>
                                { options }
                            </fieldset>
                        </details>
                    }
                } else {
                    options
                }
            }) }
        </fieldset>
    }
}

/// One facet collapsed under its name (open while it has a selection): checkboxes, or "at most" for numbers.
pub(crate) fn facet_box(
    link: &Scope<App>,
    m: &Messages,
    facet: &Facet,
    state: &HashState,
    result: &QueryResult,
) -> Html {
    let picked = state.selected.get(&facet.id).map_or(0, Vec::len);
    let body = match facet.kind {
        FacetKind::Integer => number_choice(link, m, facet, state, result),
        FacetKind::Enum | FacetKind::Set => facet
            .values
            .iter()
            .map(|v| option(link, m, facet, v, state, result))
            .collect(),
    };
    // The question is English prose; another language asks with the facet's translated name.
    let legend = match &facet.question {
        Some(question) if m.code == "en" => question.as_str(),
        _ => facet.label_in(m.code),
    };
    html! {
        <details class="facet" key={facet.id.clone()} open={picked > 0}>
            <summary>
                { facet.label_in(m.code) }
                if picked > 0 { <span class="picked">{ m.count(&m.n_selected, picked) }</span> }
            </summary>
            <fieldset>
                <legend>{ legend }</legend>
                { body }
            </fieldset>
        </details>
    }
}

/// One checkbox: label, live count; unchecked values with no matching service are dimmed but stay usable.
fn option(
    link: &Scope<App>,
    m: &Messages,
    facet: &Facet,
    value: &FacetValue,
    state: &HashState,
    result: &QueryResult,
) -> Html {
    let checked = state
        .selected
        .get(&facet.id)
        .is_some_and(|vs| vs.contains(&value.id));
    let count = result
        .counts
        .get(&facet.id)
        .and_then(|c| c.get(&value.id))
        .copied()
        .unwrap_or(0);
    let onchange = {
        let facet = facet.id.clone();
        let value = value.id.clone();
        link.callback(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            Msg::Toggle {
                facet: facet.clone(),
                value: value.clone(),
                on: input.checked(),
            }
        })
    };
    html! {
        <label class={if count == 0 && !checked { "option none" } else { "option" }} key={value.id.clone()}>
            <input type="checkbox" name={facet.id.clone()} value={value.id.clone()} {checked} {onchange} />
            <span>{ value.label_in(m.code) }</span>
            <span class="count">
                <span aria-hidden="true">{ count }</span>
                <span class="visually-hidden">{ [", ", &m.services(count)].concat() }</span>
            </span>
        </label>
    }
}

/// An integer facet ("at most N"): a select of the numbers that occur in the catalog, with counts.
fn number_choice(
    link: &Scope<App>,
    m: &Messages,
    facet: &Facet,
    state: &HashState,
    result: &QueryResult,
) -> Html {
    let current = state
        .selected
        .get(&facet.id)
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default();
    // In numeric order (the counts are keyed by the number as text). Inserted in place rather than sorted: the
    // list is short, and a sort would bring its own code into the download.
    let mut numbers: Vec<(i64, usize)> = Vec::new();
    for (n, count) in result.counts.get(&facet.id).into_iter().flatten() {
        if let Ok(n) = n.parse::<i64>() {
            let at = numbers.partition_point(|(m, _)| *m < n);
            numbers.insert(at, (n, *count));
        }
    }
    let onchange = {
        let facet = facet.id.clone();
        link.callback(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            Msg::SetNumber {
                facet: facet.clone(),
                value: (!value.is_empty()).then_some(value),
            }
        })
    };
    let id = ["sx-", &facet.id].concat();
    html! {
        <div class="number">
            <label for={id.clone()}>{ m.at_most }</label>
            <select {id} name={facet.id.clone()} {onchange}>
                <option value="" selected={current.is_empty()}>{ m.any }</option>
                { for numbers.into_iter().map(|(n, count)| {
                    let value = n.to_string();
                    let text = [&value, " (", &count.to_string(), ")"].concat();
                    html! {
                        <option key={value.clone()} selected={value == current} value={value.clone()}>
                            { text }
                        </option>
                    }
                }) }
            </select>
        </div>
    }
}

/// "Describe your problem": free text, with what was understood as removable chips and the needs it seems to
/// describe offered as one-click filters.
pub(crate) fn search(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    state: &HashState,
    result: &QueryResult,
    name: Option<&str>,
) -> Html {
    let oninput = link.callback(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        Msg::Text(input.value())
    });
    html! {
        <div class="search" role="search" aria-label={name.map(str::to_string)}>
            <label for="sx-q">{ m.describe }</label>
            <input id="sx-q" type="search" autocomplete="off" spellcheck="false"
                maxlength={crate::hash_state::MAX_TEXT_CHARS.to_string()}
                placeholder={m.placeholder} value={state.text.clone()} {oninput} />
            if !result.understood.is_empty() {
                <p class="understood">
                    <span>{ m.we_understood }</span>
                    { for result.understood.iter().map(|u| chip(link, m, data, u)) }
                </p>
            }
            if !result.inferred_needs.is_empty() {
                <p class="inferred">
                    <span>{ m.add_as_filter }</span>
                    { for result.inferred_needs.iter().take(4).map(|need| {
                        let label = data.value_label(NEEDS_FACET, need, m.code).to_string();
                        let onclick = on_click(link, Msg::AddNeed(need.clone()));
                        html! {
                            <button type="button" class="secondary chip" key={need.clone()} {onclick}
                                aria-label={m.with(m.add_need, &label)}>
                                { ["+ ", &label].concat() }
                            </button>
                        }
                    }) }
                </p>
            }
        </div>
    }
}

/// One "we understood" chip; clicking it stops the constraint counting in the ranking.
fn chip(link: &Scope<App>, m: &Messages, data: &Data, u: &Understood) -> Html {
    let key = chip_key(u);
    let label = understood_label(m, data, u);
    let shown = if u.negated {
        m.with(m.not_x, &label)
    } else {
        label
    };
    let onclick = on_click(link, Msg::Dismiss(key.clone()));
    html! {
        <button type="button" class="secondary chip" {key} {onclick}
            title={m.with(m.you_wrote, &m.quoted(&u.words))}
            aria-label={m.with(m.remove, &shown)}>
            { [&shown, " \u{d7}"].concat() }
        </button>
    }
}

/// What a chip says was understood: the value's label, or "Facet: at most N" for a number.
fn understood_label(m: &Messages, data: &Data, u: &Understood) -> String {
    match data.catalog.schema.facet(&u.facet) {
        Some(facet) if facet.kind == FacetKind::Integer => m
            .with(m.at_most_of, facet.label_in(m.code))
            .replace("{n}", &u.value),
        Some(_) => data.value_label(&u.facet, &u.value, m.code).to_string(),
        None => u.label.clone(),
    }
}
