package org.rpb.pacs.node;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A PACS node's configuration. Validated on construction (also when a client's copy is deserialised on the
 * server): AE titles 1-16 characters of the DICOM default repertoire without backslash or control
 * characters, not only spaces; port 1-65535; positive timeouts; DICOMweb URL {@code http(s)} if given.
 *
 * @param id                the node's ID, {@code null} before it is stored
 * @param name              a unique display name, e.g. {@code Clinical PACS}
 * @param role              clinical or research
 * @param aeTitle           the node's AE title
 * @param host              host name or address
 * @param port              DIMSE port
 * @param callingAeTitle    the AE title this module uses when it calls the node
 * @param connectTimeoutMs  connection timeout in milliseconds
 * @param responseTimeoutMs timeout for each response in milliseconds
 * @param dicomwebUrl       base URL of its DICOMweb service, or {@code null}
 */
public record PacsNode(Long id, String name, NodeRole role, String aeTitle, String host, int port,
        String callingAeTitle, int connectTimeoutMs, int responseTimeoutMs, String dicomwebUrl)
        implements Serializable {

    public PacsNode {
        requireText(name, "name", 64);
        Objects.requireNonNull(role, "role");
        checkAeTitle(aeTitle, "aeTitle");
        requireText(host, "host", 255);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        checkAeTitle(callingAeTitle, "callingAeTitle");
        if (connectTimeoutMs <= 0 || responseTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (dicomwebUrl != null && !dicomwebUrl.isBlank()) {
            URI uri;
            try {
                uri = URI.create(dicomwebUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dicomwebUrl is not a URL: " + dicomwebUrl);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("dicomwebUrl must be an http(s) URL with a host: " + dicomwebUrl);
            }
        } else {
            dicomwebUrl = null;
        }
    }

    /** This configuration with another ID (the service sets it when storing). */
    public PacsNode withId(Long newId) {
        return new PacsNode(newId, name, role, aeTitle, host, port, callingAeTitle, connectTimeoutMs,
                responseTimeoutMs, dicomwebUrl);
    }

    /** @return this node as the DICOM network layer takes it: its addresses, our calling AE title, its timeouts */
    public org.rpb.pacs.core.net.PacsNode toNetworkNode() {
        return org.rpb.pacs.core.net.PacsNode.builder().aeTitle(aeTitle).host(host).port(port)
                .callingAeTitle(callingAeTitle).connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .responseTimeout(Duration.ofMillis(responseTimeoutMs))
                .dicomWebBaseUrl(dicomwebUrl == null ? null : URI.create(dicomwebUrl)).build();
    }

    /**
     * Checks an AE title as PS3.5 defines it (VR AE).
     *
     * @throws IllegalArgumentException naming the field and what is wrong
     */
    public static void checkAeTitle(String ae, String field) {
        if (ae == null || ae.isEmpty() || ae.length() > 16) {
            throw new IllegalArgumentException(field + " must be 1-16 characters");
        }
        if (ae.isBlank()) {
            throw new IllegalArgumentException(field + " must not be only spaces");
        }
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\') {
                throw new IllegalArgumentException(field + " has a character not allowed in an AE title at position " + (i + 1));
            }
        }
    }

    private static void requireText(String v, String field, int max) {
        if (v == null || v.isBlank() || v.length() > max) {
            throw new IllegalArgumentException(field + " must be 1-" + max + " characters");
        }
    }
}
