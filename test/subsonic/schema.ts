// Validates /rest JSON responses against the OpenSubsonic OpenAPI files in
// ../shared/specs/opensubsonic/. Each schema file is added to ajv under its
// file URL, so the files' relative $refs resolve as written. The spec is
// OpenAPI 3.0 (JSON Schema draft-04/07 style), so ajv's default build fits;
// OpenAPI-only keywords (example, externalDocs) are ignored (strict: false).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvModule, { type ValidateFunction } from 'ajv';
import { sharedDir } from '../helpers/paths.js';

const Ajv = AjvModule.default ?? AjvModule;
export const specDir = path.join(sharedDir, 'specs', 'opensubsonic', 'openapi');

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
ajv.addFormat('float', true);
// Schemas: the shared ones and each endpoint's response schemas.
const schemaFiles = [
  ...jsonFiles(path.join(specDir, 'schemas')),
  ...fs
    .readdirSync(path.join(specDir, 'endpoints'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => jsonFiles(path.join(specDir, 'endpoints', e.name))),
];
for (const file of schemaFiles) {
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  ajv.addSchema({ ...schema, $id: pathToFileURL(file).href });
}

// The OpenAPI files are walked as plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
/** An endpoint file's operation: GET, or POST for the few that only take that. */
const operation = (file: string) => {
  const spec = read(file);
  return (spec.get ?? spec.post) as Json;
};

const commonSchemaUrl = pathToFileURL(
  path.join(specDir, 'schemas', 'SubsonicResponse.json'),
).href;

/**
 * The file URL of the response schema an endpoint's 200 answer refers to.
 * A binary endpoint's errors are checked against the common response schema.
 */
export function responseSchemaUrl(method: string): string {
  if (isBinary(method)) return commonSchemaUrl;
  const file = path.join(specDir, 'endpoints', `${method}.json`);
  let response = operation(file).responses['200'];
  let base = file;
  if (response.$ref) {
    base = path.resolve(path.dirname(file), response.$ref);
    response = read(base);
  }
  const ref = response.content['application/json'].schema.$ref as string | undefined;
  // An inline schema (getTranscodeDecision, which Hearth does not build):
  // its answers here are errors, which the common schema covers.
  if (!ref) return commonSchemaUrl;
  return pathToFileURL(path.resolve(path.dirname(base), ref)).href;
}

const compiled = new Map<string, ValidateFunction>();

/** Validates a whole JSON body ({"subsonic-response": ...}) for a method. */
export function validate(method: string, body: unknown): { ok: boolean; errors: string } {
  let check = compiled.get(method);
  if (!check) {
    check = ajv.getSchema(responseSchemaUrl(method));
    if (!check) throw new Error(`no schema for ${method}`);
    compiled.set(method, check);
  }
  const ok = check(body) as boolean;
  return { ok, errors: ok ? '' : ajv.errorsText(check.errors, { separator: '\n' }) };
}

/** Methods whose 200 answer is binary or text (no JSON schema). */
export function isBinary(method: string): boolean {
  const file = path.join(specDir, 'endpoints', `${method}.json`);
  const response = operation(file).responses['200'] as Json;
  const ref = response.$ref as string | undefined;
  if (ref) return ref.includes('BinaryResponse');
  return !response.content?.['application/json'];
}
