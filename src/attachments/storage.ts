// Attachment files on disk: DATA_DIR/attachments/<32 hex digits>, outside static/ and never named
// after what the user called the file. A file is first written as <name>.part and only renamed to its
// final name once the row that names it is committed (see service.ts storeWithAttachments).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const attachmentsDir = (dataDir: string) => join(dataDir, 'attachments');

const STORED_NAME = /^[0-9a-f]{32}$/;
const partOf = (path: string) => `${path}.part`;

export interface StagedFile {
  storedName: string;
  /** Where the bytes are until the row is committed. */
  tempPath: string;
  finalPath: string;
}

/** Writes the bytes under a new random name and flushes them to disk before any row can name them. */
export async function stageFile(dir: string, bytes: Uint8Array): Promise<StagedFile> {
  await mkdir(dir, { recursive: true });
  const storedName = randomBytes(16).toString('hex');
  const finalPath = join(dir, storedName);
  const tempPath = partOf(finalPath);
  const handle = await open(tempPath, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { storedName, tempPath, finalPath };
}

export async function publishStaged(file: StagedFile): Promise<void> {
  await rename(file.tempPath, file.finalPath);
}

export async function discardStaged(file: StagedFile): Promise<void> {
  await rm(file.tempPath, { force: true });
}

/**
 * The bytes of a stored file, or null when there are none. A file whose rename a crash cut off right
 * after its row was committed is still <name>.part: the first read finishes the rename.
 */
export async function readStoredFile(dir: string, storedName: string): Promise<Uint8Array<ArrayBuffer> | null> {
  // The name comes from our own row, but it becomes a path: nothing but the shape we write is used.
  if (!STORED_NAME.test(storedName)) return null;
  const path = join(dir, storedName);
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(partOf(path), path);
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Removes stored files (and any unfinished .part of them); answers how many existed. */
export async function removeStoredFiles(dir: string, storedNames: string[]): Promise<number> {
  let removed = 0;
  for (const name of storedNames) {
    if (!STORED_NAME.test(name)) continue;
    const path = join(dir, name);
    for (const candidate of [path, partOf(path)]) {
      try {
        await rm(candidate);
        removed += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return removed;
}

/**
 * The stored names of the files still under their temporary name and last written before `writtenBefore`:
 * a crash (or a full disk) between staging and the commit's outcome left them. Younger ones may belong to
 * an upload in progress, in this process or another instance.
 */
export async function listUnfinishedFiles(dir: string, writtenBefore: Date): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const unfinished: string[] = [];
  for (const name of names) {
    const storedName = name.slice(0, -'.part'.length);
    if (!name.endsWith('.part') || !STORED_NAME.test(storedName)) continue;
    const written = await stat(join(dir, name)).catch(() => null);
    if (written && written.mtime < writtenBefore) unfinished.push(storedName);
  }
  return unfinished;
}

/** Gives a file its final name: its row was committed. Another instance (or a download) may have done it first. */
export async function finishStoredFile(dir: string, storedName: string): Promise<void> {
  const path = join(dir, storedName);
  await rename(partOf(path), path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
