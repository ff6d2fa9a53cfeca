package dev.ergokv.internal.session;

import dev.ergokv.NotEnhancedException;
import dev.ergokv.internal.meta.EntityModel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once per class and JVM, that an entity class runs un-enhanced, or refuses it in strict
 * mode. Records are exempt: they are immutable, so there is nothing to track.
 */
final class EnhancementCheck {

  private static final Logger LOG = LoggerFactory.getLogger("dev.ergokv.Enhancement");

  private static final Set<Class<?>> WARNED = ConcurrentHashMap.newKeySet();

  /** Where warnings go; tests replace it to see them. */
  static volatile Consumer<String> warnings = LOG::warn;

  private EnhancementCheck() {}

  static void check(EntityModel<?> model, boolean strict) {
    if (model.isRecord() || model.access().tracksWrites()) {
      return;
    }
    Class<?> type = model.type();
    if (strict) {
      throw new NotEnhancedException(
          type,
          type.getName()
              + " is not enhanced and strict enhancement is on. "
              + HOW_TO
              + " Or turn strictEnhancement off to run it through the slower reflective path.");
    }
    if (WARNED.add(type)) {
      warnings.accept(
          "Entity class "
              + type.getName()
              + " is not enhanced: ErgoKV uses the slower reflective path (changes are found by"
              + " re-encoding every loaded instance at commit). "
              + HOW_TO);
    }
  }

  private static final String HOW_TO =
      "Enhance it at build time with the ergokv-maven-plugin (goal 'enhance'), or at run time"
          + " with -javaagent:ergokv-agent.jar.";
}
