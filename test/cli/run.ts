// Runs the CLI in-process and captures what it writes.

import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const FIXTURES = 'test/fixtures/cli';

export async function run(argv: string[], io: { isTTY?: boolean; largeInputBytes?: number } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: io.isTTY ?? false,
    ...(io.largeInputBytes === undefined ? {} : { largeInputBytes: io.largeInputBytes }),
  });
  return { code, stdout, stderr };
}
