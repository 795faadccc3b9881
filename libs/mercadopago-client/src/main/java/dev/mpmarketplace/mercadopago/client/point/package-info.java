/**
 * Mercado Pago Point, both ways Mercado Pago offers it (reference 5A, 5B, 12.a, 12.b): the Point Integration API
 * ({@link MercadoPagoPointApi}: the integrator and its webhook, devices, payment and refund intents) and the Orders API
 * with {@code type: point} ({@link MercadoPagoOrdersApi}), plus the one payment lookup a Point service needs
 * ({@link MercadoPagoPointPaymentsApi}). Amounts cross between exact decimals and the Integration API's integer of
 * cents only through {@link PointAmounts}.
 */
package dev.mpmarketplace.mercadopago.client.point;
