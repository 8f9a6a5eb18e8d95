-- GET /api/v1/operations: a tenant's first page, newest first (OperationService.list, default page size 20 + 1)
\set t random(0, 999)
SELECT o.* FROM operation o WHERE o.tenant_id = 'tenant-' || :t ORDER BY o.created_at DESC, o.id DESC LIMIT 21;
