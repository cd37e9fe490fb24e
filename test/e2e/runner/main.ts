// The e2e run CI uses (npm run test:e2e): packages the .vsix, starts the services (a real registry on
// loopback), then runs each Session in its own code-server + Chromium. Prints `N passed, N failed`
// and exits non-zero on any failure, including missing tools.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SuiteResults } from '../protocol';
import { installVsix, killCodeServers } from './code-server';
import { runSession } from './run-session';
import { startServices, type Services } from './services';
import { SESSIONS } from './sessions';
import { locateTools, MissingToolError, type Tools } from './tools';
import { checkInstalledContents, packageVsix, readManifest } from './vsix';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const log = (line: string): void => console.log(line);

async function main(): Promise<number> {
  const started = Date.now();
  let tools: Tools;
  try {
    tools = locateTools();
  } catch (error) {
    if (!(error instanceof MissingToolError)) throw error;
    console.error(error.message);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const runDir = mkdtempSync(join(tmpdir(), 'shipshape-e2e-'));
  const resultsDir = join(REPO_ROOT, 'test-results', 'e2e');
  mkdirSync(resultsDir, { recursive: true });
  const total: SuiteResults = { passed: 0, failed: 0, failures: [] };
  let services: Services | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killCodeServers();
      void (services?.stop() ?? Promise.resolve()).finally(() => {
        rmSync(runDir, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }
  try {
    // What ships is what is tested: two sessions run the extension from this .vsix.
    const vsix = await packageVsix(REPO_ROOT, runDir);
    log(`packaged ${vsix}: ${statSync(vsix).size} bytes`);
    const manifest = readManifest(REPO_ROOT);
    const vsixDir = join(runDir, 'vsix-extensions');
    log(await installVsix(tools, vsix, vsixDir, join(runDir, 'install')));
    const installedVsix = { dir: vsixDir, path: join(vsixDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase()) };
    try {
      checkInstalledContents(installedVsix.path, manifest);
      total.passed++;
      log('  ✓ the .vsix holds the bundles, grammar, rule docs, README, LICENSE, manifest and icon, and nothing else');
    } catch (error) {
      total.failed++;
      total.failures.push({ title: 'packaging', message: (error as Error).message });
    }
    services = await startServices();
    log(`services: ${services.describe.join(', ')}`);
    // `npm run test:e2e -- pinning untrusted` runs only the sessions whose names contain those words.
    const wanted = process.argv.slice(2);
    const sessions = SESSIONS.filter((s) => wanted.length === 0 || wanted.some((w) => s.name.includes(w)));
    if (sessions.length === 0) throw new Error(`no session matches ${wanted.join(', ')}; there are: ${SESSIONS.map((s) => s.name).join('; ')}`);
    for (const session of sessions) {
      const sessionStart = Date.now();
      log(`\n== ${session.name}`);
      const results = await runSession(session, {
        tools,
        runDir,
        repoRoot: REPO_ROOT,
        context: services.context,
        substitutions: services.substitutions,
        serviceEnv: services.env,
        installedVsix,
        resultsDir,
        log,
      });
      log(`== ${session.name}: ${results.passed} passed, ${results.failed} failed (${((Date.now() - sessionStart) / 1000).toFixed(1)} s)`);
      total.passed += results.passed;
      total.failed += results.failed;
      total.failures.push(...results.failures);
    }
  } catch (error) {
    total.failed++;
    total.failures.push({ title: 'e2e setup', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    await services?.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
  if (total.failures.length > 0) {
    log('\nFailures:');
    for (const failure of total.failures) log(`  ${failure.title}\n    ${failure.message.split('\n').join('\n    ')}`);
  }
  log(`\ne2e: ${((Date.now() - started) / 1000).toFixed(1)} s, screenshots and logs in ${resultsDir}`);
  log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed > 0 || total.passed === 0 ? 1 : 0;
}

// If Node ran out of work before main() finished (something awaited only unref'd handles), say so and fail:
// a run that ends without its summary must never count as a pass.
let finished = false;
process.on('exit', (code) => {
  if (finished) return;
  console.log('\ne2e: the runner stopped before it finished (nothing was left to wait for)\n0 passed, 1 failed');
  if (code === 0) process.exitCode = 1;
});

main().then(
  (code) => {
    finished = true;
    process.exit(code);
  },
  (error: unknown) => {
    finished = true;
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
