//! `rawRequest`: any method and path under the org's `/api/v1`, through the same client as every action, so the
//! connection's auth, rate-limit handling and error typing apply. The path cannot leave the org's API: no absolute
//! URLs, no `.` or `..` segments and no `;` path parameters (plain or percent-encoded), no fragment; the auth
//! header is the component's, never the caller's.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::action::{Action, Op};
use crate::client::{self, Client, Method, Request, RetryPolicy};
use crate::error::{Error, Result};
use crate::input::{Input, InputType, Inputs, value_text};
use crate::output::Output;

const URL: Input = Input::string("url", "URL").required().example("/users").comments(
    "Input the path only (/users): the base URL https://{your Okta domain}/api/v1 is already included. For example, to \
     call https://{your Okta domain}/api/v1/users, enter /users. A path that already starts with /api/v1/ is used as is.",
);

const HEADERS_KEY: &str = "headers";

pub(crate) const ACTIONS: &[Action] = &[Action {
    key: "rawRequest",
    label: "Raw Request",
    description: "Send raw HTTP request to Okta.",
    inputs: &[
        Input::new("data", "Data", InputType::Text)
            .example(r#"{"exampleKey": "Example Data"}"#)
            .comments("The HTTP body payload to send to the URL: JSON is sent as application/json, other text as text/plain."),
        Input::new("fileData", "File Data", InputType::KeyValueList)
            .example(r#"[{"key":"example.txt","value":"My File Contents"}]"#)
            .comments("File Data to be sent as a multipart form upload: each key is a form field, each value the file's contents."),
        Input::new("fileDataFileNames", "File Data File Names", InputType::KeyValueList)
            .example(r#"[{"key":"example.txt","value":"report.txt"}]"#)
            .comments("File names to apply to the file data inputs. Keys must match the file data keys above."),
        Input::new("formData", "Form Data", InputType::KeyValueList)
            .example(r#"[{"key":"Example Key","value":"Hello World"}]"#)
            .comments("The Form Data to be sent as a multipart form upload."),
        Input::new(HEADERS_KEY, "Header", InputType::KeyValueList)
            .example(r#"[{"key":"Accept-Language","value":"en"}]"#)
            .comments("A list of headers to send with the request. The connection's Authorization header is always the component's."),
        Input::new("maxRetryCount", "Max Retry Count", InputType::Integer)
            .default("0")
            .example("0")
            .comments("The maximum number of retries to attempt. Specify 0 for no retries."),
        Input::string("method", "Method")
            .required()
            .allowed(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
            .example("GET")
            .comments("The HTTP method to use."),
        Input::new("queryParams", "Query Parameter", InputType::KeyValueList)
            .example(r#"[{"key":"limit","value":"10"}]"#)
            .comments("A list of query parameters to send with the request. This is the portion at the end of the URL similar to ?key1=value1&key2=value2."),
        Input::string("responseType", "Response Type")
            .allowed(&["json", "text", "binary"])
            .default("json")
            .example("json")
            .comments("The type of data you expect in the response: json (parsed), text, or binary (returned base64-encoded)."),
        Input::boolean("retryOnAllErrors", "Retry On All Errors").default("false").example("false").comments(
            "If true, retries on all erroneous responses regardless of type. This is helpful when retrying after HTTP 429 or other 3xx or 4xx errors. Otherwise, only retries on HTTP 5xx and network errors.",
        ),
        Input::new("retryDelayMs", "Retry Delay (ms)", InputType::Integer)
            .default("0")
            .example("0")
            .comments("The delay in milliseconds between retries. This is used when 'Use Exponential Backoff' is disabled."),
        Input::new("timeout", "Timeout", InputType::Integer)
            .example("2000")
            .comments("The maximum time, in milliseconds, that a client will await a response to its request."),
        URL,
        Input::boolean("useExponentialBackoff", "Use Exponential Backoff").default("false").example("false").comments(
            "Specifies whether to use a pre-defined exponential backoff strategy for retries (0.5 s doubling, with jitter). When enabled, 'Retry Delay (ms)' is ignored.",
        ),
    ],
    op: Op::Custom(raw_request),
}];

/// Headers the component owns: the caller may not set them.
const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "dpop",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
];

fn raw_request(client: &Client, inputs: &Inputs) -> Result<Output> {
    let method = method(inputs.str("method")?);
    let mut request = Request::new(
        method,
        &crate::client::Path::new("/"),
        &crate::client::Query::new(),
    );
    request.path_and_query = path_and_query(inputs)?;
    request.headers = headers(inputs)?;
    if let Some((body, content_type)) = body(client, inputs)? {
        request.body = Some(body);
        request.content_type = content_type;
    }
    let retry_all = inputs.bool("retryOnAllErrors")?;
    // "Retry On All Errors" widens which answers are retried, never which requests are safe to repeat: a
    // POST answered 5xx or cut off may have been applied, so it is not sent again.
    request.idempotent = method.idempotent();
    request.policy = Some(policy(inputs, retry_all)?);
    if let Some(ms) = inputs.opt_int("timeout") {
        if !(1..=600_000).contains(&ms) {
            return Err(Error::invalid(
                "timeout",
                "a number of milliseconds from 1 to 600000",
            ));
        }
        request.timeout = Some(std::time::Duration::from_millis(ms as u64));
    }
    let mut response = client.execute(&request)?;
    let body = std::mem::take(&mut response.body);
    let data = match inputs.str("responseType")? {
        "text" => Value::String(String::from_utf8_lossy(&body).into_owned()).to_string(),
        "binary" => Value::String(STANDARD.encode(&body)).to_string(),
        // JSON is passed on as Okta sent it (checked, not re-encoded): no tree of values for a big answer.
        _ => client::raw_json(&request, body)
            .map_err(|e| match e {
                Error::InvalidResponse(detail) => {
                    Error::InvalidResponse(format!("{detail}; use Response Type text or binary"))
                }
                other => other,
            })?
            .get()
            .to_string(),
    };
    let mut headers = Map::new();
    for (name, value) in &response.headers {
        if !name.eq_ignore_ascii_case("set-cookie") {
            headers
                .entry(name.to_ascii_lowercase())
                .or_insert_with(|| value.as_str().into());
        }
    }
    let mut rest = json!({ "statusCode": response.status, "headers": headers });
    if inputs.str("responseType")? == "binary"
        && let Some(kind) = response.header("content-type")
    {
        rest["contentType"] = kind.into();
    }
    Ok(Output::with_data(&data, &rest))
}

fn method(name: &str) -> Method {
    match name {
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        "HEAD" => Method::Head,
        _ => Method::Get,
    }
}

/// `/api/v1` + the URL input + the query parameters, refusing anything that could leave the org's API.
fn path_and_query(inputs: &Inputs) -> Result<String> {
    let url = inputs.str(URL.key)?;
    let refuse = |why: &str| {
        Error::invalid(
            URL.key,
            format!("a path under /api/v1 such as /users ({why})"),
        )
    };
    if !url.starts_with('/') || url.starts_with("//") {
        return Err(refuse("it must start with a single /"));
    }
    if url.contains(|c: char| c.is_whitespace() || c.is_control() || c == '\\' || c == '#') {
        return Err(refuse("no spaces, backslashes or fragments"));
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    // Checked on the decoded path too: servers and proxies decode `%2e` and `%3b` before they resolve the path.
    // A `;` starts a path parameter that some servers strip before resolving, so `/..;/` climbs like `/../`.
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if decoded.contains(';') {
        return Err(refuse("no ; path parameters"));
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
        || decoded.contains('\\')
    {
        return Err(refuse("no . or .. segments"));
    }
    let mut full = if path == "/api/v1" || path.starts_with("/api/v1/") {
        path.to_string()
    } else {
        format!("/api/v1{path}")
    };
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    for (name, value) in inputs.key_values("queryParams") {
        let encode = |text: &str| {
            percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
        };
        params.push(format!("{}={}", encode(&name), encode(&value_text(&value))));
    }
    if !params.is_empty() {
        full.push('?');
        full.push_str(&params.join("&"));
    }
    Ok(full)
}

fn headers(inputs: &Inputs) -> Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    for (name, value) in inputs.key_values(HEADERS_KEY) {
        let value = value_text(&value);
        if !client::is_header_name(&name) || !client::is_header_value(&value) {
            return Err(Error::invalid(
                HEADERS_KEY,
                format!(
                    "valid header names and values without control characters (`{name}` is not)"
                ),
            ));
        }
        if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(Error::invalid(
                HEADERS_KEY,
                format!("no `{name}` header: the component sets it from the connection"),
            ));
        }
        headers.push((name.to_ascii_lowercase(), value));
    }
    Ok(headers)
}

/// The body: `data` (JSON or text), or a multipart form from `formData` and `fileData`.
fn body(client: &Client, inputs: &Inputs) -> Result<Option<(Vec<u8>, String)>> {
    let form = inputs.key_values("formData");
    let files = inputs.key_values("fileData");
    match (inputs.opt_str("data"), form.is_empty() && files.is_empty()) {
        (Some(_), false) => Err(Error::invalid(
            "data",
            "to be empty when Form Data or File Data is given (one body per request)",
        )),
        (Some(data), true) => Ok(Some(match serde_json::from_str::<Value>(data) {
            Ok(json) => (
                json.to_string().into_bytes(),
                "application/json".to_string(),
            ),
            Err(_) => (
                data.as_bytes().to_vec(),
                "text/plain; charset=utf-8".to_string(),
            ),
        })),
        (None, true) => Ok(None),
        (None, false) => {
            let names: Map<String, Value> =
                inputs.key_values("fileDataFileNames").into_iter().collect();
            if let Some(orphan) = names.keys().find(|k| !files.iter().any(|(f, _)| f == *k)) {
                return Err(Error::invalid(
                    "fileDataFileNames",
                    format!("keys that match File Data keys (`{orphan}` does not)"),
                ));
            }
            let boundary = format!(
                "okta-component-{:016x}{:016x}",
                client.random_u64(),
                client.random_u64()
            );
            let body = multipart(&boundary, &form, &files, &names)?;
            Ok(Some((
                body,
                format!("multipart/form-data; boundary={boundary}"),
            )))
        }
    }
}

fn multipart(
    boundary: &str,
    form: &[(String, Value)],
    files: &[(String, Value)],
    names: &Map<String, Value>,
) -> Result<Vec<u8>> {
    let quoted = |input: &str, text: &str| -> Result<String> {
        if text.contains(['\r', '\n']) {
            return Err(Error::invalid(input, "names without line breaks"));
        }
        Ok(text.replace('"', "%22"))
    };
    let mut body = Vec::new();
    for (name, value) in form {
        let name = quoted("formData", name)?;
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend(value_text(value).as_bytes());
        body.extend(b"\r\n");
    }
    for (name, value) in files {
        let file_name = names
            .get(name)
            .map(value_text)
            .unwrap_or_else(|| name.clone());
        let (name, file_name) = (
            quoted("fileData", name)?,
            quoted("fileDataFileNames", &file_name)?,
        );
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(value_text(value).as_bytes());
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    Ok(body)
}

fn policy(inputs: &Inputs, retry_all: bool) -> Result<RetryPolicy> {
    let retries = inputs.opt_int("maxRetryCount").unwrap_or(0);
    if !(0..=10).contains(&retries) {
        return Err(Error::invalid(
            "maxRetryCount",
            "a whole number from 0 to 10",
        ));
    }
    let delay = inputs.opt_int("retryDelayMs").unwrap_or(0);
    if !(0..=600_000).contains(&delay) {
        return Err(Error::invalid(
            "retryDelayMs",
            "a number of milliseconds from 0 to 600000",
        ));
    }
    let exponential = inputs.bool("useExponentialBackoff")?;
    Ok(RetryPolicy {
        max_retries: retries as u32,
        base_delay: if exponential {
            RetryPolicy::default().base_delay
        } else {
            std::time::Duration::from_millis(delay as u64)
        },
        exponential,
        retry_all_errors: retry_all,
        ..RetryPolicy::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(url: &str, query: Option<&str>) -> Result<String> {
        let mut raw = vec![
            ("url".to_string(), url.to_string()),
            ("method".to_string(), "GET".to_string()),
        ];
        if let Some(q) = query {
            raw.push(("queryParams".to_string(), q.to_string()));
        }
        path_and_query(&Inputs::parse(ACTIONS[0].inputs, &raw)?)
    }

    #[test]
    fn paths_stay_under_the_api() {
        assert_eq!(path("/users", None).unwrap(), "/api/v1/users");
        assert_eq!(
            path("/api/v1/groups?limit=2", Some(r#"{"q":"a b"}"#)).unwrap(),
            "/api/v1/groups?limit=2&q=a%20b"
        );
        for bad in [
            "https://evil.example/api",
            "//evil.example/x",
            "/users/../../oauth2",
            "/users/%2e%2e/x",
            "/a#b",
            "users",
            "/a\\b",
        ] {
            assert!(
                matches!(path(bad, None), Err(Error::InvalidInput { ref input, .. }) if input == "url"),
                "{bad}"
            );
        }
    }

    #[test]
    fn multipart_bodies_carry_file_names() {
        let files = vec![("doc".to_string(), Value::from("hello"))];
        let names: Map<String, Value> = [("doc".to_string(), Value::from("a.txt"))]
            .into_iter()
            .collect();
        let body = String::from_utf8(
            multipart("B", &[("k".into(), Value::from("v"))], &files, &names).unwrap(),
        )
        .unwrap();
        assert!(body.contains("name=\"k\"\r\n\r\nv\r\n"));
        assert!(body.contains("name=\"doc\"; filename=\"a.txt\""));
        assert!(body.ends_with("--B--\r\n"));
    }
}
