package org.rpb.pacs.profile;

/** What happens to private attributes. */
public enum PrivateAttributePolicy {
    /** All private attributes are removed. */
    REMOVE_ALL,
    /** Private attributes on the safe list are kept (PS3.15 Retain Safe Private Option), the rest removed. */
    RETAIN_SAFE
}
