-- Inbound integration webhooks (STARBRIDGE intent events) address their tenant by slug or id in the URL,
-- before any tenant is set. Like pillar_org_for_connection, this is a narrow cross-tenant read: it returns only
-- the tenant id for an exact slug or id, nothing else. The signature is then checked with the tenant's own
-- secret inside the tenant context.
CREATE OR REPLACE FUNCTION pillar_org_id_for_slug_or_id(p_key text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT id FROM organizations WHERE slug = p_key OR id::text = p_key LIMIT 1
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION pillar_org_id_for_slug_or_id(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pillar_org_id_for_slug_or_id(text) TO pillar_app;
