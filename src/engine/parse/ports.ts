// Port and protocol fields of NetworkPolicy, admin policies, containers and Services.

import { PROTOCOLS, type PortMatch, type Protocol } from '../model.js';
import { fatal, warn, type Decoder } from './diagnostics.js';
import { child, describeValue, isAbsent, readInteger, readString } from './fields.js';
import { invalidEnumValue } from './validation.js';

const PROTOCOL_SET: ReadonlySet<string> = new Set(PROTOCOLS);
const DIGITS = /^\d+$/;

/** Absent → TCP, the Kubernetes default. */
export function readProtocol(d: Decoder, value: unknown, path: string): Protocol | undefined {
  if (isAbsent(value)) return 'TCP';
  const text = readString(d, value, path);
  if (text === undefined) return undefined;
  if (!PROTOCOL_SET.has(text)) {
    invalidEnumValue(d, 'protocol.invalid', path, 'protocol', text, PROTOCOLS);
    return undefined;
  }
  return text as Protocol;
}

export function readPortNumber(d: Decoder, value: unknown, path: string): number | undefined {
  const port = readInteger(d, value, path);
  if (port === undefined) return undefined;
  if (port < 1 || port > 65535) {
    fatal(d, 'port.out-of-range', path, `port ${port} is outside 1-65535`);
    return undefined;
  }
  return port;
}

/**
 * An IntOrString port: a number in range, or a name. Digit-only strings are read as numbers, with a
 * warning: the API server rejects them (a port name must contain a letter), so such a manifest never
 * reached a cluster as written.
 */
export function readPortOrName(d: Decoder, value: unknown, path: string): number | string | undefined {
  if (typeof value === 'string') {
    if (DIGITS.test(value)) {
      warn(d, 'port.numeric-string', path, `port ${JSON.stringify(value)} is a string of digits: read as the number ${Number(value)} (the Kubernetes API server would reject it; write it unquoted)`);
      return readPortNumber(d, Number(value), path);
    }
    if (value === '') {
      fatal(d, 'object.field.value', path, 'port name is empty');
      return undefined;
    }
    return value;
  }
  if (typeof value === 'number') return readPortNumber(d, value, path);
  fatal(d, 'object.field.type', path, `expected a port number or name, got ${describeValue(value)}`);
  return undefined;
}

/** A NetworkPolicyPort: `{protocol?, port?, endPort?}`. */
export function readNetworkPolicyPort(d: Decoder, record: Record<string, unknown>, path: string): PortMatch | undefined {
  const protocol = readProtocol(d, record.protocol, child(path, 'protocol'));
  const hasEnd = !isAbsent(record.endPort);
  if (isAbsent(record.port)) {
    if (hasEnd) fatal(d, 'port.endPort.without-port', child(path, 'endPort'), 'endPort needs a numeric port');
    return protocol && !hasEnd ? { kind: 'all-of-protocol', protocol } : undefined;
  }
  const port = readPortOrName(d, record.port, child(path, 'port'));
  if (port === undefined || protocol === undefined) return undefined;
  if (typeof port === 'string') {
    if (hasEnd) {
      fatal(d, 'port.endPort.named', child(path, 'endPort'), `endPort cannot be combined with the named port ${JSON.stringify(port)}`);
      return undefined;
    }
    return { kind: 'named', protocol, name: port };
  }
  if (!hasEnd) return { kind: 'range', protocol, from: port, to: port };
  const end = readPortNumber(d, record.endPort, child(path, 'endPort'));
  if (end === undefined) return undefined;
  if (end < port) {
    fatal(d, 'port.range.invalid', child(path, 'endPort'), `endPort ${end} is below port ${port}`);
    return undefined;
  }
  return { kind: 'range', protocol, from: port, to: end };
}

/** A range `start..end`; `start > end` is fatal. */
export function portRange(d: Decoder, protocol: Protocol, start: number, end: number, path: string): PortMatch | undefined {
  if (start > end) {
    fatal(d, 'port.range.invalid', path, `range start ${start} is above end ${end}`);
    return undefined;
  }
  return { kind: 'range', protocol, from: start, to: end };
}
