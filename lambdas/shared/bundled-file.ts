import { readFileSync } from 'node:fs';

const texts = new Map<string, string>();

/** A file shipped with the function, read once per container: what is bundled never changes under a running function. */
export function bundledText(path: string): string {
  let text = texts.get(path);
  if (text === undefined) texts.set(path, (text = readFileSync(path, 'utf8')));
  return text;
}
