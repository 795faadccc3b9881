/**
 * Mercado Pago's OAuth token endpoint ({@code POST /oauth/token}, reference section 1.3): the authorization-code
 * exchange (with the PKCE verifier) and the refresh-token grant, as a typed Quarkus REST client. Nothing in this
 * package logs or prints a token: the response's {@code toString} is redacted.
 */
package dev.mpmarketplace.mercadopago.client.oauth;
