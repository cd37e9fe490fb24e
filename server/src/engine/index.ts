// The engine's public surface for the server, the CLI and tests.
export { lint, lintSteps, LintCache, DEFAULT_MAX_LENGTH, type LintOptions, type LintResult } from './lint';
export { lineStarts, lineIndexOf } from './lines';
export type { RegistryFact, RegistryFacts } from './registry-facts';
export { liveFactKey, type LiveFact, type LiveFacts, type LiveVerdict } from './live-facts';
export { ALL_RULES, RULE_IDS, findRule, injectRuleFault } from './rules/index';
export { disableNextLineFix } from './suppress';
export { applyEdits } from './edit';
export { parseProjectConfig, combineRuleSettings, emptyConfig, CONFIG_FILE_NAME, type ProjectConfig } from './config';
export { parseImageRef, canonicalRef, isSha256Digest, type ImageRef } from './image-ref';
export * from './types';
export { pinTargets, pinEdit, type PinTarget, type PinTargetOptions, type PinEditOptions } from './pin';
export { declaredWorkloads, declaredAt, type DeclaredAt, type DeclaredWorkload, type DeclaredContainer, type DeclaredOptions } from './declared';
