package dev.slabpool.bench;

/**
 * One benchmark target of the issue and how the run measured against it.
 *
 * @param target what was to be reached, as the issue words it
 * @param measured the figure(s) measured in this run
 * @param met whether the target was reached
 * @param why when missed: why, from what was measured; otherwise empty
 */
public record Target(String target, String measured, boolean met, String why) {}
