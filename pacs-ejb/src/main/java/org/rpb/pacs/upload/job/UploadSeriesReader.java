package org.rpb.pacs.upload.job;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobAccess;
import org.rpb.pacs.job.JobFailure;
import org.rpb.pacs.job.JobFolders;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobProgressFactory;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.upload.ConfirmedUploads;
import org.rpb.pacs.upload.InspectedInstance;
import org.rpb.pacs.upload.ProjectDeidentifiers;
import org.rpb.pacs.upload.SlotNotFoundException;
import org.rpb.pacs.upload.UploadFailedException;
import org.rpb.pacs.upload.UploadInspector;
import org.rpb.pacs.upload.UploadPipeline;
import org.rpb.pacs.upload.UploadSlotsService;
import org.rpb.pacs.upload.UploadTarget;
import org.rpb.pacs.upload.UploadTimings;

/**
 * Reads an upload job's instances from its folder, in batches: per series (in UID order), at most {@value #BATCH}
 * instances each; the checkpoint is the index of the next batch, so a resume goes on after the last batch that was
 * verified. First checks that the job's user may still run it ({@link JobAccess}), then works only in the job's own
 * study and site (its slot, subject, profile version and key), whatever the user's active study is now.
 */
@jakarta.enterprise.context.Dependent
@Named("uploadSeriesReader")
public class UploadSeriesReader extends AbstractItemReader {
    /** Instances per batch (a checkpoint after each). */
    public static final int BATCH = 50;
    /** System property: workers per batch of a running upload job (default {@value UploadPipeline#DEFAULT_WORKERS}). */
    public static final String WORKERS = "pacs.upload.workers";

    @Inject
    private JobContext job;

    @Inject
    private JobProgressFactory progress;

    @EJB
    private JobAccess access;

    @EJB
    private JobService jobs;

    @EJB
    private UploadSlotsService slots;

    @EJB
    private ProjectDeidentifiers deidentifiers;

    @Inject
    private ConfirmedUploads confirmed;

    private int batches;
    private int next;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        JobParameters p = JobParameters.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
        ActiveScope scope = JobAccess.enter(access, p, job);
        UploadTimings timings = new UploadTimings();
        UploadWork work;
        try {
            work = work(p, scope, timings);
        } catch (SlotNotFoundException | UploadFailedException e) {
            job.setExitStatus(JobFailure.exitStatus(e.getMessage()));
            throw e;
        }
        job.setTransientUserData(work);
        batches = work.batches().size();
        next = checkpoint == null ? 0 : (Integer) checkpoint;
        // the first batch goes out while the instance rows are planned: sending tells no one, and nothing is
        // verified, recorded or checkpointed before the processor takes it
        if (next < batches) {
            work.ahead().start(next);
        }
        List<InstanceProgress> pending = new ArrayList<>();
        work.instances().forEach(i -> pending.add(new InstanceProgress(i.header().sopInstanceUid(),
                i.header().seriesInstanceUid(), null, InstanceState.PENDING, null)));
        long planning = System.nanoTime();
        try {
            jobs.plan(p.jobId(), pending);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        timings.add(UploadTimings.Step.PROGRESS, System.nanoTime() - planning);
    }

    private UploadWork work(JobParameters p, ActiveScope scope, UploadTimings timings) throws Exception {
        UploadTarget target = slots.target(scope, p.slotId());
        ProjectDeidentifiers.ProjectDeidentifier pd = deidentifiers.forVersion(scope, p.profileVersion());
        Path folder = JobFolders.upload(p.jobId());
        Path in = folder.resolve("in");
        if (!java.nio.file.Files.isDirectory(in)) {
            throw new UploadFailedException("the files of upload job " + p.jobId() + " are no longer on the server");
        }
        // the files were read to their end at the confirmation and the damaged ones left out: its instances, handed
        // over in memory to the first execution on this server, else the headers suffice
        long inspecting = System.nanoTime();
        List<InspectedInstance> all = confirmed.take(p.jobId()).orElse(null);
        if (all == null) {
            all = UploadInspector.headersOnly(DicomReader.create()).inspect(in).instances();
        }
        timings.add(UploadTimings.Step.INSPECT, System.nanoTime() - inspecting);
        String study = UploadPipeline.oneStudy(all);
        Map<String, List<InspectedInstance>> bySeries = new TreeMap<>();
        for (InspectedInstance i : all) {
            bySeries.computeIfAbsent(i.header().seriesInstanceUid(), k -> new ArrayList<>()).add(i);
        }
        List<InspectedInstance> ordered = new ArrayList<>();
        List<List<InspectedInstance>> out = new ArrayList<>();
        for (List<InspectedInstance> series : bySeries.values()) {
            series.sort(Comparator.comparing(i -> i.header().sopInstanceUid()));
            ordered.addAll(series);
            for (int k = 0; k < series.size(); k += BATCH) {
                out.add(List.copyOf(series.subList(k, Math.min(series.size(), k + BATCH))));
            }
        }
        UploadPipeline pipeline = new UploadPipeline(pd.deidentifier(),
                ResearchArchives.open(new ArchiveConfig(p.archive(), ArchiveConfig.Protocol.DIMSE)))
                .withWorkers(workers());
        SubjectContext subject = target.subjectContext(pd.settings());
        Path outDir = folder.resolve("out");
        // one set of store associations for the execution: each worker keeps its own from batch to batch
        UploadPipeline.Stores stores = pipeline.openStores();
        UploadAhead ahead = new UploadAhead(k -> pipeline.send(out.get(k), subject, outDir, stores, timings));
        return new UploadWork(p, scope, target, pd.version(), pipeline, subject, ordered, out, study, outDir,
                progress.create(p.jobId()), timings, ahead, stores,
                new ConcurrentHashMap<>());
    }

    /** The workers per batch from {@value #WORKERS}; a wrong value fails the job naming it. */
    private static int workers() throws UploadFailedException {
        try {
            return org.rpb.pacs.job.JobSettings.positive(WORKERS, UploadPipeline.DEFAULT_WORKERS);
        } catch (IllegalArgumentException e) {
            throw new UploadFailedException(e.getMessage());
        }
    }

    @Override
    public Object readItem() {
        return next < batches ? next++ : null;
    }

    @Override
    public void close() {
        if (job.getTransientUserData() instanceof UploadWork w) {
            try {
                w.ahead().close();
            } finally {
                w.stores().close();
            }
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return next;
    }
}
