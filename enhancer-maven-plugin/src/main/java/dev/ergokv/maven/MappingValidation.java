package dev.ergokv.maven;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/**
 * Loads a folder's classes (without initialising them) in a class loader over the project's class
 * path and hands them to the runtime's {@code BuildTimeValidator}: the checks come from the
 * ergokv-runtime version the project uses, so build and run time never disagree.
 */
final class MappingValidation {

  static final String VALIDATOR = "dev.ergokv.internal.validation.BuildTimeValidator";

  private final Log log;

  MappingValidation(Log log) {
    this.log = log;
  }

  /** The problems the validator reports; empty when all mappings are valid. */
  List<String> validate(Path classes, List<Path> classPath) throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    try {
      urls.add(classes.toUri().toURL());
      for (Path entry : classPath) {
        urls.add(entry.toUri().toURL());
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Bad class path entry: " + e.getMessage(), e);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // The platform loader as parent: the project's classes must not see the plugin's own.
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader);
      Class<?> validator;
      try {
        validator = Class.forName(VALIDATOR, true, loader);
      } catch (ClassNotFoundException e) {
        log.warn(
            "ErgoKV mappings not validated: ergokv-runtime is not on the class path of "
                + classes);
        return List.of();
      }
      List<Class<?>> types = load(classes, loader);
      Method validate = validator.getMethod("validate", Collection.class);
      @SuppressWarnings("unchecked")
      List<String> problems = (List<String>) validate.invoke(null, types);
      return problems;
    } catch (InvocationTargetException e) {
      throw new MojoExecutionException(
          "The ErgoKV mapping validator failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | IOException e) {
      throw new MojoExecutionException("Cannot run the ErgoKV mapping validator: " + e, e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private List<Class<?>> load(Path classes, ClassLoader loader) throws IOException {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) walk.sorted()::iterator) {
        String relative = classes.relativize(file).toString().replace(File.separatorChar, '/');
        if (!relative.endsWith(".class")
            || relative.endsWith("module-info.class")
            || relative.endsWith("package-info.class")
            || relative.startsWith("META-INF/")) {
          continue;
        }
        String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        try {
          types.add(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
          log.warn("ErgoKV could not load " + name + " to validate it: " + e);
        }
      }
    }
    return types;
  }
}
