//! Turning text into search words: lowercase, accents folded, stop words dropped, simple suffix stemming.
//! The same function reads service text and the buyer's query, so both sides always agree.

use crate::compounds::Compounds;
use crate::lowercase::push_lowercase;

/// One word of a text: its stem (what is matched) and its folded surface form (what prefixes are matched on,
/// because a half-typed word has no meaningful stem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub stem: String,
    pub surface: String,
}

/// Words too common to say anything about a need. Short on purpose: "after", "no" and "help" carry meaning
/// ("after hours", "no answer", "help desk").
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but",
    "by", "can", "could", "do", "does", "dont", "for", "from", "get", "got", "had", "has", "have",
    "how", "i", "im", "in", "into", "is", "it", "its", "just", "me", "my", "need", "needs", "of",
    "on", "or", "our", "ours", "s", "so", "some", "that", "the", "their", "them", "there", "these",
    "they", "this", "those", "to", "too", "us", "very", "want", "wants", "was", "we", "were",
    "what", "when", "which", "who", "will", "with", "would", "you", "your",
];

/// The longest stop word: longer words skip the lookup (the site search index reads every word of a site).
const LONGEST_STOP_WORD: usize = 5;

fn is_stop_word(word: &str) -> bool {
    word.len() <= LONGEST_STOP_WORD && STOP_WORDS.binary_search(&word).is_ok()
}

/// Extra words implied by a word, so "Saturday" finds "weekend" and "7pm" finds "evening".
const IMPLIED_WORDS: &[(&str, &str)] = &[
    ("saturday", "weekend"),
    ("saturdays", "weekend"),
    ("sunday", "weekend"),
    ("sundays", "weekend"),
    ("overnight", "night"),
    ("midnight", "night"),
    ("nighttime", "night"),
    ("evenings", "evening"),
];

/// The search words of `text`, in order, stop words dropped: what `for_each_word` emits, collected (the
/// tests hold both to a reference implementation; the engine reads queries through `tokens`).
#[cfg(test)]
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for_each_word(text, &mut |surface, stem| {
        out.push(Word {
            stem: stem.to_string(),
            surface: surface.to_string(),
        })
    });
    out
}

/// Calls `each(surface, stem)` for every word `words` would return, in the same order, without allocating per
/// word: the index build runs this over every title and summary of the catalog.
pub fn for_each_word(text: &str, each: &mut dyn FnMut(&str, &str)) {
    let mut stem_buffer = String::new();
    let mut emit = |word: &str, upper: bool| {
        // An all-caps acronym such as "IT" is not the stop word "it".
        if !upper && is_stop_word(word) {
            return;
        }
        stem_into(word, &mut stem_buffer);
        each(word, &stem_buffer);
        for extra in implied_words(word) {
            stem_into(extra, &mut stem_buffer);
            each(extra, &stem_buffer);
        }
    };
    // A number waits for the next word: "6 pm" is one time, like "6pm".
    let mut number = String::new();
    raw_words(text, &mut |word, upper, _, _| {
        if !number.is_empty() {
            if word == "am" || word == "pm" {
                number.push_str(word);
                emit(&number, false);
                number.clear();
                return;
            }
            emit(&number, false);
            number.clear();
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            number.push_str(word);
        } else {
            emit(word, upper);
        }
    });
    if !number.is_empty() {
        emit(&number, false);
    }
}

/// One word of a text as the buyer wrote it: where it stands (byte offsets, for quoting and highlighting),
/// its folded surface, its stem, and whether it is a stop word (kept here: "don't" and "only" decide meaning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word lowercased and folded ("Café" -> "cafe"); a number with its "am"/"pm" joined ("6pm").
    pub surface: String,
    /// The crude stem that matching compares, so "answering", "answered" and "answers" meet.
    pub stem: String,
    /// Whether it is a stop word; a word written in capitals ("US") never is.
    pub stop: bool,
    /// Byte offset in the text where the word starts.
    pub start: usize,
    /// Byte offset in the text just past the word's end.
    pub end: usize,
}

/// Every word of `text` in order, stop words included and flagged; a number and a following "am"/"pm" are
/// one token ("6 pm" reads as "6pm"), like `words` reads them.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut stem = String::new();
    raw_words(text, &mut |word, upper, start, end| {
        if word == "am" || word == "pm" {
            if let Some(last) = out.last_mut() {
                if last.surface.bytes().all(|b| b.is_ascii_digit()) {
                    last.surface.push_str(word);
                    last.stem = last.surface.clone();
                    last.end = end;
                    return;
                }
            }
        }
        stem_into(word, &mut stem);
        out.push(Token {
            surface: word.to_string(),
            stem: stem.clone(),
            stop: !upper && is_stop_word(word),
            start,
            end,
        });
    });
    out
}

/// The word standing for "and" or "or" between two content words: a keyword is read across a conjunction only
/// when it has one there itself ("nights and weekends"), so "the phone rings and people hang up" holds no
/// "ring people".
pub(crate) const JOIN: &str = "&";
/// The word a keyword's `*` becomes: it matches any one word of the buyer's (not a clause break or a
/// conjunction mark).
pub(crate) const GAP: &str = "*";

/// Whether words `a` and `b` of `text` are joined by a hyphen into one word ("on-call", "do-not-call"), where
/// neither says what it says alone. False when either is missing.
pub(crate) fn hyphenated(text: &str, a: Option<&Token>, b: Option<&Token>) -> bool {
    a.zip(b)
        .and_then(|(a, b)| text.get(a.end..b.start))
        .is_some_and(|gap| gap == "-")
}

/// Whether a stop word joins two content words into one keyword only when the keyword says it (`JOIN`).
pub(crate) fn is_conjunction(word: &str) -> bool {
    matches!(word, "and" | "or" | "&")
}

/// The content words of a keyword or phrase, without the implied extras `words` adds: a phrase is matched
/// word for word against what the buyer wrote. A conjunction between two content words is kept as `JOIN`.
#[cfg(test)]
pub(crate) fn phrase_words(text: &str) -> Vec<Word> {
    phrase_words_joined(text, &Compounds::default())
}

/// The content words of a keyword or phrase (see `phrase_words`), with the `compounds` read as one word each
/// ("on-call").
pub(crate) fn phrase_words_joined(text: &str, compounds: &Compounds) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut joined = false;
    // A `*` in a keyword stands for any one word of the buyer's ("update * records" reads "updating member
    // records"): the parts around it are read apart, with a gap word between them.
    for (k, part) in text.split('*').enumerate() {
        if k > 0 && !out.is_empty() {
            joined = false;
            out.push(Word {
                stem: GAP.to_string(),
                surface: GAP.to_string(),
            });
        }
        phrase_part(part, compounds, &mut out, &mut joined);
    }
    out
}

/// The words of one part of a keyword, after `out`; `joined` says a conjunction came before them.
fn phrase_part(text: &str, compounds: &Compounds, out: &mut Vec<Word>, joined: &mut bool) {
    let words = tokens(text);
    for (i, t) in words.iter().enumerate() {
        if t.stop {
            *joined |= is_conjunction(&t.surface) && !out.is_empty();
            continue;
        }
        if std::mem::take(joined) {
            out.push(Word {
                stem: JOIN.to_string(),
                surface: JOIN.to_string(),
            });
        }
        out.push(Word {
            stem: compounds
                .stem(text, &words, i)
                .unwrap_or_else(|| t.stem.clone()),
            surface: t.surface.clone(),
        });
    }
}

/// The words a buyer's word implies ("saturday" -> "weekend", "7pm" -> "evening"), stemmed.
pub(crate) fn implied(word: &str) -> Vec<Word> {
    implied_words(word)
        .map(|w| Word {
            stem: stem_of(w),
            surface: w.to_string(),
        })
        .collect()
}

/// A word lowercased and folded as `tokens` reads it ("Café" -> "cafe"), without std's Unicode tables.
pub fn folded(word: &str) -> String {
    let mut out = String::new();
    for t in tokens(word) {
        out.push_str(&t.surface);
    }
    out
}

/// The stem `words` gives a single word.
pub fn stem_of(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// Whether the text ends inside a word, i.e. the buyer may still be typing its last word.
pub(crate) fn ends_mid_word(text: &str) -> bool {
    text.chars().last().is_some_and(|c| c.is_alphanumeric())
}

/// Words a word implies; at most two (a listed synonym and a part of the day), so no allocation is needed.
fn implied_words(word: &str) -> impl Iterator<Item = &'static str> {
    let listed = IMPLIED_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, implied)| *implied);
    let hour = |suffix: &str| {
        word.strip_suffix(suffix)
            .and_then(|h| h.parse::<u32>().ok())
    };
    let evening = hour("pm")
        .filter(|h| (5..=11).contains(h))
        .map(|_| "evening");
    let night = hour("am").filter(|h| *h == 12 || *h <= 5).map(|_| "night");
    listed.into_iter().chain(evening).chain(night)
}

/// Calls `each` with the lowercased, folded words of `text`, split on anything that is not a letter or digit;
/// the flag marks words written in capitals (two letters or more).
fn raw_words(text: &str, each: &mut dyn FnMut(&str, bool, usize, usize)) {
    let mut current = String::new();
    let mut start = 0usize;
    let mut letters = 0usize;
    let mut all_upper = true;
    let mut rest = text.chars();
    while let Some(mut c) = rest.next() {
        // "24/7" and "24-7" are one word, read as "24x7" (wherever they occur, as if the text were rewritten).
        let before = text.len() - rest.as_str().len() - c.len_utf8();
        if (c == '/' || c == '-')
            && text
                .as_bytes()
                .get(..before)
                .is_some_and(|b| b.ends_with(b"24"))
            && rest.as_str().starts_with('7')
        {
            c = 'x';
        }
        if c == '\'' || c == '\u{2019}' {
            // "team's" -> "teams", "don't" -> "dont": an apostrophe never splits a word.
            continue;
        }
        if c == ':' && current.bytes().last().is_some_and(|b| b.is_ascii_digit()) {
            // "6:30pm" is read as "6pm": the minutes do not change which part of the day it is.
            let digits = rest.as_str().bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                rest = rest.as_str().get(digits..).unwrap_or("").chars();
                continue;
            }
        }
        if c.is_ascii_alphanumeric() {
            // The common case, without the Unicode tables (the site search index reads every word of a site).
            if current.is_empty() {
                start = before;
            }
            if c.is_ascii_alphabetic() {
                letters += 1;
                all_upper &= c.is_ascii_uppercase();
            }
            current.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            if current.is_empty() {
                start = before;
            }
            if c.is_alphabetic() {
                letters += 1;
                all_upper &= c.is_uppercase();
            }
            match fold(c) {
                Some(folded) => current.push_str(folded),
                None => push_lowercase(c, &mut current),
            }
        } else if !current.is_empty() {
            each(&current, all_upper && letters >= 2, start, before);
            current.clear();
            letters = 0;
            all_upper = true;
        } else {
            letters = 0;
            all_upper = true;
        }
    }
    if !current.is_empty() {
        each(&current, all_upper && letters >= 2, start, text.len());
    }
}

/// The ASCII spelling of a Latin-1 or Latin Extended-A letter (either case), if it has one.
pub(crate) fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'Ā'..='ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć'..='č' => "c",
        'Ð' | 'ð' | 'Ď'..='đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē'..='ě' => "e",
        'Ĝ'..='ģ' => "g",
        'Ĥ'..='ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ'..='ı' => "i",
        'Ĳ' | 'ĳ' => "ij",
        'Ĵ' | 'ĵ' => "j",
        'Ķ'..='ĸ' => "k",
        'Ĺ'..='ł' => "l",
        'Ñ' | 'ñ' | 'Ń'..='ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō'..='ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ'..='ř' => "r",
        'ß' => "ss",
        'Ś'..='š' | 'ſ' => "s",
        'Ţ'..='ŧ' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ'..='ų' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ'..='Ÿ' => "y",
        'Ź'..='ž' => "z",
        _ => return None,
    })
}

/// Strips plural, -ing, -ed and -er endings and a final e, so "answering", "answered" and "answers" meet.
/// Deliberately crude: both sides go through it, so it only has to be consistent, not linguistically right.
/// Writes into `w` (dropping its old content) so a loop can reuse one buffer.
fn stem_into(word: &str, w: &mut String) {
    w.clear();
    w.push_str(word);
    // "Later" is a time, not "late" (overdue): "call them back later" asks for no collections.
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) || word == "later" {
        return;
    }
    // Plurals.
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("es")
        && ["s", "x", "z", "ch", "sh"].iter().any(|end| {
            w.get(..w.len() - 2)
                .is_some_and(|before| before.ends_with(end))
        })
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    // Verb endings.
    if w.ends_with("ing") && w.len() >= 6 {
        w.truncate(w.len() - 3);
        undouble(w);
    } else if w.ends_with("ied") && w.len() >= 5 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("ed") && w.len() >= 5 {
        w.truncate(w.len() - 2);
        undouble(w);
    }
    if w.ends_with("er") && w.len() >= 5 {
        w.truncate(w.len() - 2);
        undouble(w);
    }
    if w.ends_with('e') && w.len() >= 4 {
        w.truncate(w.len() - 1);
    }
}

// "planned" -> "plan", but "staffed" -> "staff" and "called" -> "call".
fn undouble(w: &mut String) {
    let bytes = w.as_bytes();
    if let [.., a, b] = bytes {
        if a == b && !b"aeiouylsfz".contains(b) {
            w.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(word: &str) -> String {
        let mut out = String::new();
        stem_into(word, &mut out);
        out
    }

    /// The allocating implementation `for_each_word` replaced, kept to check that it reads text the same way.
    mod reference {
        use super::super::{fold, Word, IMPLIED_WORDS, STOP_WORDS};

        /// The search words of `text`, in order, stop words dropped.
        pub(super) fn words(text: &str) -> Vec<Word> {
            let mut out = Vec::new();
            let raw = raw_words(text);
            let mut i = 0;
            while let Some((word, upper)) = raw.get(i) {
                i += 1;
                let mut word = word.clone();
                // "6 pm" is one time, like "6pm".
                if word.bytes().all(|b| b.is_ascii_digit()) {
                    if let Some((next, _)) = raw.get(i) {
                        if next == "am" || next == "pm" {
                            word.push_str(next);
                            i += 1;
                        }
                    }
                }
                // An all-caps acronym such as "IT" is not the stop word "it".
                if !*upper && STOP_WORDS.binary_search(&word.as_str()).is_ok() {
                    continue;
                }
                let implied = implied_words(&word);
                out.push(Word {
                    stem: stem(&word),
                    surface: word,
                });
                for extra in implied {
                    out.push(Word {
                        stem: stem(extra),
                        surface: extra.to_string(),
                    });
                }
            }
            out
        }

        fn implied_words(word: &str) -> Vec<&'static str> {
            let mut out: Vec<&'static str> = IMPLIED_WORDS
                .iter()
                .filter(|(w, _)| *w == word)
                .map(|(_, implied)| *implied)
                .collect();
            if let Some(hour) = word.strip_suffix("pm").and_then(|h| h.parse::<u32>().ok()) {
                if (5..=11).contains(&hour) {
                    out.push("evening");
                }
            }
            if let Some(hour) = word.strip_suffix("am").and_then(|h| h.parse::<u32>().ok()) {
                if hour == 12 || hour <= 5 {
                    out.push("night");
                }
            }
            out
        }

        /// Lowercased, folded words split on anything that is not a letter or digit; the flag marks words written in
        /// capitals (two letters or more).
        fn raw_words(text: &str) -> Vec<(String, bool)> {
            let text = text.replace("24/7", "24x7").replace("24-7", "24x7");
            let chars: Vec<char> = text.chars().collect();
            let mut out = Vec::new();
            let mut current = String::new();
            let mut letters = 0usize;
            let mut all_upper = true;
            let mut i = 0;
            while let Some(&c) = chars.get(i) {
                i += 1;
                if c == '\'' || c == '\u{2019}' {
                    // "team's" -> "teams", "don't" -> "dont": an apostrophe never splits a word.
                    continue;
                }
                if c == ':' && current.bytes().last().is_some_and(|b| b.is_ascii_digit()) {
                    // "6:30pm" is read as "6pm": the minutes do not change which part of the day it is.
                    let mut j = i;
                    while chars.get(j).is_some_and(|d| d.is_ascii_digit()) {
                        j += 1;
                    }
                    if j > i {
                        i = j;
                        continue;
                    }
                }
                if c.is_alphanumeric() {
                    if c.is_alphabetic() {
                        letters += 1;
                        all_upper &= c.is_uppercase();
                    }
                    match fold(c) {
                        Some(folded) => current.push_str(folded),
                        None => current.extend(c.to_lowercase()),
                    }
                } else if !current.is_empty() {
                    out.push((std::mem::take(&mut current), all_upper && letters >= 2));
                    letters = 0;
                    all_upper = true;
                } else {
                    letters = 0;
                    all_upper = true;
                }
            }
            if !current.is_empty() {
                out.push((current, all_upper && letters >= 2));
            }
            out
        }

        // Deliberately crude: both sides go through it, so it only has to be consistent, not linguistically right.
        pub(super) fn stem(word: &str) -> String {
            if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
                return word.to_string();
            }
            let mut w = word.to_string();
            // Plurals.
            if w.len() > 4 && w.ends_with("ies") {
                w.truncate(w.len() - 3);
                w.push('y');
            } else if w.ends_with("es")
                && ["s", "x", "z", "ch", "sh"].iter().any(|end| {
                    w.get(..w.len() - 2)
                        .is_some_and(|before| before.ends_with(end))
                })
            {
                w.truncate(w.len() - 2);
            } else if w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("us")
                && !w.ends_with("is")
            {
                w.truncate(w.len() - 1);
            }
            // Verb endings.
            if w.ends_with("ing") && w.len() >= 6 {
                w.truncate(w.len() - 3);
                undouble(&mut w);
            } else if w.ends_with("ied") && w.len() >= 5 {
                w.truncate(w.len() - 3);
                w.push('y');
            } else if w.ends_with("ed") && w.len() >= 5 {
                w.truncate(w.len() - 2);
                undouble(&mut w);
            }
            if w.ends_with("er") && w.len() >= 5 {
                w.truncate(w.len() - 2);
                undouble(&mut w);
            }
            if w.ends_with('e') && w.len() >= 4 {
                w.truncate(w.len() - 1);
            }
            w
        }

        // "planned" -> "plan", but "staffed" -> "staff" and "called" -> "call".
        fn undouble(w: &mut String) {
            let bytes = w.as_bytes();
            if let [.., a, b] = bytes {
                if a == b && !b"aeiouylsfz".contains(b) {
                    w.pop();
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn words_reads_text_like_the_reference(text in "(\\PC|[ :'’/-]|24|2|4|6|7|/7|-7|am|pm|IT|it){0,40}") {
            proptest::prop_assert_eq!(words(&text), reference::words(&text));
        }
    }

    fn stems(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
    }

    #[test]
    fn word_forms_meet_at_one_stem() {
        for group in [
            &["answer", "answers", "answering", "answered"][..],
            &["call", "calls", "calling", "called"],
            &["schedule", "scheduling", "scheduled", "schedules"],
            &["invoice", "invoices", "invoicing"],
            &["inquiry", "inquiries"],
            &["take", "taking", "takes"],
            &["staff", "staffing", "staffed"],
            &["plan", "planned", "planning"],
            &["order", "orders", "ordering"],
            &["tax", "taxes"],
            &["process", "processes", "processing"],
        ] {
            let first = stem(group[0]);
            for w in group {
                assert_eq!(stem(w), first, "{w} vs {}", group[0]);
            }
        }
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("need"), "need");
        // A time, not an overdue payment.
        assert_ne!(stem("later"), stem("late"));
    }

    #[test]
    fn accents_fold_and_punctuation_splits() {
        assert_eq!(stems("Café Ñandú ŁÓDŹ"), vec!["caf", "nandu", "lodz"]);
        assert_eq!(stems("straße"), vec!["strass"]);
        assert_eq!(stems("after-hours"), vec!["aft", "hour"]);
        assert_eq!(stems("our HR team's week"), vec!["hr", "team", "week"]);
    }

    #[test]
    fn times_and_implied_words() {
        assert_eq!(stems("after 6pm"), vec!["aft", "6pm", "even"]);
        assert_eq!(stems("after 6 PM"), vec!["aft", "6pm", "even"]);
        assert_eq!(stems("at 6:30pm"), vec!["6pm", "even"]);
        assert_eq!(stems("at 2am"), vec!["2am", "night"]);
        assert_eq!(stems("on Saturdays"), vec!["saturday", "weekend"]);
        assert_eq!(stems("24/7 coverage"), vec!["24x7", "coverag"]);
        assert_eq!(stems("our IT desk"), vec!["it", "desk"]);
    }

    #[test]
    fn prefix_state_follows_the_last_character() {
        assert!(ends_mid_word("payr"));
        assert!(!ends_mid_word("payroll "));
        assert!(!ends_mid_word(""));
    }
}
