// Splits a JSON template like chunks.ts splits YAML: one chunk per resource, plus a skeleton that
// holds everything else with the resources blanked out, line for line. An edit inside one resource
// then re-parses only that resource. Comments, minified JSON, and anything unbalanced make it
// return undefined, and the caller parses the whole file.
import { type Chunk, LONE_CR } from './chunks';

interface Member {
  keyStart: number;
  valueEnd: number;
  line: number;
}

interface Scan {
  resStart: number;
  resEnd: number;
  members: Member[];
}

export function splitJsonTemplate(text: string): Chunk[] | undefined {
  if (LONE_CR.test(text)) return undefined;
  const scan = scanResources(text);
  if (!scan) return undefined;
  const chunks: Chunk[] = [];
  for (const m of scan.members) {
    const lineStart = text.lastIndexOf('\n', m.keyStart - 1) + 1;
    const indent = text.slice(lineStart, m.keyStart);
    // The chunk keeps the key's column by standing in '{' for the first indentation character.
    if (indent.length === 0 || indent.trim() !== '') return undefined;
    chunks.push({ section: 'Resources', startLine: m.line, text: `{${indent.slice(1)}${text.slice(m.keyStart, m.valueEnd)}\n}` });
  }
  let newlines = 0;
  for (let i = scan.resStart; i < scan.resEnd; i++) if (text.charCodeAt(i) === 10) newlines++;
  const closeColumn = scan.resEnd - (text.lastIndexOf('\n', scan.resEnd - 1) + 1);
  // Blank the resources but keep every later character on its line and column.
  const pad = newlines ? closeColumn : scan.resEnd - scan.resStart - 1;
  const skeleton = text.slice(0, scan.resStart + 1) + '\n'.repeat(newlines) + ' '.repeat(pad) + text.slice(scan.resEnd);
  return [{ section: '', startLine: 0, text: skeleton }, ...chunks];
}

/** One pass over the text, aware of strings: where `Resources` starts and ends, and its members. */
function scanResources(text: string): Scan | undefined {
  let depth = 0;
  let line = 0;
  let lastKey: string | undefined;
  let wantResources = false;
  let resStart = -1;
  let resEnd = -1;
  let expectKey = false;
  let member: { keyStart: number; line: number } | undefined;
  const members: Member[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
        else if (d === 10) return undefined;
      }
      if (depth === 1) lastKey = text.slice(start + 1, i);
      if (depth === 2 && resStart >= 0 && resEnd < 0 && expectKey) {
        member = { keyStart: start, line };
        expectKey = false;
      }
    } else if (c === 47) return undefined; // a comment: leave it to the whole-file parser
    else if (c === 58 && depth === 1) wantResources = lastKey === 'Resources';
    else if (c === 123 || c === 91) {
      depth++;
      if (depth === 2 && wantResources && resStart < 0) {
        if (c !== 123) return undefined;
        resStart = i;
        expectKey = true;
      }
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 2 && member && resEnd < 0 && resStart >= 0) {
        members.push({ keyStart: member.keyStart, valueEnd: i + 1, line: member.line });
        member = undefined;
      } else if (depth === 1 && resStart >= 0 && resEnd < 0) {
        if (member) return undefined; // a resource whose value is not an object
        resEnd = i;
      }
    } else if (c === 44 && depth === 2 && resStart >= 0 && resEnd < 0) {
      if (member) return undefined;
      expectKey = true;
    }
  }
  return depth === 0 && resStart >= 0 && resEnd >= 0 ? { resStart, resEnd, members } : undefined;
}
