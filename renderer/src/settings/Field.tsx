// One setting in the form: its input, the schema's help text under it, and
// the validation message when what was typed is not a valid value.
import type { Draft } from './form.js';
import { fieldLabels } from './labels.js';
import { FolderList } from './FolderList.js';
import type { SettingField } from './types.js';

export interface FieldProps {
  field: SettingField;
  value: Draft[string];
  error?: string;
  /** The flag that set this setting at this start (--music), if one did. */
  flag?: string;
  onChange: (value: Draft[string]) => void;
  /** The OS folder picker, inside Electron. */
  pickFolder?: () => Promise<string | null>;
  /** Hardware threads: the worker slider runs to twice as many. */
  threads: number;
}

/** The range and number inputs of the worker count. */
function WorkerSlider(props: FieldProps & { id: string }) {
  const { field, value, onChange, threads, id } = props;
  const current = Number(value);
  const max = Math.max(2 * threads, Number.isFinite(current) ? current : 0);
  return (
    <div class="slider">
      <input
        id={id}
        type="range"
        min={1}
        max={max}
        step={1}
        value={String(value)}
        aria-describedby={`${id}-help`}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <output for={id} data-testid="workers-value">
        {String(value)}
      </output>
      <span class="muted">
        {' '}
        of 1–{max}; this machine has {threads} threads
        {field.default !== undefined ? ` (default ${String(field.default)})` : ''}
      </span>
    </div>
  );
}

/** The input for a field's type. */
function Input(props: FieldProps & { id: string }) {
  const { field, value, onChange, id } = props;
  const described = `${id}-help ${id}-error`;
  if (field.name === 'workers') return <WorkerSlider {...props} />;
  if (field.type === 'string[]') {
    return (
      <FolderList
        id={id}
        folders={value as string[]}
        onChange={onChange}
        pickFolder={props.pickFolder}
      />
    );
  }
  if (field.type === 'boolean') {
    return (
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        aria-describedby={described}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
    );
  }
  if (field.options) {
    return (
      <select
        id={id}
        value={String(value)}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {field.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  const numeric = field.type === 'integer' || field.type === 'number';
  return (
    <span class="with-unit">
      <input
        id={id}
        name={field.name}
        type={field.secret ? 'password' : 'text'}
        autoComplete={field.secret ? 'off' : undefined}
        inputMode={numeric ? 'decimal' : undefined}
        class={numeric ? 'number' : 'text'}
        value={String(value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      {field.unit ? <span class="unit">{field.unit}</span> : null}
    </span>
  );
}

export function Field(props: FieldProps) {
  const { field, error, flag } = props;
  const id = `field-${field.name}`;
  return (
    <div
      class={`field${error ? ' invalid' : ''}${field.type === 'boolean' ? ' boolean' : ''}`}
      data-field={field.name}
    >
      <label for={id}>{fieldLabels[field.name] ?? field.name}</label>
      <Input {...props} id={id} />
      <p class="help" id={`${id}-help`}>
        {field.help}
      </p>
      {flag ? (
        <p class="help from-flag" data-testid={`flag-${field.name}`}>
          Set by <code>{flag}</code> at this start: a change here is saved, but a start
          with <code>{flag}</code> sets it again.
        </p>
      ) : null}
      {error ? (
        <p
          class="error"
          id={`${id}-error`}
          role="alert"
          data-testid={`error-${field.name}`}
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}
