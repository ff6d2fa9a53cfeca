package dev.ergokv.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.pool.TypePool;

/**
 * The {@code -javaagent} entry point: applies {@link EntityEnhancer} to entity classes as they
 * load, so that an application runs enhanced without build-time enhancement.
 *
 * <pre>{@code java -javaagent:ergokv-agent-<version>.jar -cp app.jar:ergokv-runtime.jar ...}</pre>
 *
 * <p>The transformer looks at the raw class file first and goes on only if it names one of
 * ErgoKV's entity annotations or is a nested class (only those can be, or write to, entities);
 * JDK and agent classes are skipped by name. Deciding reads class files through a Byte Buddy type
 * pool and never loads a class. Classes already enhanced at build time carry the stamp and are
 * left alone. Errors are logged through {@link System.Logger} (name {@code dev.ergokv.agent}) and
 * leave the class as compiled; the runtime then refuses or falls back for that class with its own
 * message.
 *
 * <p>It is a plain {@link ClassFileTransformer} over {@code ByteBuddy.decorate} rather than a Byte
 * Buddy {@code AgentBuilder}: the enhancement needs none of the builder's class injection, whose
 * set-up touches {@code sun.misc.Unsafe} and makes JDK 24+ print warnings.
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
   * caller can remove it again.
   */
  public static ClassFileTransformer install(Instrumentation instrumentation) {
    ClassFileTransformer transformer =
        transformer(
            new EntityEnhancer(
                (typeName, message) ->
                    LOG.log(System.Logger.Level.DEBUG, typeName + ": " + message)));
    instrumentation.addTransformer(transformer, false);
    return transformer;
  }

  /** The transformer {@link #install} registers, for the tests. */
  static ClassFileTransformer transformer(EntityEnhancer enhancer) {
    return new Transformer(enhancer);
  }

  private static final class Transformer implements ClassFileTransformer {

    private static final String[] IGNORED_PREFIXES = {
      "java/", "javax/", "jdk/", "sun/", "com/sun/", "net/bytebuddy/", "dev/ergokv/agent/",
      "dev/ergokv/enhance/"
    };

    /** Any of these in a class file's constant pool makes it worth a closer look. */
    private static final byte[][] MARKERS = {
      "Ldev/ergokv/annotation/Entity;".getBytes(StandardCharsets.UTF_8),
      "Ldev/ergokv/annotation/MappedSuperclass;".getBytes(StandardCharsets.UTF_8),
      // The attribute every nested class has from Java 11 on; earlier nested classes cannot
      // write private fields of their outer class directly, they call accessors in it.
      "NestHost".getBytes(StandardCharsets.UTF_8),
    };

    /** Classes loaded while enhancing (Byte Buddy's own, the JDK's) are not enhanced. */
    private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();

    private final EntityEnhancer enhancer;
    private final ByteBuddy byteBuddy = new ByteBuddy();

    Transformer(EntityEnhancer enhancer) {
      this.enhancer = enhancer;
    }

    @Override
    public byte[] transform(
        ClassLoader loader,
        String internalName,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classFile) {
      if (internalName == null
          || loader == null
          || classBeingRedefined != null
          || ignored(internalName)
          || !mentionsMarker(classFile)
          || BUSY.get() != null) {
        return null;
      }
      BUSY.set(Boolean.TRUE);
      String typeName = internalName.replace('/', '.');
      try {
        ClassFileLocator locator =
            new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(typeName, classFile),
                ClassFileLocator.ForClassLoader.of(loader));
        TypePool typePool = TypePool.Default.WithLazyResolution.of(locator);
        TypeDescription type = typePool.describe(typeName).resolve();
        if (!enhancer.matches(type)) {
          return null;
        }
        byte[] enhanced =
            enhancer
                .apply(byteBuddy.decorate(type, locator), type, locator)
                .make(TypeResolutionStrategy.Disabled.INSTANCE, typePool)
                .getBytes();
        LOG.log(System.Logger.Level.DEBUG, "enhanced " + typeName);
        return enhanced;
      } catch (RuntimeException | LinkageError e) {
        // A transformer must not throw; the class loads as compiled and the runtime reports it.
        LOG.log(
            System.Logger.Level.ERROR,
            "ErgoKV could not enhance " + typeName + "; it stays as compiled: " + e,
            e);
        return null;
      } finally {
        BUSY.remove();
      }
    }

    private static boolean ignored(String internalName) {
      for (String prefix : IGNORED_PREFIXES) {
        if (internalName.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }

    private static boolean mentionsMarker(byte[] classFile) {
      for (byte[] marker : MARKERS) {
        if (indexOf(classFile, marker) >= 0) {
          return true;
        }
      }
      return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
      byte first = needle[0];
      int last = haystack.length - needle.length;
      outer:
      for (int i = 0; i <= last; i++) {
        if (haystack[i] != first) {
          continue;
        }
        for (int j = 1; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
