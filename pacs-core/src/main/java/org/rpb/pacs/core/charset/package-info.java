/**
 * Specific Character Set (0008,0005): decoding text values to Java strings and encoding replacement text into a
 * data set's character set, including ISO 2022 code extensions. Text that is kept is never re-encoded: the codec
 * writes unchanged values from their original bytes.
 */
package org.rpb.pacs.core.charset;
