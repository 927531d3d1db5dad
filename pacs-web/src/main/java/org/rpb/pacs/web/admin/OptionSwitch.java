package org.rpb.pacs.web.admin;

import java.io.Serializable;

import org.rpb.pacs.deident.profile.Option;

/** A PS3.15 option as a switch of the profile editor. Mutable: bound to the page. */
public final class OptionSwitch implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Option option;
    private boolean on;

    OptionSwitch(Option option, boolean on) {
        this.option = option;
        this.on = on;
    }

    public Option getOption() {
        return option;
    }

    public String getName() {
        return option.cliName();
    }

    public String getMeaning() {
        return option.meaning();
    }

    public String getExplanation() {
        return OptionText.of(option);
    }

    public boolean isOn() {
        return on;
    }

    public void setOn(boolean on) {
        this.on = on;
    }
}
