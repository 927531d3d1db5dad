import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;

/**
 * Our C-STORE client as the server uses it: one long-running JVM, warmed up with a first pass over the
 * warm-up folder, then the timed store of every file in the folder. Prints the seconds the timed store took
 * and the CPU seconds of this JVM during it.
 * Modes: {@code files} (default: {@code DimseClient.store} of all files, one association, as the CLI),
 * {@code batch50} (the same in batches of 50 files, one association each, as the upload job stores),
 * {@code session} (a {@code StoreSession}, each instance read into memory first and encoded onto the
 * association, as staging stores; reading is not timed).
 * Usage: java -cp pacs-dicom.jar SendBench.java AET@HOST:PORT WARMUP_DIR DIR [files|batch50|session]
 */
public class SendBench {
    public static void main(String[] args) throws Exception {
        DimseClient client = DicomNetwork.dimse(PacsNode.parse(args[0], "BENCH"));
        String mode = args.length > 3 ? args[3] : "files";
        run(client, mode, list(Path.of(args[1])));
        List<Path> files = list(Path.of(args[2]));
        List<DicomFile> read = mode.equals("session") ? read(files) : List.of();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long t = System.nanoTime();
        int stored = mode.equals("session") ? session(client, read, files) : run(client, mode, files);
        double s = (System.nanoTime() - t) / 1e9;
        double c = (os.getProcessCpuTime() - cpu) / 1e9;
        if (stored != files.size()) {
            System.err.println("only " + stored + " of " + files.size() + " stored");
            System.exit(1);
        }
        System.out.println(s + " " + c);
    }

    /** Stores the files as the mode says; returns how many were stored. */
    private static int run(DimseClient client, String mode, List<Path> files) throws Exception {
        if (mode.equals("session")) {
            return session(client, read(files), files);
        }
        int size = mode.equals("batch50") ? 50 : Math.max(1, files.size());
        int stored = 0;
        for (int i = 0; i < files.size(); i += size) {
            StoreResult r = client.store(files.subList(i, Math.min(files.size(), i + size)));
            stored += r.stored();
        }
        return stored;
    }

    private static int session(DimseClient client, List<DicomFile> instances, List<Path> files) throws Exception {
        int stored = 0;
        try (StoreSession s = client.openStore()) {
            for (int i = 0; i < instances.size(); i++) {
                if (s.store(instances.get(i), files.get(i).resolveSibling("scratch.dcm")).stored()) {
                    stored++;
                }
            }
        }
        return stored;
    }

    private static List<DicomFile> read(List<Path> files) throws Exception {
        DicomReader reader = DicomReader.create();
        List<DicomFile> out = new ArrayList<>();
        for (Path f : files) {
            out.add(reader.read(f));
        }
        return out;
    }

    private static List<Path> list(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
