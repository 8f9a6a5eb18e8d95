package io.ingestops.sync;

import io.ingestops.ingest.Chunking;
import io.ingestops.ingest.DocumentBatch;
import io.ingestops.ingest.DocumentDraft;
import io.ingestops.ingest.DocumentStore;
import io.ingestops.ingest.DocumentText;
import io.ingestops.ingest.Inputs;
import io.ingestops.ingest.TextExtraction;
import io.ingestops.ingest.extract.Extractor;
import io.ingestops.ingest.extract.Extractors;
import io.ingestops.ingest.extract.UnreadableFileException;
import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code sync}: brings a collection in line with a source folder, in stages {@code initializing},
 * {@code detecting_changes}, {@code processing_files}, {@code updating_index}, {@code finalizing}.
 * Items are the files to add or update. A file whose size and modification time match what was
 * stored is not read again. Documents are written in groups of one transaction each, so a cancel
 * leaves every file's document either fully old or fully new.
 */
@ApplicationScoped
public class SyncHandler implements OperationHandler {

    static final int GROUP_FILES = 50;
    static final int DELETE_BATCH = 100;

    private final SyncRoot root;
    private final DocumentStore documents;
    private final Extractors extractors;
    private final TextExtraction extraction;
    private final Chunking chunking;
    private final Inputs inputs;

    public SyncHandler(
            SyncRoot root,
            DocumentStore documents,
            Extractors extractors,
            TextExtraction extraction,
            Chunking chunking,
            Inputs inputs) {
        this.root = root;
        this.documents = documents;
        this.extractors = extractors;
        this.extraction = extraction;
        this.chunking = chunking;
        this.inputs = inputs;
    }

    @Override
    public OperationType type() {
        return OperationType.SYNC;
    }

    @Override
    public Object run(JobContext context) throws IOException {
        SyncInput input = inputs.read(context, SyncInput.class);
        SyncTally tally = new SyncTally();
        context.progress(SyncStage.INITIALIZING.wire(), 0, 0, null);
        String source;
        Path folder;
        try {
            // the folder's own path under the root, whatever symlinks or spelling the request used
            source = root.canonical(input.source());
            folder = root.resolve(source);
        } catch (InvalidSourceException gone) {
            throw new io.ingestops.worker.JobFailedException("source_unavailable", "source " + gone.getMessage());
        }

        context.progress(SyncStage.DETECTING_CHANGES.wire(), 0, 0, null);
        FolderScan.Result scan =
                FolderScan.scan(folder, path -> extractors.forFile(path, null).isPresent(), context::checkpoint);
        scan.problems().forEach(p -> tally.failed(sourceId(source, p.relativePath()), p.reason()));
        Map<String, DocumentStore.SyncedDocument> stored =
                documents.synced(context.tenantId(), input.collection(), source);
        List<FolderScan.ScannedFile> toProcess = new ArrayList<>();
        Map<UUID, DocumentDraft.SourceFile> touched = new HashMap<>();
        for (FolderScan.ScannedFile file : scan.files()) {
            context.checkpoint();
            DocumentStore.SyncedDocument known = stored.get(sourceId(source, file.relativePath()));
            if (known == null) {
                toProcess.add(file);
            } else if (Long.valueOf(file.size()).equals(known.size())
                    && file.modified().equals(known.modified())) {
                tally.alreadyStored(known, context.operationId());
            } else {
                String hash = hashOrNull(file, tally, source);
                if (hash == null) {
                    continue;
                }
                if (hash.equals(known.contentHash())) {
                    tally.alreadyStored(known, context.operationId());
                    touched.put(known.id(), new DocumentDraft.SourceFile(source, file.size(), file.modified()));
                } else {
                    toProcess.add(file);
                }
            }
        }
        documents.touch(context, touched);
        Set<String> present = scan.files().stream()
                .map(f -> sourceId(source, f.relativePath()))
                .collect(Collectors.toSet());
        List<UUID> gone = stored.values().stream()
                .filter(doc -> !present.contains(doc.sourceId()))
                .map(DocumentStore.SyncedDocument::id)
                .toList();

        context.setTotalItems(toProcess.size());
        process(context, source, toProcess, input, tally);

        context.progress(SyncStage.UPDATING_INDEX.wire(), toProcess.size(), tally.processingFailures(), null);
        for (int i = 0; i < gone.size(); i += DELETE_BATCH) {
            context.checkpoint();
            tally.removed(documents.delete(context, gone.subList(i, Math.min(gone.size(), i + DELETE_BATCH))));
            context.reportResult(tally.result());
        }

        context.progress(SyncStage.FINALIZING.wire(), toProcess.size(), tally.processingFailures(), null);
        return tally.result();
    }

    private void process(
            JobContext context, String source, List<FolderScan.ScannedFile> files, SyncInput input, SyncTally tally)
            throws IOException {
        try (DocumentBatch batch = new DocumentBatch(documents, context, GROUP_FILES, tally::written, tally::result)) {
            for (int i = 0; i < files.size(); i++) {
                FolderScan.ScannedFile file = files.get(i);
                String sourceId = sourceId(source, file.relativePath());
                context.progress(SyncStage.PROCESSING_FILES.wire(), i, tally.processingFailures(), file.relativePath());
                context.pause(chunking.itemDelay());
                DocumentDraft draft = draft(context, file, sourceId, source, tally);
                if (draft != null) {
                    batch.add(draft);
                } else {
                    batch.flushIfDue();
                }
            }
            batch.flush();
        }
        context.progress(SyncStage.PROCESSING_FILES.wire(), files.size(), tally.processingFailures(), null);
    }

    private DocumentDraft draft(
            JobContext context, FolderScan.ScannedFile file, String sourceId, String source, SyncTally tally)
            throws IOException {
        Extractor extractor = extractors.forFile(file.relativePath(), null).orElseThrow();
        try {
            String hash = sha256(file.path());
            DocumentText text = extraction.extract(extractor, file.path(), context);
            return new DocumentDraft(
                    sourceId, hash, null, text, new DocumentDraft.SourceFile(source, file.size(), file.modified()));
        } catch (UnreadableFileException unreadable) {
            tally.failedProcessing(sourceId, unreadable);
        } catch (IOException e) {
            tally.failedProcessing(sourceId, new UnreadableFileException("cannot be read"));
        }
        return null;
    }

    private static String hashOrNull(FolderScan.ScannedFile file, SyncTally tally, String source) {
        try {
            return sha256(file.path());
        } catch (IOException e) {
            tally.failed(sourceId(source, file.relativePath()), "cannot be read");
            return null;
        }
    }

    static String sourceId(String source, String relativePath) {
        return ".".equals(source) ? relativePath : source + "/" + relativePath;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
