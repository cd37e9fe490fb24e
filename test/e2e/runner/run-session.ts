// Runs one Session: a code-server, a Chromium page on its workbench, the suites in the extension host
// and the checks on the page; returns what passed and failed.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_ENV, type E2eContext, type SuiteResults } from '../protocol';
import { startCodeServer } from './code-server';
import type { Session } from './sessions';
import type { Tools } from './tools';
import { openWorkbench } from './workbench';
import { materializeWorkspace } from './workspace';

const SUITE_DEADLINE_MS = 5 * 60_000;

/** Workbench chatter with no bearing on the tests (it still goes to the session's log file). */
const NOISE =
  /^\s*$|^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker|IPC Library)|^Creating a socket|^Resolv(ing|ed) connection token|^Updating additional builtin|open-vsx\.org|authentication provider 'github'|^\[error\]\s+at /;

export interface SessionEnvironment {
  tools: Tools;
  runDir: string;
  repoRoot: string;
  context: E2eContext;
  substitutions: Record<string, string>;
  /** For code-server's environment, from the services. */
  serviceEnv: Record<string, string>;
  /** The extension as installed from the .vsix: `dir` is the extensions folder, `path` the extension's own folder in it. */
  installedVsix: { dir: string; path: string };
  /** Screenshots, and each session's full log in logs/. */
  resultsDir: string;
  log(line: string): void;
}

export async function runSession(session: Session, env: SessionEnvironment): Promise<SuiteResults> {
  const results: SuiteResults = { passed: 0, failed: 0, failures: [] };
  const fail = (title: string, error: unknown): void => {
    results.failed++;
    results.failures.push({ title: `${session.name}: ${title}`, message: error instanceof Error ? error.message : String(error) });
    env.log(`  ✗ ${title}: ${error instanceof Error ? error.message : String(error)}`);
  };
  const home = mkdtempSync(join(env.runDir, 'session-'));
  const slug = session.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  const logFile = join(env.resultsDir, 'logs', `${slug}.log`);
  mkdirSync(join(env.resultsDir, 'logs'), { recursive: true });
  writeFileSync(logFile, '');
  const forward = (line: string): void => {
    appendFileSync(logFile, `${line}\n`);
    if (!NOISE.test(line)) env.log(`  ${line}`);
  };
  const folder = materializeWorkspace(session.fixture, home, env.substitutions);
  const resultsFile = join(home, 'results.json');
  const suites = session.suites ?? [];
  // A suite needs an extension under development (the workbench only runs tests for one); from the
  // .vsix that is the folder the install unpacked. Without a suite the .vsix is simply installed.
  const installedOnly = session.extension === 'vsix' && suites.length === 0;
  const extensionsDir = installedOnly ? env.installedVsix.dir : join(home, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  const extensionDevelopmentPath = installedOnly ? undefined : session.extension === 'vsix' ? env.installedVsix.path : env.repoRoot;

  let server;
  try {
    server = await startCodeServer(env.tools, {
      home,
      extensionsDir,
      trusted: session.trusted,
      env: {
        ...env.serviceEnv,
        [E2E_ENV.suites]: suites.join(','),
        [E2E_ENV.results]: resultsFile,
        [E2E_ENV.context]: JSON.stringify(env.context),
      },
    });
  } catch (error) {
    fail('code-server starts', error);
    return results;
  }
  try {
    const workbench = await openWorkbench(env.tools, server, join(home, 'chromium'), {
      folder,
      ...(extensionDevelopmentPath ? { extensionDevelopmentPath } : {}),
      ...(suites.length > 0 ? { extensionTestsPath: join(env.repoRoot, 'out', 'e2e', 'suite', 'index.js') } : {}),
      log: forward,
    });
    try {
      const checks = (async () => {
        for (const check of session.checks ?? []) {
          try {
            await check.run({ page: workbench.page, e2e: env.context, screenshotDir: env.resultsDir });
            results.passed++;
            env.log(`  ✓ ${check.name}`);
          } catch (error) {
            fail(check.name, error);
            await workbench.page.screenshot({ path: join(env.resultsDir, `failed-${slug}-${results.failed}.png`) }).catch(() => undefined);
          }
        }
      })();
      if (suites.length > 0) {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_DEADLINE_MS)));
        const exitCode = await Promise.race([workbench.exitCode, deadline]);
        clearTimeout(timer);
        if (exitCode === 'timeout') fail(`suites ${suites.join(', ')}`, new Error(`did not finish within ${SUITE_DEADLINE_MS / 1000} s`));
        else addSuiteResults(results, resultsFile, exitCode, session.name, fail);
      }
      await checks;
    } finally {
      await workbench.close();
    }
  } catch (error) {
    fail('the workbench opens', error);
  } finally {
    await server.stop();
  }
  appendFileSync(logFile, `\n== code-server output\n${server.output()}`);
  if (results.failed > 0) env.log(`  the session's log, with code-server's output: ${logFile}`);
  return results;
}

function addSuiteResults(results: SuiteResults, file: string, exitCode: number, sessionName: string, fail: (title: string, error: unknown) => void): void {
  let reported: SuiteResults;
  try {
    reported = JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;
  } catch (error) {
    fail('suite results', new Error(`the suite exited with ${exitCode} and wrote no results (${(error as Error).message})`));
    return;
  }
  results.passed += reported.passed;
  results.failed += reported.failed;
  results.failures.push(...reported.failures.map((f) => ({ ...f, title: `${sessionName}: ${f.title}` })));
  if (exitCode !== 0 && reported.failed === 0) fail('suite exit code', new Error(`the extension host exited with ${exitCode} although no test failed`));
}
