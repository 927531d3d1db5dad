/**
 * Project secrets: the per-project keys for UID hashing and date shifting.
 *
 * <p>A key is generated on first use (32 bytes from {@link java.security.SecureRandom}) and stored in the
 * database encrypted with AES-GCM under the server key ({@link org.rpb.pacs.secrets.ServerKey}). Keys never
 * leave the server: no EJB business method returns one; only {@link org.rpb.pacs.secrets.ProjectKeys}, a
 * plain CDI bean for server-side de-identification, hands them out, and nothing logs them.
 */
package org.rpb.pacs.secrets;
