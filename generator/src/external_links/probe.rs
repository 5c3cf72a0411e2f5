//! Fetching one URL and deciding what its answer means: HEAD first, GET when the server refuses HEAD, up to
//! five redirects, every socket under a time limit.

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Redirects followed before a link counts as broken.
pub(super) const MAX_REDIRECTS: u32 = 5;

/// What fetching a URL said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// A 2xx answer, possibly after redirects.
    Ok { status: u16 },
    /// A definite failure: a 4xx/5xx status, no such host, a refused connection, a bad certificate.
    Broken { reason: String },
    /// The server did not say (429, 503, no answer in time): worth a warning, never a failure.
    Unknown { reason: String },
}

/// One client for the whole run: its connection pool is shared by the workers.
pub(super) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(MAX_REDIRECTS)
        // Statuses are answers to classify here, not errors.
        .http_status_as_error(false)
        .user_agent(concat!("shoreline-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// Fetches `url` within `limit` (name lookup, connection, TLS, redirects and headers together); `None` when
/// the limit ran out first, so the caller can tell its own timeout from the run's time budget.
pub(super) fn probe(agent: &ureq::Agent, url: &str, limit: Duration) -> Option<Outcome> {
    let until = Instant::now() + limit;
    let head = agent
        .head(url)
        .config()
        .timeout_global(Some(limit))
        .build()
        .call();
    let answer = match head {
        // Some servers refuse HEAD although the page is there. The GET gets what is left of the limit.
        Ok(r) if matches!(r.status().as_u16(), 405 | 501) => {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            agent
                .get(url)
                .config()
                .timeout_global(Some(left))
                .build()
                .call()
        }
        other => other,
    };
    // The body is never read: dropping the response closes the connection.
    match answer {
        Ok(r) => Some(from_status(r.status())),
        Err(ureq::Error::Timeout(_)) => None,
        Err(e) => Some(from_error(&e)),
    }
}

/// 2xx is fine; 429 and 503 say "not now"; anything else left after redirects is a broken link.
pub(super) fn from_status(status: ureq::http::StatusCode) -> Outcome {
    let code = status.as_u16();
    let named = match status.canonical_reason() {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    };
    match code {
        200..=299 => Outcome::Ok { status: code },
        429 | 503 => Outcome::Unknown { reason: named },
        _ => Outcome::Broken { reason: named },
    }
}

fn from_error(e: &ureq::Error) -> Outcome {
    let reason = match e {
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Io(io) => format!("cannot connect: {io}"),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => format!("TLS failed: {e}"),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
            format!("not a URL that can be fetched: {e}")
        }
        other => other.to_string(),
    };
    Outcome::Broken { reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::http::StatusCode;

    #[test]
    fn statuses_are_ok_unknown_or_broken() {
        assert_eq!(
            from_status(StatusCode::NO_CONTENT),
            Outcome::Ok { status: 204 }
        );
        for unknown in [429, 503] {
            let s = StatusCode::from_u16(unknown).unwrap();
            assert!(
                matches!(from_status(s), Outcome::Unknown { .. }),
                "{unknown}"
            );
        }
        assert_eq!(
            from_status(StatusCode::NOT_FOUND),
            Outcome::Broken {
                reason: "404 Not Found".into()
            }
        );
        assert!(matches!(
            from_status(StatusCode::from_u16(500).unwrap()),
            Outcome::Broken { .. }
        ));
    }

    #[test]
    fn a_refused_connection_is_broken_and_named() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let outcome = probe(
            &agent(),
            &format!("http://127.0.0.1:{port}/"),
            Duration::from_secs(5),
        );
        match outcome {
            Some(Outcome::Broken { reason }) => {
                assert!(reason.starts_with("cannot connect"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
}
