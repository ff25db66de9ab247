-- Tenant isolation (ARCHITECTURE.md principle 4), hand-written.
--
-- The application runs as pillar_app: not a superuser, no BYPASSRLS, not the owner of any table. Every
-- table with an org_id column gets RLS and one policy: a row is visible and writable only while the transaction's tenant (set by withOrg through
-- set_config('pillar.org_id', …, true)) equals its org_id. The owner (migrations, the operator's CLI)
-- is not filtered, as Postgres intends; no request ever runs as the owner. Without a tenant, pillar_current_org() is NULL,
-- so reads return nothing and writes fail the WITH CHECK.
--
-- pillar_enforce_tenant_isolation() is re-run by the migrator after every migration, so a table added later
-- is protected the moment it exists.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pillar_app') THEN
    CREATE ROLE pillar_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint
GRANT pillar_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO pillar_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pillar_current_org() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('pillar.org_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pillar_enforce_tenant_isolation() RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.table_name
    FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'org_id' AND tb.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.table_name);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t.table_name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (org_id = pillar_current_org()) WITH CHECK (org_id = pillar_current_org())',
      t.table_name);
    IF t.table_name = 'audit_log' THEN
      -- Append-only: the application may add and read audit entries, never change or remove them.
      EXECUTE format('REVOKE ALL ON %I FROM pillar_app', t.table_name);
      EXECUTE format('GRANT SELECT, INSERT ON %I TO pillar_app', t.table_name);
    ELSIF t.table_name = 'organizations' THEN
      -- Tenants are created and removed by the operator (pillar CLI as the owner), not by the application.
      EXECUTE format('REVOKE ALL ON %I FROM pillar_app', t.table_name);
      EXECUTE format('GRANT SELECT, UPDATE ON %I TO pillar_app', t.table_name);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO pillar_app', t.table_name);
    END IF;
  END LOOP;
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pillar_app';
END $$;
--> statement-breakpoint
-- Inbound CRM requests (a HubSpot card, a Salesforce callout) must find their tenant before any tenant is
-- set. This is the one cross-tenant read, and it returns only the tenant id of an active connection.
CREATE OR REPLACE FUNCTION pillar_org_for_connection(p_provider text, p_external_org_id text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT org_id FROM crm_connections
    WHERE provider = p_provider AND external_org_id = p_external_org_id AND status <> 'disconnected'
    LIMIT 1
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION pillar_org_for_connection(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pillar_org_for_connection(text, text) TO pillar_app;
