// The user's sessions, this one marked, and a way to sign out the others.
import { useEffect, useState } from 'preact/hooks';
import { api, type SessionInfo } from '../../api.js';
import { t } from '../../i18n.js';

const when = (ms: number) => new Date(ms).toLocaleString();

function SessionRow({ session }: { session: SessionInfo }) {
  return (
    <li>
      {session.userAgent || '?'} · {session.ip} · {when(session.seenAt)}
      {session.current && <strong> ({t('thisSession')})</strong>}
    </li>
  );
}

export function Sessions(props: { version: number }) {
  const [sessions, setSessions] = useState<SessionInfo[]>([]);
  const reload = () =>
    void api.sessions().then(
      ({ sessions: list }) => setSessions(list),
      () => undefined,
    );
  useEffect(reload, [props.version]);

  const signOutOthers = async () => {
    await api.signOutOthers();
    reload();
  };

  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessions')}</h2>
      <p class="hint">{t('sessionsHelp')}</p>
      <ul aria-labelledby="sessions-title" class="account-list">
        {sessions.map((session) => (
          <SessionRow key={`${session.createdAt}-${session.ip}`} session={session} />
        ))}
      </ul>
      <button type="button" onClick={() => void signOutOthers()}>
        {t('signOutOthers')}
      </button>
    </section>
  );
}
