package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code distinct}, exact: one (url, user) key per event, a (url, user) seen twice in a map task sent
 * once (combiner); the shuffle sorts users within a url, so the reducer counts the changes of
 * user as they stream past and never holds a url's users in memory. Always reads the day's events.
 */
public class DistinctUsersAnalysis implements Analysis {
  private final AnalysisKey key = new AnalysisKey(0, "", 0L, "");

  @Override
  public void setup(String dataset, Configuration conf) {}

  @Override
  public Schema outputSchema() {
    return DistinctUsers.getClassSchema();
  }

  @Override
  public String namedOutput() {
    return "distinct";
  }

  @Override
  public void map(Event event, int part, int delta, Emitter out) throws IOException, InterruptedException {
    key.setPart(part);
    key.setKey(event.getUrl());
    key.setSub(event.getUser());
    out.emit(key, null);
  }

  @Override
  public void combine(AnalysisKey k, Iterable<AvroValue<Object>> values, Emitter out)
      throws IOException, InterruptedException {
    out.emit(k, null);
  }

  @Override
  public void reduce(AnalysisKey k, Iterable<AvroValue<Object>> values, Results out)
      throws IOException, InterruptedException {
    String url = k.getKey();
    long users = 0;
    String previous = null;
    for (AvroValue<Object> ignored : values) {
      String user = k.getSub(); // the framework advances the key with each value
      if (!user.equals(previous)) {
        users++;
        previous = user;
      }
    }
    out.write(k.getPart(), new DistinctUsers(url, users));
  }
}
