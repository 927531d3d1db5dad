package org.rpb.pacs.deident.uid;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA-256 (RFC 2104) over {@link MessageDigest}, with the inner and outer key blocks absorbed once: each
 * MAC is two digest clones and two short updates. Used instead of {@code javax.crypto.Mac}, whose provider
 * set-up costs a fifth of a second at start-up. An instance is not thread-safe; {@link #copy()} gives another
 * one for another thread.
 */
public final class HmacSha256 {

    private static final int BLOCK = 64;

    private final MessageDigest innerKeyed;
    private final MessageDigest outerKeyed;
    private MessageDigest inner;

    private HmacSha256(MessageDigest innerKeyed, MessageDigest outerKeyed) {
        this.innerKeyed = innerKeyed;
        this.outerKeyed = outerKeyed;
    }

    /**
     * @param key the key (any length; longer than 64 bytes is hashed first, as RFC 2104 says)
     * @return a MAC keyed with it
     */
    public static HmacSha256 of(byte[] key) {
        try {
            byte[] k = key.length > BLOCK ? MessageDigest.getInstance("SHA-256").digest(key) : key;
            byte[] ipad = Arrays.copyOf(k, BLOCK);
            byte[] opad = Arrays.copyOf(k, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                ipad[i] ^= 0x36;
                opad[i] ^= 0x5c;
            }
            MessageDigest in = MessageDigest.getInstance("SHA-256");
            in.update(ipad);
            MessageDigest out = MessageDigest.getInstance("SHA-256");
            out.update(opad);
            return new HmacSha256(in, out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** @return an independent MAC with the same key */
    public HmacSha256 copy() {
        return new HmacSha256(clone(innerKeyed), clone(outerKeyed));
    }

    /** @param b more message bytes */
    public void update(byte[] b) {
        inner().update(b);
    }

    /** @param b more message bytes (its position advances to its limit) */
    public void update(ByteBuffer b) {
        inner().update(b);
    }

    /** @return the MAC of the bytes given since the last call; the instance is ready for a new message */
    public byte[] doFinal() {
        byte[] h = inner().digest();
        inner = null;
        MessageDigest o = clone(outerKeyed);
        o.update(h);
        return o.digest();
    }

    /**
     * @param message the whole message
     * @return its MAC
     */
    public byte[] doFinal(byte[] message) {
        update(message);
        return doFinal();
    }

    private MessageDigest inner() {
        if (inner == null) {
            inner = clone(innerKeyed);
        }
        return inner;
    }

    private static MessageDigest clone(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }
}
