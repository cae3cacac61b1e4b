// First run: while no user exists, the player asks for the first admin
// instead of a sign-in. Away from this computer the server also wants the
// setup code it printed in its log. The setup route signs the admin in.
import { useState } from 'preact/hooks';
import { api, ApiError, type User } from '../api.js';
import { t } from '../i18n.js';

interface SetupFields {
  username: string;
  password: string;
  confirm: string;
  setupToken: string;
}

function readFields(form: HTMLFormElement): SetupFields {
  const data = new FormData(form);
  const field = (name: string) => String(data.get(name) ?? '');
  return {
    username: field('username'),
    password: field('password'),
    confirm: field('confirm'),
    setupToken: field('setupToken').trim(),
  };
}

/** The words for a refused setup: the code, a finished setup, or the server's. */
function setupError(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  if (err.id === 'setup_code_required') return t('setupCodeWrong');
  if (err.id === 'setup_done') return t('setupDone');
  return err.message;
}

export function Setup(props: { tokenRequired: boolean; onSignedIn: (u: User) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const fields = readFields(event.currentTarget as HTMLFormElement);
    if (fields.password !== fields.confirm) return setError(t('passwordsDiffer'));

    // Only the fields the route knows; the code only when one was typed.
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.setup({
        username: fields.username,
        password: fields.password,
        setupToken: fields.setupToken || undefined,
      });
      props.onSignedIn(user);
    } catch (err) {
      setError(setupError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setupTitle')}</h1>
        <p>{t('setupIntro')}</p>
        <label>
          {t('username')}
          <input name="username" autocomplete="username" required autoFocus />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="new-password" required />
        </label>
        <label>
          {t('confirmPassword')}
          <input name="confirm" type="password" autocomplete="new-password" required />
        </label>
        <label>
          {t('setupCode')}
          <input
            name="setupToken"
            autocomplete="off"
            required={props.tokenRequired}
            aria-describedby="setup-code-help"
          />
        </label>
        <p id="setup-code-help" class="hint">
          {props.tokenRequired ? t('setupCodeNeeded') : t('setupCodeLocal')}
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('createAdmin')}
        </button>
      </form>
    </main>
  );
}
