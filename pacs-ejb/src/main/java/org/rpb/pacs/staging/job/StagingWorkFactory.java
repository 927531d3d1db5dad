package org.rpb.pacs.staging.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.job.JobFolders;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobProgress;
import org.rpb.pacs.receiver.ModuleReceiver;
import org.rpb.pacs.staging.SourcePacs;
import org.rpb.pacs.staging.StagingException;
import org.rpb.pacs.staging.StagingPipeline;
import org.rpb.pacs.staging.StagingRequest;
import org.rpb.pacs.staging.WorkerBudget;

/**
 * Builds a job execution's {@link StagingWork} from its parameters: the one place the pipeline is configured. Four
 * system properties size it: {@value #GROUP_LIMIT} (the most instances of consecutive series a job runs together,
 * default {@value StagingPipeline#DEFAULT_GROUP_LIMIT}), {@value #WORKER_BUDGET} (the workers all running staging
 * and copy jobs share, default four per processor, read at the first job), {@value #WORKERS} (the most a single
 * running job gets of them, default {@value StagingPipeline#DEFAULT_WORKERS}) and {@value #SPOOL_LIMIT} (instances a
 * running job keeps in the spool at most, default {@value StagingPipeline#DEFAULT_SPOOL_LIMIT}); the server's spool
 * holds at most the batch thread pool's size (jobs at once) times that many instances, whatever the size of a cohort. A job alone gets its
 * {@value #WORKERS}; ten at once share the budget ({@link WorkerBudget}) instead of opening ten times as many store
 * associations on the same processors.
 */
@ApplicationScoped
public class StagingWorkFactory {
    /** System property: workers per running staging or copy job. */
    public static final String WORKERS = "pacs.staging.workers";
    /** System property: the most instances a running staging or copy job keeps in the spool. */
    public static final String SPOOL_LIMIT = "pacs.staging.spool-limit";
    /**
     * System property: the most instances of consecutive series a job takes together in one run (one C-MOVE of
     * their UID list, one verification, one checkpoint); 1 runs every series alone.
     */
    public static final String GROUP_LIMIT = "pacs.staging.group-limit";
    /** System property: the workers all running staging and copy jobs of the server share. */
    public static final String WORKER_BUDGET = "pacs.staging.worker-budget";

    /** The server's budget of workers, made at the first job (guarded by this). */
    private WorkerBudget budget;

    @EJB
    private ModuleReceiver receiver;

    @Inject
    private StagingDeidentifiers deidentifiers;

    StagingWork create(JobParameters p, JobProgress progress) throws StagingException {
        SourcePacs source = p.method() == JobParameters.Method.MOVE
                ? SourcePacs.cMove(p.source(), receiver.receiver(), Duration.ofSeconds(60))
                : SourcePacs.cGet(p.source());
        StagingPipeline pipeline = StagingPipeline.builder().source(source)
                .archive(ResearchArchives.open(new ArchiveConfig(p.archive(), ArchiveConfig.Protocol.DIMSE)))
                .spoolFolder(JobFolders.spool()).workers(positive(WORKERS, StagingPipeline.DEFAULT_WORKERS))
                .spoolLimit(positive(SPOOL_LIMIT, StagingPipeline.DEFAULT_SPOOL_LIMIT))
                .groupLimit(positive(GROUP_LIMIT, StagingPipeline.DEFAULT_GROUP_LIMIT)).workerBudget(budget()).build();
        StagingDeidentifiers.StagingRequestParts parts = deidentifiers.parts(p);
        StagingRequest request = StagingRequest.builder().studyInstanceUid(p.studyInstanceUid())
                .seriesInstanceUids(p.seriesInstanceUids()).deidentifier(parts.deidentifier())
                .deidentifierForInputs(parts.forInputs()).subject(parts.subject()).build();
        Map<String, List<InstanceResult>> plan = new TreeMap<>(pipeline.plan(request));
        return new StagingWork(pipeline, request, plan, CancelToken.create(), p, progress);
    }

    private synchronized WorkerBudget budget() throws StagingException {
        if (budget == null) {
            budget = new WorkerBudget(positive(WORKER_BUDGET, defaultBudget()));
        }
        return budget;
    }

    /**
     * Four workers per processor: on 2 processors one job keeps its {@value StagingPipeline#DEFAULT_WORKERS}, two
     * share 8 (measured: 10 jobs of 4 workers each, 40 store associations on 2 cores, used more processor time per
     * instance than 10 of 2).
     */
    static int defaultBudget() {
        return Math.max(StagingPipeline.DEFAULT_WORKERS, 4 * Runtime.getRuntime().availableProcessors());
    }

    /** A positive whole number from a system property, else the default; a wrong value fails the job naming it. */
    static int positive(String property, int byDefault) throws StagingException {
        try {
            return org.rpb.pacs.job.JobSettings.positive(property, byDefault);
        } catch (IllegalArgumentException e) {
            throw new StagingException(e.getMessage());
        }
    }
}
