import { analyze, parseDocuments } from '../../../src/engine/index.js';

// Options given by a caller are labelled with who gave them: `option` (CLI flags) by default,
// `cluster` for the service's stored cluster settings; the rest still come from the plugin or the default.
const snapshot = parseDocuments([
  { name: 'pods.yaml', content: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\nspec: {containers: [{name: c, image: nginx}]}\n' },
]).snapshot;

describe('option sources', () => {
  it('labels given options `option` unless told who gave them', () => {
    expect(analyze(snapshot, { ipBlockMatchesPods: true }).network.optionSources).toEqual({ ipBlockMatchesPods: 'option', hostNetwork: 'default', adminNetworksMatchPods: 'default', enforcement: 'default', podCIDRs: 'default', serviceCIDRs: 'default' });
  });

  it('labels a cluster setting `cluster`, enforcement included', () => {
    const analysis = analyze(snapshot, { ipBlockMatchesPods: true, enforcement: 'not-enforced', givenBy: 'cluster' });
    expect(analysis.options.ipBlockMatchesPods).toBe(true);
    expect(analysis.network.enforcement).toEqual({ mode: 'not-enforced', enforced: false });
    expect(analysis.network.optionSources).toEqual({ ipBlockMatchesPods: 'cluster', hostNetwork: 'default', adminNetworksMatchPods: 'default', enforcement: 'cluster', podCIDRs: 'default', serviceCIDRs: 'default' });
  });

  it('labels each option by who gave it: an upload\'s override `upload`, the cluster\'s setting `cluster`', () => {
    const analysis = analyze(snapshot, { ipBlockMatchesPods: true, enforcement: 'not-enforced', givenBy: { ipBlockMatchesPods: 'upload', enforcement: 'cluster' } });
    expect(analysis.options.ipBlockMatchesPods).toBe(true);
    expect(analysis.network.optionSources).toEqual({ ipBlockMatchesPods: 'upload', hostNetwork: 'default', adminNetworksMatchPods: 'default', enforcement: 'cluster', podCIDRs: 'default', serviceCIDRs: 'default' });
  });

  it('an option given without a name in a per-option givenBy is labelled `option`', () => {
    expect(analyze(snapshot, { adminNetworksMatchPods: true, givenBy: { ipBlockMatchesPods: 'upload' } }).network.optionSources.adminNetworksMatchPods).toBe('option');
  });
});
