// The files a page loads for an entry: the entry and every module it imports with a relative specifier, statically
// or not, followed. The build bundles each browser entry into one file, so this is the entry alone; the size budget
// and the bench count whatever it is.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function loadedFiles(entry, seen = new Set()) {
  if (seen.has(entry)) return [];
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bimport|\bfrom)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((m) => m[1]);
  return [entry, ...specifiers.flatMap((s) => loadedFiles(join(dirname(entry), s), seen))];
}
