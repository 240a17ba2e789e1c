package org.osbuildj.core.fetch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.source.RemoteFile;
import org.osbuildj.core.source.Sources;
import org.osbuildj.core.store.ChecksumMismatchException;
import org.osbuildj.core.store.SourceStore;

/**
 * Brings every file of a manifest's sources into the store: a file already there (verified) is
 * taken as it is, so a second build needs no network; another is fetched and enters the store only
 * when its content has its checksum. {@code http} and {@code https} URLs are fetched with the JDK's
 * HTTP client, following redirects (except from https to http), {@code file} URLs read from this
 * host. One file at a time, in checksum order; the first failure stops, leaving in the store what
 * was fetched correctly before it.
 *
 * <pre>{@code
 * new SourceFetcher(store.sourceStore().orElseThrow(), event -> log.info("{}", event))
 *     .fetch(manifest.sources());
 * }</pre>
 */
public final class SourceFetcher {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final int ATTEMPTS = 3;

  private final SourceStore store;
  private final Consumer<BuildEvent> events;
  private final HttpClient client;
  private final Duration retryDelay;

  /**
   * @param store where files are kept
   * @param events receives a {@link BuildEvent.SourceFetched} for each file
   */
  public SourceFetcher(SourceStore store, Consumer<BuildEvent> events) {
    this(store, events, Duration.ofSeconds(1));
  }

  /** {@code retryDelay}: the pause before the second attempt (doubled before the third). */
  SourceFetcher(SourceStore store, Consumer<BuildEvent> events, Duration retryDelay) {
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.retryDelay = retryDelay;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /**
   * Makes every file of {@code sources} available in the store.
   *
   * @throws SourceFetchException naming the first file that could not be fetched, its URL and why
   * @throws InterruptedException when the calling thread is interrupted
   */
  public void fetch(Sources sources) throws InterruptedException {
    for (Sources.TypedFile typed : sources.files()) {
      fetch(typed.type(), typed.file());
    }
  }

  private void fetch(String type, RemoteFile file) throws InterruptedException {
    String checksum = file.checksum().toString();
    String url = file.url().toString();
    Instant start = Instant.now();
    try {
      if (store.has(file.checksum().sha256())) {
        events.accept(
            new BuildEvent.SourceFetched(
                Instant.now(), type, checksum, url, 0, Duration.ZERO, true));
        return;
      }
    } catch (IOException e) {
      throw new SourceFetchException(checksum, url, "the store cannot be read: " + e, e);
    }
    long bytes = download(file);
    events.accept(
        new BuildEvent.SourceFetched(
            Instant.now(),
            type,
            checksum,
            url,
            bytes,
            Duration.between(start, Instant.now()),
            false));
  }

  /** Fetches one file into the store; returns its size. */
  private long download(RemoteFile file) throws InterruptedException {
    String scheme = file.url().getScheme().toLowerCase(Locale.ROOT);
    for (int attempt = 1; ; attempt++) {
      try {
        return scheme.equals("file") ? copy(file) : get(file);
      } catch (Retryable e) {
        if (attempt == ATTEMPTS) {
          throw e.failure;
        }
        Thread.sleep(retryDelay.toMillis() << (attempt - 1));
      }
    }
  }

  private long copy(RemoteFile file) {
    // The path alone: file://localhost/... names this host too.
    Path path = Path.of(file.url().getPath());
    try {
      path = path.toRealPath();
    } catch (IOException e) {
      throw failure(file, "no such file " + path, e);
    }
    if (!readableByEveryUser(path)) {
      // The build runs as root, but a manifest is untrusted: it may copy into the store only what
      // any user of this host could read (never /etc/shadow, a device or a fifo).
      throw failure(
          file,
          path
              + " is not a regular file that every user of this host may read; a manifest's file"
              + " sources are limited to those",
          null);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return store(file, in);
    } catch (NoSuchFileException e) {
      throw failure(file, "no such file " + path, e);
    } catch (IOException e) {
      throw failure(file, "cannot read " + path + ": " + e, e);
    }
  }

  /** A regular file with read permission for others, in directories others may search. */
  private static boolean readableByEveryUser(Path real) {
    try {
      if (!Files.isRegularFile(real)
          || !Files.getPosixFilePermissions(real).contains(PosixFilePermission.OTHERS_READ)) {
        return false;
      }
      for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
        if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private long get(RemoteFile file) throws InterruptedException, Retryable {
    HttpRequest request =
        HttpRequest.newBuilder(file.url()).header("User-Agent", "osbuild-java").GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new Retryable(failure(file, describe(e), e));
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status != 200) {
        SourceFetchException failure =
            failure(file, "HTTP status " + status + redirected(file, response.uri()), null);
        if (status >= 500 || status == 429) {
          throw new Retryable(failure);
        }
        throw failure;
      }
      return store(file, body);
    } catch (IOException e) {
      throw new Retryable(failure(file, describe(e) + redirected(file, response.uri()), e));
    }
  }

  /** Stores what {@code in} holds, verified; returns its size. */
  private long store(RemoteFile file, InputStream in) throws IOException {
    long[] bytes = {0};
    try {
      store.add(
          file.checksum().sha256(),
          out -> {
            try (OutputStream counting = new Counting(out, bytes)) {
              in.transferTo(counting);
            }
          });
    } catch (ChecksumMismatchException e) {
      throw failure(
          file,
          "its content has checksum sha256:"
              + e.actual()
              + ", expected "
              + file.checksum()
              + "; it was not stored",
          e);
    }
    return bytes[0];
  }

  private static String redirected(RemoteFile file, URI finalUri) {
    return finalUri == null || finalUri.equals(file.url())
        ? ""
        : " (redirected to " + finalUri + ")";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static SourceFetchException failure(RemoteFile file, String problem, Throwable cause) {
    return new SourceFetchException(
        file.checksum().toString(), file.url().toString(), problem, cause);
  }

  /** A failure that may pass when tried again: a lost connection, a busy server. */
  private static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;
    final transient SourceFetchException failure;

    Retryable(SourceFetchException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  /** Counts the bytes written through it; closing it leaves {@code out} open. */
  private static final class Counting extends FilterOutputStream {
    private final long[] count;

    Counting(OutputStream out, long[] count) {
      super(out);
      this.count = count;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count[0]++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count[0] += len;
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
