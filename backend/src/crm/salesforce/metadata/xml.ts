/**
 * A tiny writer for Metadata API source files: elements only (no attributes), 4-space indentation, the
 * declaration and namespace Salesforce itself writes on retrieve. Values are escaped here, once.
 */
export type XmlNode = { name: string; text: string } | { name: string; children: XmlNode[] };

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

export function el(name: string, value: string | number | boolean | XmlNode[]): XmlNode {
  return Array.isArray(value) ? { name, children: value } : { name, text: String(value) };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function render(node: XmlNode, depth: number): string {
  const pad = '    '.repeat(depth);
  if ('text' in node) return `${pad}<${node.name}>${escapeXml(node.text)}</${node.name}>`;
  if (node.children.length === 0) return `${pad}<${node.name}/>`;
  return [`${pad}<${node.name}>`, ...node.children.map((c) => render(c, depth + 1)), `${pad}</${node.name}>`].join('\n');
}

/** A whole `*-meta.xml` document whose root is the metadata type name. */
export function metadataDocument(rootType: string, children: XmlNode[]): string {
  const body = children.map((c) => render(c, 1)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${rootType} xmlns="${METADATA_NAMESPACE}">\n${body}\n</${rootType}>\n`;
}
