package dev.vigil.detection;

import dev.vigil.detection.batch.Granularity;

/**
 * Where a coarse series' points lie on the time grid of its step, for the batch engine: the Azure granularity the step
 * is counted in (a week, else the largest of day, hour, minute that divides it, else seconds) and each point's grid
 * index. Immutable and thread-safe.
 */
record StepGrid(Granularity granularity, int interval, long unitSeconds) {

    static StepGrid of(long step) {
        if (step == 604_800) {
            return new StepGrid(Granularity.WEEKLY, 1, 604_800);
        }
        for (StepGrid g : new StepGrid[]{new StepGrid(Granularity.DAILY, 0, 86_400),
                new StepGrid(Granularity.HOURLY, 0, 3_600), new StepGrid(Granularity.MINUTELY, 0, 60)}) {
            if (step % g.unitSeconds == 0 && step / g.unitSeconds <= Integer.MAX_VALUE) {
                return new StepGrid(g.granularity, (int) (step / g.unitSeconds), g.unitSeconds);
            }
        }
        return new StepGrid(Granularity.SECONDLY, (int) Math.min(step, Integer.MAX_VALUE), 1);
    }

    /** Grid index of every time from the first, or null when one is off the grid. */
    long[] positions(long[] epochSeconds) {
        long step = unitSeconds * interval;
        long[] out = new long[epochSeconds.length];
        for (int i = 0; i < out.length; i++) {
            long d = epochSeconds[i] - epochSeconds[0];
            if (d % step != 0) {
                return null;
            }
            out[i] = d / step;
        }
        return out;
    }
}
