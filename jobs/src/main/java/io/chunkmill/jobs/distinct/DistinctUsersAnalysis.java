package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.common.avro.DistinctUsersState;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.message.Utf8Order;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code distinct}, exact: a (url, user) key per event, except that the map side remembers the pairs
 * it sent, up to {@value #DEFAULT_REMEMBERED_PAIRS} ({@value #REMEMBERED_PAIRS}; forgotten all at
 * once when that many are held), and does not send one of those again; the combiner sends a pair
 * once per spill. The shuffle sorts users within a url, so the reducer counts the changes of user
 * as they stream past and never holds a url's users in memory.
 *
 * <p>Beside each day's result it keeps the day's users of each url ({@link DistinctUsersState}, in
 * records of at most {@value #STATE_RECORD_USERS}), so that a day to which runs only added events is
 * updated from that state and the added events, without re-reading the day: a state record is
 * keyed by its first user, so it reaches the reducer among the added events' users in order, and
 * the reducer merges them as they stream past, holding one state record at a time. The urls of
 * events that a run replaced are recomputed from the day's events ({@link #refreshKey}): a set of
 * users cannot say whether a user's other events on that url remain.
 */
public class DistinctUsersAnalysis implements Analysis {
  /** (url, user) pairs the map side remembers having sent, at most (a bound on its memory; 0: none). */
  public static final String REMEMBERED_PAIRS = "chunkmill.distinct.map.remembered.pairs";
  public static final int DEFAULT_REMEMBERED_PAIRS = 100_000;
  /** Users of one url in one state record, at most: a bound on the memory of the map and reduce sides. */
  public static final int STATE_RECORD_USERS = 10_000;
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
  public Schema stateSchema() {
    return DistinctUsersState.getClassSchema();
  }

  @Override
  public String updatedFrom() {
    return DistinctUsersJob.EXACT;
  }

  @Override
  public String refreshKey(Event event) {
    return event.getUrl();
  }

  @Override
  public String refreshKey(Object previousRecord) {
    return ((DistinctUsersState) previousRecord).getUrl();
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
  public void previous(Object record, int part, Emitter out) throws IOException, InterruptedException {
    DistinctUsersState state = (DistinctUsersState) record;
    if (state.getUsers().isEmpty()) {
      return;
    }
    key.setPart(part);
    key.setKey(state.getUrl());
    key.setSub(state.getUsers().get(0));
    out.emit(key, state.getUsers());
  }

  @Override
  public void combine(AnalysisKey k, Iterable<AvroValue<Object>> values, Emitter out)
      throws IOException, InterruptedException {
    boolean state = false;
    for (AvroValue<Object> v : values) { // a state record holds the key's user: it stands for the pair
      if (v.datum() != null) {
        out.emit(k, v.datum());
        state = true;
      }
    }
    if (!state) {
      out.emit(k, null);
    }
  }

  @Override
  public void reduce(AnalysisKey k, Iterable<AvroValue<Object>> values, Results out)
      throws IOException, InterruptedException {
    Users users = new Users(k.getPart(), k.getKey(), out);
    for (AvroValue<Object> value : values) {
      String user = k.getSub(); // the framework advances the key with each value
      if (value.datum() instanceof List<?> state) {
        users.state(state);
      } else {
        users.user(user);
      }
    }
    users.finish();
  }

  /**
   * One url's users, merged in ascending order from the users of its pairs and from its previous
   * state records, counted and written as the new state.
   */
  static final class Users {
    private final int part;
    private final String url;
    private final Results out;
    private final List<String> record = new ArrayList<>();
    /** The state record being merged: its users from {@code next} on are still to come. */
    private List<String> held = List.of();
    private int next;
    private String last;
    private long count;

    Users(int part, String url, Results out) {
      this.part = part;
      this.url = url;
      this.out = out;
    }

    /** A user of a pair: every user of the held state record before it comes first. */
    void user(String user) throws IOException, InterruptedException {
      while (next < held.size() && Utf8Order.compareUtf8(held.get(next), user) < 0) {
        add(held.get(next++));
      }
      add(user);
    }

    /** A state record, which arrives in order of its first user: the one held before is all before it. */
    void state(List<?> users) throws IOException, InterruptedException {
      drain();
      held = new ArrayList<>(users.size()); // the framework reuses the value it deserializes into
      for (Object u : users) {
        held.add(u.toString());
      }
      next = 0;
    }

    private void drain() throws IOException, InterruptedException {
      while (next < held.size()) {
        add(held.get(next++));
      }
    }

    /** Users come in ascending order, each as often as it has pairs and state records. */
    private void add(String user) throws IOException, InterruptedException {
      if (user.equals(last)) {
        return;
      }
      last = user;
      count++;
      record.add(user);
      if (record.size() == STATE_RECORD_USERS) {
        writeState();
      }
    }

    private void writeState() throws IOException, InterruptedException {
      out.state(part, new DistinctUsersState(url, new ArrayList<>(record)));
      record.clear();
    }

    void finish() throws IOException, InterruptedException {
      drain();
      if (!record.isEmpty()) {
        writeState();
      }
      out.write(part, new DistinctUsers(url, count));
    }
  }
}
