package dev.mpmarketplace.sandbox.launcher;

/** A command line the launcher does not understand: its message is shown, and the exit code is 2. */
public class UsageException extends LaunchException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
