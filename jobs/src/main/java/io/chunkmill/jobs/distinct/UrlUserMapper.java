package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.DistinctKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.AnalysisMapper;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;

/** Exact mode: one (day, url, user) key per event; the shuffle sorts users within a url. */
public class UrlUserMapper extends AnalysisMapper<AvroKey<DistinctKey>, NullWritable> {
  private final DistinctKey key = new DistinctKey();
  private final AvroKey<DistinctKey> out = new AvroKey<>(key);

  public UrlUserMapper() {
    super(DistinctUsersJob.EXACT);
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int part = part(e.getTs());
    if (part >= 0) {
      key.setPart(part);
      key.setUrl(e.getUrl());
      key.setUser(e.getUser());
      context.write(out, NullWritable.get());
    }
  }
}
