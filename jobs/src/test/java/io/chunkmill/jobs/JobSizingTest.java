package io.chunkmill.jobs;

import static org.junit.Assert.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.junit.Test;

public class JobSizingTest {
  private static Configuration conf(String framework, boolean uber) {
    Configuration conf = new Configuration(false);
    conf.set("mapreduce.framework.name", framework);
    conf.setBoolean("mapreduce.job.ubertask.enable", uber);
    conf.setLong("mapreduce.job.ubertask.maxbytes", 1000);
    return conf;
  }

  @Test
  public void onePartitionPerReducerUpToTheCap() {
    assertEquals(3, JobSizing.partitionReducers(conf("yarn", false), 3, 10));
    assertEquals(JobSizing.MAX_PARTITION_REDUCERS, JobSizing.partitionReducers(conf("yarn", false), 500, 10));
    assertEquals(1, JobSizing.partitionReducers(conf("yarn", false), 0, 10));
  }

  @Test
  public void aSmallJobGetsOneReducerWhenUberTasksAreEnabledOnYarn() {
    assertEquals("small enough for an uber task", 1, JobSizing.partitionReducers(conf("yarn", true), 3, 1000));
    assertEquals("too big for one", 3, JobSizing.partitionReducers(conf("yarn", true), 3, 1001));
    assertEquals("the local runner has no uber tasks", 3, JobSizing.partitionReducers(conf("local", true), 3, 10));
  }

  @Test
  public void theUsersNumberWins() {
    Configuration conf = conf("yarn", true);
    conf.setInt("mapreduce.job.reduces", 5);
    assertEquals(5, JobSizing.partitionReducers(conf, 3, 10));
  }
}
