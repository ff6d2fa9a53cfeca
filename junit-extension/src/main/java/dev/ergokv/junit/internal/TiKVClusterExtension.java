package dev.ergokv.junit.internal;

import dev.ergokv.ErgoKv;
import dev.ergokv.junit.TiKVCluster;
import dev.ergokv.localcluster.LocalCluster;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.tikv.common.TiSession;

/**
 * The JUnit Jupiter extension behind {@link TiKVCluster}; register it through the annotation.
 *
 * <p>State lives in JUnit's stores, never in this object: the class's {@link ClassResources} in the
 * store of the outermost annotated class, a shared {@link ClusterHandle} in the root store (one
 * per cluster configuration, computed once even when classes run in parallel). JUnit closes both
 * when their context ends; the class's resources are also closed in {@code afterAll}, so that the
 * order is ours and does not depend on store closing being enabled.
 */
public final class TiKVClusterExtension
    implements TestInstancePreConstructCallback,
        BeforeAllCallback,
        TestInstancePostProcessor,
        ParameterResolver,
        AfterAllCallback {

  /** Report entry published by the class that started a cluster: backend and PD endpoints. */
  public static final String STARTED_REPORT_KEY = "ergokv.cluster.started";

  private static final Namespace NAMESPACE = Namespace.create(TiKVClusterExtension.class);

  /** JUnit's switch for closing AutoCloseable store values; shared clusters rely on it. */
  private static final String CLOSE_AUTOCLOSEABLE_PARAMETER =
      "junit.jupiter.extensions.store.close.autocloseable.enabled";

  private static final List<Class<?>> INJECTABLE =
      List.of(LocalCluster.class, ErgoKv.class, TiSession.class);

  /** Creates the extension; JUnit does this when it meets {@link TiKVCluster}. */
  public TiKVClusterExtension() {}

  @Override
  public void preConstructTestInstance(
      TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    // With @TestInstance(PER_CLASS) the instance (and its constructor parameters) come before
    // beforeAll: start here, where an unavailable backend can still abort the class.
    resources(context).cluster();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IllegalAccessException {
    ClassResources resources = resources(context);
    resources.cluster();
    injectFields(context.getRequiredTestClass(), null, resources);
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context)
      throws IllegalAccessException {
    injectFields(testInstance.getClass(), testInstance, resources(context));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return INJECTABLE.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return resolve(
        parameter.getParameter().getType(), "parameter " + parameter.getParameter(), resources(context));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (owner(context) == context) {
      ClassResources resources = context.getStore(NAMESPACE).get(ClassResources.class, ClassResources.class);
      if (resources != null) {
        resources.close();
      }
    }
  }

  private static Object resolve(Class<?> type, String target, ClassResources resources) {
    if (type == LocalCluster.class) {
      return resources.cluster();
    }
    if (type == ErgoKv.class) {
      return resources.ergoKv();
    }
    if (type == TiSession.class) {
      return resources.session();
    }
    throw new ExtensionConfigurationException(
        target
            + " has type "
            + type.getName()
            + "; @TiKVCluster injects "
            + String.join(", ", INJECTABLE.stream().map(Class::getSimpleName).toList()));
  }

  /** Sets the {@link TiKVCluster.Inject} fields: static ones if {@code instance} is null. */
  private static void injectFields(Class<?> type, Object instance, ClassResources resources)
      throws IllegalAccessException {
    List<Field> fields =
        AnnotationSupport.findAnnotatedFields(
            type,
            TiKVCluster.Inject.class,
            instance == null ? ModifierSupport::isStatic : ModifierSupport::isNotStatic,
            HierarchyTraversalMode.TOP_DOWN);
    for (Field field : fields) {
      String target = "field " + field.getDeclaringClass().getName() + "." + field.getName();
      if (Modifier.isFinal(field.getModifiers())) {
        throw new ExtensionConfigurationException(
            target + " is final; @TiKVCluster.Inject needs a field it can set");
      }
      Object value = resolve(field.getType(), target, resources);
      ReflectionSupport.makeAccessible(field).set(instance, value);
    }
  }

  /** The class's resources, opened by whichever callback of the class comes first. */
  private static ClassResources resources(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    return owner
        .getStore(NAMESPACE)
        .computeIfAbsent(ClassResources.class, key -> open(owner), ClassResources.class);
  }

  private static ClassResources open(ExtensionContext owner) {
    Class<?> testClass = owner.getRequiredTestClass();
    TiKVCluster annotation = annotation(testClass).orElseThrow();
    ClusterSettings settings =
        ClusterSettings.resolve(
            testClass, annotation, owner::getConfigurationParameter, System.getenv());
    AtomicBoolean startedHere = new AtomicBoolean();
    ClusterHandle cluster;
    if (annotation.shared()) {
      boolean storeClosesValues =
          owner.getConfigurationParameter(CLOSE_AUTOCLOSEABLE_PARAMETER, Boolean::parseBoolean)
              .orElse(true);
      if (!storeClosesValues) {
        throw new ExtensionConfigurationException(
            "@TiKVCluster(shared = true) on "
                + testClass.getName()
                + " needs JUnit to close the shared cluster at the end of the run, but "
                + CLOSE_AUTOCLOSEABLE_PARAMETER
                + " is false");
      }
      cluster =
          owner
              .getRoot()
              .getStore(NAMESPACE)
              .computeIfAbsent(
                  settings.sharingKey(),
                  key -> {
                    startedHere.set(true);
                    return ClusterHandle.start(settings);
                  },
                  ClusterHandle.class);
    } else {
      startedHere.set(true);
      cluster = ClusterHandle.start(settings);
    }
    if (startedHere.get() && cluster.started()) {
      LocalCluster started = cluster.cluster();
      owner.publishReportEntry(
          STARTED_REPORT_KEY,
          started.backend()
              + " at "
              + started.pdAddresses()
              + (annotation.shared() ? " (shared)" : ""));
    }
    return new ClassResources(testClass, cluster, !annotation.shared(), annotation.keyspace());
  }

  /**
   * The context whose class owns the cluster: the outermost annotated class, so that
   * {@code @Nested} classes use their enclosing class's cluster and keyspace.
   */
  private static ExtensionContext owner(ExtensionContext context) {
    ExtensionContext owner = null;
    for (Optional<ExtensionContext> current = Optional.of(context);
        current.isPresent();
        current = current.get().getParent()) {
      ExtensionContext candidate = current.get();
      if (candidate.getTestMethod().isEmpty()
          && candidate.getTestClass().flatMap(TiKVClusterExtension::annotation).isPresent()) {
        owner = candidate;
      }
    }
    if (owner == null) {
      throw new ExtensionConfigurationException(
          "no @TiKVCluster on "
              + context.getTestClass().map(Class::getName).orElse(context.getDisplayName())
              + " or an enclosing class; register the extension with the annotation");
    }
    return owner;
  }

  private static Optional<TiKVCluster> annotation(Class<?> testClass) {
    return AnnotationSupport.findAnnotation(testClass, TiKVCluster.class);
  }
}
