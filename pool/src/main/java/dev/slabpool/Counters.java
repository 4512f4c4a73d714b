package dev.slabpool;

import java.util.concurrent.atomic.LongAdder;

/**
 * The cumulative reclaim and move counters of one cache, as {@link SlabCacheStats} reports them.
 */
final class Counters {
  final LongAdder slabsReclaimed = new LongAdder();
  final LongAdder objectsReclaimed = new LongAdder();
  final LongAdder circulationFrees = new LongAdder();
  final LongAdder destructorRefusals = new LongAdder();
  /** The mover's answers, by {@link Mover.Answer} ordinal. */
  private final LongAdder[] answers = new LongAdder[Mover.Answer.values().length];
  private final LongAdder moverFailures = new LongAdder();

  Counters() {
    for (int i = 0; i < answers.length; i++) {
      answers[i] = new LongAdder();
    }
  }

  /** Adds what one reclaim freed; {@code circulated} of its objects were freed for circulation. */
  void reclaimed(ReclaimResult result, long circulated) {
    slabsReclaimed.add(result.slabsFreed());
    objectsReclaimed.add(result.objectsFreed());
    circulationFrees.add(circulated);
  }

  /** Counts one answer of the mover (a failed call counts as {@code DONT_KNOW}). */
  void moved(Mover.Answer answer) {
    answers[answer.ordinal()].increment();
  }

  /** Counts a call of the mover that threw. */
  void moverFailed() {
    moverFailures.increment();
  }

  /** The mover's answers so far. */
  SlabCacheStats.Moves moves() {
    return new SlabCacheStats.Moves(answers[Mover.Answer.MOVED.ordinal()].sum(),
        answers[Mover.Answer.DONT_NEED.ordinal()].sum(),
        answers[Mover.Answer.LATER.ordinal()].sum(),
        answers[Mover.Answer.NEVER.ordinal()].sum(),
        answers[Mover.Answer.DONT_KNOW.ordinal()].sum(), moverFailures.sum());
  }

  void reset() {
    for (LongAdder a : answers) {
      a.reset();
    }
    moverFailures.reset();
    slabsReclaimed.reset();
    objectsReclaimed.reset();
    circulationFrees.reset();
    destructorRefusals.reset();
  }
}
