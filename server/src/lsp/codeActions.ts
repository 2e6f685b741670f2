// Code actions: LSP glue over the engine's fix providers. A quick fix is built from the diagnostic's
// `code`, `range` and `data` plus the open document's text; it never reads the message and never
// runs the analysis. `source.fixAll.multiRegionReview` merges the safe fixes of the file's
// diagnostics that the client sends (on save, VS Code sends all of them).
import { type CodeAction, CodeActionKind, type CodeActionParams, type Connection, type Diagnostic, type Disposable, type TextDocuments, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix, TextEdit } from '../engine/fix';
import { mergeSafeFixes } from '../engine/fixes/apply';
import { fixesFor } from '../engine/fixes';
import type { Finding } from '../engine/rule';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../protocol';
import type { Folder } from './folder';
import type { FolderRegistry } from './folders';
import { type Log, logError } from './log';

/** Fix every safe problem of a file: for `editor.codeActionsOnSave` and "Fix All". */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.multiRegionReview`;

/** What `initialize` advertises. */
export const CODE_ACTION_PROVIDER = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false };

export function registerCodeActions(connection: Connection, documents: TextDocuments<TextDocument>, registry: FolderRegistry, log: Log): Disposable {
  return connection.onCodeAction((params) => {
    try {
      return codeActions(params, documents, registry);
    } catch (err) {
      logError(log, 'code action', err);
      return [];
    }
  });
}

function codeActions(params: CodeActionParams, documents: TextDocuments<TextDocument>, registry: FolderRegistry): CodeAction[] {
  const uri = params.textDocument.uri;
  const doc = documents.get(uri);
  const located = registry.locate(uri);
  if (!doc || !located) return [];
  const { folder, file } = located;
  const text = (f: string) => (f === file ? doc.getText() : openText(folder, documents, f));
  const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
  const wants = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const diag of ours) {
      for (const fix of fixesFor({ finding: findingOf(diag, file), text })) actions.push(quickFix(fix, diag, folder));
    }
  }
  // Only when asked for by kind: a fix-all among the light bulb's quick fixes would be noise.
  if (params.context.only && wants(FIX_ALL_KIND)) {
    const merged = mergeSafeFixes(ours.map((d) => findingOf(d, file)), text);
    if (merged.applied.length) actions.push({ title: 'Fix all safe Multi-Region Review problems', kind: FIX_ALL_KIND, edit: workspaceEdit(merged.edits, folder) });
  }
  return actions;
}

/** The finding a diagnostic was made from, as far as fixes read it: id, place and data (never the message). */
export function findingOf(diag: Diagnostic, file: string): Finding {
  const data = (diag.data ?? {}) as Partial<DiagnosticData>;
  const { ruleId: _r, resourceId, ...rest } = data;
  return {
    ruleId: String(diag.code),
    severity: 'warning',
    message: '',
    file,
    range: diag.range,
    ...(typeof resourceId === 'string' ? { resourceId } : {}),
    data: rest,
  };
}

function quickFix(fix: Fix, diag: Diagnostic, folder: Folder): CodeAction {
  const edits = new Map<string, TextEdit[]>();
  for (const c of fix.changes) edits.set(c.file, [...(edits.get(c.file) ?? []), ...c.edits]);
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: !!fix.preferred, edit: workspaceEdit(edits, folder) };
}

function workspaceEdit(edits: Map<string, TextEdit[]>, folder: Folder): WorkspaceEdit {
  const changes: WorkspaceEdit['changes'] = {};
  for (const [file, list] of edits) changes[folder.uriOf(file)] = list;
  return { changes };
}

/** Another file of the folder, only if it is open: a code action never waits on the disk. */
function openText(folder: Folder, documents: TextDocuments<TextDocument>, file: string): string | undefined {
  const uri = folder.open.get(file);
  return uri === undefined ? undefined : documents.get(uri)?.getText();
}
