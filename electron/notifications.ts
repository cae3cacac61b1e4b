// Desktop notifications for what happens while nobody looks at the tray: a
// scan that finished, a worker that keeps crashing, a server that stopped.
import { Notification } from 'electron';
import { logger } from '../server/log.js';

const log = logger('tray');

export interface Notice {
  title: string;
  body: string;
  /** Called when the user clicks the notification. */
  onClick?: () => void;
}

/** Shows a notification where the OS supports them; logs it either way. */
export function notify(notice: Notice): void {
  log.info({ title: notice.title, body: notice.body }, 'notification');
  if (!Notification.isSupported()) return;
  const shown = new Notification({
    title: notice.title,
    body: notice.body,
    silent: true,
  });
  if (notice.onClick) shown.on('click', notice.onClick);
  shown.show();
}
