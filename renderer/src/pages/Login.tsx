// The sign-in form. Any 401 from the API brings the player back here.
import { useState } from 'preact/hooks';
import { api, ApiError, type User } from '../api.js';
import { t } from '../i18n.js';

export function Login({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.login(
        String(form.get('username')),
        String(form.get('password')),
      );
      onSignedIn(user);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401 ? t('wrongPassword') : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Hearth</h1>
        <label>
          {t('username')}
          <input name="username" autocomplete="username" required autoFocus />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}
