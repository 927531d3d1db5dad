/**
 * The leak scanner: searches output files for a patient's original identifiers at any depth and in any value
 * ({@link org.rpb.pacs.deident.scan.LeakScanner}), reporting each hit with file and attribute path
 * ({@link org.rpb.pacs.deident.scan.LeakHit}).
 */
package org.rpb.pacs.deident.scan;
