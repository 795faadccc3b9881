package dev.mpmarketplace.sandbox.vault;

import java.util.List;

/**
 * A request that Vault would refuse, carrying the status code and the {@code errors} array of Vault's error envelope
 * ({@code {"errors":[...]}}).
 */
final class VaultApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<String> errors;

    VaultApiException(int status, List<String> errors) {
        super(status + " " + errors, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    int status() {
        return status;
    }

    List<String> errors() {
        return errors;
    }

    /** A logical error response of a backend ({@code logical.ErrorResponse}), which Vault sends as 400. */
    static VaultApiException badRequest(String message) {
        return new VaultApiException(400, List.of(message));
    }

    /** What Vault answers when a read finds nothing: 404 with an empty {@code errors} array. */
    static VaultApiException notFound() {
        return new VaultApiException(404, List.of());
    }

    static VaultApiException permissionDenied() {
        return new VaultApiException(403, List.of("permission denied"));
    }

    /** No mount matches the path. */
    static VaultApiException routeNotFound(String vaultPath) {
        return new VaultApiException(404,
                List.of("no handler for route \"" + vaultPath + "\". route entry not found."));
    }

    /** A mount exists but none of its paths matches; Vault's core wraps the error in a go-multierror. */
    static VaultApiException unsupportedPath() {
        return new VaultApiException(404, List.of(multiError(List.of("unsupported path"))));
    }

    /** The path exists but does not take this operation. */
    static VaultApiException unsupportedOperation() {
        return new VaultApiException(405, List.of(multiError(List.of("unsupported operation"))));
    }

    /** An HTTP method Vault does not map to any operation at all. */
    static VaultApiException methodNotAllowed() {
        return new VaultApiException(405, List.of());
    }

    /** The text go-multierror produces, which is what Vault puts in {@code errors} for wrapped errors. */
    static String multiError(List<String> messages) {
        StringBuilder text = new StringBuilder();
        text.append(messages.size()).append(messages.size() == 1 ? " error occurred:\n" : " errors occurred:\n");
        for (String message : messages) {
            text.append("\t* ").append(message).append('\n');
        }
        return text.append('\n').toString();
    }
}
