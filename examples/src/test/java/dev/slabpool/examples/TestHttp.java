package dev.slabpool.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real HTTP client on loopback for the tests, reading JSON with Gson (not the services' code). */
public final class TestHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final URI base;

  public TestHttp(URI base) {
    this.base = base;
  }

  /** The address of {@code pathAndQuery}, relative to the service's base address. */
  public URI resolve(String pathAndQuery) {
    return base.resolve(pathAndQuery);
  }

  /** A GET of {@code pathAndQuery} (relative to the service's base address). */
  public HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A POST of {@code body}, answered as bytes. */
  public HttpResponse<byte[]> post(String path, byte[] body) {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Any request. */
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A GET answered with 200 and a JSON object. */
  public JsonObject json(String pathAndQuery) {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + r.statusCode() + ": "
          + r.body());
    }
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  /** {@code endpoint?path=<key, encoded>}. */
  public static String withPath(String endpoint, String key) {
    return endpoint + "?path=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }
}
