//! The `[vocabulary]` of content/catalog.toml: how buyers say things the facet keywords alone do not cover
//! (negations, synonyms, numbers, amounts with their units, and the signals that say how much work they hand
//! over). Data, so an editor can teach the explorer a new word without touching Rust.

use toml_edit::{Item, TableLike};

use crate::located::CatalogError;
use crate::toml_table::{item_at, TableReader};
use crate::validate::allowed_with_suggestion;

/// Everything the explorer knows about buyers' language beyond the facet values' own keywords.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// Words that turn the phrase right after them into "not wanted" ("no", "without", "dont").
    pub negations: Vec<String>,
    /// Groups of words meaning the same thing; every word of a group is read as the group's first word.
    pub synonyms: Vec<Vec<String>>,
    /// Number words and their values ("two" -> 2).
    pub numbers: Vec<(String, i64)>,
    /// Facets whose keywords describe services rather than what a buyer asks for; never read from text.
    pub not_inferred: Vec<String>,
    /// Needs that say how the work is done (around the clock, in many languages, quickly) rather than what it
    /// is: they do not count when the ranking weighs how much of a service's work the buyer asked for.
    pub capabilities: Vec<String>,
    /// Words that start a new clause ("but", "while"): the reach of a refusal or a retention ends there, as it
    /// does at a full stop.
    pub clause_words: Vec<String>,
    /// Subject words ("we", "I"): one just after a comma, or after a comma and "and"/"or", starts a new
    /// clause ("we don't need year-end accounts, and we'd prefer a fixed price").
    pub subjects: Vec<String>,
    /// Words for what the buyer makes or sells ("app", "software"): a need named just before one is their
    /// product's subject, not work they ask for ("our freight dispatch app", "we sell accounting software").
    pub products: Vec<String>,
    /// Phrases saying the buyer keeps the work their clause names ("refunds stay with us", "our engineers keep
    /// owning escalations"); `*` stands for any one word.
    pub retention: Vec<String>,
    /// Phrases ruling out everything after them in their clause ("we don't need cold calls or CRM work").
    pub refusals: Vec<String>,
    /// Refusals that point back ("don't need that"): ending their clause, they rule out what was said before
    /// them ("our accountant does the tax returns, so we don't need that").
    pub back_refusals: Vec<String>,
    /// Phrases saying the value just before them is acceptable, not asked for ("offshore is fine").
    pub tolerances: Vec<String>,
    /// Phrases ruling out the value just before them ("claims aren't part of it", "chat is not needed").
    pub exclusions: Vec<String>,
    /// Facets of which a sentence names one value even though a service may list several (a buyer is in one
    /// industry): only the value read most strongly, first when tied, is inferred.
    pub one_value: Vec<String>,
    /// Facets that say where the work is done (delivery countries, sourcing): a place is read for them only
    /// with one of `place_cues` near it in its sentence, because where the buyer is or sells ("our hotels in
    /// Mexico") is not where they want the work done ("a team in Colombia").
    pub places: Vec<String>,
    /// Set facets where a service listing fewer values beside the ones asked for fits more squarely ("answer
    /// our phones": a phone line above a desk of every channel), as the needs do.
    pub focus: Vec<String>,
    /// Facets that say how customers are reached (channels, direction): in a sentence whose clear needs are all
    /// work behind the scenes, they say how that work goes ("phone the candidates"), not what is bought, and
    /// weigh little in ranking.
    pub contact_facets: Vec<String>,
    /// Phrases that start with a negation but say what the buyer lacks ("no time to call them", "nobody to
    /// answer"): the work after them is asked for, not ruled out.
    pub lacks: Vec<String>,
    /// Facets that describe the buyer rather than the work (their industry, the rules they are under): read
    /// even in a clause about work the buyer keeps, where the other facets describe the kept work.
    pub facts: Vec<String>,
    /// Words for organisations a buyer calls or is called by ("clinics", "restaurants"): a fact about the
    /// buyer (`facts`) read from one of them as the other word of a pair ("cold call clinics") names the
    /// buyer's market, not the buyer.
    pub organisations: Vec<String>,
    /// Words for people on the buyer's own team ("developers", "nurses"): a need read from one of them alone,
    /// written right after "our" or "my", names who the work goes to ("bugs go to our developers"), not work
    /// asked for.
    pub staff: Vec<String>,
    /// Phrases after which an organisation is the buyer's market ("software for restaurants", "we sell to
    /// clinics"): a fact about the buyer (`facts`) read in the few words after one names who the buyer serves.
    pub markets: Vec<String>,
    /// Words that tie a place to the work ("team", "agents", "based", "offshore").
    pub place_cues: Vec<String>,
    /// Phrases holding a keyword that mean something else ("veterinary clinic" holds "clinic" but is no
    /// healthcare, a "dental lab" makes crowns): nothing is read from their words.
    pub other_meanings: Vec<String>,
    /// Phrases saying the buyer wants only the conversations handled (a call center is enough).
    pub call_center_signals: Vec<String>,
    /// Phrases saying the buyer hands over the work behind the conversations (broader BPO).
    pub bpo_signals: Vec<String>,
    /// How amounts of integer facets are said ("live within two weeks", "a team of 10 agents").
    pub amounts: Vec<Amount>,
    /// Values a sentence asks for by naming enough values of another facet (three languages -> multilingual).
    pub implies: Vec<Implication>,
    /// Values said by two kinds of word near each other ("call our members", "guests ring us").
    pub pairs: Vec<Pair>,
    /// Needs that concern one value of another facet (answering calls after hours is phone work, and inbound).
    pub tied: Vec<Tied>,
}

/// "The `needs` concern `value` of `facet`: a sentence that rules the value out, or names only values of the
/// facet in `against`, does not ask for them, unless it also asks for one of the `unless` needs."
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tied {
    /// The ids of the needs (`after-hours-calls`).
    pub needs: Vec<String>,
    /// The id of the facet they concern (`channels`).
    pub facet: String,
    /// The id of the value they concern (`voice`).
    pub value: String,
    /// The values of `facet` that speak against the needs when read without `value` (every other value when
    /// empty).
    pub against: Vec<String>,
    /// Needs whose reading speaks for `value` as much as reading it does ("we miss calls" for inbound calls).
    pub unless: Vec<String>,
}

/// "A word of `first`, then within `reach` words a word of `then`, in one clause, says `value` of `facet`."
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pair {
    /// The id of the facet the value belongs to (`direction`).
    pub facet: String,
    /// The id of the value (`outbound`).
    pub value: String,
    /// The words said first ("call", "phone").
    pub first: Vec<String>,
    /// The words said after them ("members", "donors").
    pub then: Vec<String>,
    /// How many words (stop words aside) may stand between the two.
    pub reach: i64,
}

/// "Naming at least `at_least` values of `facet` also asks for `value` of `then_facet`."
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Implication {
    /// The id of the facet whose values the sentence names (`languages`).
    pub facet: String,
    /// How many of its values must be named (`at_least`, 1 when not written).
    pub at_least: i64,
    /// The id of the facet the implied value belongs to (`needs`).
    pub then_facet: String,
    /// The id of the implied value (`multilingual`).
    pub value: String,
}

/// How a buyer states a number for one integer facet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Amount {
    /// The id of the integer facet the number answers.
    pub facet: String,
    /// Unit words after the number and what one of them is worth in the facet's unit ("month" -> 4 weeks).
    pub units: Vec<(String, i64)>,
    /// When not empty, one of these words must come shortly before the number ("live in 2 weeks", not "a
    /// six-week season").
    pub cues: Vec<String>,
    /// Words that make an amount shortly after them, in the same clause, what the buyer has rather than what
    /// they ask for ("our support team is 6 people").
    pub owners: Vec<String>,
}

const VOCABULARY_KEYS: &[&str] = &[
    "negations",
    "synonyms",
    "numbers",
    "not_inferred",
    "capabilities",
    "clause_words",
    "subjects",
    "products",
    "retention",
    "refusals",
    "back_refusals",
    "tolerances",
    "exclusions",
    "one_value",
    "places",
    "focus",
    "contact_facets",
    "facts",
    "lacks",
    "place_cues",
    "organisations",
    "staff",
    "markets",
    "other_meanings",
    "scope",
    "amount",
    "implies",
    "pair",
    "tied",
];
const IMPLIES_KEYS: &[&str] = &["facet", "at_least", "then_facet", "value"];
const PAIR_KEYS: &[&str] = &["facet", "value", "first", "then", "reach"];
const SCOPE_KEYS: &[&str] = &["call_center", "bpo"];
const AMOUNT_KEYS: &[&str] = &["facet", "units", "cues", "owners"];
const TIED_KEYS: &[&str] = &["needs", "facet", "value", "against", "unless"];

/// Reads `[vocabulary]`; facet ids it names are checked against `facet_ids`.
pub(crate) fn read_vocabulary(
    root: &TableReader<'_>,
    facet_ids: &[&str],
    errors: &mut Vec<CatalogError>,
) -> Vocabulary {
    let Some(item) = root.item("vocabulary") else {
        return Vocabulary::default();
    };
    let Some(table) = item.as_table_like() else {
        errors.push(root.wrong_type("vocabulary", "a table", item));
        return Vocabulary::default();
    };
    let reader = root.child(table, item_at(root.text, item), "[vocabulary]");
    reader.reject_unknown_keys(VOCABULARY_KEYS, errors);
    let mut vocabulary = Vocabulary {
        negations: reader.string_array("negations", errors),
        synonyms: read_synonyms(&reader, errors),
        numbers: integer_table(&reader, "numbers", errors),
        not_inferred: reader.string_array("not_inferred", errors),
        capabilities: reader.string_array("capabilities", errors),
        clause_words: reader.string_array("clause_words", errors),
        subjects: reader.string_array("subjects", errors),
        products: reader.string_array("products", errors),
        retention: reader.string_array("retention", errors),
        refusals: reader.string_array("refusals", errors),
        back_refusals: reader.string_array("back_refusals", errors),
        tolerances: reader.string_array("tolerances", errors),
        exclusions: reader.string_array("exclusions", errors),
        one_value: reader.string_array("one_value", errors),
        places: reader.string_array("places", errors),
        facts: reader.string_array("facts", errors),
        lacks: reader.string_array("lacks", errors),
        place_cues: reader.string_array("place_cues", errors),
        organisations: reader.string_array("organisations", errors),
        staff: reader.string_array("staff", errors),
        markets: reader.string_array("markets", errors),
        other_meanings: reader.string_array("other_meanings", errors),
        focus: reader.string_array("focus", errors),
        contact_facets: reader.string_array("contact_facets", errors),
        ..Vocabulary::default()
    };
    check_facets(&reader, "places", &vocabulary.places, facet_ids, errors);
    check_facets(&reader, "focus", &vocabulary.focus, facet_ids, errors);
    check_facets(
        &reader,
        "contact_facets",
        &vocabulary.contact_facets,
        facet_ids,
        errors,
    );
    check_facets(&reader, "facts", &vocabulary.facts, facet_ids, errors);
    check_facets(
        &reader,
        "one_value",
        &vocabulary.one_value,
        facet_ids,
        errors,
    );
    check_facets(
        &reader,
        "not_inferred",
        &vocabulary.not_inferred,
        facet_ids,
        errors,
    );
    if let Some(scope) = reader.item("scope") {
        match scope.as_table_like() {
            Some(t) => {
                let scope_reader = reader.child(t, item_at(root.text, scope), "[vocabulary.scope]");
                scope_reader.reject_unknown_keys(SCOPE_KEYS, errors);
                vocabulary.call_center_signals = scope_reader.string_array("call_center", errors);
                vocabulary.bpo_signals = scope_reader.string_array("bpo", errors);
            }
            None => errors.push(reader.wrong_type("scope", "a table", scope)),
        }
    }
    vocabulary.amounts = read_amounts(&reader, facet_ids, errors);
    vocabulary.implies = read_implies(&reader, facet_ids, errors);
    vocabulary.pairs = read_pairs(&reader, facet_ids, errors);
    vocabulary.tied = read_tied(&reader, facet_ids, errors);
    vocabulary
}

/// The `[[vocabulary.KEY]]` tables, each read with unknown keys reported.
fn sub_tables<'a>(
    reader: &TableReader<'a>,
    key: &str,
    allowed: &[&str],
    errors: &mut Vec<CatalogError>,
) -> Vec<TableReader<'a>> {
    let Some(item) = reader.item(key) else {
        return Vec::new();
    };
    let name = format!("[[vocabulary.{key}]]");
    let Some(tables) = item.as_array_of_tables() else {
        errors.push(reader.wrong_type(key, &format!("an array of tables ({name})"), item));
        return Vec::new();
    };
    tables
        .iter()
        .map(|table| {
            let at = crate::located::Located::from_span(reader.text, table.span());
            let sub = reader.child(table as &dyn TableLike, at, &name);
            sub.reject_unknown_keys(allowed, errors);
            sub
        })
        .collect()
}

fn read_implies(
    reader: &TableReader<'_>,
    facet_ids: &[&str],
    errors: &mut Vec<CatalogError>,
) -> Vec<Implication> {
    let mut out = Vec::new();
    for r in sub_tables(reader, "implies", IMPLIES_KEYS, errors) {
        let (Some(facet), Some(then_facet), Some(value)) = (
            r.required_string("facet", errors),
            r.required_string("then_facet", errors),
            r.required_string("value", errors),
        ) else {
            continue;
        };
        let Some(at_least) = whole_number(&r, "at_least", 1, 1, errors) else {
            continue;
        };
        check_facets(&r, "facet", std::slice::from_ref(&facet), facet_ids, errors);
        check_facets(
            &r,
            "then_facet",
            std::slice::from_ref(&then_facet),
            facet_ids,
            errors,
        );
        out.push(Implication {
            facet,
            at_least,
            then_facet,
            value,
        });
    }
    out
}

/// The whole number at `key`, at least `min`; `default` when it is not written; none (and an error) when it
/// is something else.
fn whole_number(
    reader: &TableReader<'_>,
    key: &str,
    min: i64,
    default: i64,
    errors: &mut Vec<CatalogError>,
) -> Option<i64> {
    match reader.item(key).map(|i| (i.as_integer(), i)) {
        Some((Some(n), _)) if n >= min => Some(n),
        Some((_, i)) => {
            errors.push(reader.wrong_type(key, &format!("a whole number of at least {min}"), i));
            None
        }
        None => Some(default),
    }
}

fn read_pairs(
    reader: &TableReader<'_>,
    facet_ids: &[&str],
    errors: &mut Vec<CatalogError>,
) -> Vec<Pair> {
    let mut out = Vec::new();
    for r in sub_tables(reader, "pair", PAIR_KEYS, errors) {
        let (Some(facet), Some(value)) = (
            r.required_string("facet", errors),
            r.required_string("value", errors),
        ) else {
            continue;
        };
        let Some(reach) = whole_number(&r, "reach", 0, 2, errors) else {
            continue;
        };
        check_facets(&r, "facet", std::slice::from_ref(&facet), facet_ids, errors);
        out.push(Pair {
            facet,
            value,
            first: r.string_array("first", errors),
            then: r.string_array("then", errors),
            reach,
        });
    }
    out
}

fn read_tied(
    reader: &TableReader<'_>,
    facet_ids: &[&str],
    errors: &mut Vec<CatalogError>,
) -> Vec<Tied> {
    let mut out = Vec::new();
    for r in sub_tables(reader, "tied", TIED_KEYS, errors) {
        let (Some(facet), Some(value)) = (
            r.required_string("facet", errors),
            r.required_string("value", errors),
        ) else {
            continue;
        };
        check_facets(&r, "facet", std::slice::from_ref(&facet), facet_ids, errors);
        out.push(Tied {
            needs: r.string_array("needs", errors),
            facet,
            value,
            against: r.string_array("against", errors),
            unless: r.string_array("unless", errors),
        });
    }
    out
}

fn read_synonyms(reader: &TableReader<'_>, errors: &mut Vec<CatalogError>) -> Vec<Vec<String>> {
    let Some(item) = reader.item("synonyms") else {
        return Vec::new();
    };
    let Some(groups) = item.as_array() else {
        errors.push(reader.wrong_type("synonyms", "an array of arrays of words", item));
        return Vec::new();
    };
    let mut out = Vec::new();
    for group in groups.iter() {
        let words: Option<Vec<String>> = group
            .as_array()
            .and_then(|a| a.iter().map(|w| w.as_str().map(str::to_string)).collect());
        match words {
            Some(words) if words.len() >= 2 && words.iter().all(|w| !w.trim().contains(' ')) => {
                out.push(words)
            }
            _ => errors.push(CatalogError::new(
                crate::toml_table::value_at(reader.text, group),
                "each synonym group in [vocabulary] must be an array of two or more single words",
            )),
        }
    }
    out
}

/// A table of `word = integer`.
fn integer_table(
    reader: &TableReader<'_>,
    key: &str,
    errors: &mut Vec<CatalogError>,
) -> Vec<(String, i64)> {
    let Some(item) = reader.item(key) else {
        return Vec::new();
    };
    let Some(table) = item.as_table_like() else {
        errors.push(reader.wrong_type(key, "a table of word = number", item));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (word, value) in table.iter() {
        match value.as_integer() {
            Some(n) => out.push((word.to_lowercase(), n)),
            None => errors.push(CatalogError::new(
                item_at(reader.text, value),
                format!("`{word}` in `{key}` of {} must be a number", reader.name),
            )),
        }
    }
    out
}

fn read_amounts(
    reader: &TableReader<'_>,
    facet_ids: &[&str],
    errors: &mut Vec<CatalogError>,
) -> Vec<Amount> {
    let mut out = Vec::new();
    for amount in sub_tables(reader, "amount", AMOUNT_KEYS, errors) {
        let Some(facet) = amount.required_string("facet", errors) else {
            continue;
        };
        check_facets(
            &amount,
            "facet",
            std::slice::from_ref(&facet),
            facet_ids,
            errors,
        );
        out.push(Amount {
            facet,
            units: integer_table(&amount, "units", errors),
            cues: amount.string_array("cues", errors),
            owners: amount.string_array("owners", errors),
        });
    }
    out
}

fn check_facets(
    reader: &TableReader<'_>,
    key: &str,
    named: &[String],
    facet_ids: &[&str],
    errors: &mut Vec<CatalogError>,
) {
    for id in named {
        if !facet_ids.contains(&id.as_str()) {
            let at = reader
                .item(key)
                .map_or(reader.at, |i: &Item| item_at(reader.text, i));
            errors.push(
                CatalogError::new(at, format!("unknown facet `{id}` in {}", reader.name))
                    .with_help(allowed_with_suggestion("facets", id, facet_ids)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::parse_schema;

    const FACETS: &str =
        "version = 1\n[[facet]]\nid = \"ramp_up_weeks\"\nlabel = \"Weeks\"\nkind = \"integer\"\n";

    #[test]
    fn a_vocabulary_reads_every_part() {
        let toml = format!(
            "{FACETS}[vocabulary]\nnegations = [\"no\"]\nsynonyms = [[\"doctor\", \"physician\"]]\n\
             numbers = {{ two = 2 }}\nnot_inferred = [\"ramp_up_weeks\"]\n\
             clause_words = [\"but\"]\nproducts = [\"app\"]\nretention = [\"stays with us\"]\nrefusals = [\"dont need\"]\nback_refusals = [\"dont need that\"]\n\
             tolerances = [\"is fine\"]\none_value = [\"ramp_up_weeks\"]\n\
             places = [\"ramp_up_weeks\"]\nplace_cues = [\"team\"]\nfacts = [\"ramp_up_weeks\"]\nlacks = [\"no time\"]\norganisations = [\"clinics\"]\nstaff = [\"developers\"]\nmarkets = [\"sell to\"]\nother_meanings = [\"vet clinic\"]\nfocus = [\"ramp_up_weeks\"]\ncontact_facets = [\"ramp_up_weeks\"]\n\
             [vocabulary.scope]\ncall_center = [\"only need\"]\nbpo = [\"whole cycle\"]\n\
             [[vocabulary.amount]]\nfacet = \"ramp_up_weeks\"\nunits = {{ weeks = 1, month = 4 }}\ncues = [\"live\"]\nowners = [\"our\"]\n\
             [[vocabulary.pair]]\nfacet = \"ramp_up_weeks\"\nvalue = \"x\"\nfirst = [\"call\"]\nthen = [\"them\"]\n\
             [[vocabulary.tied]]\nneeds = [\"night\"]\nfacet = \"ramp_up_weeks\"\nvalue = \"x\"\nunless = [\"missed\"]\n"
        );
        let schema = parse_schema(&toml).expect("valid");
        let v = schema.vocabulary;
        assert_eq!(v.negations, ["no"]);
        assert_eq!(v.synonyms, [["doctor", "physician"]]);
        assert_eq!(v.numbers, [("two".to_string(), 2)]);
        assert_eq!(v.clause_words, ["but"]);
        assert_eq!(v.products, ["app"]);
        assert_eq!(v.retention, ["stays with us"]);
        assert_eq!(v.refusals, ["dont need"]);
        assert_eq!(v.back_refusals, ["dont need that"]);
        assert_eq!(v.tolerances, ["is fine"]);
        assert_eq!(v.places, ["ramp_up_weeks"]);
        assert_eq!(v.focus, ["ramp_up_weeks"]);
        assert_eq!(v.contact_facets, ["ramp_up_weeks"]);
        assert_eq!(v.place_cues, ["team"]);
        assert_eq!(v.one_value, ["ramp_up_weeks"]);
        assert_eq!(v.facts, ["ramp_up_weeks"]);
        assert_eq!(v.lacks, ["no time"]);
        assert_eq!(v.organisations, ["clinics"]);
        assert_eq!(v.staff, ["developers"]);
        assert_eq!(v.markets, ["sell to"]);
        assert_eq!(v.other_meanings, ["vet clinic"]);
        // A pair's reach is 2 words when not written.
        assert_eq!(
            v.pairs,
            [crate::vocabulary::Pair {
                facet: "ramp_up_weeks".into(),
                value: "x".into(),
                first: vec!["call".into()],
                then: vec!["them".into()],
                reach: 2,
            }]
        );
        // Every other value speaks against tied needs when `against` is not written.
        assert_eq!(
            v.tied,
            [crate::vocabulary::Tied {
                needs: vec!["night".into()],
                facet: "ramp_up_weeks".into(),
                value: "x".into(),
                against: Vec::new(),
                unless: vec!["missed".into()],
            }]
        );
        assert_eq!(v.call_center_signals, ["only need"]);
        assert_eq!(v.bpo_signals, ["whole cycle"]);
        assert_eq!(v.amounts.len(), 1);
        assert_eq!(
            v.amounts[0].units,
            [("weeks".to_string(), 1), ("month".to_string(), 4)]
        );
        assert_eq!(v.amounts[0].owners, ["our"]);
    }

    #[test]
    fn a_pair_with_a_bad_reach_or_an_unknown_facet_is_located() {
        let toml = format!(
            "{FACETS}[[vocabulary.pair]]\nfacet = \"ramp_up_weeks\"\nvalue = \"x\"\nreach = -1\n\
             [[vocabulary.pair]]\nfacet = \"no_such\"\nvalue = \"x\"\n"
        );
        let errors = parse_schema(&toml).expect_err("invalid");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [9, 11], "{errors:?}");
        assert!(
            errors[0].message.contains("`reach`"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[0].message.contains("at least 0"),
            "{}",
            errors[0].message
        );
        assert_eq!(
            errors[1].message,
            "unknown facet `no_such` in [[vocabulary.pair]]"
        );
    }

    #[test]
    fn unknown_facets_and_bad_groups_are_located() {
        let toml = format!(
            "{FACETS}[vocabulary]\nsynonyms = [[\"alone\"]]\nnot_inferred = [\"ramp_up_week\"]\n"
        );
        let errors = parse_schema(&toml).expect_err("invalid");
        let messages: Vec<(usize, String)> =
            errors.iter().map(|e| (e.line, e.message.clone())).collect();
        assert_eq!(
            messages,
            [
                (7, "each synonym group in [vocabulary] must be an array of two or more single words".to_string()),
                (8, "unknown facet `ramp_up_week` in [vocabulary]".to_string()),
            ]
        );
        assert_eq!(
            errors[1].help.as_deref(),
            Some("did you mean `ramp_up_weeks`? allowed facets: ramp_up_weeks")
        );
    }
}
