// What the CLI needs from its surroundings, injected so that tests run commands in-process.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: progress is shown only there. */
  isTTY: boolean;
  /** Input size above which progress is shown on a terminal; tests lower it. */
  largeInputBytes?: number;
  /** The environment (`keys` reads DATABASE_URL from it). */
  env?: Record<string, string | undefined>;
}

export const DEFAULT_LARGE_INPUT_BYTES = 5 * 1024 * 1024;

export const EXIT_OK = 0;
/** Input problems: unreadable paths, fatal diagnostics, questions the snapshot cannot answer. */
export const EXIT_INPUT_ERROR = 1;
/** Bad command line: unknown command or option, invalid option value. */
export const EXIT_USAGE = 2;
/** `diff --fail-on-change` found connectivity changes. */
export const EXIT_CHANGED = 3;
/** `lint --fail-on SEVERITY` found findings at or above it. */
export const EXIT_FINDINGS = 4;

/** Thrown by command code for an expected failure; the message is printed, the code returned. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
