// (b) A full lint() of the big file next to a bare `yaml` parseAllDocuments of the same text, in this
// process, interleaved, after one warm-up of each. The engine is imported from source: it is pure.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseAllDocuments } from 'yaml';
import { lint } from '../server/src/engine/index';
import { median, nowMs } from './stats';

export interface LintVsParse {
  parseMs: number[];
  lintMs: number[];
  findings: number;
  ratio: number;
}

function timed(fn: () => void): number {
  const start = nowMs();
  fn();
  return nowMs() - start;
}

/** A full collection between samples, so one sample does not pay for the garbage of another. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export function measureLintVsParse(text: string, runs: number): LintVsParse {
  let findings = 0;
  parseAllDocuments(text);
  lint(text);
  const parseMs: number[] = [];
  const lintMs: number[] = [];
  const sampleParse = () => {
    collectGarbage();
    parseMs.push(timed(() => void parseAllDocuments(text)));
  };
  const sampleLint = () => {
    collectGarbage();
    lintMs.push(timed(() => (findings = lint(text).findings.length)));
  };
  // Alternating which goes first, so neither always follows the other's garbage or JIT state.
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      sampleParse();
      sampleLint();
    } else {
      sampleLint();
      sampleParse();
    }
  }
  return { parseMs, lintMs, findings, ratio: median(lintMs) / median(parseMs) };
}
