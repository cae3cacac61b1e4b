// The settings, group by group, each field with its help and its message,
// and the Apply bar that says what is about to change.
import { Field } from './Field.js';
import type { Draft } from './form.js';
import { groupLabels, groupOrder } from './labels.js';
import type { SettingField } from './types.js';

/** Settings shown elsewhere: the LAN card owns the mDNS switch. */
const shownElsewhere = new Set(['lanAdvertise']);

export interface FormProps {
  fields: SettingField[];
  draft: Draft;
  errors: Record<string, string>;
  changed: string[];
  pendingRestart: string[];
  /** Settings this run took from flags, with the flag. */
  fromFlags: Record<string, string>;
  threads: number;
  applying: boolean;
  status: { kind: 'ok' | 'error'; lines: string[] } | null;
  pickFolder?: () => Promise<string | null>;
  onChange: (name: string, value: Draft[string]) => void;
  onApply: () => void;
  onRevert: () => void;
}

function Group(props: FormProps & { group: string }) {
  const fields = props.fields.filter(
    (f) => f.group === props.group && !shownElsewhere.has(f.name),
  );
  if (fields.length === 0) return null;
  return (
    <fieldset class="card group" data-group={props.group}>
      <legend>{groupLabels[props.group as keyof typeof groupLabels]}</legend>
      {fields.map((field) => (
        <Field
          key={field.name}
          field={field}
          value={props.draft[field.name] ?? ''}
          error={props.errors[field.name]}
          flag={props.fromFlags[field.name]}
          threads={props.threads}
          pickFolder={props.pickFolder}
          onChange={(value) => props.onChange(field.name, value)}
        />
      ))}
    </fieldset>
  );
}

/** The sticky bar: what changed, what is wrong, Apply and Revert. */
function ApplyBar(props: FormProps) {
  const invalid = Object.keys(props.errors);
  return (
    <div class="apply-bar">
      <div class="apply-state" data-testid="apply-state">
        {invalid.length
          ? `Fix ${invalid.length === 1 ? 'one field' : `${invalid.length} fields`}: ${invalid.join(', ')}`
          : props.changed.length
            ? `Changed: ${props.changed.join(', ')}`
            : 'No changes'}
        {props.pendingRestart.length ? (
          <div class="muted">
            Waiting for a restart: {props.pendingRestart.join(', ')}
          </div>
        ) : null}
      </div>
      {props.status ? (
        <div
          class={`apply-status ${props.status.kind}`}
          role="status"
          data-testid="apply-status"
          data-kind={props.status.kind}
        >
          {props.status.lines.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      ) : null}
      <button
        type="button"
        class="quiet"
        onClick={props.onRevert}
        disabled={props.applying}
      >
        Revert
      </button>
      <button
        type="submit"
        disabled={props.applying || (props.changed.length === 0 && invalid.length === 0)}
      >
        {props.applying ? 'Applying…' : 'Apply'}
      </button>
    </div>
  );
}

export function SettingsForm(props: FormProps) {
  return (
    <form
      class="settings-form"
      aria-label="Settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply();
      }}
    >
      {groupOrder.map((group) => (
        <Group key={group} {...props} group={group} />
      ))}
      <ApplyBar {...props} />
    </form>
  );
}
