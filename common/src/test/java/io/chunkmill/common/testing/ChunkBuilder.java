package io.chunkmill.common.testing;

import io.chunkmill.common.input.MessageChunk;
import java.nio.charset.StandardCharsets;

/** Builds a {@link MessageChunk} by hand: lines of one or more files, with offsets as a reader would give. */
public final class ChunkBuilder {
  private final MessageChunk chunk = new MessageChunk();
  private long offset;

  public ChunkBuilder file(String path) {
    chunk.startFile(new MessageChunk.SourceFile(path, 0));
    offset = 0;
    return this;
  }

  public ChunkBuilder line(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    chunk.add(b, 0, b.length, offset, false);
    offset += b.length + 1;
    return this;
  }

  /** A too-long marker holding {@code prefix}, for a line of {@code length} bytes. */
  public ChunkBuilder tooLong(String prefix, long length) {
    byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
    chunk.add(b, 0, b.length, offset, true);
    offset += length + 1;
    return this;
  }

  public ChunkBuilder corruptFile(String path, long bytesRead) {
    chunk.addCorruptFile(new MessageChunk.CorruptFile(path, bytesRead, "java.io.EOFException: Unexpected end"));
    return this;
  }

  public MessageChunk build() {
    return chunk;
  }
}
