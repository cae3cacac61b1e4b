// The player's shell: sign-in first, then the navigation, the page of the
// current route, the queue panel and the player bar. The two <audio>
// elements of the gapless engine live here, for the whole session.
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { api, onSignedOut, type User } from './api.js';
import { Login } from './pages/Login.js';
import { Nav } from './ui/Nav.js';
import { PageOf } from './pages/index.js';
import { PlayerBar } from './ui/PlayerBar.js';
import { QueuePanel } from './ui/QueuePanel.js';
import { panel } from './ui/panels.js';
import { Shortcuts } from './ui/Shortcuts.js';
import { startEngine } from './player/engine.js';
import { allowSaving, autoSave, resume } from './player/queue.js';
import { reloadPlaylists } from './player/playlists.js';
import { t } from './i18n.js';

/** The signed-in user; null shows the login page, undefined is "checking". */
const user = signal<User | null | undefined>(undefined);
onSignedOut(() => (user.value = null));

/** What a session starts with: the saved queue and the playlists. */
async function startSession(): Promise<void> {
  await resume().catch(() => undefined);
  allowSaving();
  await reloadPlaylists().catch(() => undefined);
}

function Signed() {
  const a = useRef<HTMLAudioElement>(null);
  const b = useRef<HTMLAudioElement>(null);

  // The engine, the saved queue and the queue's auto-save live as long as
  // the session does.
  useEffect(() => {
    const stopEngine = startEngine(a.current!, b.current!);
    const stopSave = autoSave();
    void startSession();
    return () => {
      stopEngine();
      stopSave();
    };
  }, []);

  return (
    <div class={`app ${panel.value ? 'with-panel' : ''}`}>
      <a class="skip" href="#content">
        {t('skipToContent')}
      </a>
      <Nav user={user.value!} onSignOut={() => (user.value = null)} />
      <main id="content" tabIndex={-1}>
        <PageOf />
      </main>
      <QueuePanel />
      <PlayerBar />
      <Shortcuts />
      <audio ref={a} class="engine" />
      <audio ref={b} class="engine" />
    </div>
  );
}

export function App() {
  useEffect(() => {
    void api.me().then(
      ({ user: me }) => (user.value = me),
      () => (user.value = null),
    );
  }, []);
  if (user.value === undefined) return <p class="notice">{t('loading')}</p>;
  if (user.value === null) return <Login onSignedIn={(me) => (user.value = me)} />;
  return <Signed />;
}
