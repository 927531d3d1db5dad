/** JPA entities of jobs and their per-instance progress. */
package org.rpb.pacs.job.internal;
