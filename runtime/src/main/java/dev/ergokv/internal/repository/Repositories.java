package dev.ergokv.internal.repository;

import dev.ergokv.MappingException;
import dev.ergokv.Repository;
import dev.ergokv.internal.session.ModelContext;
import dev.ergokv.internal.session.Scope;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Implements repository interfaces at run time with {@link Proxy}: each method runs the plan that
 * {@link RepositoryModel} parsed from its name and signature, once per interface.
 */
public final class Repositories {

  private static final Object[] NO_ARGUMENTS = {};

  private Repositories() {}

  /**
   * An implementation of {@code type} whose methods run in {@code scope}.
   *
   * @throws MappingException naming every method of the interface that cannot be implemented, and
   *     its entity
   */
  public static <R extends Repository<?, ?>> R create(Class<R> type, Scope scope) {
    RepositoryModel model = RepositoryModel.of(type);
    if (!model.problems.isEmpty()) {
      throw new MappingException(type, model.problems);
    }
    ModelContext<?> context = scope.store().model(model.entityType);
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, new Handler(model, scope, context));
    return type.cast(proxy);
  }

  /**
   * Every problem of a repository interface, one message each naming the method and the entity;
   * empty when it can be implemented. Generic interfaces (bases for other repositories) are not
   * checked on their own.
   */
  public static List<String> problems(Class<?> type) {
    if (type.getTypeParameters().length > 0) {
      return List.of();
    }
    return List.copyOf(RepositoryModel.of(type).problems);
  }

  /** Whether {@code type} is a repository interface (extends {@link Repository}). */
  public static boolean isRepository(Class<?> type) {
    return type.isInterface() && type != Repository.class && Repository.class.isAssignableFrom(type);
  }

  private static final class Handler implements InvocationHandler {

    /**
     * A handle that runs the body of a default method. InvocationHandler.invokeDefault would do,
     * but only for interfaces ErgoKV can access, and repository interfaces are often
     * package-private.
     */
    private static MethodHandle defaultMethod(Method method) {
      Class<?> declaring = method.getDeclaringClass();
      try {
        return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup())
            .unreflectSpecial(method, declaring);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(
            "Cannot call the default method "
                + RepositoryModel.describe(method)
                + ": open its package to dev.ergokv.runtime (module-info 'opens')",
            e);
      }
    }

    private final RepositoryModel model;
    private final Scope scope;
    private final ModelContext<?> context;
    private final ConcurrentHashMap<Method, MethodHandle> defaults = new ConcurrentHashMap<>();

    Handler(RepositoryModel model, Scope scope, ModelContext<?> context) {
      this.model = model;
      this.scope = scope;
      this.context = context;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          default:
            return model.type.getName() + " (repository of " + context.type().getName() + ")";
        }
      }
      MethodPlan plan = model.plans.get(method);
      if (plan == MethodPlan.DEFAULT) {
        return defaults
            .computeIfAbsent(method, Handler::defaultMethod)
            .bindTo(proxy)
            .invokeWithArguments(args == null ? NO_ARGUMENTS : args);
      }
      if (plan == null) {
        throw new AssertionError("unplanned method " + method);
      }
      return plan.invoke(scope, context, args == null ? NO_ARGUMENTS : args);
    }
  }
}
