package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code distinct}, exact: a (url, user) key per event, except that the map side remembers the pairs
 * it sent, up to {@value #DEFAULT_REMEMBERED_PAIRS} ({@value #REMEMBERED_PAIRS}; forgotten all at
 * once when that many are held), and does not send one of those again; the combiner sends a pair
 * once per spill. The shuffle sorts users within a url, so the reducer counts the changes of user
 * as they stream past and never holds a url's users in memory. Always reads the day's events.
 */
public class DistinctUsersAnalysis implements Analysis {
  /** (url, user) pairs the map side remembers having sent, at most (a bound on its memory; 0: none). */
  public static final String REMEMBERED_PAIRS = "chunkmill.distinct.map.remembered.pairs";
  public static final int DEFAULT_REMEMBERED_PAIRS = 100_000;
  private final AnalysisKey key = new AnalysisKey(0, "", 0L, "");
  private final Set<Pair> sent = new HashSet<>();
  private int remembered;

  @Override
  public void setup(String dataset, Configuration conf) {
    remembered = conf.getInt(REMEMBERED_PAIRS, DEFAULT_REMEMBERED_PAIRS);
    if (remembered < 0) {
      throw new IllegalArgumentException(REMEMBERED_PAIRS + " is 0 (remember none) or more, was " + remembered);
    }
  }

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
    if (remembered > 0) {
      if (sent.size() >= remembered) {
        sent.clear();
      }
      if (!sent.add(new Pair(part, event.getUrl(), event.getUser()))) {
        return;
      }
    }
    out.emit(key, null);
  }

  /** A pair sent, on one partition (a record's hash and equality, not the slower ones of Avro records). */
  private record Pair(int part, String url, String user) {}

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
