package org.rpb.pacs.core.net.dicomweb;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The DICOM JSON model (PS3.18 F.2) as far as QIDO and STOW responses need it. */
final class DicomJson {
    private DicomJson() {
    }

    /** Flattens an object to tag → string; multiple values joined by backslash; sequences left out. */
    static Map<Integer, String> toStrings(JsonObject o) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            int tag;
            try {
                tag = (int) Long.parseLong(e.getKey(), 16);
            } catch (NumberFormatException ex) {
                continue;
            }
            JsonObject attr = e.getValue().asJsonObject();
            if ("SQ".equals(attr.getString("vr", ""))) {
                continue;
            }
            out.put(tag, String.join("\\", values(attr)));
        }
        return out;
    }

    static List<String> values(JsonObject attr) {
        List<String> out = new ArrayList<>();
        JsonArray arr = attr.getJsonArray("Value");
        if (arr == null) {
            return out;
        }
        for (JsonValue v : arr) {
            switch (v.getValueType()) {
                case STRING: out.add(((JsonString) v).getString()); break;
                case NUMBER: {
                    JsonNumber n = (JsonNumber) v;
                    out.add(n.isIntegral() ? n.bigIntegerValue().toString() : n.bigDecimalValue().toPlainString());
                    break;
                }
                case OBJECT: {
                    JsonObject pn = v.asJsonObject();
                    out.add(pn.containsKey("Alphabetic") ? pn.getString("Alphabetic", "") : "");
                    break;
                }
                case NULL: out.add(""); break;
                default: out.add(v.toString());
            }
        }
        return out;
    }

    static List<JsonObject> items(JsonObject o, String tag) {
        List<JsonObject> out = new ArrayList<>();
        JsonValue v = o.get(tag);
        if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
            return out;
        }
        JsonArray arr = v.asJsonObject().getJsonArray("Value");
        if (arr != null) {
            arr.forEach(i -> out.add(i.asJsonObject()));
        }
        return out;
    }

    static String first(JsonObject item, String tag) {
        JsonValue v = item.get(tag);
        if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
            return "";
        }
        List<String> vals = values(v.asJsonObject());
        return vals.isEmpty() ? "" : vals.get(0);
    }
}
