import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { hasScope, type Principal } from '../auth/principal.js';
import type { ClusterSettingsInput } from './dto/cluster.input.js';

/**
 * Where a capture reads its credentials (a kubeconfig file on the server, a Secret, the service account) is
 * for admins to set: a write key could otherwise point a capture at any credentials the server holds.
 */
export function requireAdminForCaptureTarget(principal: Principal, input: ClusterSettingsInput): void {
  const fields = (['kubeconfigPath', 'kubeconfigSecret', 'kubeContext', 'inCluster'] as const).filter((f) => input[f] !== undefined);
  if (fields.length && !hasScope(principal, 'admin')) {
    throw new AppError(ErrorCode.Forbidden, `only an admin key may set ${fields.join(', ')} (the capture's credentials)`, fields.map((path) => ({ path, message: 'admin only' })));
  }
}
