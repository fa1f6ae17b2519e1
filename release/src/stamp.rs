//! The metadata a released `.wasm` carries, in the standard sections `wasm-tools metadata show` and registries
//! read (the component name, and the OCI annotations: version, description, licenses, source, homepage, revision).

use anyhow::{Context, Result};
use wasm_metadata::{
    AddMetadata, AddMetadataField, Description, Homepage, Licenses, Payload, Revision, Source,
    Version,
};

use crate::package::Package;

/// Adds the package's metadata to `component`. `revision` is the source control revision, when known. The same
/// input gives the same bytes.
pub fn stamp(component: &[u8], package: &Package, revision: Option<&str>) -> Result<Vec<u8>> {
    let mut add = AddMetadata::default();
    if let Some(name) = package.get("name") {
        add.name = AddMetadataField::Set(name.to_owned());
    }
    add.version = AddMetadataField::Set(Version::new(package.version()?.to_string()));
    if let Some(description) = package.get("description") {
        add.description = AddMetadataField::Set(Description::new(description.to_owned()));
    }
    if let Some(license) = package.get("license") {
        add.licenses = AddMetadataField::Set(Licenses::new(license)?);
    }
    if let Some(source) = package.get("repository") {
        add.source = AddMetadataField::Set(Source::new(source)?);
    }
    if let Some(homepage) = package.get("homepage") {
        add.homepage = AddMetadataField::Set(Homepage::new(homepage)?);
    }
    if let Some(revision) = revision {
        add.revision = AddMetadataField::Set(Revision::new(revision.to_owned()));
    }
    add.to_wasm(component).context("cannot add the metadata")
}

/// The metadata of the outermost component, one `field: value` a line.
pub fn show(component: &[u8]) -> Result<String> {
    let payload = Payload::from_binary(component).context("cannot read the component")?;
    let m = payload.metadata();
    let mut out = String::new();
    let mut line = |field: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push_str(&format!("{field}: {value}\n"));
        }
    };
    line("name", m.name.clone());
    line("version", m.version.as_ref().map(ToString::to_string));
    line(
        "description",
        m.description.as_ref().map(ToString::to_string),
    );
    line("licenses", m.licenses.as_ref().map(ToString::to_string));
    line("source", m.source.as_ref().map(ToString::to_string));
    line("homepage", m.homepage.as_ref().map(ToString::to_string));
    line("revision", m.revision.as_ref().map(ToString::to_string));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest component: the preamble alone.
    const EMPTY_COMPONENT: &[u8] = b"\0asm\x0d\0\x01\0";

    #[test]
    fn stamps_what_cargo_toml_says_and_reads_it_back() {
        let package = Package::parse(
            "[package]\nname = \"okta-management\"\nversion = \"0.4.2\"\ndescription = \"Okta, as a component.\"\n\
             license = \"Apache-2.0\"\nrepository = \"https://example.com/okta\"\n",
        )
        .unwrap();
        let stamped = stamp(EMPTY_COMPONENT, &package, Some("abc123")).unwrap();
        assert_eq!(
            show(&stamped).unwrap(),
            "name: okta-management\nversion: 0.4.2\ndescription: Okta, as a component.\n\
             licenses: Apache-2.0\nsource: https://example.com/okta\nrevision: abc123\n"
        );
        assert_eq!(
            stamp(EMPTY_COMPONENT, &package, Some("abc123")).unwrap(),
            stamped
        );
    }

    #[test]
    fn a_license_that_is_not_spdx_is_refused() {
        let package =
            Package::parse("[package]\nname = \"x\"\nversion = \"1.0.0\"\nlicense = \"my own\"\n")
                .unwrap();
        assert!(stamp(EMPTY_COMPONENT, &package, None).is_err());
    }
}
