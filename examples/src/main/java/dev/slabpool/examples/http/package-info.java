/**
 * The HTTP side of the example services: {@link JsonHttpServer}, the JDK's {@code HttpServer} bound
 * to loopback with exact-path routes and errors answered as JSON; {@link Query} for checked query
 * parameters, {@link HttpError} for a refused request, and {@link StatsJson} for the answers
 * (written with Gson). Example code, not API.
 */
package dev.slabpool.examples.http;
