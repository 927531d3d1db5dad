package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.FileTrees;

/** The confirmed instances handed from the confirmation to the upload job's first execution. */
class ConfirmedUploadsTest {

    @TempDir
    Path tmp;

    @Test
    void theJobTakesTheConfirmedInstancesOnceWithTheirFilesInItsFolder() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        RtStudy.write(work, "HOSP-4711", "Original^Olga", 3);
        List<InspectedInstance> checked = new UploadInspector(DicomReader.create()).inspect(work).instances();
        Path in = tmp.resolve("job/in");
        Files.createDirectories(in.getParent());
        FileTrees.move(work, in);
        ConfirmedUploads confirmed = new ConfirmedUploads();
        confirmed.put(7, checked, work, in);

        List<InspectedInstance> taken = confirmed.take(7).orElseThrow();
        // what the job would read from its folder, headers only: the same instances in the same files
        List<InspectedInstance> read = UploadInspector.headersOnly(DicomReader.create()).inspect(in).instances();
        assertEquals(read.stream().map(i -> i.file() + " " + i.header().sopInstanceUid()).sorted().toList(),
                taken.stream().map(i -> i.file() + " " + i.header().sopInstanceUid()).sorted().toList());
        assertTrue(confirmed.take(7).isEmpty(), "taken once: a resume reads its folder");
    }

    @Test
    void aGoneFileOrAnOldUploadIsNotHandedOver() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        RtStudy.write(work, "HOSP-4711", "Original^Olga", 3);
        List<InspectedInstance> checked = new UploadInspector(DicomReader.create()).inspect(work).instances();
        ConfirmedUploads confirmed = new ConfirmedUploads();
        confirmed.put(1, checked, work, work);
        Files.delete(checked.get(0).file());
        assertTrue(confirmed.take(1).isEmpty(), "a file is gone: the job reads its folder");

        for (long job = 10; job < 10 + ConfirmedUploads.MAX + 1; job++) {
            confirmed.put(job, checked.subList(1, 2), work, work);
        }
        assertTrue(confirmed.take(10).isEmpty(), "the oldest of more than MAX uploads is dropped");
        assertEquals(1, confirmed.take(11).orElseThrow().size());
    }
}
