//! The WIT contract: `wit/` as one file, its released copies, and the freeze check.
//!
//! A released contract is kept as `wit/released/<version>/okta-management.wit` (the package with its WASI
//! dependencies nested, so the file stands alone). Two contracts are the same when their packages print the same
//! without doc comments: wording, comments, layout and file names may change freely, any change to a function,
//! type, interface or the world's imports and exports may not. For 0.x any such change needs a minor bump (a
//! major one from 1.0 on); adding an action, picklist or trigger changes the manifest's data, not the WIT.

use anyhow::{Context, Result, anyhow, bail};
use semver::Version;
use std::path::{Path, PathBuf};
use wit_component::WitPrinter;
use wit_parser::{PackageId, Resolve};

/// The file name of a released contract inside `wit/released/<version>/`.
pub const RELEASED_FILE: &str = "okta-management.wit";

/// A parsed WIT package and everything it uses.
pub struct Contract {
    resolve: Resolve,
    package: PackageId,
}

impl Contract {
    /// The package in a WIT directory (`wit/`, with `deps/`).
    pub fn from_dir(dir: &Path) -> Result<Contract> {
        let mut resolve = Resolve::default();
        let (package, _) = resolve
            .push_dir(dir)
            .with_context(|| format!("cannot parse the WIT in {}", dir.display()))?;
        Ok(Contract { resolve, package })
    }

    /// The main package of a one-file contract (its dependencies nested in it).
    pub fn from_file(path: &Path) -> Result<Contract> {
        let mut resolve = Resolve::default();
        let package = resolve
            .push_file(path)
            .with_context(|| format!("cannot parse the WIT in {}", path.display()))?;
        Ok(Contract { resolve, package })
    }

    /// The package's version (`okta:management@<version>`).
    pub fn version(&self) -> Result<Version> {
        let name = &self.resolve.packages[self.package].name;
        name.version
            .clone()
            .ok_or_else(|| anyhow!("the WIT package {name} has no version"))
    }

    /// The contract as one file: the package, then every package it depends on, nested.
    pub fn to_wit(&self) -> Result<String> {
        let nested: Vec<PackageId> = self
            .resolve
            .topological_packages()
            .into_iter()
            .filter(|&id| id != self.package && self.depends_on(id))
            .collect();
        let mut printer = WitPrinter::default();
        printer.print(&self.resolve, self.package, &nested)?;
        // A blank line before each nested package, which the printer leaves out after the main one.
        Ok(printer
            .output
            .to_string()
            .replace("}\npackage ", "}\n\npackage "))
    }

    /// The package alone, without doc comments: what must not change within a version.
    pub fn normalized(&self) -> Result<String> {
        let mut printer = WitPrinter::default();
        printer.emit_docs(false);
        printer.print(&self.resolve, self.package, &[])?;
        Ok(printer.output.to_string())
    }

    /// Whether the main package uses `other`, directly or through another package.
    fn depends_on(&self, other: PackageId) -> bool {
        let mut seen = vec![self.package];
        let mut next = vec![self.package];
        while let Some(id) = next.pop() {
            for dep in self.resolve.package_direct_deps(id) {
                if dep == other {
                    return true;
                }
                if !seen.contains(&dep) {
                    seen.push(dep);
                    next.push(dep);
                }
            }
        }
        false
    }
}

/// `wit/released/<version>/` under `root`.
pub fn released_dir(root: &Path, version: &Version) -> PathBuf {
    root.join("wit").join("released").join(version.to_string())
}

/// Every released version under `wit/released/`, oldest first.
pub fn released_versions(root: &Path) -> Result<Vec<Version>> {
    let dir = root.join("wit").join("released");
    let mut versions = Vec::new();
    if !dir.exists() {
        return Ok(versions);
    }
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?
    {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        let version = Version::parse(&name).with_context(|| {
            format!("{}/{name} is not named by a semver version", dir.display())
        })?;
        versions.push(version);
    }
    versions.sort();
    Ok(versions)
}

/// The released contract of `version`, checked to carry that version.
pub fn released(root: &Path, version: &Version) -> Result<Contract> {
    let contract = Contract::from_file(&released_dir(root, version).join(RELEASED_FILE))?;
    let inside = contract.version()?;
    if &inside != version {
        bail!("wit/released/{version}/{RELEASED_FILE} is the contract of version {inside}");
    }
    Ok(contract)
}

/// Whether moving from the released `from` to `to` is a bump that allows any change to the contract.
pub fn allows_breaking_change(from: &Version, to: &Version) -> bool {
    if from.major == 0 {
        to.major > 0 || to.minor > from.minor
    } else {
        to.major > from.major
    }
}

/// The next version that allows a breaking change after `from`.
pub fn next_breaking(from: &Version) -> Version {
    if from.major == 0 {
        Version::new(0, from.minor + 1, 0)
    } else {
        Version::new(from.major + 1, 0, 0)
    }
}

/// What the check found when it passes.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// `wit/` is the released contract of the current version.
    Frozen(Version),
    /// The current version is not released yet; its contract may still change. `since` is the last release.
    Unreleased {
        version: Version,
        since: Option<Version>,
    },
}

/// The freeze check: Cargo.toml's version is the WIT package's, and `wit/` is the released contract of that
/// version, or the version is new and far enough above the last release for the changes `wit/` has.
pub fn check(root: &Path) -> Result<Status> {
    let version = crate::package::Package::read(root)?.version()?;
    let current = Contract::from_dir(&root.join("wit"))?;
    let wit_version = current.version()?;
    if wit_version != version {
        bail!(
            "Cargo.toml's version is {version} but the WIT package is okta:management@{wit_version}: \
             they must be the same (change wit/world.wit or Cargo.toml)"
        );
    }
    let normalized = current.normalized()?;
    let releases = released_versions(root)?;
    if releases.contains(&version) {
        let frozen = released(root, &version)?.normalized()?;
        if frozen != normalized {
            bail!(
                "wit/ differs from the released contract of {version} (wit/released/{version}/{RELEASED_FILE}):\n{}\
                 A released contract does not change: bump the version to {} in Cargo.toml and wit/world.wit, then \
                 run `./dev freeze-wit` when it is released.",
                first_difference(&frozen, &normalized),
                next_breaking(&version),
            );
        }
        return Ok(Status::Frozen(version));
    }
    if let Some(newer) = releases.iter().find(|v| **v > version) {
        bail!("version {version} is older than the released {newer}");
    }
    let since = releases.last().cloned();
    if let Some(last) = &since {
        let frozen = released(root, last)?.normalized()?;
        if frozen != normalized && !allows_breaking_change(last, &version) {
            bail!(
                "wit/ differs from the released contract of {last}:\n{}\
                 {version} cannot carry that change: bump the version to {} in Cargo.toml and wit/world.wit.",
                first_difference(&frozen, &normalized),
                next_breaking(last),
            );
        }
    }
    Ok(Status::Unreleased { version, since })
}

/// Writes the current contract as the released contract of the current version. A version released with a
/// different contract is refused; the same contract is rewritten (its doc comments may have changed).
pub fn freeze(root: &Path) -> Result<PathBuf> {
    let version = crate::package::Package::read(root)?.version()?;
    let current = Contract::from_dir(&root.join("wit"))?;
    if current.version()? != version {
        bail!(
            "Cargo.toml's version is {version} but the WIT package's is {}",
            current.version()?
        );
    }
    if released_versions(root)?.contains(&version) {
        let frozen = released(root, &version)?.normalized()?;
        if frozen != current.normalized()? {
            bail!(
                "{version} was released with a different contract; bump the version to {} first",
                next_breaking(&version)
            );
        }
    }
    let dir = released_dir(root, &version);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(RELEASED_FILE);
    std::fs::write(&path, current.to_wit()?)
        .with_context(|| format!("cannot write {}", path.display()))?;
    check(root)?;
    Ok(path)
}

/// The first line where two normalized contracts differ, for the error message.
fn first_difference(old: &str, new: &str) -> String {
    let mut old_lines = old.lines();
    let mut new_lines = new.lines();
    for line in 1.. {
        match (old_lines.next(), new_lines.next()) {
            (None, None) => break,
            (a, b) if a == b => continue,
            (a, b) => {
                return format!(
                    "  line {line} (without doc comments)\n  released: {}\n  now:      {}\n",
                    a.unwrap_or("(end)").trim(),
                    b.unwrap_or("(end)").trim()
                );
            }
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn zero_versions_need_a_minor_bump_and_later_ones_a_major() {
        assert!(!allows_breaking_change(&v("0.1.0"), &v("0.1.1")));
        assert!(allows_breaking_change(&v("0.1.0"), &v("0.2.0")));
        assert!(allows_breaking_change(&v("0.9.3"), &v("1.0.0")));
        assert!(!allows_breaking_change(&v("1.2.0"), &v("1.3.0")));
        assert!(allows_breaking_change(&v("1.2.0"), &v("2.0.0")));
        assert_eq!(next_breaking(&v("0.1.4")), v("0.2.0"));
        assert_eq!(next_breaking(&v("1.1.0")), v("2.0.0"));
    }

    /// The repository's own `wit/` passes the check: CI fails here when the contract changed without a bump.
    #[test]
    fn the_contract_in_wit_matches_its_version() {
        let root = crate::workspace_root();
        if let Err(e) = check(&root) {
            panic!("{e:#}");
        }
    }

    /// A scratch repository: a Cargo.toml and a `wit/` with one interface, at `version`.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("okta-release-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("wit")).unwrap();
            Scratch(dir)
        }

        fn write(&self, version: &str, body: &str) {
            std::fs::write(
                self.0.join("Cargo.toml"),
                format!("[package]\nname = \"okta-management\"\nversion = \"{version}\"\n"),
            )
            .unwrap();
            std::fs::write(
                self.0.join("wit").join("world.wit"),
                format!("package okta:management@{version};\n\n{body}\n"),
            )
            .unwrap();
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const V1: &str = "/// Docs.\ninterface api {\n    get: func(key: string) -> string;\n}\n\nworld w {\n    export api;\n}";

    #[test]
    fn a_frozen_contract_may_change_its_docs_but_not_its_functions() {
        let repo = Scratch::new("freeze");
        repo.write("0.1.0", V1);
        assert_eq!(
            check(&repo.0).unwrap(),
            Status::Unreleased {
                version: v("0.1.0"),
                since: None
            }
        );
        freeze(&repo.0).unwrap();
        assert_eq!(check(&repo.0).unwrap(), Status::Frozen(v("0.1.0")));

        // Docs and layout only: still the same contract.
        repo.write(
            "0.1.0",
            &V1.replace("/// Docs.", "/// Other words.\n// a comment"),
        );
        assert_eq!(check(&repo.0).unwrap(), Status::Frozen(v("0.1.0")));

        // A new parameter without a bump fails, and says what to bump to; freezing it is refused.
        let changed = V1.replace("key: string", "key: string, limit: u32");
        repo.write("0.1.0", &changed);
        let error = format!("{:#}", check(&repo.0).unwrap_err());
        assert!(error.contains("0.2.0"), "{error}");
        assert!(error.contains("limit: u32"), "{error}");
        assert!(freeze(&repo.0).is_err());

        // A patch bump cannot carry it either; a minor bump can, and is frozen in its own directory.
        repo.write("0.1.1", &changed);
        assert!(check(&repo.0).is_err());
        repo.write("0.2.0", &changed);
        assert_eq!(
            check(&repo.0).unwrap(),
            Status::Unreleased {
                version: v("0.2.0"),
                since: Some(v("0.1.0"))
            }
        );
        freeze(&repo.0).unwrap();
        assert_eq!(
            released_versions(&repo.0).unwrap(),
            [v("0.1.0"), v("0.2.0")]
        );

        // Going back below a release fails.
        repo.write("0.1.5", V1);
        assert!(check(&repo.0).is_err());
    }

    #[test]
    fn the_versions_of_cargo_and_wit_must_agree() {
        let repo = Scratch::new("versions");
        repo.write("0.1.0", V1);
        std::fs::write(
            repo.0.join("Cargo.toml"),
            "[package]\nname = \"okta-management\"\nversion = \"0.2.0\"\n",
        )
        .unwrap();
        let error = format!("{:#}", check(&repo.0).unwrap_err());
        assert!(
            error.contains("0.2.0") && error.contains("0.1.0"),
            "{error}"
        );
    }

    /// The one-file contract stands alone: it parses by itself, and is the same contract as `wit/`.
    #[test]
    fn the_one_file_contract_round_trips() {
        let root = crate::workspace_root();
        let contract = Contract::from_dir(&root.join("wit")).unwrap();
        let text = contract.to_wit().unwrap();
        assert!(
            text.contains("package wasi:http@"),
            "the WASI packages are nested"
        );
        let dir = Scratch::new("one-file");
        let path = dir.0.join("contract.wit");
        std::fs::write(&path, &text).unwrap();
        let reparsed = Contract::from_file(&path).unwrap();
        assert_eq!(
            reparsed.normalized().unwrap(),
            contract.normalized().unwrap()
        );
        assert_eq!(reparsed.version().unwrap(), contract.version().unwrap());
    }
}
