// Traffic entering through Ingress / OpenShift Route objects: from the ingress controller to
// the pods of the named Service (same namespace), on the Service's target ports. Ingress
// carries HTTP(S), so only TCP service ports count. A named targetPort resolves on each pod's
// container ports. The caller intersects the result with what the pod's ingress policies allow
// from the controller.

import type { Diagnostic, IngressRouteModel, ObjectRef, ServiceModel, ServicePort, SnapshotModel } from '../model.js';
import { PortSet } from '../sets/port-set.js';
import type { PodClass } from './classes.js';

export interface RouteGrant {
  source: ObjectRef;
  service: string;
  ports: PortSet;
}

export interface RoutedPorts {
  ports: PortSet;
  grants: RouteGrant[];
}

/**
 * The Service ports a route names, by port number or port name (an Ingress backend names a
 * Service port, not a target port; np-guard also accepts a matching targetPort, we do not).
 * Undefined = every port.
 */
function selectedPorts(service: ServiceModel, route: IngressRouteModel): ServicePort[] {
  const wanted = route.port;
  if (wanted === undefined) return [...service.ports];
  return service.ports.filter((p) => (typeof wanted === 'number' ? p.port === wanted : p.name === wanted));
}

function serviceSelects(service: ServiceModel, podClass: PodClass): boolean {
  const selector = service.selector;
  // Kubernetes: a Service with an empty or absent selector has its endpoints managed elsewhere.
  if (selector === null || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => podClass.labels[k] === v);
}

function targetPorts(ports: readonly ServicePort[], podClass: PodClass): PortSet {
  let result = PortSet.EMPTY;
  for (const servicePort of ports) {
    if (servicePort.protocol !== 'TCP') continue;
    const target = servicePort.targetPort;
    if (typeof target === 'number') {
      result = result.union(PortSet.port('TCP', target));
      continue;
    }
    for (const containerPort of podClass.ports) {
      if (containerPort.name === target && containerPort.protocol === 'TCP') result = result.union(PortSet.port('TCP', containerPort.port));
    }
  }
  return result;
}

function routeText(route: IngressRouteModel): string {
  return `${route.source.kind} ${route.source.namespace}/${route.source.name}`;
}

/** Routed ports by class id (classes no route reaches are absent). */
export function routedPortsByClass(snapshot: SnapshotModel, classes: readonly PodClass[], diagnostics: Diagnostic[]): Map<number, RoutedPorts> {
  const result = new Map<number, RoutedPorts>();
  const services = new Map(snapshot.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const route of snapshot.ingressRoutes) {
    const service = services.get(`${route.namespace}/${route.service}`);
    if (service === undefined) {
      diagnostics.push({ severity: 'warning', code: 'ingress.service.missing', message: `${routeText(route)} routes to Service ${route.namespace}/${route.service}, which is not in the snapshot`, object: routeText(route) });
      continue;
    }
    const ports = selectedPorts(service, route);
    if (ports.length === 0) {
      diagnostics.push({ severity: 'warning', code: 'ingress.service.port.missing', message: `${routeText(route)} routes to port ${String(route.port)} of Service ${route.namespace}/${route.service}, which has no such port`, object: routeText(route) });
      continue;
    }
    for (const podClass of classes) {
      if (podClass.ingressController || podClass.namespace !== route.namespace || !serviceSelects(service, podClass)) continue;
      const granted = targetPorts(ports, podClass);
      if (granted.isEmpty()) continue;
      const entry = result.get(podClass.id) ?? { ports: PortSet.EMPTY, grants: [] };
      entry.ports = entry.ports.union(granted);
      entry.grants.push({ source: route.source, service: service.name, ports: granted });
      result.set(podClass.id, entry);
    }
  }
  return result;
}
