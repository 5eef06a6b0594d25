import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Temporary directories for a test file, each removed after the test that made it. Call it before
 * the file's own afterEach hooks so theirs run first (a server in the directory is stopped before
 * the directory goes); `beforeRemove` deals with what a failed test may have left running in one.
 */
export function useTempDirs(prefix: string, beforeRemove?: (dir: string) => void): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      beforeRemove?.(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
