import type pg from 'pg';

export interface OrganizationSummary {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  counts: Record<string, number>;
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** Creates the tenant if it does not exist (by slug) and returns its id. Operator-only: needs the owner pool. */
export async function ensureOrganization(ownerPool: pg.Pool, name: string): Promise<{ id: string; created: boolean }> {
  const slug = slugify(name);
  if (!slug) throw new Error(`Organization name "${name}" has no letters or digits to make a slug from.`);
  const inserted = await ownerPool.query<{ id: string }>(
    'insert into organizations (name, slug) values ($1, $2) on conflict (slug) do nothing returning id',
    [name, slug],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const existing = await ownerPool.query<{ id: string }>('select id from organizations where slug = $1', [slug]);
  return { id: existing.rows[0]!.id, created: false };
}

export async function findOrganization(ownerPool: pg.Pool, idOrSlug: string): Promise<{ id: string; name: string; slug: string } | null> {
  const { rows } = await ownerPool.query<{ id: string; name: string; slug: string }>(
    'select id, name, slug from organizations where slug = $1 or id::text = $1',
    [idOrSlug],
  );
  return rows[0] ?? null;
}

const COUNTED = ['users', 'accounts', 'contacts', 'opportunities', 'activities', 'account_scores', 'signals', 'plays'] as const;

/** Every tenant with row counts of its main tables (the operator's `pillar orgs`). */
export async function listOrganizations(ownerPool: pg.Pool): Promise<OrganizationSummary[]> {
  const counts = COUNTED.map((t) => `'${t}', (select count(*) from ${t} x where x.org_id = o.id)`).join(', ');
  const { rows } = await ownerPool.query<{ id: string; name: string; slug: string; created_at: Date; counts: Record<string, number> }>(
    `select o.id, o.name, o.slug, o.created_at, json_build_object(${counts}) as counts from organizations o order by o.created_at`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, createdAt: r.created_at, counts: r.counts }));
}
