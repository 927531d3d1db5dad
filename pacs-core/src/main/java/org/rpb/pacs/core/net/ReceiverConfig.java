package org.rpb.pacs.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Configuration of a {@link StoreReceiver}. Immutable; built with {@link #builder()}.
 *
 * @param aeTitle          our AE title (the called AE the peers must use)
 * @param bindAddress      the local address to listen on (loopback by default)
 * @param port             the port, or 0 for any free port
 * @param spoolFolder      where complete instances are placed
 * @param allowedCallingAe calling AE titles accepted; empty accepts any
 * @param executor         runs the accept loop and one task per association: it must run {@code maxAssociations + 1}
 *                         tasks at once, or associations beyond its threads wait unanswered (in WildFly a pool
 *                         of the container's managed threads; its default ManagedExecutorService is far smaller)
 * @param listener         receives instances no expectation claimed
 * @param maxAssociations  maximum simultaneous associations; more are refused
 * @param callingAeFilter  asked for each association (after {@code allowedCallingAe}) whether its calling AE title
 *                         is accepted, e.g. from a node list that changes while the receiver runs; an exception
 *                         refuses the association
 * @param maxInstanceBytes the largest data set accepted, in bytes; a larger one is discarded as it arrives (the
 *                         spool folder never holds more of it) and answered with status 0xA700
 */
public record ReceiverConfig(String aeTitle, InetAddress bindAddress, int port, Path spoolFolder,
                             Set<String> allowedCallingAe, Executor executor, ReceiverListener listener,
                             int maxAssociations, Predicate<String> callingAeFilter, long maxInstanceBytes) {
    /** Default bound on simultaneous associations. */
    public static final int DEFAULT_MAX_ASSOCIATIONS = 32;

    /** Default of {@link #maxInstanceBytes()}: 2 GiB. */
    public static final long DEFAULT_MAX_INSTANCE_BYTES = 2L << 30;

    /** Validates the fields. */
    public ReceiverConfig {
        PacsNode.validateAeTitle(aeTitle, "receiver AE title");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port != 0) {
            PacsNode.validatePort(port);
        }
        Objects.requireNonNull(spoolFolder, "spoolFolder");
        allowedCallingAe = Set.copyOf(allowedCallingAe);
        for (String ae : allowedCallingAe) {
            PacsNode.validateAeTitle(ae, "allowed calling AE title");
        }
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(listener, "listener");
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1");
        }
        Objects.requireNonNull(callingAeFilter, "callingAeFilter");
        if (maxInstanceBytes < 1) {
            throw new IllegalArgumentException("maxInstanceBytes must be at least 1");
        }
    }

    /**
     * @param callingAe the calling AE title of an association request
     * @return whether it is in {@code allowedCallingAe} (or that is empty) and {@code callingAeFilter} accepts it
     */
    public boolean acceptsCallingAe(String callingAe) {
        return (allowedCallingAe.isEmpty() || allowedCallingAe.contains(callingAe)) && callingAeFilter.test(callingAe);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ReceiverConfig}. */
    public static final class Builder {
        private String aeTitle;
        private InetAddress bindAddress;
        private int port;
        private Path spoolFolder;
        private Set<String> allowed = Set.of();
        private Executor executor;
        private ReceiverListener listener = i -> { };
        private int maxAssociations = DEFAULT_MAX_ASSOCIATIONS;
        private Predicate<String> callingAeFilter = ae -> true;
        private long maxInstanceBytes = DEFAULT_MAX_INSTANCE_BYTES;

        private Builder() {
            try {
                bindAddress = InetAddress.getByName("127.0.0.1");
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @param v our AE title @return this */
        public Builder aeTitle(String v) { this.aeTitle = v; return this; }
        /** @param v listen address @return this */
        public Builder bindAddress(InetAddress v) { this.bindAddress = v; return this; }
        /** @param v port or 0 @return this */
        public Builder port(int v) { this.port = v; return this; }
        /** @param v spool folder @return this */
        public Builder spoolFolder(Path v) { this.spoolFolder = v; return this; }
        /** @param v allowed calling AEs, empty for any @return this */
        public Builder allowedCallingAeTitles(Set<String> v) { this.allowed = v; return this; }
        /** @param v executor for the accept loop and associations @return this */
        public Builder executor(Executor v) { this.executor = v; return this; }
        /** @param v listener @return this */
        public Builder listener(ReceiverListener v) { this.listener = v; return this; }
        /** @param v maximum simultaneous associations @return this */
        public Builder maxAssociations(int v) { this.maxAssociations = v; return this; }

        /** @param v asked per association whether its calling AE title is accepted @return this */
        public Builder callingAeFilter(Predicate<String> v) { this.callingAeFilter = v; return this; }
        /** @param v the largest data set accepted, in bytes (default 2 GiB) @return this */
        public Builder maxInstanceBytes(long v) { this.maxInstanceBytes = v; return this; }

        /** @return the validated configuration */
        public ReceiverConfig build() {
            return new ReceiverConfig(aeTitle, bindAddress, port, spoolFolder, allowed, executor, listener, maxAssociations,
                    callingAeFilter, maxInstanceBytes);
        }
    }
}
