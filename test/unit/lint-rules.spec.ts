import { ESLint } from 'eslint';

// The lint rules that guard the architecture: prove they fire, on text that is never committed.
describe('lint rules', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const messages = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId);

  it.each([
    ["import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n", 'no-restricted-imports'],
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'no-restricted-imports'],
    ["import { PrismaClient } from '../generated/prisma/client.js';\nexport const x = PrismaClient;\n", 'no-restricted-imports'],
    ['export const x = process.env.HOME;\n', 'no-restricted-properties'],
  ])('keeps src/engine pure: %s', async (code, rule) => {
    expect(await messages(code, 'src/engine/lint-probe.ts')).toContain(rule);
  });

  it('allows the same imports outside the engine', async () => {
    expect(await messages("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src/cli/lint-probe.ts')).toEqual([]);
  });

  it.each(['it.only', 'describe.only', 'test.skip', 'it.skip'])('rejects %s in tests', async (call) => {
    expect(await messages(`${call}('x', () => { expect(1).toBe(1); });\n`, 'test/unit/lint-probe.spec.ts')).toContain('no-restricted-properties');
  });
});
