// The Subsonic app password: whether one is set, a new one (shown this once)
// and revoking it, which stops token sign-in at once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { ShownOnce } from './ShownOnce.js';

export function AppPassword() {
  const [set, setSet] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  useEffect(() => {
    void api.appPasswordState().then(
      (state) => setSet(state.set),
      () => undefined,
    );
  }, []);

  const create = async () => {
    const { appPassword } = await api.createAppPassword();
    setFresh(appPassword);
    setSet(true);
  };
  const revoke = async () => {
    await api.revokeAppPassword();
    setFresh(null);
    setSet(false);
  };

  return (
    <section aria-labelledby="app-password-title">
      <h2 id="app-password-title">{t('appPassword')}</h2>
      <p class="hint">{t('appPasswordHelp')}</p>
      <p role="status">{set ? t('appPasswordSet') : t('appPasswordNone')}</p>
      {fresh && <ShownOnce label={t('newAppPassword')} value={fresh} />}
      <div class="actions">
        <button type="button" onClick={() => void create()}>
          {t('createAppPassword')}
        </button>
        {set && (
          <button type="button" onClick={() => void revoke()}>
            {t('revoke')} · {t('appPassword')}
          </button>
        )}
      </div>
    </section>
  );
}
