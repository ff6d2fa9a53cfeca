package dev.ergokv.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Enhances the entity classes among the project's test classes in {@code target/test-classes}
 * and validates their mappings, like {@code enhance} does for the main classes.
 */
@Mojo(
    name = "enhance-test",
    defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class EnhanceTestMojo extends AbstractEnhanceMojo {

  @Override
  Path classesDirectory() {
    return Path.of(project.getBuild().getTestOutputDirectory());
  }

  @Override
  List<String> classPath() throws DependencyResolutionRequiredException {
    return project.getTestClasspathElements();
  }

  @Override
  String markerName() {
    return "enhance-test.marker";
  }
}
