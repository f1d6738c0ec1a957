import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, run } from './run.js';

// `policyscope diff --intents FILE` (issue 10): the intents evaluated on both sides, and the diff
// says which broke or mended. basic -> changed opens TCP 8080 from a to c (the diff's own causes
// say so), so "a reaches c on 8080" is violated before and holds after.

const INTENTS = `apiVersion: policyscope/v1
kind: Intents
intents:
  - name: a-reaches-c-on-8080
    type: must-reach
    from: {labels: {app: a}}
    to: {labels: {app: c}}
    ports: ["8080/TCP"]
`;

describe('policyscope diff --intents', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-diff-intents-'));
    file = join(dir, 'intents.yaml');
    writeFileSync(file, INTENTS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each intent before and after in JSON, and names the mended one in Markdown', async () => {
    const json = await run(['diff', `${FIXTURES}/basic`, `${FIXTURES}/changed`, '--format', 'json', '--intents', file]);
    expect(json.code).toBe(0);
    const diff = JSON.parse(json.stdout);
    expect(diff.intents).toEqual([expect.objectContaining({ name: 'a-reaches-c-on-8080', holdsBefore: false, holdsAfter: true, violationsAfter: 0 })]);
    expect(diff.intents[0].resolvedViolations.length).toBe(diff.intents[0].violationsBefore);
    const md = await run(['diff', `${FIXTURES}/basic`, `${FIXTURES}/changed`, '--format', 'md', '--intents', file]);
    expect(md.stdout).toContain('intents: 0 now violated, 1 now holding');
    expect(md.stdout).toContain('a-reaches-c-on-8080: now holds');
    // The reverse direction breaks it.
    const back = await run(['diff', `${FIXTURES}/changed`, `${FIXTURES}/basic`, '--format', 'txt', '--intents', file]);
    expect(back.stdout).toContain('intent a-reaches-c-on-8080: now VIOLATED');
  });

  it('without --intents the diff has no intents; a malformed file exits 2 naming the field', async () => {
    const plain = JSON.parse((await run(['diff', `${FIXTURES}/basic`, `${FIXTURES}/changed`, '--format', 'json'])).stdout);
    expect(plain.intents).toBeUndefined();
    expect(plain.findings).toEqual({ new: expect.any(Array), resolved: expect.any(Array) });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, INTENTS.replace('must-reach', 'must-rech'));
    const r = await run(['diff', `${FIXTURES}/basic`, `${FIXTURES}/changed`, '--intents', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('intents[0].type');
  });
});
