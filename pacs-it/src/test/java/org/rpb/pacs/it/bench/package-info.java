/**
 * The cohort benchmark's parts that run inside the server it starts ({@code pacs-it/bench/cohort/run-benchmark.sh}):
 * not tests, never run by {@code mvn verify}.
 */
package org.rpb.pacs.it.bench;
