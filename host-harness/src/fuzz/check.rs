//! The property every case must hold, and the verdict: the call ends within its caps with output or the
//! component's typed error; no secret shows in any output, error, trace or log; every request stays under the
//! org's `/api/v1` (or its token endpoint, on an OAuth connection); no creating request is sent twice.

use crate::trace::Exchange;
use crate::types::CallError;
use std::fmt;

/// What one call produced, whatever the export: its output as text, or its error.
pub(crate) struct Observed {
    pub result: Result<String, CallError>,
    pub trace: Vec<Exchange>,
    pub stderr: String,
}

/// How a case ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Output, and the property held.
    Ok,
    /// The component's typed error (its kind's WIT name), and the property held.
    Guest(&'static str),
    /// The property broke.
    Violation(Violation),
}

impl Verdict {
    /// The counter this verdict goes to: `ok`, `error:<kind>` or `VIOLATION:<kind>`.
    pub fn label(&self) -> String {
        match self {
            Verdict::Ok => "ok".to_owned(),
            Verdict::Guest(kind) => format!("error:{kind}"),
            Verdict::Violation(v) => format!("VIOLATION:{}", v.kind.name()),
        }
    }
}

/// A broken property and what showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.detail)
    }
}

/// The ways a case can break the property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ViolationKind {
    Trap,
    CpuCap,
    MemoryCap,
    /// The call outlasted its wall-clock cap.
    Hang,
    /// The component answered outside its contract (output that is not JSON …).
    Contract,
    /// The host could not run the call, or stopped it with an error that is neither a trap nor a cap.
    Host,
    /// The host itself panicked while running the case (a bug in the harness or the fake org).
    HostPanic,
    /// A secret in an output, error, trace or log.
    Leak,
    /// A request outside the org's `/api/v1`.
    Escape,
    /// A creating request sent again after it may have been applied.
    DuplicateCreate,
}

impl ViolationKind {
    pub fn name(self) -> &'static str {
        match self {
            ViolationKind::Trap => "trap",
            ViolationKind::CpuCap => "cpu-cap",
            ViolationKind::MemoryCap => "memory-cap",
            ViolationKind::Hang => "hang",
            ViolationKind::Contract => "contract",
            ViolationKind::Host => "host",
            ViolationKind::HostPanic => "host-panic",
            ViolationKind::Leak => "leak",
            ViolationKind::Escape => "escape",
            ViolationKind::DuplicateCreate => "duplicate-create",
        }
    }
}

/// Where a case's requests may go: the host of the connection's Okta domain (`None`: no host, because the domain
/// must be refused), and whether the OAuth token endpoint is allowed too.
pub(crate) struct Org {
    pub host: Option<String>,
    pub oauth: bool,
}

impl Org {
    /// The host a connection's `oktaDomain` names, as an admin may paste it (`https://` and a trailing `/`
    /// stripped, any case, `:443` optional); `None` for what must be refused: IP literals in any notation,
    /// `localhost`, `.local` and `.internal` names, and ports other than 443.
    pub(crate) fn new(domain: &str, oauth: bool) -> Org {
        let domain = domain.trim().to_ascii_lowercase();
        let domain = domain.strip_prefix("https://").unwrap_or(&domain);
        let domain = domain.strip_suffix('/').unwrap_or(domain);
        let host = domain.strip_suffix(":443").unwrap_or(domain);
        let last = host.rsplit('.').next().unwrap_or_default();
        let refused = host.contains(':')
            || host.starts_with('[')
            || last.bytes().all(|b| b.is_ascii_digit())
            || last.starts_with("0x")
            || host == "localhost"
            || [".localhost", ".local", ".internal"]
                .iter()
                .any(|suffix| host.ends_with(suffix));
        Org {
            host: (!refused).then(|| host.to_owned()),
            oauth,
        }
    }
}

/// The verdict on `observed`. `secrets` are texts that must appear nowhere; `org` says where requests may go.
pub(crate) fn verdict(observed: &Observed, secrets: &[String], org: &Org) -> Verdict {
    let checks = [
        ended(&observed.result),
        leak(observed, secrets),
        escape(&observed.trace, org),
        duplicate_create(&observed.trace),
    ];
    match checks.into_iter().flatten().next() {
        Some(violation) => Verdict::Violation(violation),
        None => match &observed.result {
            Ok(_) => Verdict::Ok,
            Err(error) => Verdict::Guest(error.kind_name()),
        },
    }
}

fn violation(kind: ViolationKind, detail: impl Into<String>) -> Option<Violation> {
    Some(Violation {
        kind,
        detail: detail.into(),
    })
}

/// Output or the guest's typed error; anything else breaks the property.
fn ended(result: &Result<String, CallError>) -> Option<Violation> {
    let kind = match result {
        Ok(_) | Err(CallError::Guest(_)) => return None,
        Err(CallError::Trap { .. }) => ViolationKind::Trap,
        Err(CallError::CpuTimeExceeded { .. }) => ViolationKind::CpuCap,
        Err(CallError::MemoryExceeded { .. }) => ViolationKind::MemoryCap,
        Err(CallError::WallTimeExceeded { .. }) => ViolationKind::Hang,
        Err(CallError::Contract { .. }) => ViolationKind::Contract,
        Err(_) => ViolationKind::Host,
    };
    violation(
        kind,
        result
            .as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default(),
    )
}

/// Any secret in the output or error, the guest's log, or the trace.
fn leak(observed: &Observed, secrets: &[String]) -> Option<Violation> {
    let result = match &observed.result {
        Ok(output) => output.clone(),
        Err(error) => format!("{error} {error:?}"),
    };
    let places = [
        ("the output or error", result),
        ("the log", observed.stderr.clone()),
    ];
    let trace = observed.trace.iter().map(|e| ("the trace", e.to_string()));
    for (place, text) in places.into_iter().chain(trace) {
        if let Some(secret) = secrets.iter().find(|s| text.contains(s.as_str())) {
            let shown: String = secret.chars().take(12).collect();
            return violation(ViolationKind::Leak, format!("`{shown}…` in {place}"));
        }
    }
    None
}

/// A request to another host, scheme or port, outside `/api/v1`, or with a dot segment; the token endpoint is
/// allowed on OAuth connections.
fn escape(trace: &[Exchange], org: &Org) -> Option<Violation> {
    trace.iter().find_map(|exchange| {
        let why = outside(&exchange.url, org)?;
        violation(
            ViolationKind::Escape,
            format!("{} {} ({why})", exchange.method, exchange.url),
        )
    })
}

/// Why `url` is outside the org's API, or `None` when it is inside.
fn outside(url: &str, org: &Org) -> Option<&'static str> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Some("not https");
    };
    let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let Some(host) = &org.host else {
        return Some("a domain that must be refused");
    };
    if authority != host && authority != format!("{host}:443") {
        return Some("another host");
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let api = path == "/api/v1" || path.starts_with("/api/v1/");
    let token_endpoint = org.oauth && path == "/oauth2/v1/token";
    if !(api || token_endpoint) {
        return Some("outside /api/v1");
    }
    let dot = path.split('/').any(|segment| {
        let name = segment.split(';').next().unwrap_or_default();
        let decoded = name.replace("%2e", ".").replace("%2E", ".");
        decoded == "." || decoded == ".."
    });
    dot.then_some("a dot segment")
}

/// A POST sent again after an identical one that may have been applied: answered with anything but a 4xx (a 429
/// or another refusal), or lost to a timeout or a broken connection. The token endpoint is exempt (asking twice
/// for a token creates nothing).
fn duplicate_create(trace: &[Exchange]) -> Option<Violation> {
    let posts: Vec<&Exchange> = trace
        .iter()
        .filter(|e| e.method == "POST" && !e.url.contains("/oauth2/v1/token"))
        .collect();
    posts.iter().enumerate().find_map(|(i, later)| {
        let earlier = posts[..i].iter().find(|earlier| {
            earlier.url == later.url
                && earlier.request_body == later.request_body
                && may_have_been_applied(earlier)
        })?;
        let answer = match (earlier.status, &earlier.error) {
            (Some(status), _) => format!("answered {status}"),
            (None, Some(error)) => error.clone(),
            (None, None) => "no answer".to_owned(),
        };
        violation(
            ViolationKind::DuplicateCreate,
            format!("POST {} sent again after it {answer}", later.url),
        )
    })
}

fn may_have_been_applied(exchange: &Exchange) -> bool {
    match (exchange.status, &exchange.error) {
        (Some(status), _) => !(400..500).contains(&status),
        // Denied by the route: it never left the host.
        (None, Some(error)) => !error.starts_with("denied"),
        (None, None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn exchange(method: &str, url: &str, body: &str, status: Option<u16>) -> Exchange {
        Exchange {
            seq: 0,
            method: method.to_owned(),
            url: url.to_owned(),
            sent_to: None,
            status,
            error: status
                .is_none()
                .then(|| "no response within the timeout".to_owned()),
            duration: Duration::ZERO,
            request_headers: Vec::new(),
            request_body: body.to_owned(),
            response_headers: Vec::new(),
            response_body: String::new(),
        }
    }

    const USERS: &str = "https://fake-org.okta.com/api/v1/users";

    #[test]
    fn a_post_repeated_after_it_may_have_been_applied_is_a_duplicate() {
        for first in [Some(500), Some(200), None] {
            let trace = [
                exchange("POST", USERS, "{}", first),
                exchange("POST", USERS, "{}", Some(200)),
            ];
            assert!(duplicate_create(&trace).is_some(), "{first:?}");
        }
        for first in [Some(429), Some(400)] {
            let trace = [
                exchange("POST", USERS, "{}", first),
                exchange("POST", USERS, "{}", Some(200)),
            ];
            assert_eq!(duplicate_create(&trace), None, "{first:?}");
        }
        let different = [
            exchange("POST", USERS, "{\"a\":1}", Some(500)),
            exchange("POST", USERS, "{\"a\":2}", Some(200)),
            exchange("GET", USERS, "", Some(500)),
            exchange("GET", USERS, "", Some(200)),
        ];
        assert_eq!(duplicate_create(&different), None);
    }

    #[test]
    fn secrets_are_found_in_outputs_errors_traces_and_logs() {
        let secrets = ["s3cret-token".to_owned()];
        let clean = Observed {
            result: Ok("{\"data\":1}".to_owned()),
            trace: vec![exchange("GET", USERS, "", Some(200))],
            stderr: "log".to_owned(),
        };
        assert_eq!(leak(&clean, &secrets), None);
        let in_log = Observed {
            stderr: "token s3cret-token".to_owned(),
            ..clean
        };
        assert!(leak(&in_log, &secrets).is_some());
        let in_trace = Observed {
            result: Ok(String::new()),
            trace: vec![exchange(
                "GET",
                &format!("{USERS}?t=s3cret-token"),
                "",
                None,
            )],
            stderr: String::new(),
        };
        assert!(leak(&in_trace, &secrets).is_some());
    }

    #[test]
    fn only_output_and_typed_errors_end_a_case_well() {
        let trap = Err(CallError::Trap {
            message: "unreachable".to_owned(),
        });
        assert_eq!(ended(&trap).map(|v| v.kind), Some(ViolationKind::Trap));
        let hang = Err(CallError::WallTimeExceeded {
            limit: Duration::from_secs(1),
        });
        assert_eq!(ended(&hang).map(|v| v.kind), Some(ViolationKind::Hang));
        assert_eq!(ended(&Ok(String::new())), None);
    }

    #[test]
    fn urls_inside_and_outside_the_api() {
        let inside = [
            "https://fake-org.okta.com/api/v1/users",
            "https://fake-org.okta.com:443/api/v1/users/me?x=1",
            "https://fake-org.okta.com/api/v1/users/..%2Fgroups/lifecycle/suspend",
        ];
        let org = Org::new("https://FAKE-ORG.okta.com:443/", false);
        for url in inside {
            assert_eq!(outside(url, &org), None, "{url}");
        }
        let outsides = [
            "http://fake-org.okta.com/api/v1/users",
            "https://evil.example/api/v1/users",
            "https://fake-org.okta.com.evil.example/api/v1",
            "https://fake-org.okta.com:8443/api/v1/users",
            "https://fake-org.okta.com/oauth2/v1/clients",
            "https://fake-org.okta.com/api/v1x",
            "https://fake-org.okta.com/api/v1/../oauth2",
            "https://fake-org.okta.com/api/v1/users/..;/x",
            "https://fake-org.okta.com/api/v1/%2e%2E/x",
            "https://fake-org.okta.com/oauth2/v1/token",
        ];
        for url in outsides {
            assert!(outside(url, &org).is_some(), "{url}");
        }
        let oauth = Org::new("fake-org.okta.com", true);
        assert_eq!(
            outside("https://fake-org.okta.com/oauth2/v1/token", &oauth),
            None
        );
    }

    #[test]
    fn domains_that_must_be_refused_allow_no_request() {
        for domain in [
            "127.0.0.1",
            "169.254.169.254",
            "0x7f.1",
            "[::1]",
            "localhost",
            "printer.local",
            "metadata.google.internal",
            "fake-org.okta.com:8443",
        ] {
            let org = Org::new(domain, false);
            assert_eq!(org.host, None, "{domain}");
            assert!(outside(&format!("https://{domain}/api/v1/users"), &org).is_some());
        }
        let elsewhere = Org::new("evil.example", false);
        assert_eq!(elsewhere.host.as_deref(), Some("evil.example"));
        assert_eq!(
            outside("https://evil.example/api/v1/users", &elsewhere),
            None
        );
    }
}
