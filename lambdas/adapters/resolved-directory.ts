import { readFileSync } from 'node:fs';
import type { DirectoryConfig } from '#contracts/directory';
import { Directory } from '#domain/directory';

/**
 * The directory as a function reads it: the file the CDK stack bundles, or
 * the embedded runtime writes, from a directory it has already validated and
 * resolved (`loadDirectoryFile`, with its defaults filled in). It is not
 * validated again here: that would load the directory's schemas into every
 * function (about 10 KB of each bundle) for a check already made where the
 * file is written.
 */
export function readResolvedDirectory(path: string): Directory {
  try {
    return new Directory(JSON.parse(readFileSync(path, 'utf8')) as DirectoryConfig);
  } catch (error) {
    throw new Error(`cannot read the resolved directory ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
