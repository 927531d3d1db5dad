package org.rpb.pacs.upload;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wall-clock time one upload job execution spent in each of its steps, for the log line it writes when it ends
 * (the upload benchmark reads it): counts and milliseconds only, never a value of a file. Thread-safe.
 */
public final class UploadTimings {

    /** The steps of an upload job, in the order they run. */
    public enum Step {
        /** Reading every file of the job's folder and sorting it into batches. */
        INSPECT,
        /** Writing the job's instance rows (planned and per-step progress). */
        PROGRESS,
        /**
         * De-identifying the files into the job's output folder; with several workers, which de-identify one
         * instance while another is stored, its share of their wall time (their time divided by their number).
         */
        DEIDENTIFY,
        /** C-STORE of the de-identified files into the research PACS (the rest of the workers' wall time). */
        STORE,
        /** Asking the research PACS whether every new instance is there. */
        VERIFY,
        /** Describing the stored study and recording it and its slot link. */
        RECORD
    }

    private final Map<Step, LongAdder> nanos = new EnumMap<>(Step.class);
    private final long started = System.nanoTime();

    public UploadTimings() {
        for (Step s : Step.values()) {
            nanos.put(s, new LongAdder());
        }
    }

    /**
     * @param step    the step
     * @param elapsed nanoseconds it took once more
     */
    public void add(Step step, long elapsed) {
        nanos.get(step).add(elapsed);
    }

    /**
     * @param step a step
     * @return milliseconds spent in it so far
     */
    public long millis(Step step) {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get(step).sum());
    }

    /**
     * @return e.g. {@code inspect=812 progress=45 deidentify=2100 store=3000 verify=300 record=150 total=7000}
     *         (milliseconds; total since this object was made, so it includes what no step covers)
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Step s : Step.values()) {
            out.append(s.name().toLowerCase(Locale.ROOT)).append('=').append(millis(s)).append(' ');
        }
        return out.append("total=").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).toString();
    }
}
