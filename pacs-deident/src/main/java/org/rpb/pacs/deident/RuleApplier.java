package org.rpb.pacs.deident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.deident.manifest.ManifestAction;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.rules.Rule;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.rules.Template;

/**
 * The project rules on top of the profile: in the walk for the elements a rule names, and after the caller's
 * identity for the identity attributes and the attributes a rule adds.
 */
final class RuleApplier {

    private final EngineSettings settings;
    private final Rules rules;
    private final InstanceState instance;
    private final ElementEditor editor;
    private final ProfileWalker walker;

    RuleApplier(EngineSettings settings, InstanceState instance, ElementEditor editor, ProfileWalker walker) {
        this.settings = settings;
        this.rules = settings.rules();
        this.instance = instance;
        this.editor = editor;
        this.walker = walker;
    }

    /** @return whether there are no rules */
    boolean isEmpty() {
        return rules.rules().isEmpty();
    }

    /** @return the rule for an element, or null */
    Rule match(ElementPath path) {
        return isEmpty() ? null
                : rules.match(path.steps(), instance.modality(), instance.sopClass(), instance::originalText);
    }

    /** Applies a rule to an element in the walk. @return whether the element stays */
    boolean applyRule(DataSet ds, DataElement e, ElementPath path, Rule r, ProfileWalker.Mode mode)
            throws DeidentificationException, IOException {
        VR vr = editor.vrOf(e);
        switch (r.kind()) {
            case KEEP -> {
                if (e.isSequence()) {
                    walker.walkItems(e, path, mode);
                }
                return true;
            }
            case REMOVE -> {
                editor.remove(ds, e, path);
                return false;
            }
            case EMPTY -> {
                if (e.isSequence()) {
                    ds.set(DataElement.of(e.tag(), e.vr(), Sequence.empty(), true));
                } else {
                    ds.set(DataElement.of(e.tag(), vr, new byte[0]));
                }
                editor.recorder().record(path, Action.EMPTY, e, "");
                return true;
            }
            case SET -> {
                if (e.isSequence() || !vr.isText()) {
                    throw instance.refuse("rule at line " + r.line() + " sets " + Tag.toString(e.tag().value())
                            + ", which is not a text attribute");
                }
                editor.setByRule(ds, e, vr, evaluate(r, editor.decode(ds, e, vr)), path, ManifestAction.SET);
                return true;
            }
            default -> {
                // PREFIX / SUFFIX: on the value the profile leaves
                if (e.isSequence() || !vr.isText()) {
                    throw instance.refuse("rule at line " + r.line() + " adds text to "
                            + Tag.toString(e.tag().value()) + ", which is not a text attribute");
                }
                String original = editor.decode(ds, e, vr);
                if (e.tag().isPrivate()) {
                    walker.privateBlocks().privateElement(ds, e, path, path.creator(), mode);
                } else {
                    walker.apply(ds, e, path, walker.decide(e.tag().value(), vr, mode), mode, new TagSet(4),
                            null);
                }
                DataElement now = ds.get(e.tag());
                String base = now == null ? "" : editor.decode(ds, now, vr);
                String add = evaluate(r, original);
                String v = r.kind() == Rule.Kind.PREFIX ? add + base : base + add;
                editor.setByRule(ds, now != null ? now : e, vr, v, path, ManifestAction.SET);
                return true;
            }
        }
    }

    /** Rules on the identity attributes (written from the context) and SET rules for absent top-level attributes. */
    void applyTopLevel(DataSet ds) throws DeidentificationException, IOException {
        for (int t : ProfileWalker.IDENTITY) {
            DataElement e = ds.get(t);
            if (e == null) {
                continue;
            }
            ElementPath path = ElementPath.top(t);
            Rule r = match(path);
            if (r == null) {
                continue;
            }
            VR vr = editor.vrOf(e);
            String original = instance.originalText(t);
            switch (r.kind()) {
                case KEEP -> {
                    DataElement o = instance.originalTop().get(t);
                    if (o != null) {
                        ds.set(o);
                    }
                }
                case REMOVE -> editor.remove(ds, e, path);
                case EMPTY -> {
                    ds.set(DataElement.of(e.tag(), vr, new byte[0]));
                    editor.recorder().record(path, Action.EMPTY, e, "");
                }
                case SET -> editor.setByRule(ds, e, vr, evaluate(r, original), path, ManifestAction.SET);
                default -> {
                    String base = editor.decode(ds, e, vr);
                    String add = evaluate(r, original);
                    editor.setByRule(ds, e, vr, r.kind() == Rule.Kind.PREFIX ? add + base : base + add, path,
                            ManifestAction.SET);
                }
            }
        }
        for (Rule r : rules.rules()) {
            int t = r.path().singleTag();
            if (t < 0 || ds.get(t) != null || r.kind() != Rule.Kind.SET
                    || !Rules.holds(r, instance.modality(), instance.sopClass(), instance::originalText)) {
                continue;
            }
            VR vr = editor.dict().vrOf(t);
            if (vr == null || !vr.isText()) {
                throw instance.refuse("rule at line " + r.line() + " creates " + Tag.toString(t)
                        + ", which is not a text attribute");
            }
            DataElement placeholder = DataElement.of(Tag.of(t), vr, new byte[0]);
            ds.set(placeholder);
            editor.setByRule(ds, placeholder, vr, evaluate(r, null), ElementPath.top(t), ManifestAction.ADD);
        }
    }

    private String evaluate(Rule r, String original) throws DeidentificationException {
        Map<String, String> v = new HashMap<>(instance.templateValues());
        if (original != null) {
            v.put("value", original.trim());
        }
        try {
            return r.value().evaluate(v, s -> HexFormat.of().formatHex(
                    settings.keyed().keyedHash("template", s.getBytes(StandardCharsets.UTF_8)), 0, 8));
        } catch (Template.MissingValueException x) {
            throw instance.refuse("rule at line " + r.line() + ": " + x.getMessage());
        }
    }

    /** @return the values a rule template can name, from the caller's context */
    static Map<String, String> templateValues(SubjectContext ctx) {
        Map<String, String> m = new HashMap<>();
        putIf(m, "pid", ctx.patientId());
        putIf(m, "patientId", ctx.patientId());
        putIf(m, "patientName", ctx.patientName());
        putIf(m, "subjectId", ctx.subjectId());
        putIf(m, "site", ctx.siteId());
        putIf(m, "studyCode", ctx.studyCode());
        putIf(m, "sponsor", ctx.sponsor());
        putIf(m, "protocol", ctx.protocolId());
        putIf(m, "timePoint", ctx.timePointId());
        ctx.values().forEach((k, v) -> putIf(m, "ctx." + k, v));
        return m;
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
