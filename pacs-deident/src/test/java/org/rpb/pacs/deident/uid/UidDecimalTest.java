package org.rpb.pacs.deident.uid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The 128-bit decimal of keyed UIDs gives BigInteger's digits, so that every new UID stays as it was. */
class UidDecimalTest {

    private static void check(byte[] b) {
        assertEquals(new BigInteger(1, Arrays.copyOf(b, 16)).toString(), UidRemapper.unsignedDecimal128(b),
                () -> "bytes " + Arrays.toString(b));
    }

    @Test
    void edgesAndZeroChunks() {
        byte[] b = new byte[32];
        check(b); // 0
        b[15] = 1;
        check(b); // 1
        Arrays.fill(b, 0, 16, (byte) 0xFF);
        check(b); // 2^128 - 1, 39 digits
        Arrays.fill(b, (byte) 0);
        b[0] = (byte) 0x80;
        check(b); // 2^127
        // 10^18 and 10^27: chunks of nine zeros inside the number
        for (BigInteger v : new BigInteger[] {BigInteger.TEN.pow(9), BigInteger.TEN.pow(18), BigInteger.TEN.pow(27),
            BigInteger.TEN.pow(38), BigInteger.TEN.pow(18).subtract(BigInteger.ONE)}) {
            byte[] m = v.toByteArray();
            byte[] x = new byte[32];
            int len = Math.min(16, m.length);
            System.arraycopy(m, m.length - len, x, 16 - len, len);
            check(x);
        }
    }

    @Test
    void randomValues() {
        Random r = new Random(17);
        byte[] b = new byte[32];
        for (int i = 0; i < 20_000; i++) {
            r.nextBytes(b);
            if (i % 4 == 1) {
                Arrays.fill(b, 0, 1 + r.nextInt(15), (byte) 0); // short numbers too
            }
            check(b);
        }
    }

    @Test
    void remapGivesTheSameUidsAsBefore() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        UidRemapper u = new UidRemapper(key);
        HmacSha256 mac = u.newMac();
        String old = "1.2.826.0.1.3680043.8.498.12345";
        byte[] h = mac.doFinal(old.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("2.25." + new BigInteger(1, Arrays.copyOf(h, 16)), u.remap(old));
    }
}
