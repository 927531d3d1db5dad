package org.rpb.pacs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateful;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

/**
 * What an HTTP session holds must be serializable, because pacs-web is {@code <distributable/>} and the cluster
 * profile replicates sessions between the nodes (issue 14): every view- and session-scoped bean of pacs-web is
 * {@link Serializable}, each field it keeps is of a serializable type (also the elements of its lists and maps),
 * and its injected services are not {@code transient} (a transient injected field would be null on the node that
 * takes the session over). A reference to a session bean kept in a field (the upload page's channels keep the
 * upload sessions their pages were injected with) is the container's proxy, which is serializable like the injected
 * ones. ClusterFailoverBrowserIT shows the replication itself.
 */
class SessionContentSerializableTest {

    @Test
    void everySessionHeldBeanKeepsOnlySerializableState() throws Exception {
        List<Class<?>> beans = sessionHeldBeans();
        assertTrue(beans.size() >= 10, "found only " + beans);
        List<String> problems = new ArrayList<>();
        for (Class<?> bean : beans) {
            if (!Serializable.class.isAssignableFrom(bean)) {
                problems.add(bean.getName() + " is not Serializable");
            }
            for (Field f : bean.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m)) {
                    continue;
                }
                boolean injected = f.isAnnotationPresent(Inject.class) || f.isAnnotationPresent(EJB.class);
                if (injected) {
                    if (Modifier.isTransient(m)) {
                        problems.add(bean.getSimpleName() + "." + f.getName() + " is injected but transient");
                    }
                } else if (!Modifier.isTransient(m)) {
                    serializable(f.getGenericType()).ifPresent(t -> problems.add(bean.getSimpleName() + "."
                            + f.getName() + " holds " + t.getTypeName() + ", which is not Serializable"));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** @return the part of the type that is not serializable, if any */
    private static Optional<Type> serializable(Type type) {
        if (type instanceof Class<?> c) {
            // a session bean's type stands for a reference to it: the container's proxy, serializable (as injected)
            boolean ejb = c.isAnnotationPresent(Stateful.class) || c.isAnnotationPresent(Stateless.class)
                    || c.isAnnotationPresent(Singleton.class);
            return ejb || c.isPrimitive() || Serializable.class.isAssignableFrom(c) ? Optional.empty() : Optional.of(c);
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            // List, Map and their kind: the implementations used (ArrayList, List.of, LinkedHashMap) are serializable
            boolean container = Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw);
            if (!container && !Serializable.class.isAssignableFrom(raw)) {
                return Optional.of(raw);
            }
            for (Type a : p.getActualTypeArguments()) {
                Optional<Type> bad = serializable(a);
                if (bad.isPresent()) {
                    return bad;
                }
            }
            return Optional.empty();
        }
        if (type instanceof WildcardType w) {
            return w.getUpperBounds().length == 0 ? Optional.empty() : serializable(w.getUpperBounds()[0]);
        }
        return Optional.of(type);
    }

    private static List<Class<?>> sessionHeldBeans() throws Exception {
        Path classes = Path.of("target/classes");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, SessionContentSerializableTest.class.getClassLoader());
                if (c.isAnnotationPresent(ViewScoped.class) || c.isAnnotationPresent(SessionScoped.class)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
