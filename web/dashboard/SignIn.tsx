/**
 * Sign-in: the tenant's secret key is sent once and exchanged for an HttpOnly session cookie;
 * the page keeps neither the key nor the session token (only the CSRF token, in memory).
 */
import { useState } from 'react';
import { ApiError, api } from './api.ts';

export interface OperatorSession {
  tenant: string;
  expires_at: number;
  csrf_token: string;
}

export function SignIn(props: { onSignedIn: (s: OperatorSession) => void; expiredLink: boolean }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="dash-signin tg">
      <h1>Tollgate dashboard</h1>
      {props.expiredLink && (
        <p className="dash-error" role="alert">
          That sign-in link was used or has expired. Restart the server for new links, or sign in with a
          secret key.
        </p>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            const session = await api.post<OperatorSession>('/v1/operator/session', { key: key.trim() });
            setKey('');
            props.onSignedIn(session);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          Secret key
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="tg_sk_…"
            aria-describedby="key-help"
            required
          />
        </label>
        <p id="key-help" className="dash-note">
          Exchanged once for a one-hour session cookie; the key is not kept by this browser.
        </p>
        {error && (
          <p className="dash-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="dash-button" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}
