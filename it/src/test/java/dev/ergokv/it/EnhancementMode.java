package dev.ergokv.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.ergokv.enhance.EnhancedEntity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * How the entity classes of this run were enhanced: the pom runs the suite once per mode and says
 * which in the system property {@value #PROPERTY}. Each mode checks that the classes really are as
 * it says, so a misconfigured run fails instead of testing the wrong thing.
 */
enum EnhancementMode {
  /** Classes as javac wrote them: the runtime's slower, comparing path. */
  UNENHANCED("unenhanced"),
  /** Enhanced as they load, by {@code -javaagent:ergokv-agent.jar}. */
  AGENT("agent"),
  /** Enhanced on disk by {@code ergokv-maven-plugin}'s {@code enhance-test} goal. */
  BUILD_TIME("build-time");

  static final String PROPERTY = "ergokv.it.mode";

  private static final String MARKER_INTERFACE =
      EnhancedEntity.class.getName().replace('.', '/');

  private final String id;

  EnhancementMode(String id) {
    this.id = id;
  }

  /**
   * The mode the pom asked for; un-enhanced when the property is absent (a test started from an
   * IDE runs the classes as compiled).
   */
  static EnhancementMode current() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return UNENHANCED;
    }
    for (EnhancementMode mode : values()) {
      if (mode.id.equals(value.trim())) {
        return mode;
      }
    }
    throw new IllegalStateException(
        PROPERTY + "=" + value + ": expected one of " + Arrays.toString(ids()));
  }

  /** The name used in the pom and for this mode's dump file. */
  String id() {
    return id;
  }

  boolean enhances() {
    return this != UNENHANCED;
  }

  /**
   * Fails unless {@code entity} is as this mode makes it: enhanced or not once loaded, enhanced or
   * not in its class file, with or without the agent attached.
   */
  void assertApplied(Class<?> entity) {
    boolean loadedEnhanced = Arrays.asList(entity.getInterfaces()).contains(EnhancedEntity.class);
    boolean fileEnhanced = classFileNamesMarker(entity);
    boolean agentAttached = agentAttached();
    String state =
        " (loaded class enhanced: "
            + loadedEnhanced
            + ", class file enhanced: "
            + fileEnhanced
            + ", ergokv agent attached: "
            + agentAttached
            + ")";
    switch (this) {
      case UNENHANCED -> {
        if (loadedEnhanced || fileEnhanced || agentAttached) {
          throw new AssertionError(
              entity.getName()
                  + " should run un-enhanced in the '"
                  + id
                  + "' run, but the class path holds enhanced classes or the agent is attached"
                  + state);
        }
      }
      case AGENT -> {
        if (!agentAttached || fileEnhanced || !loadedEnhanced) {
          throw new AssertionError(
              entity.getName()
                  + " should be enhanced by the agent in the '"
                  + id
                  + "' run: un-enhanced on disk, enhanced once loaded, with"
                  + " -javaagent:ergokv-agent.jar in surefire's argLine"
                  + state);
        }
      }
      case BUILD_TIME -> {
        if (agentAttached || !fileEnhanced || !loadedEnhanced) {
          throw new AssertionError(
              entity.getName()
                  + " should be enhanced at build time in the '"
                  + id
                  + "' run: enhanced on disk by ergokv:enhance-test, no agent"
                  + state);
        }
      }
    }
  }

  private static boolean classFileNamesMarker(Class<?> entity) {
    String file = entity.getName().substring(entity.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = entity.getResourceAsStream(file)) {
      if (in == null) {
        throw new AssertionError("The class file of " + entity.getName() + " is not readable");
      }
      // The constant pool holds the interface's internal name in (for ASCII) plain bytes.
      return new String(in.readAllBytes(), ISO_8859_1).contains(MARKER_INTERFACE);
    } catch (IOException e) {
      throw new UncheckedIOException("Reading the class file of " + entity.getName(), e);
    }
  }

  private static boolean agentAttached() {
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return arguments.stream()
        .anyMatch(argument -> argument.startsWith("-javaagent:") && argument.contains("ergokv-agent"));
  }

  private static String[] ids() {
    return Arrays.stream(values()).map(EnhancementMode::id).toArray(String[]::new);
  }
}
