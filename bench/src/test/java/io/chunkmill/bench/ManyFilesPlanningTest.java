package io.chunkmill.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/**
 * chunkmill plans the splits of a million files (a synthetic listing: 1,000 directories of 1,000
 * files, three replicas over 20 hosts) in a client of 256 MiB heap, asking once per directory.
 */
public class ManyFilesPlanningTest {
  @Test
  public void aMillionFilesArePlannedWithin256MiB() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        ManyFilesPlanning.class.getName(), "chunkmill", "1000", "1000")).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(output, 0, p.waitFor());
    String last = output.strip().substring(output.strip().lastIndexOf('\n') + 1);
    JsonNode result = new ObjectMapper().readTree(last);
    assertEquals(output, 1_000_000, result.get("files").asInt());
    assertEquals("every file in a split once", 1_000_000, result.get("pieces").asInt());
    assertEquals("one listing per directory", 1001, result.get("listings").asInt());
    assertTrue(output, result.get("heap_planned_mb").asDouble() < 200);
  }
}
