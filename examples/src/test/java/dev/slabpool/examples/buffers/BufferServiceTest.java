package dev.slabpool.examples.buffers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slabpool.examples.Await;
import dev.slabpool.examples.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The buffer-pool service in this JVM: echo and checksum, limits, the memory report. */
class BufferServiceTest {
  private static final int BUFFER = 4096;
  private static final int PER_SLAB = 4;

  private BufferService service;
  private TestHttp http;

  private void start(long memoryCap, long maxBody) throws IOException {
    service = BufferService.start(new BufferService.Config(0, BUFFER, PER_SLAB, memoryCap,
        maxBody, 4, true, "buffers-test"));
    http = new TestHttp(service.uri());
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, BUFFER - 1, BUFFER, BUFFER + 1, 5 * BUFFER + 17, 100_000})
  void echoAnswersTheBodyWithItsChecksumAndFreesTheBuffers(int length) throws IOException {
    start(1 << 20, 1 << 20);
    byte[] body = random(length, length);

    HttpResponse<byte[]> r = http.post("echo", body);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.headers().firstValue("X-CRC32C")).hasValue(crc32c(body));
    // One buffer per started BUFFER bytes, and one that sees the end of a body that fills its
    // last buffer exactly.
    assertThat(r.headers().firstValue("X-Buffers")).hasValue(
        Integer.toString(length / BUFFER + 1));
    // The handler frees its buffers once the last byte is written: the client may be faster.
    awaitNothingBorrowed();
    assertThat(service.pool().stats().totalSlabs()).isPositive();
  }

  @Test
  void aBodyOverTheLimitGets413AndLeavesNothingBorrowed() throws IOException {
    start(1 << 20, 3 * BUFFER);

    HttpResponse<byte[]> r = http.post("echo", random(3 * BUFFER + 1, 1));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(error(r)).isEqualTo("request body over the limit of 12.0 KiB");
    awaitNothingBorrowed();
    assertThat(http.post("echo", random(3 * BUFFER, 2)).statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestNeedingMoreThanTheCapGets503AndLeavesNothingBorrowed() throws IOException {
    start(BUFFER * PER_SLAB, 1 << 20); // one slab: 4 buffers

    HttpResponse<byte[]> r = http.post("echo", random(5 * BUFFER, 3));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(error(r)).startsWith("cache 'buffers-test' is at its memory cap of 1 slabs");
    awaitNothingBorrowed();
    byte[] fits = random(3 * BUFFER, 4);
    assertThat(http.post("echo", fits).body()).isEqualTo(fits);
  }

  @Test
  void memoryReportShowsSlabsGivenBackByReclaim() throws IOException {
    start(1 << 20, 1 << 20);
    http.post("echo", random(10 * BUFFER, 5));
    JsonObject before = http.json("memory");
    assertThat(before.get("slabs").getAsLong()).isEqualTo(service.pool().stats().totalSlabs())
        .isPositive();
    assertThat(before.get("slabBytes").getAsLong())
        .isEqualTo(before.get("slabs").getAsLong() * BUFFER * PER_SLAB);
    assertThat(before.get("buffersInUse").getAsLong()).isZero();
    assertThat(before.get("payloadMemory").getAsString()).isEqualTo(
        ProcessMemory.payloadAccounting());
    assertThat(before.getAsJsonObject("directPool").has("usedBytes")).isTrue();

    service.pool().reclaim(Long.MAX_VALUE);

    JsonObject after = http.json("memory");
    assertThat(after.get("slabs").getAsLong()).isZero();
    assertThat(after.get("slabBytes").getAsLong()).isZero();
    assertThat(http.json("stats").get("slabsReclaimed").getAsLong())
        .isEqualTo(before.get("slabs").getAsLong());
  }

  @Test
  void echoTakesOnlyPost() throws IOException {
    start(1 << 20, 1 << 20);
    HttpResponse<String> r = http.get("echo");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(http.post("echo?fast=1", new byte[1]).statusCode()).isEqualTo(400);
  }

  private void awaitNothingBorrowed() {
    Await.until("buffers borrowed", () -> service.pool().stats().activeObjects(), 0L);
  }

  static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String crc32c(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    return String.format("%08x", crc.getValue());
  }

  private static String error(HttpResponse<byte[]> r) {
    return JsonParser.parseString(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
        .getAsJsonObject().get("error").getAsString();
  }
}
