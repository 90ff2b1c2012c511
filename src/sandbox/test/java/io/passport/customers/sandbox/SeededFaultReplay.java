package io.passport.customers.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * The sandbox's fault sequence replayed with {@link Random} itself from the rule {@link Faults}
 * documents (each customer request draws a double; under the failure rate it fails, its kind then
 * drawn evenly among the kinds in their declared order), up to the draw that gives the
 * {@code successes}-th answered request. A listing that retries every failed request and uses every
 * answered page sends exactly these requests, whatever order its pages go out in: expected counts
 * computed without the sandbox's code.
 */
final class SeededFaultReplay {
  /** Requests up to and including the last success. */
  long requests;
  /** Failed requests among them, per kind. */
  final Map<Faults.Kind, Long> failures = new EnumMap<>(Faults.Kind.class);

  private SeededFaultReplay() {}

  /** Replays every kind failing at {@code failureRate} from {@code seed}. */
  static SeededFaultReplay untilSuccesses(long seed, double failureRate, int successes) {
    SeededFaultReplay replay = new SeededFaultReplay();
    Faults.Kind[] kinds = Faults.Kind.values();
    for (Faults.Kind kind : kinds) {
      replay.failures.put(kind, 0L);
    }
    Random random = new Random(seed);
    int answered = 0;
    while (answered < successes) {
      replay.requests++;
      if (random.nextDouble() < failureRate) {
        replay.failures.merge(kinds[random.nextInt(kinds.length)], 1L, Long::sum);
      } else {
        answered++;
      }
    }
    return replay;
  }
}
