package org.rpb.pacs.core.net;

/** Query/Retrieve level of the Study Root information model (plus PATIENT for patient-level C-FIND). */
public enum QueryLevel {
    PATIENT("PATIENT"), STUDY("STUDY"), SERIES("SERIES"), IMAGE("IMAGE");

    private final String code;

    QueryLevel(String code) {
        this.code = code;
    }

    /** @return the value of Query/Retrieve Level (0008,0052) */
    public String code() {
        return code;
    }
}
