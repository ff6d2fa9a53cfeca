package dev.ergokv.agent;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * The {@code -javaagent} entry point: applies {@link EntityEnhancer} to entity classes as they
 * load, so that an application runs enhanced without build-time enhancement.
 *
 * <pre>{@code java -javaagent:ergokv-agent-<version>.jar -cp app.jar:ergokv-runtime.jar ...}</pre>
 *
 * <p>Matching reads class files through a type pool, never loading a class to decide; classes of
 * the JDK and of the agent itself are ignored up front. Classes already enhanced at build time
 * carry the stamp and are skipped. Errors are logged through {@link System.Logger} (name {@code
 * dev.ergokv.agent}) and leave the class as it was; the runtime then refuses or falls back for that
 * class with its own message.
 *
 * <p>Attached to a running JVM ({@code Agent-Class}), it enhances only classes loaded afterwards:
 * classes already loaded cannot gain fields, so attach before the first entity class loads.
 */
public final class EnhancementAgent {

  private static final System.Logger LOG = System.getLogger("dev.ergokv.agent");

  private EnhancementAgent() {}

  /** Called by the JVM for {@code -javaagent}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    install(instrumentation);
  }

  /** Called by the JVM when the agent is attached to a running process. */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    install(instrumentation);
  }

  /**
   * Registers the enhancement with {@code instrumentation}; returns the transformer so that a
   * caller (a test) can remove it again.
   */
  public static ResettableClassFileTransformer install(Instrumentation instrumentation) {
    EntityEnhancer enhancer =
        new EntityEnhancer(
            (typeName, message) -> LOG.log(System.Logger.Level.DEBUG, typeName + ": " + message));
    return agentBuilder(enhancer).installOn(instrumentation);
  }

  /** The agent's configuration, shared by {@link #install} and the tests. */
  static AgentBuilder agentBuilder(EntityEnhancer enhancer) {
    return new AgentBuilder.Default()
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(new Logging())
        .ignore(
            ElementMatchers.nameStartsWith("java.")
                .or(ElementMatchers.nameStartsWith("javax."))
                .or(ElementMatchers.nameStartsWith("jdk."))
                .or(ElementMatchers.nameStartsWith("sun."))
                .or(ElementMatchers.nameStartsWith("com.sun."))
                .or(ElementMatchers.nameStartsWith("dev.ergokv.agent."))
                .or(ElementMatchers.nameStartsWith("dev.ergokv.enhance."))
                .or(ElementMatchers.nameStartsWith("net.bytebuddy."))
                .or(ElementMatchers.isSynthetic()))
        .or(ElementMatchers.any(), ElementMatchers.isBootstrapClassLoader())
        .type(enhancer)
        .transform(new Transformer(enhancer));
  }

  private static final class Transformer implements AgentBuilder.Transformer {

    private final EntityEnhancer enhancer;

    Transformer(EntityEnhancer enhancer) {
      this.enhancer = enhancer;
    }

    @Override
    public DynamicType.Builder<?> transform(
        DynamicType.Builder<?> builder,
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        ProtectionDomain protectionDomain) {
      return enhancer.apply(builder, type, ClassFileLocator.ForClassLoader.of(classLoader));
    }
  }

  private static final class Logging extends AgentBuilder.Listener.Adapter {

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      LOG.log(System.Logger.Level.DEBUG, "enhanced " + type.getName());
    }

    @Override
    public void onError(
        String typeName,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        Throwable error) {
      LOG.log(
          System.Logger.Level.ERROR,
          "ErgoKV could not enhance " + typeName + "; it stays as compiled: " + error,
          error);
    }
  }
}
