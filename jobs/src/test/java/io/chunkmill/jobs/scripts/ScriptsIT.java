package io.chunkmill.jobs.scripts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import static io.chunkmill.jobs.testing.ScriptRuns.SCRIPTS;
import static io.chunkmill.jobs.testing.ScriptRuns.results;
import static io.chunkmill.jobs.testing.ScriptRuns.script;

import io.chunkmill.jobs.testing.ScriptRuns;
import io.chunkmill.jobs.testing.ScriptRuns.Run;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The scripts as a user runs them (pipeline.sh, backfill.sh), on generated data with every kind of
 * bad line, in local mode: skip-if-done, --force, --dry-run, the lock, a kill followed by a re-run,
 * paths with spaces and quotes, a missing input, bad options.
 */
public class ScriptsIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private static File input;
  /** A root the pipeline completed on once, and what it holds. */
  private static File reference;
  private static Map<String, List<String>> referenceResults;

  @BeforeClass
  public static void generate() throws Exception {
    input = Files.createTempDirectory("chunkmill-scripts-it").resolve("in put's \"data\"").toFile();
    Run r = script(null, "chunkmill", "generate", "--output", input.toString(), "--messages", "6000", "--files", "12",
        "--days", "3", "--bad-rate", "0.002");
    assertEquals(r.output(), 0, r.exit());
    reference = new File(input.getParentFile(), "reference root");
    Run first = script(new File(input.getParentFile(), "locks"), "pipeline.sh", "--output", reference.toString(),
        input.toString());
    assertEquals(first.output(), 0, first.exit());
    for (String step : List.of("ingest", "analyze")) {
      assertTrue(first.output(), first.output().matches("(?s).*\\n" + step + " +ran .*"));
    }
    assertTrue(first.output(), first.output().contains("\"lines_read\":6000"));
    referenceResults = results(reference);
  }

  private Run pipeline(File root, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of(extra));
    args.add("--output");
    args.add(root.toString());
    args.add(input.toString());
    return script(new File(tmp.getRoot(), "locks"), "pipeline.sh", args.toArray(new String[0]));
  }

  @Test
  public void aSecondRunSkipsEveryStepAndForceRecomputesTheSameResults() throws Exception {
    Run second = pipeline(reference);
    assertEquals(second.output(), 0, second.exit());
    for (String step : List.of("ingest", "analyze")) {
      assertTrue(second.output(), second.output().matches("(?s).*\\n" + step + " +skipped .*"));
    }
    assertTrue(second.output(), second.output().contains("\"lines_read\":6000"));
    Run forced = pipeline(reference, "--force");
    assertEquals(forced.output(), 0, forced.exit());
    assertTrue(forced.output(), forced.output().matches("(?s).*\\nanalyze +ran .*"));
    assertEquals(referenceResults, results(reference));
    assertTrue(new File(reference, "_chunkmill/logs").listFiles().length >= 3);
  }

  @Test
  public void aDryRunPrintsThePlanAndRunsNothing() throws Exception {
    File root = new File(tmp.getRoot(), "dry");
    Run r = pipeline(root, "--dry-run");
    assertEquals(r.output(), 0, r.exit());
    assertTrue(r.output(), r.output().matches("(?s).*\\ningest +planned\\n.*"));
    assertFalse(new File(root, "events").exists());
  }

  @Test
  public void aSecondPipelineOnTheSameRootRefusesWhileTheFirstHoldsTheLock() throws Exception {
    File root = new File(tmp.getRoot(), "locked");
    File locks = new File(tmp.getRoot(), "locks");
    locks.mkdirs();
    String key = sha256(root.toString()).substring(0, 16);
    Process holder = new ProcessBuilder("flock", "-o", new File(locks, key + ".lock").toString(), "sleep", "60").start();
    try {
      Thread.sleep(300);
      Run r = pipeline(root);
      assertEquals(r.output(), 3, r.exit());
      assertTrue(r.output(), r.output().contains("another run holds the lock on " + root));
    } finally {
      holder.destroyForcibly().waitFor();
    }
    Run after = pipeline(root, "--dry-run");
    assertEquals("a lock whose holder died is free", 0, after.exit());
  }

  @Test
  public void aPipelineKilledHalfwayConvergesOnReRunToTheSameResults() throws Exception {
    File root = new File(tmp.getRoot(), "killed");
    File locks = new File(tmp.getRoot(), "locks");
    ScriptRuns.killPipelineAfter(locks, root, input, new File(tmp.getRoot(), "killed.out"), 3000);
    Run again = pipeline(root);
    assertEquals(again.output(), 0, again.exit());
    assertEquals(referenceResults, results(root));
    assertTrue("no staging or temporary data left", ScriptRuns.clean(root));
  }

  @Test
  public void aBackfillOfOneDayReplacesOnlyThatDay() throws Exception {
    File root = reference;
    File[] days = new File(root, "topn").listFiles((d, n) -> n.startsWith("dt="));
    java.util.Arrays.sort(days);
    long[] before = new long[days.length];
    for (int i = 0; i < days.length; i++) {
      before[i] = new File(days[i], "_SUCCESS").lastModified();
    }
    String day = days[1].getName().substring(3);
    Thread.sleep(20);
    Run r = script(new File(tmp.getRoot(), "locks"), "backfill.sh", "--force", "--output", root.toString(), "--from", day,
        "--to", day);
    assertEquals(r.output(), 0, r.exit());
    for (int i = 0; i < days.length; i++) {
      long now = new File(days[i], "_SUCCESS").lastModified();
      assertEquals(days[i].getName(), i == 1, now != before[i]);
    }
  }

  @Test
  public void argumentsAreDataWhateverTheyLookLikeAndOutputsAreOwnerOnly() throws Exception {
    File dir = tmp.newFolder("hostile");
    String name = "-x $(touch pwned) `touch pwned2` ; 'q\""; // no glob characters: Hadoop expands those
    File weird = new File(dir, name);
    assertTrue(weird.mkdir());
    Files.writeString(new File(weird, "m.json").toPath(),
        "{\"id\":\"a\",\"ts\":1764201600000,\"user\":\"u\",\"url\":\"$(touch pwned3)\"}\n");
    ProcessBuilder pb = new ProcessBuilder(new File(SCRIPTS, "pipeline.sh").toString(), "--output", "-root $(x)", "--",
        name).directory(dir).redirectErrorStream(true);
    pb.environment().put("CHUNKMILL_LOCK_DIR", new File(tmp.getRoot(), "locks").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(out, 0, p.waitFor());
    assertFalse(new File(dir, "pwned").exists() || new File(dir, "pwned2").exists() || new File(dir, "pwned3").exists());
    File root = new File(dir, "-root $(x)");
    assertTrue(out, new File(root, "events").isDirectory());
    try (var files = Files.walk(root.toPath())) {
      files.forEach(f -> {
        try {
          var perms = Files.getPosixFilePermissions(f);
          assertTrue(f + " " + perms, perms.stream().noneMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS")));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }

  @Test
  public void aMissingInputOrABadOptionFailsClearly() throws Exception {
    File missing = new File(tmp.getRoot(), "no such input");
    Run r = script(new File(tmp.getRoot(), "locks"), "pipeline.sh", "--output", new File(tmp.getRoot(), "m").toString(),
        missing.toString());
    assertTrue(r.exit() != 0);
    assertTrue(r.output(), r.output().contains("step 'ingest' failed") && r.output().contains(missing.toString()));
    Run bad = script(null, "pipeline.sh", "--outptu", "x", "y");
    assertEquals(2, bad.exit());
    assertTrue(bad.output(), bad.output().contains("unknown option --outptu") && bad.output().contains("usage:"));
    for (String s : List.of("pipeline.sh", "backfill.sh", "chunkmill", "hadoop", "quickstart.sh")) {
      Run help = script(null, s, "--help");
      assertEquals(s, 2, help.exit());
      assertTrue(s, help.output().contains("usage:"));
    }
  }

  private static String sha256(String s) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
