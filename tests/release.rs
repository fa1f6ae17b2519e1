//! What a release publishes agrees with the component: the committed reference and the version.

use okta_release::{package::Package, reference, workspace_root};

use crate::common::harness;

/// `docs/reference.md` is what `./dev docs` renders from the built component's manifest.
#[tokio::test]
async fn the_committed_reference_is_the_manifests() {
    let manifest = harness().manifest().await.unwrap();
    let rendered = reference::render(&serde_json::to_value(&manifest).unwrap());
    let path = workspace_root().join("docs").join("reference.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != rendered {
        let line = committed
            .lines()
            .zip(rendered.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the end".to_owned(), |n| format!("line {}", n + 1));
        panic!(
            "docs/reference.md is stale (first difference at {line}): run ./dev docs and commit the result"
        );
    }
}

/// The manifest's version is Cargo.toml's (the WIT package's is checked by okta-release's freeze test).
#[tokio::test]
async fn the_manifest_carries_the_packages_version() {
    let manifest = harness().manifest().await.unwrap();
    let package = Package::read(&workspace_root()).unwrap();
    assert_eq!(manifest.version, package.version().unwrap().to_string());
}
