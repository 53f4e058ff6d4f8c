package io.chunkmill.jobs.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chunkmill.jobs.analyze.AnalyzeJob;
import io.chunkmill.jobs.generate.GenerateJob;
import io.chunkmill.jobs.ingest.IngestConfig;
import io.chunkmill.jobs.ingest.IngestJob;
import io.chunkmill.jobs.testing.LocalJobs;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report of a root: a well-formed, self-contained page whose figures are the root's. */
public class ReportJobTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theReportIsSelfContainedAndShowsTheRootsFigures() throws Exception {
    Configuration conf = LocalJobs.conf();
    IngestConfig.setMaxBadRatio(conf, 0.1);
    File in = new File(tmp.getRoot(), "in");
    File root = new File(tmp.getRoot(), "root");
    assertEquals(0, LocalJobs.run(conf, new GenerateJob(), "--output", in.toString(), "--messages", "4000",
        "--files", "4", "--days", "2", "--bad-rate", "0.01").exitCode());
    assertEquals(0, LocalJobs.run(conf, new IngestJob(), "--output", root.toString(), in.toString()).exitCode());
    assertEquals(0, LocalJobs.run(conf, new AnalyzeJob(), root.toString()).exitCode());
    File summary = new File(tmp.getRoot(), "report.json");
    LocalJobs.Result r = LocalJobs.run(conf, new ReportJob(), "--summary", summary.toString(), root.toString());
    assertEquals(r.err(), 0, r.exitCode());
    File page = new File(root, "_chunkmill/report.html");
    JsonNode s = new ObjectMapper().readTree(summary);
    assertEquals("ran", s.get("status").asText());
    assertEquals(page.toURI().getPath(), new java.net.URI(s.get("report").asText()).getPath());

    Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(page); // well-formed
    assertEquals(0, html.getElementsByTagName("script").getLength());
    NodeList all = html.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      assertTrue("nothing fetched: " + e.getTagName(), e.getAttribute("src").isEmpty() && e.getAttribute("href").isEmpty());
    }
    assertTrue(!html.getElementsByTagName("style").item(0).getTextContent().contains("url("));
    List<String> sections = new ArrayList<>();
    NodeList h2 = html.getElementsByTagName("h2");
    for (int i = 0; i < h2.getLength(); i++) {
      sections.add(((Element) h2.item(i)).getAttribute("id"));
    }
    assertEquals(List.of("events-per-day", "events-per-hour", "quality", "top-urls", "users", "sessions", "runs"),
        sections);
    assertEquals("a chart each: days, hours, quality, users, sessions", 5, html.getElementsByTagName("svg").getLength());

    // The day bars add up to the events the ingest kept; the quality table shows its quarantined lines.
    JsonNode accounting = new ObjectMapper().readTree(new File(root, "_chunkmill").listFiles(
        (d, n) -> n.startsWith("ingest-") && n.endsWith(".json"))[0]);
    String text = java.nio.file.Files.readString(page.toPath());
    String days = text.substring(text.indexOf("id=\"events-per-day\""), text.indexOf("id=\"events-per-hour\""));
    long sum = 0;
    Matcher bar = Pattern.compile("<title>\\d\\d-\\d\\d: ([0-9,]+)</title>").matcher(days);
    while (bar.find()) {
      sum += Long.parseLong(bar.group(1).replace(",", ""));
    }
    assertEquals(accounting.get("events").asLong(), sum);
    long quarantined = accounting.get("TOO_LONG").asLong() + accounting.get("MALFORMED").asLong()
        + accounting.get("MISSING_FIELD").asLong() + accounting.get("BAD_TIMESTAMP").asLong();
    assertTrue(quarantined > 0);
    String quality = text.substring(text.indexOf("id=\"quality\""), text.indexOf("id=\"top-urls\""));
    assertTrue(quality, quality.contains(">" + String.format(java.util.Locale.ROOT, "%,d", quarantined) + "</td>"));
    String runs = text.substring(text.indexOf("id=\"runs\""));
    assertTrue(runs, runs.contains("<td>ingest</td>") && runs.contains("<td>analyze</td>"));
  }

  @Test
  public void aRootWithoutEventsIsRefusedAndBadArgumentsPrintUsage() throws Exception {
    Configuration conf = LocalJobs.conf();
    assertEquals(1, LocalJobs.run(conf, new ReportJob(), new File(tmp.getRoot(), "empty").toString()).exitCode());
    assertEquals(2, LocalJobs.run(conf, new ReportJob(), "--days", "0", tmp.getRoot().toString()).exitCode());
  }
}
