// Runs after both builds. Checks the classes themselves (by loading them next to the runtime jar)
// and what each build logged.
def log = new File(basedir, 'build.log').text
def pom = new File(basedir, 'pom.xml').text
def version = (pom =~ /<artifactId>ergokv-runtime<\/artifactId>\s*<version>([^<]+)</)[0][1]
def runtimeJar = new File(localRepositoryPath,
    "dev/ergokv/ergokv-runtime/${version}/ergokv-runtime-${version}.jar")
assert runtimeJar.isFile() : "runtime jar not found at ${runtimeJar}"

def urls = [new File(basedir, 'target/classes'), new File(basedir, 'target/test-classes'), runtimeJar]
    .collect { it.toURI().toURL() } as URL[]
def loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())
def entityInterface = loader.loadClass('dev.ergokv.enhance.EnhancedEntity')
def stamp = loader.loadClass('dev.ergokv.enhance.Enhanced')
def load = { String name -> Class.forName(name, false, loader) }

for (name in ['example.Person', 'example.Audited', 'example.TestFixture']) {
  def type = load(name)
  assert type.interfaces.contains(entityInterface) : "${name} does not declare EnhancedEntity"
  assert type.getDeclaredAnnotation(stamp) != null : "${name} carries no @Enhanced stamp"
}
assert load('example.Person').getDeclaredAnnotation(stamp).fields() as List == ['revision', 'id', 'name']
assert load('example.Greeting').getDeclaredAnnotation(stamp) == null : 'a plain class was enhanced'
assert !load('example.Greeting').interfaces.contains(entityInterface)

// First build: everything enhanced, main and test classes by their own goal.
assert log.contains('Enhanced example.Person')
assert log.contains('Enhanced example.Audited')
assert log.contains('Enhanced example.TestFixture')
assert log.contains('2 classes enhanced (3 class files examined)')
assert log.contains('1 class enhanced (1 class file examined)')
// Second build, no clean: the compiler changed nothing, so neither did the plugin.
assert log.count('0 classes enhanced') == 2 : "expected both goals to report 0 classes enhanced on the rebuild:\n${log}"
return true
