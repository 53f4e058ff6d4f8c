package io.chunkmill.jobs.soak;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.jobs.testing.ScriptRuns;
import io.chunkmill.jobs.testing.ScriptRuns.Run;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Long running (profile {@code soak}): the pipeline script killed with SIGKILL (script and job JVM
 * together) at six points spread over the pipeline in turn, each followed by a re-run of the same command: every
 * time the final results equal those of an uninterrupted run, and nothing temporary is left.
 */
public class KilledPipelineSoakIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyKillConvergesOnReRunToTheUninterruptedResults() throws Exception {
    File locks = new File(tmp.getRoot(), "locks");
    File input = new File(tmp.getRoot(), "in");
    Run g = ScriptRuns.script(null, "chunkmill", "generate", "--output", input.toString(), "--messages", "6000",
        "--files", "12", "--days", "3", "--bad-rate", "0.002");
    assertEquals(g.output(), 0, g.exit());
    File reference = new File(tmp.getRoot(), "reference");
    assertEquals(0, ScriptRuns.script(locks, "pipeline.sh", "--output", reference.toString(), input.toString()).exit());
    Map<String, List<String>> expected = ScriptRuns.results(reference);

    long[] delaysMs = {200, 2500, 6000, 10500, 15000, 20000};
    for (int i = 0; i < delaysMs.length; i++) {
      File root = new File(tmp.getRoot(), "killed-" + i);
      ScriptRuns.killPipelineAfter(locks, root, input, new File(tmp.getRoot(), "killed-" + i + ".out"), delaysMs[i]);
      Run again = ScriptRuns.script(locks, "pipeline.sh", "--output", root.toString(), input.toString());
      assertEquals("kill " + i + " at " + delaysMs[i] + " ms: " + again.output(), 0, again.exit());
      assertEquals("kill " + i + " at " + delaysMs[i] + " ms", expected, ScriptRuns.results(root));
      assertTrue("kill " + i + ": no leftovers", ScriptRuns.clean(root));
    }
  }
}
