// The settings page: signs in when the browser has no admin session, then
// shows the form beside the load gauge and the LAN card. Edits stay in a
// draft until Apply; the gauge projects the draft's worker count as the
// slider moves.
import { useMemo } from 'preact/hooks';
import type { Backend } from './backend.js';
import { checkForm, draftOf, type Draft } from './form.js';
import { LanCard } from './LanCard.js';
import { LiveLoad } from './LiveLoad.js';
import { Projection } from './Projection.js';
import { SettingsForm } from './SettingsForm.js';
import { SignIn } from './SignIn.js';
import { useMetrics } from './useMetrics.js';
import { useSettings } from './useSettings.js';

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
          fromFlags={view.fromFlags}
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
