// OpenSubsonic API keys: create one by name (the key is shown this once),
// list them by name and last four characters, revoke one.
import { useEffect, useState } from 'preact/hooks';
import { api, type ApiKeyInfo } from '../../api.js';
import { t } from '../../i18n.js';
import { ShownOnce } from './ShownOnce.js';

function KeyRow(props: { apiKey: ApiKeyInfo; onRevoke: () => void }) {
  const { name, hint } = props.apiKey;
  return (
    <li>
      {name} · …{hint}{' '}
      <button
        type="button"
        onClick={props.onRevoke}
        aria-label={`${t('revoke')} ${name}`}
      >
        {t('revoke')}
      </button>
    </li>
  );
}

export function ApiKeys() {
  const [keys, setKeys] = useState<ApiKeyInfo[]>([]);
  const [fresh, setFresh] = useState<string | null>(null);
  const reload = () =>
    void api.apiKeys().then(
      ({ apiKeys }) => setKeys(apiKeys),
      () => undefined,
    );
  useEffect(reload, []);

  const create = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name'));
    const { apiKey } = await api.createApiKey(name);
    form.reset();
    setFresh(apiKey.key);
    reload();
  };
  const revoke = async (id: number) => {
    await api.revokeApiKey(id);
    setFresh(null);
    reload();
  };

  return (
    <section aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('apiKeys')}</h2>
      <p class="hint">{t('apiKeysHelp')}</p>
      {fresh && <ShownOnce label={t('newApiKey')} value={fresh} />}
      {keys.length === 0 && <p>{t('noApiKeys')}</p>}
      <ul aria-labelledby="api-keys-title" class="account-list">
        {keys.map((key) => (
          <KeyRow key={key.id} apiKey={key} onRevoke={() => void revoke(key.id)} />
        ))}
      </ul>
      <form onSubmit={(e) => void create(e)} class="account-form">
        <label>
          {t('keyName')}
          <input name="name" required maxLength={100} />
        </label>
        <button type="submit">{t('createApiKey')}</button>
      </form>
    </section>
  );
}
