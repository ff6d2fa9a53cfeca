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
 * Enhances the entity classes among the project's test classes in {@code target/test-classes}
 * and validates their mappings, like {@code enhance} does for the main classes. {@code
 * testClassesDirectory} names another folder to enhance in place.
 */
@Mojo(
    name = "enhance-test",
    defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
    requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public class EnhanceTestMojo extends AbstractEnhanceMojo {

  /**
   * The folder whose class files are enhanced in place. Point it at a copy of the compiled test
   * classes to keep {@code target/test-classes} as the compiler wrote it (the end-to-end suite
   * runs the same test classes enhanced and un-enhanced this way).
   */
  @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
  File testClassesDirectory;

  @Override
  Path classesDirectory() {
    return testClassesDirectory.toPath();
  }

  @Override
  Path defaultClassesDirectory() {
    return Path.of(project.getBuild().getTestOutputDirectory());
  }

  @Override
  List<String> classPath() throws DependencyResolutionRequiredException {
    return project.getTestClasspathElements();
  }

  @Override
  String markerBaseName() {
    return "enhance-test";
  }
}
