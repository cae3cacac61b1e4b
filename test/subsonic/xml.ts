// Reading the XML answers: fast-xml-parser turns an answer into plain
// objects (every element an array, attributes as strings, text as "value"),
// and sameAsJson() checks that the XML carries what the JSON answer carries.
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'value',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

export type XmlNode = Record<string, unknown>;

/** The subsonic-response element of an XML answer. */
export function parseXml(text: string): XmlNode {
  const doc = parser.parse(text) as { 'subsonic-response'?: XmlNode[] };
  const root = doc['subsonic-response']?.[0];
  if (!root) throw new Error(`not a subsonic-response: ${text.slice(0, 200)}`);
  return root;
}

const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);

/** The XML node holds every value of the JSON node; or, without `values`, its shape. */
export function sameAsJson(json: unknown, xml: unknown, where = '', values = true): void {
  if (isScalar(json)) {
    const text = typeof xml === 'object' && xml !== null ? (xml as XmlNode).value : xml;
    if (values) expect(String(text ?? ''), where).toBe(String(json));
    return;
  }
  const node = xml as XmlNode;
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const at = `${where}/${key}`;
    if (isScalar(value)) {
      // Without values (random lists), only the element structure is compared.
      if (values) expect(String(node[key] ?? ''), at).toBe(String(value));
    } else if (Array.isArray(value)) {
      const children = (node[key] as unknown[] | undefined) ?? [];
      expect(children.length, at).toBe(value.length);
      if (values)
        value.forEach((item, i) => sameAsJson(item, children[i], `${at}[${i}]`));
    } else if (value && typeof value === 'object') {
      const children = node[key] as unknown[] | undefined;
      expect(children?.length, at).toBe(1);
      sameAsJson(value, children![0], at, values);
    }
  }
}
