import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';

/**
 * The file a cluster's kubeconfigPath names, only when it lies inside KUBECONFIG_DIR once every
 * symlink and `..` is resolved (realpath): a key holder cannot point captures at any other file of
 * the server (/etc/shadow, the service's own secrets). Checked when the path is set and again at
 * each capture, since a symlink can change in between. Errors name the path, never the contents.
 */
export function resolveKubeconfigPath(kubeconfigDir: string | undefined, path: string): string {
  const refuse = (message: string) => new AppError(ErrorCode.BadRequest, `kubeconfigPath "${path}" ${message}`, [{ path: 'kubeconfigPath', message }]);
  if (kubeconfigDir === undefined) throw refuse('cannot be used: the server has no KUBECONFIG_DIR configured (kubeconfig files are read only from there)');
  let dir: string;
  try {
    dir = realpathSync(kubeconfigDir);
  } catch {
    throw refuse('cannot be used: KUBECONFIG_DIR does not exist on the server');
  }
  let real: string;
  try {
    real = realpathSync(isAbsolute(path) ? path : resolve(dir, path));
  } catch {
    throw refuse('is not a file in KUBECONFIG_DIR');
  }
  const inside = relative(dir, real);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw refuse('is outside KUBECONFIG_DIR (after resolving symlinks and "..")');
  }
  return real;
}

/** A Secret reference as clusters store it: `namespace/name` or `namespace/name/key` (key default `kubeconfig`). */
export interface SecretRef {
  namespace: string;
  name: string;
  key: string;
}

const DNS_LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
const DNS_SUBDOMAIN = '[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?';
const SECRET_KEY = '[-._a-zA-Z0-9]{1,253}';
const SECRET_REF = new RegExp(`^(${DNS_LABEL})/(${DNS_SUBDOMAIN})(?:/(${SECRET_KEY}))?$`);

/** The reference, or null when it is not `namespace/name[/key]` with Kubernetes' name rules. */
export function parseSecretRef(text: string): SecretRef | null {
  const m = SECRET_REF.exec(text.trim());
  if (!m) return null;
  const namespace = m[1]!;
  const name = m[3]!;
  const key = m[5] ?? 'kubeconfig';
  return { namespace, name, key };
}
