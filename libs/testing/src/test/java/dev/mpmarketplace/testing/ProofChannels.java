package dev.mpmarketplace.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A Quarkus Messaging producer and consumer on one topic, to prove the connector reaches the real broker. */
@ApplicationScoped
public class ProofChannels {

    private final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("proof-out")
    Emitter<String> emitter;

    @Incoming("proof-in")
    void receive(String value) {
        received.add(value);
    }

    Emitter<String> emitter() {
        return emitter;
    }

    List<String> received() {
        return received;
    }
}
