// PATH arguments to source documents: files as given, folders walked recursively for manifest
// files, in sorted order so that every run sees the documents in the same order.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceDocument } from '../engine/index.js';
import { CliFailure, EXIT_INPUT_ERROR } from './io.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isManifest(file: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(file).toLowerCase());
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Manifest files under a folder, depth first, entries sorted by name; symlink loops are cut. */
function walkFolder(folder: string, visited: Set<string>, out: string[]): void {
  const real = realpathSync(folder);
  if (visited.has(real)) return;
  visited.add(real);
  const names = readdirSync(folder).sort(compareStrings);
  for (const name of names) {
    const full = path.join(folder, name);
    const stats = statSync(full, { throwIfNoEntry: false });
    if (stats === undefined) continue; // a dangling symlink
    if (stats.isDirectory()) walkFolder(full, visited, out);
    else if (stats.isFile() && isManifest(name)) out.push(full);
  }
}

export interface InputFiles {
  files: string[];
  /** Folders that held no manifest file. */
  emptyFolders: string[];
}

/** Throws CliFailure for a path that cannot be read. */
export function listInputFiles(paths: readonly string[]): InputFiles {
  const files: string[] = [];
  const emptyFolders: string[] = [];
  for (const p of paths) {
    try {
      const stats = statSync(p);
      if (stats.isDirectory()) {
        const found: string[] = [];
        walkFolder(p, new Set(), found);
        if (found.length === 0) emptyFolders.push(p);
        files.push(...found);
      } else {
        files.push(p);
      }
    } catch (error) {
      throw new CliFailure(`${p}: ${describeError(error)}`, EXIT_INPUT_ERROR);
    }
  }
  return { files: [...new Set(files)], emptyFolders };
}

export function fileSizes(files: readonly string[]): number {
  return files.reduce((sum, f) => sum + statSync(f).size, 0);
}

export function readDocuments(files: readonly string[]): SourceDocument[] {
  return files.map((file) => {
    try {
      return { name: file, content: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new CliFailure(`${file}: ${describeError(error)}`, EXIT_INPUT_ERROR);
    }
  });
}
