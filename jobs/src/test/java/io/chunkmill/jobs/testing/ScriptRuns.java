package io.chunkmill.jobs.testing;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts as a user would, from the test JVM, and reads what they published. */
public final class ScriptRuns {
  public static final File PROJECT = new File(System.getProperty("user.dir")).getParentFile();
  public static final File SCRIPTS = new File(PROJECT, "scripts");
  /** Every dataset a pipeline run publishes. */
  public static final List<String> DATASETS = List.of("events", "counts/url", "counts/user", "counts/hour",
      "counts/day", "topn", "distinct", "sessions");

  private ScriptRuns() {}

  /** What a script run returned and printed (stdout and stderr together). */
  public record Run(int exit, String output) {}

  /** Runs {@code scripts/<name> args…}, with its lock files in {@code lockDir} when not null. */
  public static Run script(File lockDir, String name, String... args) throws Exception {
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

  /**
   * Starts {@code pipeline.sh --output root input} in a process group of its own, waits until
   * {@code delayMs} after its output first names a step, and kills the whole group (the script and
   * the job's JVM) with SIGKILL.
   */
  public static void killPipelineAfter(File lockDir, File root, File input, File outputFile, long delayMs)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder("setsid", new File(SCRIPTS, "pipeline.sh").toString(), "--output",
        root.toString(), input.toString()).redirectErrorStream(true).redirectOutput(outputFile);
    pb.environment().put("CHUNKMILL_LOCK_DIR", lockDir.toString());
    Process p = pb.start();
    long deadline = System.currentTimeMillis() + 120_000;
    while (!Files.readString(outputFile.toPath()).contains("pipeline: run") && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(delayMs);
    new ProcessBuilder("kill", "-9", "--", "-" + p.pid()).start().waitFor();
    p.waitFor();
    // SIGKILL is asynchronous: wait until no process of the group is left (the JVM holds the lock).
    long gone = System.currentTimeMillis() + 30_000;
    while (new ProcessBuilder("kill", "-0", "--", "-" + p.pid()).start().waitFor() == 0
        && System.currentTimeMillis() < gone) {
      Thread.sleep(50);
    }
  }

  /** Every published record under a local root, by dataset and day, as sorted text. */
  public static Map<String, List<String>> results(File root) throws Exception {
    return results(root, DATASETS.toArray(new String[0]));
  }

  /**
   * The published records of {@code datasets} under a local root, by dataset and day, as sorted
   * text; and the state an analysis keeps beside a result ({@code <dataset>/dt=…/_state.avro}), in
   * its order, since the next update reads it.
   */
  public static Map<String, List<String>> results(File root, String... datasets) throws Exception {
    Map<String, List<String>> all = new TreeMap<>();
    for (String dataset : datasets) {
      File dir = new File(root, dataset);
      File[] days = dir.listFiles((d, n) -> n.startsWith("dt="));
      assertTrue("published: " + dir, days != null && days.length > 0);
      for (File day : days) {
        if (dataset.equals("events")) {
          StoredDays.check(day);
        } else {
          assertTrue("committed: " + day, new File(day, "_SUCCESS").exists());
        }
        List<String> records = new ArrayList<>(LocalJobs.readAvro(day, Object.class).stream().map(Object::toString).toList());
        records.sort(null);
        all.put(dataset + "/" + day.getName(), records);
        File state = new File(day, "_state.avro");
        if (state.exists()) {
          List<String> kept = new ArrayList<>();
          try (org.apache.avro.file.DataFileReader<Object> r = new org.apache.avro.file.DataFileReader<>(state,
              new org.apache.avro.generic.GenericDatumReader<>())) {
            r.forEach(o -> kept.add(o.toString()));
          }
          all.put(dataset + "/" + day.getName() + "/_state.avro", kept);
        }
      }
    }
    return all;
  }

  /** True when a root holds no staging or temporary leftovers. */
  public static boolean clean(File root) throws Exception {
    File staging = new File(root, "_chunkmill/staging");
    if (staging.exists() && staging.list().length > 0) {
      return false;
    }
    try (var files = Files.walk(root.toPath())) {
      return files.map(f -> f.getFileName().toString())
          .noneMatch(n -> n.endsWith(".tmp") || n.startsWith("_temporary") || n.startsWith(".write-probe"));
    }
  }
}
