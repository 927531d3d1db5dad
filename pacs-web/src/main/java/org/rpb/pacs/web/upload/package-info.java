/** The upload page of workflow 1: files into a slot, inspection, checks, preview and confirmation. */
package org.rpb.pacs.web.upload;
