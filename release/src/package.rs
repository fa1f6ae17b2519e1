//! The component's `[package]` fields from the root `Cargo.toml`: the one place its version is written.

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// The string fields of the root `Cargo.toml`'s `[package]` table (`name`, `version`, `description`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    fields: BTreeMap<String, String>,
}

impl Package {
    /// Reads `<root>/Cargo.toml`.
    pub fn read(root: &Path) -> Result<Package> {
        let path = root.join("Cargo.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Package::parse(&text)
    }

    /// The `key = "value"` lines of the `[package]` table. Only plain one-line strings are read: that is how
    /// the fields the release needs are written, and anything else is not one of them.
    pub fn parse(text: &str) -> Result<Package> {
        let mut fields = BTreeMap::new();
        let mut in_package = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                in_package = line == "[package]";
                continue;
            }
            if !in_package {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = value.trim();
            let plain = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
            if let Some(value) = plain.filter(|v| !v.contains(['"', '\\'])) {
                fields.insert(key.trim().to_owned(), value.to_owned());
            }
        }
        let package = Package { fields };
        for required in ["name", "version"] {
            if package.get(required).is_none() {
                bail!("Cargo.toml has no [package] {required}");
            }
        }
        Ok(package)
    }

    /// A field's value, such as `description`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// The component's version.
    pub fn version(&self) -> Result<semver::Version> {
        let version = self.get("version").unwrap_or_default();
        semver::Version::parse(version)
            .with_context(|| format!("Cargo.toml's version `{version}` is not semver"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_package_table() {
        let package = Package::parse(
            "[package]\nname = \"okta-management\"\nversion = \"0.3.1\"\nlicense = \"Apache-2.0\"\n\
             edition = \"2024\"\n\n[dependencies]\nserde = \"1\"\nversion = \"9.9.9\"\n",
        )
        .unwrap();
        assert_eq!(package.get("name"), Some("okta-management"));
        assert_eq!(package.version().unwrap(), semver::Version::new(0, 3, 1));
        assert_eq!(package.get("serde"), None);
    }

    #[test]
    fn a_package_without_a_version_is_refused() {
        assert!(Package::parse("[package]\nname = \"x\"\n").is_err());
        assert!(
            Package::parse("[package]\nname = \"x\"\nversion = \"one\"\n")
                .unwrap()
                .version()
                .is_err()
        );
    }

    #[test]
    fn the_workspace_version_parses() {
        let package = Package::read(&crate::workspace_root()).unwrap();
        assert_eq!(package.get("name"), Some("okta-management"));
        package.version().unwrap();
    }
}
