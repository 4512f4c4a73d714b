package dev.slabpool.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The consumer project that invoker:run builds (src/it/readme-consumer) is the README's: its
 * dependencies are the README's Maven snippet, its code the README's quick start. And the BOM
 * lists every shipped module, each of which attaches sources and javadoc and names its module.
 */
class ConsumerMatchesReadmeTest {

  private static final Path README = Path.of(System.getProperty("slabpool.readme"));
  private static final Path CONSUMER = Path.of(System.getProperty("slabpool.consumer"));
  private static final Path ROOT = Path.of(System.getProperty("slabpool.root"));
  private static final Pattern VERSION = Pattern.compile("<version>([^<]*)</version>");

  @Test
  void theConsumerPomHasTheReadmeMavenSnippetAndNoOtherDependency() throws Exception {
    String snippet = block(read(README), "```xml", "slabpool-bom");
    Matcher version = VERSION.matcher(snippet);
    assertThat(version.find()).as("a version in the README's Maven snippet").isTrue();
    assertReleaseOrSnapshotOfThisBuild(version.group(1));

    String pom = read(CONSUMER.resolve("pom.xml"));
    String ours = between(pom, "<!-- README snippet -->", "<!-- end of README snippet -->");
    assertThat(normalize(ours)).isEqualTo(
        normalize(version.replaceFirst("<version>@project.version@</version>")));
    // Nothing else: no parent, no repository, no dependency outside the snippet.
    assertThat(count(pom, "<dependency>")).isEqualTo(count(snippet, "<dependency>"));
    assertThat(pom).doesNotContain("<parent>", "<repositories>", "<pluginRepositories>");
  }

  @Test
  void theReadmeGradleSnippetNamesTheSameArtifacts() throws Exception {
    String gradle = block(read(README), "```kotlin", "slabpool-bom");
    Matcher platform = Pattern.compile(
        "implementation\\(platform\\(\"dev\\.slabpool:slabpool-bom:([^\"]+)\"\\)\\)").matcher(gradle);
    assertThat(platform.find()).as(gradle).isTrue();
    assertReleaseOrSnapshotOfThisBuild(platform.group(1));
    assertThat(gradle).contains("implementation(\"dev.slabpool:slabpool-pool\")");
  }

  @Test
  void theConsumerCodeIsTheReadmeQuickStart() throws IOException {
    String source = read(CONSUMER.resolve("src/main/java/example/QuickStart.java"));
    String code = between(source, "// README example\n", "// end");
    List<String> javaBlocks = blocks(read(README), "```java");
    assertThat(javaBlocks.stream().map(ConsumerMatchesReadmeTest::normalize))
        .as("the java blocks of README.md, one of which must be QuickStart's README example")
        .contains(normalize(code));
  }

  @Test
  void theBomListsEveryShippedModuleAtThisVersion() throws Exception {
    Document bom = parse(ROOT.resolve("bom/pom.xml"));
    assertThat(child(bom.getDocumentElement(), "version")).isEqualTo(projectVersion());
    List<String> managed = new ArrayList<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      assertThat(child(dep, "version")).isEqualTo("${project.version}");
      managed.add(child(dep, "artifactId"));
    }
    List<String> shipped = shippedModules();
    assertThat(shipped).contains("slabpool-pool", "slabpool-jmx", "slabpool-agent");
    assertThat(managed).containsAll(shipped);
  }

  @Test
  void everyShippedModuleAttachesSourcesAndJavadocAndNamesItsModule() throws Exception {
    for (String module : modules()) {
      Path pom = ROOT.resolve(module).resolve("pom.xml");
      if (isShipped(parse(pom))) {
        String text = read(pom);
        assertThat(text).as(module).contains(
            "<artifactId>maven-source-plugin</artifactId>",
            "<artifactId>maven-javadoc-plugin</artifactId>",
            "<Automatic-Module-Name>dev.slabpool");
      }
    }
  }

  private static List<String> shippedModules() throws Exception {
    List<String> shipped = new ArrayList<>();
    for (String module : modules()) {
      Document pom = parse(ROOT.resolve(module).resolve("pom.xml"));
      if (isShipped(pom)) {
        shipped.add(child(pom.getDocumentElement(), "artifactId"));
      }
    }
    return shipped;
  }

  /** A module is shipped unless it is a POM (the BOM) or sets maven.deploy.skip. */
  private static boolean isShipped(Document pom) {
    Element project = pom.getDocumentElement();
    if ("pom".equals(child(project, "packaging"))) {
      return false;
    }
    NodeList skip = pom.getElementsByTagName("maven.deploy.skip");
    return skip.getLength() == 0 || !"true".equals(skip.item(0).getTextContent().strip());
  }

  private static List<String> modules() throws Exception {
    NodeList modules = parse(ROOT.resolve("pom.xml")).getElementsByTagName("module");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < modules.getLength(); i++) {
      names.add(modules.item(i).getTextContent().strip());
    }
    assertThat(names).contains("pool", "bom", "consumer-it");
    return names;
  }

  private static String projectVersion() throws Exception {
    return child(parse(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
  }

  private static void assertReleaseOrSnapshotOfThisBuild(String version) throws Exception {
    String snapshot = projectVersion();
    assertThat(version).as("the README's version")
        .isIn(snapshot, snapshot.replace("-SNAPSHOT", ""));
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new File(pom.toString()));
  }

  /** The text of the direct child element of that name, or null. */
  private static String child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
        return n.getTextContent().strip();
      }
    }
    return null;
  }

  /** The one fenced block that opens with that fence and contains that text. */
  private static String block(String markdown, String fence, String containing) {
    List<String> found = blocks(markdown, fence).stream()
        .filter(b -> b.contains(containing)).collect(Collectors.toList());
    assertThat(found).as(fence + " blocks with " + containing + " in README.md").hasSize(1);
    return found.get(0);
  }

  private static List<String> blocks(String markdown, String fence) {
    List<String> blocks = new ArrayList<>();
    int at = 0;
    while ((at = markdown.indexOf("\n" + fence + "\n", at)) >= 0) {
      int start = at + fence.length() + 2;
      int end = markdown.indexOf("\n```", start - 1);
      blocks.add(markdown.substring(start, end + 1));
      at = end + 4;
    }
    return blocks;
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from);
    assertThat(start).as("marker " + from).isNotNegative();
    int end = text.indexOf(to, start);
    assertThat(end).as("marker " + to).isPositive();
    return text.substring(start + from.length(), end);
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file).replace("\r\n", "\n");
  }

  /** Lines stripped of indentation, runs of blanks made one space, empty lines dropped. */
  private static String normalize(String text) {
    return text.lines().map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
