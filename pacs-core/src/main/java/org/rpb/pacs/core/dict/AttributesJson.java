package org.rpb.pacs.core.dict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rpb.pacs.core.data.VR;

/**
 * Reads attributes.json (an array of flat objects with string values) without a JSON library, because the codec
 * must need nothing beyond the JDK.
 */
final class AttributesJson {

    private final String s;
    private int pos;

    private AttributesJson(String s) {
        this.s = s;
    }

    static List<DictionaryEntry> parse(String json) {
        List<DictionaryEntry> out = new ArrayList<>();
        for (Map<String, String> obj : objects(json)) {
            DictionaryEntry e = toEntry(obj);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the objects of a JSON array of flat objects with string values, in order */
    static List<Map<String, String>> objects(String json) {
        AttributesJson p = new AttributesJson(json);
        List<Map<String, String>> out = new ArrayList<>();
        p.skipWs();
        p.expect('[');
        p.skipWs();
        if (p.peek() == ']') {
            return out;
        }
        while (true) {
            out.add(p.object());
            p.skipWs();
            char c = p.next();
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                throw p.error("expected , or ]");
            }
        }
    }

    private static DictionaryEntry toEntry(Map<String, String> o) {
        String tag = o.getOrDefault("tag", "");
        String vrText = o.getOrDefault("valueRepresentation", "");
        List<VR> vrs = new ArrayList<>();
        for (String part : vrText.split(" or ")) {
            String v = part.trim();
            if (v.length() == 2 && VR.fromCode(v.charAt(0), v.charAt(1)) != null) {
                vrs.add(VR.of(v));
            }
        }
        // entries without a VR (items, delimiters, a few retired placeholders) have nothing to encode
        if (vrs.isEmpty() || tag.length() != 11) {
            return null;
        }
        int value = 0;
        int mask = 0;
        String digits = tag.substring(1, 5) + tag.substring(6, 10);
        for (int i = 0; i < 8; i++) {
            char c = digits.charAt(i);
            int d = Character.digit(c, 16);
            value <<= 4;
            mask <<= 4;
            if (d >= 0) {
                value |= d;
                mask |= 0xF;
            }
        }
        return new DictionaryEntry(value, mask, o.getOrDefault("keyword", ""), o.getOrDefault("name", ""), vrs,
                o.getOrDefault("valueMultiplicity", ""), "Y".equals(o.get("retired")));
    }

    private Map<String, String> object() {
        skipWs();
        expect('{');
        Map<String, String> m = new HashMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipWs();
            String k = string();
            skipWs();
            expect(':');
            skipWs();
            String v = string();
            m.put(k, v);
            skipWs();
            char c = next();
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw error("expected , or }");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u':
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default: sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private void skipWs() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected " + c);
        }
    }

    private IllegalStateException error(String what) {
        return new IllegalStateException("attributes.json: " + what + " at character " + pos);
    }
}
