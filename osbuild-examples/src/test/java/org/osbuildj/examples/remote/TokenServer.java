package org.osbuildj.examples.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osbuildj.core.json.Json;
import org.osbuildj.examples.registry.LocalRegistry;

/**
 * A token server as docker-registry's {@code auth: token:} expects one (the Docker token protocol):
 * {@code GET /token?service=S&scope=repository:NAME:pull,push} with basic credentials answers
 * {@code {"token": JWT}}, a JWT signed ES256 with the registry's token key, its certificate in the
 * {@code x5c} header (the registry checks it against its {@code rootcertbundle}), issuer and
 * audience the registry's, and in the {@code access} claim the asked actions this user may have.
 * Wrong or missing credentials get 401. Plain HTTP on 127.0.0.1.
 */
final class TokenServer implements AutoCloseable {
  /**
   * A user's password and the actions the user may have on every repository; {@code refuse}: a
   * request for more is answered 403 (as some token services do) instead of a token granting less.
   */
  record Account(String password, Set<String> actions, boolean refuse) {
    Account(String password, Set<String> actions) {
      this(password, actions, false);
    }
  }

  /** One answered token request: the user and the actions granted per scope. */
  record Issued(String user, List<String> scopes, List<String> granted) {}

  private final HttpServer server;
  private final Map<String, Account> accounts;
  private final List<Issued> issued = Collections.synchronizedList(new ArrayList<>());
  private volatile PrivateKey key;
  private volatile String certificate;

  TokenServer(Map<String, Account> accounts) throws IOException {
    this.accounts = Map.copyOf(accounts);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/token", this::token);
    server.start();
  }

  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** Signs with the registry's token key (made when the registry starts, after this server). */
  void signWith(LocalRegistry registry) throws Exception {
    String pem = Files.readString(registry.tokenKey());
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    try (InputStream in = Files.newInputStream(registry.tokenCertificate())) {
      X509Certificate cert =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      certificate = Base64.getEncoder().encodeToString(cert.getEncoded());
    }
  }

  List<Issued> issued() {
    synchronized (issued) {
      return List.copyOf(issued);
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String user = authenticated(exchange.getRequestHeaders().getFirst("Authorization"));
      if (user == null || key == null) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"tokens\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      List<String> scopes = new ArrayList<>();
      String service = null;
      String query = exchange.getRequestURI().getRawQuery();
      for (String pair : query == null ? new String[0] : query.split("&")) {
        String[] kv = pair.split("=", 2);
        String value = kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
        if (kv[0].equals("scope")) scopes.add(value);
        if (kv[0].equals("service")) service = value;
      }
      if (!LocalRegistry.TOKEN_SERVICE.equals(service)) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      ArrayNode access = Json.mapper().createArrayNode();
      List<String> granted = new ArrayList<>();
      for (String scope : scopes) {
        // repository:NAME:ACTIONS (the name has no colon here: no registry host in it)
        String[] parts = scope.split(":");
        if (parts.length != 3 || !parts[0].equals("repository")) continue;
        Set<String> actions = new LinkedHashSet<>(List.of(parts[2].split(",")));
        Account account = accounts.get(user);
        if (account.refuse() && !account.actions().containsAll(actions)) {
          issued.add(new Issued(user, List.of(scope), List.of()));
          exchange.sendResponseHeaders(403, -1);
          return;
        }
        actions.retainAll(account.actions());
        ObjectNode entry = access.addObject();
        entry.put("type", "repository").put("name", parts[1]);
        actions.forEach(entry.putArray("actions")::add);
        granted.add(parts[1] + ":" + String.join(",", actions));
      }
      issued.add(new Issued(user, List.copyOf(scopes), List.copyOf(granted)));
      String jwt = jwt(user, access);
      byte[] body =
          Json.mapper()
              .writeValueAsBytes(Map.of("token", jwt, "access_token", jwt, "expires_in", 300));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (Exception e) {
      exchange.sendResponseHeaders(500, -1);
    }
  }

  private String authenticated(String header) {
    if (header == null || !header.startsWith("Basic ")) return null;
    String[] pair =
        new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8)
            .split(":", 2);
    Account account = accounts.get(pair[0]);
    return account != null && pair.length == 2 && account.password().equals(pair[1])
        ? pair[0]
        : null;
  }

  private String jwt(String user, ArrayNode access) throws Exception {
    ObjectNode header = Json.mapper().createObjectNode();
    header.put("typ", "JWT").put("alg", "ES256").putArray("x5c").add(certificate);
    long now = System.currentTimeMillis() / 1000;
    ObjectNode claims = Json.mapper().createObjectNode();
    claims
        .put("iss", LocalRegistry.TOKEN_ISSUER)
        .put("sub", user)
        .put("aud", LocalRegistry.TOKEN_SERVICE)
        .put("exp", now + 300)
        .put("nbf", now - 10)
        .put("iat", now)
        .put("jti", UUID.randomUUID().toString())
        .set("access", access);
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signed =
        url.encodeToString(Json.mapper().writeValueAsBytes(header))
            + "."
            + url.encodeToString(Json.mapper().writeValueAsBytes(claims));
    // JWS wants ECDSA signatures as r || s, not DER.
    Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
    ecdsa.initSign(key);
    ecdsa.update(signed.getBytes(StandardCharsets.US_ASCII));
    return signed + "." + url.encodeToString(ecdsa.sign());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
