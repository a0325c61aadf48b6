package io.cachegen.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The freshness protocol under a seeded, deterministic simulation ({@code docs/freshness-protocol.md}
 * §11): many runs, each with its own seed, instances, staleness bound, command timeout and topology
 * ordering, under one fault at a time. A failing seed is printed with its trace and replays exactly:
 * {@code -Dsim.seed=<seed>}. {@code -Dsim.runs=N -Dsim.first=M} runs other seeds.
 */
class SimulationTest {
  private static final int RUNS = Integer.getInteger("sim.runs", 200);

  @Test
  void ownWritesNoStaleSetAndBoundedStalenessHoldOnEverySeed() {
    List<Simulation.Report> failed = new ArrayList<>();
    long first = Long.getLong("sim.seed", Long.getLong("sim.first", 1));
    int runs = System.getProperty("sim.seed") != null ? 1 : RUNS;
    long reads = 0;
    for (long seed = first; seed < first + runs; seed++) {
      Simulation.Report report = new Simulation(seed, Simulation.Options.typical(seed)).run();
      reads += report.reads();
      if (Boolean.getBoolean("sim.verbose")) {
        System.out.println(report);
      }
      if (!report.violations().isEmpty()) {
        failed.add(report);
      }
    }
    assertThat(failed).as(() -> failed.isEmpty() ? "" : failed.get(0).toString()).isEmpty();
    assertThat(reads).as("the runs did work").isGreaterThan(runs * 1000L);
  }
}
