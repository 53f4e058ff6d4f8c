package io.chunkmill.jobs.program;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;

/**
 * Why a job failed, in words a user can act on: the first line of each distinct error its failed
 * task attempts reported (a damaged input file names itself there), else the job's failure info.
 *
 * <p>YARN keeps task diagnostics; the local job runner does not (its failure info is "NA"), so a
 * task also leaves its error in a hidden file of the job's output ({@link #recordTaskFailure}),
 * read back here: the same words in both modes.
 */
public final class JobFailures {
  private static final int MAX_ERRORS = 3;
  private static final String DIR = "_task_failures";

  private JobFailures() {}

  /** Leaves {@code error} where {@link #why} finds it; never throws (the task is failing already). */
  public static void recordTaskFailure(TaskAttemptContext context, Throwable error) {
    try {
      Path out = FileOutputFormat.getOutputPath(context);
      if (out == null) {
        return;
      }
      Path note = new Path(new Path(out, DIR), context.getTaskAttemptID().toString());
      FileSystem fs = note.getFileSystem(context.getConfiguration());
      try (FSDataOutputStream o = fs.create(note, true)) {
        o.write(String.valueOf(error.getMessage() == null ? error : error.getMessage()).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException ignored) {
      // the task's own error is what matters; it still fails the task
    }
  }

  public static String why(Job job) {
    Set<String> errors = new LinkedHashSet<>();
    try {
      Path out = FileOutputFormat.getOutputPath(job);
      FileSystem fs = out.getFileSystem(job.getConfiguration());
      Path dir = new Path(out, DIR);
      if (fs.exists(dir)) {
        for (FileStatus f : fs.listStatus(dir)) {
          try (FSDataInputStream in = fs.open(f.getPath())) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.isBlank() && errors.size() < MAX_ERRORS) {
              errors.add(firstLine(text));
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall back to what the framework says
    }
    try {
      int from = 0;
      TaskCompletionEvent[] events;
      do {
        events = job.getTaskCompletionEvents(from, 100);
        from += events.length;
        for (TaskCompletionEvent e : events) {
          if (e.getStatus() == TaskCompletionEvent.Status.FAILED || e.getStatus() == TaskCompletionEvent.Status.TIPFAILED) {
            for (String d : job.getTaskDiagnostics(e.getTaskAttemptId())) {
              if (d != null && !d.isBlank() && errors.size() < MAX_ERRORS) {
                errors.add(firstLine(d));
              }
            }
          }
        }
      } while (events.length > 0 && errors.size() < MAX_ERRORS);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    String info;
    try {
      info = job.getStatus().getFailureInfo();
    } catch (IOException | InterruptedException e) {
      info = "unknown";
    }
    return errors.isEmpty() ? info : String.join("; ", errors);
  }

  private static String firstLine(String diagnostics) {
    String line = diagnostics.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl);
  }
}
