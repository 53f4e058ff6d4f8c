package io.chunkmill.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the CPU samples ({@code jdk.ExecutionSample}) of Java Flight Recorder recordings:
 * samples per thread, the methods on top of the stack (self time) and the methods anywhere on it
 * (total time), plus garbage-collection pauses, JIT compilation time and classes loaded. What {@code jfr print --events ExecutionSample}
 * would need a page of shell to count.
 *
 * <p>Usage: {@code JfrTopFrames [--top N] <recording.jfr>...}.
 */
public final class JfrTopFrames {
  private JfrTopFrames() {}

  public static void main(String[] args) throws IOException {
    int top = 25;
    int first = 0;
    if (args.length >= 2 && args[0].equals("--top")) {
      top = Integer.parseInt(args[1]);
      first = 2;
    }
    if (args.length <= first) {
      System.err.println("usage: JfrTopFrames [--top N] <recording.jfr>...");
      System.exit(2);
    }
    for (int i = first; i < args.length; i++) {
      summarize(Path.of(args[i]), top);
    }
  }

  static void summarize(Path file, int top) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> selfPackages = new HashMap<>();
    long samples = 0;
    Duration gcPause = Duration.ZERO;
    long gcs = 0;
    Duration compiling = Duration.ZERO;
    long classes = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        String type = e.getEventType().getName();
        if (type.equals("jdk.GCPhasePause")) {
          gcPause = gcPause.plus(e.getDuration());
          gcs++;
          continue;
        }
        if (type.equals("jdk.Compilation")) {
          compiling = compiling.plus(e.getDuration());
          continue;
        }
        if (type.equals("jdk.ClassLoadingStatistics")) {
          classes = Math.max(classes, e.getLong("loadedClassCount"));
          continue;
        }
        if (!type.equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        RecordedThread thread = e.getThread("sampledThread");
        threads.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1L, Long::sum);
        List<RecordedFrame> frames = stack.getFrames();
        String topMethod = method(frames.get(0));
        self.merge(topMethod, 1L, Long::sum);
        selfPackages.merge(area(frames.get(0)), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
          String m = method(f);
          if (!plumbing(m) && seen.add(m)) {
            total.merge(m, 1L, Long::sum);
          }
        }
      }
    }
    // JIT compilation and class loading are what a short-lived JVM pays besides the samples.
    System.out.printf(Locale.ROOT, "== %s: %d CPU samples; GC pauses %d, %.2f s total; JIT compilations over the"
        + " recording's threshold %.2f s (compiler threads, not sampled); %d classes loaded%n", file, samples, gcs, gcPause.toNanos() / 1e9,
        compiling.toNanos() / 1e9, classes);
    print("samples by thread", threads, samples, top);
    print("self time by area (package of the top frame)", selfPackages, samples, top);
    print("self time (top frame)", self, samples, top);
    print("total time (anywhere on the stack; thread and reflection plumbing left out)", total, samples, top);
  }

  /** Frames on (nearly) every stack, which would crowd out the ones that say something. */
  private static boolean plumbing(String method) {
    return method.startsWith("java.util.concurrent.") || method.startsWith("java.lang.Thread.")
        || method.startsWith("jdk.internal.reflect.") || method.startsWith("java.lang.reflect.")
        || method.startsWith("java.lang.invoke.") || method.contains(".Wrapped") || method.contains("ContextImpl.");
  }

  /** Threads of one kind together: map task executors, fetchers and the like are numbered. */
  private static String threadGroup(String name) {
    return name == null ? "?" : name.replaceAll("[0-9]+", "N");
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /** The package of a frame's class, cut to three levels (io.chunkmill.common, org.apache.hadoop, ...). */
  private static String area(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    String[] parts = cls.split("\\.");
    int n = Math.min(parts.length - 1, cls.startsWith("io.chunkmill") || cls.startsWith("org.apache") ? 4 : 2);
    return n <= 0 ? cls : String.join(".", java.util.Arrays.copyOf(parts, n));
  }

  private static void print(String title, Map<String, Long> counts, long samples, int top) {
    System.out.println("-- " + title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%% %7d  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
            e.getValue(), e.getKey()));
  }
}
