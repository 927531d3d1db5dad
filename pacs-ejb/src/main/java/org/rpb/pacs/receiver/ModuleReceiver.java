package org.rpb.pacs.receiver;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;
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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedTask;

import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.ReceivedInstance;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.ReceiverListener;
import org.rpb.pacs.core.net.StoreReceiver;
import org.rpb.pacs.security.Roles;

/**
 * The module's own C-STORE receiver inside WildFly: the destination of the C-MOVEs that staging jobs
 * send to the clinical PACS. It listens on loopback (or {@code pacs.receiver.bind}) on port
 * {@code pacs.receiver.port} (default {@value #DEFAULT_PORT}) with AE title {@code pacs.receiver.aet}
 * (default {@value #DEFAULT_AE}), and spools into {@code jboss.server.data.dir/pacs/receiver}.
 *
 * <p>PixelMed's own receiver starts unmanaged threads; pacs-core's receiver instead accepts each
 * connection itself and runs the accept loop and every association on the executor it is given, here
 * the server's ManagedExecutorService (each task marked long-running, so the server neither counts it
 * as hung nor starves short tasks). Jobs claim the instances they asked for with an
 * {@link org.rpb.pacs.core.net.Expectation} through {@link #receiver()}; what nobody claimed is
 * deleted at once and counted, so no patient data collects in the spool folder.
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

    /** Bind attempts, half a second apart, before the port is reported as taken. */
    private static final int BIND_ATTEMPTS = 20;

    private static final Logger LOG = Logger.getLogger(ModuleReceiver.class.getName());

    @Resource
    private ManagedExecutorService executor;

    private volatile StoreReceiver receiver;
    private volatile String unavailable = "not started";
    private final AtomicLong unclaimed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    @PostConstruct
    void start() {
        String ae = System.getProperty("pacs.receiver.aet", DEFAULT_AE);
        String bind = System.getProperty("pacs.receiver.bind", "127.0.0.1");
        int port;
        try {
            port = Integer.parseInt(System.getProperty("pacs.receiver.port", Integer.toString(DEFAULT_PORT)));
        } catch (NumberFormatException e) {
            unavailable = "system property pacs.receiver.port is not a number";
            LOG.severe("DICOM receiver not started: " + unavailable);
            return;
        }
        try {
            Path spool = Path.of(System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir")),
                    "pacs", "receiver");
            Files.createDirectories(spool);
            ReceiverConfig config = ReceiverConfig.builder().aeTitle(ae)
                    .bindAddress(InetAddress.getByName(bind)).port(port).spoolFolder(spool)
                    .executor(longRunning(executor)).listener(new Unclaimed()).build();
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

    /** Runs every task as a long-running managed task: the accept loop and associations last. */
    static Executor longRunning(ManagedExecutorService executor) {
        Map<String, String> props = Map.of(ManagedTask.LONGRUNNING_HINT, "true",
                ManagedTask.IDENTITY_NAME, "pacs-dicom-receiver");
        return task -> executor.execute(ManagedExecutors.managedTask(task, props, null));
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
