package org.rpb.pacs.receiver;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.ReceivedInstance;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.ReceiverListener;
import org.rpb.pacs.core.net.StoreReceiver;
import org.rpb.pacs.node.PacsNodeService;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.node.ConfiguredNodes;

/**
 * The module's own C-STORE receiver inside WildFly: the destination of the C-MOVEs that staging jobs
 * send to the clinical PACS. It listens on loopback (or {@code pacs.receiver.bind}) on port
 * {@code pacs.receiver.port} (default {@value #DEFAULT_PORT}) with AE title {@code pacs.receiver.aet}
 * (default {@value #DEFAULT_AE}), and spools into {@code jboss.server.data.dir/pacs/receiver}.
 *
 * <p>PixelMed's own receiver starts unmanaged threads; pacs-core's receiver instead accepts each
 * connection itself and runs the accept loop and every association on the executor it is given, here a
 * pool of its own made of the container's managed threads ({@link ManagedThreadFactory}): a thread for the
 * accept loop and one per association, as many as the receiver accepts at once. (The server's default
 * ManagedExecutorService has two threads per processor, shared with the jobs' progress writes: on 2 cores it
 * served three associations at a time, and a clinical PACS moving more series at once waited for them.)
 * Jobs claim the instances they asked for with an {@link org.rpb.pacs.core.net.Expectation} through
 * {@link #receiver()}; what nobody claimed is deleted at once and counted, so no patient data collects in the
 * spool folder.
 *
 * <p>Only peers the module knows may store: the calling AE title must be that of a configured node
 * (Administration → PACS nodes, read for each association), of a fallback move source
 * ({@code pacs.clinical.node} / {@code pacs.research.node}, see {@link ConfiguredNodes}), or listed in
 * {@value #ALLOWED_PROPERTY} (comma-separated, default none); {@value #ACCEPT_ANY_PROPERTY}{@code =true}
 * accepts any (default false). Associations proposing only C-ECHO are accepted from anyone. A data set larger
 * than {@value #MAX_INSTANCE_PROPERTY} bytes (default 2 GiB) is discarded as it arrives and answered with
 * 0xA700. Refusals are logged with the peer's AE title and the reason, never with patient data.
 *
 * <p>If the port cannot be bound the deployment goes on (lookups and C-GET staging still work) and
 * {@link #receiver()} says why the receiver is not available.
 *
 * <p>Its state is for module users; the receiver itself only for those who start staging jobs (the jobs
 * run as them). Starting and stopping are lifecycle callbacks, which need no caller.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@RolesAllowed(Roles.PACS_USER)
public class ModuleReceiver {
    /** Default AE title of the module's receiver. */
    public static final String DEFAULT_AE = "RPBPACS";
    /** Default port. */
    public static final int DEFAULT_PORT = 11113;

    /** System property: extra calling AE titles accepted besides the configured nodes (comma-separated). */
    public static final String ALLOWED_PROPERTY = "pacs.receiver.allowed-calling-aets";
    /** System property: {@code true} accepts any calling AE title. */
    public static final String ACCEPT_ANY_PROPERTY = "pacs.receiver.accept-any-calling-aet";
    /** System property: the largest data set accepted, in bytes (default 2 GiB). */
    public static final String MAX_INSTANCE_PROPERTY = "pacs.receiver.max-instance-bytes";

    /** Bind attempts, half a second apart, before the port is reported as taken. */
    private static final int BIND_ATTEMPTS = 20;

    private static final Logger LOG = Logger.getLogger(ModuleReceiver.class.getName());

    @Resource
    private ManagedThreadFactory threads;

    /** The accept loop's and the associations' threads; created with the receiver, ended with it. */
    private ExecutorService pool;

    /** Read on the receiver's threads for the configured nodes' AE titles (no caller there to call a service as). */
    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    private volatile StoreReceiver receiver;
    private volatile String unavailable = "not started";
    private final AtomicLong unclaimed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    @PostConstruct
    void start() {
        String ae = System.getProperty("pacs.receiver.aet", DEFAULT_AE);
        String bind = System.getProperty("pacs.receiver.bind", "127.0.0.1");
        int port;
        long maxInstance;
        try {
            port = Integer.parseInt(System.getProperty("pacs.receiver.port", Integer.toString(DEFAULT_PORT)));
            maxInstance = Long.parseLong(System.getProperty(MAX_INSTANCE_PROPERTY,
                    Long.toString(ReceiverConfig.DEFAULT_MAX_INSTANCE_BYTES)));
        } catch (NumberFormatException e) {
            unavailable = "system property pacs.receiver.port or " + MAX_INSTANCE_PROPERTY + " is not a number";
            LOG.severe("DICOM receiver not started: " + unavailable);
            return;
        }
        EntityManager nodeList = em;
        try {
            Path spool = Path.of(System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir")),
                    "pacs", "receiver");
            Files.createDirectories(spool);
            int associations = ReceiverConfig.DEFAULT_MAX_ASSOCIATIONS;
            pool = associationThreads(threads, associations);
            ReceiverConfig config = ReceiverConfig.builder().aeTitle(ae)
                    .bindAddress(InetAddress.getByName(bind)).port(port).spoolFolder(spool)
                    .executor(pool).maxAssociations(associations).listener(new Unclaimed())
                    .callingAeFilter(calling -> acceptsCallingAe(calling, nodeList))
                    .maxInstanceBytes(maxInstance).build();
            StoreReceiver r = null;
            // on a redeployment the previous deployment's receiver may still be letting go of the port
            for (int attempt = 1; r == null; attempt++) {
                StoreReceiver candidate = DicomNetwork.receiver(config);
                try {
                    candidate.start();
                    r = candidate;
                } catch (java.net.BindException inUse) {
                    candidate.close();
                    if (attempt >= BIND_ATTEMPTS) {
                        throw inUse;
                    }
                    Thread.sleep(500);
                }
            }
            receiver = r;
            unavailable = null;
            String where = String.valueOf(r.localAddress());
            LOG.info(() -> "DICOM receiver " + ae + " listening on " + where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable = "interrupted while binding port " + port;
        } catch (IOException | RuntimeException e) {
            unavailable = "receiver " + ae + " could not listen on " + bind + ":" + port + ": " + e.getMessage();
            LOG.log(Level.SEVERE, "DICOM receiver not started: " + unavailable);
        }
    }

    @PreDestroy
    void stop() {
        StoreReceiver r = receiver;
        receiver = null;
        unavailable = "stopped";
        if (r != null) {
            r.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * @return the running receiver, for jobs to register their expectations on
     * @throws IllegalStateException naming why it is not running (port taken, bad configuration)
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public StoreReceiver receiver() {
        StoreReceiver r = receiver;
        if (r == null) {
            throw new IllegalStateException("the module's DICOM receiver is not running: " + unavailable);
        }
        return r;
    }

    /** @return whether the receiver is listening */
    public boolean running() {
        return receiver != null;
    }

    /** @return how many instances arrived that no job claimed (deleted on arrival) */
    public long unclaimedCount() {
        return unclaimed.get();
    }

    /** @return how many associations or instances were refused */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * Whether a calling AE title may store here: a configured node's, a fallback move source's, or one of
     * {@value #ALLOWED_PROPERTY}; any with {@value #ACCEPT_ANY_PROPERTY}. Properties are read on every call, so a
     * change applies to the next association.
     */
    static boolean acceptsCallingAe(String calling, EntityManager em) {
        if (Boolean.parseBoolean(System.getProperty(ACCEPT_ANY_PROPERTY, "false"))) {
            return true;
        }
        Set<String> accepted = new HashSet<>();
        for (String a : System.getProperty(ALLOWED_PROPERTY, "").split(",")) {
            accepted.add(a.trim());
        }
        accepted.addAll(ConfiguredNodes.fallbackAeTitles());
        accepted.remove("");
        return accepted.contains(calling) || PacsNodeService.aeTitles(em).contains(calling);
    }

    /**
     * The receiver's threads: one for the accept loop and one per association, up to twice the associations it
     * accepts (a released association still holds its thread for the last moments of its close); idle ones end
     * after a minute. Beyond that a new association is turned away (A-ASSOCIATE-RJ, transient), never queued
     * unanswered.
     */
    static ExecutorService associationThreads(ManagedThreadFactory factory, int maxAssociations) {
        return new ThreadPoolExecutor(0, 2 * maxAssociations + 1, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory);
    }

    /** What no expectation claimed: deleted at once, counted, logged without patient data. */
    private final class Unclaimed implements ReceiverListener {
        @Override
        public void received(ReceivedInstance instance) {
            long n = unclaimed.incrementAndGet();
            try {
                Files.deleteIfExists(instance.file());
            } catch (IOException e) {
                LOG.warning("could not delete an unclaimed instance in the receiver's spool folder");
            }
            LOG.warning(() -> "instance from " + instance.callingAeTitle() + " not expected by any job, discarded ("
                    + n + " so far)");
        }

        @Override
        public void refused(String callingAeTitle, String reason) {
            refused.incrementAndGet();
            LOG.warning(() -> "DICOM receiver refused " + (callingAeTitle.isEmpty() ? "a peer" : callingAeTitle) + ": " + reason);
        }
    }
}
