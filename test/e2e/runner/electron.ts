// The same suites through @vscode/test-electron, the ecosystem's usual runner, for machines that can
// download VS Code (npm run test:e2e:electron; SHIPSHAPE_VSCODE_EXECUTABLE uses a VS Code you have).
// It runs the trusted sessions' suites only: test-electron always passes --disable-workspace-trust, and
// the Playwright checks need the code-server runner (main.ts), which is what CI runs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { E2E_ENV, type SuiteResults } from '../protocol';
import { startServices } from './services';
import { SESSIONS } from './sessions';
import { materializeWorkspace } from './workspace';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const runDir = mkdtempSync(join(tmpdir(), 'shipshape-e2e-electron-'));
  const services = await startServices();
  const total: SuiteResults = { passed: 0, failed: 0, failures: [] };
  try {
    for (const session of SESSIONS) {
      const suites = session.suites ?? [];
      if (!session.trusted || suites.length === 0) {
        console.log(`== ${session.name}: code-server runner only (npm run test:e2e)`);
        continue;
      }
      console.log(`== ${session.name}`);
      const home = mkdtempSync(join(runDir, 'session-'));
      const resultsFile = join(home, 'results.json');
      mkdirSync(join(home, 'user-data'));
      try {
        await runTests({
          ...(process.env.SHIPSHAPE_VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.SHIPSHAPE_VSCODE_EXECUTABLE } : {}),
          extensionDevelopmentPath: REPO_ROOT,
          extensionTestsPath: join(REPO_ROOT, 'out', 'e2e', 'suite', 'index.js'),
          launchArgs: [materializeWorkspace(session.fixture, home, services.substitutions), '--disable-extensions', '--user-data-dir', join(home, 'user-data')],
          extensionTestsEnv: { ...services.env, [E2E_ENV.suites]: suites.join(','), [E2E_ENV.results]: resultsFile, [E2E_ENV.context]: JSON.stringify(services.context) },
        });
      } catch (error) {
        // A failing suite rejects too; its results file says what failed. Without one, VS Code never ran it.
        console.log(`   ${error instanceof Error ? error.message : String(error)}`);
      }
      let results: SuiteResults;
      try {
        results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
      } catch {
        results = { passed: 0, failed: 1, failures: [{ title: `${session.name}: VS Code ran`, message: 'no results: VS Code did not start or did not run the suite (see above)' }] };
      }
      total.passed += results.passed;
      total.failed += results.failed;
      total.failures.push(...results.failures);
    }
  } finally {
    await services.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
  for (const failure of total.failures) console.log(`  ✗ ${failure.title}\n    ${failure.message}`);
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed > 0 || total.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
