// A fresh copy of a fixture workspace for each session (the scenarios edit files), with the
// runner's values put in for the placeholders.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'e2e');

/** Copies test/fixtures/e2e/<fixture> to <parentDir>/<fixture> (the folder name shows in the Explorer). */
export function materializeWorkspace(fixture: string, parentDir: string, substitutions: Record<string, string>): string {
  const dir = join(parentDir, fixture);
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    let text = readFileSync(file, 'utf8');
    for (const [placeholder, value] of Object.entries(substitutions)) text = text.replaceAll(placeholder, value);
    writeFileSync(file, text);
  }
  return dir;
}
