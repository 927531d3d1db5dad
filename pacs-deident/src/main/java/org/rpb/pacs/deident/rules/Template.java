package org.rpb.pacs.deident.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A value expression of a rule: literal text with placeholders {@code ${name}} or {@code ${name|filter...}}.
 *
 * <p>Names: {@code pid}, {@code subjectId}, {@code site}, {@code studyCode}, {@code patientId} (the new
 * Patient ID), {@code patientName} (the new name), {@code sponsor}, {@code protocol}, {@code timePoint},
 * {@code value} (the attribute's original value), and {@code ctx.NAME} for any extra value the caller put
 * into the subject context. Filters: {@code upper}, {@code lower}, {@code trim}, {@code left:N},
 * {@code hash} (a keyed hash of the value, 16 hexadecimal digits, for pseudonyms that stay the same across
 * runs). {@code $$} writes a dollar sign. Immutable.
 */
public final class Template {

    /** The placeholder names a template may use besides {@code ctx.*}. */
    public static final Set<String> NAMES = Set.of("pid", "subjectId", "site", "studyCode", "patientId",
            "patientName", "sponsor", "protocol", "timePoint", "value");

    private sealed interface Part permits Lit, Ref {
    }

    private record Lit(String text) implements Part {
    }

    private record Ref(String name, List<String> filters) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a template.
     *
     * @param text the template
     * @return the template
     * @throws IllegalArgumentException naming the bad placeholder or filter
     */
    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                lit.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'${' without '}' in \"" + text + "\"");
                }
                if (lit.length() > 0) {
                    parts.add(new Lit(lit.toString()));
                    lit.setLength(0);
                }
                String[] f = text.substring(i + 2, close).split("\\|");
                String name = f[0].trim();
                if (!NAMES.contains(name) && !(name.startsWith("ctx.") && name.length() > 4)) {
                    throw new IllegalArgumentException("unknown placeholder ${" + name + "} (known: "
                            + String.join(", ", new java.util.TreeSet<>(NAMES)) + ", ctx.NAME)");
                }
                List<String> filters = new ArrayList<>();
                for (int k = 1; k < f.length; k++) {
                    String fl = f[k].trim();
                    if (!(fl.equals("upper") || fl.equals("lower") || fl.equals("trim") || fl.equals("hash")
                            || fl.matches("left:\\d{1,4}"))) {
                        throw new IllegalArgumentException("unknown filter '" + fl
                                + "' (known: upper, lower, trim, left:N, hash)");
                    }
                    filters.add(fl);
                }
                parts.add(new Ref(name, filters));
                i = close + 1;
            } else {
                lit.append(c);
                i++;
            }
        }
        if (lit.length() > 0) {
            parts.add(new Lit(lit.toString()));
        }
        return new Template(text, parts);
    }

    /** A placeholder whose value the context does not give. */
    public static final class MissingValueException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingValueException(String name) {
            super("the rule needs ${" + name + "}, which the subject context does not give");
        }
    }

    /**
     * Evaluates the template.
     *
     * @param values the placeholder values (a missing or null value fails)
     * @param hash the keyed hash used by the {@code hash} filter
     * @return the text
     * @throws MissingValueException when a placeholder has no value
     */
    public String evaluate(Map<String, String> values, Function<String, String> hash) throws MissingValueException {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Lit l) {
                sb.append(l.text());
            } else {
                Ref r = (Ref) p;
                String v = values.get(r.name());
                if (v == null) {
                    throw new MissingValueException(r.name());
                }
                for (String f : r.filters()) {
                    if (f.equals("upper")) {
                        v = v.toUpperCase(Locale.ROOT);
                    } else if (f.equals("lower")) {
                        v = v.toLowerCase(Locale.ROOT);
                    } else if (f.equals("trim")) {
                        v = v.trim();
                    } else if (f.equals("hash")) {
                        v = hash.apply(v);
                    } else {
                        int n = Integer.parseInt(f.substring(5));
                        v = v.length() > n ? v.substring(0, n) : v;
                    }
                }
                sb.append(v);
            }
        }
        return sb.toString();
    }

    /** @return whether the template uses {@code ${value}} */
    public boolean usesValue() {
        for (Part p : parts) {
            if (p instanceof Ref r && r.name().equals("value")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return source;
    }
}
