import path from 'node:path';
import { convertPackage } from './convert';
import { loadMetadataSchema, rootTypeOf, schemaProblems } from './metadata-schema';
import { buildIndex } from './package-index';
import type { Problem } from './problem';
import { referenceProblems } from './references';
import { readSourceFiles } from './source-files';
import { sourceRuleProblems } from './source-rules';
import { xmlSyntaxError } from './xml-tree';

export interface PackageCheck {
  problems: Problem[];
  components: string[];
  zipBytes: number;
}

/**
 * Every offline check of the Salesforce package in `packageDir` (the folder holding `main/default`):
 * well-formed XML, Metadata API schema, project rules, cross references, Apex syntax, and conversion to
 * metadata format. What still needs an org is listed in salesforce-lwc/README.md.
 */
export async function checkPackage(packageDir: string): Promise<PackageCheck> {
  const files = readSourceFiles(path.join(packageDir, 'main', 'default'));
  const index = buildIndex(files);
  const schema = loadMetadataSchema();
  const problems: Problem[] = [];
  for (const file of files.filter((f) => f.path.endsWith('.xml'))) {
    const syntax = xmlSyntaxError(file.text);
    if (syntax) {
      problems.push({ check: 'xml', file: file.path, message: syntax });
      continue;
    }
    const expected = rootTypeOf(file.path);
    const root = index.xml.get(file.path)!;
    if (!expected) continue;
    if (root.name !== expected) problems.push({ check: 'schema', file: file.path, message: `root element <${root.name}> should be <${expected}>` });
    else if (root.attributes.xmlns !== 'http://soap.sforce.com/2006/04/metadata') problems.push({ check: 'schema', file: file.path, message: 'root element lacks the Metadata API namespace' });
    else for (const message of schemaProblems(root, expected, schema)) problems.push({ check: 'schema', file: file.path, message });
  }
  for (const [, { path: file, source }] of index.apex) {
    for (const message of source.errors) problems.push({ check: 'apex', file, message });
  }
  problems.push(...sourceRuleProblems(index), ...referenceProblems(index));
  const conversion = await convertPackage(packageDir, files);
  problems.push(...conversion.problems);
  return { problems, components: conversion.components, zipBytes: conversion.zipBytes };
}
