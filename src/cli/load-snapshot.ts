// Reading PATH arguments into one parsed snapshot, with the diagnostics printed on the way:
// warnings go to stderr and analysis goes on; any fatal diagnostic stops the command (exit 1).

import { parseDocuments, type ParseResult, type ValidationMode } from '../engine/index.js';
import { diagnosticLines } from './diagnostic-text.js';
import { CliFailure, EXIT_INPUT_ERROR, type CliIo } from './io.js';
import { fileSizes, listInputFiles, readDocuments } from './read-inputs.js';
import { megabytes, progressFor, type Progress } from './progress.js';

export interface LoadedSnapshot {
  parse: ParseResult;
  /** The PATH arguments joined with ",": names the snapshot in results. */
  name: string;
  progress: Progress;
}

/** The flags of every command that reads manifests. */
export interface InputFlags {
  /** `--validation`: strict (default), warn or ignore. */
  validation: Exclude<ValidationMode, 'capture'>;
}

/** `keepRaw: false` for commands that only analyse (see ParseOptions.keepRaw). */
export function loadSnapshot(paths: readonly string[], io: CliIo, flags: InputFlags = { validation: 'strict' }, keepRaw = true): LoadedSnapshot {
  const { files, emptyFolders } = listInputFiles(paths);
  for (const folder of emptyFolders) io.stderr(`warning: ${folder}: no .yaml, .yml or .json file found\n`);
  const bytes = fileSizes(files);
  const progress = progressFor(io, bytes);
  progress.step(`reading ${files.length} files (${megabytes(bytes)})`);
  const documents = readDocuments(files);
  progress.step('parsing');
  const parse = parseDocuments(documents, { validation: flags.validation, keepRaw });
  const lines = diagnosticLines(parse.diagnostics);
  if (lines.length > 0) progress.done();
  for (const line of lines) io.stderr(line);
  if (parse.fatal) {
    progress.done();
    throw new CliFailure(`${paths.join(',')}: input has errors, nothing analysed`, EXIT_INPUT_ERROR);
  }
  return { parse, name: paths.join(','), progress };
}
