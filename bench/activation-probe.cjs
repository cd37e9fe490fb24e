// Times `require('dist/extension.js')` + `activate()` in a fresh, plain `node` (no tsx hooks), against
// a stand-in `vscode` module. This is NOT VS Code: the extension host's own loading and the real API
// are not in the number. Prints one JSON line.
//
// Usage: node bench/activation-probe.cjs <repo root>
'use strict';
const Module = require('node:module');
const childProcess = require('node:child_process');
const { join } = require('node:path');
const { readFileSync } = require('node:fs');

const root = process.argv[2];
const now = () => Number(process.hrtime.bigint()) / 1e6;

// What activate() itself touches is spelled out below; whatever else vscode-languageclient reads
// (classes it extends at load, events it subscribes to in start()) gets an inert stand-in, recorded.
const fallbackServed = new Set();
function inert(path) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => '';
      if (typeof key === 'symbol') return undefined;
      return inert(`${path}.${key}`);
    },
    apply: () => inert(`${path}()`),
    construct: () => inert(`new ${path}`),
  });
}
function withFallback(name, members) {
  return new Proxy(members, {
    get(t, key) {
      if (key in t || typeof key === 'symbol' || key === '__esModule' || key === 'then') return t[key];
      fallbackServed.add(`${name}.${key}`);
      return inert(`${name}.${key}`);
    },
  });
}

const noop = () => undefined;
const disposable = () => ({ dispose: noop });
const errors = [];
const outputChannel = withFallback('OutputChannel', {
  name: 'Shipshape',
  append: noop,
  appendLine: noop,
  replace: noop,
  clear: noop,
  show: noop,
  hide: noop,
  dispose: noop,
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: (message) => errors.push(String(message)),
});
const registeredCommands = [];
const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines;
const vscode = withFallback('vscode', {
  // So that TypeScript's __importStar hands out this proxy itself rather than a copy of its own keys.
  __esModule: true,
  version: String(engines.vscode).replace(/^[^\d]*/, ''),
  window: withFallback('vscode.window', {
    createOutputChannel: () => outputChannel,
    createStatusBarItem: () => withFallback('StatusBarItem', { show: noop, hide: noop, dispose: noop }),
    onDidChangeActiveTextEditor: disposable,
  }),
  StatusBarAlignment: { Left: 1, Right: 2 },
  workspace: withFallback('vscode.workspace', {
    createFileSystemWatcher: () => ({ onDidCreate: disposable, onDidChange: disposable, onDidDelete: disposable, dispose: noop }),
    onDidChangeConfiguration: disposable,
    onDidGrantWorkspaceTrust: disposable,
    isTrusted: true,
  }),
  commands: withFallback('vscode.commands', {
    registerCommand: (id) => {
      registeredCommands.push(id);
      return { dispose: noop };
    },
  }),
});

const stubPath = join(root, 'bench', '.vscode-stand-in.js');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubPath : resolveFilename.call(this, request, ...rest);
};
const stubModule = new Module(stubPath);
stubModule.exports = vscode;
stubModule.loaded = true;
require.cache[stubPath] = stubModule;

// start() runs on after activate() returns and would fork the server: record when it asks, and refuse.
let launchRequestedAt;
let launchRequested;
const launch = new Promise((resolve) => (launchRequested = resolve));
for (const name of ['fork', 'spawn']) {
  childProcess[name] = () => {
    launchRequestedAt ??= now();
    launchRequested();
    throw new Error('bench: server launch not performed outside VS Code');
  };
}

const context = { subscriptions: [], asAbsolutePath: (relative) => join(root, relative), extensionPath: root };
const t0 = now();
const extension = require(join(root, 'dist', 'extension.js'));
const t1 = now();
extension.activate(context);
const t2 = now();

const deadline = new Promise((resolve) => setTimeout(resolve, 5000).unref());
Promise.race([launch, deadline]).then(() => {
  process.stdout.write(
    JSON.stringify({
      requireMs: t1 - t0,
      activateMs: t2 - t1,
      totalMs: t2 - t0,
      serverLaunchAfterMs: launchRequestedAt === undefined ? null : launchRequestedAt - t1,
      subscriptions: context.subscriptions.length,
      registeredCommands,
      fallbackServed: [...fallbackServed].sort(),
    }) + '\n',
  );
  process.exit(0);
});
