package dev.ergokv.maven;

import dev.ergokv.agent.FolderEnhancer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What {@code enhance} and {@code enhance-test} share: enhance the class files of one output
 * folder in place, then validate the mappings found there.
 *
 * <p>Runs are incremental: a marker file under {@code target/ergokv} records when the last
 * successful run of the goal started, and only class files modified since are examined (the
 * enhancement is idempotent anyway: enhanced classes carry a stamp and are skipped). Enhancing
 * keeps a class file's modification time, so the compiler's own up-to-date check is unaffected.
 */
abstract class AbstractEnhanceMojo extends AbstractMojo {

  private static final String COMPILER_PLUGIN = "org.apache.maven.plugins:maven-compiler-plugin";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
  String pluginVersion;

  /** Skips enhancement and validation. */
  @Parameter(property = "ergokv.skip", defaultValue = "false")
  boolean skip;

  /** Validates the mappings of the enhanced folder's classes; a problem fails the build. */
  @Parameter(property = "ergokv.validate", defaultValue = "true")
  boolean validate;

  /**
   * The Java release the classes were compiled for. Defaults to the compiler settings: {@code
   * maven.compiler.release}, {@code maven.compiler.target}, or the compiler plugin's {@code
   * release}/{@code target}; the running JVM's when none is set.
   */
  @Parameter(property = "maven.compiler.release")
  String release;

  /** See {@link #release}. */
  @Parameter(property = "maven.compiler.target")
  String target;

  /** The folder whose class files are enhanced. */
  abstract Path classesDirectory();

  /** The folder this goal enhances unless configured otherwise. */
  abstract Path defaultClassesDirectory();

  /** The class path the folder's classes are compiled and validated against (folder included). */
  abstract List<String> classPath() throws DependencyResolutionRequiredException;

  /** Distinguishes this goal's marker file from the other goal's ("enhance-main"). */
  abstract String markerBaseName();

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("ErgoKV enhancement skipped");
      return;
    }
    Path classes = classesDirectory();
    if (!Files.isDirectory(classes)) {
      getLog().info("No classes to enhance in " + classes);
      return;
    }
    List<Path> classPath = new ArrayList<>();
    try {
      Path replaced = defaultClassesDirectory().toAbsolutePath().normalize();
      for (String element : classPath()) {
        Path entry = Path.of(element);
        // A configured folder (a copy of the compiled classes) stands in for the default one, so
        // the enhancer and the validator never see the un-enhanced originals next to it.
        classPath.add(entry.toAbsolutePath().normalize().equals(replaced) ? classes : entry);
      }
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException(
          "The class path of " + project.getId() + " is not resolved", e);
    }
    Path buildDirectory = Path.of(project.getBuild().getDirectory());
    Marker marker =
        new Marker(
            buildDirectory
                .resolve("ergokv")
                .resolve(
                    Marker.fileName(
                        markerBaseName(), classes, defaultClassesDirectory(), buildDirectory)),
            pluginVersion);
    Instant previousRun = marker.read();
    Instant thisRun = Instant.now();

    FolderEnhancer.Result result;
    try {
      result =
          FolderEnhancer.of(classes)
              .withClassPath(classPath)
              .withJavaRelease(
                  JavaRelease.of(
                      release, target, compilerSetting("release"), compilerSetting("target")))
              .onlyChangedSince(previousRun)
              .withReporter((type, message) -> getLog().info(type + ": " + message))
              .enhance();
    } catch (IOException e) {
      throw new MojoExecutionException("Enhancing " + classes + " failed: " + e.getMessage(), e);
    }
    for (String type : result.enhanced()) {
      getLog().info("Enhanced " + type);
    }
    int count = result.enhanced().size();
    getLog()
        .info(
            count
                + (count == 1 ? " class" : " classes")
                + " enhanced ("
                + result.examined()
                + (result.examined() == 1 ? " class file" : " class files")
                + " examined"
                + (previousRun == null ? "" : ", changed since the last run")
                + ")");
    if (!result.failures().isEmpty()) {
      StringBuilder message = new StringBuilder("ErgoKV could not enhance:");
      for (Map.Entry<String, String> failure : result.failures().entrySet()) {
        message.append("\n  ").append(failure.getKey()).append(": ").append(failure.getValue());
      }
      throw new MojoFailureException(message.toString());
    }

    if (validate && result.examined() > 0) {
      List<String> problems = new MappingValidation(getLog()).validate(classes, classPath);
      if (!problems.isEmpty()) {
        StringBuilder message = new StringBuilder("Invalid ErgoKV mapping:");
        for (String problem : problems) {
          message.append("\n  ").append(problem);
        }
        throw new MojoFailureException(message.toString());
      }
    }
    try {
      marker.write(thisRun);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write " + marker + ": " + e.getMessage(), e);
    }
  }

  private String compilerSetting(String name) {
    Plugin compiler = project.getPlugin(COMPILER_PLUGIN);
    if (compiler == null || !(compiler.getConfiguration() instanceof Xpp3Dom)) {
      return null;
    }
    Xpp3Dom child = ((Xpp3Dom) compiler.getConfiguration()).getChild(name);
    return child == null ? null : child.getValue();
  }

}
