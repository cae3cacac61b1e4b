// A progress bar while a scan runs. The status is polled: every 2 s while a
// scan runs, every 20 s otherwise.
import { useEffect, useState } from 'preact/hooks';
import { api, type ScanStatus } from '../api.js';
import { t } from '../i18n.js';

export function ScanIndicator() {
  const [status, setStatus] = useState<ScanStatus | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const next = await api.scan().catch(() => null);
      setStatus(next);
      timer = setTimeout(() => void poll(), next?.running ? 2000 : 20_000);
    };
    void poll();
    return () => clearTimeout(timer);
  }, []);
  if (!status?.running) return null;
  return (
    <div class="scan" role="status">
      <span>{t('scanning')}</span>
      <progress
        aria-label={t('scanning')}
        max={Math.max(status.total, 1)}
        value={status.done}
      />
      <span class="facts">
        {status.done} / {status.total}
      </span>
    </div>
  );
}
