package io.ingestops.sync;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Walks a source folder without following symbolic links and lists the files a sync may ingest, by
 * path relative to the folder, with size and modification time (no file is opened).
 */
final class FolderScan {

    /** A file found under the source folder. */
    record ScannedFile(String relativePath, Path path, long size, Instant modified) {}

    /** Something under the folder that could not be listed or is not followed. */
    record Problem(String relativePath, String reason) {}

    record Result(List<ScannedFile> files, List<Problem> problems) {}

    private FolderScan() {}

    static Result scan(Path folder, Predicate<String> supported, Runnable checkpoint) throws IOException {
        List<ScannedFile> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String relative = relative(folder, file);
                if (files.size() % 256 == 0) {
                    checkpoint.run();
                }
                if (attributes.isSymbolicLink()) {
                    problems.add(new Problem(relative, "symbolic links are not followed"));
                } else if (attributes.isRegularFile() && supported.test(relative)) {
                    // PostgreSQL keeps microseconds: compare at that precision, or every file looks modified
                    Instant modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS);
                    files.add(new ScannedFile(relative, file, attributes.size(), modified));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(new Problem(relative(folder, file), "cannot be read"));
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(java.util.Comparator.comparing(ScannedFile::relativePath));
        return new Result(files, problems);
    }

    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }
}
