package io.chunkmill.jobs.topn;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.AnalysisMapper;
import io.chunkmill.jobs.count.KeyCounts;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;

/** Counts events per (day, url), aggregated in the mapper. */
public class CountUrlsMapper extends AnalysisMapper<AvroKey<CountKey>, AvroValue<Long>> {
  private final KeyCounts counts = new KeyCounts();

  public CountUrlsMapper() {
    super(TopUrlsJob.DATASET);
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int part = part(e.getTs());
    if (part >= 0) {
      counts.add(part, e.getUrl(), context);
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    counts.flush(context);
  }
}
