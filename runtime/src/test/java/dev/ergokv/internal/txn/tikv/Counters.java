package dev.ergokv.internal.txn.tikv;

import static dev.ergokv.internal.txn.tikv.EngineFixture.b;
import static dev.ergokv.internal.txn.tikv.EngineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ergokv.ClusterUnavailableException;
import dev.ergokv.CommitOutcomeUnknownException;
import dev.ergokv.ErgoKvException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.txn.KvTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters written together, and what a commit reported about them, for tests of atomicity under
 * faults: after the cluster has settled every lock, the counters are all equal (both or neither),
 * and a commit reported as done is stored, one reported as failed is not.
 */
final class Counters {

  /** What a commit reported. */
  enum Report {
    COMMITTED,
    FAILED,
    UNKNOWN
  }

  private Counters() {}

  /** Increments every key by one in one transaction; returns what the commit reported. */
  static Report increment(TikvEngine engine, List<String> keys, List<Throwable> failures) {
    try (KvTransaction tx = engine.begin()) {
      for (String key : keys) {
        long value = tx.get(b(key)).map(v -> Long.parseLong(s(v))).orElse(0L);
        tx.put(b(key), b(Long.toString(value + 1)));
      }
      tx.commit();
      return Report.COMMITTED;
    } catch (CommitOutcomeUnknownException e) {
      failures.add(e);
      return Report.UNKNOWN;
    } catch (WriteConflictException | ClusterUnavailableException e) {
      failures.add(e);
      return Report.FAILED;
    }
  }

  /**
   * Waits (bounded) until no key holds a lock, reading {@code keys} so that readers resolve what
   * they meet, and moving the cluster's clock past the TTL of locks nobody commits (a writer
   * whose outcome was unknown stopped its heartbeat). Then returns the committed values.
   */
  static Map<String, Long> settle(EngineFixture fixture, TikvEngine reader, List<String> keys, Duration lockTtl) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Map<String, Long> values = read(reader, keys);
      if (fixture.embedded.lockedKeys().isEmpty()) {
        return read(reader, keys);
      }
      assertThat(System.nanoTime() - end).as("locks left: %s", fixture.lockedKeys()).isNegative();
      fixture.embedded.advanceClock(lockTtl);
      if (values.isEmpty()) {
        throw new AssertionError("no keys to read");
      }
    }
  }

  static Map<String, Long> read(TikvEngine reader, List<String> keys) {
    Map<String, Long> out = new LinkedHashMap<>();
    try (KvTransaction tx = reader.beginReadOnly()) {
      for (String key : keys) {
        out.put(key, tx.get(b(key)).map(v -> Long.parseLong(s(v))).orElse(0L));
      }
    } catch (ErgoKvException e) {
      throw new AssertionError("reading " + keys + " failed", e);
    }
    return out;
  }

  /**
   * Checks one increment: all counters equal (atomic), and equal to {@code before + 1} if it was
   * reported committed, to {@code before} if reported failed. Returns the value now.
   */
  static long check(Map<String, Long> after, long before, Report report, List<Throwable> failures) {
    List<Long> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(after.values()));
    assertThat(distinct).as("counters written together, after a commit reported %s: %s (%s)", report, after, failures)
        .hasSize(1);
    long now = distinct.get(0);
    switch (report) {
      case COMMITTED:
        assertThat(now).as("reported committed, so stored").isEqualTo(before + 1);
        break;
      case FAILED:
        assertThat(now).as("reported failed (%s), so not stored", failures).isEqualTo(before);
        break;
      default:
        assertThat(now).as("outcome unknown: stored or not").isBetween(before, before + 1);
    }
    return now;
  }
}
