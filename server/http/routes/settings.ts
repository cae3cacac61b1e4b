// The settings window's API: the settings with their help, bounds and
// defaults; applying a change to the running server; what the capacity model
// needs; and how the LAN reaches the player. Admin only. The same functions
// answer the Electron window over IPC (electron/ipc-handlers.ts).
import type { Context } from 'koa';
import { z } from 'zod';
import { readJson } from '../../auth/body.js';
import { machineFacts, measurementsFrom } from '../../capacity/inputs.js';
import { lanAccess } from '../../lan/access.js';
import { settingsView, updateSettings } from '../../settings/admin.js';
import { settingsSchema, type Settings } from '../../settings/schema.js';
import { transcodeSpeed } from '../../transcode/calibration.js';
import type { AppDeps } from '../deps.js';
import { route } from '../routes.js';

/** Any subset of the settings; updateSettings validates it against the rest. */
const settingsBody = z.record(z.string(), z.unknown());
const documentedBody = z.object(settingsSchema.shape).partial();

/** The settings in effect: the supervisor's, or this process's own. */
async function currentSettings(deps: AppDeps): Promise<Settings> {
  if (!deps.control) return deps.settings;
  return deps.control.settings().catch(() => deps.settings);
}

/** The port the client reached the server on (the public port, not the worker's). */
function publicPort(ctx: Context, settings: Settings): number {
  const port = Number(new URL(`http://${ctx.host || 'localhost'}`).port);
  return port > 0 ? port : settings.port;
}

export const settingsRoutes = [
  route({
    method: 'GET',
    path: '/api/admin/settings',
    access: 'admin',
    summary:
      'Every setting the window edits: help, bounds, default, value, who applies it.',
    response: 'SettingsView',
    handler: async (ctx, deps) => {
      ctx.body = settingsView(await currentSettings(deps), deps.dataDir, deps.flags);
    },
  }),
  route({
    method: 'PUT',
    path: '/api/admin/settings',
    access: 'admin',
    summary: 'Validates and saves settings, then applies them without dropping streams.',
    input: { body: documentedBody },
    response: 'SettingsUpdate',
    handler: async (ctx, deps) => {
      const input = await readJson(ctx, settingsBody);
      const current = await currentSettings(deps);
      ctx.body = await updateSettings(
        { dataDir: deps.dataDir, current, control: deps.control, flags: deps.flags },
        input,
      );
    },
  }),
  route({
    method: 'GET',
    path: '/api/admin/capacity',
    access: 'admin',
    summary: 'The machine and what it has measured, for the capacity model.',
    response: 'CapacityContext',
    handler: async (ctx, deps) => {
      const settings = await currentSettings(deps);
      const snapshot = (await deps.control?.snapshot().catch(() => null)) ?? null;
      const speed = transcodeSpeed(deps.db, settings.transcodeProfile);
      ctx.body = {
        machine: machineFacts(),
        workers: settings.workers,
        measured: measurementsFrom(snapshot, speed),
      };
    },
  }),
  route({
    method: 'GET',
    path: '/api/admin/lan',
    access: 'admin',
    summary: 'The player URL on each LAN interface with a QR code, and mDNS.',
    response: 'LanAccess',
    handler: async (ctx, deps) => {
      const settings = await currentSettings(deps);
      ctx.body = await lanAccess({
        host: settings.host,
        port: publicPort(ctx, settings),
        advertise: settings.lanAdvertise,
      });
    },
  }),
];
