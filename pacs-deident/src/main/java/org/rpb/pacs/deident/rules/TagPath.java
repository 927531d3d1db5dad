package org.rpb.pacs.deident.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.dict.Dictionary;

/**
 * A pattern over attribute paths, as written in rule files.
 *
 * <pre>
 * path  = step *( "/" step )
 * step  = "**"                        any number (zero or more) of sequence levels
 *       | tag [ "[" ( index | "*" ) "]" ]
 * tag   = keyword                     e.g. SeriesDescription
 *       | "(" gggg "," eeee ")"       hexadecimal, 'x' matches any digit: (0010,xxxx), (60x0,3000)
 *       | "(" gggg ",\"" creator "\"," ee ")"   a private element by creator: (0019,"GEMS_ACQU_01",10)
 *       | "*"                         any tag
 * </pre>
 * An item selector is only allowed on a step followed by another step; without one, any item matches.
 * Immutable.
 */
public final class TagPath {

    private record Step(boolean anyDepth, int value, int mask, String creator, int item) {
        boolean matches(PathStep s) {
            if ((s.tag() & mask) != value) {
                return false;
            }
            if (creator != null) {
                if (s.creator() == null || !creator.equals(s.creator().trim())) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String text;
    private final List<Step> steps;

    private TagPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /**
     * Parses a path.
     *
     * @param text the path
     * @return the pattern
     * @throws IllegalArgumentException with the reason when the path is not valid
     */
    public static TagPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        List<Step> steps = new ArrayList<>();
        List<String> parts = split(text.trim());
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i).trim();
            if (p.equals("**")) {
                steps.add(new Step(true, 0, 0, null, -1));
                continue;
            }
            int item = -1;
            if (p.endsWith("]")) {
                int open = p.lastIndexOf('[');
                if (open < 0) {
                    throw new IllegalArgumentException("']' without '[' in step '" + p + "'");
                }
                if (i == parts.size() - 1) {
                    throw new IllegalArgumentException("an item selector needs a step after it: '" + p + "'");
                }
                String sel = p.substring(open + 1, p.length() - 1).trim();
                if (!sel.equals("*")) {
                    try {
                        item = Integer.parseInt(sel);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("item selector '" + sel + "' is not a number or *");
                    }
                    if (item < 0) {
                        throw new IllegalArgumentException("item selector must not be negative");
                    }
                }
                p = p.substring(0, open).trim();
            }
            steps.add(tagStep(p, item));
        }
        if (steps.get(steps.size() - 1).anyDepth) {
            throw new IllegalArgumentException("a path must not end with **");
        }
        return new TagPath(text.trim(), steps);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '/' && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        for (String p : out) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("empty step in path '" + s + "'");
            }
        }
        return out;
    }

    private static Step tagStep(String p, int item) {
        if (p.equals("*")) {
            return new Step(false, 0, 0, null, item);
        }
        if (p.startsWith("(") && p.endsWith(")")) {
            String inner = p.substring(1, p.length() - 1);
            int q1 = inner.indexOf('"');
            if (q1 >= 0) {
                int q2 = inner.lastIndexOf('"');
                if (q2 <= q1 || q1 != 5 || inner.charAt(4) != ',' || q2 + 2 > inner.length()
                        || inner.charAt(q2 + 1) != ',') {
                    throw new IllegalArgumentException("private step '" + p + "' is not (gggg,\"creator\",ee)");
                }
                int group = hex(inner.substring(0, 4), p);
                if ((group & 1) == 0) {
                    throw new IllegalArgumentException("private step '" + p + "' has an even group");
                }
                String creator = inner.substring(q1 + 1, q2).trim();
                String el = inner.substring(q2 + 2).trim();
                if (el.length() != 2) {
                    throw new IllegalArgumentException("private step '" + p + "' needs a 2-digit element byte");
                }
                int e = hex(el, p);
                // the block byte is free: match group and the low byte of the element
                return new Step(false, (group << 16) | e, 0xFFFF00FF, creator, item);
            }
            if (inner.length() != 9 || inner.charAt(4) != ',') {
                throw new IllegalArgumentException("tag '" + p + "' is not (gggg,eeee)");
            }
            String hex = (inner.substring(0, 4) + inner.substring(5)).toUpperCase(Locale.ROOT);
            int value = 0;
            int mask = 0;
            for (int i = 0; i < 8; i++) {
                char c = hex.charAt(i);
                value <<= 4;
                mask <<= 4;
                if (c == 'X') {
                    continue;
                }
                int d = Character.digit(c, 16);
                if (d < 0) {
                    throw new IllegalArgumentException("tag '" + p + "' is not hexadecimal");
                }
                value |= d;
                mask |= 0xF;
            }
            return new Step(false, value, mask, null, item);
        }
        Tag t;
        try {
            t = Dictionary.standard().tagOf(p);
        } catch (RuntimeException e) {
            t = null;
        }
        if (t == null) {
            throw new IllegalArgumentException("unknown keyword '" + p + "'");
        }
        return new Step(false, t.value(), 0xFFFFFFFF, null, item);
    }

    private static int hex(String s, String p) {
        try {
            return Integer.parseInt(s, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + p + "' is not hexadecimal");
        }
    }

    /**
     * @param path the concrete path of an attribute
     * @return whether the pattern matches it
     */
    public boolean matches(List<PathStep> path) {
        return match(0, path, 0);
    }

    private boolean match(int si, List<PathStep> path, int pi) {
        if (si == steps.size()) {
            return pi == path.size();
        }
        Step s = steps.get(si);
        if (s.anyDepth) {
            // zero or more sequence levels (each level = one path step that has an item)
            for (int k = pi; k < path.size(); k++) {
                if (match(si + 1, path, k)) {
                    return true;
                }
            }
            return false;
        }
        if (pi >= path.size()) {
            return false;
        }
        PathStep ps = path.get(pi);
        if (!s.matches(ps)) {
            return false;
        }
        boolean last = si == steps.size() - 1;
        if (!last && s.item >= 0 && ps.item() != s.item) {
            return false;
        }
        return match(si + 1, path, pi + 1);
    }

    /**
     * @return the tag when the pattern is one exact top-level standard tag (the only kind of path a rule can
     *         create an attribute at), else -1
     */
    public int singleTag() {
        if (steps.size() == 1 && !steps.get(0).anyDepth && steps.get(0).mask == 0xFFFFFFFF
                && steps.get(0).creator == null) {
            return steps.get(0).value;
        }
        return -1;
    }

    /** @return the path as written */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Formats a concrete path for reports, e.g. {@code (0008,1115)[0]/(0020,000E)}.
     *
     * @param path the path
     * @return its text
     */
    public static String format(List<PathStep> path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            PathStep s = path.get(i);
            if (i > 0) {
                sb.append('/');
            }
            sb.append(Tag.toString(s.tag()));
            if (s.item() >= 0) {
                sb.append('[').append(s.item()).append(']');
            }
        }
        return sb.toString();
    }
}
