package io.chunkmill.common.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A replaced analysis partition is several renames inside one journal step: its data file, then
 * each hidden file that describes it (the events version, the analysis's state), then
 * {@code _SUCCESS}. A run killed between any two of them leaves the partition finished by the next
 * run's recovery, with every file of the new result and none of the old.
 */
public class PartitionReplacementRecoveryTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final LocalDate DAY = LocalDate.of(2026, 11, 27);
  private static final List<String> FILES = List.of(Publisher.DATA_FILE, "_events_version", DatasetLayout.STATE_FILE);

  @Test
  public void aPartitionReplacementKilledBetweenAnyTwoOfItsFilesIsFinishedByRecovery() throws Exception {
    int kills = 0;
    for (int moved = 1; moved <= FILES.size(); moved++) { // the data file always moves first
      FileSystem fs = FileSystem.getLocal(new Configuration());
      Path root = new Path(tmp.newFolder("root-" + moved).toURI());
      DatasetLayout layout = DatasetLayout.of(new Configuration(), root);
      Path live = layout.partition("distinct", DAY);
      Path staging = new Path(layout.meta(), "staging/run-1");
      Path staged = new Path(staging, "out/distinct/dt=" + DAY);
      for (String name : FILES) {
        write(fs, new Path(live, name), "old " + name);
        write(fs, new Path(staged, name), "new " + name);
      }
      write(fs, new Path(live, "_SUCCESS"), "");
      Path journal = PublicationJournal.journal(layout, "run-1");
      Publisher.writeAtomically(fs, journal, new ObjectMapper().writeValueAsBytes(new PublicationJournal.Entry(
          staging.toString(), List.of(PublicationJournal.Step.of(PublicationJournal.Kind.DAY, staged, live)))));

      List<String> order = new ArrayList<>(List.of(Publisher.DATA_FILE)); // then the hidden files as listed
      for (FileStatus s : fs.listStatus(staged)) {
        String name = s.getPath().getName();
        if (name.startsWith("_")) {
          order.add(name);
        }
      }
      for (String name : order.subList(0, moved)) { // what the killed run did
        Publisher.replaceFile(fs, new Path(staged, name), new Path(live, name));
      }

      assertEquals(List.of("run-1"), PublicationJournal.recover(layout));
      for (String name : FILES) {
        assertEquals("killed after " + moved + " file(s): " + name, "new " + name, read(fs, new Path(live, name)));
      }
      assertTrue(fs.exists(new Path(live, "_SUCCESS")));
      assertFalse(fs.exists(staging));
      assertFalse(fs.exists(journal));
      kills++;
    }
    assertEquals(FILES.size(), kills);
  }

  private static void write(FileSystem fs, Path file, String text) throws Exception {
    try (var out = fs.create(file, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(FileSystem fs, Path file) throws Exception {
    try (var in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
