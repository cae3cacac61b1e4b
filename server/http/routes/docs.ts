// Renders the route table as the reference part of docs/api.md: one section
// per route with its access level, parameters (from the zod input schemas)
// and response shape. A test keeps docs/api.md equal to this output;
// `npx tsx scripts/api-docs.ts` rewrites it.
import { z } from 'zod';
import type { RouteSpec } from '../routes.js';

export const docsBegin =
  '<!-- routes:begin (generated from the route table by scripts/api-docs.ts) -->';
export const docsEnd = '<!-- routes:end -->';

interface FieldSchema {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  /** A machine-dependent default in words (`hardware threads`). */
  defaultText?: string;
  description?: string;
}

/** A field's type in a few characters: `name | random`, `integer 1–500`. */
function typeText(field: FieldSchema): string {
  if (field.enum) return field.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  const bounds =
    field.minimum !== undefined && field.maximum !== undefined
      ? ` ${field.minimum}–${field.maximum}`
      : '';
  return `${field.type ?? 'any'}${bounds}`;
}

/** Table rows for one input location (path, query, body). */
function fieldRows(where: string, schema: z.ZodObject): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, FieldSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, field]) => {
    const required = json.required?.includes(name) ? ' (required)' : '';
    const fallback =
      field.defaultText ??
      (field.default === undefined ? '' : `\`${String(field.default)}\``);
    const cells = [`\`${name}\``, where, typeText(field), fallback, field.description];
    return `| ${cells.map((cell) => cell ?? '').join(' | ')}${required} |`;
  });
}

/** The Markdown section of one route. */
function routeSection(spec: RouteSpec): string {
  const lines = [`### ${spec.method} ${spec.path}`, '', spec.summary, ''];
  const facts = [`Access: ${spec.access}.`];
  if (spec.response) facts.push(`Response: \`${spec.response}\`.`);
  lines.push(facts.join(' '), '');
  const { params, query, body } = spec.input ?? {};
  const rows = [
    ...(params ? fieldRows('path', params) : []),
    ...(query ? fieldRows('query', query) : []),
    ...(body ? fieldRows('body', body) : []),
  ];
  if (rows.length) {
    lines.push('| Parameter | In | Type | Default | Description |');
    lines.push('|---|---|---|---|---|', ...rows, '');
  }
  return lines.join('\n');
}

/** The generated reference: every route of the table, in mount order. */
export function routeDocs(routes: readonly RouteSpec[]): string {
  return [docsBegin, '', ...routes.map(routeSection), docsEnd].join('\n');
}

/** Replaces the generated part of an api.md text with fresh output. */
export function withRouteDocs(markdown: string, routes: readonly RouteSpec[]): string {
  const begin = markdown.indexOf(docsBegin);
  const end = markdown.indexOf(docsEnd);
  if (begin < 0 || end < begin) throw new Error('docs/api.md lacks the route markers');
  return (
    markdown.slice(0, begin) + routeDocs(routes) + markdown.slice(end + docsEnd.length)
  );
}
