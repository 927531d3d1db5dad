package org.rpb.pacs.deident.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.rpb.pacs.deident.json.Json;

/**
 * Project rules applied on top of the profile, read from a JSON rule file (format in the module README,
 * section "Rule files"). The first rule whose path matches an attribute and whose conditions hold decides for
 * that attribute. Immutable and thread-safe.
 *
 * <pre>{@code
 * {
 *   "rules": [
 *     { "path": "SeriesDescription", "action": "keep" },
 *     { "path": "StudyID", "action": "set", "value": "${studyCode}-${subjectId}" },
 *     { "path": "**\/(0010,xxxx)", "action": "remove", "when": { "modality": ["US"] } }
 *   ]
 * }
 * }</pre>
 */
public final class Rules {

    /** No rules. */
    public static final Rules NONE = new Rules(List.of());

    private static final Set<String> RULE_KEYS = Set.of("path", "action", "value", "when", "comment");
    private static final Set<String> WHEN_KEYS = Set.of("modality", "sopClass", "attribute");
    private static final Set<String> ATTR_KEYS = Set.of("path", "present", "equals", "contains", "matches");

    private final List<Rule> rules;

    private Rules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** @return the rules in file order */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Reads a rule file.
     *
     * @param file the JSON file
     * @return the rules
     * @throws IOException when the file cannot be read
     * @throws RuleFileException naming the line and the reason when the content is not a valid rule file
     */
    public static Rules parse(Path file) throws IOException, RuleFileException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Reads rules from text.
     *
     * @param text the JSON text
     * @param source a name for error messages
     * @return the rules
     * @throws RuleFileException naming the line and the reason when the content is not valid
     */
    public static Rules parse(String text, String source) throws RuleFileException {
        Json.Node root;
        try {
            root = Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw new RuleFileException(source, e.line(), "not valid JSON: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new RuleFileException(source, root.line(), "the file must hold an object with a \"rules\" array");
        }
        for (String k : root.asObject().keySet()) {
            if (!k.equals("rules") && !k.equals("comment") && !k.equals("version")) {
                throw new RuleFileException(source, root.asObject().get(k).line(),
                        "unknown member \"" + k + "\" (expected: rules, version, comment)");
            }
        }
        Json.Node version = root.asObject().get("version");
        if (version != null && !(version.isNumber() && ((Json.NumberText) version.value()).text().equals("1"))) {
            throw new RuleFileException(source, version.line(), "unsupported version (this library reads version 1)");
        }
        Json.Node arr = root.asObject().get("rules");
        if (arr == null) {
            throw new RuleFileException(source, root.line(), "member \"rules\" missing");
        }
        if (!arr.isArray()) {
            throw new RuleFileException(source, arr.line(), "\"rules\" must be an array, not " + arr.typeName());
        }
        List<Rule> out = new ArrayList<>();
        for (Json.Node n : arr.asArray()) {
            out.add(rule(n, source));
        }
        return new Rules(out);
    }

    private static Rule rule(Json.Node n, String source) throws RuleFileException {
        if (!n.isObject()) {
            throw new RuleFileException(source, n.line(), "a rule must be an object, not " + n.typeName());
        }
        Map<String, Json.Node> o = n.asObject();
        for (Map.Entry<String, Json.Node> e : o.entrySet()) {
            if (!RULE_KEYS.contains(e.getKey())) {
                throw new RuleFileException(source, e.getValue().line(), "unknown member \"" + e.getKey()
                        + "\" in rule (expected: path, action, value, when, comment)");
            }
        }
        Json.Node pathNode = string(o, "path", n, source, true);
        TagPath path;
        try {
            path = TagPath.parse(pathNode.asString());
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(source, pathNode.line(), "bad path: " + e.getMessage());
        }
        Json.Node actionNode = string(o, "action", n, source, true);
        Rule.Kind kind = switch (actionNode.asString()) {
            case "keep" -> Rule.Kind.KEEP;
            case "remove" -> Rule.Kind.REMOVE;
            case "empty" -> Rule.Kind.EMPTY;
            case "set" -> Rule.Kind.SET;
            case "prefix" -> Rule.Kind.PREFIX;
            case "suffix" -> Rule.Kind.SUFFIX;
            default -> throw new RuleFileException(source, actionNode.line(), "unknown action \""
                    + actionNode.asString() + "\" (expected: keep, remove, empty, set, prefix, suffix)");
        };
        Json.Node valueNode = string(o, "value", n, source, false);
        boolean needsValue = kind == Rule.Kind.SET || kind == Rule.Kind.PREFIX || kind == Rule.Kind.SUFFIX;
        if (needsValue && valueNode == null) {
            throw new RuleFileException(source, n.line(), "action \"" + actionNode.asString() + "\" needs a \"value\"");
        }
        if (!needsValue && valueNode != null) {
            throw new RuleFileException(source, valueNode.line(), "action \"" + actionNode.asString()
                    + "\" takes no \"value\"");
        }
        Template value = null;
        if (valueNode != null) {
            try {
                value = Template.parse(valueNode.asString());
            } catch (IllegalArgumentException e) {
                throw new RuleFileException(source, valueNode.line(), "bad value: " + e.getMessage());
            }
        }
        List<Condition> conditions = new ArrayList<>();
        Json.Node when = o.get("when");
        if (when != null) {
            conditions(when, source, conditions);
        }
        return new Rule(n.line(), path, kind, value, conditions);
    }

    private static void conditions(Json.Node when, String source, List<Condition> out) throws RuleFileException {
        if (!when.isObject()) {
            throw new RuleFileException(source, when.line(), "\"when\" must be an object, not " + when.typeName());
        }
        for (Map.Entry<String, Json.Node> e : when.asObject().entrySet()) {
            Json.Node v = e.getValue();
            switch (e.getKey()) {
                case "modality" -> out.add(new Condition.ModalityIn(strings(v, source, "modality")));
                case "sopClass" -> out.add(new Condition.SopClassIn(strings(v, source, "sopClass")));
                case "attribute" -> {
                    if (v.isArray()) {
                        for (Json.Node a : v.asArray()) {
                            out.add(attribute(a, source));
                        }
                    } else {
                        out.add(attribute(v, source));
                    }
                }
                default -> throw new RuleFileException(source, v.line(), "unknown condition \"" + e.getKey()
                        + "\" (expected: " + String.join(", ", new java.util.TreeSet<>(WHEN_KEYS)) + ")");
            }
        }
    }

    private static Condition attribute(Json.Node a, String source) throws RuleFileException {
        if (!a.isObject()) {
            throw new RuleFileException(source, a.line(), "\"attribute\" must be an object, not " + a.typeName());
        }
        Map<String, Json.Node> o = a.asObject();
        for (Map.Entry<String, Json.Node> e : o.entrySet()) {
            if (!ATTR_KEYS.contains(e.getKey())) {
                throw new RuleFileException(source, e.getValue().line(), "unknown member \"" + e.getKey()
                        + "\" in attribute condition (expected: path, present, equals, contains, matches)");
            }
        }
        Json.Node p = string(o, "path", a, source, true);
        int tag;
        try {
            tag = TagPath.parse(p.asString()).singleTag();
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(source, p.line(), "bad path: " + e.getMessage());
        }
        if (tag < 0) {
            throw new RuleFileException(source, p.line(), "a condition's path must be one top-level standard tag");
        }
        Boolean present = null;
        Json.Node pr = o.get("present");
        if (pr != null) {
            if (!pr.isBoolean()) {
                throw new RuleFileException(source, pr.line(), "\"present\" must be true or false");
            }
            present = (Boolean) pr.value();
        }
        Json.Node eq = string(o, "equals", a, source, false);
        Json.Node co = string(o, "contains", a, source, false);
        Json.Node ma = string(o, "matches", a, source, false);
        Pattern pat = null;
        if (ma != null) {
            try {
                pat = Pattern.compile(ma.asString());
            } catch (PatternSyntaxException e) {
                throw new RuleFileException(source, ma.line(), "bad regular expression: " + e.getDescription());
            }
        }
        if (pr == null && eq == null && co == null && ma == null) {
            throw new RuleFileException(source, a.line(),
                    "an attribute condition needs one of present, equals, contains, matches");
        }
        return new Condition.AttributeValue(tag, present, eq == null ? null : eq.asString(),
                co == null ? null : co.asString(), pat);
    }

    private static List<String> strings(Json.Node v, String source, String what) throws RuleFileException {
        List<String> out = new ArrayList<>();
        if (v.isString()) {
            out.add(v.asString().trim());
        } else if (v.isArray() && !v.asArray().isEmpty()) {
            for (Json.Node x : v.asArray()) {
                if (!x.isString()) {
                    throw new RuleFileException(source, x.line(), "\"" + what + "\" values must be strings");
                }
                out.add(x.asString().trim());
            }
        } else {
            throw new RuleFileException(source, v.line(), "\"" + what + "\" must be a string or a non-empty array");
        }
        return out;
    }

    private static Json.Node string(Map<String, Json.Node> o, String key, Json.Node parent, String source,
            boolean required) throws RuleFileException {
        Json.Node v = o.get(key);
        if (v == null) {
            if (required) {
                throw new RuleFileException(source, parent.line(), "member \"" + key + "\" missing");
            }
            return null;
        }
        if (!v.isString()) {
            throw new RuleFileException(source, v.line(), "\"" + key + "\" must be a string, not " + v.typeName());
        }
        return v;
    }

    /**
     * The first rule that applies to an attribute.
     *
     * @param path the attribute's concrete path
     * @param modality the instance's modality
     * @param sopClassUid the instance's SOP class
     * @param attributes original top-level text values by tag
     * @return the rule, or null
     */
    public Rule match(List<PathStep> path, String modality, String sopClassUid, IntFunction<String> attributes) {
        for (Rule r : rules) {
            if (r.path().matches(path) && holds(r, modality, sopClassUid, attributes)) {
                return r;
            }
        }
        return null;
    }

    /**
     * @param r a rule
     * @param modality the instance's modality
     * @param sopClassUid the instance's SOP class
     * @param attributes original top-level text values by tag
     * @return whether all the rule's conditions hold
     */
    public static boolean holds(Rule r, String modality, String sopClassUid, IntFunction<String> attributes) {
        for (Condition c : r.conditions()) {
            if (!c.test(modality, sopClassUid, attributes)) {
                return false;
            }
        }
        return true;
    }
}
