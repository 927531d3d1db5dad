package org.rpb.pacs.core.dict;

import java.util.List;
import java.util.Objects;

import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;

/**
 * One attribute of the data dictionary (PS3.6): tag (with a mask for repeating groups such as (60xx,3000)),
 * keyword, name, VR or VRs ("US or SS"), value multiplicity and whether it is retired. Immutable.
 */
public final class DictionaryEntry {

    private final int tag;
    private final int mask;
    private final String keyword;
    private final String name;
    private final List<VR> vrs;
    private final String vm;
    private final boolean retired;

    /**
     * @param tag     the tag with 0 in the nibbles the mask leaves out
     * @param mask    0xFFFFFFFF for an ordinary tag; 0 nibbles for the "x" digits of a repeating tag
     * @param vrs     one or more VRs, the first being the one used when nothing tells which applies
     */
    public DictionaryEntry(int tag, int mask, String keyword, String name, List<VR> vrs, String vm, boolean retired) {
        this.tag = tag & mask;
        this.mask = mask;
        this.keyword = Objects.requireNonNull(keyword);
        this.name = Objects.requireNonNull(name);
        this.vrs = List.copyOf(vrs);
        this.vm = Objects.requireNonNull(vm);
        this.retired = retired;
        if (this.vrs.isEmpty()) {
            throw new IllegalArgumentException("no VR for " + Tag.toString(tag));
        }
    }

    /** The tag (for repeating groups, with the variable digits 0). */
    public Tag tag() {
        return Tag.of(tag);
    }

    /** The mask of significant bits: 0xFFFFFFFF except for repeating groups. */
    public int mask() {
        return mask;
    }

    /** True if the packed tag value {@code t} is this entry. */
    public boolean matches(int t) {
        return (t & mask) == tag;
    }

    public String keyword() {
        return keyword;
    }

    public String name() {
        return name;
    }

    /** The VR to use when nothing else decides (the first of {@link #vrs()}). */
    public VR vr() {
        return vrs.get(0);
    }

    /** All VRs the standard allows for this attribute, e.g. [US, SS]. */
    public List<VR> vrs() {
        return vrs;
    }

    /** Value multiplicity as in PS3.6, e.g. "1", "1-n", "2-2n". */
    public String vm() {
        return vm;
    }

    public boolean retired() {
        return retired;
    }

    @Override
    public String toString() {
        return Tag.toString(tag) + " " + keyword + " " + vrs + " VM " + vm + (retired ? " (retired)" : "");
    }
}
