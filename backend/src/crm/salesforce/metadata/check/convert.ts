import path from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import type { Problem } from './problem';
import type { SourceFile } from './source-files';

export interface Conversion {
  /** `Type:fullName` of every component, sorted. */
  components: string[];
  zipBytes: number;
  problems: Problem[];
}

/**
 * Resolves the package with source-deploy-retrieve (what `sf project deploy` uses) and converts it to
 * metadata-API format. A file no component claims is a problem: SDR silently leaves such files out of a
 * deploy (an Apex class without its -meta.xml, for one).
 */
export async function convertPackage(packageDir: string, sourceFiles: SourceFile[]): Promise<Conversion> {
  const sourceRoot = path.join(packageDir, 'main', 'default');
  let set: ComponentSet;
  try {
    set = ComponentSet.fromSource(packageDir);
  } catch (error) {
    return { components: [], zipBytes: 0, problems: [{ check: 'convert', file: '.', message: (error as Error).message }] };
  }
  const claimed = new Set<string>();
  const components: string[] = [];
  for (const component of set.getSourceComponents().toArray()) {
    components.push(`${component.type.name}:${component.fullName}`);
    for (const file of [component.xml, component.content, ...component.walkContent()]) {
      if (file) claimed.add(path.relative(sourceRoot, path.resolve(file)).split(path.sep).join('/'));
    }
  }
  const problems: Problem[] = sourceFiles
    .filter((f) => !claimed.has(f.path))
    .map((f) => ({ check: 'convert', file: f.path, message: 'no metadata component contains this file: it would not be deployed' }));
  try {
    const result = await new MetadataConverter().convert(set, 'metadata', { type: 'zip' });
    return { components: components.sort(), zipBytes: result.zipBuffer?.length ?? 0, problems };
  } catch (error) {
    problems.push({ check: 'convert', file: '.', message: (error as Error).message });
    return { components: components.sort(), zipBytes: 0, problems };
  }
}
