//! The manifest as text for a person (`okta-harness describe`): the component, its connections with the
//! environment variable of each field, and one table each of actions, data sources and triggers with their inputs.
//! `describe --json` is the manifest's own serialisation instead.

use crate::{ConnectionDef, InputDef, InputType, Manifest, env_var_for_input};
use std::io::{self, Write};

/// Writes `m` as text: a heading per section, then aligned rows.
pub fn write_manifest(out: &mut impl Write, m: &Manifest) -> io::Result<()> {
    writeln!(out, "{} ({} {})", m.name, m.key, m.version)?;
    writeln!(out, "{}", m.description)?;
    writeln!(out, "\nConnections ({})", m.connections.len())?;
    for c in &m.connections {
        write_connection(out, c)?;
    }
    let actions: Vec<Row> = m
        .actions
        .iter()
        .map(|a| (a.key.as_str(), a.label.as_str(), a.inputs.as_slice()))
        .collect();
    let sources: Vec<Row> = m
        .data_sources
        .iter()
        .map(|d| (d.key.as_str(), d.label.as_str(), d.inputs.as_slice()))
        .collect();
    let triggers: Vec<Row> = m
        .triggers
        .iter()
        .map(|t| (t.key.as_str(), t.label.as_str(), t.inputs.as_slice()))
        .collect();
    write_table(out, "Actions", &actions)?;
    write_table(out, "Data sources", &sources)?;
    write_table(out, "Triggers", &triggers)
}

/// Key, label and inputs of an action, data source or trigger.
type Row<'a> = (&'a str, &'a str, &'a [InputDef]);

fn write_connection(out: &mut impl Write, c: &ConnectionDef) -> io::Result<()> {
    writeln!(out, "  {}  {}  ({})", c.key, c.label, c.kind.name())?;
    let key_width = c.inputs.iter().map(|i| i.key.len()).max().unwrap_or(0);
    let label_width = c.inputs.iter().map(|i| i.label.len()).max().unwrap_or(0);
    for i in &c.inputs {
        let required = if i.required { "required" } else { "optional" };
        let env = env_var_for_input(&i.key);
        writeln!(
            out,
            "      {:key_width$}  {:label_width$}  {:8}  {required}  ${env}",
            i.key,
            i.label,
            i.input_type.name()
        )?;
    }
    Ok(())
}

/// `KEY  LABEL  INPUTS` with required inputs starred; the connection input every action takes is left out.
fn write_table(out: &mut impl Write, title: &str, rows: &[Row]) -> io::Result<()> {
    writeln!(out, "\n{title} ({})", rows.len())?;
    if rows.is_empty() {
        return Ok(());
    }
    let key_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(3);
    let label_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(5);
    writeln!(
        out,
        "  {:key_width$}  {:label_width$}  INPUTS (* required)",
        "KEY", "LABEL"
    )?;
    for (key, label, inputs) in rows {
        let names: Vec<String> = inputs
            .iter()
            .filter(|i| i.input_type != InputType::Connection)
            .map(|i| {
                if i.required {
                    format!("{}*", i.key)
                } else {
                    i.key.clone()
                }
            })
            .collect();
        let names = if names.is_empty() {
            "-".to_owned()
        } else {
            names.join(", ")
        };
        writeln!(out, "  {key:key_width$}  {label:label_width$}  {names}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActionDef, ConnectionKind};

    fn input(key: &str, input_type: InputType, required: bool) -> InputDef {
        InputDef {
            key: key.to_owned(),
            label: key.to_owned(),
            input_type,
            required,
            default: None,
            example: None,
            comments: None,
            allowed_values: Vec::new(),
            data_source: None,
        }
    }

    #[test]
    fn connections_name_their_variables_and_tables_star_required_inputs() {
        let manifest = Manifest {
            key: "okta-management-api".to_owned(),
            name: "Okta".to_owned(),
            description: "Okta's Management API.".to_owned(),
            version: "1.2.3".to_owned(),
            connections: vec![ConnectionDef {
                key: "apiToken".to_owned(),
                label: "API Token".to_owned(),
                description: String::new(),
                kind: ConnectionKind::ApiToken,
                inputs: vec![input("oktaDomain", InputType::String, true)],
            }],
            actions: vec![ActionDef {
                key: "getUser".to_owned(),
                label: "Get User".to_owned(),
                description: String::new(),
                inputs: vec![
                    input("connection", InputType::Connection, true),
                    input("id", InputType::String, true),
                    input("expand", InputType::String, false),
                ],
            }],
            data_sources: Vec::new(),
            triggers: Vec::new(),
        };
        let mut out = Vec::new();
        write_manifest(&mut out, &manifest).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("Okta (okta-management-api 1.2.3)\n"),
            "{text}"
        );
        assert!(text.contains("$OKTA_DOMAIN"), "{text}");
        assert!(
            text.contains("  getUser  Get User  id*, expand\n"),
            "{text}"
        );
        assert!(
            text.ends_with("\nData sources (0)\n\nTriggers (0)\n"),
            "{text}"
        );
    }
}
