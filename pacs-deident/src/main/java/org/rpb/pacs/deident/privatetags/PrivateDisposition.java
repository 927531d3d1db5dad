package org.rpb.pacs.deident.privatetags;

/** What the safe-private list says about one private element. */
public enum PrivateDisposition {
    /** {@code k}: safe, kept. */
    KEEP,
    /** {@code h}: a private UID, replaced like other UIDs. */
    HASH_UID,
    /** {@code o}: a private date or time, shifted like other dates. */
    OFFSET_DATE,
    /** {@code d}, {@code oi}, {@code na} or not listed: removed. */
    REMOVE
}
