package org.rpb.pacs.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;

/** A system property of the Arquillian server, set and removed through its management model (e.g. the research node). */
public final class ServerProperty {

    private ServerProperty() {
    }

    /**
     * Sets a property (removing an earlier value first).
     *
     * @param management the server's management client
     * @param name the property
     * @param value its value
     * @throws IOException if the server cannot be asked
     */
    public static void set(ManagementClient management, String name, String value) throws IOException {
        remove(management, name);
        ModelNode op = new ModelNode();
        op.get("operation").set("add");
        op.get("address").add("system-property", name);
        op.get("value").set(value);
        ModelNode result = management.getControllerClient().execute(op);
        assertEquals("success", result.get("outcome").asString(), result.toString());
    }

    /**
     * Removes a property if it is set.
     *
     * @param management the server's management client
     * @param name the property
     * @throws IOException if the server cannot be asked
     */
    public static void remove(ManagementClient management, String name) throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set("remove");
        op.get("address").add("system-property", name);
        management.getControllerClient().execute(op);
    }
}
