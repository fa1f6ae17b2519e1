//! Loading the component: one engine, the precompiled-component cache, one linker and `InstancePre`, and the
//! thread that advances the engine's epoch for the CPU-time cap.

use crate::bindings::OktaPre;
use crate::cache::{self, ComponentSource};
use crate::host::{self, HostState, Limits};
use crate::network::Network;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wasmtime::component::Linker;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// The loaded component, ready to call. Cheap to clone and shareable across threads and tokio runtimes (tests keep
/// one in a `static OnceLock<Harness>`).
#[derive(Clone)]
pub struct Harness {
    pub(crate) inner: Arc<Inner>,
}

/// What a harness holds; shared by its clones.
pub(crate) struct Inner {
    pub(crate) engine: Engine,
    pub(crate) pre: OktaPre<HostState>,
    pub(crate) limits: Limits,
    /// The connection pool of `--base-url` and `--live` calls, shared by every call of this harness.
    pub(crate) network: Network,
    component_path: PathBuf,
    source: ComponentSource,
    // Dropped with the harness; the ticker thread then ends on its next tick.
    _ticker: EpochTicker,
}

impl fmt::Debug for Harness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Harness")
            .field("component", &self.inner.component_path)
            .field("source", &self.inner.source)
            .field("limits", &self.inner.limits)
            .finish()
    }
}

/// The command that builds the component this harness loads by default.
pub const BUILD_COMMAND: &str = "cargo build --release --target wasm32-wasip2 -p okta-management";

/// How to load a [`Harness`]: which component, where to cache it, default caps.
#[derive(Clone, Debug)]
pub struct HarnessBuilder {
    component: Option<PathBuf>,
    cache_dir: CacheDir,
    limits: Limits,
    max_concurrent_calls: u32,
    /// DER certificates trusted for https besides Mozilla's roots.
    root_certificates: Vec<Vec<u8>>,
}

/// How many calls may run at once by default (each holds one pooled instance slot while it runs).
pub const DEFAULT_MAX_CONCURRENT_CALLS: u32 = 100;

#[derive(Clone, Debug)]
enum CacheDir {
    /// `okta-harness-cache/` beside the `.wasm`.
    BesideComponent,
    At(PathBuf),
    Disabled,
}

impl HarnessBuilder {
    /// The `.wasm` to load (default: [`Harness::default_component_path`]).
    pub fn component(mut self, path: impl Into<PathBuf>) -> Self {
        self.component = Some(path.into());
        self
    }

    /// Where precompiled components are kept (default: `okta-harness-cache/` beside the `.wasm`).
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = CacheDir::At(dir.into());
        self
    }

    /// Always compile; never read or write precompiled components.
    pub fn no_cache(mut self) -> Self {
        self.cache_dir = CacheDir::Disabled;
        self
    }

    /// The caps every call gets unless its [`crate::CallOptions`] override them.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How many calls may run at the same time (default [`DEFAULT_MAX_CONCURRENT_CALLS`]); one more fails with a
    /// [`crate::CallError::Host`] naming the limit. Each slot reserves address space, not memory.
    pub fn max_concurrent_calls(mut self, calls: u32) -> Self {
        self.max_concurrent_calls = calls;
        self
    }

    /// Trusts this root certificate (DER) for https requests on `--base-url` and `--live` routes, besides
    /// Mozilla's roots: a private CA, or a test server's self-signed certificate.
    pub fn root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(der.into());
        self
    }

    /// Loads the component (from the cache when possible) and prepares instantiation.
    pub fn build(self) -> Result<Harness, LoadError> {
        let path = self
            .component
            .unwrap_or_else(Harness::default_component_path);
        let bytes = std::fs::read(&path).map_err(|e| LoadError::read(&path, e))?;
        let engine = Engine::new(&engine_config(self.max_concurrent_calls))
            .map_err(|e| LoadError::Wasmtime(format!("{e:#}")))?;
        let cache_dir = match &self.cache_dir {
            CacheDir::BesideComponent => path.parent().map(|p| p.join("okta-harness-cache")),
            CacheDir::At(dir) => Some(dir.clone()),
            CacheDir::Disabled => None,
        };
        let (component, source) = cache::load(&engine, &path, &bytes, cache_dir.as_deref())
            .map_err(|e| LoadError::Compile {
                path: path.clone(),
                message: format!("{e:#}"),
            })?;
        let pre = link(&engine, &component).map_err(|e| LoadError::Link {
            path: path.clone(),
            message: format!("{e:#}"),
        })?;
        let network = Network::new(&self.root_certificates).map_err(LoadError::RootCertificate)?;
        let ticker = EpochTicker::start(&engine);
        let inner = Inner {
            engine,
            pre,
            limits: self.limits,
            network,
            component_path: path,
            source,
            _ticker: ticker,
        };
        Ok(Harness {
            inner: Arc::new(inner),
        })
    }
}

/// The engine settings. Changing any of them changes the compatibility hash, so cached entries are not reused.
fn engine_config(max_concurrent_calls: u32) -> Config {
    let mut config = Config::new();
    // The CPU-time cap (see host.rs).
    config.epoch_interruption(true);
    // Lets a guest built with `+wide-arithmetic` (2.9 ms instead of 14 ms per RS256 signature) load; harmless for
    // one built without it.
    config.wasm_wide_arithmetic(true);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool(
        max_concurrent_calls,
    )));
    config
}

/// The pooling allocator: a fresh instance per call reuses a warm slot (memory, tables, async stack) instead of
/// mapping and unmapping its own, which halves the host's share of a call (≈110 → 55 µs for a trivial call).
///
/// Each slot reserves address space only (4 GiB per memory, as for any wasm memory); the per-call memory cap is
/// [`Limits::memory`], enforced by the store's limiter. The first 2 MiB of a linear memory (the guest's 1 MiB
/// stack, its data and the start of its heap: what every call touches) are reset with `memset` on reuse rather
/// than `madvise`, which saves the page faults of touching them again (measured: about 20% of a getUser call);
/// few idle slots are kept warm so a long-lived host does not hold their memory.
fn pool(max_concurrent_calls: u32) -> PoolingAllocationConfig {
    let n = max_concurrent_calls.max(1);
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(n)
        // A component has a few core instances, memories and tables; leave room for more.
        .total_core_instances(n.saturating_mul(8))
        .total_memories(n.saturating_mul(2))
        .total_tables(n.saturating_mul(8))
        .total_stacks(n)
        .max_unused_warm_slots(n.min(16))
        .linear_memory_keep_resident(2 << 20)
        .table_keep_resident(64 << 10)
        .async_stack_keep_resident(64 << 10);
    pool
}

/// One linker for the harness's life: WASI p2 and wasi:http. WASI's filesystem and sockets are linked but reach
/// nothing: a call's `WasiCtx` has no preopened directories and no network access.
fn link(
    engine: &Engine,
    component: &wasmtime::component::Component,
) -> wasmtime::Result<OktaPre<HostState>> {
    let mut linker = Linker::<HostState>::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
    OktaPre::new(linker.instantiate_pre(component)?)
}

/// Why [`Harness::load`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// There is no component at this path; the message says how to build it.
    Missing { path: PathBuf },
    /// The component could not be read.
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// wasmtime refused the component (not a component, or compiled for other features).
    Compile { path: PathBuf, message: String },
    /// The component needs imports the harness does not provide, or does not export the `okta` world.
    Link { path: PathBuf, message: String },
    /// The engine could not be set up.
    Wasmtime(String),
    /// A certificate given to [`HarnessBuilder::root_certificate`] is not one.
    RootCertificate(String),
}

impl LoadError {
    fn read(path: &Path, error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::NotFound => LoadError::Missing {
                path: path.to_owned(),
            },
            _ => LoadError::Read {
                path: path.to_owned(),
                error,
            },
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Missing { path } => write!(
                f,
                "no component at {}; build it with `{BUILD_COMMAND}` (in the workspace root), or pass --component PATH",
                path.display()
            ),
            LoadError::Read { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::Compile { path, message } => {
                write!(f, "cannot compile {}: {message}", path.display())
            }
            LoadError::Link { path, message } => write!(
                f,
                "{} does not fit this harness (is it the okta:management/okta component?): {message}",
                path.display()
            ),
            LoadError::Wasmtime(message) => write!(f, "cannot set up wasmtime: {message}"),
            LoadError::RootCertificate(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for LoadError {}

/// Advances the engine's epoch every [`host::EPOCH_TICK`] on a small thread, for as long as the engine lives.
pub(crate) struct EpochTicker;

impl EpochTicker {
    fn start(engine: &Engine) -> Self {
        let weak = engine.weak();
        let spawned = std::thread::Builder::new()
            .name("okta-harness-epoch".to_owned())
            .spawn(move || {
                while let Some(engine) = weak.upgrade() {
                    engine.increment_epoch();
                    drop(engine);
                    std::thread::sleep(host::EPOCH_TICK);
                }
            });
        // Without the thread, epochs never advance: calls still work, only the CPU cap is not enforced. Spawning a
        // thread fails only when the process is out of resources, and then it will fail elsewhere too.
        drop(spawned);
        EpochTicker
    }
}

impl Harness {
    /// A builder, to choose the component, the cache and the caps.
    pub fn builder() -> HarnessBuilder {
        HarnessBuilder {
            component: None,
            cache_dir: CacheDir::BesideComponent,
            limits: Limits::default(),
            max_concurrent_calls: DEFAULT_MAX_CONCURRENT_CALLS,
            root_certificates: Vec::new(),
        }
    }

    /// Loads the component at `path`, with the default cache and caps.
    pub fn load(path: impl AsRef<Path>) -> Result<Harness, LoadError> {
        Harness::builder().component(path.as_ref()).build()
    }

    /// Loads the component at [`Harness::default_component_path`].
    pub fn load_default() -> Result<Harness, LoadError> {
        Harness::builder().build()
    }

    /// The component loaded when none is named: `$OKTA_HARNESS_COMPONENT` if set, else
    /// `wasm32-wasip2/release/okta_management.wasm` under `$CARGO_TARGET_DIR` if set, else under the workspace's
    /// `target/` (found from this crate's location at compile time).
    pub fn default_component_path() -> PathBuf {
        if let Some(path) = std::env::var_os("OKTA_HARNESS_COMPONENT") {
            return PathBuf::from(path);
        }
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_dir().join("target"));
        target
            .join("wasm32-wasip2")
            .join("release")
            .join("okta_management.wasm")
    }

    /// The `.wasm` this harness loaded.
    pub fn component_path(&self) -> &Path {
        &self.inner.component_path
    }

    /// Whether the component came from the precompiled cache or was compiled, and how long that took.
    pub fn component_source(&self) -> &ComponentSource {
        &self.inner.source
    }

    /// The caps calls get by default.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }
}

/// The workspace root: the parent of this crate's directory, as it was at compile time.
fn workspace_dir() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_owned()
}
