/**
 * The platform's own client code for Mercado Pago and Mercado Libre. Written from the reference
 * ({@code shared/reference/mercadopago-api.md}) and never shared with the sandbox, so that a test of one against the
 * other checks both against the documented behaviour rather than against each other's code.
 */
package dev.mpmarketplace.mercadopago.client;
