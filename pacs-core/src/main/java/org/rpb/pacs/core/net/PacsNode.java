package org.rpb.pacs.core.net;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote DICOM node (a PACS, a modality, a receiver) and how we talk to it: its AE title, host and
 * port, the AE title we call it with, timeouts, and optionally a DICOMweb base URL.
 *
 * <p>Immutable; validated on construction: AE titles are 1 to 16 characters of the DICOM default
 * repertoire without backslash or control characters and not only spaces; ports are 1..65535;
 * timeouts are positive.
 *
 * @param aeTitle         the called AE title of the remote node
 * @param host            host name or address of the remote node
 * @param port            its DICOM port
 * @param callingAeTitle  our AE title when calling it
 * @param connectTimeout  bound on opening the TCP connection and the association
 * @param responseTimeout bound on waiting for any single response PDU from the node
 * @param dicomWebBaseUrl the DICOMweb service root (e.g. {@code http://host:8042/dicom-web}), or null
 */
public record PacsNode(String aeTitle, String host, int port, String callingAeTitle,
                       Duration connectTimeout, Duration responseTimeout, URI dicomWebBaseUrl) {

    /** Default calling AE title of the project's tools. */
    public static final String DEFAULT_CALLING_AE = "PACS";
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default response timeout. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    /** Validates all fields; see the class description. */
    public PacsNode {
        validateAeTitle(aeTitle, "AE title");
        validateAeTitle(callingAeTitle, "calling AE title");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        validatePort(port);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (dicomWebBaseUrl != null) {
            String scheme = dicomWebBaseUrl.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("DICOMweb base URL must be http or https: " + dicomWebBaseUrl);
            }
        }
    }

    /** @return the DICOMweb service root if one is configured */
    public Optional<URI> dicomWeb() {
        return Optional.ofNullable(dicomWebBaseUrl);
    }

    /** @return the node as {@code AET@host:port}, used in messages */
    public String describe() {
        return aeTitle + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Checks an AE title: 1..16 characters, printable ASCII (0x20..0x7E) except backslash, not all spaces.
     *
     * @param ae   the title
     * @param what what it is, for the message
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void validateAeTitle(String ae, String what) {
        if (ae == null || ae.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (ae.length() > 16) {
            throw new IllegalArgumentException(what + " '" + ae + "' is longer than 16 characters");
        }
        if (ae.isBlank()) {
            throw new IllegalArgumentException(what + " must not be only spaces");
        }
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException(what + " '" + ae + "' has a character not allowed at position " + (i + 1));
            }
        }
    }

    /**
     * @param port a TCP port
     * @throws IllegalArgumentException unless 1..65535
     */
    public static void validatePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
    }

    /**
     * Parses {@code AET@HOST:PORT} as the command-line tools write it.
     *
     * @param text           the address
     * @param callingAeTitle our AE title
     * @return a node with default timeouts
     * @throws IllegalArgumentException if the text is not of that form or a part is invalid
     */
    public static PacsNode parse(String text, String callingAeTitle) {
        int at = text.lastIndexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected AET@HOST:PORT, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'");
        }
        return builder().aeTitle(text.substring(0, at)).host(text.substring(at + 1, colon)).port(port)
                .callingAeTitle(callingAeTitle).build();
    }

    /** @return a builder with the default calling AE title and timeouts */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this node */
    public Builder toBuilder() {
        return new Builder().aeTitle(aeTitle).host(host).port(port).callingAeTitle(callingAeTitle)
                .connectTimeout(connectTimeout).responseTimeout(responseTimeout).dicomWebBaseUrl(dicomWebBaseUrl);
    }

    /** Builder for {@link PacsNode}; {@link #build()} validates. */
    public static final class Builder {
        private String aeTitle;
        private String host;
        private int port;
        private String callingAeTitle = DEFAULT_CALLING_AE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private URI dicomWebBaseUrl;

        private Builder() {
        }

        /** @param v the remote (called) AE title @return this */
        public Builder aeTitle(String v) { this.aeTitle = v; return this; }
        /** @param v remote host @return this */
        public Builder host(String v) { this.host = v; return this; }
        /** @param v remote port @return this */
        public Builder port(int v) { this.port = v; return this; }
        /** @param v our AE title @return this */
        public Builder callingAeTitle(String v) { this.callingAeTitle = v; return this; }
        /** @param v connect timeout @return this */
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
        /** @param v response timeout @return this */
        public Builder responseTimeout(Duration v) { this.responseTimeout = v; return this; }
        /** @param v DICOMweb service root or null @return this */
        public Builder dicomWebBaseUrl(URI v) { this.dicomWebBaseUrl = v; return this; }

        /** @return the validated node @throws IllegalArgumentException if a field is invalid */
        public PacsNode build() {
            return new PacsNode(aeTitle, host, port, callingAeTitle, connectTimeout, responseTimeout, dicomWebBaseUrl);
        }
    }
}
