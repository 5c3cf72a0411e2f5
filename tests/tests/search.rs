//! The search index a build writes: its files, shards a query word maps to, and the switch that turns it off.

mod common;
use common::*;
use serde_json::Value;

fn meta(s: &Site) -> Value {
    serde_json::from_str(&s.read_out("search/meta.json")).expect("meta.json is JSON")
}

fn shard_keys(meta: &Value) -> Vec<String> {
    meta["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .map(|k| k.as_str().expect("key").to_string())
        .collect()
}

/// The shards (by index) whose JSON holds `term`.
fn shards_with(s: &Site, keys: &[String], term: &str) -> Vec<usize> {
    (0..keys.len())
        .filter(|i| {
            let shard: Value = serde_json::from_str(&s.read_out(&format!("search/t/{i}.json")))
                .expect("shard is JSON");
            shard.get(term).is_some()
        })
        .collect()
}

#[test]
fn a_site_with_its_own_templates_gets_the_index() {
    let s = Site::new();
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let m = meta(&s);
    assert_eq!(m["version"], 1);
    // Home, call-centers and three pages.
    assert_eq!(m["documents"], 5);
    assert!(s
        .read_out("search/search.js")
        .contains("export function createIndex"));
    let keys = shard_keys(&m);
    let holders = shards_with(&s, &keys, "inbound");
    assert_eq!(holders.len(), 1, "a term lives in one shard: {keys:?}");
    let fragments: Value = serde_json::from_str(&s.read_out("search/f/0.json")).unwrap();
    let titles: Vec<&str> = fragments
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f[0].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Virtual call centers"), "{titles:?}");
}

#[test]
fn a_large_site_splits_the_index_and_each_word_maps_to_one_shard() {
    let s = Site::new();
    // Distinct words on many pages, all starting alike, so the "p" shard must split by longer prefixes.
    for i in 0..400 {
        s.write(
            &format!("content/call-centers/p{i}.md"),
            &format!("+++\ntitle = \"Page pa{i:03}q\"\n+++\nWords pa{i:03}q pb{i:03}q pc{i:03}q and payroll.\n"),
        );
    }
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let m = meta(&s);
    let keys = shard_keys(&m);
    assert!(
        keys.iter().any(|k| k.len() >= 2),
        "prefixes deepen: {keys:?}"
    );
    for word in ["pa123q", "pc007q", "payroll", "inbound"] {
        let holders = shards_with(&s, &keys, word);
        assert_eq!(holders.len(), 1, "{word}: {holders:?}");
        // The client picks the longest key the word starts with: that must be the shard holding it.
        let chosen = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| word.starts_with(k.as_str()))
            .max_by_key(|(_, k)| k.len())
            .map(|(i, _)| i);
        assert_eq!(chosen, Some(holders[0]), "{word}");
    }
    let largest = (0..keys.len())
        .map(|i| s.read_out(&format!("search/t/{i}.json")).len())
        .max()
        .unwrap();
    assert!(largest < 20_000, "shards stay small: {largest} bytes");
}

#[test]
fn search_enabled_false_writes_no_index() {
    let s = Site::new();
    s.write(
        "shoreline.toml",
        &format!("{CONFIG}\n[search]\nenabled = false\n"),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!s.out().join("search").exists());
}

#[test]
fn an_unknown_search_key_is_an_error_at_its_line() {
    let s = Site::new();
    s.write(
        "shoreline.toml",
        &format!("{CONFIG}\n[search]\nenable = false\n"),
    );
    let o = s.build();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("enable") && err.contains("shoreline.toml:7"),
        "{err}"
    );
}

#[test]
fn the_default_theme_shows_the_box_only_when_search_is_on() {
    let s = Site::empty();
    s.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    );
    s.write("content/guides/_index.md", "+++\ntitle = \"Guides\"\n+++\n");
    s.write(
        "content/guides/a.md",
        "+++\ntitle = \"Payroll\"\n+++\nText.\n",
    );
    s.write("shoreline.toml", CONFIG);
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let home = s.read_out("index.html");
    assert!(home.contains("data-shoreline-search"), "{home}");
    assert!(home.contains("src=\"/search/search.js\""));
    assert!(
        home.contains("href=\"/sitemap.xml\""),
        "no-JS fallback link"
    );
    assert!(
        !home.contains("href=\"/services/\""),
        "no catalog, no catalog link"
    );

    s.write(
        "shoreline.toml",
        &format!("{CONFIG}\n[search]\nenabled = false\n"),
    );
    let o = s.build();
    assert!(o.status.success(), "{}", stderr(&o));
    let home = s.read_out("index.html");
    assert!(!home.contains("data-shoreline-search") && !home.contains("search.js"));
}
