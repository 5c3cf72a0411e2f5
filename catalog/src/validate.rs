//! Rules shared by every reader of a schema (catalog.toml and catalog.json), and the "did you mean" hint.

use crate::schema::{Facet, FacetKind, FacetValue, MatchKind};

/// Whether `rule` can apply to a facet of `kind`.
fn fits(kind: FacetKind, rule: MatchKind) -> bool {
    match rule {
        MatchKind::Any => matches!(kind, FacetKind::Enum | FacetKind::Set),
        // A service has one value of an enum, so "has every selected value" could only ever match one selection.
        MatchKind::All => kind == FacetKind::Set,
        MatchKind::AtLeast | MatchKind::Office | MatchKind::Direction | MatchKind::Staffing => {
            kind == FacetKind::Enum
        }
        MatchKind::AtMost => kind == FacetKind::Integer,
    }
}

/// Why `rule` cannot apply to a facet of `kind`, if it cannot.
pub(crate) fn match_fits_kind(kind: FacetKind, rule: MatchKind) -> Result<(), String> {
    if fits(kind, rule) {
        return Ok(());
    }
    let kinds: Vec<&str> = FacetKind::ALL
        .iter()
        .filter(|k| fits(**k, rule))
        .map(|k| k.as_str())
        .collect();
    Err(format!(
        "match `{}` needs kind {}",
        rule.as_str(),
        kinds.join(" or ")
    ))
}

/// The value ids a built-in match rule refers to by name, which the facet must therefore define.
pub(crate) fn values_named_by_rule(rule: MatchKind) -> &'static [&'static str] {
    match rule {
        MatchKind::Office => &["front", "back", "hybrid"],
        MatchKind::Direction => &["inbound", "outbound", "both"],
        MatchKind::Staffing => &["shared", "dedicated", "either"],
        MatchKind::Any | MatchKind::All | MatchKind::AtLeast | MatchKind::AtMost => &[],
    }
}

/// Problems with a facet's values that do not depend on where they were written.
pub(crate) fn facet_value_problems(facet: &Facet) -> Vec<String> {
    let mut problems = Vec::new();
    match facet.kind {
        FacetKind::Integer if !facet.values.is_empty() => {
            problems.push(format!("integer facet `{}` cannot have values", facet.id));
        }
        FacetKind::Enum | FacetKind::Set if facet.values.is_empty() => {
            problems.push(format!(
                "facet `{}` of kind {} needs at least one value",
                facet.id,
                facet.kind.as_str()
            ));
        }
        _ => {}
    }
    let missing: Vec<&str> = values_named_by_rule(facet.match_kind)
        .iter()
        .copied()
        .filter(|id| !facet.values.iter().any(|v| v.id == *id))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "match `{}` needs the values {}; facet `{}` lacks {}",
            facet.match_kind.as_str(),
            values_named_by_rule(facet.match_kind).join(", "),
            facet.id,
            missing.join(", ")
        ));
    }
    problems
}

/// The first id that occurs twice among `values`, if any.
pub(crate) fn duplicate_value_id(values: &[FacetValue]) -> Option<&str> {
    values
        .iter()
        .enumerate()
        .find(|(i, v)| values.iter().take(*i).any(|earlier| earlier.id == v.id))
        .map(|(_, v)| v.id.as_str())
}

/// "allowed values: a, b, c" style list.
pub(crate) fn allowed_list(what: &str, ids: &[&str]) -> String {
    format!("allowed {what}: {}", ids.join(", "))
}

/// A hint naming the closest allowed id within edit distance 2 (case-insensitive), if there is one.
pub(crate) fn did_you_mean(given: &str, ids: &[&str]) -> Option<String> {
    let given = given.to_lowercase();
    ids.iter()
        .map(|id| (edit_distance(&given, &id.to_lowercase()), *id))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, id)| format!("did you mean `{id}`?"))
}

/// The allowed list plus a "did you mean" when one applies, as one help text.
pub(crate) fn allowed_with_suggestion(what: &str, given: &str, ids: &[&str]) -> String {
    match did_you_mean(given, ids) {
        Some(hint) => format!("{hint} {}", allowed_list(what, ids)),
        None => allowed_list(what, ids),
    }
}

/// Edit distance over characters: an insertion, a deletion, a substitution or two neighbours swapped each count
/// one (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows of the classic table: previous[j] is the distance between a[..i] and b[..j], before the row ahead of
    // it (for transpositions).
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let at = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(usize::MAX - 1);
            let substitution = at(&previous, j) + usize::from(ca != cb);
            let mut d = substitution
                .min(at(&previous, j + 1) + 1)
                .min(at(&current, j) + 1);
            // Two neighbouring letters typed the wrong way round ("denails") are one slip, not two.
            let swapped =
                i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) && ca != cb;
            if swapped {
                d = d.min(at(&before, j - 1) + 1);
            }
            current.push(d);
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("voice", "voice"), 0);
        assert_eq!(edit_distance("voise", "voice"), 1);
        assert_eq!(edit_distance("vice", "voice"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        // Neighbours swapped count once.
        assert_eq!(edit_distance("denails", "denials"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", "ca"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn suggestions_stay_within_two_edits() {
        let ids = ["voice", "email", "chat"];
        assert_eq!(
            did_you_mean("emial", &ids).as_deref(),
            Some("did you mean `email`?")
        );
        assert_eq!(
            did_you_mean("VOICE", &ids).as_deref(),
            Some("did you mean `voice`?")
        );
        assert_eq!(did_you_mean("telegram", &ids), None);
    }

    #[test]
    fn rules_fit_only_their_kinds() {
        assert!(match_fits_kind(FacetKind::Set, MatchKind::All).is_ok());
        assert_eq!(
            match_fits_kind(FacetKind::Set, MatchKind::AtMost),
            Err("match `at-most` needs kind integer".to_string())
        );
        assert_eq!(
            match_fits_kind(FacetKind::Integer, MatchKind::Any),
            Err("match `any` needs kind enum or set".to_string())
        );
    }
}
