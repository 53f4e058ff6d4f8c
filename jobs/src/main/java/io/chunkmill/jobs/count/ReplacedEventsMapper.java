package io.chunkmill.jobs.count;

/** Events that a run replaced (they left their day): each takes one off its keys' counts. */
public class ReplacedEventsMapper extends CountEventsMapper {
  @Override
  protected long delta() {
    return -1;
  }
}
