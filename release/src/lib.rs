//! Release tooling for the Okta component, used by `./dev release`, `./dev freeze-wit` and `./dev docs`, and by
//! the tests that keep the frozen contract and the committed reference honest.
//!
//! - [`contract`]: the WIT contract as one file, the released copies under `wit/released/<version>/`, and the
//!   check that `wit/` only changes with a version bump.
//! - [`stamp`]: the release metadata embedded in the `.wasm` (name, version, description, license, …).
//! - [`reference`]: `docs/reference.md`, rendered from the manifest that `okta-harness describe --json` prints.

pub mod contract;
pub mod package;
pub mod reference;
pub mod stamp;

use std::path::{Path, PathBuf};

/// The repository root (the workspace that holds `wit/` and the component's `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
