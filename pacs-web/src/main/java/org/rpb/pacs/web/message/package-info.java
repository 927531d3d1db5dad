/**
 * What pages tell the user: {@link org.rpb.pacs.web.message.FailureMessages} is the one mapping from what a service
 * threw to a message (domain exceptions carry texts written for the user; anything else gets a fixed text, so that
 * no infrastructure detail or patient data reaches the page), {@link org.rpb.pacs.web.message.PageMessages} adds
 * it to the page through OmniFaces {@code Messages}.
 */
package org.rpb.pacs.web.message;
