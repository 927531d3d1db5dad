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

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateful;
import jakarta.ejb.Stateless;

import org.junit.jupiter.api.Test;

/**
 * Every public business method of every session bean of the module (stateless, singleton or stateful, in
 * any package) carries {@code @RolesAllowed} (on the method or its class) or {@code @DenyAll}, none is
 * {@code @PermitAll}, and none returns raw bytes (keys).
 */
class BusinessMethodsTest {

    private static final List<Class<? extends java.lang.annotation.Annotation>> SESSION_BEANS =
            List.of(Stateless.class, Singleton.class, Stateful.class);

    @Test
    void everyBusinessMethodNamesItsRolesAndNoneReturnsBytes() throws Exception {
        List<Class<?>> beans = beans();
        assertTrue(beans.size() >= 30, "session beans found: " + beans);
        // the scan reaches every package and bean type (these two once slipped through)
        assertTrue(beans.contains(org.rpb.pacs.receiver.ModuleReceiver.class), "singleton beans are scanned");
        assertTrue(beans.contains(org.rpb.pacs.staging.job.StagingProgressStore.class), "staging beans are scanned");
        List<String> problems = new ArrayList<>();
        for (Class<?> bean : beans) {
            if (bean.isAnnotationPresent(PermitAll.class)) {
                problems.add(bean.getSimpleName() + " is @PermitAll");
            }
            for (Method m : bean.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                if (m.isAnnotationPresent(PermitAll.class)) {
                    problems.add(bean.getSimpleName() + "." + m.getName() + " is @PermitAll");
                }
                boolean roles = m.isAnnotationPresent(RolesAllowed.class) || m.isAnnotationPresent(DenyAll.class)
                        || bean.isAnnotationPresent(RolesAllowed.class);
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
        try (Stream<Path> files = Files.walk(root.resolve("org/rpb/pacs"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".class") && !x.toString().contains("$")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, BusinessMethodsTest.class.getClassLoader());
                if (SESSION_BEANS.stream().anyMatch(c::isAnnotationPresent)) {
                    beans.add(c);
                }
            }
        }
        return beans;
    }
}
