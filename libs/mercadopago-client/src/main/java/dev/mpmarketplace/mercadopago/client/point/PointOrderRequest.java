package dev.mpmarketplace.mercadopago.client.point;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/orders} for a Point terminal (reference 5B, 12.b).
 *
 * @param externalReference required, 1-64 letters, digits, {@code -} and {@code _}
 * @param expirationTime an ISO-8601 duration ({@code PT15M}), PT30S..PT3H
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PointOrderRequest(@JsonProperty("type") String type,
        @JsonProperty("external_reference") String externalReference,
        @JsonProperty("description") String description, @JsonProperty("expiration_time") String expirationTime,
        @JsonProperty("transactions") Transactions transactions, @JsonProperty("config") Config config) {

    /** An order for one payment of {@code amount} ({@link PointAmounts#toDecimalString}) on a terminal. */
    public static PointOrderRequest point(String externalReference, String description, String expirationTime,
            String amount, String terminalId, String defaultType, Integer installments) {
        return new PointOrderRequest("point", externalReference, description, expirationTime,
                new Transactions(List.of(new Payment(amount))), new Config(new Point(terminalId, null, null),
                        defaultType == null && installments == null
                                ? null
                                : new PaymentMethod(defaultType, installments, null)));
    }

    public record Transactions(@JsonProperty("payments") List<Payment> payments) {
    }

    /** @param amount a decimal string, {@code "15.00"} */
    public record Payment(@JsonProperty("amount") String amount) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(@JsonProperty("point") Point point,
            @JsonProperty("payment_method") PaymentMethod paymentMethod) {
    }

    /** @param printOnTerminal {@code no_ticket}, {@code seller_ticket} or {@code buyer_ticket} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Point(@JsonProperty("terminal_id") String terminalId,
            @JsonProperty("print_on_terminal") String printOnTerminal,
            @JsonProperty("ticket_number") String ticketNumber) {
    }

    /** @param defaultType {@code credit_card}, {@code debit_card} or {@code qr} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentMethod(@JsonProperty("default_type") String defaultType,
            @JsonProperty("default_installments") Integer defaultInstallments,
            @JsonProperty("installments_cost") String installmentsCost) {
    }
}
