package dev.vigil.api;

import dev.vigil.detection.multivariate.Aligner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Where multivariate data may come from, and reading it. There is no Azure Blob Storage: a {@code dataSource} is
 * an http(s) URL that starts with one of the configured prefixes (nothing else is ever requested, redirects are
 * not followed), or a {@code file:} path inside the configured data directory (no way out of it, symbolic links
 * included). The content is one CSV (one table), a zip of per-variable CSVs, or, for {@code file:}, a directory of
 * per-variable CSVs. Thread-safe.
 */
final class DataSources {

    /** A checked location. */
    sealed interface Location permits Remote, Local {
    }

    record Remote(URI uri) implements Location {
    }

    record Local(Path path) implements Location {
    }

    static final String INVALID_URL = "InvalidBlobURL";
    /** What a server may resolve out of an allowed prefix after decoding: encoded dots and separators, "..;". */
    private static final Pattern ESCAPES = Pattern.compile("%2[eEfF]|%5[cC]|\\\\|/\\.\\.;");
    /**
     * The signatures a zip opens with: an entry's local header, the end record of an archive with no entries (an
     * empty zip is only that, 22 bytes), or the marker of a split archive.
     */
    private static final byte[][] ZIP_MAGICS = {{'P', 'K', 3, 4}, {'P', 'K', 5, 6}, {'P', 'K', 7, 8}};

    private final List<String> allowed;
    private final Optional<Path> dataDir;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient http;

    DataSources(List<String> allowedPrefixes, Optional<Path> dataDir, long maxBytes, Duration timeout) {
        this.allowed = allowedPrefixes.stream().map(String::trim).filter(p -> !p.isEmpty())
                .map(DataSources::normalisedPrefix).toList();
        this.dataDir = dataDir.map(d -> d.toAbsolutePath().normalize());
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /**
     * Checks a {@code dataSource} before anything is stored: a 400 {@code InvalidBlobURL} for a location Vigil may
     * not read, a 400 {@code FileNotExist} for a {@code file:} path that does not exist.
     */
    Location check(String dataSource) {
        String text = dataSource.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            return local(text);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return remote(text);
        }
        throw AzureApiException.badRequest(INVALID_URL, "The data source '" + shown(text)
                + "' is not an http(s) URL or a file: path.");
    }

    private Remote remote(String text) {
        URI uri;
        try {
            uri = new URI(text).normalize();
        } catch (URISyntaxException e) {
            throw AzureApiException.badRequest(INVALID_URL, "The data source is not a valid URL: " + e.getReason() + ".");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawPath() == null
                || uri.getRawPath().contains("/../") || uri.getRawPath().endsWith("/..")) {
            throw AzureApiException.badRequest(INVALID_URL, "The data source '" + shown(text) + "' is not a plain URL.");
        }
        if (ESCAPES.matcher(uri.getRawPath()).find()) {
            // normalize() leaves %2e%2e and %2f alone, but a server that decodes before it resolves (most do) reads
            // /allowed/%2e%2e/secret as /secret: the prefix must hold for the path the server will read
            throw AzureApiException.badRequest(INVALID_URL, "The data source '" + shown(text) + "' encodes a dot,"
                    + " slash or backslash in its path (%2e, %2f, %5c) or has a '..;' segment; send the path plain.");
        }
        String normal = uri.toString();
        if (allowed.stream().noneMatch(p -> normal.startsWith(p))) {
            throw AzureApiException.badRequest(INVALID_URL, "The data source '" + shown(text) + "' is not under an"
                    + " allowed URL prefix (vigil.api.multivariate.allowed-urls); Vigil fetches nothing else.");
        }
        return new Remote(uri);
    }

    private Local local(String text) {
        if (dataDir.isEmpty()) {
            throw AzureApiException.badRequest(INVALID_URL, "file: data sources are off: no data directory is"
                    + " configured (vigil.api.multivariate.data-dir).");
        }
        String raw = text.substring("file:".length());
        while (raw.startsWith("//")) {
            raw = raw.substring(1); // file:///a/b and file://a are read as paths, never as a host
        }
        raw = java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path root = dataDir.get();
        Path p;
        try {
            p = raw.startsWith("/") ? Path.of(raw).normalize() : root.resolve(raw).normalize();
        } catch (InvalidPathException e) {
            // a NUL byte or another character no file name may hold: the file system's own message names neither
            throw AzureApiException.badRequest(INVALID_URL, "The data source '" + shown(text)
                    + "' is not a valid file path (it holds a character no file name may contain).");
        }
        if (!p.startsWith(root)) {
            throw AzureApiException.badRequest(INVALID_URL, "The data source '" + shown(text)
                    + "' lies outside the data directory.");
        }
        if (!Files.exists(p)) {
            throw AzureApiException.badRequest("FileNotExist", "File " + shown(text) + " does not exist.");
        }
        try {
            if (Files.isRegularFile(p) && Files.size(p) > maxBytes) {
                throw new AzureApiException(413, "InvalidFileSize", "File " + shown(text) + " is larger than "
                        + maxBytes + " bytes (vigil.api.multivariate.max-source-bytes).");
            }
            if (!p.toRealPath().startsWith(root.toRealPath())) {
                throw AzureApiException.badRequest(INVALID_URL, "The data source '" + shown(text)
                        + "' leads outside the data directory.");
            }
        } catch (IOException e) {
            throw AzureApiException.badRequest("FileNotExist", "File " + shown(text) + " cannot be opened.");
        }
        return new Local(p);
    }

    /** Reads the variables of a checked location. Data problems are {@link DataProblem}s with the service's code. */
    SourceData read(Location location) {
        if (location instanceof Local l) {
            if (Files.isDirectory(l.path())) {
                return directory(l.path());
            }
            return content(l.path().getFileName().toString(), bytes(l.path()));
        }
        Remote r = (Remote) location;
        return content(r.uri().getPath(), fetch(r.uri()));
    }

    private SourceData content(String name, byte[] bytes) {
        for (byte[] magic : ZIP_MAGICS) {
            if (bytes.length >= 4 && java.util.Arrays.equals(bytes, 0, 4, magic, 0, 4)) {
                return zip(name, bytes);
            }
        }
        return CsvTables.oneTable(name, new String(bytes, StandardCharsets.UTF_8));
    }

    private SourceData zip(String name, byte[] bytes) {
        Map<String, Aligner.Observations> vars = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                String entry = e.getName();
                if (e.isDirectory() || entry.startsWith("__MACOSX/") || !entry.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    continue;
                }
                byte[] content = limited(in, maxBytes - total, name);
                total += content.length;
                put(vars, entry, CsvTables.variableName(entry), new String(content, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new DataProblem("ReadingFileError", "The zip " + name + " could not be read: " + e.getMessage());
        }
        return variables(name, vars);
    }

    private SourceData directory(Path dir) {
        Map<String, Aligner.Observations> vars = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted().forEach(files::add);
        } catch (IOException e) {
            throw new DataProblem("ReadingFileError", "The folder could not be listed: " + e.getMessage());
        }
        long total = 0;
        for (Path f : files) {
            byte[] content = bytes(f);
            total += content.length;
            if (total > maxBytes) {
                throw tooLarge(dir.getFileName().toString());
            }
            String file = f.getFileName().toString();
            put(vars, file, CsvTables.variableName(file), new String(content, StandardCharsets.UTF_8));
        }
        return variables(dir.getFileName().toString(), vars);
    }

    private static void put(Map<String, Aligner.Observations> vars, String file, String variable, String text) {
        if (vars.containsKey(variable)) {
            throw new DataProblem("DuplicatedVariables", "Variable " + variable + " has more than one file.");
        }
        vars.put(variable, CsvTables.variable(file, variable, text));
    }

    private static SourceData variables(String name, Map<String, Aligner.Observations> vars) {
        if (vars.isEmpty()) {
            throw new DataProblem("NoVariablesFound", "No variable files (*.csv) were found in " + name + ".");
        }
        return new SourceData(vars);
    }

    private byte[] bytes(Path p) {
        try {
            if (Files.size(p) > maxBytes) {
                throw tooLarge(p.getFileName().toString());
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new DataProblem("ReadingFileError", "File " + p.getFileName() + " could not be read.");
        }
    }

    /**
     * The source's bytes, the whole download within the timeout: the request's own timeout ends at the response's
     * headers, and a source that sent them and then stalled held its job RUNNING for ever (its lease renewed all
     * along) and, with a few such sources, every job behind them. At the deadline the body is closed under the read.
     */
    private byte[] fetch(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicBoolean cut = new AtomicBoolean();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long left = Math.max(0, deadline - System.nanoTime());
            CompletableFuture<Void> cutter = CompletableFuture.runAsync(() -> {
                cut.set(true);
                close(response.body());
            }, CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS));
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status == 404 || status == 410) {
                    throw new DataProblem("FileNotExist", "File " + shown(uri.toString()) + " does not exist.");
                }
                if (status == 401 || status == 403) {
                    throw new DataProblem("StorageReadError", "Reading " + shown(uri.toString())
                            + " was refused (HTTP " + status + ").");
                }
                if (status / 100 != 2) {
                    throw new DataProblem("ReadingFileError", "Reading " + shown(uri.toString())
                            + " answered HTTP " + status + " (redirects are not followed).");
                }
                return limited(body, maxBytes, uri.getPath());
            } finally {
                cutter.cancel(false);
            }
        } catch (IOException e) {
            if (cut.get()) {
                throw new DataProblem("ReadingFileError", "Reading " + shown(uri.toString()) + " did not finish within"
                        + " vigil.api.multivariate.fetch-timeout (" + timeout.toSeconds() + " s).");
            }
            throw new DataProblem("ReadingFileError", "Reading " + shown(uri.toString()) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataProblem("ReadingFileError", "Reading " + shown(uri.toString()) + " was interrupted.");
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the read it interrupts reports the cut
        }
    }

    private static byte[] limited(InputStream in, long limit, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw tooLarge(name);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static DataProblem tooLarge(String name) {
        return new DataProblem("FileSizeTooLarge", "The data source " + name
                + " is larger than vigil.api.multivariate.max-source-bytes.");
    }

    /** A URL as shown in messages: without its query string, which may hold a signature. */
    static String shown(String source) {
        int q = source.indexOf('?');
        String s = q >= 0 ? source.substring(0, q) : source;
        // user info is a credential too (refused as a source, but not to be echoed in the refusal)
        s = s.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** A prefix without a path gets one, so that {@code https://host} cannot match {@code https://host.evil}. */
    private static String normalisedPrefix(String prefix) {
        try {
            URI u = new URI(prefix).normalize();
            String s = u.toString();
            return (u.getRawPath() == null || u.getRawPath().isEmpty()) ? s + "/" : s;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("vigil.api.multivariate.allowed-urls: not a URL: " + prefix, e);
        }
    }
}
