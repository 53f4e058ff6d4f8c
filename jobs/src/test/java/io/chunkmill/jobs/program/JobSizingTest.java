package io.chunkmill.jobs.program;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JobSizingTest {
  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static Configuration conf(String framework, boolean uber) {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", framework);
    conf.setBoolean("mapreduce.job.ubertask.enable", uber);
    conf.setLong("mapreduce.job.ubertask.maxbytes", 1000);
    conf.setInt("mapreduce.map.memory.mb", 512);
    conf.setInt("mapreduce.reduce.memory.mb", 512);
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    return conf;
  }

  /** A directory of {@code files} files of {@code bytes} bytes each, plus a marker the job skips. */
  private List<Path> dir(int files, int bytes) throws Exception {
    File dir = tmp.newFolder();
    for (int i = 0; i < files; i++) {
      Files.write(new File(dir, "part-" + i + ".avro").toPath(), new byte[bytes]);
    }
    Files.write(new File(dir, "_SUCCESS").toPath(), new byte[0]);
    return List.of(new Path(dir.toURI()));
  }

  @Test
  public void onePartitionPerReducerUpToTheCap() throws Exception {
    List<Path> small = dir(1, 10);
    assertEquals(3, JobSizing.partitionReducers(conf("yarn", false), 3, small));
    assertEquals(JobSizing.MAX_PARTITION_REDUCERS, JobSizing.partitionReducers(conf("yarn", false), 500, small));
    assertEquals(1, JobSizing.partitionReducers(conf("yarn", false), 0, small));
  }

  @Test
  public void aJobYarnMayRunAsAnUberTaskGetsOneReducer() throws Exception {
    assertEquals("9 files, 900 bytes", 1, JobSizing.partitionReducers(conf("yarn", true), 3, dir(9, 100)));
    assertEquals("more bytes than maxbytes", 3, JobSizing.partitionReducers(conf("yarn", true), 3, dir(2, 501)));
    assertEquals("more files than maxmaps", 3, JobSizing.partitionReducers(conf("yarn", true), 3, dir(10, 1)));
    assertEquals("the local runner has no uber tasks", 3, JobSizing.partitionReducers(conf("local", true), 3, dir(1, 1)));
    Configuration big = conf("yarn", true);
    big.setInt("mapreduce.reduce.memory.mb", 1024);
    assertEquals("tasks larger than the ApplicationMaster", 3, JobSizing.partitionReducers(big, 3, dir(1, 1)));
    assertEquals("a missing directory reads nothing", 1, JobSizing.partitionReducers(conf("yarn", true), 3,
        List.of(new Path(new File(tmp.getRoot(), "missing").toURI()))));
  }

  @Test
  public void aHiddenFileGivenItselfCountsAsInput() throws Exception {
    File state = new File(tmp.newFolder(), "_state.avro"); // an analysis's state, read as given
    Files.write(state.toPath(), new byte[2000]);
    assertEquals(3, JobSizing.partitionReducers(conf("yarn", true), 3, List.of(new Path(state.toURI()))));
  }

  @Test
  public void theUsersNumberWinsButAPartitionWritingJobKeepsOneReducer() throws Exception {
    Configuration conf = conf("yarn", true);
    conf.setInt("mapreduce.job.reduces", 5);
    assertEquals(5, JobSizing.partitionReducers(conf, 3, dir(1, 1)));
    conf.setInt("mapreduce.job.reduces", 0);
    assertEquals(1, JobSizing.partitionReducers(conf, 3, dir(1, 1)));
  }
}
