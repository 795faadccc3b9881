# Vault policy of order-projection-service, bound to its Kubernetes auth role of the same name
# by deploy/vault/configure-vault.sh. Generated from the service catalog, dev.mpmarketplace.deploy.PlatformService:
# do not edit. Regenerate: ./mvnw -B -pl deploy -am process-classes -Pregenerate
# Grants: read-seller-tokens

path "secret/data/sellers/*" {
  capabilities = ["read"]
}
