package dev.mpmarketplace.linking.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.repository.SellerRepository;

/** Reads of sellers for the marketplace's backends; never a token. */
@ApplicationScoped
public class SellerQueries {

    private final SellerRepository sellers;

    public SellerQueries(SellerRepository sellers) {
        this.sellers = sellers;
    }

    public Uni<Seller> get(long userId) {
        return Panache.withSession(() -> sellers.findById(userId)).onItem().ifNull()
                .failWith(() -> new SellerNotFoundException(userId));
    }

    public Uni<List<Seller>> list(Optional<SellerStatus> status, int page, int size) {
        return Panache.withSession(() -> sellers.page(status, page, size));
    }
}
