package org.rpb.pacs.security;

/**
 * The roles of the Medical Imaging module, as the container knows them.
 *
 * <p>Constants rather than an enum because annotations such as {@code @RolesAllowed} need
 * compile-time strings.
 */
public final class Roles {

    /** Sees the module at all; every page and service needs it. */
    public static final String PACS_USER = "ROLE_PACS_USER";
    /** Uploads into study-event slots, stages into Study0 and copies into projects. */
    public static final String PACS_UPLOAD = "ROLE_PACS_UPLOAD";
    /** Looks up patients of Study0 in the clinical PACS. */
    public static final String PACS_LOOKUP = "ROLE_PACS_LOOKUP";
    /** Downloads de-identified studies and series. */
    public static final String PACS_DOWNLOAD = "ROLE_PACS_DOWNLOAD";
    /** Configures PACS nodes and de-identification profiles. */
    public static final String PACS_ADMIN = "ROLE_PACS_ADMIN";

    private Roles() {
    }
}
