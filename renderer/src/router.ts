// Hash routes (#/albums?sort=year, #/album/<id>, ...): any path serves the
// one index.html, and the back button works without server help.
import { signal } from '@preact/signals';

export interface Route {
  /** The first path segment: '', 'albums', 'album', ... */
  page: string;
  /** The second segment, decoded (an id), or ''. */
  id: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = '', id = ''] = path.split('/');
  return { page, id: decodeURIComponent(id), params: new URLSearchParams(search) };
}

export const route = signal(parseRoute(location.hash));
window.addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
  window.scrollTo(0, 0);
});

/** Goes to a route, e.g. navigate('search', '', { q: 'dawn' }). */
export function navigate(page: string, id = '', params: Record<string, string> = {}) {
  const search = new URLSearchParams(params).toString();
  const hash = `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}${search ? `?${search}` : ''}`;
  if (location.hash !== hash) location.hash = hash;
}
