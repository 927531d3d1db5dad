package org.rpb.pacs.staging.job;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.staging.StagingPipeline;

/**
 * Totals the finished series (kept as the step's persistent user data, so totals survive a restart)
 * and sets the job's exit status: {@code VERIFIED} when no instance failed so far, else
 * {@code INCOMPLETE <n> FAILED}. The per-instance rows were written while the series ran.
 */
@jakarta.enterprise.context.Dependent
@Named("stagingSeriesWriter")
public class StagingSeriesWriter extends AbstractItemWriter {

    @Inject
    private JobContext job;

    @Inject
    private StepContext step;

    @Override
    public void writeItems(List<Object> items) {
        int[] totals = step.getPersistentUserData() == null ? new int[2] : ((int[]) step.getPersistentUserData()).clone();
        for (Object o : items) {
            StagingPipeline.SeriesOutcome s = (StagingPipeline.SeriesOutcome) o;
            totals[0] += s.instances().size();
            totals[1] += (int) s.instances().stream().filter(i -> i.state() == org.rpb.pacs.staging.InstanceState.FAILED).count();
        }
        step.setPersistentUserData((Serializable) totals);
        job.setExitStatus(totals[1] == 0 ? "VERIFIED" : "INCOMPLETE " + totals[1] + " FAILED");
    }
}
