#!/usr/bin/env node
// okta-node: the Node host's command line, with okta-harness's conventions: inputs as --input KEY=VALUE (lists
// and objects as JSON), connection fields from OKTA_* environment variables (OKTA_DOMAIN, OKTA_API_TOKEN, …),
// output JSON on stdout, `error: <kind>: <message>` on stderr with okta-harness's exit codes.
//
//   node cli.mjs [--component FILE.wasm] describe [--json]
//   node cli.mjs [--component FILE.wasm] run ACTION [--input KEY=VALUE]… [--connection KEY] [--base-url URL]
//   node cli.mjs [--component FILE.wasm] fetch DATA_SOURCE [--input KEY=VALUE]… [--connection KEY] [--base-url URL]
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, OktaError } from './okta.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** okta-harness's exit code for each error kind. */
const EXIT_CODES = {
  'invalid-input': 3,
  unauthorized: 4,
  forbidden: 5,
  'not-found': 6,
  'okta-api': 7,
  'rate-limited': 8,
  timeout: 9,
  transport: 10,
};

/** The newest dist/okta-management-<version>.wasm, else the workspace's release build. */
function defaultComponent() {
  const dist = join(root, 'dist');
  const released = existsSync(dist)
    ? readdirSync(dist).filter((f) => /^okta-management-.*\.wasm$/.test(f)).sort()
    : [];
  if (released.length) return join(dist, released[released.length - 1]);
  return join(root, 'target', 'wasm32-wasip2', 'release', 'okta_management.wasm');
}

/** OKTA_DOMAIN for oktaDomain, OKTA_API_TOKEN for apiToken, OKTA_CLIENT_ID for clientId (as okta-harness). */
function envVarFor(key) {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();
  return snake === 'OKTA' || snake.startsWith('OKTA_') ? snake : `OKTA_${snake}`;
}

function parseArgs(argv) {
  const args = { inputs: [], connection: 'apiToken', json: false };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--component') args.component = value();
    else if (arg === '--base-url') args.baseUrl = value();
    else if (arg === '--connection') args.connection = value();
    else if (arg === '--json') args.json = true;
    else if (arg === '--input') {
      const text = value();
      const eq = text.indexOf('=');
      if (eq <= 0) throw new Error(`expected KEY=VALUE, got \`${text}\``);
      const key = text.slice(0, eq);
      args.inputs = args.inputs.filter(([k]) => k !== key);
      args.inputs.push([key, text.slice(eq + 1)]);
    } else rest.push(arg);
  }
  [args.command, args.key] = rest;
  return args;
}

function connectionFor(manifest, key) {
  const def = manifest.connections.find((c) => c.key === key);
  if (!def) throw new Error(`no connection \`${key}\`; the component has: ${manifest.connections.map((c) => c.key).join(', ')}`);
  const fields = def.inputs.flatMap((i) => (process.env[envVarFor(i.key)] !== undefined ? [[i.key, process.env[envVarFor(i.key)]]] : []));
  return { key, fields };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const okta = await load({ wasm: args.component ?? defaultComponent(), baseUrl: args.baseUrl });
  const manifest = okta.describe();
  switch (args.command) {
    case 'describe':
      if (args.json) return print(manifest);
      console.log(`${manifest.name} (${manifest.key} ${manifest.version})`);
      for (const c of manifest.connections) console.log(`  connection ${c.key}  ${c.label}  (${c.kind})`);
      for (const a of manifest.actions) console.log(`  action ${a.key}  ${a.label}`);
      for (const d of manifest.dataSources) console.log(`  data source ${d.key}  ${d.label}`);
      for (const t of manifest.triggers) console.log(`  trigger ${t.key}  ${t.label}  (${t.kind})`);
      return;
    case 'run':
      return print(okta.perform(args.key, connectionFor(manifest, args.connection), args.inputs).output);
    case 'fetch':
      return print(okta.fetch(args.key, connectionFor(manifest, args.connection), args.inputs).items);
    default:
      throw new Error('usage: cli.mjs [--component FILE.wasm] (describe [--json] | run ACTION | fetch DATA_SOURCE) [--input KEY=VALUE]… [--connection KEY] [--base-url URL]');
  }
}

function print(value) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

// Exits explicitly (preview2-shim's I/O worker would keep the process alive), once stdout is flushed: a pipe
// takes large outputs asynchronously.
const exit = (code) => process.stdout.write('', () => process.exit(code));
main().then(
  () => exit(0),
  (e) => {
    console.error(`error: ${e.message}`);
    exit(e instanceof OktaError ? (EXIT_CODES[e.kind] ?? 7) : 1);
  },
);
