package dev.ergokv.internal.migrate;

import dev.ergokv.ErgoKvException;
import dev.ergokv.WriteConflictException;
import dev.ergokv.internal.txn.KvEngine;
import dev.ergokv.internal.txn.KvTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease that makes one runner at a time work on a model (migrations and restores share it):
 * a JSON record {@code {owner, token, purpose, acquiredAt, expiresAt}} at the model's lease key.
 *
 * <p>Taking it is a transaction that reads the key and writes it, so two runners racing for it
 * conflict and only one commits. Every batch renews it in the batch's own transaction, after
 * checking it still holds this runner's token: a runner whose lease expired and was taken over
 * finds out at its next batch (by the token, or by the write conflict on the lease key) and stops
 * without writing. Expiry is judged by the cluster's clock ({@link LeaseClock}).
 */
public final class Lease {

  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

  /** Another runner holds the lease; this one must stop without writing. */
  public static final class LostException extends ErgoKvException {
    private static final long serialVersionUID = 1L;
    private final transient Holder holder;

    LostException(Holder holder, String model) {
      super(
          "The lease of model '"
              + model
              + "' is no longer this runner's: "
              + (holder == null ? "it was released" : "it is held by " + holder.describe()));
      this.holder = holder;
    }

    /** Who holds it now, or null. */
    public Holder holder() {
      return holder;
    }
  }

  /**
   * A lease as stored.
   *
   * @param owner who holds it
   * @param token the holder's secret, unique per acquisition
   * @param purpose what the holder does, e.g. "migrate to version 3"
   * @param acquiredAt when it was taken (ms since the epoch, cluster clock)
   * @param expiresAt when it expires unless renewed
   */
  public record Holder(String owner, String token, String purpose, long acquiredAt, long expiresAt) {

    /** For messages: owner, purpose and expiry. */
    public String describe() {
      return owner + " (" + purpose + ", until " + Instant.ofEpochMilli(expiresAt) + ")";
    }
  }

  private final KvEngine engine;
  private final byte[] key;
  private final String model;
  private final String owner;
  private final String token;
  private final String purpose;
  private final long durationMillis;
  private long acquiredAt;

  public Lease(
      KvEngine engine, MigrationKeys keys, String model, String owner, String purpose, Duration duration) {
    this.engine = engine;
    this.key = keys.lease();
    this.model = model;
    this.owner = owner;
    this.purpose = purpose;
    this.durationMillis = duration.toMillis();
    this.token = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
  }

  /** The owner name this lease is taken under. */
  public String owner() {
    return owner;
  }

  /**
   * Takes the lease, waiting at most {@code maxWait} (zero: not at all) while another runner
   * holds it.
   *
   * @return null when taken; else the holder that kept it
   */
  public Holder acquire(Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      Holder holder = tryAcquire();
      if (holder == null) {
        return null;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return holder;
      }
      // Poll four times a second (a released lease is found soon) and right after the holder's
      // expiry (a dead holder is replaced as soon as its lease allows).
      long pause = Math.max(10, Math.min(250, untilExpiry + 5));
      LOG.debug("model '{}' is leased by {}; waiting", model, holder.describe());
      sleep(Math.min(pause, left / 1_000_000 + 1));
    }
  }

  /** How long the holder last met had left, by the cluster's clock. */
  private long untilExpiry;

  private Holder tryAcquire() {
    for (int attempt = 1; ; attempt++) {
      try (KvTransaction tx = engine.begin()) {
        Holder holder = read(tx);
        long now = LeaseClock.now(tx);
        if (holder != null && !holder.token().equals(token) && holder.expiresAt() > now) {
          untilExpiry = holder.expiresAt() - now;
          return holder;
        }
        if (holder != null && !holder.token().equals(token)) {
          LOG.warn(
              "taking over the lease of model '{}' from {}, which expired",
              model,
              holder.describe());
        }
        acquiredAt = now;
        write(tx, now);
        tx.commit();
        return null;
      } catch (WriteConflictException e) {
        if (attempt >= 10) {
          throw e;
        }
        sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
      }
    }
  }

  /**
   * Checks in {@code tx} that the lease is still this runner's and extends it; the renewal
   * commits with {@code tx}.
   *
   * @throws LostException when another runner holds it (or nobody does)
   */
  public void renew(KvTransaction tx) {
    Holder holder = read(tx);
    if (holder == null || !holder.token().equals(token)) {
      throw new LostException(holder, model);
    }
    write(tx, LeaseClock.now(tx));
  }

  /** Deletes the lease in {@code tx} if it is still this runner's. */
  public void releaseIn(KvTransaction tx) {
    Holder holder = read(tx);
    if (holder != null && holder.token().equals(token)) {
      tx.delete(key);
    }
  }

  /**
   * Releases the lease in a transaction of its own, after a failure: a failure to do so is
   * attached to {@code cause} (the lease then expires on its own).
   */
  public void releaseAfter(Throwable cause) {
    try (KvTransaction tx = engine.begin()) {
      releaseIn(tx);
      tx.commit();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** The holder recorded at the lease key in {@code tx}'s snapshot, or null. */
  public Holder read(KvTransaction tx) {
    return tx.get(key).map(this::parse).orElse(null);
  }

  private Holder parse(byte[] value) {
    try {
      Map<String, Object> json = Json.readObject(value);
      return new Holder(
          Json.string(json, "owner"),
          Json.string(json, "token"),
          Json.string(json, "purpose"),
          Json.number(json, "acquiredAt", 0),
          Json.number(json, "expiresAt", 0));
    } catch (RuntimeException e) {
      // An unreadable lease protects nothing: treat it as expired, and say so.
      LOG.warn("the lease record of model '{}' is unreadable ({}); treating it as expired", model, e.toString());
      return new Holder("<unreadable>", "", "", 0, 0);
    }
  }

  private void write(KvTransaction tx, long now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("owner", owner);
    json.put("token", token);
    json.put("purpose", purpose);
    json.put("acquiredAt", acquiredAt);
    json.put("expiresAt", now + durationMillis);
    tx.put(key, Json.write(json, false));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ErgoKvException("interrupted while waiting for a lease", e);
    }
  }
}
