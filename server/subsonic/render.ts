// Writes a Subsonic response in the format the client asked for: XML by
// default, JSON (f=json) or JSONP (f=jsonp&callback=name). The payload is
// built once, in the JSON shape; XML is derived from it by the protocol's
// rules: scalar fields are attributes, objects are child elements, arrays are
// repeated elements, and a field named "value" is the element's text.
import type { Context } from 'koa';

export const apiVersion = '1.16.1';
export const serverType = 'hearth';
export const serverVersion = process.env.npm_package_version ?? '0.1.0';
const xmlns = 'http://subsonic.org/restapi';

export type Format = 'xml' | 'json' | 'jsonp';

/** The keys inside subsonic-response besides the common ones. */
export type Payload = Record<string, unknown>;

/** The envelope every response carries. */
export function envelope(status: 'ok' | 'failed', payload: Payload = {}): Payload {
  return {
    status,
    version: apiVersion,
    type: serverType,
    serverVersion,
    openSubsonic: true,
    ...payload,
  };
}

/** The format a request asked for (unknown values fall back to XML). */
export function formatOf(f: string | undefined): Format {
  return f === 'json' || f === 'jsonp' ? f : 'xml';
}

const callbackName = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** Sets the body and type of a response from an envelope. */
export function writeResponse(
  ctx: Context,
  body: Payload,
  format: Format,
  callback?: string,
): void {
  if (format === 'xml') {
    ctx.type = 'application/xml; charset=utf-8';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n${toXml('subsonic-response', body, true)}`;
    return;
  }
  const json = JSON.stringify({ 'subsonic-response': body });
  // A JSONP callback must be a plain (dotted) name, never script text.
  if (format === 'jsonp' && callback && callbackName.test(callback)) {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = `${callback}(${json});`;
    return;
  }
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = json;
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** One element and its children, by the rules in the file comment. */
export function toXml(name: string, value: unknown, root = false): string {
  if (isScalar(value)) return `<${name}>${escapeXml(String(value))}</${name}>`;
  const attributes: string[] = root ? [` xmlns="${xmlns}"`] : [];
  const children: string[] = [];
  let text = '';
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === undefined || field === null) continue;
    if (key === 'value' && isScalar(field)) text = escapeXml(String(field));
    else if (isScalar(field)) attributes.push(` ${key}="${escapeXml(String(field))}"`);
    else if (Array.isArray(field))
      children.push(...field.map((item) => toXml(key, item)));
    else children.push(toXml(key, field));
  }
  const open = `<${name}${attributes.join('')}`;
  if (!text && children.length === 0) return `${open}/>`;
  return `${open}>${text}${children.join('')}</${name}>`;
}
