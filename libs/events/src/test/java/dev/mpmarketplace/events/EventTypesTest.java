package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void domainTypesAreReverseDnsAndVersioned() {
        assertThat(EventTypes.domain("payment", "status-changed"))
                .isEqualTo("dev.mpmarketplace.payment.status-changed.v1");
    }

    @Test
    void commandTypesHaveANamespaceOfTheirOwn() {
        assertThat(EventTypes.command("payment", "create")).isEqualTo("dev.mpmarketplace.command.payment.create.v1");
        assertThatThrownBy(() -> EventTypes.command("payment", "Create")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerTopicsAreNormalisedToTypeSegments() {
        assertThat(EventTypes.rawNotification("mercadopago", "point_integration_wh"))
                .isEqualTo("dev.mpmarketplace.notification.mercadopago.point-integration-wh.v1");
        assertThat(EventTypes.rawNotification("mercadolibre", "orders_v2"))
                .isEqualTo("dev.mpmarketplace.notification.mercadolibre.orders-v2.v1");
        assertThat(EventTypes.rawNotification("mercadopago", "mp-connect"))
                .isEqualTo("dev.mpmarketplace.notification.mercadopago.mp-connect.v1");
    }

    @Test
    void segmentsOutsideTheAlphabetAreRejected() {
        assertThatThrownBy(() -> EventTypes.domain("Seller", "linked")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventTypes.domain("seller", "linked.v2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventTypes.rawNotification("mercadopago", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
