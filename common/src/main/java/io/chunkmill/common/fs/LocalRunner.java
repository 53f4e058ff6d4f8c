package io.chunkmill.common.fs;

import org.apache.hadoop.conf.Configuration;

/** Whether jobs run in Hadoop's local job runner, where a few settings differ (see the callers). */
public final class LocalRunner {
  private LocalRunner() {}

  /** True when {@code mapreduce.framework.name} is {@code local} (Hadoop's default). */
  public static boolean isActive(Configuration conf) {
    return "local".equals(conf.get("mapreduce.framework.name", "local"));
  }
}
