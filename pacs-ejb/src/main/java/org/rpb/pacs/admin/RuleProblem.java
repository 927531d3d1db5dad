package org.rpb.pacs.admin;

import java.io.Serializable;

/**
 * Why a rule text cannot be saved.
 *
 * @param line   the 1-based line of the problem
 * @param reason what is wrong
 */
public record RuleProblem(int line, String reason) implements Serializable {

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
