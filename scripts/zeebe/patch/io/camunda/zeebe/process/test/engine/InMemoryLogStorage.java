// A thread-safe replacement for zeebe-process-test's in-memory log, compiled by scripts/zeebe/start.sh and put
// ahead of the engine's jar on the classpath, so EngineFactory builds this class instead of its own.
//
// Why: the shipped class (8.8.21) keeps the log in an unsynchronised ArrayList that the log appender's actor
// thread writes while the stream processor's thread reads it. Under load a reader can see the new size before
// the entry, and the stream processor dies with "NullPointerException ... because buffer is null" in
// ListLogStorageReader.next; from then on every command hangs. It stopped a CI run halfway (every spec after
// the moment timed out). Here appends and reads share one lock, which also publishes each entry to readers.
package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

final class InMemoryLogStorage implements LogStorage {
  private final Object lock = new Object();
  /** The appended blocks, in order; guarded by lock. */
  private final List<ByteBuffer> blocks = new ArrayList<>();
  /** Each block's lowest record position to the block's index; guarded by lock. */
  private final TreeMap<Long, Integer> blockByLowestPosition = new TreeMap<>();
  private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();

  InMemoryLogStorage() {}

  @Override
  public LogStorageReader newReader() {
    return new Reader();
  }

  @Override
  public void append(long lowestPosition, long highestPosition, BufferWriter writer, AppendListener listener) {
    ByteBuffer block = ByteBuffer.allocate(writer.getLength());
    writer.write(new UnsafeBuffer(block), 0);
    append(lowestPosition, highestPosition, block, listener);
  }

  @Override
  public void append(long lowestPosition, long highestPosition, ByteBuffer block, AppendListener listener) {
    long address;
    synchronized (lock) {
      blocks.add(block);
      address = blocks.size();
      blockByLowestPosition.put(lowestPosition, blocks.size() - 1);
    }
    // in memory a write is committed at once
    listener.onWrite(address, highestPosition);
    listener.onCommit(address, highestPosition);
    commitListeners.forEach(CommitListener::onCommit);
  }

  @Override
  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  @Override
  public void removeCommitListener(CommitListener listener) {
    commitListeners.remove(listener);
  }

  /** Reads blocks in order from the one a seek lands on. */
  private final class Reader implements LogStorageReader {
    private int next;

    /** Lands on the last block that starts before `position` (it may hold it), or on the first block. */
    @Override
    public void seek(long position) {
      synchronized (lock) {
        Map.Entry<Long, Integer> before = blockByLowestPosition.lowerEntry(position);
        next = before == null ? 0 : before.getValue();
      }
    }

    @Override
    public boolean hasNext() {
      synchronized (lock) {
        return next >= 0 && next < blocks.size();
      }
    }

    @Override
    public DirectBuffer next() {
      ByteBuffer block;
      synchronized (lock) {
        if (next < 0 || next >= blocks.size()) throw new NoSuchElementException();
        block = blocks.get(next);
        next += 1;
      }
      return new UnsafeBuffer(block);
    }

    @Override
    public void close() {}
  }
}
