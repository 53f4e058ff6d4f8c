package io.chunkmill.jobs.program;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chunkmill.common.output.Publisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.FileSystemCounter;
import org.apache.hadoop.mapreduce.Job;

/**
 * What one program run did, as JSON for scripts and machines; people get one line per step.
 *
 * <p>Every summary has {@code program}, {@code status} ({@code ran}, {@code skipped},
 * {@code nothing_to_compute}, {@code planned} for a dry run, {@code failed}), {@code started}
 * and {@code seconds}; {@code records_in} and {@code records_out} when the program read or wrote
 * records; {@code jobs} (id, and whether YARN ran it as an uber task) for the jobs it ran; and
 * what is particular to the program. A program writes it where {@code --summary <file>} says
 * (any Hadoop path), and a run that changed the root also under the root's {@code _chunkmill/}.
 */
public final class ProgramSummary {
  /** The option every program takes for it. */
  public static final String OPTION = "summary";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> lead = new LinkedHashMap<>();
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final List<Map<String, Object>> jobs = new ArrayList<>();
  private final long startedNanos = System.nanoTime();

  public ProgramSummary(String program) {
    fields.put("program", program);
    fields.put("status", "failed");
    fields.put("started", Instant.now().toString());
  }

  /** Records (and says in one line) the interrupted publications this run finished first. */
  public ProgramSummary recovered(List<String> runs) {
    if (!runs.isEmpty()) {
      put("recovered_runs", runs);
      System.out.println(fields.get("program") + ": finished the interrupted publication of run(s) " + runs);
    }
    return this;
  }

  public ProgramSummary status(String status) {
    return put("status", status);
  }

  public ProgramSummary put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** Puts {@code key} among the fields written first, before {@code program} (for files read by eye or prefix). */
  public ProgramSummary lead(String key, Object value) {
    lead.put(key, value);
    return this;
  }

  /** Records a job this run submitted (after it finished). */
  public ProgramSummary job(Job job) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("name", job.getJobName());
    try {
      j.put("id", String.valueOf(job.getJobID()));
      j.put("uber", job.isUber());
      j.put("succeeded", job.isSuccessful());
      Counters counters = job.getCounters();
      if (counters != null) { // what its tasks read and wrote, shuffle and spills included
        long read = 0;
        long written = 0;
        for (String scheme : new String[] {"file", "hdfs"}) {
          read += counters.findCounter(scheme, FileSystemCounter.BYTES_READ).getValue();
          written += counters.findCounter(scheme, FileSystemCounter.BYTES_WRITTEN).getValue();
        }
        j.put("bytes_read", read);
        j.put("bytes_written", written);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    jobs.add(j);
    return this;
  }

  /** Seconds since the run started. */
  public double seconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** The summary as JSON. */
  public String toJson() {
    Map<String, Object> all = new LinkedHashMap<>(lead);
    all.putAll(fields);
    all.put("seconds", Math.round(seconds() * 10) / 10.0);
    if (!jobs.isEmpty()) {
      all.put("jobs", jobs);
    }
    try {
      return JSON.writeValueAsString(all) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a summary is plain data", e);
    }
  }

  /** Writes the summary to {@code file} (replacing it atomically); a null file is no-op. */
  public void writeTo(Configuration conf, Path file) throws IOException {
    if (file != null) {
      Publisher.writeAtomically(file.getFileSystem(conf), file, toJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Writes to {@code file}, saying on stderr (not failing the run) when it cannot. */
  public void writeQuietly(Configuration conf, Path file) {
    try {
      writeTo(conf, file);
    } catch (IOException | RuntimeException e) {
      System.err.println(fields.get("program") + ": could not write the summary to " + file + ": " + e.getMessage());
    }
  }
}
