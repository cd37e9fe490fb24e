// The extension host calls run() (extensionTestsPath): it runs the selected suites with Mocha and
// reports the counts to the runner. The same entry serves code-server and @vscode/test-electron.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { E2E_ENV, type SuiteResults } from '../protocol';

export function run(): Promise<void> {
  const available = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).map((f) => f.slice(0, -'.test.js'.length));
  const wanted = (process.env[E2E_ENV.suites] ?? '').split(',').filter(Boolean);
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length > 0) return Promise.reject(new Error(`unknown e2e suite(s) ${unknown.join(', ')}; there are ${available.join(', ')}`));

  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const name of wanted.length > 0 ? wanted : available) mocha.addFile(join(__dirname, `${name}.test.js`));
  const results: SuiteResults = { passed: 0, failed: 0, failures: [] };
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env[E2E_ENV.results];
      if (file) writeFileSync(file, JSON.stringify(results));
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => results.passed++);
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), message: error.message });
    });
  });
}
