package org.rpb.pacs.secrets;

/** A stored secret cannot be decrypted with the configured server key. Names the secret, never its value. */
public class SecretUnreadableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SecretUnreadableException(String message) {
        super(message);
    }
}
