//! Typed, located reads from a parsed TOML table: every read either yields a value or records an error at the
//! key or value that was wrong, so one pass reports every problem.

use toml_edit::{Item, TableLike, Value};

use crate::located::{CatalogError, Located};
use crate::validate::allowed_with_suggestion;

/// Parses `text`, turning a syntax error into a located error.
pub(crate) fn parse_document(text: &str) -> Result<toml_edit::ImDocument<&str>, CatalogError> {
    toml_edit::ImDocument::parse(text).map_err(|e| {
        CatalogError::new(
            Located::from_span(text, e.span()),
            format!("TOML syntax error: {}", e.message().trim_end()),
        )
    })
}

/// "a string", "an array", ... for messages about a found type.
pub(crate) fn item_type_name(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Value(v) => value_type_name(v),
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
    }
}

/// "a string", "an integer", ... for messages about a found value.
pub(crate) fn value_type_name(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date-time",
        Value::Array(_) => "an array",
        Value::InlineTable(_) => "a table",
    }
}

/// Where a value starts.
pub(crate) fn value_at(text: &str, value: &Value) -> Located {
    Located::from_span(text, value.span())
}

/// Where an item starts (a table's header, or the value).
pub(crate) fn item_at(text: &str, item: &Item) -> Located {
    Located::from_span(text, item.span())
}

/// One table being read: the text it came from, where it starts, and a name for messages.
pub(crate) struct TableReader<'a> {
    pub text: &'a str,
    pub table: &'a dyn TableLike,
    pub at: Located,
    /// How messages name this table, e.g. "facet `needs`".
    pub name: String,
}

impl<'a> TableReader<'a> {
    /// A reader for a table nested in this one's text.
    pub(crate) fn child(
        &self,
        table: &'a dyn TableLike,
        at: Located,
        name: &str,
    ) -> TableReader<'a> {
        TableReader {
            text: self.text,
            table,
            at,
            name: name.to_string(),
        }
    }

    /// Records an error for each key outside `allowed`.
    pub(crate) fn reject_unknown_keys(&self, allowed: &[&str], errors: &mut Vec<CatalogError>) {
        for (key, _) in self.table.iter() {
            if !allowed.contains(&key) {
                errors.push(
                    CatalogError::new(
                        self.key_at(key),
                        format!("unknown key `{key}` in {}", self.name),
                    )
                    .with_help(allowed_with_suggestion("keys", key, allowed)),
                );
            }
        }
    }

    /// Where `key` is written (or the table's start when it is absent).
    pub(crate) fn key_at(&self, key: &str) -> Located {
        self.table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .map_or(self.at, |span| Located::from_offset(self.text, span.start))
    }

    /// The item under `key`, if present.
    pub(crate) fn item(&self, key: &str) -> Option<&'a Item> {
        self.table.get(key)
    }

    /// An optional string; a value of another type is an error.
    pub(crate) fn string(&self, key: &str, errors: &mut Vec<CatalogError>) -> Option<String> {
        let item = self.item(key)?;
        match item.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                errors.push(self.wrong_type(key, "a string", item));
                None
            }
        }
    }

    /// A string that must be present and non-empty.
    pub(crate) fn required_string(
        &self,
        key: &str,
        errors: &mut Vec<CatalogError>,
    ) -> Option<String> {
        if self.item(key).is_none() {
            errors.push(CatalogError::new(
                self.at,
                format!("missing `{key}` in {}", self.name),
            ));
            return None;
        }
        let value = self.string(key, errors)?;
        if value.trim().is_empty() {
            errors.push(CatalogError::new(
                self.item(key).map_or(self.at, |i| item_at(self.text, i)),
                format!("`{key}` in {} must not be empty", self.name),
            ));
            return None;
        }
        Some(value)
    }

    /// An optional boolean with a default.
    pub(crate) fn bool_or(&self, key: &str, default: bool, errors: &mut Vec<CatalogError>) -> bool {
        let Some(item) = self.item(key) else {
            return default;
        };
        match item.as_bool() {
            Some(b) => b,
            None => {
                errors.push(self.wrong_type(key, "a boolean", item));
                default
            }
        }
    }

    /// An optional array of strings (each element checked).
    pub(crate) fn string_array(&self, key: &str, errors: &mut Vec<CatalogError>) -> Vec<String> {
        let Some(item) = self.item(key) else {
            return Vec::new();
        };
        let Some(array) = item.as_array() else {
            errors.push(self.wrong_type(key, "an array of strings", item));
            return Vec::new();
        };
        let mut out = Vec::new();
        for value in array.iter() {
            match value.as_str() {
                Some(s) => out.push(s.to_string()),
                None => errors.push(CatalogError::new(
                    value_at(self.text, value),
                    format!(
                        "`{key}` in {} must hold strings, found {}",
                        self.name,
                        value_type_name(value)
                    ),
                )),
            }
        }
        out
    }

    /// The error for a value of the wrong type under `key`.
    pub(crate) fn wrong_type(&self, key: &str, expected: &str, found: &Item) -> CatalogError {
        CatalogError::new(
            item_at(self.text, found),
            format!(
                "`{key}` in {} must be {expected}, found {}",
                self.name,
                item_type_name(found)
            ),
        )
    }
}
