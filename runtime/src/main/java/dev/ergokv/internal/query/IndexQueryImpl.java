package dev.ergokv.internal.query;

import dev.ergokv.IndexQuery;
import dev.ergokv.internal.keys.KeyRange;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.session.ModelContext;
import dev.ergokv.internal.session.Scope;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The immutable {@link IndexQuery}: bounds and limit, turned into a key range of the index when
 * run. Runs in its {@link Scope}, so a query built outside a transaction runs in one of its own.
 */
public final class IndexQueryImpl<T> implements IndexQuery<T> {

  private final Scope scope;
  private final ModelContext<T> context;
  private final IndexModel index;
  private final Object lower;
  private final boolean lowerInclusive;
  private final Object upper;
  private final boolean upperInclusive;
  private final long limit;
  /** equalTo(null): nulls are not indexed, so nothing can match. */
  private final boolean matchesNothing;

  public IndexQueryImpl(Scope scope, ModelContext<T> context, IndexModel index) {
    this(scope, context, index, null, true, null, true, Long.MAX_VALUE, false);
  }

  private IndexQueryImpl(
      Scope scope,
      ModelContext<T> context,
      IndexModel index,
      Object lower,
      boolean lowerInclusive,
      Object upper,
      boolean upperInclusive,
      long limit,
      boolean matchesNothing) {
    this.scope = scope;
    this.context = context;
    this.index = index;
    this.lower = lower;
    this.lowerInclusive = lowerInclusive;
    this.upper = upper;
    this.upperInclusive = upperInclusive;
    this.limit = limit;
    this.matchesNothing = matchesNothing;
  }

  @Override
  public IndexQuery<T> equalTo(Object value) {
    if (value == null) {
      return new IndexQueryImpl<>(
          scope, context, index, lower, lowerInclusive, upper, upperInclusive, limit, true);
    }
    return new IndexQueryImpl<>(
        scope, context, index, value, true, value, true, limit, matchesNothing);
  }

  @Override
  public IndexQuery<T> from(Object value) {
    return lower(value, true, "from");
  }

  @Override
  public IndexQuery<T> after(Object value) {
    return lower(value, false, "after");
  }

  @Override
  public IndexQuery<T> to(Object value) {
    return upper(value, true, "to");
  }

  @Override
  public IndexQuery<T> before(Object value) {
    return upper(value, false, "before");
  }

  @Override
  public IndexQuery<T> between(Object from, Object to) {
    return lower(from, true, "between").upper(to, true, "between");
  }

  @Override
  public IndexQuery<T> limit(long max) {
    if (max < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + max);
    }
    return new IndexQueryImpl<>(
        scope, context, index, lower, lowerInclusive, upper, upperInclusive, max, matchesNothing);
  }

  private IndexQueryImpl<T> lower(Object value, boolean inclusive, String method) {
    requireBound(value, method);
    return new IndexQueryImpl<>(
        scope, context, index, value, inclusive, upper, upperInclusive, limit, matchesNothing);
  }

  private IndexQueryImpl<T> upper(Object value, boolean inclusive, String method) {
    requireBound(value, method);
    return new IndexQueryImpl<>(
        scope, context, index, lower, lowerInclusive, value, inclusive, limit, matchesNothing);
  }

  private void requireBound(Object value, String method) {
    if (value == null) {
      throw new IllegalArgumentException(
          method + "(null) on index '" + index.name() + "': a bound cannot be null; leave it out");
    }
    // Fail at the call that gave the bad value, not later at the terminal operation.
    context.range(index, value, true, null, true);
  }

  private KeyRange range() {
    return context.range(index, lower, lowerInclusive, upper, upperInclusive);
  }

  @Override
  public Stream<T> stream() {
    if (matchesNothing) {
      return Stream.empty();
    }
    KeyRange range = range();
    return scope.stream(session -> session.indexStream(context, index, range, limit));
  }

  @Override
  public List<T> list() {
    if (matchesNothing) {
      return List.of();
    }
    KeyRange range = range();
    return scope.read(
        session -> {
          try (Stream<T> stream = session.indexStream(context, index, range, limit)) {
            return stream.collect(Collectors.toList());
          }
        });
  }

  @Override
  public Optional<T> first() {
    if (matchesNothing || limit == 0) {
      return Optional.empty();
    }
    KeyRange range = range();
    return scope.read(
        session -> {
          try (Stream<T> stream = session.indexStream(context, index, range, 1)) {
            return stream.findFirst();
          }
        });
  }

  @Override
  public long count() {
    if (matchesNothing) {
      return 0;
    }
    KeyRange range = range();
    return scope.read(session -> session.indexCount(range, limit));
  }

  @Override
  public String toString() {
    return "IndexQuery["
        + context.model().name()
        + "."
        + index.name()
        + (lower == null ? "" : (lowerInclusive ? " >= " : " > ") + lower)
        + (upper == null ? "" : (upperInclusive ? " <= " : " < ") + upper)
        + (limit == Long.MAX_VALUE ? "" : " limit " + limit)
        + "]";
  }
}
