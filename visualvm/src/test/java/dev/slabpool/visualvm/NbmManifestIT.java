package dev.slabpool.visualvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged NBM asks for no more than Debian's VisualVM 2.1.5 has, even where VisualVM is not
 * installed (where it is, {@link VisualVmPluginIT} loads the module for real).
 */
class NbmManifestIT {
  /** Specification versions of the modules in Debian's {@code visualvm} 2.1.5 package. */
  private static final Map<String, String> DEBIAN_2_1_5 = Map.of(
      "org.graalvm.visualvm.core/2", "2.4",
      "org.graalvm.visualvm.application/2", "2.4",
      "org.graalvm.visualvm.tools/2", "2.3",
      "org.openide.modules", "7.57");

  @Test
  void moduleDependenciesAreSatisfiedByDebiansVisualVm() throws Exception {
    Attributes manifest = moduleManifest(Path.of(System.getProperty("visualvm.nbm")));

    assertThat(manifest.getValue("OpenIDE-Module")).isEqualTo("dev.slabpool.visualvm");
    assertThat(manifest.getValue("OpenIDE-Module-Java-Dependencies")).isEqualTo("Java > 17");
    Map<String, String> wanted = dependencies(
        manifest.getValue("OpenIDE-Module-Module-Dependencies"));
    assertThat(wanted.keySet()).containsExactlyInAnyOrderElementsOf(DEBIAN_2_1_5.keySet());
    wanted.forEach((module, version) -> assertThat(
        compare(DEBIAN_2_1_5.get(module), version))
        .as("%s > %s must hold for Debian's %s", module, version, DEBIAN_2_1_5.get(module))
        .isGreaterThanOrEqualTo(0));
  }

  private static Attributes moduleManifest(Path nbm) throws Exception {
    try (ZipFile zip = new ZipFile(nbm.toFile())) {
      ZipEntry module = zip.getEntry("netbeans/modules/dev-slabpool-visualvm.jar");
      assertThat(module).as("module jar in " + nbm).isNotNull();
      try (InputStream in = zip.getInputStream(module);
          JarInputStream jar = new JarInputStream(in)) {
        return jar.getManifest().getMainAttributes();
      }
    }
  }

  /** {@code a/2 > 2.4, b > 7.56} as module to minimum specification version. */
  private static Map<String, String> dependencies(String declared) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String dep : declared.split(",")) {
      String[] parts = dep.trim().split("\\s*>\\s*");
      out.put(parts[0], parts.length > 1 ? parts[1] : "0");
    }
    return out;
  }

  private static int compare(String a, String b) {
    int[] x = Arrays.stream(a.split("\\.")).mapToInt(Integer::parseInt).toArray();
    int[] y = Arrays.stream(b.split("\\.")).mapToInt(Integer::parseInt).toArray();
    return Arrays.compare(x, y);
  }
}
