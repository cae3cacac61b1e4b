// The sign-in step for a browser without an admin session. Inside Electron
// the window talks IPC and never shows it.
import { useState } from 'preact/hooks';
import { ApiError } from './types.js';

export function SignIn(props: {
  reason: 'signed-out' | 'not-admin';
  signIn: (username: string, password: string) => Promise<void>;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.signIn(username, password);
    } catch (err) {
      setError(err instanceof ApiError && err.message ? err.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card sign-in" onSubmit={submit} aria-label="Sign in">
      <h1>Hearth settings</h1>
      <p class="muted">
        {props.reason === 'not-admin'
          ? 'The settings need an admin account. Sign in as an admin.'
          : 'Sign in with an admin account to change the settings.'}
      </p>
      <label>
        Username
        <input
          name="username"
          autoComplete="username"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  );
}
