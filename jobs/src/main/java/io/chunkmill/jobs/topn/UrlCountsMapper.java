package io.chunkmill.jobs.topn;

import io.chunkmill.jobs.count.PreviousCountsMapper;
import org.apache.hadoop.fs.Path;

/** A day's fresh url counts ({@code counts/url/dt=<day>/}) as the input of that day's top N. */
public class UrlCountsMapper extends PreviousCountsMapper {
  @Override
  protected String targetDataset(Path partition) {
    return TopUrlsJob.DATASET;
  }
}
