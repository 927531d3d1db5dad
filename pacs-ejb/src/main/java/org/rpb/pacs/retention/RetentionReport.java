package org.rpb.pacs.retention;

import java.io.Serializable;

/**
 * What one retention sweep did (counts only).
 *
 * @param uploadsDeleted    upload jobs whose raw files were deleted
 * @param filesDeleted      files deleted with them
 * @param workspacesDeleted working folders of unconfirmed uploads deleted
 * @param jobsChecked       jobs whose stored instances were searched for in the research PACS
 * @param orphansRecorded   unrecorded studies newly listed as orphans
 * @param jobsNotChecked    jobs left for the next sweep because the research PACS could not be asked
 */
public record RetentionReport(int uploadsDeleted, int filesDeleted, int workspacesDeleted, int jobsChecked,
        int orphansRecorded, int jobsNotChecked) implements Serializable {
    private static final long serialVersionUID = 1L;
}
