// The Okta component in Node.js: transpiles the released .wasm with jco, instantiates it with the standard
// WASI 0.2 imports from @bytecodealliance/preview2-shim, and exposes its exports with okta-harness's input
// conventions (connections and inputs as key/value text).
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transpile } from '@bytecodealliance/jco';
import * as wasi from '@bytecodealliance/preview2-shim';
import { routedOutgoingHandler } from './routing.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** A call the component answered with its typed `error` (kind, message, retryable, connection state). */
export class OktaError extends Error {
  constructor(error) {
    super(`${error.kind.tag}: ${error.message}`);
    this.name = 'OktaError';
    this.kind = error.kind.tag;
    this.detail = error.kind.val;
    this.retryable = error.retryable;
    this.connectionState = error.connectionState;
  }
}

/**
 * Loads the component at `wasm`. `baseUrl` (such as `okta-harness serve`'s `http://127.0.0.1:PORT`) sends every
 * request there instead of to its https origin; see routing.mjs.
 */
export async function load({ wasm, baseUrl } = {}) {
  const bytes = await readFile(wasm);
  const dir = await transpiled(bytes);
  const { instantiate } = await import(pathToFileURL(join(dir, 'okta.js')).href);
  const imports = wasiImports(baseUrl);
  const compile = (name) => readFile(join(dir, name)).then((b) => WebAssembly.compile(b));
  const instance = await instantiate(compile, imports);
  return new OktaComponent(instance);
}

/** jco's output for these bytes, transpiled once and kept under .cache/ by the component's sha256. */
async function transpiled(bytes) {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const dir = join(here, '.cache', sha.slice(0, 32));
  if (existsSync(join(dir, 'okta.js'))) return dir;
  const { files } = await transpile(bytes, {
    name: 'okta',
    instantiation: 'async',
    noTypescript: true,
    quiet: true,
  });
  // Written next to the final directory and renamed, so a concurrent load never sees half of it.
  const partial = `${dir}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(partial, name)), { recursive: true });
    await writeFile(join(partial, name), content);
  }
  try {
    await rename(partial, dir);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(join(dir, 'okta.js'))) throw e;
  }
  return dir;
}

/**
 * The component's imports, keyed by interface name as jco's instantiation mode expects: every WASI 0.2
 * interface of preview2-shim (the component calls http, io, clocks and random; Rust's standard library adds
 * wasi:cli imports for its environment and stdio), with the outgoing handler routed.
 */
function wasiImports(baseUrl) {
  const imports = {};
  for (const [pkg, interfaces] of Object.entries(wasi)) {
    for (const [name, value] of Object.entries(interfaces)) {
      if (name.startsWith('_') || typeof value !== 'object') continue;
      imports[`wasi:${pkg}/${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] = value;
    }
  }
  imports['wasi:http/outgoing-handler'] = routedOutgoingHandler(wasi.http.outgoingHandler, baseUrl);
  return imports;
}

/** `[[key, value]]` or `{key: value}` → the WIT `list<input-value>`. */
function inputValues(values = []) {
  const pairs = Array.isArray(values) ? values : Object.entries(values);
  return pairs.map(([key, value]) => ({ key, value: String(value) }));
}

/** `{key, fields, state}` → the WIT `connection`. */
function witConnection({ key, fields = [], state }) {
  return { key, fields: inputValues(fields), state: state ?? undefined };
}

/** Runs a component call, turning its typed error into an OktaError. */
function call(fn) {
  try {
    return fn();
  } catch (e) {
    if (e && e.payload && e.payload.kind) throw new OktaError(e.payload);
    throw e;
  }
}

export class OktaComponent {
  #exports;

  constructor(exports) {
    this.#exports = exports;
  }

  /** The manifest: connections (with their kind), actions, data sources and triggers, with every input. */
  describe() {
    return this.#exports.manifest.getManifest();
  }

  /** Runs an action: `{output, connectionState}`, `output` parsed from the component's JSON. */
  perform(key, connection, inputs) {
    const result = call(() => this.#exports.actions.perform(key, witConnection(connection), inputValues(inputs)));
    return { output: JSON.parse(result.output), connectionState: result.connectionState };
  }

  /** Fills a picklist: `{items: [{label, key}], connectionState}`. */
  fetch(key, connection, inputs) {
    return call(() => this.#exports.dataSources.fetch(key, witConnection(connection), inputValues(inputs)));
  }

  /** Polls a polling trigger; `state` is what the previous poll returned (undefined at first). */
  poll(key, connection, inputs, state) {
    const result = call(() =>
      this.#exports.triggers.poll(key, witConnection(connection), inputValues(inputs), state ?? undefined),
    );
    return { records: JSON.parse(result.records), state: result.state, connectionState: result.connectionState };
  }

  /** Sets up a webhook trigger delivering to `webhookUrl`: `{instanceState, connectionState}` (keep both). */
  deploy(key, connection, inputs, webhookUrl) {
    return call(() => this.#exports.triggers.deploy(key, witConnection(connection), inputValues(inputs), webhookUrl));
  }

  /** Tears down what `deploy` set up; returns new connection state or undefined. */
  undeploy(key, connection, inputs, instanceState) {
    return call(() =>
      this.#exports.triggers.undeploy(key, witConnection(connection), inputValues(inputs), instanceState),
    );
  }

  /** Handles one request to a webhook trigger's URL: `{response: {status, headers, body}, payload}`. */
  handleWebhook(key, inputs, instanceState, { method, headers = [], body = new Uint8Array() }) {
    const request = { method, headers: Array.isArray(headers) ? headers : Object.entries(headers), body };
    const result = call(() => this.#exports.triggers.handleWebhook(key, inputValues(inputs), instanceState, request));
    return { response: result.response, payload: result.payload === undefined ? undefined : JSON.parse(result.payload) };
  }

  /** Starts the authorization code flow: `{url, pending}` (keep `pending` as a secret until the redirect). */
  startAuthorization(connection, redirectUri) {
    return call(() => this.#exports.oauth.startAuthorization(witConnection(connection), redirectUri));
  }

  /** Finishes it with the redirect's query string or URL: the connection state to keep (a secret). */
  finishAuthorization(connection, redirectUri, pending, callback) {
    return call(() =>
      this.#exports.oauth.finishAuthorization(witConnection(connection), redirectUri, pending, callback),
    );
  }
}
