//! The one error type of the component.
//!
//! Every failure, from a bad input to a 429 that outlived its retries, ends up here. `component.rs` converts it to the
//! WIT `error` record at the boundary; nothing else in the guest knows the WIT types. Messages are written for
//! the admin who reads them in a flow's log, and never contain a secret: they are built from input *names*,
//! Okta's own error body, and request paths (which hold IDs and logins, never credentials).

use std::fmt;

/// The body of an Okta API error (`{errorCode, errorSummary, errorLink, errorId, errorCauses}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OktaError {
    pub status: u16,
    pub error_code: String,
    pub error_summary: String,
    pub error_id: Option<String>,
    pub causes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// An input is missing, malformed or unsafe.
    InvalidInput { input: String, expected: String },
    /// 401.
    Unauthorized(Option<Box<OktaError>>),
    /// 403 for a missing permission or OAuth scope.
    Forbidden {
        missing_scope: Option<String>,
        okta: Option<Box<OktaError>>,
    },
    /// 404.
    NotFound(Option<Box<OktaError>>),
    /// Any other Okta error answer.
    Okta(Box<OktaError>),
    /// 429 after the retries ran out (or a reset too far away to wait for).
    RateLimited {
        reset_in: u64,
        okta: Option<Box<OktaError>>,
    },
    /// No answer within the request timeout.
    Timeout { request: String },
    /// The request could not be sent, or the exchange broke before a whole answer arrived.
    Transport(String),
    /// Okta answered, but the answer could not be read (not JSON, nested too deep, over a size cap).
    InvalidResponse(String),
    /// A request that is not safe to repeat (a creating POST) failed in a way that leaves its effect unknown
    /// (a 5xx, a timeout, a broken connection): it may have been applied, so the call is not retryable.
    Unconfirmed(Box<Error>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Shorthand for the most common error: `input` was not what `expected` says.
    pub fn invalid(input: &str, expected: impl Into<String>) -> Error {
        Error::InvalidInput {
            input: input.to_string(),
            expected: expected.into(),
        }
    }

    /// Whether the same call may be repeated unchanged and may then succeed. Never true when a request may
    /// already have taken effect and is not safe to repeat ([`Error::Unconfirmed`]).
    pub fn retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Timeout { .. } | Error::Transport(_) => true,
            Error::Okta(e) => e.status >= 500 || e.error_code == "E0000112",
            Error::InvalidInput { .. }
            | Error::Unauthorized(_)
            | Error::Forbidden { .. }
            | Error::NotFound(_)
            | Error::InvalidResponse(_)
            | Error::Unconfirmed(_) => false,
        }
    }

    /// The error itself, without the [`Error::Unconfirmed`] wrapper.
    pub fn cause(&self) -> &Error {
        match self {
            Error::Unconfirmed(inner) => inner.cause(),
            other => other,
        }
    }

    /// The Okta error body this error carries, if any (the tests' view of an error).
    #[cfg(test)]
    pub fn okta(&self) -> Option<&OktaError> {
        match self {
            Error::Okta(e) => Some(e),
            Error::Unconfirmed(inner) => inner.okta(),
            Error::Unauthorized(e) | Error::NotFound(e) => e.as_deref(),
            Error::Forbidden { okta, .. } | Error::RateLimited { okta, .. } => okta.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for OktaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} {}: {}",
            self.status, self.error_code, self.error_summary
        )?;
        if !self.causes.is_empty() {
            write!(f, " ({})", self.causes.join("; "))?;
        }
        if let Some(id) = &self.error_id {
            write!(f, " [errorId {id}]")?;
        }
        Ok(())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput { input, expected } => {
                write!(f, "invalid input `{input}`: expected {expected}")
            }
            Error::Unauthorized(e) => {
                write!(
                    f,
                    "Okta rejected the credentials (401): check the connection's token or key"
                )?;
                okta_suffix(f, e.as_deref())
            }
            Error::Forbidden {
                missing_scope,
                okta,
            } => {
                write!(f, "Okta refused the operation (403)")?;
                if let Some(scope) = missing_scope {
                    write!(
                        f,
                        ": the access token lacks the scope `{scope}`; grant it to the app"
                    )?;
                } else {
                    write!(
                        f,
                        ": the credentials lack the permission (admin role) for it"
                    )?;
                }
                okta_suffix(f, okta.as_deref())
            }
            Error::NotFound(e) => {
                write!(f, "not found (404)")?;
                okta_suffix(f, e.as_deref())
            }
            Error::Okta(e) => write!(f, "Okta answered {e}"),
            Error::RateLimited { reset_in, okta } => {
                write!(
                    f,
                    "Okta's rate limit is exhausted; it resets in {reset_in} s"
                )?;
                okta_suffix(f, okta.as_deref())
            }
            Error::Timeout { request } => write!(f, "Okta did not answer {request} in time"),
            Error::Transport(detail) => write!(f, "could not talk to Okta: {detail}"),
            Error::InvalidResponse(detail) => write!(f, "could not read Okta's answer: {detail}"),
            Error::Unconfirmed(inner) => write!(
                f,
                "{inner}; the request may have been applied, so it was not repeated: check in Okta \
                 before running it again"
            ),
        }
    }
}

fn okta_suffix(f: &mut fmt::Formatter<'_>, okta: Option<&OktaError>) -> fmt::Result {
    match okta {
        Some(e) => write!(f, " — {e}"),
        None => Ok(()),
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn okta(status: u16, code: &str) -> OktaError {
        OktaError {
            status,
            error_code: code.into(),
            error_summary: "summary".into(),
            error_id: Some("oae1".into()),
            causes: vec!["cause".into()],
        }
    }

    #[test]
    fn retryable_follows_the_kind() {
        assert!(
            Error::Timeout {
                request: "GET /x".into()
            }
            .retryable()
        );
        assert!(Error::Okta(Box::new(okta(503, "E0000009"))).retryable());
        assert!(!Error::Okta(Box::new(okta(403, "E0000038"))).retryable());
        assert!(!Error::invalid("id", "an ID").retryable());
        let unconfirmed =
            Error::Unconfirmed(Box::new(Error::Okta(Box::new(okta(502, "HTTP_502")))));
        assert!(!unconfirmed.retryable());
        assert_eq!(unconfirmed.okta().map(|e| e.status), Some(502));
        assert!(unconfirmed.to_string().contains("may have been applied"));
        assert!(!Error::InvalidResponse("not JSON".into()).retryable());
    }

    #[test]
    fn display_names_the_input_and_the_okta_details() {
        assert_eq!(
            Error::invalid("id", "an ID").to_string(),
            "invalid input `id`: expected an ID"
        );
        let text = Error::Okta(Box::new(okta(403, "E0000038"))).to_string();
        assert!(
            text.contains("E0000038") && text.contains("cause") && text.contains("oae1"),
            "{text}"
        );
    }
}
