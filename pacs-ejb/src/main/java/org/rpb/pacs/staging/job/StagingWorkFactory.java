package org.rpb.pacs.staging.job;

import java.nio.file.Path;
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
import org.rpb.pacs.receiver.ModuleReceiver;
import org.rpb.pacs.staging.SourcePacs;
import org.rpb.pacs.staging.StagingException;
import org.rpb.pacs.staging.StagingPipeline;
import org.rpb.pacs.staging.StagingRequest;

/** Builds a job execution's {@link StagingWork} from its parameters. */
@ApplicationScoped
public class StagingWorkFactory {

    @EJB
    private ModuleReceiver receiver;

    @Inject
    private StagingDeidentifiers deidentifiers;

    StagingWork create(StagingJobParameters p) throws StagingException {
        SourcePacs source = "MOVE".equals(p.method())
                ? SourcePacs.cMove(p.source(), receiver.receiver(), Duration.ofSeconds(60))
                : SourcePacs.cGet(p.source());
        Path spool = StagingSpool.folder();
        StagingPipeline pipeline = StagingPipeline.builder().source(source)
                .archive(ResearchArchives.open(new ArchiveConfig(p.archive(), ArchiveConfig.Protocol.DIMSE)))
                .spoolFolder(spool).build();
        StagingDeidentifiers.StagingRequestParts parts = deidentifiers.parts(p);
        StagingRequest request = StagingRequest.builder().studyInstanceUid(p.studyInstanceUid())
                .seriesInstanceUids(p.seriesInstanceUids()).deidentifier(parts.deidentifier())
                .deidentifierForInputs(parts.forInputs()).subject(parts.subject()).build();
        Map<String, List<InstanceResult>> plan = new TreeMap<>(pipeline.plan(request));
        return new StagingWork(pipeline, request, plan, CancelToken.create(), p);
    }
}
