package dev.slabpool.examples.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slabpool.SlabCacheStats;
import dev.slabpool.examples.TestHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The metadata service in this JVM, on a generated tree: answers, errors, references, cap. */
class MetadataServiceTest {

  @TempDir
  static Path tree;
  @TempDir
  static Path elsewhere;

  private static TreeTruth truth;
  private MetadataService service;
  private TestHttp http;

  @BeforeAll
  static void makeTree() throws IOException {
    TreeTruth.generate(tree, 6, 20);
    Files.writeString(tree.resolve("top.txt"), "top");
    Files.writeString(elsewhere.resolve("secret.txt"), "not served");
    Files.createSymbolicLink(tree.resolve("out"), elsewhere);
    truth = TreeTruth.read(tree);
  }

  @BeforeEach
  void start() throws IOException {
    service = MetadataService.start(new MetadataService.Config(tree, 0,
        MetadataService.DEFAULT_MEMORY_CAP, 4, "metadata-test"));
    http = new TestHttp(service.uri());
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void metaAnswersWhatTheFileSystemSays() {
    for (String key : List.of("", "top.txt", "dir-0", "dir-0/sub-3/file 7.dat", "out",
        "link-to-dir-0")) {
      JsonObject answer = http.json(TestHttp.withPath("meta", key));
      assertThat(truth.mismatch(key, answer)).as(key).isNull();
    }
    assertThat(http.json("meta?path=.").get("path").getAsString()).isEmpty();
    assertThat(http.json("meta?path=dir-0/./sub-1/../sub-1/").get("path").getAsString())
        .isEqualTo("dir-0/sub-1");
  }

  @Test
  void invalidateDropsTheListedPathsAndTheirNextLookupLoadsThemAgain() {
    for (String key : truth.keys()) {
      http.json(TestHttp.withPath("meta", key));
    }
    List<String> changed = truth.keys().stream()
        .filter(k -> !k.isEmpty() && k.hashCode() % 3 == 0).toList(); // "" (the root): a blank line
    String body = String.join("\n", changed) + "\n\nnot/cached/at/all\n";

    HttpResponse<byte[]> r = http.post("invalidate", body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject answer = JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8))
        .getAsJsonObject();
    assertThat(answer.get("paths").getAsInt()).isEqualTo(changed.size() + 1);
    assertThat(answer.get("removed").getAsLong()).isEqualTo(changed.size());
    assertThat(service.cache().size()).isEqualTo(truth.keys().size() - changed.size());
    for (String key : changed) {
      assertThat(truth.mismatch(key, http.json(TestHttp.withPath("meta", key)))).as(key).isNull();
    }
    assertThat(service.cache().size()).isEqualTo(truth.keys().size());
  }

  @Test
  void anInvalidationNamingAPathOutsideTheTreeDropsNothing() {
    http.json(TestHttp.withPath("meta", "top.txt"));
    HttpResponse<byte[]> r = http.post("invalidate",
        "top.txt\n../escape\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("path '../escape' is outside the tree");
    assertThat(service.cache().size()).isEqualTo(1);

    byte[] huge = new byte[MetadataService.MAX_INVALIDATE_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) 'a');
    HttpResponse<byte[]> tooLarge = http.post("invalidate", huge);
    assertThat(tooLarge.statusCode()).isEqualTo(400);
    assertThat(new String(tooLarge.body(), StandardCharsets.UTF_8))
        .contains("at most " + MetadataService.MAX_INVALIDATE_BYTES + " bytes");
    assertThat(service.cache().size()).isEqualTo(1);
  }

  @Test
  void listLooksEveryChildUpThroughTheCache() {
    for (String dir : truth.directories()) {
      assertThat(truth.listMismatch(dir, http.json(TestHttp.withPath("list", dir)))).isNull();
    }
    JsonObject stats = http.json("stats");
    // Every path of the tree was looked up once it was listed, and every reference released.
    assertThat(stats.get("entries").getAsLong()).isEqualTo(truth.keys().size());
    assertThat(stats.get("pinnedObjects").getAsLong()).isZero();
    assertThat(stats.get("policy").getAsString()).isEqualTo("hot");
    assertThat(stats.get("hits").getAsLong()).isPositive();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "meta                      | 400 | missing query parameter 'path'",
      "meta?path=../x            | 403 | path '../x' is outside the tree",
      "meta?path=dir-0/../..     | 403 | path 'dir-0/../..' is outside the tree",
      "meta?path=/etc/passwd     | 403 | path '/etc/passwd' is outside the tree",
      "meta?path=out/secret.txt  | 403 | path 'out/secret.txt' is outside the tree",
      "list?path=out             | 400 | 'out' is not a directory (it is a symlink)",
      "list?path=top.txt         | 400 | 'top.txt' is not a directory (it is a file)",
      "meta?path=nope            | 404 | no such file in the tree: 'nope'",
      "list?path=nope/deeper     | 404 | no such file in the tree: 'nope/deeper'",
      "meta?path=a%00b           | 400 | not a path: 'a",
      "meta?path=a&path=b        | 400 | query parameter 'path' is given more than once",
      "meta?path=a&depth=2       | 400 | unknown query parameter 'depth' (accepted: path)",
      "stats?verbose             | 400 | unknown query parameter 'verbose': this endpoint takes none",
      "nothing                   | 404 | no endpoint /nothing (endpoints: GET /, POST /invalidate,"
  })
  void badRequestsGetA4xxNamingTheProblem(String request, int status, String message) {
    HttpResponse<String> r = http.get(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    JsonObject error = JsonParser.parseString(r.body()).getAsJsonObject();
    assertThat(error.get("error").getAsString()).startsWith(message);
    assertThat(error.get("status").getAsInt()).isEqualTo(status);
  }

  @Test
  void otherMethodsGet405WithAllow() {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(service.uri().resolve("meta?path="))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    assertThat(r.body()).contains("method DELETE not allowed on /meta (allowed: GET)");
  }

  @Test
  void concurrentLookupsReleaseEveryReference() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> wrong = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String key : truth.keys()) {
          wrong.add(clients.submit(
              () -> truth.mismatch(key, http.json(TestHttp.withPath("meta", key)))));
        }
      }
      for (Future<String> w : wrong) {
        assertThat(w.get()).isNull();
      }
    } finally {
      clients.shutdownNow();
    }
    SlabCacheStats stats = service.cache().stats();
    assertThat(stats.pinnedObjects()).isZero();
    assertThat(stats.activeObjects()).isEqualTo(truth.keys().size());
  }

  @Test
  void atItsMemoryCapTheCacheMakesRoomBySlabReclaim() throws IOException {
    service.close();
    long capSlabs = 2;
    service = MetadataService.start(new MetadataService.Config(tree, 0,
        capSlabs * MetadataService.ENTRIES_PER_SLAB * MetadataService.ENTRY_SIZE, 4,
        "metadata-capped"));
    http = new TestHttp(service.uri());
    assertThat(truth.keys()).hasSizeGreaterThan((int) (3 * capSlabs
        * MetadataService.ENTRIES_PER_SLAB));

    for (String key : truth.keys()) {
      assertThat(truth.mismatch(key, http.json(TestHttp.withPath("meta", key)))).isNull();
    }

    SlabCacheStats stats = service.cache().stats();
    assertThat(stats.totalSlabs()).isLessThanOrEqualTo(capSlabs);
    assertThat(stats.slabsReclaimed()).isPositive();
    assertThat(stats.pinnedObjects()).isZero();
  }
}
