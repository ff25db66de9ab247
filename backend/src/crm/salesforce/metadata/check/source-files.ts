import fs from 'node:fs';
import path from 'node:path';

/** A deployable source file of the package, path relative to `main/default` with `/` separators. */
export interface SourceFile {
  path: string;
  text: string;
}

/** What .forceignore keeps out of deploys: jest tests and fixtures, tooling, dot files. */
export function isIgnored(relativePath: string): boolean {
  return relativePath.split('/').some((part) => part === '__tests__' || part === 'node_modules' || part.startsWith('.'));
}

export function readSourceFiles(sourceRoot: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(sourceRoot, full).split(path.sep).join('/');
      if (isIgnored(relative)) continue;
      if (entry.isDirectory()) walk(full);
      else files.push({ path: relative, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(sourceRoot);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
