/**
 * Staging and project copies: retrieve a study or series from a source PACS, de-identify every
 * instance, store it in the research PACS and verify that every instance is there, reporting each
 * instance's state. {@link org.rpb.pacs.staging.StagingPipeline} is the entry point.
 */
package org.rpb.pacs.staging;
