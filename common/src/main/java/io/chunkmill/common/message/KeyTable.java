package io.chunkmill.common.message;

import java.util.Arrays;

/**
 * The keys seen in one line, to find a key repeated in an object: an open-addressing table keyed by
 * (object id, decoded key). Slots whose generation is not the current line's are empty, so the table
 * is never cleared. A key needs at least 4 bytes ({@code "":0}), so a table of (length/2) slots
 * stays at most half full. Keys without escapes are kept as positions in the line; keys with
 * escapes are decoded into a buffer of the table's.
 */
final class KeyTable {
  private int generation;
  private int[] slotGeneration = new int[0];
  private int[] slotObject = new int[0];
  private int[] slotHash = new int[0];
  /** Start of the key bytes: an index into the line, or ~index into {@link #keyBytes}. */
  private int[] slotStart = new int[0];
  private int[] slotLength = new int[0];
  private int slotMask;

  /** Decoded bytes of this line's keys that hold escapes (never longer than the line). */
  private byte[] keyBytes = new byte[0];
  private int keyBytesUsed;

  /** The decoded key of the last {@link #add}: its bytes, start and length. */
  private byte[] key;
  private int keyStart;
  private int keyLength;

  /**
   * Adds the key whose content is {@code line[start..end)} (holding escapes when {@code escaped})
   * to object {@code objectId}; false when that object already has it. Afterwards {@link #key},
   * {@link #keyStart} and {@link #keyLength} name the decoded key.
   */
  boolean add(int objectId, byte[] line, int start, int end, boolean escaped) {
    if (escaped) {
      key = keyBytes;
      keyStart = keyBytesUsed;
      keyLength = JsonLexer.decode(line, start, end, keyBytes, keyBytesUsed) - keyStart;
      keyBytesUsed += keyLength;
    } else {
      key = line;
      keyStart = start;
      keyLength = end - start;
    }
    return addKey(objectId, line, key, keyStart, keyLength, escaped);
  }

  byte[] key() {
    return key;
  }

  int keyStart() {
    return keyStart;
  }

  int keyLength() {
    return keyLength;
  }

  /** Empties the table for a line of {@code lineLength} bytes (keys of earlier lines are forgotten). */
  void prepare(int lineLength) {
    int half = lineLength >>> 1;
    int wanted = half <= 16 ? 16 : Integer.highestOneBit(half - 1) << 1; // a power of 2 >= half
    if (slotGeneration.length < wanted) {
      slotGeneration = new int[wanted];
      slotObject = new int[wanted];
      slotHash = new int[wanted];
      slotStart = new int[wanted];
      slotLength = new int[wanted];
      slotMask = wanted - 1;
      generation = 0;
    }
    if (++generation == 0) { // wrapped after 2^32 lines: old stamps could look current
      Arrays.fill(slotGeneration, 0);
      generation = 1;
    }
    if (keyBytes.length < lineLength) {
      keyBytes = new byte[Math.max(lineLength, keyBytes.length * 2)];
    }
    keyBytesUsed = 0;
  }

  /**
   * Records a key of object {@code objectId}; false if that object already has it. {@code line}
   * is the line's buffer; the key itself is in {@code key}, which is either the line or (when
   * {@code decoded}) {@link #keyBytes}.
   */
  private boolean addKey(int objectId, byte[] line, byte[] key, int start, int length,
      boolean decoded) {
    int hash = 1;
    for (int i = start; i < start + length; i++) {
      hash = 31 * hash + key[i];
    }
    int mix = hash * 0x9E3779B9 + objectId * 0x85EBCA6B;
    int slot = (mix ^ (mix >>> 16)) & slotMask;
    while (slotGeneration[slot] == generation) {
      if (slotObject[slot] == objectId && slotHash[slot] == hash && slotLength[slot] == length) {
        int s = slotStart[slot];
        byte[] other = s >= 0 ? line : keyBytes;
        int otherStart = s >= 0 ? s : ~s;
        if (Arrays.equals(key, start, start + length, other, otherStart, otherStart + length)) {
          return false;
        }
      }
      slot = (slot + 1) & slotMask;
    }
    slotGeneration[slot] = generation;
    slotObject[slot] = objectId;
    slotHash[slot] = hash;
    slotStart[slot] = decoded ? ~start : start;
    slotLength[slot] = length;
    return true;
  }
}
