import { declaredWorkloads } from '../declared';
import { liveFactKey, type LiveFact } from '../live-facts';
import type { Rule } from '../rule';

export const liveDigestDrift: Rule = {
  id: 'live-digest-drift',
  defaultSeverity: 'warning',
  description: 'The pods running in the cluster run another image digest than the file declares (checked only with live facts: the opt-in editor setting).',
  check(ctx) {
    const facts = ctx.live;
    if (!facts || facts.size === 0) return;
    for (const workload of declaredWorkloads(ctx.text, { parsed: ctx.file })) {
      for (const container of workload.containers) {
        const fact = facts.get(liveFactKey(workload, container.name));
        if (fact?.verdict !== 'running-other' || fact.expected === undefined) continue;
        ctx.report({ at: container.range, message: driftMessage(`${workload.kind} "${workload.name}"`, container.name, fact, fact.expected) });
      }
    }
  },
};

function driftMessage(workload: string, container: string, fact: LiveFact, expectedDigest: string): string {
  const where = `context ${fact.context}, namespace ${fact.namespace}`;
  const expected = fact.expectedFrom === 'registry' ? `the tag's current digest ${short(expectedDigest)}` : `the declared ${short(expectedDigest)}`;
  const others = fact.running.filter((r) => !r.matches);
  const matching = fact.running.filter((r) => r.matches).reduce((n, r) => n + r.pods, 0);
  const list = others.map((r) => `${short(r.digest)} (${r.pods} pod${r.pods === 1 ? '' : 's'}, ${r.ready} ready)`).join(', ');
  if (matching === 0) {
    return `Live pods of ${workload} (${where}) run ${list} in container "${container}", not ${expected}: the change was not applied or not synced, or its rollout has not started.`;
  }
  const otherPods = others.reduce((n, r) => n + r.pods, 0);
  return `${otherPods} of ${otherPods + matching} live pods of ${workload} (${where}) still run ${list} in container "${container}" instead of ${expected}: a rollout in progress or stuck.`;
}

/** `sha256:` and the first 12 hex digits, as `docker images --digests` users recognise them. */
function short(digest: string): string {
  const colon = digest.indexOf(':');
  return colon === -1 ? digest : digest.slice(0, colon + 13);
}
