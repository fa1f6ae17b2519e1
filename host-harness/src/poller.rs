//! Running a polling trigger as a platform does (`okta-harness poll`): poll, hand the new records on, keep the
//! state the poll returned for the next one.
//!
//! The order is what makes a run safe to interrupt: each record is written (one JSON line) and flushed *before*
//! the new state is saved, and the state file is replaced atomically ([`crate::state::replace_private`]). A run
//! killed before the save repeats that poll's records next time rather than losing them; a run stopped by
//! [`crate::shutdown`] between polls neither repeats nor loses any, because a poll in progress always finishes
//! (records written, state saved) before the stop is looked at.

use crate::state::replace_private;
use crate::{CallError, CallOptions, Connection, Harness, Outcome, PollOutput};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A polling trigger with its connection, inputs and state.
#[derive(Debug)]
pub struct Poller {
    key: String,
    /// The connection; it takes on the connection state the polls return (an OAuth token).
    pub connection: Connection,
    inputs: Vec<(String, String)>,
    options: CallOptions,
    /// The state the last poll returned (`None` before the first poll).
    pub state: Option<String>,
    state_file: Option<PathBuf>,
}

/// Why a poll did not complete.
#[derive(Debug)]
pub enum PollError {
    /// The component's poll failed; the outcome holds the error, trace and guest log. The state is unchanged.
    Call(Box<Outcome<PollOutput>>),
    /// The records could not be written (the state is not saved, so they come again).
    Write(io::Error),
    /// The records were written but the state file could not be replaced.
    SaveState { path: PathBuf, error: io::Error },
    /// The state file exists but cannot be read.
    ReadState { path: PathBuf, error: io::Error },
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PollError::Call(outcome) => match &outcome.result {
                Err(error) => error.fmt(f),
                Ok(_) => f.write_str("the poll failed"),
            },
            PollError::Write(error) => write!(f, "cannot write the records: {error}"),
            PollError::SaveState { path, error } => {
                write!(f, "cannot save the state to {}: {error}", path.display())
            }
            PollError::ReadState { path, error } => {
                write!(f, "cannot read the state file {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for PollError {}

impl PollError {
    /// The component's error, when that is what failed.
    pub fn call_error(&self) -> Option<&CallError> {
        match self {
            PollError::Call(outcome) => outcome.err(),
            _ => None,
        }
    }
}

impl Poller {
    pub fn new<K: Into<String>, V: Into<String>>(
        key: &str,
        connection: Connection,
        inputs: impl IntoIterator<Item = (K, V)>,
        options: impl Into<CallOptions>,
    ) -> Poller {
        Poller {
            key: key.to_owned(),
            connection,
            inputs: inputs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            options: options.into(),
            state: None,
            state_file: None,
        }
    }

    /// Keeps the state in `path`: read now (a missing or empty file means the first poll), replaced after every
    /// poll whose records were written.
    pub fn with_state_file(mut self, path: impl Into<PathBuf>) -> Result<Poller, PollError> {
        let path = path.into();
        self.state = read_state(&path)?;
        self.state_file = Some(path);
        Ok(self)
    }

    /// One poll: the new records go to `out` as JSON lines (oldest first) and are flushed, then the new state is
    /// kept (and saved, with a state file). Returns the poll's outcome, for its trace and counts.
    pub async fn poll_once(
        &mut self,
        harness: &Harness,
        out: &mut dyn Write,
    ) -> Result<Outcome<PollOutput>, PollError> {
        let outcome = harness
            .poll(
                &self.key,
                &self.connection,
                &self.inputs,
                self.state.as_deref(),
                &self.options,
            )
            .await;
        self.connection.remember(&outcome);
        let Ok(output) = &outcome.result else {
            return Err(PollError::Call(Box::new(outcome)));
        };
        write_records(&output.records, out).map_err(PollError::Write)?;
        if let Some(path) = &self.state_file {
            replace_private(path, output.state.as_bytes()).map_err(|error| {
                PollError::SaveState {
                    path: path.clone(),
                    error,
                }
            })?;
        }
        self.state = Some(output.state.clone());
        Ok(outcome)
    }

    /// Polls `count` times (forever with `None`), `every` apart, until `stop` completes. A poll in progress
    /// always finishes first; the first failure ends the run. `each` sees every poll's outcome (for a trace).
    /// Returns how many records were written.
    pub async fn run(
        &mut self,
        harness: &Harness,
        out: &mut dyn Write,
        every: Duration,
        count: Option<u64>,
        stop: impl Future<Output = ()>,
        mut each: impl FnMut(&Outcome<PollOutput>),
    ) -> Result<u64, PollError> {
        let mut stop = std::pin::pin!(stop);
        let mut records = 0u64;
        let mut polls = 0u64;
        loop {
            let result = self.poll_once(harness, out).await;
            match &result {
                Ok(outcome) => each(outcome),
                Err(PollError::Call(outcome)) => each(outcome),
                Err(_) => {}
            }
            let outcome = result?;
            records += outcome
                .ok()
                .and_then(|o| o.records.as_array())
                .map_or(0, |r| r.len() as u64);
            polls += 1;
            if count.is_some_and(|count| polls >= count) {
                return Ok(records);
            }
            tokio::select! {
                () = &mut stop => return Ok(records),
                () = tokio::time::sleep(every) => {}
            }
        }
    }
}

fn read_state(path: &Path) -> Result<Option<String>, PollError> {
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Ok(None),
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(PollError::ReadState {
            path: path.to_owned(),
            error,
        }),
    }
}

/// Each record of the JSON array as one line, then a flush.
fn write_records(records: &serde_json::Value, out: &mut dyn Write) -> io::Result<()> {
    for record in records.as_array().into_iter().flatten() {
        serde_json::to_writer(&mut *out, record)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
