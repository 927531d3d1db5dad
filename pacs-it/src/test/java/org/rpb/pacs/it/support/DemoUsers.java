package org.rpb.pacs.it.support;

/**
 * The users of the test server: pacs-it's {@code test-users.properties} and {@code test-roles.properties}, which the
 * test configuration of pacs-server ({@code standalone-test.xml}) reads. They are the same accounts as the demo's
 * ({@code pacs-server/src/main/wildfly/demo-users.txt}): the password is the user name followed by {@code -demo}.
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
