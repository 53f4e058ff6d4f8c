package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Bzip2Segment;
import io.chunkmill.common.avro.QuarantineReason;
import io.chunkmill.common.avro.QuarantineRecord;
import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.input.Bzip2Integrity;
import io.chunkmill.common.input.MessageChunk;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.message.MessageClass;
import io.chunkmill.common.message.MessageClassifier;
import io.chunkmill.common.store.Buckets;
import io.chunkmill.common.message.ParsedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.mapred.AvroKey;
import io.chunkmill.jobs.program.JobFailures;
import io.chunkmill.jobs.program.SideOutputs;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Dedup step, map side: classifies every message of a chunk (docs/CONTRACT.md §2). Valid events go to the
 * shuffle keyed by bucket and id ({@link Buckets#key}, a {@link Text} sorted by its bytes; an {@link EventWritable} value holds the
 * other fields); quarantined lines and damaged files go to the quarantine side output; what the
 * reader covered of bzip2 files read by several splits goes to a hidden side output that the
 * driver checks ({@link Bzip2Check}); every class is counted.
 */
public class ClassifyMessagesMapper extends Mapper<Text, MessageChunk, Text, EventWritable> {
  static {
    AvroTrust.install();
  }

  static final String QUARANTINE = "quarantine";
  static final String QUARANTINE_PATH = DatasetLayout.quarantinePartFiles();
  static final String BZIP2_SEGMENTS = "bzip2segments";
  static final String BZIP2_SEGMENTS_DIR = "_bzip2_segments";

  private MessageClassifier classifier;
  private SideOutputs outputs;
  private final ParsedEvent parsed = new ParsedEvent();
  private final Text id = new Text();
  private final EventWritable event = new EventWritable();
  private final QuarantineRecord quarantined = new QuarantineRecord();
  private final AvroKey<QuarantineRecord> quarantineKey = new AvroKey<>(quarantined);
  private final Bzip2Segment segment = new Bzip2Segment();
  private final AvroKey<Bzip2Segment> segmentKey = new AvroKey<>(segment);

  @Override
  protected void setup(Context context) {
    classifier = new MessageClassifier(IngestConfig.fieldNames(context.getConfiguration()),
        InputConfig.messageMaxBytes(context.getConfiguration()));
    outputs = openOutputs(context);
  }

  @Override
  protected void map(Text chunkId, MessageChunk chunk, Context context) throws IOException, InterruptedException {
    long[] counts = new long[MessageClass.values().length];
    byte[] bytes = chunk.bytes();
    for (int i = 0; i < chunk.size(); i++) {
      MessageClass c = chunk.isTooLong(i)
          ? MessageClass.TOO_LONG
          : classifier.classify(bytes, chunk.start(i), chunk.length(i), parsed);
      counts[c.ordinal()]++;
      switch (c) {
        case BLANK -> { }
        case VALID -> {
          id.set(Buckets.key(parsed.id()));
          event.set(parsed);
          context.write(id, event);
        }
        default -> quarantine(chunk, i, QuarantineReason.valueOf(c.name()), "");
      }
    }
    context.getCounter(IngestCounters.LINES_READ).increment(chunk.size());
    for (MessageClass c : MessageClass.values()) {
      if (counts[c.ordinal()] > 0) {
        context.getCounter(IngestCounters.of(c)).increment(counts[c.ordinal()]);
      }
    }
    for (MessageChunk.CorruptFile corrupt : chunk.corruptFiles()) {
      quarantined.setFile(corrupt.path());
      quarantined.setOffset(corrupt.bytesRead());
      quarantined.setOffsetBase(0L);
      quarantined.setReason(QuarantineReason.CORRUPT_FILE);
      quarantined.setLine(ByteBuffer.allocate(0));
      quarantined.setDetail(corrupt.error());
      outputs.write(QUARANTINE, quarantineKey, QUARANTINE_PATH);
      context.getCounter(IngestCounters.CORRUPT_FILES).increment(1);
    }
    for (Bzip2Integrity.Segment s : chunk.bzip2Segments()) {
      segment.setPath(s.path());
      segment.setFileBytes(s.fileBytes());
      segment.setFromBit(s.fromBit());
      segment.setToBit(s.toBit());
      segment.setOpens(s.opens());
      segment.setCloses(s.closes());
      segment.setBlocks(s.blocks());
      segment.setCrc(s.crc());
      segment.setStoredCrc(s.storedCrc());
      segment.setDamaged(s.damaged());
      outputs.write(BZIP2_SEGMENTS, segmentKey, BZIP2_SEGMENTS_DIR + "/part");
    }
  }

  private void quarantine(MessageChunk chunk, int i, QuarantineReason reason, String detail)
      throws IOException, InterruptedException {
    int len = Math.min(chunk.length(i), InputConfig.KEPT_PREFIX_BYTES);
    quarantined.setFile(chunk.source(i).path());
    quarantined.setOffset(chunk.offset(i));
    quarantined.setOffsetBase(chunk.source(i).offsetBase());
    quarantined.setReason(reason);
    quarantined.setLine(ByteBuffer.wrap(chunk.bytes(), chunk.start(i), len));
    quarantined.setDetail(detail);
    outputs.write(QUARANTINE, quarantineKey, QUARANTINE_PATH);
  }

  /** An input the reader cannot read fails the task; its words also reach the driver (JobFailures). */
  @Override
  public void run(Context context) throws IOException, InterruptedException {
    try {
      super.run(context);
    } catch (IOException | RuntimeException e) {
      JobFailures.recordTaskFailure(context, e);
      throw e;
    }
  }

  /** Where side outputs go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    outputs.close();
  }
}
