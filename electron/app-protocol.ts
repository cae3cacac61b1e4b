// Serves the built pages (dist/renderer) to the settings window under the
// hearth:// scheme, so the window opens even when the HTTP server is down.
// Only files inside the renderer folder are served.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

export const appScheme = 'hearth';
/** The origin of every page the settings window may show. */
export const appOrigin = `${appScheme}://app`;

/** Registers the scheme as standard and secure; call before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

/** Serves files from `rendererDir`; call once the app is ready. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(appScheme, (request) => {
    const { host, pathname } = new URL(request.url);
    const file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
    if (host !== 'app' || (file !== root && !file.startsWith(root + path.sep))) {
      return new Response('not found', { status: 404 });
    }
    return net.fetch(pathToFileURL(file).toString());
  });
}
