import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.StoreReceiver;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.staging.SourcePacs;
import org.rpb.pacs.staging.StagingListener;
import org.rpb.pacs.staging.StagingPipeline;
import org.rpb.pacs.staging.StagingRequest;
import org.rpb.pacs.staging.StagingResult;

/**
 * Stages one study through the module's pipeline (C-MOVE into the module's receiver, de-identification
 * with the Study0 profile, C-STORE into the research PACS, IMAGE-level verification) and prints
 * "module <instances> <seconds>". Arguments: CLINICAL_NODE RESEARCH_NODE STUDY_UID HIS_ID RECEIVER_PORT WORK_DIR.
 */
public class StagingBench {
    public static void main(String[] a) throws Exception {
        PacsNode clinical = PacsNode.parse(a[0], "RPBPACS");
        PacsNode research = PacsNode.parse(a[1], "RPBPACS");
        Path work = Path.of(a[5]);
        ExecutorService ex = Executors.newCachedThreadPool();
        try (StoreReceiver r = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("RPBPACS")
                .port(Integer.parseInt(a[4])).spoolFolder(work.resolve("receiver")).executor(ex).build())) {
            r.start();
            StagingPipeline p = StagingPipeline.builder().source(SourcePacs.cMove(clinical, r, Duration.ofSeconds(120)))
                    .archive(ResearchArchives.open(new ArchiveConfig(research, ArchiveConfig.Protocol.DIMSE)))
                    .spoolFolder(work.resolve("spool")).build();
            StagingRequest req = StagingRequest.builder().studyInstanceUid(a[2])
                    .deidentifier(Deidentifier.builder().key("benchmark-key-0123456789".getBytes(StandardCharsets.US_ASCII))
                            .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build())
                    .subject(SubjectContext.builder("PIDBENCH", "PIDBENCH").expectedPatientId(a[3]).build()).build();
            long t0 = System.nanoTime();
            StagingResult res = p.run(req, StagingListener.NONE, CancelToken.create());
            double s = (System.nanoTime() - t0) / 1e9;
            if (!res.complete()) {
                System.err.println("incomplete: " + res.failures().size() + " failed, first: " + res.failures().get(0).reason());
                System.exit(1);
            }
            System.out.printf("module %d %.3f%n", res.verified(), s);
        } finally {
            ex.shutdownNow();
        }
    }
}
