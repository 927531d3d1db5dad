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

/**
 * The network commands of {@code pacs-dicom.jar}, for administrators testing a node from a shell
 * (like dcmtk's tools): {@code echo}, {@code find}, {@code store}, {@code move}, {@code receive}.
 * Each takes {@code --calling AET} (default {@code PACS}); exit status 0 on DICOM success, 1 with the
 * status and reason on stderr otherwise, 2 on bad usage.
 */
public final class NetworkCommands {
    private NetworkCommands() {
    }

    /** Thrown for bad usage; the message goes to stderr and the exit status is 2. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String m) {
            super(m);
        }
    }

    /** Parsed options: flags with values, repeated -k keys, and positional arguments. */
    private static final class Options {
        final Map<String, String> values = new java.util.HashMap<>();
        final List<String> keys = new ArrayList<>();
        final List<String> positional = new ArrayList<>();

        static Options parse(List<String> args, Set<String> withValue) throws UsageException {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("-k")) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("-k needs Keyword=Value");
                    }
                    o.keys.add(args.get(++i));
                } else if (withValue.contains(a)) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(a + " needs a value");
                    }
                    o.values.put(a, args.get(++i));
                } else if (a.startsWith("--")) {
                    throw new UsageException("unknown option " + a);
                } else {
                    o.positional.add(a);
                }
            }
            return o;
        }

        String calling() {
            return values.getOrDefault("--calling", PacsNode.DEFAULT_CALLING_AE);
        }

        PacsNode node() throws UsageException {
            if (positional.isEmpty()) {
                throw new UsageException("missing AET@HOST:PORT");
            }
            try {
                return PacsNode.parse(positional.get(0), calling());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }

        FindQuery query(QueryLevel dflt) throws UsageException {
            QueryLevel level;
            try {
                level = QueryLevel.valueOf(values.getOrDefault("--level", dflt.name()).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--level must be PATIENT, STUDY, SERIES or IMAGE");
            }
            FindQuery.Builder b = FindQuery.builder(level);
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

    /** Runs a command body, mapping failures to exit statuses. */
    private interface Body {
        int run(Options o, PrintStream out, PrintStream err) throws Exception;
    }

    private static int guarded(String name, String usage, List<String> args, Set<String> withValue, PrintStream out,
                               PrintStream err, Body body) {
        try {
            return body.run(Options.parse(args, withValue), out, err);
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println("usage: " + usage);
            return 2;
        } catch (DicomNetworkException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println(name + ": " + e);
            return 1;
        }
    }

    /** {@code echo AET@HOST:PORT}. */
    public static final class EchoCommand implements Command {
        @Override public String name() { return "echo"; }
        @Override public String usage() { return "echo [--calling AET] AET@HOST:PORT  verify a node with C-ECHO"; }
        @Override public int run(List<String> args, PrintStream out, PrintStream err) {
            return guarded(name(), usage(), args, Set.of("--calling"), out, err, (o, so, se) -> {
                PacsNode node = o.node();
                long t = System.nanoTime();
                DicomNetwork.dimse(node).echo();
                so.printf("C-ECHO %s: success (%d ms)%n", node.describe(), (System.nanoTime() - t) / 1_000_000);
                return 0;
            });
        }
    }

    /** {@code find [--level L] [-k Keyword=Value]... AET@HOST:PORT}. */
    public static final class FindCommand implements Command {
        @Override public String name() { return "find"; }
        @Override public String usage() {
            return "find [--calling AET] [--level PATIENT|STUDY|SERIES|IMAGE] [-k Keyword[=Value]]... AET@HOST:PORT  C-FIND, one line per match";
        }
        @Override public int run(List<String> args, PrintStream out, PrintStream err) {
            return guarded(name(), usage(), args, Set.of("--calling", "--level"), out, err, (o, so, se) -> {
                PacsNode node = o.node();
                FindQuery q = o.query(QueryLevel.STUDY);
                int[] n = {0};
                DicomNetwork.dimse(node).find(q, m -> {
                    so.println(line(m));
                    n[0]++;
                }, CancelToken.create());
                se.println(n[0] + " match(es)");
                return 0;
            });
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
    public static final class StoreCommand implements Command {
        @Override public String name() { return "store"; }
        @Override public String usage() { return "store [--calling AET] AET@HOST:PORT FILE_OR_DIR...  C-STORE files as encoded"; }
        @Override public int run(List<String> args, PrintStream out, PrintStream err) {
            return guarded(name(), usage(), args, Set.of("--calling"), out, err, (o, so, se) -> {
                PacsNode node = o.node();
                if (o.positional.size() < 2) {
                    throw new UsageException("no FILE_OR_DIR given");
                }
                List<Path> files = new ArrayList<>();
                for (String p : o.positional.subList(1, o.positional.size())) {
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
            });
        }
    }

    /** {@code move --dest AET [-k ...] AET@HOST:PORT}. */
    public static final class MoveCommand implements Command {
        @Override public String name() { return "move"; }
        @Override public String usage() {
            return "move [--calling AET] --dest AET [--level STUDY|SERIES|IMAGE] [-k Keyword=Value]... AET@HOST:PORT  C-MOVE to a destination AE";
        }
        @Override public int run(List<String> args, PrintStream out, PrintStream err) {
            return guarded(name(), usage(), args, Set.of("--calling", "--dest", "--level"), out, err, (o, so, se) -> {
                PacsNode node = o.node();
                String dest = o.values.get("--dest");
                if (dest == null) {
                    throw new UsageException("--dest AET is required");
                }
                FindQuery q = o.query(QueryLevel.STUDY);
                RetrieveResult r = DicomNetwork.dimse(node).move(q, dest, p -> {
                    if (p.pending()) {
                        so.printf("remaining %d, completed %d, failed %d, warning %d%n", p.remaining(), p.completed(), p.failed(), p.warning());
                    }
                }, CancelToken.create());
                (r.fullySuccessful() ? so : se).println(r.describe());
                return r.fullySuccessful() ? 0 : 1;
            });
        }
    }

    /** {@code get --dir DIR [-k ...] AET@HOST:PORT}: C-GET with the default storage classes into a folder. */
    public static final class GetCommand implements Command {
        @Override public String name() { return "get"; }
        @Override public String usage() {
            return "get [--calling AET] --dir DIR [--level STUDY|SERIES|IMAGE] [-k Keyword=Value]... AET@HOST:PORT  C-GET into a folder";
        }
        @Override public int run(List<String> args, PrintStream out, PrintStream err) {
            return guarded(name(), usage(), args, Set.of("--calling", "--dir", "--level"), out, err, (o, so, se) -> {
                PacsNode node = o.node();
                String dir = o.values.get("--dir");
                if (dir == null) {
                    throw new UsageException("--dir DIR is required");
                }
                FindQuery q = o.query(QueryLevel.STUDY);
                RetrieveResult r = DicomNetwork.dimse(node).get(q, Set.of(), java.nio.file.Path.of(dir), p -> {
                    if (p.pending()) {
                        so.printf("remaining %d, completed %d, failed %d, warning %d%n", p.remaining(), p.completed(), p.failed(), p.warning());
                    }
                }, CancelToken.create());
                (r.fullySuccessful() ? so : se).println(r.describe() + "; " + r.files().size() + " files in " + dir);
                return r.fullySuccessful() ? 0 : 1;
            });
        }
    }

    /** {@code receive --aet AET --port PORT --dir DIR}. */
    public static final class ReceiveCommand implements Command {
        @Override public String name() { return "receive"; }
        @Override public String usage() {
            return "receive --aet AET --port PORT --dir DIR [--bind ADDRESS] [--allow AET,AET...]  C-STORE receiver until stopped";
        }
        @Override public int run(List<String> args, PrintStream out, PrintStream err) {
            return guarded(name(), usage(), args, Set.of("--calling", "--aet", "--port", "--dir", "--bind", "--allow"), out, err, (o, so, se) -> {
                String aet = o.values.get("--aet");
                String port = o.values.get("--port");
                String dir = o.values.get("--dir");
                if (aet == null || port == null || dir == null) {
                    throw new UsageException("--aet, --port and --dir are required");
                }
                Set<String> allow = new LinkedHashSet<>();
                if (o.values.containsKey("--allow")) {
                    for (String a : o.values.get("--allow").split(",")) {
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
                            .allowedCallingAeTitles(allow).executor(executor);
                    if (o.values.containsKey("--bind")) {
                        cb.bindAddress(java.net.InetAddress.getByName(o.values.get("--bind")));
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
            });
        }
    }
}
