// The settings page's state: the view from the server, the draft being
// typed, the machine facts for the gauge, the LAN card's data, and the
// outcome of the last Apply. Edits stay in the draft until Apply sends the
// changed fields.
import { useEffect, useState } from 'preact/hooks';
import type { Backend } from './backend.js';
import { draftOf, type Draft } from './form.js';
import { describeChange } from './summary.js';
import {
  ApiError,
  type CapacityContext,
  type LanAccess,
  type SettingsView,
} from './types.js';

type Gate = 'loading' | 'signed-out' | 'not-admin' | 'ready' | 'failed';
type Status = { kind: 'ok' | 'error'; lines: string[] } | null;

/** The page's data and the calls that change it. */
export function useSettings(backend: Backend) {
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

  // The gauge's machine facts and the LAN card; either may fail (a server
  // that could not start, inside Electron) without hiding the form.
  function refreshSide() {
    backend.capacity().then(setContext, () => setContext(null));
    backend.lan().then(setLan, () => setLan(null));
  }

  // Loading: a 401 or 403 means the sign-in step, anything else is shown.
  async function load() {
    try {
      const next = await backend.describe();
      setView(next);
      setDraft(draftOf(next.fields, next.values));
      setGate('ready');
      refreshSide();
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
      refreshSide();
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
