// How phones and laptops on the LAN reach the player: a URL and a QR code per
// network interface, or why the LAN cannot reach Hearth, and the switch for
// the mDNS/Bonjour announcement (saved and applied at once).
import type { LanAccess } from './types.js';

export function LanCard(props: {
  lan: LanAccess | null;
  advertise: boolean;
  onAdvertise: (on: boolean) => void;
}) {
  const { lan, advertise, onAdvertise } = props;
  return (
    <section class="card lan" aria-label="LAN access">
      <h2>LAN access</h2>
      {lan?.note ? <p class="muted">{lan.note}</p> : null}
      <ul class="lan-entries">
        {(lan?.entries ?? []).map((entry) => (
          <li key={entry.url}>
            <img
              src={entry.qr}
              alt={`QR code for ${entry.url}`}
              width={112}
              height={112}
            />
            <div>
              <a href={entry.url} class="lan-url">
                {entry.url}
              </a>
              <div class="muted">{entry.interface || 'configured address'}</div>
            </div>
          </li>
        ))}
      </ul>
      <label class="toggle">
        <input
          type="checkbox"
          checked={advertise}
          onChange={(event) => onAdvertise(event.currentTarget.checked)}
        />{' '}
        Announce Hearth on the LAN (mDNS/Bonjour)
        {lan && advertise && !lan.advertised ? (
          <span class="muted"> — off while Hearth listens on this computer only</span>
        ) : null}
      </label>
    </section>
  );
}
