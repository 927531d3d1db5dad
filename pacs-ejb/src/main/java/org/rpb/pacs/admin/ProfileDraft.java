package org.rpb.pacs.admin;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.vocabulary.RoiMapping;

/**
 * A de-identification profile as the administrator is editing it, before it is saved: the PS3.15 options, the
 * rule text and the ROI mapping. Immutable; build with {@link #builder()}.
 */
public final class ProfileDraft implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Set<Option> options;
    private final String rulesText;
    private final RoiMapping roiMapping;
    private final boolean vocabularyEnabled;

    private ProfileDraft(Builder b) {
        this.options = Set.copyOf(b.options);
        this.rulesText = b.rulesText;
        this.roiMapping = b.roiMapping;
        this.vocabularyEnabled = b.vocabularyEnabled;
    }

    /** @return a builder of the basic profile with no rules and no vocabulary */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The draft of a stored profile version, so that a preview or a job uses exactly that version's settings
     * (later versions do not change it: settings are immutable).
     *
     * @param settings a version's settings (option names of pacs-deident's {@link Option})
     * @param mapping  the project's ROI mapping
     * @param vocabularyEnabled whether the project uses it
     * @return the draft
     * @throws IllegalArgumentException when an option name is unknown
     */
    public static ProfileDraft of(ProfileSettings settings, RoiMapping mapping, boolean vocabularyEnabled) {
        Builder b = builder().rulesText(settings.rulesText()).vocabulary(mapping, vocabularyEnabled);
        settings.deidentificationOptions().forEach(b::option);
        return b.build();
    }

    /** @return the options applied on top of the basic profile */
    public Set<Option> options() {
        return options;
    }

    /** @return the project's rule text (pacs-deident JSON rule format), empty for none */
    public String rulesText() {
        return rulesText;
    }

    /** @return the project's ROI mapping rules */
    public RoiMapping roiMapping() {
        return roiMapping;
    }

    /** @return whether ROI names are to be replaced by standard names */
    public boolean vocabularyEnabled() {
        return vocabularyEnabled;
    }

    /** Builder of {@link ProfileDraft}. */
    public static final class Builder {
        private final Set<Option> options = EnumSet.noneOf(Option.class);
        private String rulesText = "";
        private RoiMapping roiMapping = RoiMapping.NONE;
        private boolean vocabularyEnabled;

        private Builder() {
        }

        /** @param o options to add @return this */
        public Builder option(Option... o) {
            options.addAll(Set.of(o));
            return this;
        }

        /** @param o the options, replacing any given before @return this */
        public Builder options(Set<Option> o) {
            options.clear();
            options.addAll(o);
            return this;
        }

        /** @param text the rule text; null or blank for none @return this */
        public Builder rulesText(String text) {
            this.rulesText = text == null ? "" : text;
            return this;
        }

        /**
         * @param mapping the project's ROI mapping
         * @param enabled whether the de-identification uses it
         * @return this
         */
        public Builder vocabulary(RoiMapping mapping, boolean enabled) {
            this.roiMapping = mapping == null ? RoiMapping.NONE : mapping;
            this.vocabularyEnabled = enabled;
            return this;
        }

        /** @return the draft */
        public ProfileDraft build() {
            return new ProfileDraft(this);
        }
    }
}
