package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.analysis.AnalysisMapper;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;

/** Keys each event by (day, user, ts, id) with its url as value, for the secondary sort. */
public class UserEventsMapper extends AnalysisMapper<AvroKey<SessionKey>, AvroValue<CharSequence>> {
  private final SessionKey key = new SessionKey();
  private final AvroKey<SessionKey> outKey = new AvroKey<>(key);
  private final AvroValue<CharSequence> outValue = new AvroValue<>();

  public UserEventsMapper() {
    super(SessionsJob.DATASET);
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int part = part(e.getTs());
    if (part >= 0) {
      key.setPart(part);
      key.setUser(e.getUser());
      key.setTs(e.getTs());
      key.setId(e.getId());
      outValue.datum(e.getUrl());
      context.write(outKey, outValue);
    }
  }
}
