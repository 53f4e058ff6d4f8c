package io.chunkmill.jobs.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.jobs.analyze.AnalyzeJob;
import io.chunkmill.jobs.count.CountJob;
import io.chunkmill.jobs.distinct.DistinctUsersJob;
import io.chunkmill.jobs.generate.GenerateJob;
import io.chunkmill.jobs.ingest.IngestConfig;
import io.chunkmill.jobs.ingest.IngestJob;
import io.chunkmill.jobs.sessions.SessionsJob;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Ingest and every analysis on HDFS under YARN (MiniDFSCluster + MiniMRYarnCluster, one DataNode,
 * one NodeManager, shared by the tests of the class): the results equal those of the local job
 * runner on the same data, also when a map attempt and a reduce attempt fail once and are retried.
 */
public class YarnClusterIT {
  static {
    AvroTrust.install();
    // The history server runs in this JVM, on our Avro (1.12), which trusts no class by default: a
    // client whose job's ApplicationMaster has already exited asks it, and it reads Hadoop's history events.
    org.apache.avro.util.ClassSecurityValidator.setGlobal(org.apache.avro.util.ClassSecurityValidator.composite(
        org.apache.avro.util.ClassSecurityValidator.getGlobal(),
        c -> c.getName().startsWith("org.apache.hadoop.mapreduce.jobhistory.")));
  }

  private static File work;
  private static MiniDFSCluster dfs;
  private static MiniMRYarnCluster yarn;
  private static Configuration cluster;
  private static File localInput;
  private static File localRoot;

  @BeforeClass
  public static void startClusterAndRunLocally() throws Exception {
    work = Files.createTempDirectory("chunkmill-yarn-it").toFile();
    Configuration base = new Configuration();
    base.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(work, "dfs").getAbsolutePath());
    dfs = new MiniDFSCluster.Builder(base).numDataNodes(1).build();
    Configuration yc = new Configuration(dfs.getConfiguration(0));
    yc.setInt(YarnConfiguration.NM_PMEM_MB, 6144);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    yc.setInt("yarn.app.mapreduce.am.resource.mb", 768);
    yc.set("yarn.app.mapreduce.am.command-opts", "-Xmx512m");
    yc.setInt("mapreduce.map.memory.mb", 512);
    yc.setInt("mapreduce.reduce.memory.mb", 512);
    yc.set("mapreduce.map.java.opts", "-Xmx384m");
    yc.set("mapreduce.reduce.java.opts", "-Xmx384m");
    yc.setInt("mapreduce.client.completion.pollinterval", 200);
    yarn = new MiniMRYarnCluster("chunkmill-it", 1);
    yarn.init(yc);
    yarn.start();
    cluster = new Configuration(yarn.getConfig());
    IngestConfig.setMaxBadRatio(cluster, 0.05);

    Configuration local = LocalJobs.conf();
    IngestConfig.setMaxBadRatio(local, 0.05);
    localInput = new File(work, "in");
    localRoot = new File(work, "local-root");
    run(local, new GenerateJob(), "--output", localInput.toString(), "--messages", "8000", "--files", "20",
        "--days", "2", "--gzip-share", "0.3");
    run(local, new IngestJob(), "--output", localRoot.toString(), localInput.toString());
    for (Tool t : List.of(new CountJob(), new TopUrlsJob(), new DistinctUsersJob(), new SessionsJob())) {
      run(local, t, localRoot.toString());
    }
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    if (yarn != null) {
      yarn.stop();
    }
    if (dfs != null) {
      dfs.shutdown();
    }
    org.apache.hadoop.fs.FileUtil.fullyDelete(work);
  }

  private static void run(Configuration conf, Tool tool, String... args) throws Exception {
    LocalJobs.Result r = LocalJobs.run(conf, tool, args);
    assertEquals(tool.getClass().getSimpleName() + ": " + r.err(), 0, r.exitCode());
  }

  /** dataset/dt=…  ->  records as text, sorted. */
  private static Map<String, List<String>> results(FileSystem fs, Path root) throws Exception {
    Map<String, List<String>> all = new TreeMap<>();
    for (String dataset : List.of("events", "counts/url", "counts/user", "counts/hour", "counts/day", "topn", "distinct",
        "sessions")) {
      for (FileStatus day : fs.listStatus(new Path(root, dataset), p -> p.getName().startsWith("dt="))) {
        List<String> records = new ArrayList<>();
        var files = fs.listFiles(day.getPath(), true); // events: one directory per run
        while (files.hasNext()) {
          var f = files.next();
          if (!f.getPath().getName().endsWith(".avro") || f.getPath().getName().startsWith("_")) {
            continue;
          }
          try (InputStream in = fs.open(f.getPath());
              DataFileStream<Object> r = new DataFileStream<>(in, new GenericDatumReader<>())) {
            r.forEach(o -> records.add(o.toString()));
          }
        }
        records.sort(null);
        assertTrue(fs.exists(new Path(day.getPath(), dataset.equals("events") ? "_version" : "_SUCCESS")));
        all.put(dataset + "/" + day.getPath().getName(), records);
        Path state = new Path(day.getPath(), "_state.avro"); // what distinct and sessions keep, in its order
        if (fs.exists(state)) {
          List<String> kept = new ArrayList<>();
          try (InputStream in = fs.open(state);
              DataFileStream<Object> r = new DataFileStream<>(in, new GenericDatumReader<>())) {
            r.forEach(o -> kept.add(o.toString()));
          }
          all.put(dataset + "/" + day.getPath().getName() + "/_state.avro", kept);
        }
      }
    }
    return all;
  }

  @Test
  public void ingestAndAnalysesOnHdfsUnderYarnEqualTheLocalRunEvenWithAFailedAttempt() throws Exception {
    FileSystem hdfs = dfs.getFileSystem();
    Path in = new Path("/data/in");
    hdfs.copyFromLocalFile(new Path(localInput.toURI()), in);
    Path root = hdfs.makeQualified(new Path("/data/root"));
    run(cluster, new IngestJob(), "--output", root.toString(), in.toString());
    run(cluster, new FlakyTopUrlsJob(), root.toString()); // before count: it reads the events (after, the url counts)
    run(cluster, new FlakySessionsJob(), root.toString());
    run(cluster, new AnalyzeJob(), root.toString()); // the stale rest (counts, distinct) in one application

    Map<String, List<String>> local = results(FileSystem.getLocal(new Configuration()), new Path(localRoot.toURI()));
    Map<String, List<String>> onCluster = results(hdfs, root);
    assertEquals(local.keySet(), onCluster.keySet());
    assertEquals(local, onCluster);
    assertEquals("the first map attempt of topn and reduce attempt of sessions failed and were retried", 2,
        FlakyTopUrlsJob.failedAttemptsSeen(hdfs));

    // a batch into both stored days: every analysis is updated from what it kept on HDFS (distinct
    // and sessions from their hidden state files), and gives what a recomputation gives (here, locally)
    byte[] batch = ("{\"id\":\"late-1\",\"ts\":1793534400000,\"user\":\"u1\",\"url\":\"https://example.com/p/1\"}\n"
        + "{\"id\":\"late-2\",\"ts\":1793620800000,\"user\":\"late-user\",\"url\":\"https://example.com/p/2\"}\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path late = new Path("/data/late/1.json");
    try (var out = hdfs.create(late)) {
      out.write(batch);
    }
    run(cluster, new IngestJob(), "--output", root.toString(), late.getParent().toString());
    File summary = new File(work, "update.json");
    run(cluster, new AnalyzeJob(), "--summary", summary.toURI().toString(), root.toString());
    List<String> updated = new ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary).get("partitions_updated_from_changes")
        .forEach(n -> updated.add(n.asText()));
    for (String partition : List.of("distinct/dt=2026-11-01", "sessions/dt=2026-11-01", "distinct/dt=2026-11-02",
        "sessions/dt=2026-11-02", "counts/url/dt=2026-11-02")) {
      assertTrue(partition + " updated: " + updated, updated.contains(partition));
    }
    File localLate = new File(work, "late/1.json");
    assertTrue(localLate.getParentFile().mkdirs());
    Files.write(localLate.toPath(), batch);
    Configuration localConf = LocalJobs.conf();
    run(localConf, new IngestJob(), "--output", localRoot.toString(), localLate.getParent());
    run(localConf, new AnalyzeJob(), "--force", localRoot.toString());
    assertEquals(results(FileSystem.getLocal(new Configuration()), new Path(localRoot.toURI())), results(hdfs, root));
  }
}
