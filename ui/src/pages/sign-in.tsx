import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { client } from '../api/client';
import { WhoAmI } from '../api/operations';
import { signIn, signOut } from '../api/session';
import { ErrorNote, usePageTitle } from '../components/common';

export function SignInPage() {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as { from?: string; expired?: boolean };
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(state.expired ? 'The service refused the credential: sign in again.' : null);
  const [busy, setBusy] = useState(false);
  const [authOff, setAuthOff] = useState(false);

  // A service started with AUTH=off answers without a credential: say so instead of asking for one.
  useEffect(() => {
    signOut();
    void fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ about { name } }' }) })
      .then(async (r) => setAuthOff(r.ok && !((await r.json()) as { errors?: unknown[] }).errors))
      .catch(() => undefined);
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    signIn(token);
    const result = await client.query(WhoAmI, {}, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    if (result.error) {
      signOut();
      const code = result.error.graphQLErrors[0]?.extensions?.code;
      setError(code === 'UNAUTHENTICATED' || result.error.response?.status === 401 ? 'This key or token was refused.' : result.error.message);
      return;
    }
    navigate(state.from && state.from !== '/sign-in' ? state.from : '/', { replace: true });
  }

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to PolicyScope</h1>
      <form onSubmit={(e) => void submit(e)} className="card">
        <label htmlFor="credential">API key or OIDC token</label>
        <input
          id="credential"
          name="credential"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="ps_…"
          aria-describedby="credential-help"
          required={!authOff}
        />
        <p id="credential-help" className="muted">
          The first start of the service prints an admin key and writes it to <code>.policyscope/admin-key</code>. An OIDC bearer token (JWT) from
          your identity provider works too. It is kept in this tab only (sessionStorage).
        </p>
        {authOff && (
          <p className="note" role="status">
            Authentication is off on this service (AUTH=off): continue without a key.
          </p>
        )}
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : authOff && !token ? 'Continue' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
