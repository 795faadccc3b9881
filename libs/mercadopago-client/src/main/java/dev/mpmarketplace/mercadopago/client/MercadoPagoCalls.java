package dev.mpmarketplace.mercadopago.client;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.smallrye.mutiny.Uni;

/** What every call of the API packages does the same way: its bound in time, its failure classification, its token. */
public final class MercadoPagoCalls {

    private MercadoPagoCalls() {
    }

    /**
     * The call, failing with a {@code TIMEOUT} after {@code timeout} (the outcome of a write is then unknown), and
     * every failure classified once ({@link MercadoPagoErrors#classify}).
     */
    public static <T> Uni<T> bounded(String operation, Duration timeout, Uni<T> call) {
        return call.ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().transform(failure -> MercadoPagoErrors.classify(operation, failure));
    }

    /** The {@code Authorization} header's value for an access token. */
    public static String bearer(String accessToken) {
        return "Bearer " + accessToken;
    }
}
