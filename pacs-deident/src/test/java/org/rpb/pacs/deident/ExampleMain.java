package org.rpb.pacs.deident;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.scan.LeakScanner;

/** The example of the README, kept compiling and running by {@link ExampleMainTest}. */
public final class ExampleMain {

    private ExampleMain() {
    }

    /**
     * @param args key file, rule file, output folder, input files
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        byte[] key = Files.readAllBytes(Path.of(args[0]));         // the project's secret, >= 16 bytes
        Deidentifier deidentifier = Deidentifier.builder()
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES,
                        Option.RETAIN_SAFE_PRIVATE, Option.CLEAN_DESCRIPTORS))
                .key(key)
                .rules(Rules.parse(Path.of(args[1])))
                .build();                                           // immutable, thread-safe
        SubjectContext subject = SubjectContext.builder("PID-0042", "PID-0042")
                .trialSponsor("RPB").trialProtocolId("STUDY-7").trialSiteId("DD")
                .trialSubjectId("S-0042").trialTimePoint("BASELINE")
                .studyCode("STUDY-7")
                .build();
        Path out = Path.of(args[2]);
        List<Path> inputs = List.of(args).subList(3, args.length).stream().map(Path::of).toList();
        BatchResult result = deidentifier.deidentifyAll(inputs, out, subject, r -> System.err.println(
                r.done() ? "done " + r.newSopInstanceUid() : "refused " + r.refusal()));
        result.instances().forEach(r -> r.manifest().forEach(e -> System.out.println(e.toJson())));
        // check the output for the original identifiers before it leaves the building
        System.err.println(LeakScanner.of(List.of("DOE^JOHN", "123456")).scan(out).size() + " leaks");
    }
}
