import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.StoreSession;

/**
 * The CPU of the sending thread alone per instance (no JIT or GC threads, no peer), for comparing builds of
 * the C-STORE client on a shared machine, where wall times move too much: 8 passes over the folder, the
 * last 3 printed (the first ones warm the JVM up). Modes: {@code files} ({@code DimseClient.store}, one
 * association) or {@code session} (a {@code StoreSession} of the instances read into memory first).
 * Usage: java -cp pacs-dicom.jar SendCpu.java AET@HOST:PORT DIR [files|session]
 */
public class SendCpu {
    public static void main(String[] args) throws Exception {
        DimseClient client = DicomNetwork.dimse(PacsNode.parse(args[0], "BENCH"));
        String mode = args.length > 2 ? args[2] : "files";
        List<Path> files;
        try (var s = Files.list(Path.of(args[1]))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<DicomFile> instances = new ArrayList<>();
        if (mode.equals("session")) {
            for (Path f : files) {
                instances.add(DicomReader.create().read(f));
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pass = 0; pass < 8; pass++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            int stored = 0;
            if (mode.equals("session")) {
                try (StoreSession s = client.openStore()) {
                    for (int i = 0; i < instances.size(); i++) {
                        stored += s.store(instances.get(i), files.get(i).resolveSibling("scratch.dcm")).stored() ? 1 : 0;
                    }
                }
            } else {
                stored = client.store(files).stored();
            }
            if (stored != files.size()) {
                throw new IllegalStateException("only " + stored + " of " + files.size() + " stored");
            }
            if (pass >= 5) {
                System.out.printf("%s: sending thread CPU %.3f ms per instance, wall %.3f ms per instance%n", mode,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / files.size(), (System.nanoTime() - t) / 1e6 / files.size());
            }
        }
    }
}
