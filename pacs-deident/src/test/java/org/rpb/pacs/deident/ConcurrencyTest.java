package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.pixel.MaskRegion;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rules.Rules;

/**
 * One {@link Deidentifier} used by many threads at once (the "thread-safe" claim of the API, behaviour 35): every
 * output is byte-identical to the one a single thread makes, and the manifests are the same.
 */
class ConcurrencyTest {

    @TempDir
    Path tmp;

    private static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm", "rtstruct.dcm", "rtplan.dcm",
            "rtdose.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "liver_1frame.dcm", "waveform_ecg.dcm",
            "test-SR.dcm", "SC_rgb_small_odd.dcm", "JPEG2000.dcm");

    /** The example rules need a site, a study code and a subject ID. */
    private static final SubjectContext CTX = SubjectContext.builder("PID-0042", "SUBJECT^0042").trialSiteId("DD")
            .trialSubjectId("S-0042").studyCode("STUDY-7").build();

    private static Deidentifier shared() throws Exception {
        return Deidentifier.builder().key(Fixtures.KEY)
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_SAFE_PRIVATE,
                        Option.CLEAN_DESCRIPTORS))
                .rules(Rules.parse(Path.of("docs/example-rules.json")))
                .burnedIn(BurnedInPolicy.mask(Map.of("*", List.of(new MaskRegion(0, 0, 4, 4)))))
                .threads(1).build();
    }

    @Test
    void oneDeidentifierUsedByEightThreadsGivesWhatOneThreadGives() throws Exception {
        Path planted = Planted.write(tmp.resolve("planted.dcm"));
        List<Path> inputs = new ArrayList<>();
        inputs.add(planted);
        FILES.forEach(f -> inputs.add(Fixtures.pydicom(f)));
        Deidentifier d = shared();

        // the reference: one thread, one file after the other
        List<InstanceResult> expected = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            expected.add(d.deidentifyAll(List.of(inputs.get(i)), tmp.resolve("seq").resolve("f" + i),
                    CTX, null).instances().get(0));
        }
        assertTrue(expected.stream().filter(InstanceResult::done).count() >= 10, expected.toString());

        // eight threads, each doing every file (in its own order), all started at once
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<InstanceResult>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<InstanceResult>> job = () -> {
                    start.await();
                    List<InstanceResult> mine = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), null));
                    for (int k = 0; k < inputs.size(); k++) {
                        int i = (k + thread) % inputs.size();
                        mine.set(i, d.deidentifyAll(List.of(inputs.get(i)), tmp.resolve("t" + thread).resolve("f" + i),
                                CTX, null).instances().get(0));
                    }
                    return mine;
                };
                futures.add(pool.submit(job));
            }
            start.countDown();
            for (Future<List<InstanceResult>> f : futures) {
                List<InstanceResult> got = f.get();
                for (int i = 0; i < inputs.size(); i++) {
                    InstanceResult a = expected.get(i);
                    InstanceResult b = got.get(i);
                    assertEquals(a.done(), b.done(), inputs.get(i) + ": " + b.refusal());
                    if (a.done()) {
                        assertArrayEquals(Files.readAllBytes(a.output()), Files.readAllBytes(b.output()),
                                inputs.get(i).toString());
                        assertEquals(a.manifest(), b.manifest(), inputs.get(i).toString());
                    } else {
                        assertEquals(a.refusal(), b.refusal());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
