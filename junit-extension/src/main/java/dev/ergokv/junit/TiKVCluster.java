package dev.ergokv.junit;

import dev.ergokv.junit.internal.TiKVClusterExtension;
import dev.ergokv.localcluster.Backend;
import dev.ergokv.localcluster.LocalClusterOptions;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a TiKV cluster from {@code ergokv-localcluster} and hands the test
 * what it needs to talk to it.
 *
 * <p><b>Lifecycle.</b> By default each annotated class gets its own cluster, started before the
 * first test instance or {@code @BeforeAll} method and closed after the class. With {@link
 * #shared()} one cluster serves every shared class of the test run (one per distinct cluster
 * configuration), started by the first class that needs it, even when classes run in parallel,
 * and closed when the run ends. {@code @Nested} classes use their outermost annotated class's
 * cluster and keyspace.
 *
 * <p><b>Isolation.</b> Every annotated class gets its own keyspace, {@link #keyspace()} (the class's
 * simple name by default) followed by a suffix unique to this run, so classes sharing a cluster
 * (or an external cluster shared between runs) never see each other's entities.
 *
 * <p><b>Injection.</b> Constructor, test and lifecycle method parameters of the types {@link
 * dev.ergokv.localcluster.LocalCluster}, {@link dev.ergokv.ErgoKv} and {@link
 * org.tikv.common.TiSession} are resolved by type; fields of these types are set when annotated
 * with {@link Inject} (static fields before {@code @BeforeAll} methods run, instance fields right
 * after each test instance is created). The {@code ErgoKv} is connected to the class's keyspace;
 * the {@code TiSession} is the one client session of the cluster, shared by every class using the
 * cluster and not isolated by keyspace. The extension closes what it opened: the class's {@code
 * ErgoKv}, then (when the cluster goes away) the session, then the cluster. Do not close them
 * yourself.
 *
 * <p><b>Choosing the backend for a run.</b> {@link #backend()} is a default: the system property
 * (or JUnit configuration parameter) {@value LocalClusterOptions#BACKEND_PROPERTY}, else the
 * environment variable {@value LocalClusterOptions#BACKEND_ENVIRONMENT_VARIABLE}, overrides it for
 * every annotated class, e.g. {@code -Dergokv.cluster=external:127.0.0.1:2379} runs the suite
 * against an existing cluster. A value that is not understood fails the class, naming the setting.
 *
 * <p><b>Unavailable backends.</b> When the chosen backend cannot run on this machine (no Docker
 * engine, no TiUP, no external cluster named), the class is skipped (aborted) with the reason;
 * any other start failure fails the class with its cause.
 *
 * <p>Usable as a meta-annotation: annotate your own annotation (with runtime retention) and put
 * that on test classes.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TiKVClusterExtension.class)
public @interface TiKVCluster {

  /**
   * The backend to start unless the run overrides it (see the class documentation). {@link
   * Backend#EXTERNAL} needs the endpoints from the override ({@code
   * ergokv.cluster=external:host:port}); without them the class is skipped.
   */
  Backend backend() default Backend.EMBEDDED;

  /**
   * Keys (UTF-8 user keys) at which the embedded cluster's initial regions split, so tests can
   * cover multi-region transactions and scans; one region if empty. Other backends ignore them.
   */
  String[] splitKeys() default {};

  /**
   * Whether this class uses the run's shared cluster instead of one of its own. Classes that
   * resolve to the same cluster configuration (backend, split keys, external endpoints) share one
   * cluster; each still gets its own keyspace.
   */
  boolean shared() default false;

  /**
   * How the class's keyspace starts; empty means the test class's simple name. A suffix unique to
   * the run is always appended, so the same prefix on two classes still isolates them.
   */
  String keyspace() default "";

  /**
   * Marks a field of type {@link dev.ergokv.localcluster.LocalCluster}, {@link dev.ergokv.ErgoKv}
   * or {@link org.tikv.common.TiSession} for the extension to set. The field must not be final; any
   * other type fails the class, naming the field.
   */
  @Target(ElementType.FIELD)
  @Retention(RetentionPolicy.RUNTIME)
  @Documented
  @interface Inject {}
}
