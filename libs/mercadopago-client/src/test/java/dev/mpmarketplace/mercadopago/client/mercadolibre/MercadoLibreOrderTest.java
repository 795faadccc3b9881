package dev.mpmarketplace.mercadopago.client.mercadolibre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;

class MercadoLibreOrderTest {

    /** Seed 001's "two payments" answer (its fields, trimmed of those not kept), with the newer fields of 12.c. */
    static final String TWO_PAYMENTS = """
            {"buyer": {"alternative_phone": {"area_code": null, "extension": null, "number": ""},
                       "billing_info": {"doc_number": "67045427794", "doc_type": "CPF"},
                       "email": "test_user_21963158@testuser.com", "first_name": "Test", "id": 160903317,
                       "last_name": "Test", "nickname": "TETE2022123"},
             "currency_id": "BRL", "date_closed": null, "date_created": "2014-10-26T22:46:18.000-04:00",
             "id": 893431118, "last_updated": "2014-10-26T22:50:10.000-04:00",
             "order_items": [{"currency_id": "BRL", "item": {"id": "MLB600034093",
                              "title": "Item De Testeo, Por Favor No Ofertar --kc:off", "variation_attributes": [],
                              "variation_id": null}, "quantity": 1, "unit_price": 591}],
             "paid_amount": 591,
             "payments": [{"id": 885920310, "status": "approved", "status_detail": "accredited",
                           "transaction_amount": 296, "total_paid_amount": 296, "currency_id": "BRL",
                           "payment_method_id": "visa", "payment_type": "credit_card", "installments": 1,
                           "operation_type": "regular_payment", "issuer_id": "25",
                           "date_created": "2014-10-26T22:48:46.000-04:00",
                           "date_last_modified": "2014-10-27T00:51:53.000-04:00"},
                          {"id": 885920410, "status": "approved", "status_detail": "accredited",
                           "transaction_amount": 295, "total_paid_amount": 315.62, "currency_id": "BRL",
                           "installments": 3, "date_created": "2014-10-26T22:50:10.000-04:00",
                           "date_last_modified": "2014-10-26T22:50:21.000-04:00", "tags": ["refund_account_money"]}],
             "seller": {"email": "test_user_70385259@testuser.com", "first_name": "Test", "id": 169648308,
                        "last_name": "Test", "nickname": "TETE6072468",
                        "phone": {"area_code": "01", "extension": null, "number": "1111-1111"}},
             "shipping": {"status": "null"}, "status": "paid", "status_detail": null,
             "tags": ["not_delivered", "paid"], "total_amount": 591, "pack_id": null, "hidden_for_seller": false,
             "context": {"channel": "marketplace", "site": "MLB", "flows": []}, "cancel_detail": null}""";

    @Test
    void theSeedsTwoPaymentOrderIsReadWithBothPaymentsExactAmountsAndMercadoLibresOffsets() {
        MercadoLibreOrder order = MercadoLibreOrder.parse(MercadoLibreOrders.GET, TWO_PAYMENTS);

        assertThat(order.id()).isEqualTo(893_431_118L);
        assertThat(order.status()).isEqualTo("paid");
        assertThat(order.statusDetail()).isNull();
        assertThat(order.siteId()).isEqualTo("MLB");
        assertThat(order.totalAmount()).isEqualByComparingTo("591");
        assertThat(order.paidAmount()).isEqualByComparingTo("591");
        assertThat(order.tags()).containsExactly("not_delivered", "paid");
        assertThat(order.lastUpdated()).isEqualTo(OffsetDateTime.of(2014, 10, 26, 22, 50, 10, 0,
                ZoneOffset.ofHours(-4)));
        assertThat(order.dateClosed()).isNull();
        assertThat(order.shippingId()).as("the legacy shipping {status: \"null\"} names no shipment").isNull();
        assertThat(order.hiddenForSeller()).isFalse();
        assertThat(order.seller()).isEqualTo(new MercadoLibreOrder.Seller(169_648_308L, "TETE6072468"));
        assertThat(order.buyer().id()).isEqualTo(160_903_317L);
        assertThat(order.buyer().email()).isEqualTo("test_user_21963158@testuser.com");
        assertThat(order.items()).singleElement().satisfies(item -> {
            assertThat(item.itemId()).isEqualTo("MLB600034093");
            assertThat(item.quantity()).isEqualTo(1);
            assertThat(item.variationId()).isNull();
        });
        assertThat(order.payments()).extracting(MercadoLibreOrder.Payment::id).containsExactly(885_920_310L,
                885_920_410L);
        MercadoLibreOrder.Payment second = order.payments().get(1);
        assertThat(second.totalPaidAmount().toPlainString()).isEqualTo("315.62");
        assertThat(second.tags()).containsExactly("refund_account_money");
        assertThat(order.payments().get(0).tags()).isEmpty();
    }

    @Test
    void anOlderAnswersStatusDetailObjectReadsAsItsCodeAndACancelDetailIsKept() {
        String cancelled = TWO_PAYMENTS.replace("\"status\": \"paid\", \"status_detail\": null",
                "\"status\": \"cancelled\", \"status_detail\": {\"code\": \"buyer_cancel\", \"description\": \"x\"}")
                .replace("\"cancel_detail\": null", "\"cancel_detail\": {\"group\": \"buyer\", \"code\": "
                        + "\"buyer_cancel\", \"description\": \"The buyer cancelled\", \"requested_by\": \"buyer\", "
                        + "\"date\": \"2014-10-27T10:00:00.000-04:00\"}");

        MercadoLibreOrder order = MercadoLibreOrder.parse(MercadoLibreOrders.GET, cancelled);

        assertThat(order.statusDetail()).isEqualTo("buyer_cancel");
        assertThat(order.cancelDetail().requestedBy()).isEqualTo("buyer");
        assertThat(order.cancelDetail().date()).isEqualTo(OffsetDateTime.parse("2014-10-27T10:00:00-04:00"));
    }

    @Test
    void aHiddenOrdersBuyerIsOnlyItsId() {
        MercadoLibreOrder order = MercadoLibreOrder.parse(MercadoLibreOrders.GET,
                "{\"id\": 2000004912352524, \"status\": \"payment_required\", \"seller\": {\"id\": 1000002},"
                        + " \"buyer\": {\"id\": 1000009}, \"hidden_for_seller\": true}");

        assertThat(order.buyer()).isEqualTo(new MercadoLibreOrder.Buyer(1_000_009L, null, null, null, null));
        assertThat(order.payments()).isEmpty();
        assertThat(order.hiddenForSeller()).isTrue();
    }

    @Test
    void anAnswerWithoutIdStatusOrSellerIsAnInvalidResponse() {
        for (String json : new String[]{"{\"status\": \"paid\", \"seller\": {\"id\": 1}}",
                "{\"id\": 1, \"seller\": {\"id\": 1}}", "{\"id\": 1, \"status\": \"paid\"}", "[]", "not json"}) {
            assertThatThrownBy(() -> MercadoLibreOrder.parse(MercadoLibreOrders.GET, json))
                    .isInstanceOfSatisfying(MercadoPagoException.class, e -> assertThat(e.kind())
                            .isEqualTo(MercadoPagoException.Kind.INVALID_RESPONSE));
        }
    }

    @Test
    void itsTextNamesNeitherTheBuyerNorItsEmail() {
        assertThat(MercadoLibreOrder.parse(MercadoLibreOrders.GET, TWO_PAYMENTS).toString())
                .doesNotContain("testuser", "TETE2022123").contains("893431118", "paid");
    }

    @Test
    void missedFeedMessagesAreReadOldestFirstWithTheirBodies() {
        var messages = MercadoLibreMissedFeeds.messages("""
                {"messages": [{"_id": "f9f08571", "resource": "/orders/2000004912352524", "user_id": 734908421,
                  "topic": "orders_v2", "application_id": 7980210790598964123, "attempts": 8,
                  "sent": "2019-10-30T16:19:20.129Z", "received": "2019-10-30T16:19:20.106Z"},
                 {"_id": "a1", "resource": "/orders/2", "user_id": 1, "topic": "created_orders",
                  "application_id": 1, "attempts": 0, "sent": null, "received": "2019-10-30T17:00:00.000Z"}]}""");

        assertThat(messages).extracting(MissedFeedMessage::id).containsExactly("f9f08571", "a1");
        assertThat(messages.get(0).applicationId()).isEqualTo("7980210790598964123");
        assertThat(messages.get(0).userId()).isEqualTo(734_908_421L);
        assertThat(messages.get(1).sent()).isNull();
        assertThat(messages.get(0).json()).contains("\"_id\":\"f9f08571\"");
        assertThatThrownBy(() -> MercadoLibreMissedFeeds.messages("{}")).isInstanceOf(MercadoPagoException.class);
    }
}
