package io.ingestops.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;

/** Real folders under the %test profile's sync root ({@code target/sync-root}). */
public final class SourceFolders {

    public static final Path ROOT = Path.of("target/sync-root").toAbsolutePath();

    private final Path folder;
    private final String name;

    private SourceFolders(String name) {
        this.name = name;
        this.folder = ROOT.resolve(name);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty folder with a unique name under the sync root. */
    public static SourceFolders create() {
        return new SourceFolders("src-" + UUID.randomUUID());
    }

    /** The folder's name relative to the sync root: the {@code source} of a sync request. */
    public String source() {
        return name;
    }

    public Path path(String relative) {
        return folder.resolve(relative);
    }

    public SourceFolders write(String relative, String content) {
        return write(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public SourceFolders write(String relative, byte[] content) {
        try {
            Path file = folder.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SourceFolders delete(String relative) {
        try {
            Files.delete(folder.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SourceFolders deleteIfExists(String relative) {
        try {
            Files.deleteIfExists(folder.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SourceFolders move(String from, String to) {
        try {
            Files.move(folder.resolve(from), folder.resolve(to));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SourceFolders mkdir(String relative) {
        try {
            Files.createDirectories(folder.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SourceFolders symlink(String relative, Path target) {
        try {
            Files.createSymbolicLink(folder.resolve(relative), target);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A symbolic link directly under the sync root, named {@code name}, to {@code target}. */
    public static void linkAtRoot(String name, Path target) {
        try {
            Files.createSymbolicLink(ROOT.resolve(name), target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a file's modification time without changing its content. */
    public SourceFolders touch(String relative, Instant modified) {
        try {
            Files.setLastModifiedTime(folder.resolve(relative), FileTime.from(modified));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
