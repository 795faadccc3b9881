package dev.mpmarketplace.sandbox.launcher;

/** A condition the user can fix (a port in use, a component that did not start); its message is shown as is. */
public class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message);
    }
}
