//! Input values as a command line gathers them: a JSON object of inputs from a file (`okta-harness run --inputs`),
//! then `KEY=VALUE` pairs given one by one, a later value for a key replacing an earlier one.
//!
//! The component takes every input as text, so a string is passed as it is and any other JSON value as its JSON
//! text (a list of group IDs stays `["00g1","00g2"]`); a null leaves the input out.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why an inputs file could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum InputsFileError {
    /// The file (or stdin, for `-`) could not be read.
    Read { path: PathBuf, error: io::Error },
    /// The text is not JSON.
    NotJson {
        path: PathBuf,
        error: serde_json::Error,
    },
    /// The JSON is not an object.
    NotAnObject { path: PathBuf },
}

impl fmt::Display for InputsFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputsFileError::Read { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
            InputsFileError::NotJson { path, error } => {
                write!(f, "{} is not JSON: {error}", path.display())
            }
            InputsFileError::NotAnObject { path } => write!(
                f,
                "{} must hold a JSON object of input key → value",
                path.display()
            ),
        }
    }
}

impl std::error::Error for InputsFileError {}

/// The inputs in the file at `path`; `-` reads stdin.
pub fn read_inputs_file(path: &Path) -> Result<Vec<(String, String)>, InputsFileError> {
    let text = if path.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|error| InputsFileError::Read {
        path: path.to_owned(),
        error,
    })?;
    parse_inputs(path, &text)
}

/// The inputs in `text`, a JSON object of input key → value read from `path` (named in errors only).
pub fn parse_inputs(path: &Path, text: &str) -> Result<Vec<(String, String)>, InputsFileError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| InputsFileError::NotJson {
            path: path.to_owned(),
            error,
        })?;
    let serde_json::Value::Object(map) = value else {
        return Err(InputsFileError::NotAnObject {
            path: path.to_owned(),
        });
    };
    let text_of = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| text_of(v).map(|v| (k, v)))
        .collect())
}

/// `base` (such as a file's inputs) with each of `overrides` put last, replacing the value `base` had for its key.
pub fn merge_inputs(
    mut base: Vec<(String, String)>,
    overrides: &[(String, String)],
) -> Vec<(String, String)> {
    for (key, value) in overrides {
        base.retain(|(k, _)| k != key);
        base.push((key.clone(), value.clone()));
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn strings_pass_as_they_are_other_values_as_json_and_nulls_are_left_out() {
        let text = r#"{"login":"a@example.com","groupIds":["00g1","00g2"],"limit":2,"activate":true,"after":null}"#;
        let inputs = parse_inputs(Path::new("in.json"), text).unwrap();
        assert_eq!(
            inputs,
            pairs(&[
                ("activate", "true"),
                ("groupIds", r#"["00g1","00g2"]"#),
                ("limit", "2"),
                ("login", "a@example.com"),
            ])
        );
    }

    #[test]
    fn errors_name_the_file() {
        let path = Path::new("in.json");
        let not_json = parse_inputs(path, "{").unwrap_err().to_string();
        assert!(not_json.starts_with("in.json is not JSON: "), "{not_json}");
        let list = parse_inputs(path, "[1]").unwrap_err().to_string();
        assert_eq!(list, "in.json must hold a JSON object of input key → value");
        let missing = read_inputs_file(Path::new("/nonexistent/in.json"))
            .unwrap_err()
            .to_string();
        assert!(
            missing.starts_with("cannot read /nonexistent/in.json: "),
            "{missing}"
        );
    }

    #[test]
    fn a_later_value_for_a_key_wins() {
        let merged = merge_inputs(
            pairs(&[("limit", "2"), ("q", "a")]),
            &pairs(&[("limit", "5"), ("after", "x"), ("after", "y")]),
        );
        assert_eq!(merged, pairs(&[("q", "a"), ("limit", "5"), ("after", "y")]));
    }
}
