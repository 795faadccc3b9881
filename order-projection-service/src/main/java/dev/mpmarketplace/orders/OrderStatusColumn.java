package dev.mpmarketplace.orders;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an {@link OrderStatus} as its word ({@code payment_required}, {@code paid}, ...). */
@Converter
public class OrderStatusColumn implements AttributeConverter<OrderStatus, String> {

    @Override
    public String convertToDatabaseColumn(OrderStatus status) {
        return status == null ? null : status.word();
    }

    @Override
    public OrderStatus convertToEntityAttribute(String word) {
        return word == null
                ? null
                : OrderStatus.of(word).orElseThrow(() -> new IllegalStateException("unknown order status " + word));
    }
}
