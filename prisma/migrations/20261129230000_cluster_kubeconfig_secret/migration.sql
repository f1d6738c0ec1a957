-- Live capture credentials from a Kubernetes Secret (issue 11): `namespace/name` or
-- `namespace/name/key` of a Secret holding a kubeconfig, read with the service's own credentials
-- (its in-cluster service account, or SECRETS_KUBECONFIG). Set by admins only.
ALTER TABLE "clusters" ADD COLUMN "kubeconfig_secret" TEXT;
