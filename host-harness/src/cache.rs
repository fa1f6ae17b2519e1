//! The precompiled-component cache: compiling the component takes ~0.7 s, loading a precompiled copy ~0.25 ms.
//!
//! Entries are `<dir>/<wasm stem>-<key>.cwasm`, where the key hashes the engine's compatibility hash (wasmtime
//! version, target and every setting that affects code) and the wasm bytes. So a rebuilt component or a different
//! engine gets a new entry, and an entry is never used with anything but what produced it. Entries are written to a
//! temporary file and renamed into place, so a file that is mapped is never changed under a reader; only the few
//! newest entries are kept.

use sha2::{Digest, Sha256};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wasmtime::Engine;
use wasmtime::component::Component;

/// How many entries per component name stay in the cache directory.
const KEEP: usize = 4;

/// How the component was obtained, for `--trace` and benchmarks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ComponentSource {
    /// Loaded from a precompiled entry.
    Cache { path: PathBuf, took: Duration },
    /// Compiled now; `cached_to` names the entry written for next time (`None` if it could not be written:
    /// `cache_error` says why).
    Compiled {
        took: Duration,
        cached_to: Option<PathBuf>,
        cache_error: Option<String>,
    },
}

impl std::fmt::Display for ComponentSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        match self {
            ComponentSource::Cache { path, took } => {
                write!(
                    f,
                    "loaded precompiled {} in {:.2} ms",
                    path.display(),
                    ms(took)
                )
            }
            ComponentSource::Compiled {
                took,
                cached_to: Some(path),
                ..
            } => {
                write!(
                    f,
                    "compiled in {:.0} ms, saved to {}",
                    ms(took),
                    path.display()
                )
            }
            ComponentSource::Compiled {
                took,
                cached_to: None,
                cache_error,
            } => {
                write!(f, "compiled in {:.0} ms (not cached", ms(took))?;
                match cache_error {
                    Some(e) => write!(f, ": {e})"),
                    None => f.write_str(")"),
                }
            }
        }
    }
}

/// Loads `wasm` (its bytes already read) through the cache in `dir`, or compiles it when there is no cache.
pub(crate) fn load(
    engine: &Engine,
    wasm_path: &Path,
    bytes: &[u8],
    dir: Option<&Path>,
) -> wasmtime::Result<(Component, ComponentSource)> {
    let start = Instant::now();
    let Some(dir) = dir else {
        let component = Component::new(engine, bytes)?;
        return Ok((
            component,
            ComponentSource::Compiled {
                took: start.elapsed(),
                cached_to: None,
                cache_error: None,
            },
        ));
    };
    let entry = dir.join(entry_name(engine, wasm_path, bytes));
    if entry.is_file() {
        // SAFETY: the entry was written by `store` below, from this exact wasm and an engine with this exact
        // compatibility hash (both are in its name), and entries are only ever replaced by rename, never modified.
        match unsafe { Component::deserialize_file(engine, &entry) } {
            Ok(component) => {
                return Ok((
                    component,
                    ComponentSource::Cache {
                        path: entry,
                        took: start.elapsed(),
                    },
                ));
            }
            // A damaged entry (a disk error, a stray write): drop it and compile afresh.
            Err(_) => {
                let _ = fs::remove_file(&entry);
            }
        }
    }
    let serialized = engine.precompile_component(bytes)?;
    // SAFETY: `serialized` was produced just now by this engine from these bytes.
    let component = unsafe { Component::deserialize(engine, &serialized)? };
    let took = start.elapsed();
    let source = match store(dir, &entry, &serialized) {
        Ok(()) => ComponentSource::Compiled {
            took,
            cached_to: Some(entry),
            cache_error: None,
        },
        Err(e) => ComponentSource::Compiled {
            took,
            cached_to: None,
            cache_error: Some(e.to_string()),
        },
    };
    Ok((component, source))
}

/// `<stem>-<32 hex digits>.cwasm`.
fn entry_name(engine: &Engine, wasm_path: &Path, bytes: &[u8]) -> String {
    let mut engine_hash = ShaHasher(Sha256::new());
    engine
        .precompile_compatibility_hash()
        .hash(&mut engine_hash);
    let mut key = engine_hash.0;
    key.update(Sha256::digest(bytes));
    let digest = key.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}.cwasm", stem(wasm_path))
}

fn stem(wasm_path: &Path) -> String {
    wasm_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "component".to_owned())
}

/// Writes an entry atomically, then prunes old entries for the same component.
fn store(dir: &Path, entry: &Path, serialized: &[u8]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let name = entry
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    fs::write(&temp, serialized)?;
    if let Err(e) = fs::rename(&temp, entry) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    prune(dir, entry);
    Ok(())
}

/// Keeps the [`KEEP`] newest entries with the same stem as `entry` (other builds, other engines).
fn prune(dir: &Path, entry: &Path) {
    let Some(prefix) = entry
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit_once('-'))
        .map(|(p, _)| p)
    else {
        return;
    };
    let Ok(read) = fs::read_dir(dir) else { return };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = read
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&format!("{prefix}-")) && name.ends_with(".cwasm")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    for (_, old) in entries.into_iter().skip(KEEP) {
        if old != entry {
            let _ = fs::remove_file(old);
        }
    }
}

/// Feeds `Hash` output into SHA-256, so the engine's compatibility hash becomes part of a stable file name.
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn finish(&self) -> u64 {
        0 // Unused: the digest is read from the inner SHA-256.
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}
