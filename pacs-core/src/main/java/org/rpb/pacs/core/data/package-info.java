/**
 * DICOM data model: immutable value types ({@link org.rpb.pacs.core.data.Tag}, {@link org.rpb.pacs.core.data.VR},
 * {@link org.rpb.pacs.core.data.Uid}, {@link org.rpb.pacs.core.data.TransferSyntax},
 * {@link org.rpb.pacs.core.data.DataElement}) and the mutable, ordered {@link org.rpb.pacs.core.data.DataSet} with
 * its sequences, encapsulated fragments and on-disk bulk data references. JDK only.
 */
package org.rpb.pacs.core.data;
