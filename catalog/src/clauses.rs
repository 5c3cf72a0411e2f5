//! What a buyer's sentence says clause by clause: which clause each word belongs to, and the phrases whose
//! meaning reaches over a whole clause rather than one word ("refunds stay with our own team", "we don't need
//! cold calls or CRM clean-up", "offshore is fine"). The phrases are `[vocabulary]` data.

use crate::text::{folded, Token};

/// How many words before a tolerance or exclusion phrase the value it speaks of may end ("offshore processing
/// is fine").
const TOLERANCE_REACH: usize = 3;

/// The clause-level phrases of one schema, stemmed once per engine.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClausePhrases {
    clause_words: Vec<String>,
    subjects: Vec<String>,
    retention: Vec<Vec<String>>,
    refusals: Vec<Vec<String>>,
    back_refusals: Vec<Vec<String>>,
    tolerances: Vec<Vec<String>>,
    exclusions: Vec<Vec<String>>,
}

/// One sentence read clause by clause.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Clauses {
    /// The clause of each token, numbered from 0.
    clause: Vec<usize>,
    /// Per refusal: its clause and its last token; what follows in that clause is ruled out.
    refused: Vec<(usize, usize)>,
    /// The tokens (first, end) a refusal pointing back rules out: its clause before it, or the clause before.
    refused_back: Vec<(usize, usize)>,
    /// Per retention phrase: its clause and its first and last token.
    pub kept: Vec<(usize, usize, usize)>,
    /// The first token of each tolerance phrase.
    tolerated: Vec<usize>,
    /// The first token of each exclusion phrase.
    excluded: Vec<usize>,
}

/// A phrase as the stems of all its words, stop words included; `*` stands for any one word.
pub(crate) fn pattern(text: &str) -> Vec<String> {
    text.split_whitespace()
        .flat_map(|part| {
            if part == "*" {
                vec![part.to_string()]
            } else {
                crate::text::tokens(part)
                    .into_iter()
                    .map(|t| t.stem)
                    .collect()
            }
        })
        .collect()
}

/// Where `phrase` occurs in `tokens`: the first and last token of each occurrence.
pub(crate) fn occurrences(tokens: &[Token], phrase: &[String]) -> Vec<(usize, usize)> {
    if phrase.is_empty() {
        return Vec::new();
    }
    tokens
        .windows(phrase.len())
        .enumerate()
        .filter(|(_, window)| {
            window
                .iter()
                .zip(phrase)
                .all(|(t, p)| p == "*" || t.stem == *p)
        })
        .map(|(i, _)| (i, i + phrase.len() - 1))
        .collect()
}

/// Whether the text between two words keeps them out of one phrase: a comma (a list's items) or a clause end.
pub(crate) fn breaks_phrase(gap: &str) -> bool {
    gap.contains(',') || ends_clause(gap)
}

/// Whether the text between two words ends a clause: a sentence, a bracket, a dash or a colon does; a comma
/// does not, because commas also separate the items of one list ("the accounts, the payment plans and ...").
fn ends_clause(gap: &str) -> bool {
    gap.contains(['.', ';', ':', '!', '?', '(', ')', '\u{2013}', '\u{2014}'])
        || (gap.contains('-') && gap.contains(char::is_whitespace))
}

impl ClausePhrases {
    pub(crate) fn build(v: &crate::vocabulary::Vocabulary) -> ClausePhrases {
        let patterns = |list: &[String]| list.iter().map(|p| pattern(p)).collect();
        ClausePhrases {
            clause_words: v.clause_words.iter().map(|w| folded(w)).collect(),
            subjects: v.subjects.iter().map(|w| folded(w)).collect(),
            retention: patterns(&v.retention),
            refusals: patterns(&v.refusals),
            back_refusals: patterns(&v.back_refusals),
            tolerances: patterns(&v.tolerances),
            exclusions: patterns(&v.exclusions),
        }
    }

    /// Splits `tokens` of `text` into clauses and finds the clause-level phrases.
    pub(crate) fn read(&self, text: &str, tokens: &[Token]) -> Clauses {
        let mut clause = Vec::with_capacity(tokens.len());
        let mut current = 0;
        // The text just before token `i`.
        let gap = |i: usize| {
            i.checked_sub(1)
                .and_then(|p| tokens.get(p))
                .zip(tokens.get(i))
                .and_then(|(prev, t)| text.get(prev.end..t.start))
        };
        let comma_before = |i: usize| gap(i).is_some_and(|g| g.contains(','));
        for (i, t) in tokens.iter().enumerate() {
            // "..., we'd prefer" or "..., and we'd prefer": a new subject after a comma says something new.
            let new_subject = self.subjects.contains(&t.surface)
                && (comma_before(i)
                    || (i > 0
                        && crate::text::is_conjunction(&tokens[i - 1].surface)
                        && comma_before(i - 1)));
            if i > 0
                && (gap(i).is_some_and(ends_clause)
                    || self.clause_words.contains(&t.surface)
                    || new_subject)
            {
                current += 1;
            }
            clause.push(current);
        }
        // A phrase is said in one breath: "in our name, handle the questions" is no "our * handle the".
        let unbroken = |&(first, last): &(usize, usize)| {
            first == last
                || tokens
                    .get(first)
                    .zip(tokens.get(last))
                    .and_then(|(a, b)| text.get(a.end..b.start))
                    .is_some_and(|inside| !breaks_phrase(inside))
        };
        let found = |phrases: &[Vec<String>]| -> Vec<(usize, usize)> {
            phrases
                .iter()
                .flat_map(|p| occurrences(tokens, p))
                .filter(unbroken)
                .collect()
        };
        let at = |i: usize| clause.get(i).copied().unwrap_or(0);
        let refusals = found(&self.refusals);
        Clauses {
            // A refusal with nothing after it in its clause ("night time we don't need") points back too.
            refused_back: found(&self.back_refusals)
                .into_iter()
                .chain(refusals.iter().copied())
                .filter_map(|(first, last)| pointed_back(tokens, &clause, first, last))
                .collect(),
            refused: refusals
                .into_iter()
                .map(|(_, last)| (at(last), last))
                .collect(),
            kept: first_per_clause(
                found(&self.retention)
                    .into_iter()
                    .map(|(first, last)| (at(first), first, last))
                    .collect(),
            ),
            tolerated: found(&self.tolerances)
                .into_iter()
                .map(|(first, _)| first)
                .collect(),
            excluded: found(&self.exclusions)
                .into_iter()
                .map(|(first, _)| first)
                .collect(),
            clause,
        }
    }
}

impl Clauses {
    /// The clause of token `token`.
    pub(crate) fn of(&self, token: usize) -> Option<usize> {
        self.clause.get(token).copied()
    }

    /// Whether a refusal rules out the words from token `first` on: one earlier in its clause, or one pointing
    /// back at them.
    pub(crate) fn refused(&self, first: usize) -> bool {
        let Some(c) = self.of(first) else {
            return false;
        };
        self.refused
            .iter()
            .any(|&(clause, last)| clause == c && last < first)
            || self
                .refused_back
                .iter()
                .any(|&(from, end)| (from..end).contains(&first))
    }

    /// The retention phrase (its first and last token) whose clause holds token `first`, if any.
    pub(crate) fn kept(&self, first: usize) -> Option<(usize, usize)> {
        let c = self.of(first)?;
        self.kept
            .iter()
            .find(|(clause, ..)| *clause == c)
            .map(|&(_, a, b)| (a, b))
    }

    /// Whether token `i` is ruled out: after a refusal in its clause, or in the clause of a retention phrase
    /// (the phrase's own words aside).
    pub(crate) fn rules_out(&self, i: usize) -> bool {
        self.refused(i)
            || self
                .kept(i)
                .is_some_and(|(first, last)| i < first || i > last)
    }

    /// Whether a tolerance phrase follows shortly after token `last`, with no clause or list break between
    /// (`text` is checked for commas too: "Spanish, and offshore is fine" accepts only offshore).
    pub(crate) fn tolerated(&self, text: &str, tokens: &[Token], last: usize) -> bool {
        follows_closely(&self.tolerated, text, tokens, last)
    }

    /// Whether an exclusion phrase follows shortly after token `last`, as a tolerance would ("claims aren't
    /// part of it"), or starts inside the words `first..=last` the value was read from: "our books are up to
    /// date" reads a keyword ("books up to date") that the exclusion ends.
    pub(crate) fn excluded(&self, text: &str, tokens: &[Token], first: usize, last: usize) -> bool {
        self.excluded.iter().any(|&t| first < t && t <= last)
            || follows_closely(&self.excluded, text, tokens, last)
    }
}

/// The first of the (clause, first, last) phrases in each clause: a clause kept twice ("is in good shape and
/// stays in-house") is kept once, and says so once.
fn first_per_clause(mut phrases: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    crate::sort::sort_by(&mut phrases, &|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    phrases.dedup_by_key(|p| p.0);
    phrases
}

/// The tokens (first, end) a refusal pointing back at `first..=last` rules out, when it ends its clause: the
/// words before it in its clause, or the whole clause before when none of those is a content word ("Chat? We
/// don't need it").
fn pointed_back(
    tokens: &[Token],
    clause: &[usize],
    first: usize,
    last: usize,
) -> Option<(usize, usize)> {
    let c = *clause.get(last)?;
    if clause.get(last + 1) == Some(&c) {
        return None;
    }
    let start = clause.iter().position(|&k| k == c)?;
    if tokens.get(start..first)?.iter().any(|t| !t.stop) {
        return Some((start, first));
    }
    let before = c.checked_sub(1)?;
    Some((clause.iter().position(|&k| k == before)?, start))
}

/// Whether a phrase starting at one of `starts` follows token `last` within `TOLERANCE_REACH` words, with no
/// comma or clause break between.
fn follows_closely(starts: &[usize], text: &str, tokens: &[Token], last: usize) -> bool {
    starts.iter().any(|&t| {
        t > last
            && t - last <= TOLERANCE_REACH
            && tokens
                .get(last)
                .zip(tokens.get(t))
                .and_then(|(a, b)| text.get(a.end..b.start))
                .is_some_and(|gap| !breaks_phrase(gap))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens;
    use crate::vocabulary::Vocabulary;

    fn phrases() -> ClausePhrases {
        ClausePhrases::build(&Vocabulary {
            clause_words: vec!["but".into(), "while".into()],
            subjects: vec!["we".into(), "we'd".into()],
            retention: vec![
                "stay with us".into(),
                "our * keep".into(),
                "ourselves".into(),
            ],
            refusals: vec!["don't need".into()],
            back_refusals: vec!["don't need that".into(), "don't need it".into()],
            tolerances: vec!["is fine".into()],
            ..Vocabulary::default()
        })
    }

    fn read(text: &str) -> (Clauses, Vec<Token>) {
        let t = tokens(text);
        (phrases().read(text, &t), t)
    }

    fn at(t: &[Token], word: &str) -> usize {
        t.iter().position(|t| t.surface == word).expect(word)
    }

    #[test]
    fn clauses_end_at_stops_dashes_and_clause_words_but_not_commas() {
        let (c, t) = read("chat, email and calls - refunds. Payroll but bookkeeping");
        let clause: Vec<usize> = [
            "chat",
            "email",
            "calls",
            "refunds",
            "payroll",
            "bookkeeping",
        ]
        .iter()
        .map(|w| c.of(at(&t, w)).unwrap())
        .collect();
        assert_eq!(clause, [0, 0, 0, 1, 2, 3]);
        // A hyphen inside a word is no dash.
        let (c, t) = read("promise-to-pay dates");
        assert_eq!(c.of(at(&t, "dates")), Some(0));
    }

    #[test]
    fn a_subject_after_a_comma_starts_a_clause_but_a_list_goes_on() {
        let (c, t) = read("we don't need accounts, and we'd prefer a fixed price");
        assert!(c.refused(at(&t, "accounts")));
        assert!(!c.refused(at(&t, "fixed")));
        let (c, t) = read("we don't need accounts, we want payroll");
        assert!(!c.refused(at(&t, "payroll")));
        // Without a comma, or with a list item after it, the clause goes on.
        let (c, t) = read("we don't need accounts and we don't need payroll");
        assert_eq!(c.of(at(&t, "payroll")), c.of(at(&t, "accounts")));
        let (c, t) = read("we don't need accounts, payroll or chat");
        assert!(c.refused(at(&t, "chat")));
    }

    #[test]
    fn a_retention_phrase_keeps_only_its_own_clause() {
        let (c, t) = read("We want chat agents, but refunds stay with us. Emails too");
        assert_eq!(c.kept(at(&t, "chat")), None);
        assert!(c.kept(at(&t, "refunds")).is_some());
        assert_eq!(c.kept(at(&t, "emails")), None);
        // The wildcard stands for one word: "our engineers keep", not "our two engineers keep".
        let (c, t) = read("our engineers keep escalations");
        assert!(c.kept(at(&t, "escalations")).is_some());
        let (c, t) = read("our two engineers keep escalations");
        assert_eq!(c.kept(at(&t, "escalations")), None);
        // Nor across a comma: the words of a phrase are said together.
        let (c, t) = read("answer in our name, keep escalations");
        assert_eq!(c.kept(at(&t, "escalations")), None);
        // Two phrases in one clause keep it once, from the first.
        let (c, t) = read("our engineers keep escalations and stay with us");
        assert_eq!(c.kept.len(), 1);
        assert_eq!(c.kept(at(&t, "escalations")), Some((0, 2)));
        // A one-word phrase has no inside to break.
        let (c, t) = read("we book the jobs ourselves");
        assert!(c.kept(at(&t, "jobs")).is_some());
    }

    #[test]
    fn a_refusal_rules_out_the_rest_of_its_clause_only() {
        let (c, t) = read("Chat, we don't need cold calls or CRM work - just screening");
        assert!(!c.refused(at(&t, "chat")));
        assert!(c.refused(at(&t, "cold")));
        assert!(c.refused(at(&t, "crm")));
        assert!(!c.refused(at(&t, "screening")));
    }

    #[test]
    fn a_refusal_pointing_back_rules_out_what_came_before_it_when_it_ends_its_clause() {
        let (c, t) =
            read("Our accountant does the tax returns, so we don't need that. Payroll please");
        assert!(c.refused(at(&t, "tax")));
        assert!(!c.refused(at(&t, "payroll")));
        // Opening its own clause, it points at the clause before, and no further.
        let (c, t) = read("Email is fine. Chat? We don't need it. Calls yes");
        assert!(c.refused(at(&t, "chat")));
        assert!(!c.refused(at(&t, "email")));
        assert!(!c.refused(at(&t, "calls")));
        // So does a plain refusal with nothing after it in its clause.
        let (c, t) = read("Night shifts we don't need. Days please");
        assert!(c.refused(at(&t, "night")));
        assert!(!c.refused(at(&t, "days")));
        // Followed by more words, it points at those, as any refusal does.
        let (c, t) = read("Tax returns, we don't need that much help");
        assert!(!c.refused(at(&t, "tax")));
        assert!(c.refused(at(&t, "help")));
    }

    #[test]
    fn a_tolerance_accepts_only_the_value_just_before_it() {
        let text = "Spanish agents, offshore processing is fine";
        let (c, t) = read(text);
        assert!(c.tolerated(text, &t, at(&t, "processing")));
        assert!(!c.tolerated(text, &t, at(&t, "spanish")));
    }
}
