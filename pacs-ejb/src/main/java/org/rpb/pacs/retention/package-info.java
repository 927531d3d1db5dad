/**
 * Retention of what jobs leave behind (issues 15 and 16): the raw, identified files of failed or abandoned uploads
 * are deleted after {@code pacs.upload.retention-seconds} (default 24 h), and studies a job stored in the research
 * PACS but never recorded are listed as orphans with their project after {@code pacs.orphans.retention-seconds}
 * (default 7 days); both audited. {@link org.rpb.pacs.retention.RetentionSweep} decides and acts (plain JDBC, one
 * short transaction per job); {@link org.rpb.pacs.retention.RetentionSweeper} runs it every 10 minutes and on an
 * administrator's request, one node of a cluster at a time.
 */
package org.rpb.pacs.retention;
