package dev.mpmarketplace.testing.mercadopago;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test field of type {@code MercadoPagoSandbox} that receives the sandbox of {@link WithMercadoPagoSandbox}. */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface InjectMercadoPagoSandbox {
}
