import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { parseSecretRef } from '../clusters/kubeconfig-path.js';
import { ClustersService } from '../clusters/clusters.service.js';
import { SnapshotIngestService, type IngestOutcome } from '../snapshots/snapshot-ingest.service.js';
import { CaptureError, captureCluster, readKubeconfigSecret } from './kube-capture.js';

export interface CaptureOutcome extends IngestOutcome {
  warnings: string[];
}

/** A live capture of a cluster through its Kubernetes API, stored like any upload. */
@Injectable()
export class CaptureService {
  private readonly logger = new Logger(CaptureService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clusters: ClustersService,
    private readonly ingest: SnapshotIngestService,
  ) {}

  /** `dedupe`: store nothing when the cluster already has a snapshot of the captured content (see IngestRequest). */
  async capture(clusterName: string, options: { dedupe?: boolean } = {}): Promise<CaptureOutcome> {
    const cluster = await this.clusters.get(clusterName);
    if (!cluster.kubeconfigPath && !cluster.kubeconfigSecret && !cluster.inCluster) {
      throw new AppError(ErrorCode.BadRequest, `cluster "${clusterName}" has no capture target: set kubeconfigPath (and kubeContext), kubeconfigSecret or inCluster`, [
        { path: 'kubeconfigPath', message: 'required for live capture unless kubeconfigSecret is set or inCluster is true' },
      ]);
    }
    const kubeconfigPath = this.clusters.kubeconfigFile(cluster);
    const secret = cluster.kubeconfigSecret ? parseSecretRef(cluster.kubeconfigSecret) : null;
    const capturedAt = new Date();
    let result;
    try {
      const kubeconfig = secret ? await readKubeconfigSecret(secret, this.config.secretsKubeconfig) : undefined;
      result = await captureCluster({
        kubeconfigPath,
        kubeconfig,
        context: cluster.kubeContext ?? undefined,
        inCluster: cluster.kubeconfigPath || secret ? false : cluster.inCluster,
      });
    } catch (err) {
      if (err instanceof CaptureError) {
        throw new AppError(ErrorCode.UpstreamFailed, `live capture of "${clusterName}" failed; nothing was stored: ${err.message}`, [
          { path: err.resource, message: err.status ? `HTTP ${err.status}` : 'no answer' },
        ]);
      }
      throw err;
    }
    this.logger.log(`captured ${result.objects.length} objects from ${clusterName} in ${result.durationMs} ms (${result.pages} pages)`);
    const outcome = await this.ingest.ingest({
      cluster: clusterName,
      name: `live ${capturedAt.toISOString()}`,
      capturedAt,
      source: 'live',
      documents: [{ name: `live capture of ${clusterName}`, content: JSON.stringify(result.objects) }],
      extraDiagnostics: result.warnings.map((message) => ({ severity: 'warning' as const, code: 'capture.warning', message })),
      dedupe: options.dedupe ?? false,
      // The API server accepted these objects: a field unknown here comes from a newer API (a warning).
      validation: 'capture',
    });
    return { ...outcome, warnings: result.warnings };
  }
}
