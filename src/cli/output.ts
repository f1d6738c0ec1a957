// Where a command's result goes: stdout, or the file named by -o.

import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { CliFailure, EXIT_INPUT_ERROR, type CliIo } from './io.js';

export function writeResult(text: string, io: CliIo, outputFile: string | undefined): void {
  if (outputFile === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(outputFile, text);
  } catch (error) {
    throw new CliFailure(`${outputFile}: ${error instanceof Error ? error.message : String(error)}`, EXIT_INPUT_ERROR);
  }
}

/** Like `writeResult`, for a result produced in pieces: each piece is written before the next is made. */
export function writeChunks(chunks: Iterable<string>, io: CliIo, outputFile: string | undefined): void {
  if (outputFile === undefined) {
    for (const chunk of chunks) io.stdout(chunk);
    return;
  }
  let fd: number | undefined;
  try {
    fd = openSync(outputFile, 'w');
    for (const chunk of chunks) writeSync(fd, chunk);
  } catch (error) {
    throw new CliFailure(`${outputFile}: ${error instanceof Error ? error.message : String(error)}`, EXIT_INPUT_ERROR);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Analysis-level warnings (parse warnings were printed while loading; a repeat is skipped). */
export function printWarnings(lines: readonly string[], io: CliIo, alreadyPrinted: ReadonlySet<string> = new Set()): void {
  for (const line of new Set(lines)) if (!alreadyPrinted.has(line)) io.stderr(line);
}
