import { graphql } from './graphql';

// Every GraphQL operation the UI sends, typed from schema.gql (the served schema, committed) by gql.tada.

export const EndpointFields = graphql(`
  fragment EndpointFields on Endpoint {
    kind
    namespace
    name
    text
    cidrs
  }
`);

export const PortFields = graphql(`
  fragment PortFields on PortRange {
    protocol
    from
    to
    name
  }
`);

export const DecisionFields = graphql(`
  fragment DecisionFields on Decision {
    tier
    kind
    namespace
    name
    rule
    action
    priority
  }
`);

export const WhoAmI = graphql(`
  query WhoAmI {
    about {
      name
      version
    }
    clusters {
      id
    }
  }
`);

export const ClustersOverview = graphql(`
  query ClustersOverview {
    clusters {
      id
      name
      description
      latestSnapshot {
        id
        name
        capturedAt
        status
        metrics {
          name
          value
        }
      }
    }
  }
`);

export const ClusterPlugin = graphql(`
  query ClusterPlugin($snapshot: String!) {
    snapshot(id: $snapshot) {
      id
      findings {
        severity
      }
      intentResults {
        holds
        violated
        results {
          name
        }
      }
      connectivity(granularity: namespace) {
        cni {
          plugin
          enforcesNetworkPolicy
          reason
        }
        enforcement {
          mode
          enforced
        }
      }
    }
  }
`);

export const ClusterHistory = graphql(`
  query ClusterHistory($cluster: String!, $from: String, $to: String) {
    clusterHistory(cluster: $cluster, from: $from, to: $to) {
      snapshotId
      name
      capturedAt
      metrics {
        name
        value
      }
    }
  }
`);

export const ClusterSnapshots = graphql(`
  query ClusterSnapshots($cluster: String!) {
    snapshots(cluster: $cluster, first: 200) {
      items {
        id
        name
        capturedAt
        status
      }
    }
  }
`);

export const SnapshotStatusQuery = graphql(`
  query SnapshotStatus($id: String!) {
    snapshot(id: $id) {
      id
      name
      status
      error
      capturedAt
      analysisMs
      cluster {
        name
      }
      counts {
        kind
        count
      }
      diagnostics {
        severity
        code
        message
        object
        path
      }
    }
  }
`);

export const SnapshotConnectivity = graphql(
  `
  query SnapshotConnectivity($id: String!, $granularity: Granularity!, $selector: String) {
    snapshot(id: $id) {
      id
      name
      status
      capturedAt
      cluster {
        name
      }
      connectivity(granularity: $granularity, filter: { selector: $selector }) {
        granularity
        cni {
          plugin
          enforcesNetworkPolicy
          reason
        }
        enforcement {
          mode
          enforced
        }
        connections {
          allPorts
          src {
            ...EndpointFields
          }
          dst {
            ...EndpointFields
          }
          ports {
            ...PortFields
          }
        }
      }
    }
  }
`,
  [EndpointFields, PortFields],
);

export const CanReach = graphql(
  `
  query CanReach($snapshot: String!, $from: String!, $to: String!, $port: Int!, $protocol: String!) {
    canReach(snapshot: $snapshot, from: $from, to: $to, port: $port, protocol: $protocol) {
      allowed
      intendedAllowed
      port
      protocol
      src {
        ...EndpointFields
      }
      dst {
        ...EndpointFields
      }
      egress {
        allowed
        reason
        decidedBy {
          ...DecisionFields
        }
      }
      ingress {
        allowed
        reason
        decidedBy {
          ...DecisionFields
        }
      }
      enforcement {
        mode
        enforced
      }
    }
  }
`,
  [EndpointFields, DecisionFields],
);

export const WhoCanReach = graphql(
  `
  query WhoCanReach($snapshot: String!, $target: String!, $port: Int, $protocol: String!) {
    whoCanReach(snapshot: $snapshot, target: $target, port: $port, protocol: $protocol) {
      subject {
        ...EndpointFields
      }
      entries {
        allPorts
        endpoint {
          ...EndpointFields
        }
        ports {
          ...PortFields
        }
      }
    }
  }
`,
  [EndpointFields, PortFields],
);

export const ReachableFrom = graphql(
  `
  query ReachableFrom($snapshot: String!, $source: String!, $port: Int, $protocol: String!) {
    reachableFrom(snapshot: $snapshot, source: $source, port: $port, protocol: $protocol) {
      subject {
        ...EndpointFields
      }
      entries {
        allPorts
        endpoint {
          ...EndpointFields
        }
        ports {
          ...PortFields
        }
      }
    }
  }
`,
  [EndpointFields, PortFields],
);

export const Exposure = graphql(
  `
  query Exposure($snapshot: String!) {
    exposureReasons(snapshot: $snapshot) {
      exposed {
        internet
        endpoint {
          ...EndpointFields
        }
        fromExternal {
          cidrs
          allPorts
          ports {
            ...PortFields
          }
        }
        fromIngressController {
          allPorts
          ports {
            ...PortFields
          }
        }
        reasons {
          code
          message
          objects {
            kind
            namespace
            name
          }
        }
      }
    }
  }
`,
  [EndpointFields, PortFields],
);

/** An offending pair of an intent, as a diff or a what-if lists those that appear or go away. */
export const IntentViolationPair = graphql(
  `
  fragment IntentViolationPair on IntentViolation {
    allPorts
    from {
      ...EndpointFields
    }
    to {
      ...EndpointFields
    }
    ports {
      ...PortFields
    }
  }
`,
  [EndpointFields, PortFields],
);

export const SnapshotDiff = graphql(
  `
  query SnapshotDiff($from: String!, $to: String!) {
    diff(from: $from, to: $to, granularity: workload) {
      from
      to
      crossCluster
      unexplainedChanges
      sides {
        from {
          snapshot
          name
          cluster
          capturedAt
        }
        to {
          snapshot
          name
          cluster
          capturedAt
        }
      }
      changes {
        type
        note
        src {
          ...EndpointFields
        }
        dst {
          ...EndpointFields
        }
        before {
          allPorts
          ports {
            ...PortFields
          }
        }
        after {
          allPorts
          ports {
            ...PortFields
          }
        }
        causes {
          kind
          object
          details
          rulesBefore {
            ...DecisionFields
          }
          rulesAfter {
            ...DecisionFields
          }
        }
      }
      policies {
        added
        removed
        modified
        fieldChanges {
          policy
          fields {
            path
            type
            beforeJson
            afterJson
          }
        }
      }
      findings {
        new {
          severity
          code
          message
        }
        resolved {
          severity
          code
          message
        }
      }
      exposure {
        newlyExposed {
          ...EndpointFields
        }
        noLongerExposed {
          ...EndpointFields
        }
      }
      intents {
        name
        holdsBefore
        holdsAfter
        violationsBefore
        violationsAfter
        newViolations {
          ...IntentViolationPair
        }
        resolvedViolations {
          ...IntentViolationPair
        }
      }
    }
  }
`,
  [EndpointFields, PortFields, DecisionFields, IntentViolationPair],
);

export const ClusterTrends = graphql(`
  query ClusterTrends($cluster: String!, $from: String, $to: String) {
    clusterReport(cluster: $cluster, from: $from, to: $to) {
      cluster
      snapshots
      metrics {
        name
        description
        start
        end
        change
        trend
      }
      series {
        snapshotId
        name
        capturedAt
        metrics {
          name
          value
        }
      }
      steps {
        from
        to
        capturedAt
        sameContent
        counts {
          connectionsAdded
          connectionsRemoved
          connectionsChanged
          policiesAdded
          policiesRemoved
          policiesModified
        }
      }
    }
  }
`);

export const Findings = graphql(`
  query Findings($id: String!) {
    snapshot(id: $id) {
      id
      findings {
        severity
        code
        message
        objects {
          kind
          namespace
          name
        }
      }
    }
  }
`);

export const WhatIf = graphql(
  `
  query WhatIf($snapshot: String!, $manifests: String, $remove: [String!]) {
    whatIf(snapshot: $snapshot, manifests: $manifests, remove: $remove) {
      warnings
      unexplainedChanges
      applied {
        added
        replaced
        removed
      }
      changes {
        type
        note
        src {
          ...EndpointFields
        }
        dst {
          ...EndpointFields
        }
        before {
          allPorts
          ports {
            ...PortFields
          }
        }
        after {
          allPorts
          ports {
            ...PortFields
          }
        }
        causes {
          kind
          object
          details
          rulesBefore {
            ...DecisionFields
          }
          rulesAfter {
            ...DecisionFields
          }
        }
      }
      policies {
        added
        removed
        modified
        fieldChanges {
          policy
          fields {
            path
            type
            beforeJson
            afterJson
          }
        }
      }
      exposure {
        newlyExposed {
          ...EndpointFields
        }
        noLongerExposed {
          ...EndpointFields
        }
        newlyInternetExposed {
          ...EndpointFields
        }
        noLongerInternetExposed {
          ...EndpointFields
        }
      }
      findings {
        new {
          severity
          code
          message
        }
        resolved {
          severity
          code
          message
        }
      }
      intents {
        name
        holdsBefore
        holdsAfter
        violationsBefore
        violationsAfter
        newViolations {
          ...IntentViolationPair
        }
        resolvedViolations {
          ...IntentViolationPair
        }
      }
    }
  }
`,
  [EndpointFields, PortFields, DecisionFields, IntentViolationPair],
);

export const Intents = graphql(
  `
  query Intents($id: String!) {
    snapshot(id: $id) {
      id
      intentResults {
        holds
        violated
        results {
          name
          type
          description
          holds
          violationCount
          warnings
          violations {
            allPorts
            reason
            from {
              ...EndpointFields
            }
            to {
              ...EndpointFields
            }
            ports {
              ...PortFields
            }
            decidedBy {
              ...DecisionFields
            }
          }
        }
      }
    }
  }
`,
  [EndpointFields, PortFields, DecisionFields],
);

/** One stored object of a snapshot, as YAML (the policy viewer). */
export const StoredObjectYaml = graphql(`
  query StoredObjectYaml($id: String!, $kind: String!, $namespace: String, $name: String!) {
    snapshot(id: $id) {
      id
      name
      objects(kind: $kind, namespace: $namespace, name: $name, first: 10) {
        kind
        apiVersion
        namespace
        name
        yaml
      }
    }
  }
`);

export const SetClusterIntents = graphql(`
  mutation SetClusterIntents($cluster: String!, $yaml: String!) {
    setClusterIntents(cluster: $cluster, yaml: $yaml) {
      cluster
      updatedAt
      intents {
        name
      }
    }
  }
`);
