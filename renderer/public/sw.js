/* global self, caches, fetch */
// Hearth's service worker: the app shell (the page, its scripts, styles and
// icon) is served from the cache when the server cannot be reached, so the
// installed app opens. The API, audio and covers always go to the network.
const shell = 'hearth-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(shell)
      .then((cache) => cache.addAll(['/', '/manifest.webmanifest', '/icon.svg']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const ours = url.origin === self.location.origin;
  if (!ours || event.request.method !== 'GET' || /^\/(api|rest)\//.test(url.pathname)) {
    return;
  }
  // Network first, so a new version shows at once; the cache when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(shell).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request).then((hit) => hit ?? caches.match('/'))),
  );
});
