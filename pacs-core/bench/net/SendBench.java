import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.StoreResult;

/**
 * Our C-STORE client as the server uses it: one long-running JVM, warmed up with a first batch,
 * then the timed store of every file in the folder. Prints the seconds the timed store took.
 * Usage: java -cp pacs-dicom.jar SendBench.java AET@HOST:PORT WARMUP_DIR DIR
 */
public class SendBench {
    public static void main(String[] args) throws Exception {
        DimseClient client = DicomNetwork.dimse(PacsNode.parse(args[0], "BENCH"));
        client.store(list(Path.of(args[1])));
        List<Path> files = list(Path.of(args[2]));
        long t = System.nanoTime();
        StoreResult r = client.store(files);
        double s = (System.nanoTime() - t) / 1e9;
        if (!r.allStored()) {
            System.err.println("only " + r.stored() + " of " + files.size() + " stored");
            System.exit(1);
        }
        System.out.println(s);
    }

    private static List<Path> list(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
