//! Streaming a listing: a listing action driven page by page with its `after` cursor, each page one ordinary
//! call (Fetch All off, so each is stateless and bounded by the component's own caps), its records handed out as
//! they arrive. Memory stays at one page whatever the org's size, where a single Fetch All call stops at the
//! component's budget and hands back `after`.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use okta_harness::{Connection, Harness, Route, fake_org::FakeOrg};
//! let harness = Harness::load_default()?;
//! let org = FakeOrg::sample();
//! let route = Route::Fake(org.clone());
//! let mut users = harness
//!     .stream_listing("listUsers", Connection::fake(&org), &[("limit", "200")], &route)
//!     .await?;
//! while let Some(user) = users.next_record().await? {
//!     println!("{}", user.get());
//! }
//! # Ok(()) }
//! ```

use crate::types::{CallError, Connection};
use crate::{CallOptions, Harness};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::VecDeque;
use std::fmt;
use std::io::Write;

/// The inputs a listing action declares and the stream sets itself on every page.
const FETCH_ALL: &str = "fetchAll";
const AFTER: &str = "after";

/// A listing read page by page (see the module's documentation). Made by [`Harness::stream_listing`].
pub struct Listing {
    harness: Harness,
    key: String,
    connection: Connection,
    /// The caller's inputs without Fetch All and After, which the stream sets for each page.
    inputs: Vec<(String, String)>,
    options: CallOptions,
    /// Whether to follow the pages (the caller's Fetch All); otherwise one page is read.
    all: bool,
    /// The cursor of the next page to read; `None` before the first page reads from the caller's After.
    after: Option<String>,
    /// Records of the current page not handed out yet.
    pending: VecDeque<Box<RawValue>>,
    finished: bool,
    pages: usize,
    records: usize,
    http_calls: usize,
}

/// One page of a listing.
#[derive(Debug)]
pub struct Page {
    /// The page's records, each as one line of compact JSON text.
    pub records: Vec<Box<RawValue>>,
    /// The cursor after this page, when the listing has more.
    pub after: Option<String>,
}

/// Why a listing could not be streamed.
#[derive(Debug)]
pub enum StreamError {
    /// The action is not a listing (it has no Fetch All and After inputs), or does not exist.
    NotAListing(String),
    /// A page's call failed. `after` is the cursor it was reading from: pass it as the After input to resume.
    Call {
        error: CallError,
        after: Option<String>,
    },
    /// Writing the records failed ([`Listing::write_lines`]).
    Output(std::io::Error),
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::NotAListing(why) => f.write_str(why),
            StreamError::Call { error, .. } => fmt::Display::fmt(error, f),
            StreamError::Output(error) => write!(f, "cannot write the records: {error}"),
        }
    }
}

impl std::error::Error for StreamError {}

impl Harness {
    /// Streams the listing action `key` page by page (see [`Listing`]). `inputs` are the action's inputs as for
    /// [`Harness::perform`]: Limit is each page's size, After where to start, and Fetch All (true unless given as
    /// false) whether to follow every page or read one.
    pub async fn stream_listing<K: AsRef<str>, V: AsRef<str>>(
        &self,
        key: &str,
        connection: Connection,
        inputs: &[(K, V)],
        options: impl Into<CallOptions>,
    ) -> Result<Listing, StreamError> {
        let manifest = self
            .manifest()
            .await
            .map_err(|error| StreamError::Call { error, after: None })?;
        let action = manifest
            .action(key)
            .ok_or_else(|| StreamError::NotAListing(format!("no action {key}")))?;
        let declares = |input: &str| action.inputs.iter().any(|i| i.key == input);
        if !declares(FETCH_ALL) || !declares(AFTER) {
            return Err(StreamError::NotAListing(format!(
                "{key} is not a listing action (it has no {FETCH_ALL} and {AFTER} inputs)"
            )));
        }
        let mut all = true;
        let mut after = None;
        let mut kept = Vec::new();
        for (name, value) in inputs {
            match name.as_ref() {
                FETCH_ALL => all = value.as_ref().trim() != "false",
                AFTER => after = Some(value.as_ref().to_owned()).filter(|a| !a.is_empty()),
                other => kept.push((other.to_owned(), value.as_ref().to_owned())),
            }
        }
        Ok(Listing {
            harness: self.clone(),
            key: key.to_owned(),
            connection,
            inputs: kept,
            options: options.into(),
            all,
            after,
            pending: VecDeque::new(),
            finished: false,
            pages: 0,
            records: 0,
            http_calls: 0,
        })
    }
}

impl Listing {
    /// The next page, or `None` after the last: the listing ends at a page without `after`, at an empty page
    /// (the System Log answers one with a next link when it has caught up), at a cursor that repeats the one it
    /// was read from, or after one page when Fetch All was false.
    pub async fn next_page(&mut self) -> Result<Option<Page>, StreamError> {
        if self.finished {
            return Ok(None);
        }
        let from = self.after.clone();
        let mut inputs = self.inputs.clone();
        inputs.push((FETCH_ALL.to_owned(), "false".to_owned()));
        if let Some(after) = &from {
            inputs.push((AFTER.to_owned(), after.clone()));
        }
        let outcome = self
            .harness
            .perform(&self.key, &self.connection, &inputs, &self.options)
            .await;
        self.http_calls += outcome.http_calls;
        // OAuth connections: the next page uses the token this call got.
        self.connection.remember(&outcome);
        let fail = |error| StreamError::Call {
            error,
            after: from.clone(),
        };
        let output = outcome.result.map_err(fail)?;
        let page =
            parse_page(output.text()).map_err(|message| fail(CallError::Contract { message }))?;
        self.pages += 1;
        self.records += page.records.len();
        let more = page.after.is_some() && page.after != from && !page.records.is_empty();
        self.finished = !(self.all && more);
        self.after = page.after.clone();
        Ok(Some(page))
    }

    /// The next record, reading the next page when this one is used up; `None` at the end of the listing.
    pub async fn next_record(&mut self) -> Result<Option<Box<RawValue>>, StreamError> {
        loop {
            if let Some(record) = self.pending.pop_front() {
                return Ok(Some(record));
            }
            match self.next_page().await? {
                Some(page) => self.pending.extend(page.records),
                None => return Ok(None),
            }
        }
    }

    /// Writes every remaining record to `out` as one line of JSON, flushing after each page so a reader sees
    /// the records as the pages arrive.
    pub async fn write_lines(&mut self, out: &mut impl Write) -> Result<(), StreamError> {
        while let Some(page) = self.next_page().await? {
            page.records
                .iter()
                .try_for_each(|record| writeln!(out, "{}", record.get()))
                .and_then(|()| out.flush())
                .map_err(StreamError::Output)?;
        }
        Ok(())
    }

    /// The cursor after the last page read: where the listing continues, when it has more (a listing read with
    /// Fetch All false, or one that ended at an empty page).
    pub fn after(&self) -> Option<&str> {
        self.after.as_deref()
    }

    /// The connection, with the state (OAuth tokens) the last call returned: store it to reuse the token.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// Pages read so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Records read so far (handed out or pending).
    pub fn records(&self) -> usize {
        self.records
    }

    /// HTTP requests the component sent so far.
    pub fn http_calls(&self) -> usize {
        self.http_calls
    }
}

/// A listing action's output: `{"data": [...], "after": "..."}` (other members, such as `truncated`, ignored).
/// Each record is copied out as it was written, checked once by this parse.
#[derive(Deserialize)]
struct PageOutput {
    data: Vec<Box<RawValue>>,
    #[serde(default)]
    after: Option<String>,
}

/// Splits a listing output into one-line records and its cursor.
fn parse_page(output: &str) -> Result<Page, String> {
    let page: PageOutput = serde_json::from_str(output)
        .map_err(|e| format!("a listing output must be {{\"data\": [...]}}: {e}"))?;
    let records = page
        .data
        .into_iter()
        .map(one_line)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("a listing record is not JSON: {e}"))?;
    Ok(Page {
        records,
        after: page.after.filter(|a| !a.is_empty()),
    })
}

/// The record as one line: unchanged (no copy, no second parse) unless it has a line break.
fn one_line(record: Box<RawValue>) -> Result<Box<RawValue>, serde_json::Error> {
    if memchr::memchr2(b'\n', b'\r', record.get().as_bytes()).is_some() {
        RawValue::from_string(compact(record.get()))
    } else {
        Ok(record)
    }
}

/// JSON text (valid) on one line: a record with a line break (which JSON only allows between tokens) loses the
/// whitespace outside its strings. Member order and every string are kept as they are; a record without line
/// breaks (Okta's are compact) is left as it is by [`one_line`].
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_strings_and_order() {
        let json = "{\n  \"b\": \"a b\\\" \\\\\",\n  \"a\": [1, 2]\n}";
        assert_eq!(compact(json), r#"{"b":"a b\" \\","a":[1,2]}"#);
        assert_eq!(compact(r#"{"x":"y"}"#), r#"{"x":"y"}"#);
    }

    #[test]
    fn pages_parse_into_one_line_records() {
        let page = parse_page(
            "{\"data\":[{\"id\": 1},\n {\"id\":\n 2}],\"after\":\"c2\",\"truncated\":true}",
        )
        .unwrap();
        let lines: Vec<&str> = page.records.iter().map(|r| r.get()).collect();
        // Spaces stay; a line break inside a record goes, with the whitespace around it.
        assert_eq!(lines, [r#"{"id": 1}"#, r#"{"id":2}"#]);
        assert_eq!(page.after.as_deref(), Some("c2"));
        let last = parse_page(r#"{"data":[]}"#).unwrap();
        assert!(last.records.is_empty() && last.after.is_none());
        assert!(parse_page(r#"{"data":{"id":1}}"#).is_err());
        assert!(parse_page("[]").is_err());
    }
}
