package dev.slabpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public API is what the pool README lists, and none of it is plumbing. */
class PublicApiTest {
  /** A README line of the public types list: "- `SlabCache` (with `SlabCache.Builder`, ...)". */
  private static final Pattern LISTED = Pattern.compile("^- `([A-Za-z]+)`(?: \\(with (.+)\\))?:");
  private static final Pattern NAME = Pattern.compile("`([A-Za-z.]+)`");

  /** What the keyed cache and the registry once exposed for each other, and users never need. */
  private static final Set<String> PLUMBING = Set.of("store", "evictIf", "roomMaker",
      "recordReclaim", "register", "deregister", "reclaimed", "registered", "slabsForBytes",
      "slabpoolRefcount", "slabpoolCompareAndSetRefcount", "slabpoolSlot");

  @Test
  void thePublicTypesAreThoseThePoolReadmeLists() throws Exception {
    assertThat(publicTypes()).isEqualTo(readmeTypes());
  }

  @Test
  void noPublicTypeButTheRefcountContractShowsPlumbing() throws Exception {
    List<String> found = new ArrayList<>();
    for (String name : publicTypes()) {
      Class<?> type = Class.forName("dev.slabpool." + name.replace('.', '$'));
      if (type == Pooled.class || type == PooledObject.class) {
        continue; // the refcount contract itself: what a woven or hand-written type implements
      }
      if (type == SlabCacheRegistry.Listener.class) {
        continue; // hears reclaimed events; nothing public can send one
      }
      for (Method m : type.getMethods()) {
        if (PLUMBING.contains(m.getName())) {
          found.add(name + "." + m.getName());
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void theReadmeGivesTheCountOfPublicTypes() throws Exception {
    Set<String> types = publicTypes();
    long nested = types.stream().filter(t -> t.contains(".")).count();
    assertThat(Files.readString(Path.of("README.md"))).contains("The API is "
        + (types.size() - nested) + " public types and " + nested + " nested ones");
  }

  /** Public top-level and nested types of the compiled package, as "Outer" or "Outer.Inner". */
  private static Set<String> publicTypes() throws IOException, URISyntaxException,
      ClassNotFoundException {
    Path classes = Path.of(SlabCache.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).resolve("dev/slabpool");
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".class") || file.equals("package-info.class")) {
          continue;
        }
        Class<?> type = Class.forName("dev.slabpool." + file.substring(0, file.length() - 6));
        if (isPublicAllTheWayOut(type)) {
          out.add(type.getName().substring("dev.slabpool.".length()).replace('$', '.'));
        }
      }
    }
    return out;
  }

  private static boolean isPublicAllTheWayOut(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> readmeTypes() throws IOException {
    Set<String> out = new TreeSet<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Public types");
      }
      Matcher m = LISTED.matcher(line);
      if (!inSection) {
        continue;
      }
      if (m.find()) {
        out.add(m.group(1));
        if (m.group(2) != null) {
          Matcher nested = NAME.matcher(m.group(2));
          while (nested.find()) {
            out.add(nested.group(1));
          }
        }
      }
    }
    return out;
  }
}
