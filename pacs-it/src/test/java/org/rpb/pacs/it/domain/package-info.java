/** Server tests of the domain services: roles, study/site isolation, slot history, audit, configuration, keys. */
package org.rpb.pacs.it.domain;
