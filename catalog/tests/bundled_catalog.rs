//! The real bundled catalog (content/catalog.toml + content/services/*.md): every page validates, the catalog
//! round-trips through catalog.json, and buyer sentences find the services a person would expect.

use std::path::{Path, PathBuf};

use shoreline_catalog::{
    build_catalog, from_json, parse_schema, parse_service, to_json, Catalog, Engine, Query,
    ServiceRecord, Verdict,
};

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// The TOML between the opening and closing `+++` lines of a page.
fn front_matter(page: &str) -> Option<&str> {
    let rest = page.strip_prefix("+++")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return rest.get(..offset);
        }
        offset += line.len();
    }
    None
}

/// Loads the bundled catalog exactly as the generator would, failing loudly when the content is missing.
fn load_bundled() -> Catalog {
    let dir = content_dir();
    let catalog_path = dir.join("catalog.toml");
    let catalog_toml = std::fs::read_to_string(&catalog_path).unwrap_or_else(|e| {
        panic!(
            "the bundled catalog is missing: cannot read {}: {e}. These tests run against the real content; \
             restore content/catalog.toml and content/services/*.md.",
            catalog_path.display()
        )
    });
    let schema = parse_schema(&catalog_toml)
        .unwrap_or_else(|errors| panic!("content/catalog.toml does not validate: {errors:#?}"));

    let services_dir = dir.join("services");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&services_dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", services_dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 30,
        "expected the bundled catalog's service pages in {}, found only {}",
        services_dir.display(),
        paths.len()
    );

    let mut problems = Vec::new();
    let mut services = Vec::new();
    for path in &paths {
        let page = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let Some(front) = front_matter(&page) else {
            problems.push(format!("{}: no +++ front matter", path.display()));
            continue;
        };
        let meta: toml::Table = match toml::from_str(front) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let text = |key: &str| {
            meta.get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let prose = shoreline_catalog::service_text(&page);
        match parse_service(&schema, front) {
            Ok(facets) => {
                let slug = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string();
                services.push(ServiceRecord {
                    url: format!("/services/{slug}/"),
                    slug,
                    title: text("title"),
                    summary: text("description"),
                    facets,
                    suits: prose.suits,
                    not_for: prose.not_for,
                    alternatives: prose.alternatives,
                });
            }
            Err(errors) => {
                for e in errors {
                    problems.push(format!(
                        "{}:{}:{}: {} ({:?})",
                        path.display(),
                        e.line,
                        e.col,
                        e.message,
                        e.help
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "service pages do not validate:\n{}",
        problems.join("\n")
    );
    build_catalog(schema, services)
        .unwrap_or_else(|errors| panic!("build_catalog failed: {errors:#?}"))
}

#[test]
fn every_service_page_validates_and_the_catalog_round_trips() {
    let catalog = load_bundled();
    assert!(catalog
        .services
        .iter()
        .all(|s| !s.title.is_empty() && !s.summary.is_empty()));
    let json = to_json(&catalog);
    let back = from_json(&json).expect("catalog.json reads back");
    // catalog.json leaves out the editors' [[rule]]s: they check pages at build time, the widget never needs them.
    let mut published = catalog.clone();
    published.schema.rules.clear();
    assert_eq!(back, published);
    assert_eq!(to_json(&back), json);
}

fn ask(engine: &Engine, text: &str) -> shoreline_catalog::QueryResult {
    engine.query(&Query {
        text: text.to_string(),
        limit: 10,
        ..Query::default()
    })
}

#[test]
fn a_team_size_unit_is_read_as_written_not_by_its_stem() {
    let engine = Engine::new(&load_bundled());
    let team = |text: &str| -> Vec<String> {
        ask(&engine, text)
            .understood
            .into_iter()
            .filter(|u| u.facet == "min_team_size")
            .map(|u| u.value)
            .collect()
    };
    // "Callers" and "call" share a stem; "a call center" counts nobody.
    assert!(team("we think we need a call center").is_empty());
    assert_eq!(team("we think we need 4 callers"), ["4"]);
}

/// What a buyer sentence must produce: `expect` among the top `within` results; optionally a verdict.
struct Case {
    sentence: &'static str,
    expect: &'static [&'static str],
    within: usize,
    verdict: Option<Verdict>,
}

const fn case(
    sentence: &'static str,
    expect: &'static [&'static str],
    verdict: Option<Verdict>,
) -> Case {
    Case {
        sentence,
        expect,
        within: 3,
        verdict,
    }
}

const CC: Option<Verdict> = Some(Verdict::CallCenter);
const BPO: Option<Verdict> = Some(Verdict::Bpo);

/// Sentences a buyer might type, and the services a person who knows the catalog would point them to. When a
/// case lists several slugs, any one of them in the top 3 is a pass.
const CASES: &[Case] = &[
    case(
        "we miss calls after 6pm and at weekends",
        &["after-hours-answering"],
        CC,
    ),
    // Look-alikes a short query names, or fits nearly as well, keep their place in the top three.
    case("we need payroll and HR admin", &["hr-administration"], None),
    case(
        "collect overdue invoices",
        &["full-cycle-collections"],
        None,
    ),
    case(
        "payroll eats our HR team's week",
        &["payroll-processing"],
        BPO,
    ),
    case(
        "nobody picks up the phone when we're busy",
        &["overflow-answering", "after-hours-answering"],
        CC,
    ),
    case(
        "our phone lines are busy and callers wait on hold too long",
        &["overflow-answering"],
        CC,
    ),
    case(
        "we need someone to answer the phones overnight for our clinic",
        &["medical-after-hours-answering"],
        None,
    ),
    // Both healthcare booking desks fit; the small-practice one is the other's look-alike.
    case(
        "patients can't get through to book appointments",
        &["patient-access-center", "small-practice-patient-booking"],
        None,
    ),
    case(
        "insurance claims are piling up",
        &["insurance-claims-processing"],
        BPO,
    ),
    case(
        "we are drowning in supplier invoices",
        &["bookkeeping-and-payables"],
        BPO,
    ),
    case(
        "our books are a mess and month end takes forever",
        &["bookkeeping-and-payables", "financial-reporting-and-tax"],
        BPO,
    ),
    case(
        "tax season is coming and we have no one to prepare returns",
        &["financial-reporting-and-tax"],
        BPO,
    ),
    case(
        "too many customers don't pay their invoices on time",
        &["early-stage-collection-calls", "full-cycle-collections"],
        None,
    ),
    case(
        "we want more B2B sales meetings booked for our reps",
        &["b2b-appointment-setting"],
        CC,
    ),
    case(
        "cold calling to find new leads",
        &[
            "outbound-telemarketing",
            "b2b-appointment-setting",
            "inbound-sales-qualification",
        ],
        None,
    ),
    case(
        "our support inbox has hundreds of unanswered emails",
        &["chat-and-email-desk", "multilingual-email-ticket-support"],
        None,
    ),
    case(
        "we want live chat on our website staffed",
        &[
            "chat-and-email-desk",
            "ecommerce-chat-sales-assist",
            "omnichannel-care-desk",
        ],
        None,
    ),
    case(
        "angry comments on facebook and instagram go unanswered",
        &["social-media-care"],
        None,
    ),
    case(
        "our customers need tech support when the product stops working",
        &["tier-1-technical-support"],
        None,
    ),
    case(
        "employees keep asking for password resets and laptops",
        &["employee-it-service-desk"],
        BPO,
    ),
    case(
        "we need developers to maintain our app",
        &["software-development"],
        BPO,
    ),
    case(
        "hiring 200 warehouse staff before the holidays",
        &["recruitment-process-outsourcing"],
        BPO,
    ),
    case(
        "new starters paperwork and benefits enrolment take too much time",
        &["hr-administration"],
        BPO,
    ),
    case(
        "black friday brings a holiday rush we can't staff",
        &["seasonal-surge-team"],
        None,
    ),
    case(
        "customers call in Spanish, French and German",
        &["multilingual-support-hub"],
        None,
    ),
    case(
        "no-shows are killing our schedule, we need reminder calls",
        &["appointment-reminders"],
        CC,
    ),
    case(
        "hotel guests call to change their bookings at night",
        &["reservation-desk"],
        None,
    ),
    case(
        "returns and refunds take our team days",
        &["order-returns-refunds-processing"],
        BPO,
    ),
    case(
        "take phone orders for our TV offer",
        &["phone-order-line"],
        CC,
    ),
    case(
        "we need to scan and index thousands of paper contracts",
        &["data-entry-and-documents"],
        BPO,
    ),
    case(
        "harmful posts on our marketplace need reviewing",
        &["content-moderation"],
        BPO,
    ),
    case(
        "donor renewal calls for our charity",
        &["fundraising-and-political-outreach"],
        None,
    ),
    case(
        "phone bank to get out the vote",
        &["fundraising-and-political-outreach"],
        None,
    ),
    case(
        "run customer satisfaction surveys after each purchase",
        &["outbound-surveys"],
        None,
    ),
    case(
        "reduce churn by calling customers who cancel",
        &["crm-retention-calling"],
        None,
    ),
    case(
        "purchase orders and stock levels for our warehouse",
        &["supply-chain-administration"],
        BPO,
    ),
    case(
        "medical billing denials are eating our revenue",
        &["medical-billing-rcm"],
        BPO,
    ),
    case(
        "conference attendees need registration help",
        &["event-attendee-operations"],
        None,
    ),
    case(
        "a receptionist to take messages and book appointments",
        &["virtual-receptionist-booking", "after-hours-answering"],
        CC,
    ),
    // Generic: the reservation desk and event operations also answer calls and do the CRM follow-up by their
    // tags, and the sentence names no trade to tell them apart, so the joined-up service need only make the
    // top 5 (lead management, once listed here, only calls out).
    Case {
        sentence: "we answer calls but then nobody updates the CRM or does the follow-up",
        expect: &["integrated-contact-and-admin"],
        within: 5,
        verdict: BPO,
    },
    case(
        "we want a dedicated team to handle our customer service",
        &["dedicated-inbound-service-team", "omnichannel-care-desk"],
        None,
    ),
    case(
        "policyholders call to change their insurance policy",
        &["insurance-policy-servicing"],
        None,
    ),
    // Keeping some back-office work while asking for other back-office work, after "only want".
    case(
        "Benefits paperwork stays with our HR manager; we only want help screening applicants and booking interviews",
        &["recruitment-process-outsourcing"],
        BPO,
    ),
    case(
        "Payroll stays with our accountant. We want someone to take over screening applicants and booking interviews",
        &["recruitment-process-outsourcing"],
        BPO,
    ),
    case(
        "Card payments are handled by our finance team, we only want the phones answered after 6pm",
        &["after-hours-answering"],
        CC,
    ),
];

#[test]
fn buyer_sentences_find_the_expected_services() {
    let catalog = load_bundled();
    let slugs: Vec<&str> = catalog.services.iter().map(|s| s.slug.as_str()).collect();
    for case in CASES {
        for slug in case.expect {
            assert!(
                slugs.contains(slug),
                "case {:?} names unknown service `{slug}`",
                case.sentence
            );
        }
    }
    let engine = Engine::new(&catalog);
    let mut failures = Vec::new();
    for case in CASES {
        let result = ask(&engine, case.sentence);
        let top: Vec<&str> = result
            .results
            .iter()
            .take(case.within)
            .map(|h| h.slug.as_str())
            .collect();
        let found = case.expect.iter().any(|slug| top.contains(slug));
        let verdict_ok = case.verdict.is_none() || result.advice.verdict == case.verdict;
        if !found || !verdict_ok {
            failures.push(format!(
                "{:?}\n    expected one of {:?} in top {}, got {:?}\n    verdict {:?} (wanted {:?}), inferred needs {:?}",
                case.sentence, case.expect, case.within, top, result.advice.verdict, case.verdict, result.inferred_needs
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} buyer sentences failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Runs a scenario table from `tests/scenarios/` and returns its report.
fn scenario_report(file: &str) -> shoreline_catalog::evaluate::Report {
    use shoreline_catalog::evaluate::{evaluate, parse_scenarios};
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(file);
    let json = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let scenarios = parse_scenarios(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let catalog = load_bundled();
    let slugs: Vec<&str> = catalog.services.iter().map(|s| s.slug.as_str()).collect();
    for s in &scenarios {
        for slug in s.must_include.iter().chain(&s.must_exclude) {
            assert!(
                slugs.contains(&slug.as_str()),
                "{} names unknown service `{slug}`",
                s.id
            );
        }
    }
    evaluate(&Engine::new(&catalog), &scenarios)
}

/// Floors for the buyer-understanding figures: what the engine reaches today, so a change that loses ground
/// fails. The targets (38/40 hits, <= 2 look-alikes, 38/40 advice, 90% precision, 80% recall) are
/// not all met yet; `cargo xtask bench` prints the figures against them.
struct Floors {
    hits: usize,
    look_alikes: usize,
    advice: usize,
    precision: f64,
    recall: f64,
}

fn assert_scenarios(file: &str, floors: Floors) {
    let report = scenario_report(file);
    let text = format!(
        "{file}: {report}{}",
        shoreline_catalog::evaluate::misses(&report)
    );
    println!("{text}");
    assert!(report.hits() >= floors.hits, "top-5 hits fell\n{text}");
    assert!(
        report.look_alikes() <= floors.look_alikes,
        "more look-alikes\n{text}"
    );
    assert!(
        report.advice_right() >= floors.advice,
        "advice fell\n{text}"
    );
    assert!(
        report.precision() >= floors.precision,
        "precision fell\n{text}"
    );
    assert!(report.recall() >= floors.recall, "recall fell\n{text}");
}

#[test]
fn the_development_scenarios_hold_their_floors() {
    assert_scenarios(
        "dev.json",
        Floors {
            hits: 40,
            look_alikes: 2,
            advice: 40,
            precision: 0.845,
            recall: 0.889,
        },
    );
}

/// Our own table (tests/scenarios/own.json), written after the engine and not tuned against it: O13-O20 came
/// after the look-alike ranking, one per service the table had not covered, and were measured once. O21-O40
/// were written blind (from the service pages, without the engine or its vocabulary) and first measured at
/// 17/20 hits, 4 look-alikes, 16/20 advice, 73.6% precision and 50.3% recall; O41-O60 were written blind the
/// same way, aimed at the services the tables used least, and first measured at 20/20, 8, 15/20, 79.4% and
/// 79.1%; O61-O80 (short search-box queries, medium and long stories, two non-native writers) were written
/// blind again after the engine had learnt from O41-O60, and first measured at 16/20, 5, 16/20, 81.8% and
/// 69.2%; O81-O100 were written blind against the session's final engine and measured once, not tuned:
/// 18/20, 2, 17/20, 78.4% and 65.2%. O101-O120 (buyers the tables had not used: a ferry operator, a
/// pharmacy chain, a funeral home, a parking authority ...) were written blind after the next session's
/// first reading changes and first measured at 19/20, 10, 19/20, 81.4% and 78.0%. O121-O140 (five search-box
/// queries, three stories by non-native writers, a different service for each) were written blind after a
/// later session's first ranking change and first measured at 20/20, 2, 19/20, 81.5% and 71.5%. O141-O160 (what
/// buyers do not want or keep in-house, and problems rather than services) were written blind in the same
/// session after its pair reading, and first measured at 17/20, 4, 14/20, 74.3% and 68.2%. O161-O180 (businesses
/// the tables had not used, stating hours, languages, compliance and what they keep as they come) were written
/// blind at the end of that session and measured once on its final engine: 20/20, 3, 17/20, 80.2% and 78.1%.
/// O181-O200 (six search-box queries with typos, the rest short and long stories, 21 services) were written
/// blind in the next session and measured once before joining the table: 20/20, 1, 20/20, 89.3% and 82.2%.
/// O201-O220 (businesses the tables had not used, five search-box queries, two non-native writers) were written
/// blind in the session after and first measured at 19/20, 1, 19/20, 71.2% and 75.9%; the general phrases their
/// misses showed absent ("we don't offer", "not after", "is not useful", "days behind", "call reminders") were
/// added to the vocabulary after that measurement. O221-O240 (a funeral home, a school district, a marina, a ferry
/// operator, four search-box queries, two non-native writers) were written blind in the next session and first
/// measured at 19/20, 3, 19/20, 72.1% and 77.5%; "our developers" as a need for software, "bills" read into
/// "billing" and "write down the details" not read as message-taking were fixed after that measurement. A later
/// session grouped every wrong reading of both tables by cause and changed only entries that were too broad for
/// their value across many statements (channel words under email-backlog, tool names under needs) or general
/// phrasings missing for many (team-size cues, missed-call and triage phrases). O241-O260 (a vet chain, a dental
/// lab, a solar installer, a university admissions office, a crypto exchange, a hospice, a courier startup; five
/// search-box queries, two with typos; four non-native writers) were written blind after that and first
/// measured at 20/20, 4, 19/20, 76.5% and 82.8%; the market rule ("ordering software for restaurants" is no
/// restaurant) and the focus facets (a phone line above a desk of every channel for "answer our phones") came
/// after, from the errors of all the tables. O261-O280 (a roadside assistance club, a tax-refund app for drivers,
/// a prefab studio builder, a regional newspaper, a nurses' congress; five search-box queries, two with typos;
/// three non-native writers) were written blind by a helper session from the service pages only, after the tied
/// needs and other meanings came in, and measured once, not tuned: 19/20, 4, 19/20, 79.3% and 72.3%. O281-O300
/// (six search-box queries, two with typos; two problems with no service named; three non-native writers; the
/// services the table used least) were written blind the same way in the same session, after compound words
/// and the phrasings O261-O280 showed missing, and measured once: 20/20, 5, 16/20, 84.1% and 72.6%. O301-O320
/// and O321-O340 (one statement per service, each batch for half the catalog; five search-box queries and three
/// long stories per batch; non-native writers and British spelling) were written blind by two helper sessions in
/// the next session, after its first change (a phrase with another meaning finds no service), and first
/// measured at 20/20, 4, 18/20, 76.5% and 76.9%, and 19/20, 3, 17/20, 89.1% and 78.0%; the phrasings their
/// misses showed absent, own head counts and refusals pointing back came after. O341-O360 (problems in the
/// buyer's words with no service named, what the buyer keeps or does not want, six search-box queries) and
/// O361-O380 (industries and countries the tables had not used, eight search-box queries, five non-native
/// writers) were written blind the same way in the same session, after read-write access, the cap of asked
/// needs and the contact facets came in, and first measured at 20/20, 3, 19/20, 74.8% and 71.5%, and 20/20, 4,
/// 18/20, 81.0% and 79.1%. O381-O400 (buyers from a one-person practice to a 5,000-employee group, what they keep
/// or do not want) and O401-O420 (each a trap: a channel, an industry or a tool named in passing that is not what
/// the buyer buys) were written blind last in that session and first measured on its engine after O341-O380
/// had taught it: 20/20, 2, 20/20, 81.5% and 73.9%, and 20/20, 6, 20/20, 79.3% and 83.5%. O421-O440 (specialised
/// services and their generic neighbours; the industry named only indirectly in half, hours, languages, head
/// counts, deadlines and rules said in passing in the other half) were written blind at the end of that session
/// and measured once on its final engine before refusals pointing back: 19/20, 3, 20/20, 77.3% and 76.8%.
/// O441-O460 (buyers in a hurry: eight search-box queries, three with typos; two jobs in one request; pain
/// without a request) were written blind in the same session and measured once on its final engine, not
/// tuned: 20/20, 5, 19/20, 83.1% and 74.1%.
#[test]
fn our_own_scenarios_hold_their_floors() {
    assert_scenarios(
        "own.json",
        Floors {
            hits: 458,
            look_alikes: 58,
            advice: 443,
            precision: 0.831,
            recall: 0.807,
        },
    );
}
