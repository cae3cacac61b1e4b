// Changing the password: the current one again, the new one twice, and
// whether the other sessions end (they do unless unticked).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { t } from '../../i18n.js';

type Outcome = { ok: boolean; text: string } | null;

function failure(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) return t('wrongPassword');
  return err instanceof Error ? err.message : String(err);
}

export function PasswordForm(props: { onChanged: () => void }) {
  const [outcome, setOutcome] = useState<Outcome>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const newPassword = String(data.get('newPassword'));
    if (newPassword !== String(data.get('confirm'))) {
      return setOutcome({ ok: false, text: t('passwordsDiffer') });
    }

    // The route answers 204 and gives this client a fresh session.
    try {
      await api.changePassword({
        currentPassword: String(data.get('currentPassword')),
        newPassword,
        endOtherSessions: data.get('endOthers') === 'on',
      });
      form.reset();
      setOutcome({ ok: true, text: t('passwordChanged') });
      props.onChanged();
    } catch (err) {
      setOutcome({ ok: false, text: failure(err) });
    }
  };

  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">{t('changePassword')}</h2>
      <form onSubmit={submit} class="account-form">
        <label>
          {t('currentPassword')}
          <input
            name="currentPassword"
            type="password"
            autocomplete="current-password"
            required
          />
        </label>
        <label>
          {t('newPassword')}
          <input
            name="newPassword"
            type="password"
            autocomplete="new-password"
            required
          />
        </label>
        <label>
          {t('confirmPassword')}
          <input name="confirm" type="password" autocomplete="new-password" required />
        </label>
        <label class="check">
          <input name="endOthers" type="checkbox" defaultChecked />
          {t('endOtherSessions')}
        </label>
        {outcome && (
          <p
            class={outcome.ok ? 'notice' : 'error'}
            role={outcome.ok ? 'status' : 'alert'}
          >
            {outcome.text}
          </p>
        )}
        <button type="submit">{t('changePassword')}</button>
      </form>
    </section>
  );
}
