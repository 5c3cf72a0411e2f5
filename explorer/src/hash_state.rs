//! The widget's state in the page's URL hash, so a filtered view can be shared and the back button works.
//!
//! Each widget owns one `key=value` part of the hash (parts are joined with `&`), e.g.
//! `#explorer=needs:after-hours-calls,missed-calls;office:front;q:we%20miss%20calls`.
//! Inside the value, facets are separated by `;`, a facet id from its values by `:`, values by `,`;
//! `q` holds the free text. Ids and text are percent-encoded, so none of these separators can occur in them.

use std::collections::BTreeMap;

/// What a widget keeps in the hash: the selected values per facet and the free text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HashState {
    pub selected: BTreeMap<String, Vec<String>>,
    pub text: String,
    /// Constraints read from the text that the buyer removed, as `facet=value`.
    pub dismissed: Vec<String>,
    /// Slugs of the services being compared.
    pub compare: Vec<String>,
}

/// The facet-like name under which the free text is stored.
const TEXT_KEY: &str = "q";
/// The longest free text kept, in characters, typed or from a link: a buyer's story is far shorter, and a
/// pasted document (or a hostile link) must not make every keystroke and URL write carry megabytes.
pub(crate) const MAX_TEXT_CHARS: usize = 4000;
/// The facet-like name under which removed "we understood" chips are stored.
const DISMISSED_KEY: &str = "x";
/// The facet-like name under which the compared services are stored.
const COMPARE_KEY: &str = "c";

impl HashState {
    /// True when nothing is selected and no text is typed (such a state is left out of the hash).
    pub(crate) fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.selected.values().all(Vec::is_empty)
            && self.compare.is_empty()
    }

    /// The value part, e.g. `needs:a,b;q:some%20text`.
    pub(crate) fn encode(&self) -> String {
        let mut parts: Vec<String> = self
            .selected
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(facet, values)| {
                let values: Vec<String> = values.iter().map(|v| percent_encode(v)).collect();
                [percent_encode(facet).as_str(), ":", &values.join(",")].concat()
            })
            .collect();
        if !self.text.trim().is_empty() {
            parts.push([TEXT_KEY, ":", &percent_encode(&self.text)].concat());
            if !self.dismissed.is_empty() {
                let values: Vec<String> =
                    self.dismissed.iter().map(|v| percent_encode(v)).collect();
                parts.push([DISMISSED_KEY, ":", &values.join(",")].concat());
            }
        }
        if !self.compare.is_empty() {
            let slugs: Vec<String> = self.compare.iter().map(|v| percent_encode(v)).collect();
            parts.push([COMPARE_KEY, ":", &slugs.join(",")].concat());
        }
        parts.join(";")
    }

    /// Reads a value part written by `encode`; malformed pieces are ignored rather than failing the page.
    pub(crate) fn decode(value: &str) -> HashState {
        let mut state = HashState::default();
        for part in value.split(';') {
            let Some((facet, values)) = part.split_once(':') else {
                continue;
            };
            let facet = percent_decode(facet);
            if facet == TEXT_KEY {
                state.text = clipped(percent_decode(values));
                continue;
            }
            if facet == COMPARE_KEY {
                state.compare = values
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(percent_decode)
                    .take(crate::compare_view::MAX_COMPARED)
                    .collect();
                continue;
            }
            if facet == DISMISSED_KEY {
                state.dismissed = values
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(percent_decode)
                    .collect();
                continue;
            }
            let values: Vec<String> = values
                .split(',')
                .filter(|v| !v.is_empty())
                .map(percent_decode)
                .collect();
            if !facet.is_empty() && !values.is_empty() {
                state.selected.entry(facet).or_default().extend(values);
            }
        }
        state
    }
}

/// The value stored under `key` in a hash like `#a=1&explorer=needs:x`.
pub(crate) fn read(hash: &str, key: &str) -> Option<String> {
    hash.trim_start_matches('#').split('&').find_map(|part| {
        part.split_once('=')
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    })
}

/// `hash` with the part under `key` replaced (or removed when `value` is None); other parts keep their order.
/// Returns the hash without its leading `#` (empty when nothing is left).
pub(crate) fn write(hash: &str, key: &str, value: Option<&str>) -> String {
    let mut parts: Vec<String> = hash
        .trim_start_matches('#')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect();
    let position = parts
        .iter()
        .position(|part| part.split_once('=').is_some_and(|(k, _)| k == key));
    match (position, value) {
        (Some(i), Some(v)) => parts[i] = [key, "=", v].concat(),
        (Some(i), None) => {
            parts.remove(i);
        }
        (None, Some(v)) => parts.push([key, "=", v].concat()),
        (None, None) => {}
    }
    parts.join("&")
}

/// Upper-case hex digits for percent-encoding, pushed by hand rather than through `format!`'s machinery.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => {
                hex(hi).zip(hex(lo)).map(|(hi, lo)| (hi * 16 + lo) as u8)
            }
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` cut to its first `MAX_TEXT_CHARS` characters.
pub(crate) fn clipped(mut text: String) -> String {
    if let Some((at, _)) = text.char_indices().nth(MAX_TEXT_CHARS) {
        text.truncate(at);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(pairs: &[(&str, &[&str])], text: &str) -> HashState {
        HashState {
            selected: pairs
                .iter()
                .map(|(f, vs)| (f.to_string(), vs.iter().map(|v| v.to_string()).collect()))
                .collect(),
            text: text.to_string(),
            dismissed: Vec::new(),
            compare: Vec::new(),
        }
    }

    #[test]
    fn compared_services_round_trip_and_stay_at_three() {
        let mut s = state(&[("needs", &["payroll"])], "");
        s.compare = vec!["a".into(), "b c".into()];
        let encoded = s.encode();
        assert_eq!(encoded, "needs:payroll;c:a,b%20c");
        assert_eq!(HashState::decode(&encoded), s);
        let four = HashState::decode("c:a,b,c,d");
        assert_eq!(four.compare, ["a", "b", "c"]);
    }

    #[test]
    fn removed_chips_round_trip_with_the_text_and_need_it() {
        let mut s = state(&[], "spanish, hipaa");
        s.dismissed = vec!["compliance=HIPAA".into(), "languages=es".into()];
        let encoded = s.encode();
        assert_eq!(
            encoded,
            "q:spanish%2C%20hipaa;x:compliance%3DHIPAA,languages%3Des"
        );
        assert_eq!(HashState::decode(&encoded), s);
        // Without text there is nothing to have removed.
        s.text.clear();
        assert_eq!(s.encode(), "");
    }

    #[test]
    fn round_trips_selection_and_text() {
        let s = state(
            &[
                ("needs", &["after-hours-calls", "payroll"]),
                ("compliance", &["PCI-DSS"]),
            ],
            "we miss calls; 6pm & later: 100%",
        );
        let encoded = s.encode();
        assert_eq!(
            encoded,
            "compliance:PCI-DSS;needs:after-hours-calls,payroll;q:we%20miss%20calls%3B%206pm%20%26%20later%3A%20100%25"
        );
        assert_eq!(HashState::decode(&encoded), s);
    }

    #[test]
    fn decodes_non_ascii_text() {
        let s = state(&[], "médecin à domicile");
        assert_eq!(HashState::decode(&s.encode()), s);
    }

    #[test]
    fn ignores_malformed_parts() {
        assert_eq!(
            HashState::decode("garbage;needs:;:x;needs:a,,b;q:%zz"),
            state(&[("needs", &["a", "b"])], "%zz")
        );
    }

    #[test]
    fn reads_and_writes_one_key_among_others() {
        let hash = "#top&explorer=needs:a&explorer-sales=q:x";
        assert_eq!(read(hash, "explorer").as_deref(), Some("needs:a"));
        assert_eq!(read(hash, "explorer-sales").as_deref(), Some("q:x"));
        assert_eq!(read(hash, "other"), None);
        assert_eq!(
            write(hash, "explorer", Some("needs:b")),
            "top&explorer=needs:b&explorer-sales=q:x"
        );
        assert_eq!(write(hash, "explorer", None), "top&explorer-sales=q:x");
        assert_eq!(write("", "explorer", Some("q:x")), "explorer=q:x");
        assert_eq!(write("#explorer=q:x", "explorer", None), "");
    }

    #[test]
    fn empty_state_is_empty() {
        assert!(HashState::default().is_empty());
        assert!(state(&[("needs", &[])], "  ").is_empty());
        assert!(!state(&[], "x").is_empty());
    }

    #[test]
    fn a_text_from_a_link_is_clipped() {
        let long = "é".repeat(MAX_TEXT_CHARS + 10);
        let decoded = HashState::decode(&["q:", &percent_encode(&long)].concat());
        assert_eq!(decoded.text.chars().count(), MAX_TEXT_CHARS);
        assert_eq!(clipped("short".into()), "short");
    }
}
