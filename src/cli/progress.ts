// A one-line progress indicator on stderr, for large inputs on a terminal only: pipes and CI logs
// stay clean, and stdout never carries anything but the result.

import { DEFAULT_LARGE_INPUT_BYTES, type CliIo } from './io.js';

export interface Progress {
  step(message: string): void;
  done(): void;
}

const SILENT: Progress = { step: () => undefined, done: () => undefined };

export function progressFor(io: CliIo, inputBytes: number): Progress {
  if (!io.isTTY || inputBytes <= (io.largeInputBytes ?? DEFAULT_LARGE_INPUT_BYTES)) return SILENT;
  let shown = false;
  return {
    step(message: string) {
      shown = true;
      io.stderr(`\r\x1b[K${message}…`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
