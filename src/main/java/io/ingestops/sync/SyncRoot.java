package io.ingestops.sync;

import io.ingestops.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The only folder tree a sync may read ({@code ingest.sync.root}). A source is a folder relative to
 * it; anything that is absolute, climbs with {@code ..}, contains NUL, is over-long, or resolves
 * (through symlinks) outside the root is refused before anything is read.
 */
@ApplicationScoped
public class SyncRoot {

    static final int MAX_PATH = 1024;
    static final int MAX_SEGMENT = 255;

    private final IngestConfig config;

    public SyncRoot(IngestConfig config) {
        this.config = config;
    }

    /** The source's normalized relative form ({@code a/b}); the name documents are recorded under. */
    public String normalize(String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidSourceException("must name a folder under the sync root");
        }
        if (source.indexOf('\u0000') >= 0) {
            throw new InvalidSourceException("must not contain NUL characters");
        }
        if (source.length() > MAX_PATH) {
            throw new InvalidSourceException("is longer than " + MAX_PATH + " characters");
        }
        if (source.startsWith("/") || source.startsWith("\\") || source.matches("^[A-Za-z]:.*")) {
            throw new InvalidSourceException("must be relative to the sync root, not absolute");
        }
        StringBuilder normalized = new StringBuilder();
        for (String segment : source.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new InvalidSourceException("must not contain '..'");
            }
            if (segment.length() > MAX_SEGMENT) {
                throw new InvalidSourceException("has a name longer than " + MAX_SEGMENT + " characters");
            }
            if (!normalized.isEmpty()) {
                normalized.append('/');
            }
            normalized.append(segment);
        }
        return normalized.isEmpty() ? "." : normalized.toString();
    }

    /**
     * The name a sync of {@code source} recorded its documents under: {@link #canonical} while the
     * folder exists, else its normalized spelling (a removed folder's documents can still be named).
     */
    public String recordedName(String source) {
        String normalized = normalize(source);
        try {
            return canonical(source);
        } catch (InvalidSourceException gone) {
            return normalized;
        }
    }

    /** The source's folder, checked to exist and to lie inside the root once every symlink is followed. */
    public Path resolve(String source) {
        String relative = normalize(source);
        try {
            Path root = root().toRealPath();
            Path folder = root.resolve(relative).normalize();
            if (!folder.startsWith(root)) {
                throw new InvalidSourceException("resolves outside the sync root");
            }
            if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(folder)) {
                throw new InvalidSourceException("does not exist under the sync root");
            }
            Path real = folder.toRealPath();
            if (!real.startsWith(root)) {
                throw new InvalidSourceException("resolves outside the sync root");
            }
            if (!Files.isDirectory(real)) {
                throw new InvalidSourceException("is not a folder");
            }
            return real;
        } catch (InvalidPathException e) {
            throw new InvalidSourceException("is not a valid path");
        } catch (IOException e) {
            throw new InvalidSourceException("does not exist under the sync root");
        }
    }

    /**
     * The source as its folder's own path under the root ({@code a/b}, or {@code "."} for the root),
     * every symlink followed: two spellings of one folder are one source, and the documents of a
     * sync are named after it.
     */
    public String canonical(String source) {
        Path folder = resolve(source);
        try {
            String relative = root().toRealPath().relativize(folder).toString().replace('\\', '/');
            return relative.isEmpty() ? "." : relative;
        } catch (IOException e) {
            throw new InvalidSourceException("does not exist under the sync root");
        }
    }

    Path root() {
        return Path.of(config.sync().root()).toAbsolutePath();
    }
}
