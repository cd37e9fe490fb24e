// "Pin image to digest" in the editor: the quick fix on the diagnostics that an unpinned image causes,
// and the pinFile / pinWorkspace commands. Digests come from RegistryAccess: the commands, explicit user
// actions, look them up and wait. A code action request never waits for the network (VS Code asks for
// code actions whenever the cursor moves): with a fresh digest known the quick fix carries the edit,
// else it runs pinFile on the image when chosen. Offered whenever the workspace is trusted, even with
// background checks off; never in an untrusted workspace.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  MessageType,
  TextDocumentEdit,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Position,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, pinEdit, pinTargets, type PinTarget, type RegistryFact } from '../engine/index';
import { discover } from '../cli/discover';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { LintedFindings } from './document-linter';
import type { RegistryAccess } from './network';
import { filePathOf, type ProjectConfigs } from './project-config';
import type { SettingsCache } from './settings';

export const PIN_FILE_COMMAND = 'shipshape.server.pinFile';
export const PIN_WORKSPACE_COMMAND = 'shipshape.server.pinWorkspace';
export const PIN_COMMANDS = [PIN_FILE_COMMAND, PIN_WORKSPACE_COMMAND];

export const UNTRUSTED_MESSAGE = 'Shipshape does not pin images in an untrusted workspace: pinning contacts registries and may run credential helpers. Trust the workspace to pin.';

/** The rules whose finding is "this image is not pinned"; a digest settles each of them. */
const PIN_RULES: ReadonlySet<string> = new Set(['image-latest-tag', 'image-untagged', 'image-not-pinned', 'pull-policy-missing', 'pull-policy-stale-cache']);

export interface PinDeps {
  access: RegistryAccess;
  settings: SettingsCache;
  projects: ProjectConfigs;
  /** The open document's text and version, if it is open. */
  openDocument(uri: string): TextDocument | undefined;
  workspaceFolderPaths(): string[];
  applyEdit(edit: WorkspaceEdit): Promise<{ applied: boolean; failureReason?: string }>;
  showMessage(type: MessageType, message: string): void;
  /** Server-initiated, cancellable progress. */
  beginProgress(title: string): Promise<Progress>;
  documentChanges: boolean;
}

export interface Progress {
  token: CancellationToken;
  report(percentage: number, message: string): void;
  done(): void;
}

/** The pin quick fixes for the request's diagnostics: one per image, whichever diagnostics point at it. */
export async function pinFixes(params: CodeActionParams, linted: LintedFindings, deps: PinDeps): Promise<CodeAction[]> {
  if (!deps.access.trusted) return [];
  const { snapshot } = linted;
  const wanted = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && PIN_RULES.has(d.code));
  if (wanted.length === 0) return [];
  const text = snapshot.getText();
  const targets = pinTargets(text, { fileName: filePathOf(snapshot.uri) ?? snapshot.uri }).filter((t) => t.kind === 'container');
  const settings = await deps.settings.get(snapshot.uri);
  const actions: CodeAction[] = [];
  const done = new Set<PinTarget>();
  for (const diagnostic of wanted) {
    const target = targetAt(text, targets, snapshot.offsetAt(diagnostic.range.start), snapshot.offsetAt(diagnostic.range.end));
    if (!target || done.has(target)) continue;
    done.add(target);
    const title = `Pin image to digest (${target.ref})`;
    const fact = deps.access.known(target.ref, settings.network);
    if (!fact) {
      const argument = { uri: snapshot.uri, position: snapshot.positionAt(target.range[0]) };
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: PIN_FILE_COMMAND, arguments: [argument] } });
      continue;
    }
    // The registry said no (or could not be asked) a moment ago: nothing to pin to.
    if (fact.status !== 'found') continue;
    const edits = pinEdit(text, target, fact.digest, { keepTag: settings.pinKeepTag });
    if (edits.length === 0) continue;
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit([{ uri: snapshot.uri, version: snapshot.version, doc: snapshot, edits }], deps.documentChanges),
    });
  }
  return actions;
}

/**
 * The container image a diagnostic is about: the image it covers, else (for a pull policy) the image of
 * the same container — the nearest one with no line between them indented less than the `image` key.
 */
function targetAt(text: string, targets: readonly PinTarget[], start: number, end: number): PinTarget | undefined {
  const covering = targets.find((t) => t.range[0] <= end && start <= t.range[1]);
  if (covering) return covering;
  const sameContainer = targets.filter((t) => {
    const lines = text.split(/\r?\n/);
    const keyLine = lines[t.lines.startLine] ?? '';
    const keyColumn = keyLine.search(/[^\s-]/);
    const diagnosticLine = lineOf(text, start);
    const [from, to] = diagnosticLine < t.lines.startLine ? [diagnosticLine, t.lines.startLine] : [t.lines.startLine, diagnosticLine];
    for (let line = from + 1; line <= to; line++) {
      const content = lines[line] ?? '';
      if (content.trim() === '' || content.trim().startsWith('#')) continue;
      if (content.search(/\S/) < keyColumn) return false;
    }
    return true;
  });
  return sameContainer.sort((a, b) => Math.abs(a.range[0] - start) - Math.abs(b.range[0] - start))[0];
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

interface FileToPin {
  uri: string;
  /** For open documents: their version (a versioned edit is refused if the user typed since). */
  version: number | null;
  doc: TextDocument;
}

interface FileEdits extends FileToPin {
  edits: { start: number; end: number; newText: string }[];
}

/** shipshape.server.pinFile: every image of one file, or only the one at `position`. */
export async function pinFile(deps: PinDeps, uri: string, position?: Position): Promise<void> {
  if (!deps.access.trusted) return deps.showMessage(MessageType.Warning, UNTRUSTED_MESSAGE);
  const file = await loadFile(deps, uri);
  if (!file) return deps.showMessage(MessageType.Error, `Shipshape could not read ${uri}.`);
  const at = position ? file.doc.offsetAt(position) : undefined;
  await pinFiles(deps, [file], at === undefined ? undefined : (t) => t.range[0] <= at && at <= t.range[1]);
}

/** shipshape.server.pinWorkspace: every YAML file under the workspace folders, minus gitignored and `.shipshape.yaml`-ignored ones. */
export async function pinWorkspace(deps: PinDeps): Promise<void> {
  if (!deps.access.trusted) return deps.showMessage(MessageType.Warning, UNTRUSTED_MESSAGE);
  const files: FileToPin[] = [];
  const seen = new Set<string>();
  for (const folder of deps.workspaceFolderPaths()) {
    const config = await deps.projects.forDocument(pathToFileURL(join(folder, CONFIG_FILE_NAME)).href);
    const { targets } = await discover([folder], { cwd: folder, configIgnore: config ? { dir: config.folderPath, patterns: config.config.ignore } : undefined });
    for (const target of targets) {
      if (target.kind !== 'file') continue;
      const uri = pathToFileURL(target.path).href;
      if (seen.has(uri)) continue;
      seen.add(uri);
      const file = await loadFile(deps, uri);
      if (file) files.push(file);
    }
  }
  await pinFiles(deps, files);
}

async function loadFile(deps: PinDeps, uri: string): Promise<FileToPin | undefined> {
  const open = deps.openDocument(uri);
  if (open) return { uri, version: open.version, doc: TextDocument.create(uri, open.languageId, open.version, open.getText()) };
  const path = filePathOf(uri);
  if (path === undefined) return undefined;
  try {
    return { uri, version: null, doc: TextDocument.create(uri, 'yaml', 0, await readFile(path, 'utf8')) };
  } catch {
    return undefined;
  }
}

async function pinFiles(deps: PinDeps, files: readonly FileToPin[], accept: (target: PinTarget) => boolean = () => true): Promise<void> {
  const progress = await deps.beginProgress('Pinning images to digests');
  const abort = new AbortController();
  const cancelled = progress.token.onCancellationRequested(() => abort.abort());
  try {
    const work = await Promise.all(
      files.map(async (file) => {
        const settings = await deps.settings.get(file.uri);
        const text = file.doc.getText();
        const targets = pinTargets(text, { fileName: filePathOf(file.uri) ?? file.uri }).filter(accept);
        return { file, settings, targets };
      }),
    );
    const total = work.reduce((n, w) => n + w.targets.length, 0);
    let resolved = 0;
    const facts = new Map<string, Promise<RegistryFact>>();
    const lookUp = (ref: string, settings: (typeof work)[number]['settings']): Promise<RegistryFact> => {
      const key = `${JSON.stringify(settings.network)} ${ref}`;
      let fact = facts.get(key);
      if (!fact) {
        fact = deps.access.resolve(ref, settings.network, abort.signal).then((answer) => {
          resolved++;
          progress.report(Math.round((resolved / Math.max(1, facts.size)) * 100), ref);
          return answer;
        });
        facts.set(key, fact);
      }
      return fact;
    };
    progress.report(0, `${total} image${total === 1 ? '' : 's'}`);
    const results = await Promise.all(work.map(async (w) => ({ ...w, facts: await Promise.all(w.targets.map((t) => lookUp(t.ref, w.settings))) })));
    if (abort.signal.aborted || progress.token.isCancellationRequested) return deps.showMessage(MessageType.Info, 'Pinning cancelled: nothing was changed.');

    const changed: FileEdits[] = [];
    const failures = new Map<string, string>();
    let pinned = 0;
    for (const { file, settings, targets, facts: answers } of results) {
      const edits: FileEdits['edits'] = [];
      targets.forEach((target, i) => {
        const fact = answers[i]!;
        if (fact.status !== 'found') {
          failures.set(target.ref, fact.status === 'not-found' ? `${fact.missing} not found` : fact.message);
          return;
        }
        const more = pinEdit(file.doc.getText(), target, fact.digest, { keepTag: settings.pinKeepTag });
        if (more.length > 0) pinned++;
        edits.push(...more);
      });
      if (edits.length > 0) changed.push({ ...file, edits });
    }
    progress.done();
    if (changed.length > 0) {
      const result = await deps.applyEdit(workspaceEdit(changed, deps.documentChanges));
      if (!result.applied) {
        return deps.showMessage(MessageType.Error, `Shipshape could not apply the pins${result.failureReason ? `: ${result.failureReason}` : ''}.`);
      }
    }
    deps.showMessage(failures.size > 0 ? MessageType.Warning : MessageType.Info, summary(pinned, changed.length, failures));
  } finally {
    cancelled.dispose();
    progress.done();
  }
}

function summary(pinned: number, files: number, failures: ReadonlyMap<string, string>): string {
  let message = `Pinned ${pinned} image${pinned === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  if (failures.size > 0) message += `; ${failures.size} could not be resolved: ${[...failures].map(([ref, reason]) => `${ref} — ${reason}`).join('; ')}`;
  return `${message}.`;
}

function workspaceEdit(files: readonly FileEdits[], documentChanges: boolean): WorkspaceEdit {
  const toLsp = (file: FileEdits): LspTextEdit[] =>
    file.edits.map((e) => ({ range: { start: file.doc.positionAt(e.start), end: file.doc.positionAt(e.end) }, newText: e.newText }));
  if (documentChanges) return { documentChanges: files.map((file) => TextDocumentEdit.create({ uri: file.uri, version: file.version }, toLsp(file))) };
  return { changes: Object.fromEntries(files.map((file) => [file.uri, toLsp(file)])) };
}
