package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.Session;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code sessions}: each event keyed by (user, ts, id) with its url as value; the shuffle groups by
 * user and orders a user's events by (ts, id), so they stream through a {@link Sessionizer} and no
 * user's day is held in memory. Always reads the day's events.
 */
public class SessionsAnalysis implements Analysis {
  private final AnalysisKey key = new AnalysisKey(0, "", 0L, "");
  private long gapMs;

  @Override
  public void setup(String dataset, Configuration conf) {
    gapMs = SessionsJob.gapMinutes(conf) * 60_000L;
  }

  @Override
  public Schema outputSchema() {
    return Session.getClassSchema();
  }

  @Override
  public String namedOutput() {
    return "sessions";
  }

  @Override
  public void map(Event event, int part, int delta, Emitter out) throws IOException, InterruptedException {
    key.setPart(part);
    key.setKey(event.getUser());
    key.setTs(event.getTs());
    key.setSub(event.getId());
    out.emit(key, event.getUrl());
  }

  @Override
  public boolean combines() {
    return false;
  }

  @Override
  public void combine(AnalysisKey k, Iterable<AvroValue<Object>> values, Emitter out)
      throws IOException, InterruptedException {
    for (AvroValue<Object> url : values) { // keys are events: nothing to combine (with other analyses in the job)
      out.emit(k, url.datum());
    }
  }

  @Override
  public void reduce(AnalysisKey k, Iterable<AvroValue<Object>> values, Results out)
      throws IOException, InterruptedException {
    String user = k.getKey();
    int part = k.getPart();
    Sessionizer sessions = new Sessionizer(gapMs,
        s -> out.write(part, new Session(user, s.start(), s.end(), s.events(), s.urls())));
    for (AvroValue<Object> url : values) {
      sessions.event(k.getTs(), url.datum().toString()); // the framework advances the key with each value
    }
    sessions.finish();
  }
}
