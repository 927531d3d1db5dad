package org.rpb.pacs.deident.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader that remembers the line of every value, so that a rule file can be refused with the
 * line of the offending entry, and a writer of JSON string literals.
 *
 * <p>Parsed values are {@link Node}s: objects keep their key order, numbers are kept as their source
 * text (rule files only need strings, booleans, integers and arrays).
 */
public final class Json {

    private Json() {
    }

    /** A parsed JSON value with the 1-based line on which it starts. */
    public record Node(Object value, int line) {

        /** @return true for a JSON object */
        public boolean isObject() {
            return value instanceof Map;
        }

        /** @return true for a JSON array */
        public boolean isArray() {
            return value instanceof List;
        }

        /** @return true for a JSON string */
        public boolean isString() {
            return value instanceof String;
        }

        /** @return true for a JSON number (kept as source text) */
        public boolean isNumber() {
            return value instanceof NumberText;
        }

        /** @return true for JSON true/false */
        public boolean isBoolean() {
            return value instanceof Boolean;
        }

        /** @return true for JSON null */
        public boolean isNull() {
            return value == null;
        }

        /** @return the members of an object, in source order */
        @SuppressWarnings("unchecked")
        public Map<String, Node> asObject() {
            return (Map<String, Node>) value;
        }

        /** @return the elements of an array */
        @SuppressWarnings("unchecked")
        public List<Node> asArray() {
            return (List<Node>) value;
        }

        /** @return the string value */
        public String asString() {
            return (String) value;
        }

        /** @return a short name of the JSON type, for error messages */
        public String typeName() {
            if (value == null) {
                return "null";
            }
            if (isObject()) {
                return "object";
            }
            if (isArray()) {
                return "array";
            }
            if (isString()) {
                return "string";
            }
            if (isNumber()) {
                return "number";
            }
            return "boolean";
        }
    }

    /** The source text of a JSON number. */
    public record NumberText(String text) {
    }

    /** A syntax error with its line and column. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxException(int line, int column, String reason) {
            super("line " + line + ", column " + column + ": " + reason);
            this.line = line;
        }

        /** @return the 1-based line of the error */
        public int line() {
            return line;
        }
    }

    /**
     * Parses a complete JSON text.
     *
     * @param text the JSON text
     * @return the root value
     * @throws SyntaxException with line and column when the text is not JSON
     */
    public static Node parse(String text) throws SyntaxException {
        Parser p = new Parser(text);
        p.skipWs();
        Node n = p.value(0);
        p.skipWs();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the end of the JSON value");
        }
        return n;
    }

    /**
     * Appends {@code s} as a JSON string literal, with quotes.
     *
     * @param sb where to append
     * @param s the string (null gives {@code null})
     */
    public static void quote(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private int line = 1;
        private int lineStart;

        Parser(String s) {
            this.s = s;
            if (s.startsWith("\uFEFF")) {
                pos = 1;
                lineStart = 1;
            }
        }

        SyntaxException error(String reason) {
            return new SyntaxException(line, pos - lineStart + 1, reason);
        }

        void skipWs() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                    lineStart = pos;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        Node value(int depth) throws SyntaxException {
            if (depth > 200) {
                throw error("nesting too deep");
            }
            if (pos >= s.length()) {
                throw error("unexpected end of text, a value was expected");
            }
            int startLine = line;
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return new Node(object(depth), startLine);
                case '[':
                    return new Node(array(depth), startLine);
                case '"':
                    return new Node(string(), startLine);
                case 't':
                    literal("true");
                    return new Node(Boolean.TRUE, startLine);
                case 'f':
                    literal("false");
                    return new Node(Boolean.FALSE, startLine);
                case 'n':
                    literal("null");
                    return new Node(null, startLine);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return new Node(number(), startLine);
                    }
                    throw error("unexpected character '" + c + "', a value was expected");
            }
        }

        private void literal(String word) throws SyntaxException {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected word, expected " + word);
            }
            pos += word.length();
        }

        private NumberText number() throws SyntaxException {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                throw error("bad number");
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                int f = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos == f) {
                    throw error("bad number: digits expected after '.'");
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                int e = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos == e) {
                    throw error("bad number: digits expected in exponent");
                }
            }
            return new NumberText(s.substring(start, pos));
        }

        private String string() throws SyntaxException {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\n') {
                    throw error("line break inside a string");
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw error("unterminated escape");
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            if (pos + 4 > s.length()) {
                                throw error("bad \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("bad \\u escape");
                            }
                            pos += 4;
                        }
                        default -> throw error("unknown escape \\" + e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private List<Node> array(int depth) throws SyntaxException {
            pos++;
            List<Node> out = new ArrayList<>();
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return Collections.unmodifiableList(out);
            }
            while (true) {
                skipWs();
                out.add(value(depth + 1));
                skipWs();
                if (pos >= s.length()) {
                    throw error("unterminated array, ']' expected");
                }
                char c = s.charAt(pos++);
                if (c == ']') {
                    return Collections.unmodifiableList(out);
                }
                if (c != ',') {
                    pos--;
                    throw error("',' or ']' expected in array");
                }
            }
        }

        private Map<String, Node> object(int depth) throws SyntaxException {
            pos++;
            Map<String, Node> out = new LinkedHashMap<>();
            skipWs();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableMap(out);
            }
            while (true) {
                skipWs();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw error("a member name in double quotes expected");
                }
                String key = string();
                if (out.containsKey(key)) {
                    throw error("duplicate member \"" + key + "\"");
                }
                skipWs();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    throw error("':' expected after member name");
                }
                pos++;
                skipWs();
                out.put(key, value(depth + 1));
                skipWs();
                if (pos >= s.length()) {
                    throw error("unterminated object, '}' expected");
                }
                char c = s.charAt(pos++);
                if (c == '}') {
                    return Collections.unmodifiableMap(out);
                }
                if (c != ',') {
                    pos--;
                    throw error("',' or '}' expected in object");
                }
            }
        }
    }
}
