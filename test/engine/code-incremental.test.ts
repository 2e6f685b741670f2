// Code files are re-parsed incrementally (ts.updateSourceFile): after any edit, the facts must be
// the same as those of a fresh parse of the same text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import type { FileFacts } from '../../server/src/engine/model';
import { readFileFacts } from '../../server/src/engine/sources';
import { ROOT } from '../helpers';

const CASES = ['examples/global-app/cdk/lib/loyalty-stack.ts', 'examples/global-app/cdk/lambda/members.ts'];

function view(f: FileFacts | undefined) {
  return (f?.resources ?? []).map((r) => ({ id: r.logicalId, type: r.type, props: r.properties, range: r.range }));
}

describe('incremental re-parse of code files', () => {
  for (const file of CASES) {
    it(`agrees with a fresh parse after random edits: ${path.basename(file)}`, () => {
      const original = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const config = defaultConfig();
      const analyzer = new Analyzer();
      let text = original;
      analyzer.update(file, text, config);
      fc.assert(
        fc.property(fc.nat(original.length), fc.nat(5), fc.constantFrom('', 'x', '\n', "'", '{', '}', '(', ')', ';', ' ', '// c\n'), (at, del, insert) => {
          const pos = Math.min(at, text.length);
          text = text.slice(0, pos) + insert + text.slice(Math.min(text.length, pos + del));
          // Every fifth edit goes back to the original, so the edits do not pile up into noise.
          if (at % 5 === 0) text = original;
          const incremental = analyzer.update(file, text, config);
          const fresh = readFileFacts(file, text, config)?.facts;
          assert.deepEqual(view(incremental), view(fresh));
        }),
        { numRuns: 150, seed: 11 },
      );
    });
  }
});
