// (c) `node dist/cli.js lint <tree> --format json -o <file>` as a whole process: wall time from spawn
// to exit, and peak RSS as /usr/bin/time reports it (%M, the child's ru_maxrss).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { nowMs } from './stats';

const TIME = '/usr/bin/time';

export interface CliSample {
  wallMs: number;
  peakRssBytes: number;
  exitCode: number;
  findings: number;
  /** Files with at least one finding (the JSON report lists findings, not files). */
  filesWithFindings: number;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

export async function measureCli(cliJs: string, treeRoot: string, workDir: string, runs: number): Promise<CliSample[]> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (Debian: apt-get install time); it measures the CLI's peak RSS`);
  const samples: CliSample[] = [];
  const reportFile = join(workDir, 'cli-report.json');
  const timeFile = join(workDir, 'cli-time.txt');
  for (let i = 0; i < runs; i++) {
    await rm(reportFile, { force: true });
    const start = nowMs();
    const { code, stderr } = await run(TIME, ['-f', '%M', '-o', timeFile, process.execPath, cliJs, 'lint', treeRoot, '--format', 'json', '-o', reportFile], workDir);
    const wallMs = nowMs() - start;
    // 0: no finding at or above --fail-on; 1: some (expected here); anything else is a failure.
    if (code !== 0 && code !== 1) throw new Error(`shipshape lint exited ${code}: ${stderr.trim().slice(-2000)}`);
    // With a non-zero exit, time writes "Command exited with non-zero status N" before the format's line.
    const maxRssKb = Number((await readFile(timeFile, 'utf8')).trim().split('\n').at(-1));
    if (!Number.isFinite(maxRssKb) || maxRssKb <= 0) throw new Error(`${TIME} gave no peak RSS`);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as Array<{ file: string }>;
    if (!Array.isArray(report)) throw new Error('the JSON report is not an array of findings');
    samples.push({ wallMs, peakRssBytes: maxRssKb * 1024, exitCode: code, findings: report.length, filesWithFindings: new Set(report.map((f) => f.file)).size });
  }
  return samples;
}
