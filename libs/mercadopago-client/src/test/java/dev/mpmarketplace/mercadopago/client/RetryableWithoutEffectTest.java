package dev.mpmarketplace.mercadopago.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class RetryableWithoutEffectTest {

    private final RetryableWithoutEffect predicate = new RetryableWithoutEffect();

    @Test
    void refusalsAndUnmadeConnectionsAreRetried() {
        assertThat(predicate.test(MercadoPagoErrors.fromAnswer("POST", 429, null, "1"))).isTrue();
        assertThat(predicate.test(new ConnectException("refused"))).isTrue();
    }

    @Test
    void anythingThatMayHaveTakenEffectIsNot() {
        assertThat(predicate.test(new TimeoutException())).isFalse();
        assertThat(predicate.test(MercadoPagoErrors.fromAnswer("POST", 502, null, null))).isFalse();
        assertThat(predicate.test(new java.io.IOException("Connection reset"))).isFalse();
    }

    @Test
    void refusalsForGoodAreNot() {
        assertThat(predicate.test(MercadoPagoErrors.fromAnswer("POST", 400, null, null))).isFalse();
        assertThat(predicate.test(MercadoPagoErrors.fromAnswer("POST", 401, null, null))).isFalse();
    }
}
