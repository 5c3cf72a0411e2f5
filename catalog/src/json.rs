//! catalog.json: the compact, versioned file the explorer loads (facet values written as indexes).
//!
//! Written and read by hand rather than through serde: the explorer compiles this crate to WebAssembly, where
//! a general JSON library weighed a quarter of the widget's download, and this format is small and fixed.
//! The writer keeps the bytes serde_json wrote before (field order, empty fields left out, escaping), so
//! existing files and their hashes do not change. The reader accepts what serde_json accepted for this
//! shape (any field order, unknown fields skipped, defaults for optional fields) and rejects the rest.

use crate::catalog::{build_catalog, Catalog};
use crate::schema::{
    AdviceConfig, Facet, FacetKind, FacetValue, MatchKind, Schema, SCHEMA_VERSION,
};
use crate::service::{ServiceFacet, ServiceFacets, ServiceRecord};
use crate::validate::{duplicate_value_id, facet_value_problems, match_fits_kind};
use crate::vocabulary::{Amount, Implication, Pair, Tied, Vocabulary};

/// Writes catalog.json: compact, with the same bytes for the same catalog.
pub fn to_json(catalog: &Catalog) -> String {
    let schema = &catalog.schema;
    let mut out = String::with_capacity(256 + catalog.services.len() * 256);
    out.push_str("{\"version\":");
    out.push_str(&schema.version.to_string());
    out.push_str(",\"advice\":{");
    let advice = &schema.advice;
    let mut first = true;
    for (key, value) in [
        ("call_center_page", &advice.call_center_page),
        ("bpo_page", &advice.bpo_page),
        ("anchor", &advice.anchor),
    ] {
        if let Some(value) = value {
            if !first {
                out.push(',');
            }
            first = false;
            push_key(&mut out, key);
            push_string(&mut out, value);
        }
    }
    out.push_str("},\"facets\":[");
    for (i, facet) in schema.facets.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_facet(&mut out, facet);
    }
    out.push(']');
    write_vocabulary(&mut out, &schema.vocabulary);
    out.push_str(",\"services\":[");
    for (i, s) in catalog.services.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"slug\":");
        push_string(&mut out, &s.slug);
        out.push_str(",\"title\":");
        push_string(&mut out, &s.title);
        out.push_str(",\"summary\":");
        push_string(&mut out, &s.summary);
        out.push_str(",\"url\":");
        push_string(&mut out, &s.url);
        // Left out when empty, so catalogs without page prose keep their bytes.
        for (key, text) in [("suits", &s.suits), ("not_for", &s.not_for)] {
            if !text.is_empty() {
                out.push(',');
                push_key(&mut out, key);
                push_string(&mut out, text);
            }
        }
        if !s.alternatives.is_empty() {
            out.push(',');
            push_key(&mut out, "alternatives");
            push_strings(&mut out, &s.alternatives);
        }
        // One entry per facet, in schema order: an array of value indexes, or a number (or null) for integers.
        out.push_str(",\"facets\":[");
        for (j, answer) in s.facets.by_facet.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            match answer {
                ServiceFacet::Values(values) => {
                    out.push('[');
                    for (k, v) in values.iter().enumerate() {
                        if k > 0 {
                            out.push(',');
                        }
                        out.push_str(&v.to_string());
                    }
                    out.push(']');
                }
                ServiceFacet::Integer(Some(n)) => out.push_str(&n.to_string()),
                ServiceFacet::Integer(None) => out.push_str("null"),
            }
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

fn write_facet(out: &mut String, facet: &Facet) {
    out.push_str("{\"id\":");
    push_string(out, &facet.id);
    out.push_str(",\"label\":");
    push_string(out, &facet.label);
    push_labels(out, &facet.labels);
    if facet.primary {
        out.push_str(",\"primary\":true");
    }
    if !facet.group_labels.is_empty() {
        out.push_str(",\"groups\":{");
        for (i, (group, labels)) in facet.group_labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_key(out, group);
            push_labels_object(out, labels);
        }
        out.push('}');
    }
    if let Some(question) = &facet.question {
        out.push_str(",\"question\":");
        push_string(out, question);
    }
    out.push_str(",\"kind\":");
    push_string(out, facet.kind.as_str());
    out.push_str(",\"match\":");
    push_string(out, facet.match_kind.as_str());
    out.push_str(",\"required\":");
    out.push_str(if facet.required { "true" } else { "false" });
    out.push_str(",\"filter\":");
    out.push_str(if facet.filter { "true" } else { "false" });
    out.push_str(",\"values\":[");
    for (i, v) in facet.values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"id\":");
        push_string(out, &v.id);
        out.push_str(",\"label\":");
        push_string(out, &v.label);
        push_labels(out, &v.labels);
        for (key, value) in [("group", &v.group), ("page", &v.page)] {
            if let Some(value) = value {
                out.push(',');
                push_key(out, key);
                push_string(out, value);
            }
        }
        if !v.keywords.is_empty() {
            out.push_str(",\"keywords\":[");
            for (k, keyword) in v.keywords.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                push_string(out, keyword);
            }
            out.push(']');
        }
        if v.matches_all {
            out.push_str(",\"matches_all\":true");
        }
        out.push('}');
    }
    out.push_str("]}");
}

/// The vocabulary, left out when empty (so catalogs without one keep their bytes). Integer tables are written
/// as `"word=n"` strings: one string-list reader serves every field, which keeps the widget small.
fn write_vocabulary(out: &mut String, v: &Vocabulary) {
    if *v == Vocabulary::default() {
        return;
    }
    let pairs = |list: &[(String, i64)]| -> Vec<String> {
        list.iter().map(|(w, n)| format!("{w}={n}")).collect()
    };
    out.push_str(",\"vocabulary\":{");
    let lists: [(&str, Vec<String>); 25] = [
        ("negations", v.negations.clone()),
        ("clause_words", v.clause_words.clone()),
        ("subjects", v.subjects.clone()),
        ("products", v.products.clone()),
        ("retention", v.retention.clone()),
        ("refusals", v.refusals.clone()),
        ("back_refusals", v.back_refusals.clone()),
        ("tolerances", v.tolerances.clone()),
        ("exclusions", v.exclusions.clone()),
        ("one_value", v.one_value.clone()),
        ("places", v.places.clone()),
        ("focus", v.focus.clone()),
        ("contact_facets", v.contact_facets.clone()),
        ("facts", v.facts.clone()),
        ("lacks", v.lacks.clone()),
        ("place_cues", v.place_cues.clone()),
        ("organisations", v.organisations.clone()),
        ("staff", v.staff.clone()),
        ("markets", v.markets.clone()),
        ("other_meanings", v.other_meanings.clone()),
        ("numbers", pairs(&v.numbers)),
        ("not_inferred", v.not_inferred.clone()),
        ("capabilities", v.capabilities.clone()),
        ("call_center", v.call_center_signals.clone()),
        ("bpo", v.bpo_signals.clone()),
    ];
    for (key, list) in &lists {
        push_key(out, key);
        push_strings(out, list);
        out.push(',');
    }
    out.push_str("\"synonyms\":[");
    for (i, group) in v.synonyms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_strings(out, group);
    }
    out.push_str("],\"implies\":[");
    for (i, imp) in v.implies.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_strings(
            out,
            &[
                imp.facet.clone(),
                imp.at_least.to_string(),
                imp.then_facet.clone(),
                imp.value.clone(),
            ],
        );
    }
    out.push_str("],\"amounts\":[");
    for (i, a) in v.amounts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"facet\":");
        push_string(out, &a.facet);
        out.push_str(",\"units\":");
        push_strings(out, &pairs(&a.units));
        out.push_str(",\"cues\":");
        push_strings(out, &a.cues);
        out.push_str(",\"owners\":");
        push_strings(out, &a.owners);
        out.push('}');
    }
    out.push_str("],\"pairs\":[");
    for (i, pair) in v.pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"facet\":");
        push_string(out, &pair.facet);
        out.push_str(",\"value\":");
        push_string(out, &pair.value);
        out.push_str(",\"first\":");
        push_strings(out, &pair.first);
        out.push_str(",\"then\":");
        push_strings(out, &pair.then);
        out.push_str(&format!(",\"reach\":{}}}", pair.reach));
    }
    out.push_str("],\"tied\":[");
    for (i, tied) in v.tied.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"facet\":");
        push_string(out, &tied.facet);
        out.push_str(",\"value\":");
        push_string(out, &tied.value);
        for (key, list) in [
            ("needs", &tied.needs),
            ("against", &tied.against),
            ("unless", &tied.unless),
        ] {
            out.push(',');
            push_key(out, key);
            push_strings(out, list);
        }
        out.push('}');
    }
    out.push_str("]}");
}

/// `,"labels":{"es":"...",...}`, left out when there are none (so untranslated catalogs keep their bytes).
fn push_labels(out: &mut String, labels: &[(String, String)]) {
    if labels.is_empty() {
        return;
    }
    out.push_str(",\"labels\":");
    push_labels_object(out, labels);
}

/// `{"es":"...",...}`
fn push_labels_object(out: &mut String, labels: &[(String, String)]) {
    out.push('{');
    for (i, (lang, label)) in labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_key(out, lang);
        push_string(out, label);
    }
    out.push('}');
}

fn push_strings(out: &mut String, list: &[String]) {
    out.push('[');
    for (i, s) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, s);
    }
    out.push(']');
}

fn push_key(out: &mut String, key: &str) {
    push_string(out, key);
    out.push(':');
}

/// A JSON string escaped exactly as serde_json escapes it: quote, backslash and control characters only
/// (short forms where JSON has them, else `\u00xx` in lowercase hex); everything else is written as is.
fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, byte) in s.bytes().enumerate() {
        let short = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'\n' => 'n',
            b'\r' => 'r',
            b'\t' => 't',
            0x08 => 'b',
            0x0c => 'f',
            0x00..=0x1f => 'u',
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or(""));
        out.push('\\');
        out.push(short);
        if short == 'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// Reads catalog.json and checks it as strictly as catalog.toml and the service pages are checked.
pub fn from_json(text: &str) -> Result<Catalog, String> {
    let doc = Reader::new(text)
        .document()
        .map_err(|e| format!("catalog.json: {e}"))?;
    if doc.version != SCHEMA_VERSION {
        return Err(format!(
            "catalog.json: unsupported version {} (this build reads {SCHEMA_VERSION})",
            doc.version
        ));
    }
    let mut problems = Vec::new();
    let mut facets: Vec<Facet> = Vec::with_capacity(doc.facets.len());
    for f in doc.facets {
        let (Some(kind), Some(match_kind)) =
            (FacetKind::parse(&f.kind), MatchKind::parse(&f.match_kind))
        else {
            problems.push(format!(
                "facet `{}` has unknown kind `{}` or match `{}`",
                f.facet.id, f.kind, f.match_kind
            ));
            continue;
        };
        let facet = Facet {
            kind,
            match_kind,
            ..f.facet
        };
        if let Err(why) = match_fits_kind(kind, match_kind) {
            problems.push(format!("facet `{}`: {why}", facet.id));
        }
        if facets.iter().any(|earlier| earlier.id == facet.id) {
            problems.push(format!("duplicate facet id `{}`", facet.id));
        }
        if let Some(id) = duplicate_value_id(&facet.values) {
            problems.push(format!("duplicate value `{id}` in facet `{}`", facet.id));
        }
        problems.extend(facet_value_problems(&facet));
        facets.push(facet);
    }
    if !problems.is_empty() {
        return Err(format!("catalog.json: {}", problems.join("; ")));
    }
    let schema = Schema {
        version: doc.version,
        facets,
        advice: doc.advice,
        vocabulary: doc.vocabulary,
        // The rules check service pages at build time; catalog.json carries no rules, as the widget never needs them.
        rules: Vec::new(),
    };
    build_catalog(schema, doc.services)
        .map_err(|problems| format!("catalog.json: {}", problems.join("; ")))
}

/// The document as read, before the schema rules are checked.
struct Document {
    version: u32,
    advice: AdviceConfig,
    facets: Vec<RawFacet>,
    vocabulary: Vocabulary,
    services: Vec<ServiceRecord>,
}

/// A facet whose kind and match rule are still text (checked by `from_json`, which reports them together).
struct RawFacet {
    facet: Facet,
    kind: String,
    match_kind: String,
}

type Res<T> = Result<T, String>;

/// JSON's nesting beyond which the reader gives up instead of recursing further (serde_json's limit too).
const MAX_DEPTH: usize = 128;

/// A reader over the whole text; each method consumes one JSON value (after any whitespace).
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

/// A JSON number: an integer that fits 64 bits (sign and magnitude), or anything else (fractions,
/// exponents, huge integers), which no field of catalog.json accepts.
enum Number {
    Integer { negative: bool, magnitude: u64 },
    Other,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            pos: 0,
            depth: 0,
        }
    }

    /// `message` with the line and column of the current position.
    fn error(&self, message: &str) -> String {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{message} at line {line} column {column}")
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(self.pos) {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes the literal `word` (true, false, null) if it comes next.
    fn eat_word(&mut self, word: &str) -> bool {
        self.peek();
        let found = self
            .text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word));
        if found {
            self.pos += word.len();
        }
        found
    }

    fn document(mut self) -> Res<Document> {
        let (mut version, mut advice, mut facets, mut services) = (None, None, None, None);
        let mut vocabulary = None;
        self.object(&mut |p, key| match key {
            "version" => {
                p.fresh(&version, key)?;
                version = Some(p.integer(0, u64::from(u32::MAX))? as u32);
                Ok(())
            }
            "advice" => {
                p.fresh(&advice, key)?;
                advice = Some(p.advice()?);
                Ok(())
            }
            "facets" => {
                p.fresh(&facets, key)?;
                let mut list = Vec::new();
                p.array(&mut |p| {
                    list.push(p.facet()?);
                    Ok(())
                })?;
                facets = Some(list);
                Ok(())
            }
            "vocabulary" => {
                p.fresh(&vocabulary, key)?;
                vocabulary = Some(p.vocabulary()?);
                Ok(())
            }
            "services" => {
                p.fresh(&services, key)?;
                // Each service has one answer per facet: when the facets came first, their number is known.
                let answers = facets.as_ref().map_or(0, Vec::len);
                let mut list = Vec::new();
                p.array(&mut |p| {
                    list.push(p.service(answers)?);
                    Ok(())
                })?;
                services = Some(list);
                Ok(())
            }
            _ => p.skip(),
        })?;
        let doc = Document {
            version: self.need(version, "version")?,
            advice: advice.unwrap_or_default(),
            facets: self.need(facets, "facets")?,
            vocabulary: vocabulary.unwrap_or_default(),
            services: self.need(services, "services")?,
        };
        if self.peek().is_some() {
            return Err(self.error("trailing characters"));
        }
        Ok(doc)
    }

    fn strings(&mut self) -> Res<Vec<String>> {
        let mut list = Vec::new();
        self.array(&mut |p| {
            list.push(p.string()?);
            Ok(())
        })?;
        Ok(list)
    }

    /// `"word=n"` strings back into pairs.
    fn pairs(&mut self) -> Res<Vec<(String, i64)>> {
        let mut out = Vec::new();
        for item in self.strings()? {
            let parsed = item
                .rsplit_once('=')
                .and_then(|(w, n)| Some((w.to_string(), n.parse::<i64>().ok()?)));
            out.push(parsed.ok_or_else(|| self.error("expected \"word=number\""))?);
        }
        Ok(out)
    }

    fn vocabulary(&mut self) -> Res<Vocabulary> {
        let mut v = Vocabulary::default();
        self.object(&mut |p, key| {
            match key {
                "negations" => v.negations = p.strings()?,
                "clause_words" => v.clause_words = p.strings()?,
                "subjects" => v.subjects = p.strings()?,
                "products" => v.products = p.strings()?,
                "retention" => v.retention = p.strings()?,
                "refusals" => v.refusals = p.strings()?,
                "back_refusals" => v.back_refusals = p.strings()?,
                "tolerances" => v.tolerances = p.strings()?,
                "exclusions" => v.exclusions = p.strings()?,
                "one_value" => v.one_value = p.strings()?,
                "places" => v.places = p.strings()?,
                "focus" => v.focus = p.strings()?,
                "contact_facets" => v.contact_facets = p.strings()?,
                "facts" => v.facts = p.strings()?,
                "lacks" => v.lacks = p.strings()?,
                "place_cues" => v.place_cues = p.strings()?,
                "organisations" => v.organisations = p.strings()?,
                "staff" => v.staff = p.strings()?,
                "markets" => v.markets = p.strings()?,
                "other_meanings" => v.other_meanings = p.strings()?,
                "numbers" => v.numbers = p.pairs()?,
                "not_inferred" => v.not_inferred = p.strings()?,
                "capabilities" => v.capabilities = p.strings()?,
                "call_center" => v.call_center_signals = p.strings()?,
                "bpo" => v.bpo_signals = p.strings()?,
                "synonyms" => {
                    let mut groups = Vec::new();
                    p.array(&mut |p| {
                        groups.push(p.strings()?);
                        Ok(())
                    })?;
                    v.synonyms = groups;
                }
                "implies" => {
                    let mut list = Vec::new();
                    p.array(&mut |p| {
                        let parts = p.strings()?;
                        let parsed = match parts.as_slice() {
                            [facet, n, then_facet, value] => {
                                n.parse().ok().map(|at_least| Implication {
                                    facet: facet.clone(),
                                    at_least,
                                    then_facet: then_facet.clone(),
                                    value: value.clone(),
                                })
                            }
                            _ => None,
                        };
                        list.push(
                            parsed.ok_or_else(|| p.error("expected [facet, n, facet, value]"))?,
                        );
                        Ok(())
                    })?;
                    v.implies = list;
                }
                "amounts" => {
                    let mut amounts = Vec::new();
                    p.array(&mut |p| {
                        let mut a = Amount::default();
                        p.object(&mut |p, key| {
                            match key {
                                "facet" => a.facet = p.string()?,
                                "units" => a.units = p.pairs()?,
                                "cues" => a.cues = p.strings()?,
                                "owners" => a.owners = p.strings()?,
                                _ => p.skip()?,
                            }
                            Ok(())
                        })?;
                        amounts.push(a);
                        Ok(())
                    })?;
                    v.amounts = amounts;
                }
                "pairs" => {
                    let mut pairs = Vec::new();
                    p.array(&mut |p| {
                        let mut pair = Pair::default();
                        p.object(&mut |p, key| {
                            match key {
                                "facet" => pair.facet = p.string()?,
                                "value" => pair.value = p.string()?,
                                "first" => pair.first = p.strings()?,
                                "then" => pair.then = p.strings()?,
                                "reach" => pair.reach = p.integer(0, 1000)? as i64,
                                _ => p.skip()?,
                            }
                            Ok(())
                        })?;
                        pairs.push(pair);
                        Ok(())
                    })?;
                    v.pairs = pairs;
                }
                "tied" => {
                    let mut list = Vec::new();
                    p.array(&mut |p| {
                        let mut tied = Tied::default();
                        p.object(&mut |p, key| {
                            match key {
                                "facet" => tied.facet = p.string()?,
                                "value" => tied.value = p.string()?,
                                "needs" => tied.needs = p.strings()?,
                                "against" => tied.against = p.strings()?,
                                "unless" => tied.unless = p.strings()?,
                                _ => p.skip()?,
                            }
                            Ok(())
                        })?;
                        list.push(tied);
                        Ok(())
                    })?;
                    v.tied = list;
                }
                _ => p.skip()?,
            }
            Ok(())
        })?;
        Ok(v)
    }

    fn advice(&mut self) -> Res<AdviceConfig> {
        let mut advice = AdviceConfig::default();
        let mut seen = [false; 3];
        self.object(&mut |p, key| {
            let (slot, i) = match key {
                "call_center_page" => (&mut advice.call_center_page, 0),
                "bpo_page" => (&mut advice.bpo_page, 1),
                "anchor" => (&mut advice.anchor, 2),
                _ => return p.skip(),
            };
            p.fresh_flag(&mut seen[i], key)?;
            *slot = p.optional_string()?;
            Ok(())
        })?;
        Ok(advice)
    }

    fn facet(&mut self) -> Res<RawFacet> {
        let (mut id, mut label, mut question, mut kind, mut match_kind) =
            (None, None, None, None, None);
        let (mut required, mut filter, mut values) = (None, None, None);
        let (mut labels, mut primary, mut groups) = (None, None, None);
        self.object(&mut |p, key| {
            match key {
                "groups" => {
                    p.fresh(&groups, key)?;
                    let mut list = Vec::new();
                    p.object(&mut |p, group| {
                        list.push((group.to_string(), p.labels()?));
                        Ok(())
                    })?;
                    groups = Some(list);
                }
                "labels" => {
                    p.fresh(&labels, key)?;
                    labels = Some(p.labels()?);
                }
                "primary" => {
                    p.fresh(&primary, key)?;
                    primary = Some(p.boolean()?);
                }
                "id" | "label" | "kind" | "match" => {
                    let slot = match key {
                        "id" => &mut id,
                        "label" => &mut label,
                        "kind" => &mut kind,
                        _ => &mut match_kind,
                    };
                    p.fresh(slot, key)?;
                    *slot = Some(p.string()?);
                }
                "question" => {
                    p.fresh(&question, key)?;
                    question = Some(p.optional_string()?);
                }
                "required" | "filter" => {
                    let slot = if key == "required" {
                        &mut required
                    } else {
                        &mut filter
                    };
                    p.fresh(slot, key)?;
                    *slot = Some(p.boolean()?);
                }
                "values" => {
                    p.fresh(&values, key)?;
                    let mut list = Vec::new();
                    p.array(&mut |p| {
                        list.push(p.value()?);
                        Ok(())
                    })?;
                    values = Some(list);
                }
                _ => p.skip()?,
            }
            Ok(())
        })?;
        Ok(RawFacet {
            facet: Facet {
                id: self.need(id, "id")?,
                label: self.need(label, "label")?,
                labels: labels.unwrap_or_default(),
                primary: primary.unwrap_or(false),
                group_labels: groups.unwrap_or_default(),
                question: question.flatten(),
                // Placeholders: from_json replaces both once the text is known to name a kind and a rule.
                kind: FacetKind::Set,
                match_kind: MatchKind::Any,
                required: self.need(required, "required")?,
                filter: self.need(filter, "filter")?,
                values: values.unwrap_or_default(),
            },
            kind: self.need(kind, "kind")?,
            match_kind: self.need(match_kind, "match")?,
        })
    }

    fn value(&mut self) -> Res<FacetValue> {
        let (mut id, mut label, mut group, mut page, mut keywords, mut matches_all) =
            (None, None, None, None, None, None);
        let mut labels = None;
        self.object(&mut |p, key| {
            match key {
                "labels" => {
                    p.fresh(&labels, key)?;
                    labels = Some(p.labels()?);
                }
                "id" | "label" => {
                    let slot = if key == "id" { &mut id } else { &mut label };
                    p.fresh(slot, key)?;
                    *slot = Some(p.string()?);
                }
                "group" | "page" => {
                    let slot = if key == "group" {
                        &mut group
                    } else {
                        &mut page
                    };
                    p.fresh(slot, key)?;
                    *slot = Some(p.optional_string()?);
                }
                "keywords" => {
                    p.fresh(&keywords, key)?;
                    let mut list = Vec::new();
                    p.array(&mut |p| {
                        list.push(p.string()?);
                        Ok(())
                    })?;
                    keywords = Some(list);
                }
                "matches_all" => {
                    p.fresh(&matches_all, key)?;
                    matches_all = Some(p.boolean()?);
                }
                _ => p.skip()?,
            }
            Ok(())
        })?;
        Ok(FacetValue {
            id: self.need(id, "id")?,
            label: self.need(label, "label")?,
            labels: labels.unwrap_or_default(),
            group: group.flatten(),
            page: page.flatten(),
            keywords: keywords.unwrap_or_default(),
            matches_all: matches_all.unwrap_or(false),
        })
    }

    fn service(&mut self, answers_expected: usize) -> Res<ServiceRecord> {
        let (mut slug, mut title, mut summary, mut url, mut answers) =
            (None, None, None, None, None);
        let (mut suits, mut not_for) = (None, None);
        let mut alternatives: Option<Vec<String>> = None;
        self.object(&mut |p, key| {
            let slot = match key {
                "slug" => &mut slug,
                "title" => &mut title,
                "summary" => &mut summary,
                "url" => &mut url,
                "suits" => &mut suits,
                "not_for" => &mut not_for,
                "alternatives" => {
                    p.fresh(&alternatives, key)?;
                    let mut list = Vec::new();
                    p.array(&mut |p| {
                        list.push(p.string()?);
                        Ok(())
                    })?;
                    alternatives = Some(list);
                    return Ok(());
                }
                "facets" => {
                    p.fresh(&answers, key)?;
                    let mut list = Vec::with_capacity(answers_expected);
                    p.array(&mut |p| {
                        list.push(p.answer()?);
                        Ok(())
                    })?;
                    answers = Some(list);
                    return Ok(());
                }
                _ => return p.skip(),
            };
            p.fresh(slot, key)?;
            *slot = Some(p.string()?);
            Ok(())
        })?;
        Ok(ServiceRecord {
            slug: self.need(slug, "slug")?,
            title: self.need(title, "title")?,
            summary: self.need(summary, "summary")?,
            url: self.need(url, "url")?,
            facets: ServiceFacets {
                by_facet: self.need(answers, "facets")?,
            },
            suits: suits.unwrap_or_default(),
            not_for: not_for.unwrap_or_default(),
            alternatives: alternatives.unwrap_or_default(),
        })
    }

    /// A service's answer for one facet: a list of value indexes, or a whole number or null.
    fn answer(&mut self) -> Res<ServiceFacet> {
        if self.peek() == Some(b'[') {
            let mut values = Vec::new();
            self.array(&mut |p| {
                // Not `integer`: inside an answer, which may be a list or a number, "-0" is a float to serde
                // and so no index.
                let at = p.pos;
                match p.number()? {
                    Number::Integer {
                        negative: false,
                        magnitude,
                    } if magnitude <= u64::from(u32::MAX) => {
                        values.push(
                            usize::try_from(magnitude)
                                .map_err(|_| p.error("value index too large"))?,
                        );
                        Ok(())
                    }
                    _ => {
                        p.pos = at;
                        Err(p.error("a value index must be a whole number"))
                    }
                }
            })?;
            return Ok(ServiceFacet::Values(values));
        }
        if self.eat_word("null") {
            return Ok(ServiceFacet::Integer(None));
        }
        let at = self.pos;
        match self.number()? {
            // "-0" is a float to serde, so no whole number here either.
            Number::Integer {
                negative,
                magnitude,
            } if !(negative && magnitude == 0) => {
                let n = if negative {
                    0i64.checked_sub_unsigned(magnitude)
                } else {
                    i64::try_from(magnitude).ok()
                };
                if let Some(n) = n {
                    return Ok(ServiceFacet::Integer(Some(n)));
                }
            }
            Number::Integer { .. } | Number::Other => {}
        }
        self.pos = at;
        Err(self.error("a facet answer must be a list of value indexes, a whole number or null"))
    }

    /// Errors when `slot` already holds a value: a field given twice.
    fn fresh<T>(&self, slot: &Option<T>, key: &str) -> Res<()> {
        let mut seen = slot.is_some();
        self.fresh_flag(&mut seen, key)
    }

    fn fresh_flag(&self, seen: &mut bool, key: &str) -> Res<()> {
        if *seen {
            return Err(self.error(&format!("duplicate field `{key}`")));
        }
        *seen = true;
        Ok(())
    }

    fn need<T>(&self, slot: Option<T>, key: &str) -> Res<T> {
        slot.ok_or_else(|| self.error(&format!("missing field `{key}`")))
    }

    /// `{ "key": value, ... }`, calling `each` with every key, positioned at its value (which `each` must
    /// consume).
    fn object(&mut self, each: &mut dyn FnMut(&mut Self, &str) -> Res<()>) -> Res<()> {
        if !self.eat(b'{') {
            return Err(self.expected("an object"));
        }
        self.nest(|p| {
            if p.eat(b'}') {
                return Ok(());
            }
            loop {
                if p.peek() != Some(b'"') {
                    return Err(p.expected("a key"));
                }
                let key = p.key()?;
                if !p.eat(b':') {
                    return Err(p.expected("`:`"));
                }
                each(p, &key)?;
                if p.eat(b'}') {
                    return Ok(());
                }
                if !p.eat(b',') {
                    return Err(p.expected("`,` or `}`"));
                }
            }
        })
    }

    /// `[ value, ... ]`, calling `each` positioned at every element (which `each` must consume).
    fn array(&mut self, each: &mut dyn FnMut(&mut Self) -> Res<()>) -> Res<()> {
        if !self.eat(b'[') {
            return Err(self.expected("a list"));
        }
        self.nest(|p| {
            if p.eat(b']') {
                return Ok(());
            }
            loop {
                each(p)?;
                if p.eat(b']') {
                    return Ok(());
                }
                if !p.eat(b',') {
                    return Err(p.expected("`,` or `]`"));
                }
            }
        })
    }

    /// Runs `inner` one level deeper, refusing nesting that could exhaust the stack.
    fn nest(&mut self, inner: impl FnOnce(&mut Self) -> Res<()>) -> Res<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    /// The error for something else (or the end of the text) where `what` was expected.
    fn expected(&mut self, what: &str) -> String {
        match self.peek() {
            None => self.error(&format!("EOF while parsing {what}")),
            Some(_) => self.error(&format!("expected {what}")),
        }
    }

    /// `{"es": "...", ...}`: a facet's or value's translated labels.
    fn labels(&mut self) -> Res<Vec<(String, String)>> {
        let mut labels = Vec::new();
        self.object(&mut |p, lang| {
            labels.push((lang.to_string(), p.string()?));
            Ok(())
        })?;
        Ok(labels)
    }

    /// Skips one value of any kind: a field this build does not know.
    fn skip(&mut self) -> Res<()> {
        match self.peek() {
            Some(b'{') => self.object(&mut |p, _| p.skip()),
            Some(b'[') => self.array(&mut |p| p.skip()),
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            _ if self.eat_word("true") || self.eat_word("false") || self.eat_word("null") => Ok(()),
            _ => Err(self.expected("a value")),
        }
    }

    fn boolean(&mut self) -> Res<bool> {
        if self.eat_word("true") {
            Ok(true)
        } else if self.eat_word("false") {
            Ok(false)
        } else {
            Err(self.expected("a boolean"))
        }
    }

    /// A string, or null for a field left empty.
    fn optional_string(&mut self) -> Res<Option<String>> {
        if self.eat_word("null") {
            Ok(None)
        } else {
            self.string().map(Some)
        }
    }

    /// A whole number within `min..=max` (both non-negative).
    fn integer(&mut self, min: u64, max: u64) -> Res<u64> {
        let at = self.pos;
        match self.number()? {
            Number::Integer {
                negative: false,
                magnitude,
            } if (min..=max).contains(&magnitude) => Ok(magnitude),
            Number::Integer {
                negative: true,
                magnitude: 0,
            } if min == 0 => Ok(0),
            _ => {
                self.pos = at;
                Err(self.error(&format!("expected a whole number from {min} to {max}")))
            }
        }
    }

    /// A number as JSON writes them: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Res<Number> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.expected("a number"));
        }
        let bytes = self.text.as_bytes();
        let negative = bytes.get(self.pos) == Some(&b'-');
        if negative {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let start = p.pos;
            while bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - start
        };
        let start = self.pos;
        let whole = if bytes.get(self.pos) == Some(&b'0') {
            self.pos += 1;
            1
        } else {
            digits(self)
        };
        if whole == 0 {
            return Err(self.error("invalid number"));
        }
        let mut magnitude: Option<u64> = Some(0);
        for &d in bytes.get(start..self.pos).unwrap_or(&[]) {
            magnitude = magnitude
                .and_then(|m| m.checked_mul(10))
                .and_then(|m| m.checked_add(u64::from(d - b'0')));
        }
        let mut other = false;
        if bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
            other = true;
        }
        if let Some(b'e' | b'E') = bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = bytes.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
            other = true;
        }
        Ok(match magnitude {
            Some(magnitude) if !other => Number::Integer {
                negative,
                magnitude,
            },
            _ => Number::Other,
        })
    }

    /// An object key: borrowed from the text when it has no escapes (keys never do in files this crate
    /// writes), so reading a key allocates nothing.
    fn key(&mut self) -> Res<std::borrow::Cow<'a, str>> {
        if self.peek() == Some(b'"') {
            let start = self.pos + 1;
            let plain = self.text.as_bytes().get(start..).and_then(|rest| {
                let len = rest
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
                (rest.get(len) == Some(&b'"')).then_some(len)
            });
            if let Some(key) = plain.and_then(|len| self.text.get(start..start + len)) {
                self.pos = start + key.len() + 1;
                return Ok(std::borrow::Cow::Borrowed(key));
            }
        }
        self.string().map(std::borrow::Cow::Owned)
    }

    /// A string with JSON's escapes resolved.
    fn string(&mut self) -> Res<String> {
        if !self.eat(b'"') {
            return Err(self.expected("a string"));
        }
        let bytes = self.text.as_bytes();
        let mut out = String::new();
        let mut start = self.pos;
        loop {
            let Some(&byte) = bytes.get(self.pos) else {
                return Err(self.error("EOF while parsing a string"));
            };
            if byte != b'"' && byte != b'\\' && byte >= 0x20 {
                self.pos += 1;
                continue;
            }
            // Only ASCII bytes end a run, so the run is whole characters.
            out.push_str(self.text.get(start..self.pos).unwrap_or(""));
            match byte {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escape = bytes.get(self.pos).copied();
                    self.pos += 1;
                    out.push(match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        None => return Err(self.error("EOF while parsing a string")),
                        Some(_) => {
                            self.pos -= 1;
                            return Err(self.error("invalid escape"));
                        }
                    });
                    start = self.pos;
                }
                _ => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), pairing surrogates.
    fn unicode_escape(&mut self) -> Res<char> {
        let high = self.hex4()?;
        let code = match high {
            0xd800..=0xdbff => {
                if !(self
                    .text
                    .get(self.pos..)
                    .is_some_and(|r| r.starts_with("\\u")))
                {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
            }
            _ => high,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Res<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .text
                .as_bytes()
                .get(self.pos)
                .and_then(|&b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("invalid escape"))?;
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
