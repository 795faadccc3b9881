/**
 * A development server for the part of HashiCorp Vault's HTTP API that the services use.
 */
package dev.mpmarketplace.sandbox.vault;
