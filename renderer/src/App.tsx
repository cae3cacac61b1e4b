// The player's shell: sign-in first, then the navigation, the page of the
// current route, the queue panel and the player bar. The two <audio>
// elements of the gapless engine live here, for the whole session.
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { api, onSignedOut, type SetupState, type User } from './api.js';
import { Login } from './pages/Login.js';
import { Setup } from './pages/Setup.js';
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
import { parseRoute, route } from './router.js';

/** The signed-in user; null shows the login page, undefined is "checking". */
const user = signal<User | null | undefined>(undefined);
onSignedOut(() => (user.value = null));

/** First-run state, asked only when nobody is signed in. */
const setup = signal<SetupState | null>(null);

/** Nobody signed in: first-run setup when no user exists, else the sign-in. */
async function checkSetup(): Promise<void> {
  setup.value = await api.setupState().catch(() => null);
  user.value = null;
}

/** Signed in (by the login or the setup): land on Home. */
function signedIn(me: User): void {
  setup.value = null;
  if (location.pathname !== '/') {
    history.replaceState(null, '', '/#/');
    route.value = parseRoute('#/');
  }
  user.value = me;
}

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
      () => checkSetup(),
    );
  }, []);
  if (user.value === undefined) return <p class="notice">{t('loading')}</p>;
  if (user.value === null && setup.value?.needed) {
    return <Setup tokenRequired={setup.value.tokenRequired} onSignedIn={signedIn} />;
  }
  if (user.value === null) return <Login onSignedIn={signedIn} />;
  return <Signed />;
}
