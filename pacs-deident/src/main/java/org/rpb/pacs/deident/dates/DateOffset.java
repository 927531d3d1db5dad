package org.rpb.pacs.deident.dates;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.rpb.pacs.deident.uid.UidRemapper;

/**
 * The per-patient shift of dates and times: a number of whole days (between {@value #MIN_DAYS} and
 * {@value #MAX_DAYS} days into the past) plus a number of seconds within a day. Derived from the project key and
 * the patient (issuer of patient ID and patient ID), so that one patient gets the same offset in every study,
 * run and machine (every interval within the patient survives), while different patients, and the same patient
 * under another key, get unrelated offsets.
 *
 * @param days whole days added to every date (negative: into the past)
 * @param seconds seconds added to every time of day, 0 to 86399 (a date-time crossing midnight changes its date)
 */
public record DateOffset(int days, int seconds) {

    /** The smallest shift, in days into the past. */
    public static final int MIN_DAYS = 365;
    /** The largest shift, in days into the past. */
    public static final int MAX_DAYS = 3652;

    /** No shift. */
    public static final DateOffset NONE = new DateOffset(0, 0);

    /**
     * Derives the offset of a patient.
     *
     * @param keyed the keyed hash function of the project
     * @param issuer Issuer of Patient ID (0010,0021), or null
     * @param patientId the original Patient ID (0010,0020)
     * @return the offset
     */
    public static DateOffset forPatient(UidRemapper keyed, String issuer, String patientId) {
        String id = (issuer == null ? "" : issuer.trim()) + "\u0000" + (patientId == null ? "" : patientId.trim());
        ByteBuffer h = ByteBuffer.wrap(keyed.keyedHash("date-offset", id.getBytes(StandardCharsets.UTF_8)));
        long a = h.getLong() & Long.MAX_VALUE;
        long b = h.getLong() & Long.MAX_VALUE;
        int days = -(MIN_DAYS + (int) (a % (MAX_DAYS - MIN_DAYS + 1)));
        int secs = (int) (b % 86400);
        return new DateOffset(days, secs);
    }

    /** @return the whole shift in seconds */
    public long totalSeconds() {
        return days * 86400L + seconds;
    }
}
