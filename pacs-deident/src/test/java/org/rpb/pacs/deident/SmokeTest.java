package org.rpb.pacs.deident;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

class SmokeTest {
    @TempDir
    Path tmp;

    @Test
    void all() throws Exception {
        Deidentifier d = Deidentifier.builder().key(Fixtures.KEY)
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_SAFE_PRIVATE)).build();
        List<Path> files;
        try (var s = Files.list(Fixtures.PYDICOM)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        for (Path f : files) {
            BatchResult r = d.deidentifyAll(List.of(f), tmp, Fixtures.ctx(), null);
            InstanceResult ir = r.instances().get(0);
            System.out.println(f.getFileName() + " -> " + (ir.done() ? "OK " + ir.output().getFileName() : ir.refusal()));
        }
    }
}
