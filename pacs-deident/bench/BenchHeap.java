import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

/** De-identifies files in process and prints the peak heap use (sum of the heap pools' peaks) in MB. */
public class BenchHeap {
    public static void main(String[] a) throws Exception {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        Deidentifier d = Deidentifier.builder().key(Files.readAllBytes(Path.of(a[0])))
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build();
        d.deidentifyAll(List.of(Path.of(a[2])), Path.of(a[1]), SubjectContext.builder("P", "P").build(), null);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%.1f%n", peak / 1048576.0);
    }
}
