package dev.slabpool.examples.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slabpool.ManagedCache;
import dev.slabpool.SlabCacheRegistry;
import dev.slabpool.examples.TestHttp;
import dev.slabpool.examples.buffers.ProcessMemory;
import dev.slabpool.examples.cli.Flags;
import dev.slabpool.examples.cli.UsageException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page service in this JVM: render on a miss, hits, put and delete, limits, the figures. */
class PageServiceTest {
  private static final int SLAB = 64 << 10;
  private static final int MIN = 100;
  private static final int MAX = 40_000;

  private PageService service;
  private TestHttp http;

  private void start(long memoryCap) throws IOException {
    service = PageService.start(new PageService.Config(0, memoryCap, SLAB, MIN, MAX, 4,
        "pages-test"));
    http = new TestHttp(service.uri());
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aMissRendersAndCachesThePageAndTheNextGetIsAHitOfTheSameBytes() throws IOException {
    start(1 << 20);
    String path = "/news/today.html";
    byte[] expected = service.renderer().render(path);

    HttpResponse<byte[]> miss = get(path);
    HttpResponse<byte[]> hit = get(path);

    assertThat(miss.statusCode()).isEqualTo(200);
    assertThat(miss.headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(miss.body()).isEqualTo(expected);
    assertThat(hit.headers().firstValue("X-Cache")).hasValue("hit");
    assertThat(hit.body()).isEqualTo(expected);
    assertThat(hit.headers().firstValue("X-Size-Class"))
        .hasValue(service.sizeClass(expected.length));
    JsonObject stats = http.json("stats");
    assertThat(stats.get("pages").getAsLong()).isEqualTo(1);
    assertThat(stats.get("hits").getAsLong()).isEqualTo(1);
    assertThat(stats.get("misses").getAsLong()).isEqualTo(1);
    assertThat(stats.get("rendered").getAsLong()).isEqualTo(1);
    assertThat(stats.get("requestedBytes").getAsLong()).isEqualTo(expected.length);
  }

  @Test
  void renderedPagesAreHtmlOfTheirOwnSizeWithinTheBoundsAndTheSameEveryTime() {
    PageRenderer r = new PageRenderer(MIN, MAX);
    int smallest = Integer.MAX_VALUE;
    int largest = 0;
    for (int i = 0; i < 500; i++) {
      String path = "/p/" + i;
      byte[] page = r.render(path);
      assertThat(page).hasSize(r.size(path)).isEqualTo(r.render(path));
      assertThat(page.length).isBetween(MIN, MAX);
      smallest = Math.min(smallest, page.length);
      largest = Math.max(largest, page.length);
      String html = new String(page, StandardCharsets.US_ASCII);
      assertThat(html).startsWith("<!doctype html>\n<html><head><title>/p/" + i + "</title>");
      if (page.length > 200) {
        assertThat(html).endsWith("</body></html>\n");
      }
    }
    assertThat(smallest).as("spread over the range").isLessThan(2 * MIN);
    assertThat(largest).isGreaterThan(MAX / 2);
    assertThat(new String(new PageRenderer(1, 1).render("/<x>"), StandardCharsets.US_ASCII))
        .isEqualTo("<");
    assertThat(new String(new PageRenderer(300, 300).render("/<é>&"), StandardCharsets.US_ASCII))
        .contains("<title>/&#x3c;&#xe9;&#x3e;&#x26;</title>");
    assertThatThrownBy(() -> new PageRenderer(2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 64, 65, 1000, 20_000, SLAB})
  void aPutPageIsServedAsPutInTheSmallestClassItFits(int length) throws IOException {
    start(1 << 20);
    byte[] page = random(length, length);

    HttpResponse<String> put = put("/blob", page);

    assertThat(put.statusCode()).isEqualTo(200);
    JsonObject answer = JsonParser.parseString(put.body()).getAsJsonObject();
    assertThat(answer.get("bytes").getAsInt()).isEqualTo(length);
    String sizeClass = answer.get("sizeClass").getAsString();
    int slot = Integer.parseInt(sizeClass.substring("pages-test.".length()));
    assertThat(slot).isGreaterThanOrEqualTo(length);
    assertThat(service.pages().sizeClasses()).extracting(c -> c.stats().objectSize())
        .filteredOn(s -> s >= length).first().isEqualTo(slot);
    HttpResponse<byte[]> got = get("/blob");
    assertThat(got.headers().firstValue("X-Cache")).hasValue("hit");
    assertThat(got.headers().firstValue("X-Size-Class")).hasValue(sizeClass);
    assertThat(got.body()).isEqualTo(page);
    assertThat(classStats().get(sizeClass).get("requestedBytes").getAsLong()).isEqualTo(length);
  }

  @Test
  void aPutReplacesThePageAndADeleteForgetsItSoTheNextGetRendersItAgain() throws IOException {
    start(1 << 20);
    String path = "/edited.html";
    get(path);
    byte[] edited = random(5000, 7);

    assertThat(put(path, edited).statusCode()).isEqualTo(200);
    assertThat(get(path).body()).isEqualTo(edited);
    HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(
        service.uri().resolve(TestHttp.withPath("page", path))).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(JsonParser.parseString(deleted.body()).getAsJsonObject().get("removed")
        .getAsBoolean()).isTrue();

    HttpResponse<byte[]> again = get(path);
    assertThat(again.headers().firstValue("X-Cache")).hasValue("miss");
    assertThat(again.body()).isEqualTo(service.renderer().render(path));
    JsonObject stats = http.json("stats");
    assertThat(stats.get("rendered").getAsLong()).isEqualTo(2);
    assertThat(stats.get("stored").getAsLong()).isEqualTo(1);
    assertThat(stats.get("pages").getAsLong()).isEqualTo(1);
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsWrong() throws IOException {
    start(1 << 20);
    assertThat(error(http.get("page"))).isEqualTo("missing query parameter 'path'");
    assertThat(error(http.get("page?path=x"))).isEqualTo("path must start with '/': 'x'");
    assertThat(error(http.get("page?path=/a&path=/b")))
        .isEqualTo("query parameter 'path' is given more than once");
    assertThat(error(http.get("page?path=/a&fresh=1"))).startsWith("unknown query parameter");
    assertThat(error(http.get(TestHttp.withPath("page", "/" + "x".repeat(512)))))
        .isEqualTo("path of 513 characters: at most 512");
    HttpResponse<String> tooLarge = put("/huge", new byte[SLAB + 1]);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(error(tooLarge)).isEqualTo("page over the largest size class of 64.0 KiB");
    HttpResponse<byte[]> post = http.post("page?path=/a", new byte[1]);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("DELETE, GET, PUT");
    assertThat(http.json("stats").get("pages").getAsLong()).isZero();
  }

  @Test
  void atTheMemoryCapEveryPageIsStillServedRightAndTheCapHolds() throws IOException {
    long cap = 8L * SLAB;
    start(cap);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 120; i++) {
        String path = "/p/" + i;
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as(path).isEqualTo(service.renderer().render(path));
      }
    }
    JsonObject stats = http.json("stats");
    assertThat(stats.get("bytesHeld").getAsLong()).isPositive().isLessThanOrEqualTo(cap);
    assertThat(stats.get("memoryCapBytes").getAsLong()).isEqualTo(cap);
    assertThat(stats.get("pages").getAsLong()).isLessThan(120);
    assertThat(stats.get("rendered").getAsLong()).isGreaterThan(120);
    assertThat(stats.get("hits").getAsLong() + stats.get("misses").getAsLong()).isEqualTo(240);
  }

  @Test
  void reclaimingASizeClassFreesItsSlabsAndTheFiguresShowIt() throws IOException {
    start(4L << 20);
    for (int i = 0; i < 200; i++) {
      get("/p/" + i);
    }
    JsonObject before = http.json("stats");
    Map<String, JsonObject> classes = classStats();
    long slabs = 0;
    long held = 0;
    long requested = 0;
    for (JsonObject c : classes.values()) {
      assertThat(c.get("bytesHeld").getAsLong()).isEqualTo(c.get("slabs").getAsLong()
          * c.get("slotsPerSlab").getAsLong() * c.get("slotSize").getAsLong());
      slabs += c.get("slabs").getAsLong();
      held += c.get("bytesHeld").getAsLong();
      requested += c.get("requestedBytes").getAsLong();
    }
    assertThat(before.get("slabs").getAsLong()).isEqualTo(slabs).isPositive();
    assertThat(before.get("bytesHeld").getAsLong()).isEqualTo(held);
    assertThat(before.get("requestedBytes").getAsLong()).isEqualTo(requested)
        .isLessThanOrEqualTo(held);
    assertThat(before.get("sizeClasses").getAsInt())
        .isEqualTo(service.pages().sizeClasses().size()).isGreaterThan(classes.size() - 1);

    // An operator's reclaim of one class, as its MBean's reclaim does: the registry lists it.
    String biggest = classes.values().stream()
        .max((a, b) -> Long.compare(a.get("slabs").getAsLong(), b.get("slabs").getAsLong()))
        .orElseThrow().get("name").getAsString();
    ManagedCache sizeClass = SlabCacheRegistry.find(biggest).orElseThrow();
    long freed = sizeClass.reclaim(Long.MAX_VALUE).slabsFreed();

    JsonObject c = classStats().get(biggest);
    assertThat(freed).isEqualTo(classes.get(biggest).get("slabs").getAsLong());
    assertThat(c.get("slabs").getAsLong()).isZero();
    assertThat(c.get("pages").getAsLong()).isZero();
    assertThat(c.get("slabsReclaimed").getAsLong()).isEqualTo(freed);
    assertThat(http.json("stats").get("bytesHeld").getAsLong()).isEqualTo(
        held - classes.get(biggest).get("bytesHeld").getAsLong());
    JsonObject memory = http.json("memory");
    assertThat(memory.get("bytesHeld").getAsLong()).isEqualTo(service.pages().bytesHeld());
    assertThat(memory.get("payloadMemory").getAsString())
        .isEqualTo(ProcessMemory.payloadAccounting());
    for (int i = 0; i < 200; i++) {
      assertThat(get("/p/" + i).body()).isEqualTo(service.renderer().render("/p/" + i));
    }
  }

  @Test
  void optionsAreReadAndCheckedAndUnknownOnesRefused() {
    PageService.Config c = PageService.Config.from(Flags.parse(new String[] {"--memory-cap",
        "32m", "--slab-size", "256k", "--min-page", "2k", "--cache", "web"}, Set.of()));
    assertThat(c).isEqualTo(new PageService.Config(0, 32L << 20, 256 << 10, 2 << 10, 256 << 10,
        8, "web"));
    assertThat(PageService.Config.from(Flags.parse(new String[] {"--slab-size", "64k"},
        Set.of())).maxPage()).as("the default largest page, within a smaller slab")
        .isEqualTo(64 << 10);
    assertThatThrownBy(() -> PageService.Config.from(Flags.parse(new String[] {"--max-page",
        "2m"}, Set.of()))).isInstanceOf(UsageException.class)
        .hasMessage("option --max-page must be at most the slab size (1.0 MiB): 2.0 MiB");
    assertThatThrownBy(() -> PageService.Config.from(Flags.parse(new String[] {"--memory-cap",
        "100k"}, Set.of()))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("option --memory-cap must be at least 1.0 MiB");
    assertThatThrownBy(() -> PageService.Config.from(Flags.parse(new String[] {"--page", "1"},
        Set.of()))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("unknown option --page");
  }

  private HttpResponse<byte[]> get(String path) {
    return http.send(HttpRequest.newBuilder(service.uri().resolve(TestHttp.withPath("page",
        path))).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> put(String path, byte[] body) {
    return http.send(HttpRequest.newBuilder(service.uri().resolve(TestHttp.withPath("page",
        path))).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The classes {@code /stats} lists, by name. */
  private Map<String, JsonObject> classStats() {
    Map<String, JsonObject> m = new HashMap<>();
    JsonArray classes = http.json("stats").getAsJsonArray("classes");
    for (JsonElement e : classes) {
      m.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
    }
    return m;
  }

  static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String error(HttpResponse<?> r) {
    Object body = r.body();
    String text = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
        : (String) body;
    assertThat(r.statusCode()).as(text).isBetween(400, 599);
    return JsonParser.parseString(text).getAsJsonObject().get("error").getAsString();
  }
}
