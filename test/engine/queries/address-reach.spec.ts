import { readFileSync } from 'node:fs';
import { analyze, parseDocuments, reachableFrom, whoCanReach, type ReachResult } from '../../../src/engine/index.js';

// An address or CIDR as the subject of reach questions (test/fixtures/exposure/reasons.yaml):
// ipb admits 0.0.0.0/0 on 443 only, closed admits nothing, routed admits pods only, open has no policy.
const analysis = analyze(parseDocuments([{ name: 'reasons.yaml', content: readFileSync('test/fixtures/exposure/reasons.yaml', 'utf8') }]).snapshot);

function names(result: ReturnType<typeof reachableFrom>, side: 'sources' | 'destinations'): string[] {
  if ('error' in result) throw new Error(result.error);
  return ((result as ReachResult)[side] ?? []).map((r) => (r.endpoint as { name: string }).name);
}

describe('reach questions about an address block', () => {
  it('reachable-from a public address: what it may connect to, narrowed by port', () => {
    const all = reachableFrom(analysis, '8.8.8.8', { granularity: 'pod' });
    expect(names(all, 'destinations')).toEqual(['agent', 'ipb', 'open']);
    expect((all as ReachResult).subject).toEqual({ kind: 'External', cidrs: ['8.8.8.8/32'] });
    expect(names(reachableFrom(analysis, '8.8.8.8', { granularity: 'pod', port: 80 }), 'destinations')).toEqual(['agent', 'open']);
    expect(names(reachableFrom(analysis, '0.0.0.0/0', { granularity: 'pod', port: 443 }), 'destinations')).toEqual(['agent', 'ipb', 'open']);
  });

  it('who-can-reach an address: every pod without egress isolation', () => {
    expect(names(whoCanReach(analysis, '2001:db8::/32', { granularity: 'pod' }), 'sources')).toEqual(['agent', 'closed', 'ipb', 'open', 'routed']);
  });

  it('a malformed address is invalid; a namespace name is not taken for one', () => {
    expect(whoCanReach(analysis, '300.1.1.1')).toMatchObject({ reason: 'invalid', argument: 'target' });
    expect('error' in reachableFrom(analysis, 'web')).toBe(false);
  });
});
