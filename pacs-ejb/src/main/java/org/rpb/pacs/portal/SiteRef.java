package org.rpb.pacs.portal;

import java.io.Serializable;
import java.util.Objects;

/**
 * A site (partner institution) of the portal.
 *
 * @param code the portal's unique site code, e.g. {@code DD}
 * @param name the site's display name
 */
public record SiteRef(String code, String name) implements Serializable {

    public SiteRef {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
    }
}
