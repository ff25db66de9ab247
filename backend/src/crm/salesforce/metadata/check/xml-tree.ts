import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An XML element with its attributes, child elements in order, and trimmed text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Syntax errors, with line and column, or null when the document is well formed. */
export function xmlSyntaxError(text: string): string | null {
  const result = XMLValidator.validate(text);
  return result === true ? null : `line ${result.err.line}:${result.err.col} ${result.err.msg}`;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
});

type OrderedNode = Record<string, unknown>;

function toElement(node: OrderedNode): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (!name) return null;
  const rawChildren = (node[name] as OrderedNode[]) ?? [];
  const attributes = (node[':@'] as Record<string, string> | undefined) ?? {};
  const children: XmlElement[] = [];
  let text = '';
  for (const child of rawChildren) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const element = toElement(child);
      if (element) children.push(element);
    }
  }
  return { name, attributes, children, text: text.trim() };
}

/** The root element of a well-formed document (call xmlSyntaxError first). */
export function parseXmlRoot(text: string): XmlElement {
  const nodes = parser.parse(text) as OrderedNode[];
  const root = nodes.map(toElement).find((e): e is XmlElement => e !== null);
  if (!root) throw new Error('document has no root element');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function childText(element: XmlElement, name: string): string | undefined {
  return child(element, name)?.text;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
