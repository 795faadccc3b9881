package dev.mpmarketplace.sandbox.vault;

/**
 * Vault's logical operations, which its HTTP layer derives from the method: {@code GET} reads (or lists with
 * {@code ?list=true}), {@code POST} and {@code PUT} both create-or-update, {@code LIST} lists.
 */
enum Operation {
    READ,
    LIST,
    UPDATE,
    PATCH,
    DELETE
}
