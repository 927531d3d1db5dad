package org.rpb.pacs.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;

import org.junit.jupiter.api.Test;

/**
 * Every public business method of the session beans of the domain packages carries {@code @RolesAllowed}
 * (on the method or its class), and none returns raw bytes (keys).
 */
class BusinessMethodsTest {

    private static final List<String> PACKAGES = List.of("api", "audit", "job", "node", "portal", "profile", "record");

    @Test
    void everyBusinessMethodNamesItsRolesAndNoneReturnsBytes() throws Exception {
        List<Class<?>> beans = beans();
        assertTrue(beans.size() >= 10, "session beans found: " + beans);
        List<String> problems = new ArrayList<>();
        for (Class<?> bean : beans) {
            for (Method m : bean.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                boolean roles = m.isAnnotationPresent(RolesAllowed.class) || bean.isAnnotationPresent(RolesAllowed.class);
                if (!roles) {
                    problems.add(bean.getSimpleName() + "." + m.getName() + " has no @RolesAllowed");
                }
                if (m.getReturnType() == byte[].class) {
                    problems.add(bean.getSimpleName() + "." + m.getName() + " returns bytes");
                }
            }
        }
        assertEquals(List.of(), problems);
        // the key holder is no session bean
        assertFalse(org.rpb.pacs.secrets.ProjectKeys.class.isAnnotationPresent(Stateless.class));
    }

    private static List<Class<?>> beans() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Roles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> beans = new ArrayList<>();
        for (String p : PACKAGES) {
            Path dir = root.resolve("org/rpb/pacs/" + p);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(x -> x.toString().endsWith(".class") && !x.toString().contains("$")).toList()) {
                    String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> c = Class.forName(name, false, BusinessMethodsTest.class.getClassLoader());
                    if (c.isAnnotationPresent(Stateless.class)) {
                        beans.add(c);
                    }
                }
            }
        }
        return beans;
    }
}
