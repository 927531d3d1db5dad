/** The jobs page: staging and project-copy jobs with live progress, errors, cancel and retry. */
package org.rpb.pacs.web.jobs;
