package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.Session;
import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.analysis.AnalysisReducer;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;

/**
 * One call per (day, user), events streaming in (ts, id) order through a {@link Sessionizer}; the
 * framework updates the key as the values advance, which exposes each event's ts.
 */
public class SessionizeReducer extends AnalysisReducer<AvroKey<SessionKey>, AvroValue<CharSequence>, Session> {
  static final String OUTPUT = "sessions";
  private long gapMs;

  public SessionizeReducer() {
    super(OUTPUT);
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    gapMs = SessionsJob.gapMinutes(context.getConfiguration()) * 60_000L;
  }

  @Override
  protected void reduce(AvroKey<SessionKey> key, Iterable<AvroValue<CharSequence>> urls, Context context)
      throws IOException, InterruptedException {
    String user = key.datum().getUser();
    int part = key.datum().getPart();
    Sessionizer sessions = new Sessionizer(gapMs,
        s -> write(context, part, new Session(user, s.start(), s.end(), s.events(), s.urls())));
    for (AvroValue<CharSequence> url : urls) {
      sessions.event(key.datum().getTs(), url.datum().toString());
    }
    sessions.finish();
  }
}
