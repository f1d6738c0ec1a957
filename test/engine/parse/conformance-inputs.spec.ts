import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocuments } from '../../../src/engine/parse/index.js';
import { conformanceRoot } from '../../support/engine/conformance-data.js';

// Every conformance input is a valid cluster description: parsing it must not fail. They are read
// as np-guard reads them, leniently (`warn`): one np-guard input has a mis-cased field as upstream wrote it
// (see known-fields.spec.ts, which also checks that nothing else in them is an unknown field).
const casesRoot = join(conformanceRoot(), 'cases');
const resourceFiles = readdirSync(casesRoot).flatMap((source) =>
  readdirSync(join(casesRoot, source))
    .map((name) => join(casesRoot, source, name, 'resources.yaml'))
    .filter((file) => existsSync(file)),
);

describe('conformance inputs parse without fatal diagnostics', () => {
  it('finds the conformance cases', () => {
    expect(resourceFiles.length).toBeGreaterThan(50);
  });

  it.each(resourceFiles)('%s', (file) => {
    const result = parseDocuments([{ name: file, content: readFileSync(file, 'utf8') }], { validation: 'warn' });
    expect(result.diagnostics.filter((d) => d.severity === 'fatal')).toEqual([]);
    expect(result.fatal).toBe(false);
    expect(result.snapshot.pods.length).toBeGreaterThan(0);
  });
});
