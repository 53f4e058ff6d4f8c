package io.chunkmill.jobs.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.input.ChunkInputFormat;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import io.chunkmill.common.input.ChunkSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.metrics2.AbstractMetric;
import org.apache.hadoop.metrics2.impl.MetricsCollectorImpl;
import org.apache.hadoop.metrics2.impl.MetricsRecordImpl;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Split planning over 10,000 files in 100 directories on HDFS asks the NameNode once per directory,
 * not once per file: the listing carries the block locations (counted by the NameNode's own
 * metrics, {@code GetListingOps}, {@code GetBlockLocations}, {@code FileInfoOps}).
 */
public class SplitPlanningIT {
  private static final int DIRECTORIES = 100;
  private static final int FILES_PER_DIRECTORY = 100;

  private static MiniDFSCluster dfs;

  @BeforeClass
  public static void startHdfsWithManyFiles() throws Exception {
    Configuration conf = new Configuration();
    File work = new File("target/test/data/chunkmill-split-planning").getAbsoluteFile();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(work, "dfs").getAbsolutePath());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    FileSystem fs = dfs.getFileSystem();
    // Empty files (a create and a complete each, no DataNode pipeline), made by 16 threads: planning
    // asks the NameNode about an empty file just as about a full one, and 10,000 files are made in
    // seconds instead of minutes.
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> made = new ArrayList<>();
    for (int d = 0; d < DIRECTORIES; d++) {
      int dir = d;
      made.add(pool.submit(() -> {
        for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
          fs.create(new Path("/in/d" + dir + "/f" + f + ".json")).close();
        }
        return null;
      }));
    }
    for (Future<?> f : made) {
      f.get();
    }
    pool.shutdown();
    fs.create(new Path("/in/_temporary/attempt/x.json")).close(); // hidden: never listed below
  }

  @AfterClass
  public static void stop() {
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  /** A counter of the NameNode's metrics source, read as a metrics sink would. */
  private static long counter(String name) {
    MetricsCollectorImpl collector = new MetricsCollectorImpl();
    DefaultMetricsSystem.instance().getSource("NameNodeActivity").getMetrics(collector, true);
    for (MetricsRecordImpl record : collector.getRecords()) {
      for (AbstractMetric metric : record.metrics()) {
        if (metric.name().equals(name)) {
          return metric.value().longValue();
        }
      }
    }
    throw new AssertionError("no NameNode metric " + name);
  }

  @Test
  public void planningAsksTheNameNodeOncePerDirectoryNotPerFile() throws Exception {
    for (int threads : new int[] {1, 8}) {
      Configuration conf = new Configuration(dfs.getConfiguration(0));
      conf.setInt(FileInputFormat.LIST_STATUS_NUM_THREADS, threads);
      conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 64 * 1024);
      conf.set("mapreduce.framework.name", "yarn"); // plan as for a cluster (no local-runner sizing)
      Job job = Job.getInstance(conf);
      FileInputFormat.setInputPaths(job, new Path(dfs.getFileSystem().getUri().toString() + "/in"));

      long listings = counter("GetListingOps");
      long locations = counter("GetBlockLocations");
      long infos = counter("FileInfoOps");
      List<InputSplit> splits = new ChunkInputFormat().getSplits(job);
      long listed = counter("GetListingOps") - listings;
      long located = counter("GetBlockLocations") - locations;
      long statted = counter("FileInfoOps") - infos;

      int files = 0;
      for (InputSplit s : splits) {
        files += ((ChunkSplit) s).getNumPaths();
      }
      String what = threads + " thread(s): " + listed + " listings, " + located + " block-location calls, "
          + statted + " file-info calls for " + files + " files in " + splits.size() + " splits";
      System.out.println(what);
      assertEquals(what, DIRECTORIES * FILES_PER_DIRECTORY, files);
      assertTrue(what, listed <= 2 * (DIRECTORIES + 1));
      assertEquals(what, 0, located);
      assertTrue(what, statted <= 10);
    }
  }
}
