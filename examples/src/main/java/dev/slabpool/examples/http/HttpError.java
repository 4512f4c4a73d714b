package dev.slabpool.examples.http;

/**
 * A request the service refuses, with the HTTP status and a message that names the bad value.
 * {@link JsonHttpServer} answers it as {@code {"error": message}}.
 */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** A refusal with a 4xx or 5xx status. */
  public HttpError(int status, String message) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
  }

  /** 400: the request is malformed (a missing or repeated parameter, a bad value). */
  public static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** 403: the request asks for something outside what the service serves. */
  public static HttpError forbidden(String message) {
    return new HttpError(403, message);
  }

  /** 404: no such thing. */
  public static HttpError notFound(String message) {
    return new HttpError(404, message);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
