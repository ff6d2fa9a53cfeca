package dev.ergokv.internal.repository;

import dev.ergokv.IndexQuery;
import dev.ergokv.internal.meta.IndexModel;
import dev.ergokv.internal.query.IndexQueryImpl;
import dev.ergokv.internal.session.ModelContext;
import dev.ergokv.internal.session.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** How one repository method runs. */
abstract class MethodPlan {

  /** What a finder returns. */
  enum Result {
    OPTIONAL,
    STREAM,
    LIST,
    COUNT
  }

  /** A default method: called as written, not planned. */
  static final MethodPlan DEFAULT =
      new MethodPlan() {
        @Override
        Object invoke(Scope scope, ModelContext<?> context, Object[] args) {
          throw new AssertionError("default methods are invoked by the handler");
        }
      };

  abstract Object invoke(Scope scope, ModelContext<?> context, Object[] args);

  /** The plan of a method of {@link dev.ergokv.Repository} itself. */
  static MethodPlan base(String name) {
    return new MethodPlan() {
      @Override
      Object invoke(Scope scope, ModelContext<?> context, Object[] args) {
        Class<?> type = context.type();
        switch (name) {
          case "load":
            return scope.read(session -> session.load(type, args[0]));
          case "loadAll":
            return scope.read(session -> session.loadAll(type, (Collection<?>) args[0]));
          case "exists":
            return scope.read(session -> session.exists(type, args[0]));
          case "save":
            return scope.write(session -> session.save(entity(type, args[0])));
          case "insert":
            return scope.write(session -> session.insert(entity(type, args[0])));
          case "update":
            return scope.write(session -> session.update(entity(type, args[0])));
          case "delete":
            return scope.write(session -> session.delete(entity(type, args[0])));
          case "deleteByKey":
            return scope.write(session -> session.delete(type, args[0]));
          case "all":
            return scope.stream(session -> session.all(type));
          case "count":
            return scope.read(session -> session.count(type));
          case "query":
            return query(scope, context, (String) args[0]);
          default:
            throw new AssertionError("unplanned Repository method " + name);
        }
      }
    };
  }

  private static Object entity(Class<?> type, Object entity) {
    // Erased generics let a caller pass anything; say what was expected.
    if (!type.isInstance(entity)) {
      throw new IllegalArgumentException(
          "This repository stores "
              + type.getName()
              + ", got "
              + (entity == null ? "null" : entity.getClass().getName()));
    }
    return entity;
  }

  private static <T> IndexQuery<T> query(Scope scope, ModelContext<T> context, String index) {
    return new IndexQueryImpl<>(scope, context, context.index(index));
  }

  /** The plan of a finder over {@code index}. */
  static MethodPlan finder(IndexModel index, String condition, Result result) {
    return new MethodPlan() {
      @Override
      Object invoke(Scope scope, ModelContext<?> context, Object[] args) {
        return run(scope, context, args);
      }

      private <T> Object run(Scope scope, ModelContext<T> context, Object[] args) {
        if (result == Result.OPTIONAL) {
          Class<T> type = context.type();
          Optional<T> found = scope.read(session -> session.findUnique(type, index.name(), args[0]));
          return found;
        }
        IndexQuery<T> query = new IndexQueryImpl<>(scope, context, index);
        switch (condition) {
          case "EQUAL":
            query = query.equalTo(args[0]);
            break;
          case "BETWEEN":
            query = query.between(args[0], args[1]);
            break;
          case "GREATER_THAN":
            query = query.after(args[0]);
            break;
          case "GREATER_THAN_EQUAL":
          case "GREATER_THAN_OR_EQUAL":
            query = query.from(args[0]);
            break;
          case "LESS_THAN":
            query = query.before(args[0]);
            break;
          default:
            query = query.to(args[0]);
        }
        switch (result) {
          case STREAM:
            return query.stream();
          case LIST:
            List<T> list = query.list();
            return list;
          default:
            return query.count();
        }
      }
    };
  }
}
