/**
 * Keyed, deterministic UID replacement ({@code 2.25.} + 128 bits of HMAC-SHA-256 over the old UID) with
 * structural UIDs left alone: {@link org.rpb.pacs.deident.uid.UidRemapper}.
 */
package org.rpb.pacs.deident.uid;
