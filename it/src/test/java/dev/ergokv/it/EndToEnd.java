package dev.ergokv.it;

import dev.ergokv.junit.TiKVCluster;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end scenario: runs on the run's shared cluster (embedded unless {@code
 * -Dergokv.cluster=...} says otherwise), in a keyspace of its own, after checking that its
 * {@link #entities()} are enhanced as the run's {@link EnhancementMode} says.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TiKVCluster(shared = true)
@ExtendWith(EnhancementModeCheck.class)
@interface EndToEnd {

  /** The entity classes the scenario stores. */
  Class<?>[] entities();
}
