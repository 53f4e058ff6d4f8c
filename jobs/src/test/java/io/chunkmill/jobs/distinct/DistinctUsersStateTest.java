package io.chunkmill.jobs.distinct;

import static org.junit.Assert.assertEquals;

import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.common.avro.DistinctUsersState;
import io.chunkmill.jobs.analysis.Analysis;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The reducer's merge of a url's users from its pairs and its previous state records, fed in the
 * shuffle's order (by user, UTF-8 bytes), as {@code reduce} feeds it.
 */
public class DistinctUsersStateTest {
  private final List<DistinctUsers> results = new ArrayList<>();
  private final List<List<String>> state = new ArrayList<>();
  private final Analysis.Results out = new Analysis.Results() {
    @Override
    public void write(int part, Object record) {
      results.add((DistinctUsers) record);
    }

    @Override
    public void state(int part, Object record) {
      DistinctUsersState s = (DistinctUsersState) record;
      assertEquals("u", s.getUrl());
      state.add(s.getUsers());
    }
  };

  @Test
  public void statesAndPairsMergeIntoTheSortedUsersEachOnce() throws Exception {
    DistinctUsersAnalysis.Users users = new DistinctUsersAnalysis.Users(0, "u", out);
    users.state(List.of("a", "c", "e"));
    users.user("b");
    users.user("c");
    users.user("f");
    users.finish();
    assertEquals(List.of(new DistinctUsers("u", 5L)), results);
    assertEquals(List.of(List.of("a", "b", "c", "e", "f")), state);
  }

  @Test
  public void aPairOfAStatesFirstUserMayArriveBeforeTheState() throws Exception {
    DistinctUsersAnalysis.Users users = new DistinctUsersAnalysis.Users(0, "u", out);
    users.user("a"); // the same key as the state record's: either comes first
    users.state(List.of("a", "b"));
    users.user("b");
    users.finish();
    assertEquals(List.of(new DistinctUsers("u", 2L)), results);
    assertEquals(List.of(List.of("a", "b")), state);
  }

  @Test
  public void usersCompareByTheirUtf8BytesAsTheShuffleSortsThem() throws Exception {
    String replacement = "\uFFFD";
    String emoji = "\uD83D\uDE00"; // after U+FFFD in UTF-8, before it in UTF-16
    DistinctUsersAnalysis.Users users = new DistinctUsersAnalysis.Users(0, "u", out);
    users.state(List.of(replacement, emoji));
    users.user(emoji);
    users.finish();
    assertEquals(List.of(new DistinctUsers("u", 2L)), results);
    assertEquals(List.of(List.of(replacement, emoji)), state);
  }

  @Test
  public void theStateIsCutIntoRecordsOfAtMostTheLimitWhateverItWasMergedFrom() throws Exception {
    int n = 2 * DistinctUsersAnalysis.STATE_RECORD_USERS + 123;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(String.format("user-%06d", i));
    }
    DistinctUsersAnalysis.Users fromPairs = new DistinctUsersAnalysis.Users(0, "u", out);
    for (String u : all) {
      fromPairs.user(u);
    }
    fromPairs.finish();
    List<List<String>> expected = new ArrayList<>(state);
    assertEquals(3, expected.size());
    assertEquals(DistinctUsersAnalysis.STATE_RECORD_USERS, expected.get(0).size());
    state.clear();

    // the previous state: the even users, in records of 7; the pairs: the odd users and every third one
    DistinctUsersAnalysis.Users merged = new DistinctUsersAnalysis.Users(0, "u", out);
    for (int i = 0; i < n; i++) {
      if (i % 14 == 0) {
        merged.state(stateRecord(all, i, n));
      }
      if (i % 2 == 1 || i % 3 == 0) {
        merged.user(all.get(i));
      }
    }
    merged.finish();
    assertEquals(expected, state);
    assertEquals(List.of(new DistinctUsers("u", (long) n), new DistinctUsers("u", (long) n)), results);
  }

  /** Up to 7 of the even users from {@code i} on. */
  private static List<String> stateRecord(List<String> all, int i, int n) {
    List<String> r = new ArrayList<>();
    for (int j = i; j < n && r.size() < 7; j += 2) {
      r.add(all.get(j));
    }
    return r;
  }
}
