// The TextMate injection grammar for `# shipshape-disable…` comments: it is valid JSON with the right
// scope and selector, its regexes mean the same in JavaScript and Oniguruma, a small simulation of
// the tokenizer finds the directive and rule ids in sample comments, and what it highlights as a
// directive is exactly what the engine obeys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../server/src/engine/index';

interface GrammarRule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  patterns?: GrammarRule[];
}

interface Grammar extends GrammarRule {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, GrammarRule>;
}

const GRAMMAR_PATH = join(__dirname, '../../syntaxes/shipshape-directives.tmLanguage.json');
const grammarText = readFileSync(GRAMMAR_PATH, 'utf8');

const KEYWORD = 'keyword.other.directive.shipshape';
const RULE_ID = 'entity.name.tag.rule.shipshape';
const ALL_RULES = 'constant.language.all-rules.shipshape';
const REASON = 'comment.line.reason.shipshape';

/** Every regex in the grammar, with where it sits. */
function regexesOf(node: unknown, path = ''): Array<[string, string]> {
  if (node === null || typeof node !== 'object') return [];
  const found: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(node)) {
    if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') found.push([`${path}/${key}`, value]);
    else found.push(...regexesOf(value, `${path}/${key}`));
  }
  return found;
}

/**
 * Constructs that compile in JavaScript but mean something else in Oniguruma (or the reverse), and
 * look-behinds Oniguruma rejects (each top-level alternative must have a fixed width).
 */
function portabilityProblems(source: string): string[] {
  const problems: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if ('hHGAzZKRXOyYpPk'.includes(next)) problems.push(`\\${next} differs between the engines`);
      if (next === 'x' && source[i + 2] === '{') problems.push('\\x{…} is Oniguruma only');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') problems.push('nested character classes and [:posix:] are Oniguruma only');
      else if (c === '&' && source[i + 1] === '&') problems.push('&& in a class is Oniguruma only');
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (source[i + 1] === ']') problems.push('[] and []…] differ between the engines');
      continue;
    }
    if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
      const end = groupEnd(source, i);
      for (const alternative of splitAlternatives(source.slice(i + 4, end))) {
        if (/(?<!\\)[*+?]|\{\d*,\d*\}|(?<!\\)\(/.test(alternative.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x'))) {
          problems.push(`look-behind alternative "${alternative}" has no fixed width`);
        }
      }
    }
    if (source.startsWith('(?', i) && /^\(\?[imsx-]+[:)]/.test(source.slice(i))) problems.push('inline flags differ between the engines');
  }
  return problems;
}

function groupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced group at ${open} in ${source}`);
}

function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  return parts;
}

interface Token {
  scope: string;
  text: string;
}

/**
 * What the grammar makes of one line of YAML: the YAML grammar opens a comment at a `#` that starts the
 * line or follows white space; inside it the injection's `begin` is searched; inside the directive the
 * included patterns compete, the leftmost match winning and ties going to the earlier pattern.
 * Returns the tokens of the directive, or undefined when the grammar sees none.
 */
function tokenize(grammar: Grammar, line: string): Token[] | undefined {
  const hash = /(?:^|[ \t])#/.exec(line);
  if (!hash) return undefined;
  const directive = grammar.repository['directive']!;
  const begin = new RegExp(directive.begin!, 'g');
  begin.lastIndex = hash.index + hash[0].length;
  const opened = begin.exec(line);
  if (!opened) return undefined;
  const tokens: Token[] = [];
  for (const [group, { name }] of Object.entries(directive.beginCaptures ?? {})) tokens.push({ scope: name, text: opened[Number(group)] ?? '' });
  const rules = (directive.patterns ?? []).map((p) => grammar.repository[p.include!.slice(1)]!);
  let at = opened.index + opened[0].length;
  for (;;) {
    let best: { rule: GrammarRule; match: RegExpExecArray } | undefined;
    for (const rule of rules) {
      const re = new RegExp(rule.match!, 'g');
      re.lastIndex = at;
      const match = re.exec(line);
      if (match && (!best || match.index < best.match.index)) best = { rule, match };
    }
    if (!best || best.match[0].length === 0) break;
    const { rule, match } = best;
    if (rule.captures) {
      for (const [group, { name }] of Object.entries(rule.captures)) if (match[Number(group)]) tokens.push({ scope: name, text: match[Number(group)]! });
    } else {
      tokens.push({ scope: rule.name!, text: match[0] });
    }
    at = match.index + match[0].length;
  }
  return tokens;
}

interface Reading {
  directive: string;
  ids: string[];
  reason?: string;
}

function read(tokens: Token[] | undefined): Reading | undefined {
  if (!tokens) return undefined;
  const reading: Reading = {
    directive: tokens.find((t) => t.scope === KEYWORD)?.text ?? '',
    ids: tokens.filter((t) => t.scope === RULE_ID || t.scope === ALL_RULES).map((t) => t.text),
  };
  const reason = tokens.find((t) => t.scope === REASON);
  if (reason) reading.reason = reason.text.trim();
  return reading;
}

/** Sample comment lines and what the grammar must read in them (undefined: not a directive). */
const SAMPLES: Array<[string, Reading | undefined]> = [
  ['# shipshape-disable-next-line image-latest-tag', { directive: 'shipshape-disable-next-line', ids: ['image-latest-tag'] }],
  ['          # shipshape-disable-next-line image-latest-tag -- pinned next sprint', { directive: 'shipshape-disable-next-line', ids: ['image-latest-tag'], reason: 'pinned next sprint' }],
  ['#shipshape-disable-next-line pull-policy-missing,image-latest-tag', { directive: 'shipshape-disable-next-line', ids: ['pull-policy-missing', 'image-latest-tag'] }],
  ['# shipshape-disable-next-line', { directive: 'shipshape-disable-next-line', ids: [] }],
  ['        # shipshape-disable-next-line *', { directive: 'shipshape-disable-next-line', ids: ['*'] }],
  ['  # shipshape-disable-next-line all -- everything here', { directive: 'shipshape-disable-next-line', ids: ['all'], reason: 'everything here' }],
  ['# shipshape-disable-next-line pull-policy-missing', { directive: 'shipshape-disable-next-line', ids: ['pull-policy-missing'] }],
  ['# shipshape-disable image-latest-tag', { directive: 'shipshape-disable', ids: ['image-latest-tag'] }],
  ['# shipshape-disable probe-liveness-missing, probe-readiness-missing', { directive: 'shipshape-disable', ids: ['probe-liveness-missing', 'probe-readiness-missing'] }],
  ['#\tshipshape-disable-next-line\timage-latest-tag', { directive: 'shipshape-disable-next-line', ids: ['image-latest-tag'] }],
  ['# shipshape-disable-next-line -- image-latest-tag is only named in the reason', { directive: 'shipshape-disable-next-line', ids: [], reason: 'image-latest-tag is only named in the reason' }],
  ['# shipshape-disable-next-line image-latest-tag--x', { directive: 'shipshape-disable-next-line', ids: ['image-latest-tag--x'] }],
  ['# shipshape-disable-next-line image-latest-tag, -- reason', { directive: 'shipshape-disable-next-line', ids: ['image-latest-tag'], reason: 'reason' }],
  ['# shipshape-disable-next-line image-latest-tag --', { directive: 'shipshape-disable-next-line', ids: ['image-latest-tag', '--'] }],
  ['# shipshape-disable-next-line:image-latest-tag', { directive: 'shipshape-disable-next-line', ids: [':image-latest-tag'] }],
  ['# shipshape-disable-next-line allow-list', { directive: 'shipshape-disable-next-line', ids: ['allow-list'] }],
  [`${' '.repeat(40)}# shipshape-disable-next-line image-latest-tag`, { directive: 'shipshape-disable-next-line', ids: ['image-latest-tag'] }],
  ['# shipshape-disabled image-latest-tag', undefined],
  ['# not shipshape-disable-next-line image-latest-tag', undefined],
  ['## shipshape-disable-next-line image-latest-tag', undefined],
  ['#  # shipshape-disable-next-line image-latest-tag', undefined],
  ['# shipshape-disable-next-line-please image-latest-tag', undefined],
  ['# shipshape-disable_next image-latest-tag', undefined],
  ['# SHIPSHAPE-DISABLE-NEXT-LINE image-latest-tag', undefined],
  ['          imagePullPolicy: Always # shipshape-disable-next-line image-latest-tag', undefined],
];

const RULE = 'image-latest-tag';

function label(line: string): string {
  const indent = line.length - line.trimStart().length;
  return (indent > 0 ? `(indented ${indent}) ` : '') + JSON.stringify(line.trim());
}

/** The manifest with `lines` between the container's name and its `image: nginx:latest`. */
function manifest(...lines: string[]): string {
  const head = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', '        - name: web'];
  return [...head, ...lines, '          image: nginx:latest', ''].join('\n');
}

function engineSuppresses(text: string): boolean {
  return !lint(text).findings.some((f) => f.ruleId === RULE);
}

/** Whether a directive read by the grammar names the rule (no ids, `*` and `all` name every rule). */
function names(reading: Reading): boolean {
  return reading.ids.length === 0 || reading.ids.some((id) => id === RULE || id === '*' || id === 'all');
}

describe('shipshape directives grammar', () => {
  const grammar = JSON.parse(grammarText) as Grammar;

  it('is an injection grammar into YAML comments', () => {
    assert.equal(grammar.scopeName, 'shipshape.directives.injection');
    assert.equal(grammar.injectionSelector, 'L:comment.line.number-sign.yaml');
    assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0);
    for (const pattern of grammar.patterns) {
      if (pattern.include?.startsWith('#')) assert.ok(grammar.repository[pattern.include.slice(1)], `missing repository entry ${pattern.include}`);
    }
    for (const [where, rule] of Object.entries(grammar.repository)) {
      for (const p of rule.patterns ?? []) if (p.include?.startsWith('#')) assert.ok(grammar.repository[p.include.slice(1)], `${where}: missing ${p.include}`);
    }
  });

  it('has regexes that compile in JavaScript and avoid constructs Oniguruma reads differently', () => {
    const regexes = regexesOf(grammar);
    assert.ok(regexes.length >= 4);
    for (const [where, source] of regexes) {
      assert.doesNotThrow(() => new RegExp(source), `${where} does not compile: ${source}`);
      assert.deepEqual(portabilityProblems(source), [], `${where}: ${source}`);
    }
  });

  it('the portability check catches what it should', () => {
    assert.deepEqual(portabilityProblems('(?<=^[ \\t]{2}#|^#)x'), []);
    assert.equal(portabilityProblems('(?<=^[ \\t]*#)x').length, 1);
    assert.equal(portabilityProblems('(?<=a{1,3})x').length, 1);
    assert.equal(portabilityProblems('(?<=(?:a|bc))x').length, 1);
    assert.equal(portabilityProblems('\\h+').length, 1);
    assert.equal(portabilityProblems('[[:alpha:]]').length, 1);
  });

  describe('reads sample comment lines', () => {
    for (const [line, expected] of SAMPLES) {
      it(`${label(line)} → ${expected ? `${expected.directive} [${expected.ids.join(', ')}]` : 'not a directive'}`, () => {
        assert.deepEqual(read(tokenize(grammar, line)), expected);
      });
    }
  });

  describe('agrees with the engine on what is suppressed', () => {
    it('the manifest reports the rule without a directive', () => {
      assert.equal(engineSuppresses(manifest()), false);
      assert.equal(engineSuppresses(manifest('          # just a comment')), false);
    });

    for (const [line] of SAMPLES) {
      it(label(line), () => {
        const reading = read(tokenize(grammar, line));
        // Right above the image line: any directive naming the rule suppresses it.
        assert.equal(engineSuppresses(manifest(line)), reading !== undefined && names(reading), 'directly above the finding');
        // With a line in between, only the file-wide `shipshape-disable` still does.
        assert.equal(engineSuppresses(manifest(line, '          # unrelated')), reading?.directive === 'shipshape-disable' && names(reading), 'two lines above the finding');
      });
    }
  });
});
