package org.rpb.pacs.upload.job;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.job.JobFailure;
import org.rpb.pacs.upload.UploadFailedException;
import org.rpb.pacs.upload.UploadPipeline;
import org.rpb.pacs.upload.UploadTimings;

/**
 * De-identifies, stores and verifies one batch of an upload job, recording each instance's steps; the next batch
 * is de-identified and stored ({@link UploadAhead}) while this one is verified and checkpointed. A batch that
 * fails fails the job with the reason as its outcome; its checkpoint stays before the batch, so a retry runs it
 * again (same UIDs, one copy in the research PACS).
 */
@jakarta.enterprise.context.Dependent
@Named("uploadSeriesProcessor")
public class UploadSeriesProcessor implements ItemProcessor {

    @Inject
    private JobContext job;

    @Override
    public Object processItem(Object item) throws Exception {
        UploadWork w = (UploadWork) job.getTransientUserData();
        int batch = (Integer) item;
        try {
            UploadPipeline.Sent sent = w.ahead().take(batch);
            // the next batch goes out while this one is verified and checkpointed (never before it is all sent)
            if (sent.complete() && batch + 1 < w.batches().size()) {
                w.ahead().start(batch + 1);
            }
            w.pipeline().verify(sent, w.progress(), w.timings());
            // the headers as sent, for the study record after the last batch
            sent.headersInto(w.stored());
        } catch (UploadFailedException e) {
            job.setExitStatus(JobFailure.exitStatus(e.getMessage()));
            throw e;
        } finally {
            long t = System.nanoTime();
            w.progress().flush();
            w.timings().add(UploadTimings.Step.PROGRESS, System.nanoTime() - t);
        }
        return item;
    }
}
