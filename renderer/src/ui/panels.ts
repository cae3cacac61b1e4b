// Which side panel is open: the queue, the lyrics, or none.
import { signal } from '@preact/signals';

export type Panel = 'queue' | 'lyrics' | null;

export const panel = signal<Panel>(null);

/** Opens a panel, or closes it when it is the one open. */
export function togglePanel(which: Exclude<Panel, null>): void {
  panel.value = panel.value === which ? null : which;
}
