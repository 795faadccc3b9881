#!/usr/bin/env bash
# Configures Vault for the platform: the KV v2 engine at secret/, the Kubernetes auth method, and for every service
# that uses Vault its policy (deploy/vault/policies/<service>.hcl, generated) and its Kubernetes auth role. The role is
# named after the service and bound to the service account of the same name in the platform's namespace, for tokens
# whose audience is "vault" (the projected token the Deployments mount). Idempotent: run it again after an upgrade.
#
# Needs the vault CLI, VAULT_ADDR and a VAULT_TOKEN allowed to manage auth methods, policies and mounts.
# Usage: deploy/vault/configure-vault.sh <namespace>        e.g. mp-marketplace (prod overlay), mp-marketplace-dev
#   KUBERNETES_HOST  the API server Vault asks to review tokens (default https://kubernetes.default.svc, for a Vault
#                    running in the same cluster; set it, and the CA, by hand for a Vault outside the cluster)
set -euo pipefail
namespace="${1:?usage: configure-vault.sh <namespace>}"
policies="$(cd "$(dirname "$0")/policies" && pwd)"

if ! vault secrets list -format=json | grep -q '"secret/"'; then
  vault secrets enable -path=secret -version=2 kv
fi
if ! vault auth list -format=json | grep -q '"kubernetes/"'; then
  vault auth enable kubernetes
  vault write auth/kubernetes/config kubernetes_host="${KUBERNETES_HOST:-https://kubernetes.default.svc}"
fi

for policy in "$policies"/*.hcl; do
  service="$(basename "$policy" .hcl)"
  vault policy write "mp-marketplace-$service" "$policy"
  vault write "auth/kubernetes/role/$service" \
    bound_service_account_names="$service" \
    bound_service_account_namespaces="$namespace" \
    audience=vault \
    token_policies="mp-marketplace-$service" \
    token_ttl=1h token_max_ttl=4h
done
