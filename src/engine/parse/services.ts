// Service, Ingress (networking.k8s.io/v1 and the older serviceName/servicePort shape) and
// OpenShift Route.

import type { IngressRouteModel, ObjectRef, ServiceModel, ServicePort } from '../model.js';
import { type Decoder } from './diagnostics.js';
import { at, child, isAbsent, readArray, readRecord, readString, readStringMap, required, requireRecord, requireString, type JsonRecord } from './fields.js';
import { readPortNumber, readPortOrName, readProtocol } from './ports.js';
import { invalidEnumValue } from './validation.js';

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

export function decodeService(d: Decoder, object: JsonRecord, namespace: string, name: string): ServiceModel {
  const spec = readRecord(d, object.spec, 'spec') ?? {};
  const selector = readStringMap(d, spec.selector, 'spec.selector');
  const list = readArray(d, spec.ports, 'spec.ports') ?? [];
  const ports: ServicePort[] = [];
  for (let i = 0; i < list.length; i++) {
    const port = readServicePort(d, list[i], at('spec.ports', i));
    if (port) ports.push(port);
  }
  return {
    namespace,
    name,
    // An empty selector is no selector: the endpoints controller manages no pods for it.
    selector: selector && Object.keys(selector).length > 0 ? selector : null,
    ports,
    type: readServiceType(d, spec.type),
    ...externalIPs(d, spec.externalIPs),
  };
}

function externalIPs(d: Decoder, value: unknown): { externalIPs?: string[] } {
  const list = (readArray(d, value, 'spec.externalIPs') ?? []).map((v, i) => readString(d, v, at('spec.externalIPs', i))).filter((v): v is string => Boolean(v));
  return list.length ? { externalIPs: list } : {};
}

function readServiceType(d: Decoder, value: unknown): string {
  const type = readString(d, value, 'spec.type');
  if (!type) return 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) invalidEnumValue(d, 'object.field.value', 'spec.type', 'Service type', type, SERVICE_TYPES);
  return type;
}

function readServicePort(d: Decoder, value: unknown, path: string): ServicePort | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const port = isAbsent(record.port) ? required(d, child(path, 'port')) : readPortNumber(d, record.port, child(path, 'port'));
  const protocol = readProtocol(d, record.protocol, child(path, 'protocol'));
  const name = readString(d, record.name, child(path, 'name'));
  const targetPort = isAbsent(record.targetPort) ? port : readPortOrName(d, record.targetPort, child(path, 'targetPort'));
  if (typeof port !== 'number' || protocol === undefined || targetPort === undefined) return undefined;
  const result: ServicePort = { port, protocol, targetPort };
  if (name) result.name = name;
  return result;
}

export function decodeIngress(d: Decoder, object: JsonRecord, namespace: string, name: string): IngressRouteModel[] {
  const source: ObjectRef = { kind: 'Ingress', namespace, name };
  const spec = readRecord(d, object.spec, 'spec') ?? {};
  const routes: IngressRouteModel[] = [];
  const add = (value: unknown, path: string): void => {
    const route = readIngressBackend(d, value, path, source);
    if (route && !routes.some((r) => r.service === route.service && r.port === route.port)) routes.push(route);
  };
  add(spec.defaultBackend, 'spec.defaultBackend');
  add(spec.backend, 'spec.backend');
  const rules = readArray(d, spec.rules, 'spec.rules') ?? [];
  for (let r = 0; r < rules.length; r++) {
    const rulePath = at('spec.rules', r);
    const rule = readRecord(d, rules[r], rulePath);
    const http = rule && readRecord(d, rule.http, child(rulePath, 'http'));
    const paths = (http && readArray(d, http.paths, child(rulePath, 'http.paths'))) ?? [];
    for (let p = 0; p < paths.length; p++) {
      const pathPath = at(child(rulePath, 'http.paths'), p);
      const entry = readRecord(d, paths[p], pathPath);
      if (entry) add(entry.backend, child(pathPath, 'backend'));
    }
  }
  return routes;
}

/** v1 `{service: {name, port: {number | name}}}` or v1beta1 `{serviceName, servicePort}`; resource backends lead to no Service. */
function readIngressBackend(d: Decoder, value: unknown, path: string, source: ObjectRef): IngressRouteModel | undefined {
  const backend = readRecord(d, value, path);
  if (!backend) return undefined;
  if (!isAbsent(backend.service)) {
    const service = readRecord(d, backend.service, child(path, 'service'));
    if (!service) return undefined;
    const serviceName = requireString(d, service.name, child(path, 'service.name'));
    const port = readRecord(d, service.port, child(path, 'service.port'));
    let servicePort: number | string | undefined;
    if (port && !isAbsent(port.number)) servicePort = readPortNumber(d, port.number, child(path, 'service.port.number'));
    else if (port && !isAbsent(port.name)) servicePort = readString(d, port.name, child(path, 'service.port.name'));
    return serviceName === undefined ? undefined : route(source, serviceName, servicePort);
  }
  if (!isAbsent(backend.serviceName)) {
    const serviceName = readString(d, backend.serviceName, child(path, 'serviceName'));
    const servicePort = isAbsent(backend.servicePort) ? undefined : readPortOrName(d, backend.servicePort, child(path, 'servicePort'));
    return serviceName ? route(source, serviceName, servicePort) : undefined;
  }
  return undefined;
}

function route(source: ObjectRef, service: string, port: number | string | undefined): IngressRouteModel {
  const model: IngressRouteModel = { source, namespace: source.namespace, service };
  if (port !== undefined) model.port = port;
  return model;
}

/** A Route before its target port is resolved against the Services of the snapshot. */
export interface DecodedRoute {
  source: ObjectRef;
  services: string[];
  /** `spec.port.targetPort`: a Service port name, or a number meaning a Service *target* port. */
  targetPort?: number | string;
}

export function decodeRoute(d: Decoder, object: JsonRecord, namespace: string, name: string): DecodedRoute | undefined {
  const spec = requireRecord(d, object.spec, 'spec');
  if (!spec) return undefined;
  const services: string[] = [];
  const addBackend = (value: unknown, path: string): void => {
    const backend = readRecord(d, value, path);
    if (!backend) return;
    const kind = readString(d, backend.kind, child(path, 'kind')) ?? 'Service';
    const serviceName = requireString(d, backend.name, child(path, 'name'));
    if (kind === 'Service' && serviceName && !services.includes(serviceName)) services.push(serviceName);
  };
  if (isAbsent(spec.to)) requireRecord(d, spec.to, 'spec.to');
  addBackend(spec.to, 'spec.to');
  const alternates = readArray(d, spec.alternateBackends, 'spec.alternateBackends') ?? [];
  alternates.forEach((backend, i) => addBackend(backend, at('spec.alternateBackends', i)));
  const port = readRecord(d, spec.port, 'spec.port');
  const targetPort = port && !isAbsent(port.targetPort) ? readPortOrName(d, port.targetPort, 'spec.port.targetPort') : undefined;
  const decoded: DecodedRoute = { source: { kind: 'Route', namespace, name }, services };
  if (targetPort !== undefined) decoded.targetPort = targetPort;
  return decoded;
}

/**
 * OpenShift reads a named targetPort as a Service port name and a numeric one as the Service's
 * target (container) port. IngressRouteModel speaks Service ports, so numeric values are mapped to
 * the Service ports forwarding to them; when none does, the number is kept as is.
 */
export function resolveRoute(route: DecodedRoute, servicesByKey: ReadonlyMap<string, ServiceModel>): IngressRouteModel[] {
  const models: IngressRouteModel[] = [];
  const namespace = route.source.namespace;
  for (const serviceName of route.services) {
    const base: IngressRouteModel = { source: route.source, namespace, service: serviceName };
    if (route.targetPort === undefined || typeof route.targetPort === 'string') {
      models.push(route.targetPort === undefined ? base : { ...base, port: route.targetPort });
      continue;
    }
    const service = servicesByKey.get(`${namespace}/${serviceName}`);
    const matching = service ? service.ports.filter((p) => p.targetPort === route.targetPort) : [];
    if (matching.length === 0) models.push({ ...base, port: route.targetPort });
    for (const port of matching) models.push({ ...base, port: port.port });
  }
  return models;
}
