// The settings window's preload. It runs sandboxed with context isolation, so
// it can only use contextBridge and ipcRenderer; it is bundled to one CommonJS
// file (dist/electron/preload.cjs) because a sandboxed preload cannot load
// other modules. It exposes exactly the typed API of ipc-channels.ts.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels as ch, type HearthBridge } from './ipc-channels.js';

const bridge: HearthBridge = {
  settings: {
    describe: () => ipcRenderer.invoke(ch.settings.describe),
    apply: (values) => ipcRenderer.invoke(ch.settings.apply, values),
    pickFolder: () => ipcRenderer.invoke(ch.settings.pickFolder),
  },
  metrics: {
    snapshot: () => ipcRenderer.invoke(ch.metrics.snapshot),
    onUpdate(listener) {
      // The page never sees the event object: it carries the sender.
      const forward = (_event: IpcRendererEvent, sample: unknown) => listener(sample);
      ipcRenderer.on(ch.metrics.update, forward);
      return () => ipcRenderer.off(ch.metrics.update, forward);
    },
  },
  capacity: {
    context: () => ipcRenderer.invoke(ch.capacity.context),
  },
  lan: {
    info: () => ipcRenderer.invoke(ch.lan.info),
  },
  app: {
    info: () => ipcRenderer.invoke(ch.app.info),
    showLogs: () => ipcRenderer.invoke(ch.app.showLogs),
  },
};

contextBridge.exposeInMainWorld('hearth', bridge);
