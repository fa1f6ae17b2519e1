//! Per-call store state: WASI and wasi:http contexts, the HTTP hook, the memory cap, the CPU-time meter and the
//! captured guest log.
//!
//! # CPU time
//!
//! The engine's epoch is advanced every [`EPOCH_TICK`] by a thread (see `lib.rs`), and each store asks to be
//! interrupted at every tick. The interruption only fires while the guest executes wasm (epoch checks are compiled
//! into wasm code), and its callback compares the budget with the time the guest has actually spent executing
//! wasm: a call hook stops the meter whenever the guest calls into the host and restarts it when the host returns.
//! So time the guest spends asleep in `wasi:clocks` (rate-limit waits) or waiting for an HTTP answer is never
//! counted, however long, while a guest spinning in a loop is stopped within a tick of its budget. The callback also
//! yields to tokio at every tick, so a busy guest cannot starve other tasks on the same worker thread.

use crate::clock::{GuestMonotonicClock, GuestWallClock};
use crate::network::Network;
use crate::route::{self, Route};
use crate::trace::Recorder;
use bytes::Bytes;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use wasmtime::component::ResourceTable;
use wasmtime::{CallHook, Engine, ResourceLimiter, Store, StoreContextMut, UpdateDeadline};
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpHooks, WasiHttpView};

/// How often the engine's epoch advances: the resolution of the CPU-time cap.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Per-call resource caps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most linear memory (all memories together) a call may use. Default 256 MiB.
    pub memory: usize,
    /// The most time a call may spend executing wasm (not sleeping or waiting for HTTP). Default 10 s.
    pub cpu_time: Duration,
    /// A cap on the whole call, sleeps and HTTP waits included (`None`: no cap). Default 300 s: above the
    /// component's own budget for one call's requests, retries and rate-limit waits (240 s), so a stuck host
    /// or server cannot hold a worker longer.
    pub wall_time: Option<Duration>,
    /// How much of the guest's stderr (and stdout) is kept; the rest is dropped. Default 64 KiB.
    pub log: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory: 256 << 20,
            cpu_time: Duration::from_secs(10),
            wall_time: Some(Duration::from_secs(300)),
            log: 64 << 10,
        }
    }
}

/// The `T` of each call's `Store<T>`.
pub(crate) struct HostState {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    hooks: RouteHooks,
    pub(crate) memory: MemoryCap,
    pub(crate) cpu: CpuMeter,
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}

/// A store for one call, with its caps in place. `route` `None` denies every request (the manifest needs none);
/// requests leaving the process go through the harness's `network` pool.
pub(crate) fn new_store(
    engine: &Engine,
    limits: &Limits,
    route: Option<Route>,
    network: Network,
    recorder: Recorder,
    log: &LogPipe,
) -> Store<HostState> {
    let wasi = WasiCtx::builder()
        .stdout(log.clone())
        .stderr(log.clone())
        .wall_clock(GuestWallClock)
        .monotonic_clock(GuestMonotonicClock::new())
        .build();
    let state = HostState {
        wasi,
        http: WasiHttpCtx::new(),
        table: ResourceTable::new(),
        hooks: RouteHooks {
            route,
            network,
            recorder,
        },
        memory: MemoryCap {
            limit: limits.memory,
            used: 0,
            exceeded: false,
        },
        cpu: CpuMeter {
            budget: limits.cpu_time,
            used: Duration::ZERO,
            running_since: None,
            exceeded: false,
        },
    };
    let mut store = Store::new(engine, state);
    store.limiter(|state| &mut state.memory);
    store.call_hook(meter_calls);
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(check_cpu_budget);
    store
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------------------------

/// The `wasi:http` hook: every outgoing request goes to the call's route.
struct RouteHooks {
    route: Option<Route>,
    network: Network,
    recorder: Recorder,
}

impl WasiHttpHooks for RouteHooks {
    fn send_request(
        &mut self,
        request: http::Request<wasmtime_wasi_http::WasiBody>,
        options: Option<wasmtime_wasi_http::RequestOptions>,
        _request_errors: Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>,
    ) -> route::HookFuture {
        Box::new(route::send(
            self.route.clone(),
            self.network.clone(),
            self.recorder.clone(),
            request,
            options,
        ))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------------------------------

/// Caps the total linear memory of a call. Exceeding it traps at once (rather than letting `memory.grow` fail,
/// which a Rust guest turns into an abort with a less useful message) and is remembered for the error.
pub(crate) struct MemoryCap {
    limit: usize,
    used: usize,
    pub(crate) exceeded: bool,
}

impl MemoryCap {
    /// The linear memory the call has grown to, in bytes.
    pub(crate) fn used(&self) -> usize {
        self.used
    }
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let used = self.used.saturating_add(desired.saturating_sub(current));
        if used > self.limit {
            self.exceeded = true;
            wasmtime::bail!("memory cap of {} MiB exceeded", self.limit >> 20);
        }
        self.used = used;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Tables hold function references; a million is far beyond any real guest.
        Ok(desired <= 1_000_000)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// CPU time
// ---------------------------------------------------------------------------------------------------------------

/// Time the guest has spent executing wasm in this call.
pub(crate) struct CpuMeter {
    budget: Duration,
    used: Duration,
    running_since: Option<Instant>,
    pub(crate) exceeded: bool,
}

impl CpuMeter {
    pub(crate) fn start(&mut self) {
        self.running_since.get_or_insert_with(Instant::now);
    }

    fn stop(&mut self) {
        if let Some(since) = self.running_since.take() {
            self.used += since.elapsed();
        }
    }

    /// Time spent in wasm so far, including the current stretch.
    pub(crate) fn used(&self) -> Duration {
        self.used
            + self
                .running_since
                .map_or(Duration::ZERO, |since| since.elapsed())
    }
}

fn meter_calls(mut store: StoreContextMut<'_, HostState>, hook: CallHook) -> wasmtime::Result<()> {
    let cpu = &mut store.data_mut().cpu;
    match hook {
        CallHook::CallingWasm | CallHook::ReturningFromHost => cpu.start(),
        CallHook::CallingHost | CallHook::ReturningFromWasm => cpu.stop(),
    }
    Ok(())
}

fn check_cpu_budget(mut store: StoreContextMut<'_, HostState>) -> wasmtime::Result<UpdateDeadline> {
    let cpu = &mut store.data_mut().cpu;
    if cpu.used() > cpu.budget {
        cpu.exceeded = true;
        wasmtime::bail!("CPU-time cap of {:?} exceeded", cpu.budget);
    }
    Ok(UpdateDeadline::Yield(1))
}

// ---------------------------------------------------------------------------------------------------------------
// Guest log
// ---------------------------------------------------------------------------------------------------------------

/// The guest's stderr and stdout, kept in memory up to a cap. Unlike wasmtime's `MemoryOutputPipe`, writes past
/// the cap are dropped silently rather than failing, so a chatty guest is never broken by its own logging.
#[derive(Clone)]
pub(crate) struct LogPipe {
    buffer: Arc<Mutex<Vec<u8>>>,
    capacity: usize,
}

impl LogPipe {
    pub(crate) fn new(capacity: usize) -> Self {
        LogPipe {
            buffer: Arc::new(Mutex::new(Vec::new())),
            capacity,
        }
    }

    fn append(&self, bytes: &[u8]) {
        let mut buffer = self.buffer.lock().unwrap_or_else(PoisonError::into_inner);
        let room = self.capacity.saturating_sub(buffer.len());
        buffer.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// What the guest wrote, as text.
    pub(crate) fn contents(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().unwrap_or_else(PoisonError::into_inner))
            .into_owned()
    }
}

impl IsTerminal for LogPipe {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for LogPipe {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[wasmtime_wasi::async_trait]
impl OutputStream for LogPipe {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.append(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(64 << 10)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for LogPipe {
    async fn ready(&mut self) {}
}

impl tokio::io::AsyncWrite for LogPipe {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.append(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
