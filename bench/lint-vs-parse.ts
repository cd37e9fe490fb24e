// Full lint of a 2,000-Deployment file next to a bare `yaml` parse of the same text, in one process.
// Run: npx tsx bench/lint-vs-parse.ts [runs]
import { loadavg } from 'node:os';
import { parseAllDocuments } from 'yaml';
import { lint } from '../server/src/engine/index';
import { manyDeployments } from './corpus';

const runs = Number(process.argv[2] ?? 5);
const text = manyDeployments(2000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => unknown) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
time(() => parseAllDocuments(text));
time(() => lint(text));
const parse: number[] = [];
const full: number[] = [];
let findings = 0;
for (let i = 0; i < runs; i++) {
  parse.push(time(() => parseAllDocuments(text)));
  full.push(time(() => (findings = lint(text).findings.length)));
}
const lines = text.split('\n').length;
console.log(`corpus: 2000 Deployments, ${lines} lines, ${(text.length / 1e6).toFixed(2)} MB; ${findings} findings`);
console.log(`bare yaml parseAllDocuments: median ${median(parse).toFixed(0)} ms over ${runs} runs`);
console.log(`shipshape lint (parse + all rules + suppressions): median ${median(full).toFixed(0)} ms over ${runs} runs`);
console.log(`ratio lint/parse: ${(median(full) / median(parse)).toFixed(2)}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
