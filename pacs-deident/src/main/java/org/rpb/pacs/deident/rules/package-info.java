/**
 * Project rules on top of the profile: a JSON rule file ({@link org.rpb.pacs.deident.rules.Rules}) of rules
 * with tag paths and wildcards ({@link org.rpb.pacs.deident.rules.TagPath}), actions, value templates over the
 * caller's context ({@link org.rpb.pacs.deident.rules.Template}) and conditions
 * ({@link org.rpb.pacs.deident.rules.Condition}). A bad file is refused with its line and the reason.
 */
package org.rpb.pacs.deident.rules;
