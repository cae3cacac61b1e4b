// The signed-in user's own account: password, sessions, and the credentials
// Subsonic apps use (app password, API keys). An admin also gets the way to
// the server's settings page.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { ApiKeys } from './account/ApiKeys.js';
import { AppPassword } from './account/AppPassword.js';
import { PasswordForm } from './account/Password.js';
import { Sessions } from './account/Sessions.js';

export function Account() {
  const [admin, setAdmin] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void api.me().then(
      ({ user }) => setAdmin(user.role === 'admin'),
      () => undefined,
    );
  }, []);

  return (
    <div class="account">
      <h1>{t('account')}</h1>
      {admin && (
        <p>
          <a href="/settings">{t('adminSettings')}</a>
        </p>
      )}
      <PasswordForm onChanged={() => setVersion((v) => v + 1)} />
      <Sessions version={version} />
      <AppPassword />
      <ApiKeys />
    </div>
  );
}
