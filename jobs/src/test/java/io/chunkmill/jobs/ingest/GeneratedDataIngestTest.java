package io.chunkmill.jobs.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.message.EventOrder;
import io.chunkmill.common.message.FieldNames;
import io.chunkmill.common.message.MessageClass;
import io.chunkmill.common.message.ReferenceClassifier;
import io.chunkmill.jobs.generate.GenerateJob;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.testing.LocalJobs.Result;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.Test;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * Ingest over generated data with every kind of bad line and redelivery, against an independent
 * reading of docs/CONTRACT.md §2: whole files split on LF, the slow reference classifier, dedup in a map.
 */
public class GeneratedDataIngestTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void eventsAndAccountingEqualAnIndependentReadingOfTheSpec() throws Exception {
    Configuration conf = LocalJobs.conf();
    IngestConfig.setMaxBadRatio(conf, 0.2);
    conf.setInt(InputConfig.CHUNK_MESSAGES, 700);
    File in = new File(tmp.getRoot(), "in");
    Result g = LocalJobs.run(conf, new GenerateJob(), "--output", in.toString(), "--messages", "40000",
        "--files", "60", "--gzip-share", "0.25", "--bzip2-share", "0.15", "--bad-rate", "0.01",
        "--too-long-rate", "0.0005", "--redelivery-rate", "0.08", "--days", "4", "--users", "300", "--urls", "50");
    assertEquals(g.err(), 0, g.exitCode());

    // The independent reading.
    ReferenceClassifier reference = new ReferenceClassifier(FieldNames.DEFAULTS, InputConfig.DEFAULT_MESSAGE_MAX_BYTES);
    EnumMap<MessageClass, Long> classes = new EnumMap<>(MessageClass.class);
    Map<String, ReferenceClassifier.Result> winners = new HashMap<>();
    long lines = 0;
    long valid = 0;
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    File[] files = in.listFiles((d, n) -> !n.startsWith("."));
    Arrays.sort(files);
    for (File f : files) {
      byte[] content = decompress(codecs, f);
      int start = 0;
      for (int i = 0; i <= content.length; i++) {
        if (i == content.length && start == i) {
          break;
        }
        if (i == content.length || content[i] == '\n') {
          ReferenceClassifier.Result r = reference.classify(Arrays.copyOfRange(content, start, i));
          lines++;
          classes.merge(r.cls, 1L, Long::sum);
          if (r.cls == MessageClass.VALID) {
            valid++;
            winners.merge(r.id, r, (a, b) -> EventOrder.compare(a.ts, a.user, a.url, b.ts, b.user, b.url) <= 0 ? a : b);
          }
          start = i + 1;
        }
      }
    }
    Map<String, List<String>> expected = new TreeMap<>();
    for (ReferenceClassifier.Result r : winners.values()) {
      expected.computeIfAbsent("dt=" + LocalDate.ofEpochDay(Math.floorDiv(r.ts, 86_400_000L)),
          k -> new java.util.ArrayList<>()).add(r.id + " " + r.ts + " " + r.user + " " + r.url);
    }
    expected.values().forEach(l -> l.sort(null));
    for (MessageClass c : MessageClass.values()) {
      assertTrue("the data has lines of class " + c, classes.getOrDefault(c, 0L) > 0);
    }
    assertTrue("the data has redeliveries", valid - winners.size() > 1000);

    File root = new File(tmp.getRoot(), "root");
    Result r = LocalJobs.run(conf, new IngestJob(), "--output", root.toString(), in.toString());
    assertEquals(r.err(), 0, r.exitCode());
    assertEquals(expected, events(root));
    String want = String.format("{\"lines_read\":%d,\"BLANK\":%d,\"TOO_LONG\":%d,\"MALFORMED\":%d,\"MISSING_FIELD\":%d,"
        + "\"BAD_TIMESTAMP\":%d,\"DUPLICATE\":%d,\"events\":%d,", lines, classes.get(MessageClass.BLANK),
        classes.get(MessageClass.TOO_LONG), classes.get(MessageClass.MALFORMED), classes.get(MessageClass.MISSING_FIELD),
        classes.get(MessageClass.BAD_TIMESTAMP), valid - winners.size(), winners.size());
    assertTrue(accounting(root) + " starts with " + want, accounting(root).startsWith(want));

    Result again = LocalJobs.run(conf, new IngestJob(), "--output", root.toString(), in.toString());
    assertEquals(again.err(), 0, again.exitCode());
    assertEquals(expected, events(root));
    assertTrue(accounting(root), accounting(root).contains("\"DUPLICATE\":" + valid + ",\"events\":0,"));
  }

  private static byte[] decompress(CompressionCodecFactory codecs, File f) throws Exception {
    CompressionCodec codec = codecs.getCodec(new org.apache.hadoop.fs.Path(f.toURI()));
    try (InputStream raw = Files.newInputStream(f.toPath());
        InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  private static Map<String, List<String>> events(File root) throws Exception {
    Map<String, List<String>> days = new TreeMap<>();
    for (File d : new File(root, "events").listFiles()) {
      days.put(d.getName(), LocalJobs.readAvro(d, Event.class).stream()
          .map(e -> e.getId() + " " + e.getTs() + " " + e.getUser() + " " + e.getUrl()).sorted().toList());
    }
    return days;
  }

  private static String accounting(File root) throws Exception {
    File[] files = new File(root, "_chunkmill").listFiles((d, n) -> n.startsWith("ingest-"));
    Arrays.sort(files);
    return LocalJobs.read(files[files.length - 1]);
  }
}
