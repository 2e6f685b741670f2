// Files that a service keeps on its own disk: multer disk storage for uploads, and `fs` writes made
// while serving a request. Each becomes a `Code::State::LocalFile` fact with the target path as far
// as the source states it, whether that path is scratch space (`/tmp`, `os.tmpdir()`), and the
// runtime (Lambda or a long-running server), so the rule can let Lambda `/tmp` scratch pass.
import type * as TS from 'typescript';
import type { CodeFact } from '../codeFacts';
import { LOCAL_FILE_TYPE } from './types';
import { tsApi } from '../cdk/tsapi';
import type { Handlers } from './handlers';
import { pathPattern } from './paths';
import { factId, follow, moduleOf, property, rangeOf, unwrapAll } from './query';
import type { Frame, Scan } from './scan';


const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'fs-extra/esm']);
const WRITES = new Set(['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'copyFile', 'copyFileSync', 'outputFile', 'outputFileSync', 'outputJson', 'outputJSON', 'outputJsonSync', 'writeJson', 'writeJSON', 'writeJsonSync']);

export function readLocalFiles(scan: Scan, handlers: Handlers): CodeFact[] {
  const out: CodeFact[] = [];
  for (const { node, frame } of scan.calls) {
    const fact = multerFact(scan, node, frame, handlers) ?? fsWriteFact(scan, node, frame, handlers);
    if (fact) out.push(fact);
  }
  return out;
}

/** `multer({ dest })` and `multer.diskStorage({ destination })`. */
function multerFact(scan: Scan, call: TS.CallExpression, frame: Frame | undefined, handlers: Handlers): CodeFact | undefined {
  const ts = tsApi();
  const callee = unwrapAll(call.expression);
  const isDisk = ts.isPropertyAccessExpression(callee) && callee.name.text === 'diskStorage';
  const base = isDisk ? (callee as TS.PropertyAccessExpression).expression : callee;
  if (!ts.isIdentifier(base) && !ts.isCallExpression(base)) return undefined;
  if (moduleOf(scan, base)?.module !== 'multer') return undefined;
  if (!isDisk && !ts.isIdentifier(callee) && !ts.isCallExpression(callee)) return undefined;
  const options = follow(scan, call.arguments[0], frame);
  const obj = options && ts.isObjectLiteralExpression(options) ? options : undefined;
  const prop = obj && property(obj, isDisk ? 'destination' : 'dest');
  if (!isDisk && !prop) return undefined; // memory storage or a custom storage engine (e.g. multer-s3)
  const value = prop && follow(scan, prop.value, frame);
  const isFunction = !!value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value));
  const target = value && !isFunction ? pathPattern(scan, value, frame) : undefined;
  return {
    logicalId: factId(scan.sf, 'Upload', call),
    type: LOCAL_FILE_TYPE,
    range: rangeOf(scan.sf, call.expression),
    properties: { api: isDisk ? 'multer.diskStorage' : 'multer', target: target?.text ?? null, scratch: target?.tmp ?? false, runtime: handlers.runtime, upload: true },
    ...(prop ? { propertyRanges: { Path: rangeOf(scan.sf, prop.key) } } : {}),
  };
}

/** `fs.writeFile(...)`, `fs.promises.appendFile(...)`, `createWriteStream(...)` inside a handler. */
function fsWriteFact(scan: Scan, call: TS.CallExpression, frame: Frame | undefined, handlers: Handlers): CodeFact | undefined {
  const ts = tsApi();
  const callee = unwrapAll(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!method || !WRITES.has(method) || !handlers.inHandler(frame)) return undefined;
  const binding = moduleOf(scan, callee);
  const from = binding?.module.replace(/^node:/, '');
  if (!from || !FS_MODULES.has(from)) return undefined;
  if (ts.isIdentifier(callee) && binding?.imported !== method) return undefined;
  // copyFile(src, dest) writes its second argument.
  const targetArg = method.startsWith('copyFile') ? call.arguments[1] : call.arguments[0];
  const target = pathPattern(scan, targetArg, frame);
  if (target && /^\/dev\//.test(target.text)) return undefined;
  if (targetArg && isNumberLike(scan, targetArg)) return undefined; // a file descriptor such as 1 (stdout)
  return {
    logicalId: factId(scan.sf, 'FileWrite', call),
    type: LOCAL_FILE_TYPE,
    range: rangeOf(scan.sf, call.expression),
    properties: { api: callee.getText(scan.sf).replace(/\s+/g, ''), target: target?.text ?? null, scratch: target?.tmp ?? false, runtime: handlers.runtime, upload: false },
    ...(targetArg ? { propertyRanges: { Path: rangeOf(scan.sf, targetArg) } } : {}),
  };
}

function isNumberLike(scan: Scan, e: TS.Expression): boolean {
  const ts = tsApi();
  const n = unwrapAll(e);
  return ts.isNumericLiteral(n) || (ts.isPropertyAccessExpression(n) && /^process\.(stdout|stderr)\.fd$/.test(n.getText(scan.sf)));
}
