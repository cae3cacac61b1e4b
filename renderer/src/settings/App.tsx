// The settings page: signs in when the browser has no admin session, then
// shows the form beside the load gauge and the LAN card. Edits stay in a
// draft until Apply; the gauge projects the draft's worker count as the
// slider moves.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Backend } from './backend.js';
import { checkForm, draftOf, type Draft } from './form.js';
import { LanCard } from './LanCard.js';
import { LiveLoad } from './LiveLoad.js';
import { Projection } from './Projection.js';
import { SettingsForm } from './SettingsForm.js';
import { SignIn } from './SignIn.js';
import { describeChange } from './summary.js';
import {
  ApiError,
  type CapacityContext,
  type LanAccess,
  type SettingsView,
} from './types.js';
import { useMetrics } from './useMetrics.js';

type Gate = 'loading' | 'signed-out' | 'not-admin' | 'ready' | 'failed';
type Status = { kind: 'ok' | 'error'; lines: string[] } | null;

/** The page's data and the calls that change it. */
function useSettings(backend: Backend) {
  const [gate, setGate] = useState<Gate>('loading');
  const [view, setView] = useState<SettingsView | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [context, setContext] = useState<CapacityContext | null>(null);
  const [lan, setLan] = useState<LanAccess | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>(null);
  const [applying, setApplying] = useState(false);
  const [startupError, setStartupError] = useState<{
    title: string;
    message: string;
  } | null>(null);

  // Loading: a 401 or 403 means the sign-in step, anything else is shown.
  async function load() {
    try {
      const next = await backend.describe();
      setView(next);
      setDraft(draftOf(next.fields, next.values));
      setGate('ready');
      setContext(await backend.capacity());
      setLan(await backend.lan());
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setGate(status === 401 ? 'signed-out' : status === 403 ? 'not-admin' : 'failed');
      if (status !== 401 && status !== 403) {
        setStatus({
          kind: 'error',
          lines: [err instanceof Error ? err.message : String(err)],
        });
      }
    }
  }

  useEffect(() => {
    void load();
    void backend.startupError().then(setStartupError);
  }, [backend]);

  // Applying: only the changed fields are sent; the answer is the new view.
  async function apply(values: Record<string, unknown>) {
    setApplying(true);
    setStatus(null);
    try {
      const update = await backend.apply(values);
      setView(update.view);
      // Fields not sent keep what is typed in them (edits not applied yet).
      setDraft((current) => {
        const fresh = draftOf(update.view.fields, update.view.values);
        for (const name of Object.keys(current)) {
          if (!(name in values)) fresh[name] = current[name]!;
        }
        return fresh;
      });
      setServerErrors({});
      setStatus({ kind: 'ok', lines: describeChange(update.change) });
      setContext(await backend.capacity());
      setLan(await backend.lan());
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setServerErrors(fields);
      setStatus({
        kind: 'error',
        lines: [`Not applied: ${err instanceof Error ? err.message : String(err)}`],
      });
    } finally {
      setApplying(false);
    }
  }

  return {
    gate,
    view,
    draft,
    setDraft,
    context,
    lan,
    serverErrors,
    setServerErrors,
    status,
    setStatus,
    applying,
    apply,
    load,
    startupError,
  };
}

export function App({ backend }: { backend: Backend }) {
  const state = useSettings(backend);
  const { view, draft, context } = state;
  const metrics = useMetrics(backend, state.gate === 'ready');
  const checked = useMemo(
    () => (view ? checkForm(view.fields, view.values, draft) : null),
    [view, draft],
  );

  if (state.gate === 'signed-out' || state.gate === 'not-admin') {
    return (
      <main class="settings-page narrow">
        <SignIn
          reason={state.gate}
          signIn={async (username, password) => {
            await backend.signIn(username, password);
            await state.load();
          }}
        />
      </main>
    );
  }
  if (!view || !checked) {
    return (
      <main class="settings-page narrow">
        <p class="muted" role="status">
          {state.status?.lines[0] ?? 'Loading the settings…'}
        </p>
      </main>
    );
  }

  // The errors shown: what the page finds now, then what the server said
  // about fields not edited since.
  const errors = { ...state.serverErrors, ...checked.errors };
  const changed = Object.keys(checked.changes);
  const editedWorkers = Number(checked.values.workers);
  const threads = context?.machine.threads ?? 1;

  function onChange(name: string, value: Draft[string]) {
    state.setDraft({ ...draft, [name]: value });
    const { [name]: _gone, ...rest } = state.serverErrors;
    state.setServerErrors(rest);
  }

  function onApply() {
    if (Object.keys(errors).length) {
      state.setStatus({
        kind: 'error',
        lines: [`Not applied: fix ${Object.keys(errors).join(', ')}.`],
      });
      return;
    }
    void state.apply(checked!.changes);
  }

  return (
    <main class="settings-page">
      <header class="top">
        <span class="brand">Hearth</span> <span class="muted">settings</span>
      </header>
      {state.startupError ? (
        <div class="card startup-error" role="alert">
          <strong>{state.startupError.title}</strong>
          <p>{state.startupError.message}</p>
        </div>
      ) : null}
      <div class="columns">
        <SettingsForm
          fields={view.fields}
          draft={draft}
          errors={errors}
          changed={changed}
          pendingRestart={view.pendingRestart}
          threads={threads}
          applying={state.applying}
          status={state.status}
          pickFolder={backend.pickFolder}
          onChange={onChange}
          onApply={onApply}
          onRevert={() => {
            state.setDraft(draftOf(view.fields, view.values));
            state.setServerErrors({});
            state.setStatus(null);
          }}
        />
        <aside class="side">
          {context ? <Projection context={context} workers={editedWorkers} /> : null}
          <LiveLoad
            snapshot={metrics.snapshot}
            history={metrics.history}
            threads={threads}
            softLimitMiB={Number(view.values.limitMemorySoft)}
          />
          <LanCard
            lan={state.lan}
            advertise={view.values.lanAdvertise === true}
            onAdvertise={(on) => void state.apply({ lanAdvertise: on })}
          />
        </aside>
      </div>
    </main>
  );
}
