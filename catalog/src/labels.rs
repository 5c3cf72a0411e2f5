//! Translated labels of facets and values (`labels = { es = "...", fr = "..." }` in catalog.toml): reading
//! them with located errors, and picking the one for a language with English as the fallback.

use crate::located::CatalogError;
use crate::toml_table::{item_at, value_type_name, TableReader};
use crate::validate::allowed_with_suggestion;

/// The languages a label may be translated into; `label` itself is the English one.
pub const LANGUAGES: [&str; 4] = ["de", "es", "fr", "pt"];

/// (language, label) pairs, in the order written.
pub type Labels = Vec<(String, String)>;

/// The label for `lang` ("fr", "pt"; base language codes), or `english` when there is none.
pub fn label_in<'a>(english: &'a str, labels: &'a [(String, String)], lang: &str) -> &'a str {
    labels
        .iter()
        .find(|(l, _)| l == lang)
        .map_or(english, |(_, label)| label.as_str())
}

/// Reads the optional `labels` table of `reader`: every key a known language, every label a non-empty string.
pub(crate) fn read_labels(reader: &TableReader<'_>, errors: &mut Vec<CatalogError>) -> Labels {
    match reader.item("labels") {
        Some(item) => labels_of(reader, "labels", item, errors),
        None => Vec::new(),
    }
}

/// Reads the optional `groups` table of a facet: each value group's name with its translated labels
/// (`[facet.groups]` then `Money = { es = "Dinero" }`). Every name must be a group one of `values` uses.
pub(crate) fn read_group_labels(
    reader: &TableReader<'_>,
    groups: &[&str],
    errors: &mut Vec<CatalogError>,
) -> Vec<(String, Labels)> {
    let Some(item) = reader.item("groups") else {
        return Vec::new();
    };
    let Some(table) = item.as_table_like() else {
        errors.push(reader.wrong_type("groups", "a table of group names", item));
        return Vec::new();
    };
    let inner = reader.child(table, item_at(reader.text, item), &reader.name);
    let mut out = Vec::new();
    for (name, labels) in table.iter() {
        if !groups.contains(&name) {
            errors.push(
                CatalogError::new(
                    inner.key_at(name),
                    format!("unknown group `{name}` in `groups` of {}", reader.name),
                )
                .with_help(allowed_with_suggestion("groups", name, groups)),
            );
            continue;
        }
        let labels = labels_of(reader, &format!("groups.{name}"), labels, errors);
        out.push((name.to_string(), labels));
    }
    out
}

/// One `{ es = "...", ... }` table under `key` of `reader`.
fn labels_of(
    reader: &TableReader<'_>,
    key: &str,
    item: &toml_edit::Item,
    errors: &mut Vec<CatalogError>,
) -> Labels {
    let Some(table) = item.as_table_like() else {
        errors.push(reader.wrong_type(key, "a table like { es = \"...\" }", item));
        return Vec::new();
    };
    let inner = reader.child(table, item_at(reader.text, item), &reader.name);
    let mut labels = Vec::new();
    for (lang, value) in table.iter() {
        if !LANGUAGES.contains(&lang) {
            errors.push(
                CatalogError::new(
                    inner.key_at(lang),
                    format!("unknown language `{lang}` in `{key}` of {}", reader.name),
                )
                .with_help(allowed_with_suggestion("languages", lang, &LANGUAGES)),
            );
            continue;
        }
        match value.as_str() {
            Some(label) if !label.trim().is_empty() => {
                labels.push((lang.to_string(), label.to_string()))
            }
            Some(_) => errors.push(CatalogError::new(
                item_at(reader.text, value),
                format!("`{key}.{lang}` in {} must not be empty", reader.name),
            )),
            None => errors.push(CatalogError::new(
                item_at(reader.text, value),
                format!(
                    "`{key}.{lang}` in {} must be a string, found {}",
                    reader.name,
                    value.as_value().map_or("a table", value_type_name)
                ),
            )),
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use crate::schema::parse_schema;

    const TRANSLATED: &str = r#"version = 1
[[facet]]
id = "needs"
label = "What do you need?"
labels = { es = "¿Qué necesita?", fr = "De quoi avez-vous besoin ?" }
kind = "set"
values = [
  { id = "payroll", label = "Run payroll", labels = { de = "Lohnabrechnung", pt = "Folha de pagamento" }, group = "Money" },
  { id = "claims", label = "Process claims", group = "Insurance" },
]
[facet.groups]
Money = { fr = "Finances", de = "Finanzen" }
"#;

    #[test]
    fn translated_labels_are_read_and_fall_back_to_english() {
        let schema = parse_schema(TRANSLATED).expect("valid");
        let needs = &schema.facets[0];
        assert_eq!(needs.label_in("es"), "¿Qué necesita?");
        assert_eq!(needs.label_in("fr"), "De quoi avez-vous besoin ?");
        assert_eq!(needs.label_in("de"), "What do you need?", "no German label");
        assert_eq!(needs.label_in("en"), "What do you need?");
        assert_eq!(needs.values[0].label_in("de"), "Lohnabrechnung");
        assert_eq!(needs.values[0].label_in("pt"), "Folha de pagamento");
        assert_eq!(needs.values[0].label_in("es"), "Run payroll");
        assert_eq!(needs.values[1].label_in("fr"), "Process claims");
        assert_eq!(needs.group_label_in("Money", "fr"), "Finances");
        assert_eq!(needs.group_label_in("Money", "es"), "Money");
        assert_eq!(needs.group_label_in("Insurance", "de"), "Insurance");
    }

    #[test]
    fn group_labels_must_name_a_group_of_the_values() {
        let toml = TRANSLATED.replace("Money = {", "Mony = {");
        let errors = parse_schema(&toml).unwrap_err();
        assert_eq!(
            (errors[0].line, errors[0].col, errors[0].message.as_str()),
            (12, 1, "unknown group `Mony` in `groups` of facet `needs`")
        );
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `Money`? allowed groups: Money, Insurance")
        );
        let toml = TRANSLATED.replace("Money = { fr", "Money = { it");
        let errors = parse_schema(&toml).unwrap_err();
        assert_eq!(
            (errors[0].line, errors[0].col, errors[0].message.as_str()),
            (
                12,
                11,
                "unknown language `it` in `groups.Money` of facet `needs`"
            )
        );
    }

    #[test]
    fn an_unknown_language_is_a_located_error_with_a_suggestion() {
        let toml = TRANSLATED.replace("de = \"Lohn", "dd = \"Lohn");
        let errors = parse_schema(&toml).unwrap_err();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!(
            (e.line, e.col, e.message.as_str()),
            (
                8,
                55,
                "unknown language `dd` in `labels` of value `payroll` of facet `needs`"
            )
        );
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean `de`? allowed languages: de, es, fr, pt")
        );
        // English is the `label` itself, not a translation.
        let toml = TRANSLATED.replace("es = \"¿Qué", "en = \"¿Qué");
        let errors = parse_schema(&toml).unwrap_err();
        assert_eq!(
            (errors[0].line, errors[0].message.as_str()),
            (5, "unknown language `en` in `labels` of facet `needs`")
        );
    }

    #[test]
    fn labels_must_be_a_table_of_non_empty_strings() {
        let toml = TRANSLATED.replace("fr = \"De quoi avez-vous besoin ?\"", "fr = \" \"");
        let errors = parse_schema(&toml).unwrap_err();
        assert_eq!(
            errors[0].message,
            "`labels.fr` in facet `needs` must not be empty"
        );
        let toml = TRANSLATED.replace(
            "labels = { es = \"¿Qué necesita?\", fr = \"De quoi avez-vous besoin ?\" }",
            "labels = \"Paie\"",
        );
        let errors = parse_schema(&toml).unwrap_err();
        assert_eq!(
            (errors[0].line, errors[0].col, errors[0].message.as_str()),
            (
                5,
                10,
                "`labels` in facet `needs` must be a table like { es = \"...\" }, found a string"
            )
        );
    }
}
