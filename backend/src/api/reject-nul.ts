import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/** Where in a parsed body or query the first NUL character is (Postgres text cannot hold one), or null. */
export function findNul(value: unknown): string | null {
  // Iterative with parent links: a 100 kB body can nest tens of thousands of levels deep.
  interface Node {
    value: unknown;
    key: string | null;
    parent: Node | null;
  }
  const pathOf = (node: Node): string => {
    const keys: string[] = [];
    for (let n: Node | null = node; n && n.key !== null; n = n.parent) keys.push(n.key);
    return keys.reverse().join('.');
  };
  const stack: Node[] = [{ value, key: null, parent: null }];
  while (stack.length) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return pathOf(node);
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, key: String(i), parent: node }));
    } else if (current && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) return pathOf({ value: item, key: key.replace(/\u0000/g, '\\0'), parent: node });
        stack.push({ value: item, key, parent: node });
      }
    }
  }
  return null;
}

/** Refuses NUL characters in the query and JSON body at the door (400 naming the field), before any SQL sees them. */
export const rejectNulCharacters: RequestHandler = (req, _res, next) => {
  for (const [where, value] of [
    ['query', req.query],
    ['body', req.body],
  ] as const) {
    const path = findNul(value);
    if (path !== null) {
      const field = [where, path].filter(Boolean).join('.');
      return next(new HttpError(400, 'BAD_REQUEST', `${field}: must not contain NUL characters`, [{ path: field, message: 'must not contain NUL characters' }]));
    }
  }
  next();
};
