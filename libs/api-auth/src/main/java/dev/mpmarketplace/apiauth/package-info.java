/**
 * Who may call the platform's HTTP APIs: the {@link dev.mpmarketplace.apiauth.Roles roles} a bearer token carries,
 * and the {@link dev.mpmarketplace.apiauth.ApiSigningKey signing key} and
 * {@link dev.mpmarketplace.apiauth.ApiTokenIssuer token issuer} with which the local run and the tests mint such
 * tokens. JDK only, so that the launcher and any test can use it without Quarkus.
 */
package dev.mpmarketplace.apiauth;
