// The explicit, sorted list of rules. A completeness test checks each has a doc page, a table test and
// a setting in package.json.
import type { Rule } from '../rule';
import { fileSkipped } from './file-skipped';
import { imageDigestStale } from './image-digest-stale';
import { imageInvalidReference } from './image-invalid-reference';
import { imageLatestTag } from './image-latest-tag';
import { imageNotPinned } from './image-not-pinned';
import { imageTagNotFound } from './image-tag-not-found';
import { imageUntagged } from './image-untagged';
import { kustomizeImageInvalidDigest } from './kustomize-image-invalid-digest';
import { kustomizeImageLatest } from './kustomize-image-latest';
import { kustomizeImageNotPinned } from './kustomize-image-not-pinned';
import { liveDigestDrift } from './live-digest-drift';
import { probeLivenessMissing } from './probe-liveness-missing';
import { probePortUnknown } from './probe-port-unknown';
import { probeReadinessMissing } from './probe-readiness-missing';
import { pullPolicyMissing } from './pull-policy-missing';
import { pullPolicyStaleCache } from './pull-policy-stale-cache';
import { rolloutMaxUnavailableAll } from './rollout-max-unavailable-all';
import { rolloutNoRevisionHistory } from './rollout-no-revision-history';
import { rolloutNoSurgeNoUnavailable } from './rollout-no-surge-no-unavailable';
import { rolloutOnDelete } from './rollout-on-delete';
import { rolloutProgressDeadline } from './rollout-progress-deadline';
import { rolloutRecreate } from './rollout-recreate';
import { rolloutSingleReplica } from './rollout-single-replica';
import { yamlSyntax } from './yaml-syntax';

export const FILE_SKIPPED = fileSkipped;

/** Every rule, sorted by id. `file-skipped` is listed too (for docs and settings); the engine runs it only for skipped files. */
export const ALL_RULES: readonly Rule[] = [
  fileSkipped,
  imageDigestStale,
  imageInvalidReference,
  imageLatestTag,
  imageNotPinned,
  imageTagNotFound,
  imageUntagged,
  kustomizeImageInvalidDigest,
  kustomizeImageLatest,
  kustomizeImageNotPinned,
  liveDigestDrift,
  probeLivenessMissing,
  probePortUnknown,
  probeReadinessMissing,
  pullPolicyMissing,
  pullPolicyStaleCache,
  rolloutMaxUnavailableAll,
  rolloutNoRevisionHistory,
  rolloutNoSurgeNoUnavailable,
  rolloutOnDelete,
  rolloutProgressDeadline,
  rolloutRecreate,
  rolloutSingleReplica,
  yamlSyntax,
];

/** The rules run on every analysed file. */
export const RULES: readonly Rule[] = ALL_RULES.filter((rule) => rule !== fileSkipped);

export const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((rule) => rule.id));

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}

/**
 * Makes a rule throw on every check, for testing that one failing rule costs only its own findings
 * (the server and CLI call this when SHIPSHAPE_INJECT_RULE_FAULT names a rule). Returns an undo.
 */
export function injectRuleFault(id: string): () => void {
  const rule = findRule(id);
  if (!rule) throw new Error(`cannot inject a fault into unknown rule "${id}"`);
  const original = rule.check;
  rule.check = () => {
    throw new Error(`fault injected into ${id}`);
  };
  return () => {
    rule.check = original;
  };
}
