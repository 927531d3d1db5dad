package org.rpb.pacs.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.dict.Dictionary;
import org.rpb.pacs.core.dict.DictionaryEntry;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.FindMatch;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.ReceivedInstance;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.ReceiverListener;
import org.rpb.pacs.core.net.RetrieveResult;
import org.rpb.pacs.core.net.StoreReceiver;
import org.rpb.pacs.core.net.StoreResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The network commands of {@code pacs-dicom.jar}, for administrators testing a node from a shell
 * (like dcmtk's tools): {@code echo}, {@code find}, {@code store}, {@code move}, {@code get}, {@code receive}.
 * Each takes {@code --calling AET} (default {@code PACS}); exit status 0 on DICOM success, 1 with the
 * status and reason on stderr otherwise, 2 on bad usage.
 */
public final class NetworkCommands {
    private NetworkCommands() {
    }

    /** Thrown for bad usage found after parsing; the message goes to stderr and the exit status is 2. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String m) {
            super(m);
        }
    }

    /** {@code --calling AET} and the node argument {@code AET@HOST:PORT} of every command that calls a node. */
    static final class Peer {
        @Option(names = "--calling", paramLabel = "AET", description = "our calling AE title (default: ${DEFAULT-VALUE})")
        String calling = PacsNode.DEFAULT_CALLING_AE;

        PacsNode node(String address) throws UsageException {
            if (address == null) {
                throw new UsageException("missing AET@HOST:PORT");
            }
            try {
                return PacsNode.parse(address, calling);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    /** {@code --level} and repeated {@code -k Keyword[=Value]} of the query and retrieve commands. */
    static final class Query {
        @Option(names = "--level", paramLabel = "LEVEL", description = "PATIENT, STUDY, SERIES or IMAGE (default STUDY)")
        String level = QueryLevel.STUDY.name();

        @Option(names = "-k", paramLabel = "Keyword[=Value]", description = "a matching or return key, by keyword or gggg,eeee")
        List<String> keys = new ArrayList<>();

        FindQuery query() throws UsageException {
            QueryLevel l;
            try {
                l = QueryLevel.valueOf(level.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--level must be PATIENT, STUDY, SERIES or IMAGE");
            }
            FindQuery.Builder b = FindQuery.builder(l);
            for (String k : keys) {
                int eq = k.indexOf('=');
                String keyword = eq < 0 ? k : k.substring(0, eq);
                String value = eq < 0 ? "" : k.substring(eq + 1);
                try {
                    b.key(tagOf(keyword), value);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("-k " + k + ": " + e.getMessage());
                }
            }
            return b.build();
        }
    }

    private static int tagOf(String keyword) {
        if (keyword.matches("\\(?[0-9A-Fa-f]{4},?[0-9A-Fa-f]{4}\\)?")) {
            return (int) Long.parseLong(keyword.replaceAll("[(),]", ""), 16);
        }
        Tag t = Dictionary.standard().tagOf(keyword);
        return t.value();
    }

    private static String keywordOf(int tag) {
        DictionaryEntry e = Dictionary.standard().entry(tag);
        return e == null || e.keyword() == null || e.keyword().isEmpty() ? Tag.toString(tag) : e.keyword();
    }

    /** A command body, run with the failures mapped to exit statuses. */
    private interface Body {
        int run(PrintStream out, PrintStream err) throws Exception;
    }

    /** The base of the network commands: runs the body, mapping failures to exit statuses. */
    abstract static class NetworkCommand implements Callable<Integer> {
        @ParentCommand
        PacsDicomTool tool;

        @Spec
        CommandSpec spec;

        /** The command's work; exit status 0 or 1. */
        abstract int work(PrintStream out, PrintStream err) throws Exception;

        @Override
        public Integer call() {
            PrintStream err = tool.err();
            String name = spec.name();
            try {
                return work(tool.out(), err);
            } catch (UsageException e) {
                err.println(name + ": " + e.getMessage());
                spec.commandLine().usage(err);
                return PacsDicomTool.USAGE;
            } catch (DicomNetworkException e) {
                err.println(name + ": " + e.getMessage());
                return 1;
            } catch (Exception e) {
                err.println(name + ": " + e);
                return 1;
            }
        }
    }

    /** {@code echo AET@HOST:PORT}. */
    @Command(name = "echo", description = "Verify a node with C-ECHO.")
    public static final class EchoCommand extends NetworkCommand {
        @Mixin Peer peer;
        @Parameters(paramLabel = "AET@HOST:PORT", arity = "0..1", description = "the node") String address;

        @Override
        int work(PrintStream so, PrintStream se) throws Exception {
            PacsNode node = peer.node(address);
            long t = System.nanoTime();
            DicomNetwork.dimse(node).echo();
            so.printf("C-ECHO %s: success (%d ms)%n", node.describe(), (System.nanoTime() - t) / 1_000_000);
            return 0;
        }
    }

    /** {@code find [--level L] [-k Keyword=Value]... AET@HOST:PORT}. */
    @Command(name = "find", description = "C-FIND, one line per match.")
    public static final class FindCommand extends NetworkCommand {
        @Mixin Peer peer;
        @Mixin Query query;
        @Parameters(paramLabel = "AET@HOST:PORT", arity = "0..1", description = "the node") String address;

        @Override
        int work(PrintStream so, PrintStream se) throws Exception {
            PacsNode node = peer.node(address);
            FindQuery q = query.query();
            int[] n = {0};
            DicomNetwork.dimse(node).find(q, m -> {
                so.println(line(m));
                n[0]++;
            }, CancelToken.create());
            se.println(n[0] + " match(es)");
            return 0;
        }

        private static String line(FindMatch m) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<Integer, String> e : m.values().entrySet()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(keywordOf(e.getKey())).append('=').append(e.getValue());
            }
            return sb.toString();
        }
    }

    /** {@code store AET@HOST:PORT FILE_OR_DIR...}. */
    @Command(name = "store", description = "C-STORE files as encoded (SOP Class and Instance UID of each data set).")
    public static final class StoreCommand extends NetworkCommand {
        @Mixin Peer peer;
        @Parameters(index = "0", paramLabel = "AET@HOST:PORT", arity = "0..1", description = "the node") String address;
        @Parameters(index = "1..*", paramLabel = "FILE_OR_DIR", description = "files, or folders searched for files") List<String> inputs = new ArrayList<>();

        @Override
        int work(PrintStream so, PrintStream se) throws Exception {
            PacsNode node = peer.node(address);
            if (inputs.isEmpty()) {
                throw new UsageException("no FILE_OR_DIR given");
            }
            List<Path> files = new ArrayList<>();
            for (String p : inputs) {
                Path path = Path.of(p);
                if (Files.isDirectory(path)) {
                    try (Stream<Path> s = Files.walk(path)) {
                        s.filter(Files::isRegularFile).sorted().forEach(files::add);
                    }
                } else if (Files.isRegularFile(path)) {
                    files.add(path);
                } else {
                    throw new UsageException("no such file or folder: " + p);
                }
            }
            long t = System.nanoTime();
            StoreResult r = DicomNetwork.dimse(node).store(files);
            for (StoreResult.Instance i : r.instances()) {
                if (!i.stored()) {
                    se.println(i.file() + ": " + (i.status() == DicomStatus.NONE ? "" : DicomStatus.describe(i.status()) + " ") + i.reason());
                }
            }
            double s = (System.nanoTime() - t) / 1e9;
            so.printf("stored %d of %d instance(s) to %s in %.2f s%n", r.stored(), r.instances().size(), node.describe(), s);
            return r.allStored() ? 0 : 1;
        }
    }

    /**
     * What move and get share: a query against one node whose matches are retrieved, with the progress printed
     * as it comes and the outcome as the exit status. Their one required option is picocli's to check.
     */
    abstract static class RetrieveCommand extends NetworkCommand {
        @Mixin Peer peer;
        @Mixin Query query;
        @Parameters(paramLabel = "AET@HOST:PORT", arity = "0..1", description = "the node") String address;

        /** Runs the retrieve, printing its progress. */
        abstract RetrieveResult retrieve(DimseClient client, FindQuery q, PrintStream so) throws Exception;

        /** @return the line that reports the outcome */
        String describe(RetrieveResult r) {
            return r.describe();
        }

        @Override
        final int work(PrintStream so, PrintStream se) throws Exception {
            PacsNode node = peer.node(address);
            RetrieveResult r = retrieve(DicomNetwork.dimse(node), query.query(), so);
            (r.fullySuccessful() ? so : se).println(describe(r));
            return r.fullySuccessful() ? 0 : 1;
        }
    }

    /** {@code move --dest AET [-k ...] AET@HOST:PORT}. */
    @Command(name = "move", description = "C-MOVE to a destination AE.")
    public static final class MoveCommand extends RetrieveCommand {
        @Option(names = "--dest", paramLabel = "AET", required = true, description = "the move destination") String dest;

        @Override
        RetrieveResult retrieve(DimseClient client, FindQuery q, PrintStream so) throws Exception {
            return client.move(q, dest, p -> progress(so, p), CancelToken.create());
        }
    }

    /** {@code get --dir DIR [-k ...] AET@HOST:PORT}: C-GET with the default storage classes into a folder. */
    @Command(name = "get", description = "C-GET into a folder.")
    public static final class GetCommand extends RetrieveCommand {
        @Option(names = "--dir", paramLabel = "DIR", required = true, description = "the folder for the instances") String dir;

        @Override
        RetrieveResult retrieve(DimseClient client, FindQuery q, PrintStream so) throws Exception {
            return client.get(q, Set.of(), Path.of(dir), p -> progress(so, p), CancelToken.create());
        }

        @Override
        String describe(RetrieveResult r) {
            return r.describe() + "; " + r.files().size() + " files in " + dir;
        }
    }

    private static void progress(PrintStream so, org.rpb.pacs.core.net.MoveProgress p) {
        if (p.pending()) {
            so.printf("remaining %d, completed %d, failed %d, warning %d%n", p.remaining(), p.completed(), p.failed(), p.warning());
        }
    }

    /** {@code receive --aet AET --port PORT --dir DIR}. */
    @Command(name = "receive", description = "C-STORE receiver until stopped.")
    public static final class ReceiveCommand extends NetworkCommand {
        @Option(names = "--calling", hidden = true) String calling;
        @Option(names = "--aet", paramLabel = "AET", description = "our AE title (required)") String aet;
        @Option(names = "--port", paramLabel = "PORT", description = "the port (required)") String port;
        @Option(names = "--dir", paramLabel = "DIR", description = "the spool folder (required)") String dir;
        @Option(names = "--bind", paramLabel = "ADDRESS", description = "the address to listen on (default loopback)") String bind;
        @Option(names = "--allow", paramLabel = "AET,AET...", description = "calling AE titles accepted (default any)") String allowList;
        @Option(names = "--max-instance-bytes", paramLabel = "BYTES",
                description = "the largest data set accepted (default 2 GiB)") long maxInstanceBytes = ReceiverConfig.DEFAULT_MAX_INSTANCE_BYTES;

        @Override
        int work(PrintStream so, PrintStream se) throws Exception {
            if (aet == null || port == null || dir == null) {
                throw new UsageException("--aet, --port and --dir are required");
            }
            Set<String> allow = new LinkedHashSet<>();
            if (allowList != null) {
                for (String a : allowList.split(",")) {
                    if (!a.isBlank()) {
                        allow.add(a.trim());
                    }
                }
            }
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "receive");
                t.setDaemon(true);
                return t;
            });
            ReceiverConfig.Builder cb;
            try {
                cb = ReceiverConfig.builder().aeTitle(aet).port(Integer.parseInt(port)).spoolFolder(Path.of(dir))
                        .allowedCallingAeTitles(allow).maxInstanceBytes(maxInstanceBytes).executor(executor);
                if (bind != null) {
                    cb.bindAddress(java.net.InetAddress.getByName(bind));
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--port is not a number");
            }
            ReceiverConfig config;
            try {
                config = cb.listener(new ReceiverListener() {
                    @Override
                    public void received(ReceivedInstance i) {
                        so.println("received " + i.sopInstanceUid() + " from " + i.callingAeTitle() + " -> " + i.file());
                    }

                    @Override
                    public void refused(String callingAe, String reason) {
                        se.println("refused " + (callingAe.isEmpty() ? "" : callingAe + ": ") + reason);
                    }
                }).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            StoreReceiver receiver = DicomNetwork.receiver(config);
            try {
                receiver.start();
            } catch (IOException e) {
                se.println("receive: cannot listen on port " + port + ": " + e.getMessage());
                executor.shutdownNow();
                return 1;
            }
            so.println("receiving as " + aet + " on " + receiver.localAddress() + " into " + dir + " (stop with Ctrl-C)");
            so.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                receiver.close();
                executor.shutdownNow();
                stop.countDown();
            }));
            stop.await();
            return 0;
        }
    }
}
