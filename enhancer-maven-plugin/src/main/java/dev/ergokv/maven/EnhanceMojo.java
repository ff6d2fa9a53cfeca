package dev.ergokv.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Enhances the project's entity classes in {@code target/classes} (dirty tracking, slot access)
 * and validates their mappings; an invalid mapping fails the build naming class and field. {@code
 * classesDirectory} names another folder to enhance in place.
 */
@Mojo(
    name = "enhance",
    defaultPhase = LifecyclePhase.PROCESS_CLASSES,
    requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public class EnhanceMojo extends AbstractEnhanceMojo {

  /**
   * The folder whose class files are enhanced in place. Point it at a copy of the compiled
   * classes to keep {@code target/classes} as the compiler wrote it.
   */
  @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
  File classesDirectory;

  @Override
  Path classesDirectory() {
    return classesDirectory.toPath();
  }

  @Override
  Path defaultClassesDirectory() {
    return Path.of(project.getBuild().getOutputDirectory());
  }

  @Override
  List<String> classPath() throws DependencyResolutionRequiredException {
    return project.getCompileClasspathElements();
  }

  @Override
  String markerBaseName() {
    return "enhance-main";
  }
}
