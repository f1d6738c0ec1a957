// Where a command's result goes: stdout, or the file named by -o.

import { writeFileSync } from 'node:fs';
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

/** Analysis-level warnings (parse warnings were printed while loading; a repeat is skipped). */
export function printWarnings(lines: readonly string[], io: CliIo, alreadyPrinted: ReadonlySet<string> = new Set()): void {
  for (const line of new Set(lines)) if (!alreadyPrinted.has(line)) io.stderr(line);
}
