package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

class SmokeTest {
    @TempDir
    Path tmp;

    @Test
    void ctSmall() throws Exception {
        Deidentifier d = Deidentifier.builder().key(Fixtures.KEY)
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build();
        Path out = tmp.resolve("o.dcm");
        InstanceResult r = d.deidentify(Fixtures.pydicom("CT_small.dcm"), out, Fixtures.ctx());
        r.manifest().forEach(m -> System.out.println(m.toJson()));
        DataSet ds = Fixtures.read(out);
        assertEquals("PID-0042", ds.getString("PatientID"));
        System.out.println(Fixtures.run(null, "dcmdump", out.toString()));
        Fixtures.pydicomReadsAll(List.of(out));
        assertTrue(r.done());
    }
}
