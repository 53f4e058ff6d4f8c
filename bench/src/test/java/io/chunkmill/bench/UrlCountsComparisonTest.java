package io.chunkmill.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class UrlCountsComparisonTest {
  private static final Schema COUNT = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"CountRecord\","
      + "\"namespace\":\"io.chunkmill.common.avro\",\"fields\":[{\"name\":\"key\",\"type\":\"string\"},"
      + "{\"name\":\"count\",\"type\":\"long\"}]}");

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path chunkmillRoot() throws IOException {
    Path root = tmp.newFolder("root").toPath();
    writeCounts(root, "2026-11-01", "https://a/", 3, "https://b/", 1);
    writeCounts(root, "2026-11-02", "https://a/", 2);
    Files.createFile(root.resolve("counts/url/dt=2026-11-01/_SUCCESS"));
    return root;
  }

  private static void writeCounts(Path root, String day, Object... urlCounts) throws IOException {
    Path dir = root.resolve("counts/url/dt=" + day);
    Files.createDirectories(dir);
    File file = dir.resolve("part-00000.avro").toFile();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(COUNT))) {
      w.create(COUNT, file);
      for (int i = 0; i < urlCounts.length; i += 2) {
        GenericRecord r = new GenericData.Record(COUNT);
        r.put("key", urlCounts[i]);
        r.put("count", ((Integer) urlCounts[i + 1]).longValue());
        w.append(r);
      }
    }
  }

  private Path text(String name, String... lines) throws IOException {
    Path dir = tmp.newFolder(name).toPath();
    Files.write(dir.resolve("part-r-00000"), List.of(lines), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve(".part-r-00000.crc"), "not counts");
    return dir;
  }

  @Test
  public void readsChunkmillCountsWithTheDayOfTheirPartition() throws IOException {
    SortedMap<String, Long> counts = UrlCountsComparison.readChunkmillCounts(chunkmillRoot());
    assertEquals(Map.of("2026-11-01\thttps://a/", 3L, "2026-11-01\thttps://b/", 1L, "2026-11-02\thttps://a/", 2L),
        counts);
  }

  @Test
  public void equalTriplesInAnyOrderAgree() throws IOException {
    Map<String, SortedMap<String, Long>> results = new LinkedHashMap<>();
    results.put("chunkmill", UrlCountsComparison.readChunkmillCounts(chunkmillRoot()));
    results.put("floor", UrlCountsComparison.readTextCounts(
        text("floor", "2026-11-02\thttps://a/\t2", "2026-11-01\thttps://b/\t1", "2026-11-01\thttps://a/\t3")));
    assertTrue(UrlCountsComparison.agree(results));
    assertTrue(UrlCountsComparison.compare(results).get(0).startsWith("url counts agree: chunkmill, floor: 3"));
  }

  @Test
  public void aDifferentCountOrAMissingKeyDisagrees() throws IOException {
    Map<String, SortedMap<String, Long>> results = new LinkedHashMap<>();
    results.put("chunkmill", UrlCountsComparison.readChunkmillCounts(chunkmillRoot()));
    results.put("text", UrlCountsComparison.readTextCounts(
        text("text", "2026-11-01\thttps://a/\t4", "2026-11-01\thttps://b/\t1")));
    assertFalse(UrlCountsComparison.agree(results));
    List<String> report = UrlCountsComparison.compare(results);
    assertTrue(report.get(0), report.get(0).startsWith("url counts differ: text against chunkmill: 2"));
    assertEquals("  2026-11-01 https://a/: 3 vs 4", report.get(1));
    assertEquals("  2026-11-02 https://a/: 2 vs -", report.get(2));
  }

  @Test(expected = IOException.class)
  public void aKeyCountedTwiceIsAnError() throws IOException {
    UrlCountsComparison.readTextCounts(text("twice", "2026-11-01\thttps://a/\t1", "2026-11-01\thttps://a/\t1"));
  }
}
