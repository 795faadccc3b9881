package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.util.List;

import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError.Cause;

/**
 * The Customers and Cards API's errors: the classic envelope with the documented numbered causes, whose
 * {@code code} this API sends as a string ({@code "cause":[{"code":"101",...}]}), unlike Payments' integers.
 */
final class CustomerErrors {

    private CustomerErrors() {
    }

    static ApiError badRequest(int code, String description) {
        return new ApiError(400, "bad_request", description,
                List.of(new Cause(String.valueOf(code), description)));
    }

    static ApiError alreadyExists() {
        return badRequest(101, "the customer already exist.");
    }

    static ApiError objectExpected(String field) {
        return badRequest(103, "parameter must be an object (" + field + ")");
    }

    static ApiError tooLong(String field) {
        return badRequest(104, "parameter length is too large. (" + field + ")");
    }

    static ApiError invalidCustomerId() {
        return badRequest(105, "the customer id is invalid.");
    }

    static ApiError invalidEmail() {
        return badRequest(106, "the email format is invalid.");
    }

    static ApiError notJsonObject() {
        return badRequest(118, "the body must be a Json object");
    }

    static ApiError cardRequired() {
        return badRequest(119, "the card is required.");
    }

    static ApiError cardInvalid() {
        return badRequest(121, "the card is invalid.");
    }

    static ApiError cardDataInvalid() {
        return badRequest(122, "the card data is invalid.");
    }

    static ApiError paymentMethodRequired() {
        return badRequest(123, "the payment_method_id is required.");
    }

    static ApiError invalidParameters(String field) {
        return badRequest(125, "invalid parameters. (" + field + ")");
    }

    static ApiError emailCannotChange() {
        return badRequest(126, "invalid parameter. You cannot update the email.");
    }

    static ApiError paymentMethodUnresolved() {
        return badRequest(127, "invalid parameter. Cannot resolve the payment method of card, check the"
                + " payment_method_id and issuer_id.");
    }

    static ApiError tooManyCards() {
        return badRequest(129, "the customer has reached the maximum allowed number of cards.");
    }

    static ApiError invalidCardOwner() {
        return badRequest(140, "invalid card owner.");
    }

    /** A {@code default_card} in a customer update that is not one of the customer's cards. */
    static ApiError defaultCardNotFound() {
        return badRequest(120, "card not found.");
    }

    static ApiError invalidQuery(String parameter) {
        return badRequest(205, "invalid query format. (" + parameter + ")");
    }

    static ApiError sortAttributeUnknown() {
        return badRequest(206, "attributes to sort must belong to 'customer' entity.");
    }

    static ApiError sortOrderInvalid() {
        return badRequest(207, "order filter must be 'asc' or 'desc'.");
    }

    static ApiError sortFormatInvalid() {
        return badRequest(208, "invalid 'sort' parameter format.");
    }

    /** An unknown, deleted or another seller's customer. */
    static ApiError customerNotFound() {
        return new ApiError(404, "not_found", "customer not found", List.of());
    }

    /** An unknown card, or one of another customer. */
    static ApiError cardNotFound() {
        return new ApiError(404, "not_found", "card not found.", List.of(new Cause("120", "card not found.")));
    }
}
