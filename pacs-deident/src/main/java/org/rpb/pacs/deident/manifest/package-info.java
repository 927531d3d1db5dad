/**
 * Record keeping of a run: per-attribute manifest entries ({@link org.rpb.pacs.deident.manifest.ManifestEntry},
 * written as JSON lines; old values only as keyed hashes) and the UID / patient crosswalk
 * ({@link org.rpb.pacs.deident.manifest.Crosswalk}).
 */
package org.rpb.pacs.deident.manifest;
