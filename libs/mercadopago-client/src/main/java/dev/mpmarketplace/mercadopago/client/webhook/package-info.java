/**
 * Webhook verification: {@link dev.mpmarketplace.mercadopago.client.webhook.WebhookSignatureVerifier} checks the
 * {@code x-signature} header Mercado Pago puts on every Webhooks-format notification.
 */
package dev.mpmarketplace.mercadopago.client.webhook;
