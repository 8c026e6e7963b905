import { readFileSync } from 'node:fs';
import { DirectoryConfig } from '#contracts/directory';
import { Directory } from '#domain/directory';

/**
 * Replaces `${NAME}` with the environment variable NAME, so one directory
 * file can point at webhook hosts that differ per machine. A missing variable
 * is an error, never an empty string.
 */
export function expandEnvironment(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`the directory refers to \${${name}}, which is not set`);
    return value;
  });
}

/** Reads and validates a directory file; the error names every failing field. */
export function loadDirectoryFile(path: string, env: NodeJS.ProcessEnv = process.env): Directory {
  let json: unknown;
  try {
    json = JSON.parse(expandEnvironment(readFileSync(path, 'utf8'), env));
  } catch (error) {
    throw new Error(`cannot read the directory ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = DirectoryConfig.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new Error(`the directory ${path} is not valid:\n${problems}`);
  }
  return new Directory(result.data);
}
