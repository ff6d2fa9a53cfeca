package dev.ergokv.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Enhances the project's entity classes in {@code target/classes} (dirty tracking, slot access)
 * and validates their mappings; an invalid mapping fails the build naming class and field.
 */
@Mojo(
    name = "enhance",
    defaultPhase = LifecyclePhase.PROCESS_CLASSES,
    requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public class EnhanceMojo extends AbstractEnhanceMojo {

  @Override
  Path classesDirectory() {
    return Path.of(project.getBuild().getOutputDirectory());
  }

  @Override
  List<String> classPath() throws DependencyResolutionRequiredException {
    return project.getCompileClasspathElements();
  }

  @Override
  String markerName() {
    return "enhance-main.marker";
  }
}
