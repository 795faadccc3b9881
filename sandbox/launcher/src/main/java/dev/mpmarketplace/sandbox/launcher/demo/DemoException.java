package dev.mpmarketplace.sandbox.launcher.demo;

/** A step of the demo could not go on; the message says what it asked and what it got. */
final class DemoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DemoException(String message) {
        super(message);
    }
}
