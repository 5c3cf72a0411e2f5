//! Names of the widget's landmarks. One widget on a page needs no more than its headings give; two must not
//! repeat the same landmarks, or a screen reader's list of them shows entries nobody can tell apart.

use crate::messages::Messages;

/// The accessible name of each landmark the widget renders (`None`: the landmark stays unnamed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Landmarks {
    pub search: Option<String>,
    pub filters: String,
    pub advice: Option<String>,
    pub compare: String,
}

impl Landmarks {
    /// `instance` tells this widget from the others on the page; `None` when it is alone.
    pub(crate) fn new(m: &Messages, instance: Option<&str>) -> Landmarks {
        let named = |base: &str| match instance {
            Some(which) => [base, " (", which, ")"].concat(),
            None => base.to_string(),
        };
        Landmarks {
            search: instance.map(|_| named(m.describe)),
            filters: named(m.filters),
            advice: instance.map(|_| named(m.advice_title)),
            compare: named(m.comparison_table),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_widget_keeps_plain_names_and_several_name_each_landmark() {
        let m = crate::messages::for_lang(None);
        let alone = Landmarks::new(m, None);
        assert_eq!(alone.search, None);
        assert_eq!(alone.filters, m.filters);
        let calls = Landmarks::new(m, Some("calls"));
        let office = Landmarks::new(m, Some("office"));
        assert_ne!(calls.search, office.search);
        assert_ne!(calls.advice, office.advice);
        assert_ne!(calls.filters, office.filters);
        assert!(calls.advice.unwrap().ends_with("(calls)"));
    }
}
