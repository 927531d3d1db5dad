/** JPA entity of the profile versions. */
package org.rpb.pacs.profile.internal;
