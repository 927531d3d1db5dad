package org.rpb.pacs.deident.rules;

/** A rule file that cannot be used; the message names the file, the line and the reason. */
public class RuleFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    /**
     * @param source the file or resource name
     * @param line the 1-based line
     * @param reason what is wrong
     */
    public RuleFileException(String source, int line, String reason) {
        super(source + ": line " + line + ": " + reason);
        this.line = line;
    }

    /** @return the 1-based line of the problem */
    public int line() {
        return line;
    }
}
