// A secret the server shows only once (a new app password or API key), in a
// read-only field that selects itself for copying.
import { t } from '../../i18n.js';

export function ShownOnce(props: { label: string; value: string }) {
  return (
    <div class="shown-once">
      <label>
        {props.label}
        <input
          readOnly
          value={props.value}
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby="shown-once-help"
        />
      </label>
      <p id="shown-once-help" class="hint">
        {t('shownOnce')}
      </p>
    </div>
  );
}
