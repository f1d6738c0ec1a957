import { useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { RestError, uploadSnapshot, type UploadAnswer } from '../api/client';
import { ErrorNote, usePageTitle } from '../components/common';
import { useSnapshotReady } from '../components/use-snapshot-ready';

/** Several files become one multi-document YAML stream (a JSON document is YAML too); one JSON file is sent as it is. */
async function bodyOf(files: readonly File[]): Promise<{ body: Blob; type: string }> {
  if (files.length === 1 && files[0]!.name.toLowerCase().endsWith('.json')) return { body: files[0]!, type: 'application/json' };
  const texts = await Promise.all(files.map((f) => f.text()));
  return { body: new Blob([texts.join('\n---\n')], { type: 'application/yaml' }), type: 'application/yaml' };
}

function Analysis({ answer }: { answer: UploadAnswer }) {
  const ready = useSnapshotReady(answer.id);
  return (
    <section className="card" aria-live="polite">
      <h2>Snapshot stored</h2>
      {answer.duplicate && <p>The cluster already had this content: nothing new was stored.</p>}
      {answer.contentShared && <p>This content was analysed before: the analysis is shared.</p>}
      {ready.statusView}
      {ready.ready && (
        <p data-testid="upload-ready">
          Analysis ready. <Link to={`/snapshots/${answer.id}`}>Open the graph</Link> · <Link to={`/snapshots/${answer.id}/ask`}>Ask</Link> ·{' '}
          <Link to={`/changes?to=${answer.id}`}>Changes since the previous snapshot</Link>
        </p>
      )}
      {ready.snapshot && ready.snapshot.diagnostics.length > 0 && (
        <details>
          <summary>{ready.snapshot.diagnostics.length} diagnostics</summary>
          <ul>
            {ready.snapshot.diagnostics.map((d, i) => (
              <li key={i}>
                {d.severity}: {d.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export function UploadPage() {
  usePageTitle('Upload');
  const [files, setFiles] = useState<File[]>([]);
  const [cluster, setCluster] = useState('');
  const [name, setName] = useState('');
  const [validation, setValidation] = useState('strict');
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<RestError | null>(null);
  const [answer, setAnswer] = useState<UploadAnswer | null>(null);

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    setFiles([...e.dataTransfer.files]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setAnswer(null);
    const { body, type } = await bodyOf(files);
    const query = new URLSearchParams({ cluster: cluster.trim(), validation });
    if (name.trim()) query.set('name', name.trim());
    try {
      setProgress({ sent: 0, total: body.size });
      setAnswer(await uploadSnapshot(query, body, type, (sent, total) => setProgress({ sent, total })));
    } catch (err) {
      setError(err as RestError);
    } finally {
      setProgress(null);
    }
  }

  return (
    <>
      <div className="page-head">
        <h1>Upload a snapshot</h1>
      </div>
      <form onSubmit={(e) => void submit(e)} className="card upload">
        <div
          className={dragging ? 'dropzone dragging' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
        >
          <p>Drop Kubernetes manifests (YAML) or a <code>kubectl get -o json</code> file here, or</p>
          <label className="button secondary">
            choose files
            <input type="file" className="visually-hidden" multiple accept=".yaml,.yml,.json" onChange={(e) => setFiles([...(e.target.files ?? [])])} data-testid="file-input" />
          </label>
          {files.length > 0 && (
            <ul className="files" aria-label="Chosen files">
              {files.map((f) => (
                <li key={f.name}>
                  {f.name} ({Math.ceil(f.size / 1024)} KiB)
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="form-grid">
          <label>
            Cluster
            <input name="cluster" required pattern="[a-z0-9._\-]{1,63}" value={cluster} onChange={(e) => setCluster(e.target.value)} aria-describedby="cluster-help" />
          </label>
          <label>
            Snapshot name (optional)
            <input name="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Validation
            <select value={validation} onChange={(e) => setValidation(e.target.value)}>
              <option value="strict">strict (as kubectl apply)</option>
              <option value="warn">warn</option>
              <option value="ignore">ignore</option>
            </select>
          </label>
        </div>
        <p id="cluster-help" className="muted">
          Lower-case letters, digits, “.”, “_” and “-”; the cluster is created on first use.
        </p>
        <button type="submit" disabled={files.length === 0 || progress !== null}>
          Upload
        </button>
        {progress && (
          <p role="status">
            <progress max={progress.total || 1} value={progress.sent} aria-label="Upload progress" /> Sending {Math.round(progress.sent / 1024)} of {Math.round(progress.total / 1024)} KiB
          </p>
        )}
      </form>
      {error && (
        <div>
          <ErrorNote error={`${error.code}: ${error.message}`} />
          {error.details.length > 0 && (
            <ul className="error-details">
              {error.details.map((d, i) => (
                <li key={i}>{(d as { message?: string }).message ?? JSON.stringify(d)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {answer && <Analysis key={answer.id} answer={answer} />}
    </>
  );
}
