package io.chunkmill.jobs.generate;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.testing.Chunks;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.testing.LocalJobs.Result;
import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GenerateJobTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String[] SETTINGS = {"--messages", "30000", "--files", "40", "--gzip-share", "0.3",
      "--bzip2-share", "0.2", "--bad-rate", "0.01", "--too-long-rate", "0.001", "--redelivery-rate", "0.05"};

  private static String[] with(String output, String... more) {
    String[] args = Arrays.copyOf(SETTINGS, SETTINGS.length + 2 + more.length);
    args[SETTINGS.length] = "--output";
    args[SETTINGS.length + 1] = output;
    System.arraycopy(more, 0, args, SETTINGS.length + 2, more.length);
    return args;
  }

  @Test
  public void writesTheAskedMessagesThatTheInputFormatReadsBackCompletely() throws Exception {
    Configuration conf = LocalJobs.conf();
    File local = new File(tmp.getRoot(), "local");
    Result r = LocalJobs.run(conf, new GenerateJob(), with(local.toString()));
    assertEquals(r.err(), 0, r.exitCode());
    String[] names = local.list((d, n) -> !n.startsWith("."));
    Arrays.sort(names);
    assertEquals(40, names.length);
    assertTrue(Arrays.stream(names).anyMatch(n -> n.endsWith(".gz")));
    assertTrue(Arrays.stream(names).anyMatch(n -> n.endsWith(".bz2")));
    long[] sizes = Arrays.stream(names).mapToLong(n -> new File(local, n).length()).sorted().toArray();
    assertTrue("file sizes are skewed", sizes[sizes.length - 1] > 4 * sizes[sizes.length / 2]);
    assertEquals(30000, Chunks.readAll(conf, new Path(local.toURI())).messages().size());

    File mr = new File(tmp.getRoot(), "mr");
    Result m = LocalJobs.run(conf, new GenerateJob(), with(mr.toString(), "--mode", "mapreduce", "--tasks", "3"));
    assertEquals(m.err(), 0, m.exitCode());
    for (String n : names) {
      assertArrayEquals("the same bytes in both modes: " + n, Files.readAllBytes(new File(local, n).toPath()),
          Files.readAllBytes(new File(mr, n).toPath()));
    }
  }

  @Test
  public void badOptionsPrintUsageAndReturnTwo() throws Exception {
    Result r = LocalJobs.run(LocalJobs.conf(), new GenerateJob(), "--output", "x", "--messages", "many");
    assertEquals(2, r.exitCode());
    assertTrue(r.err(), r.err().contains("usage: generate"));
    assertEquals(2, LocalJobs.run(LocalJobs.conf(), new GenerateJob(), "--messages", "5").exitCode());
  }
}
