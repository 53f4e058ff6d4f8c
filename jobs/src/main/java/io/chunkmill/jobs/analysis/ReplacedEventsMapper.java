package io.chunkmill.jobs.analysis;

/** Events a run replaced (they left their day): each takes one off the updated partitions' results. */
public class ReplacedEventsMapper extends EventsMapper {
  @Override
  protected boolean readsChanges() {
    return true;
  }

  @Override
  protected int delta() {
    return -1;
  }
}
