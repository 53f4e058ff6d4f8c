package io.chunkmill.jobs.scripts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.Session;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.testing.LocalJobs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
  private static final File PROJECT = new File(System.getProperty("user.dir")).getParentFile();
  private static final File SCRIPTS = new File(PROJECT, "scripts");
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private static File input;
  /** A root the pipeline completed on once, and what it holds. */
  private static File reference;
  private static Map<String, List<String>> referenceResults;

  /** What a script run returned and printed (stdout and stderr together). */
  record Run(int exit, String output) {}

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
    for (String step : List.of("ingest", "count", "topn", "distinct", "sessions")) {
      assertTrue(first.output(), first.output().matches("(?s).*\\n" + step + " +ran .*"));
    }
    assertTrue(first.output(), first.output().contains("\"lines_read\":6000"));
    referenceResults = results(reference);
  }

  private static Run script(File lockDir, String name, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(new File(SCRIPTS, name).toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (lockDir != null) {
      pb.environment().put("CHUNKMILL_LOCK_DIR", lockDir.toString());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue("finished in time", p.waitFor(5, TimeUnit.MINUTES));
    return new Run(p.exitValue(), out);
  }

  private Run pipeline(File root, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of(extra));
    args.add("--output");
    args.add(root.toString());
    args.add(input.toString());
    return script(new File(tmp.getRoot(), "locks"), "pipeline.sh", args.toArray(new String[0]));
  }

  /** Every published record of the root, by dataset and day, as text. */
  private static Map<String, List<String>> results(File root) throws Exception {
    Map<String, List<String>> all = new TreeMap<>();
    for (String dataset : List.of("events", "counts/url", "counts/user", "counts/hour", "counts/day", "topn", "distinct",
        "sessions")) {
      File dir = new File(root, dataset);
      File[] days = dir.listFiles((d, n) -> n.startsWith("dt="));
      assertTrue("published: " + dir, days != null && days.length > 0);
      for (File day : days) {
        Class<?> type = switch (dataset) {
          case "events" -> Event.class;
          case "topn" -> TopUrl.class;
          case "distinct" -> DistinctUsers.class;
          case "sessions" -> Session.class;
          default -> CountRecord.class;
        };
        List<String> records = new ArrayList<>(LocalJobs.readAvro(day, type).stream().map(Object::toString).toList());
        records.sort(null);
        all.put(dataset + "/" + day.getName(), records);
      }
    }
    return all;
  }

  @Test
  public void aSecondRunSkipsEveryStepAndForceRecomputesTheSameResults() throws Exception {
    Run second = pipeline(reference);
    assertEquals(second.output(), 0, second.exit());
    for (String step : List.of("ingest", "count", "topn", "distinct", "sessions")) {
      assertTrue(second.output(), second.output().matches("(?s).*\\n" + step + " +skipped .*"));
    }
    assertTrue(second.output(), second.output().contains("\"lines_read\":6000"));
    Run forced = pipeline(reference, "--force");
    assertEquals(forced.output(), 0, forced.exit());
    assertTrue(forced.output(), forced.output().matches("(?s).*\\ntopn +ran .*"));
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
    ProcessBuilder pb = new ProcessBuilder("setsid", new File(SCRIPTS, "pipeline.sh").toString(), "--output",
        root.toString(), input.toString()).redirectErrorStream(true).redirectOutput(new File(tmp.getRoot(), "killed.out"));
    pb.environment().put("CHUNKMILL_LOCK_DIR", new File(tmp.getRoot(), "locks").toString());
    Process p = pb.start();
    // Kill the whole process group (script and job JVM) with SIGKILL once the analyses have started.
    long deadline = System.currentTimeMillis() + 120_000;
    while (!Files.readString(new File(tmp.getRoot(), "killed.out").toPath()).contains("ingest ")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(1500);
    new ProcessBuilder("kill", "-9", "--", "-" + p.pid()).start().waitFor();
    p.waitFor();
    Run again = pipeline(root);
    assertEquals(again.output(), 0, again.exit());
    assertEquals(referenceResults, results(root));
    File staging = new File(root, "_chunkmill/staging");
    assertTrue("no staging left", !staging.exists() || staging.list().length == 0);
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
    String name = "-x $(touch pwned) `touch pwned2` ; 'q\" *";
    File weird = new File(dir, name);
    assertTrue(weird.mkdir());
    Files.copy(new File(input, input.list((d, n) -> n.endsWith(".json"))[0]).toPath(), new File(weird, "m.json").toPath());
    ProcessBuilder pb = new ProcessBuilder(new File(SCRIPTS, "pipeline.sh").toString(), "--output", "-root $(x)", "--",
        name).directory(dir).redirectErrorStream(true);
    pb.environment().put("CHUNKMILL_LOCK_DIR", new File(tmp.getRoot(), "locks").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(out, 0, p.waitFor());
    assertFalse(new File(dir, "pwned").exists() || new File(dir, "pwned2").exists());
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
