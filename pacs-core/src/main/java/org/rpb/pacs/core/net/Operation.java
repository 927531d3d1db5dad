package org.rpb.pacs.core.net;

/** The network operation that an outcome or a failure refers to. */
public enum Operation {
    /** Opening an association (A-ASSOCIATE). */
    ASSOCIATE,
    /** C-ECHO verification. */
    ECHO,
    /** C-FIND query. */
    FIND,
    /** C-MOVE retrieve to a third AE. */
    MOVE,
    /** C-GET retrieve on the same association. */
    GET,
    /** C-STORE of instances. */
    STORE,
    /** Receiving instances as a C-STORE SCP. */
    RECEIVE,
    /** DICOMweb QIDO-RS search. */
    QIDO,
    /** DICOMweb WADO-RS retrieve. */
    WADO,
    /** DICOMweb STOW-RS store. */
    STOW
}
