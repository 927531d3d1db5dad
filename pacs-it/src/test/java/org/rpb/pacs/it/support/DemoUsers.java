package org.rpb.pacs.it.support;

/**
 * The demo users of {@code pacs-server/src/main/wildfly/demo-users.txt}, whose password is the user
 * name followed by {@code -demo}.
 */
public final class DemoUsers {

    /** Every PACS role. */
    public static final String ADMIN = "admin";
    /** PACS user, upload and download. */
    public static final String UPLOADER = "uploader";
    /** PACS user, lookup, upload and download. */
    public static final String STAGER = "stager";
    /** PACS user only. */
    public static final String VIEWER = "viewer";
    /** A portal user without any PACS role. */
    public static final String OUTSIDER = "outsider";

    private DemoUsers() {
    }

    public static String password(String user) {
        return user + "-demo";
    }
}
