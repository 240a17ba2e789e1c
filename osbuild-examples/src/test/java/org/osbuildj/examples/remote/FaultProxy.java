package org.osbuildj.examples.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A plain-HTTP proxy on 127.0.0.1 in front of a real registry (over TLS): it forwards every request
 * and its answer, except those a rule picks, which get a fault instead. Upload locations the
 * registry gives are made relative, so that clients come back through the proxy.
 */
final class FaultProxy implements AutoCloseable {
  enum Fault {
    /** Forwarded as it is. */
    NONE,
    /** HTTP 500 with a registry-style error body; the registry is not asked. */
    SERVER_ERROR,
    /** HTTP 403 {@code DENIED}, as a registry whose policy forbids the request answers. */
    FORBIDDEN,
    /**
     * The registry's answer with its full length announced, cut off half-way (connection closed).
     */
    CUT,
    /** The registry's answer's first half, announced as the whole (a short, complete response). */
    SHORT
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "date",
          "from",
          "via",
          "warning");

  private final HttpServer server;
  private final HttpClient upstream;
  private final String registry;
  private final List<String> faulted = Collections.synchronizedList(new ArrayList<>());
  private volatile BiFunction<String, String, Fault> rule = (method, path) -> Fault.NONE;

  /** In front of {@code https://127.0.0.1:port}, trusting the CA of {@code caCertificate}. */
  FaultProxy(int registryPort, Path caCertificate) throws Exception {
    registry = "https://127.0.0.1:" + registryPort;
    upstream = HttpClient.newBuilder().sslContext(trusting(caCertificate)).build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    server.createContext("/", this::forward);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String address(String repository) {
    return "oci://127.0.0.1:" + port() + "/" + repository;
  }

  /** Which fault (method, path) gets; {@link Fault#NONE} for the rest. Forgets the faults made. */
  void rule(BiFunction<String, String, Fault> rule) {
    this.rule = rule;
    faulted.clear();
  }

  /** The requests that got a fault: {@code "FAULT METHOD PATH"}. */
  List<String> faulted() {
    synchronized (faulted) {
      return List.copyOf(faulted);
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Fault fault = rule.apply(method, path);
    if (fault != Fault.NONE) faulted.add(fault + " " + method + " " + path);
    try {
      if (fault == Fault.SERVER_ERROR || fault == Fault.FORBIDDEN) {
        byte[] body =
            (fault == Fault.SERVER_ERROR
                    ? "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected server error\"}]}\n"
                    : "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the"
                        + " resource is denied\"}]}\n")
                .getBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(fault == Fault.SERVER_ERROR ? 500 : 403, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
        return;
      }
      byte[] requestBody;
      try (InputStream in = exchange.getRequestBody()) {
        requestBody = in.readAllBytes();
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(registry + exchange.getRequestURI()))
              .method(
                  method,
                  requestBody.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
        if (HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
        for (String v : h.getValue()) request.header(h.getKey(), v);
      }
      HttpResponse<byte[]> response =
          upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":")) {
                  return;
                }
                for (String v : values) {
                  exchange
                      .getResponseHeaders()
                      .add(
                          name,
                          name.equalsIgnoreCase("Location") && v.startsWith(registry)
                              ? v.substring(registry.length())
                              : v);
                }
              });
      byte[] body = response.body();
      if (method.equals("HEAD") || body.length == 0) {
        exchange.sendResponseHeaders(response.statusCode(), -1);
        exchange.close();
      } else if (fault == Fault.CUT) {
        exchange.sendResponseHeaders(response.statusCode(), body.length);
        exchange.getResponseBody().write(body, 0, body.length / 2);
        exchange.getResponseBody().flush();
        // An exception out of the handler makes the server drop the connection mid-answer.
        throw new IOException("cut by the fault proxy");
      } else {
        int length = fault == Fault.SHORT ? body.length / 2 : body.length;
        exchange.sendResponseHeaders(response.statusCode(), length);
        exchange.getResponseBody().write(body, 0, length);
        exchange.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static SSLContext trusting(Path caCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
      trust.setCertificateEntry("ca", ca);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
